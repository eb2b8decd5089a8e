"""Open Home and Data in Chromium, upload a CSV, read the problem report."""

from __future__ import annotations

from pathlib import Path

from tests import sample_facts as F
from tests.e2e.conftest import after_rerun, open_app, open_tab, screenshot, wait_ready

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
    open_tab(page, "Problem report")
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


# ---------------------------------------------------------------- issue 13: a real partnership
DENVER_PARTNERS = (
    b"partner_id,name,sector,city,state,zip\n"
    b"D1,Mile High Legal Aid,Legal aid,Denver,CO,80202\n"
    b"D2,Front Range Job Center,Workforce development,Denver,CO,80203\n"
    b"D3,Colfax Health Clinic,Health,Denver,CO,80204\n"
    b"D7,Platte Safe House,,Denver,CO,80211\n"
)
DENVER_SERVICES = (
    b"service_id,partner_id,category,name\n"
    b"S1,D1,Legal,Walk-in legal clinic\n"
    b"S2,D2,Job training,Job readiness\n"
    b"S3,D3,Medical care,Primary care\n"
    b"S13,D7,Shelter,Emergency shelter\n"
)
DENVER_RELATIONSHIPS = (
    b"source_id,target_id,level\nD1,D2,cooperation\nD2,D1,coordination\nD7,D1,coordination\n"
)


def _seed_sample_with_saved_work(tmp) -> None:  # type: ignore[no-untyped-def]
    """The sample community, with an agreement draft, a kickoff meeting and a vote of its own."""
    from mapping.data.sample import SAMPLE_NOTE, load_sample
    from mapping.data.store import WorkspaceStore
    from mapping.meeting.kickoff import Meetings
    from mapping.meeting.polls import Polls
    from mapping.partnership import agreement

    store = WorkspaceStore(tmp / "workspace.sqlite3")
    sample = load_sample()
    store.save(sample, action="sample", note=SAMPLE_NOTE)
    draft = agreement.draft_agreement(sample, partnership="Allegheny Partnership")
    store.set_setting(agreement.SETTING_KEY, draft.to_json())
    meetings = Meetings(store)
    meetings.create("Pittsburgh kickoff", "2026-03-10", ["Legal Aid", "Job Center"])
    polls = Polls(store)
    pid = polls.create("Meet monthly in Pittsburgh")
    polls.vote(pid, "b" * 32, 2)
    polls.close(pid, "adopted", "")


def _fix_cell(page, editor: str, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into the first row's cell ``column`` (0 = first column) of a data editor."""
    key = editor.split(".", maxsplit=1)[0]
    grid = page.locator(f'[class*="st-key-{key}"] [data-testid="stDataFrame"]')
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 20, box["y"] + 35 + 17)  # the first row, first column
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # opens the cell's editor
    cell = page.locator("textarea.gdg-input")
    cell.wait_for()
    cell.fill(text)
    after_rerun(page, lambda: cell.press("Enter"))  # the edit reaches the server


