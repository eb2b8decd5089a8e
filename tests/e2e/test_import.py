"""Data > Import in Chromium: an HSDS package zip, its preview and problem report, the import."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.e2e.conftest import open_app, open_tab, screenshot, wait_ready


def _zip(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(folder.iterdir()):
            if path.suffix in (".csv", ".json"):
                zf.write(path, f"{folder.name}/{path.name}")
    return buf.getvalue()


def _open_import_tab(page, url: str) -> None:  # type: ignore[no-untyped-def]
    open_app(page, f"{url}/data")
    open_tab(page, "Import")
    page.get_by_text("Bring in a directory from another system").wait_for()


def test_an_hsds_zip_is_previewed_then_imported(app_server, page, realdata: Path) -> None:  # type: ignore[no-untyped-def]
    _open_import_tab(page, app_server.url)
    package = _zip(realdata / "hsds_spec_examples" / "v3.0_examples_csv")
    page.locator('.st-key-import_upload_0 input[type="file"]').set_input_files(
        files=[{"name": "hsds-3.0-example.zip", "mimeType": "application/zip", "buffer": package}]
    )
    page.get_by_text("Check before importing").wait_for()
    wait_ready(page)
    body = page.inner_text("body")
    assert "Read as HSDS 3.0.0" in body
    # The attribute with a dangling link is the one error; latitude 100, 'ABC 1234' ... warn.
    assert "1 error(s), each keeping a row out, and 22 warning(s)" in body
    screenshot(page, "import-hsds-preview")
    page.get_by_role("button", name="Import into the workspace").click()
    page.get_by_text("Imported as version").wait_for()
    wait_ready(page)
    assert "Imported as version" in page.inner_text("body")
    # The Import tab stays open, with an empty uploader for the next file.
    assert page.get_by_role("tab", name="Import").get_attribute("aria-selected") == "true"
    assert page.locator(".st-key-import_upload_1").count() == 1
    assert "data_tab=Import" in page.url
    open_tab(page, "Problem report")
    page.get_by_text("Showing").first.wait_for()
    screenshot(page, "import-hsds-problem-report")


def test_the_terms_of_a_directory_can_be_mapped(app_server, page, realdata: Path) -> None:  # type: ignore[no-untyped-def]
    _open_import_tab(page, app_server.url)
    folder = realdata / "ohana_api_sample_csv"
    page.locator('.st-key-import_upload_0 input[type="file"]').set_input_files(
        files=[
            {"name": p.name, "mimeType": "text/csv", "buffer": p.read_bytes()}
            for p in sorted(folder.glob("*.csv"))
        ]
    )
    page.get_by_text("Taxonomy terms.").wait_for()
    wait_ready(page)
    body = page.inner_text("body")
    assert "HSDS 1.x (Ohana API)" in body and "Saved term mappings" not in body
    assert page.locator(".st-key-import_terms").count() == 1
    screenshot(page, "import-hsds-terms")
