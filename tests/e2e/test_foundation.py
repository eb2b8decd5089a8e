"""Open Home and Data in Chromium, upload a CSV, read the problem report."""

from __future__ import annotations

from tests import sample_facts as F
from tests.e2e.conftest import open_app, screenshot, wait_ready

BAD_PARTNERS = (
    b"partner_id,name,sector,zip\n"
    b"P1,Legal Aid,Legal aid,15222\n"
    b"P2,Nameless,,15213\n"
    b"P3,Typo,Legall ad,ABC 1234\n"
)


def test_home_shows_the_sample_community(app_server, page) -> None:  # type: ignore[no-untyped-def]
    open_app(page, app_server.url)
    assert page.get_by_role("heading", name="Community resource map").is_visible()
    body = page.inner_text("body")
    assert "sample community" in body
    assert f"{F.PARTNERS} partners from {F.SECTORS} sectors" in body
    page.locator(".js-plotly-plot").nth(1).wait_for()  # Plotly draws after the page
    assert page.locator(".js-plotly-plot").count() == 2
    screenshot(page, "home")


def test_data_page_upload_shows_the_problem_report(app_server, page) -> None:  # type: ignore[no-untyped-def]
    open_app(page, f"{app_server.url}/data")
    assert page.get_by_role("heading", name="Data").is_visible()
    page.locator('.st-key-data_upload input[type="file"]').set_input_files(
        files=[{"name": "partners.csv", "mimeType": "text/csv", "buffer": BAD_PARTNERS}]
    )
    page.get_by_text("Check before loading").wait_for()
    wait_ready(page)
    body = page.inner_text("body")
    assert "2 error(s)" in body
    screenshot(page, "data-upload-preview")
    page.get_by_role("button", name="Load into the workspace").click()
    page.get_by_text("Saved as version").wait_for()
    wait_ready(page)
    assert "1 of 3 rows loaded, 2 kept out" in page.inner_text("body")
    page.get_by_role("tab", name="Problem report").click()
    page.get_by_text("Showing 3 of 3 problems").wait_for()
    screenshot(page, "data-problem-report")


def test_a_first_deep_link_runs_through_app_py(tmp_path, page) -> None:  # type: ignore[no-untyped-def]
    """Legacy pages/ mode must not bypass app.py (page config, sidebar, navigation)."""
    from tests.e2e.conftest import start_app, stop_app

    server = start_app(tmp_path)  # a fresh process: nobody has opened "/" yet
    try:
        open_app(page, f"{server.url}/data")
        nav = page.get_by_test_id("stSidebarNav").inner_text()
        assert "Home" in nav and "Data" in nav
        assert "app" not in nav.split()  # not the legacy pages/ menu (app, data, home)
        assert page.get_by_role("heading", name="Data").is_visible()
        assert "Workspace" in page.get_by_test_id("stSidebar").inner_text()
        assert page.url.endswith("/data")
    finally:
        stop_app(server)
