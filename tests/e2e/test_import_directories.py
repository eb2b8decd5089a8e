"""Data > Import in Chromium: iCarol, WellSky and VisionLink exports as they come, and any
other directory read with a recipe (uploaded as a shared file, then downloaded again)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import open_app, open_tab, screenshot, wait_ready

DATA = Path(__file__).resolve().parents[1] / "data" / "directories"


def _open_import_tab(page, url: str) -> None:  # type: ignore[no-untyped-def]
    open_app(page, f"{url}/data")
    open_tab(page, "Import")
    page.get_by_text("Bring in a directory from another system").wait_for()


def _files(name: str) -> list[dict[str, object]]:
    path = DATA / name
    paths = [path] if path.is_file() else sorted(path.iterdir())
    return [{"name": p.name, "mimeType": "text/csv", "buffer": p.read_bytes()} for p in paths]


def _import(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_text("Replace: the import becomes the whole workspace").click()
    wait_ready(page)
    page.get_by_role("button", name="Import into the workspace").click()
    page.get_by_text("Imported as version").wait_for()
    wait_ready(page)


@pytest.mark.parametrize(
    ("name", "label", "summary", "partners"),
    [
        (
            "icarol_resources.csv",
            "iCarol resource export",
            "3 error(s), each keeping a row out",
            "3 partners, 5 services",
        ),
        (
            "wellsky",
            "WellSky Community Services export",
            "7 error(s), each keeping a row out",
            "3 partners, 4 services",
        ),
        (
            "visionlink",
            "VisionLink export",
            "4 error(s), each keeping a row out",
            "3 partners, 5 services",
        ),
    ],
)
def test_a_211_export_comes_in_as_it_is(  # type: ignore[no-untyped-def]
    app_server, page, name: str, label: str, summary: str, partners: str
) -> None:
    _open_import_tab(page, app_server.url)
    page.locator('.st-key-import_upload_0 input[type="file"]').set_input_files(files=_files(name))
    page.get_by_text("Check before importing").wait_for()
    wait_ready(page)
    screenshot(page, f"import-{Path(name).stem}-preview")
    chosen = page.locator(".st-key-import_format")
    assert label in chosen.inner_text() or label in chosen.locator("input").input_value()
    # Each export becomes the whole workspace (the counts are then the file's own, whatever
    # an earlier test imported); the previous preview may still show while this one is read.
    page.get_by_text("Replace: the import becomes the whole workspace").click()
    wait_ready(page)
    page.get_by_text(summary).first.wait_for()
    _import(page)
    assert partners in page.inner_text("body")


def test_any_directory_with_a_shared_recipe(app_server, page) -> None:  # type: ignore[no-untyped-def]
    _open_import_tab(page, app_server.url)
    page.locator('.st-key-import_upload_0 input[type="file"]').set_input_files(
        files=_files("county_resource_list.csv")
    )
    page.get_by_text("Which column is which?").wait_for()
    wait_ready(page)
    screenshot(page, "import-recipe-step")
    recipe = {
        "format": "resource-map column recipe",
        "version": 1,
        "name": "Dayton county list",
        "headers": [],
        "fields": {
            "name": {"columns": ["Program"]},
            "parent": {"columns": ["Provider"], "strip": "*"},
            "address": {"columns": ["Street", "Unit"], "join": ", "},
            "city": {"columns": ["City/State"], "split": ",", "part": 1},
            "state": {"columns": ["City/State"], "split": ",", "part": -1},
            "zip": {"columns": ["Zip"]},
            "taxonomy": {"columns": ["Service types"], "split": ";"},
        },
    }
    page.locator('.st-key-import_recipe_upload input[type="file"]').set_input_files(
        files=[
            {
                "name": "dayton.recipe.json",
                "mimeType": "application/json",
                "buffer": json.dumps(recipe).encode(),
            }
        ]
    )
    # Six rows: six services of three organizations, one not yet categorised (a warning).
    page.get_by_text("warning(s) saying what was changed or not kept").first.wait_for()
    wait_ready(page)
    screenshot(page, "import-recipe-preview")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the recipe (.json)").click()
    saved = json.loads(Path(download.value.path()).read_text())
    assert saved["name"] == "Dayton county list"
    assert saved["fields"]["taxonomy"]["split"] == ";"
    _import(page)
    assert "3 partners, 6 services" in page.inner_text("body")