def test_replace_the_sample_fix_a_partner_in_place_and_every_page_follows(  # type: ignore[no-untyped-def]
    tmp_path, page
) -> None:
    from mapping.data import schema as s
    from mapping.data.store import WorkspaceStore
    from mapping.meeting.polls import Polls
    from mapping.partnership import agreement
    from tests.e2e.conftest import start_app, stop_app
    from tests.e2e.test_map import COUNT_JS, offline, open_map

    _seed_sample_with_saved_work(tmp_path)
    server = start_app(tmp_path)
    store = WorkspaceStore(server.db)
    try:
        open_app(page, f"{server.url}/data")
        page.locator('.st-key-data_upload input[type="file"]').set_input_files(
            files=[
                {"name": "partners.csv", "mimeType": "text/csv", "buffer": DENVER_PARTNERS},
                {"name": "services.csv", "mimeType": "text/csv", "buffer": DENVER_SERVICES},
                {
                    "name": "relationships.csv",
                    "mimeType": "text/csv",
                    "buffer": DENVER_RELATIONSHIPS,
                },
            ]
        )
        page.get_by_text("Check before loading").wait_for()
        wait_ready(page)
        body = page.inner_text("body")
        assert "merging would mix your partners with fictional ones" in body  # said first
        assert "Will be archived:" in body and "Agreement draft (1)" in body
        screenshot(page, "replace-the-sample")
        page.get_by_role("button", name="Load into the workspace").click()
        page.get_by_text("Saved as version 2").wait_for()
        wait_ready(page)
        ws = store.load()
        assert list(ws.partners[s.PARTNER_ID]) == ["D1", "D2", "D3"]
        assert ws.counts[s.SERVICES] == {"read": 4, "loaded": 3, "rejected": 1}

        # fix D7's sector in the Problem report; its service and relationship come back
        open_tab(page, "Problem report")
        page.get_by_text("Rows kept out.").wait_for()
        _fix_cell(page, "data_rejected_editor_partners.csv", 3, "Housing")
        wait_ready(page)
        page.get_by_role("button", name="Check and load the fixed rows of partners.csv").click()
        page.get_by_text("Saved as version 3").wait_for()
        wait_ready(page)
        ws = store.load()
        assert list(ws.partners[s.PARTNER_ID]) == ["D1", "D2", "D3", "D7"]
        assert list(ws.services[s.SERVICE_ID]) == ["S1", "S2", "S3", "S13"]
        assert len(ws.relationships) == 3 and ws.errors == []
        for c in ws.counts.values():
            assert c["read"] == c["loaded"] and c["rejected"] == 0
        open_tab(page, "Problem report")
        page.get_by_text("No problems").wait_for()

        # Home and the sidebar: the new partnership, relationships counted as pairs
        open_app(page, server.url)
        body = page.inner_text("body")
        assert "Your community" in body and "Sample community" not in body
        assert "sample community" not in body.lower().replace("load the sample community", "")
        sidebar = page.get_by_test_id("stSidebar").inner_text()
        assert "4 partners · 4 services · 2 relationships (partner pairs; 3 rows)" in sidebar
        metrics = page.get_by_test_id("stMetric").all_inner_texts()
        assert any("Relationships (partner pairs)" in m and "\n2" in m for m in metrics)
        screenshot(page, "replaced-home")

        # the map: the four partners and two lines, nothing of the sample
        offline(page)
        frame = open_map(page, server)
        # COUNT_JS counts markers by the first letter of their id: D1..D7 and S1..S13
        assert frame.evaluate(COUNT_JS) == {"D": 4, "S": 4, "lines": 2}
        assert "Platte Safe House" in frame.content()
        assert "Pittsburgh" not in frame.content()
        page.set_viewport_size({"width": 1280, "height": 900})

        # the agreement and the recommendation describe the new partnership only
        open_app(page, f"{server.url}/agreement")
        body = page.inner_text("body")
        assert "Pittsburgh" not in body and "Allegheny" not in body
        open_tab(page, "Preview and export")
        wait_ready(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="Download as Markdown (.md)").click()
        md = Path(info.value.path()).read_text(encoding="utf-8")
        assert "Denver" in md and "Platte Safe House" in md
        assert "Pittsburgh" not in md and "Allegheny" not in md
        open_app(page, f"{server.url}/recommend")
        body = page.inner_text("body")
        assert "The workspace lists 4 partner organizations." in body
        assert f"lists {F.PARTNERS} partner" not in body

        # the meeting report: no sample meeting, vote or place
        open_app(page, f"{server.url}/report")
        page.get_by_text("What the report holds").wait_for()
        with page.expect_download() as info:
            page.get_by_role("button", name="Download the meeting report (HTML)").click()
        html = Path(info.value.path()).read_text(encoding="utf-8")
        assert "Platte Safe House" in html and "Denver" in html
        assert "Pittsburgh" not in html and "Allegheny" not in html
        assert "4 partners, 4 services and 2 relationships between pairs of partners" in html

        # History: undo twice brings back the sample and everything archived with it
        open_app(page, f"{server.url}/data?data_tab=History")
        page.get_by_text("Archived saved work.").wait_for()
        page.get_by_role("button", name="Undo the last change").click()
        page.get_by_text("Back to version 2.").wait_for()
        wait_ready(page)
        page.get_by_role("button", name="Undo the last change").click()
        page.get_by_text("Back to version 1.").wait_for()
        wait_ready(page)
        assert "Its saved work is back" in page.inner_text("body")
        assert len(store.load().partners) == F.PARTNERS
        assert store.get_setting(agreement.SETTING_KEY)["partnership"] == "Allegheny Partnership"
        assert [p.title for p in Polls(store).proposals()] == ["Meet monthly in Pittsburgh"]
        screenshot(page, "replace-undone")
    finally:
        stop_app(server)
