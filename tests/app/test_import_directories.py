"""Data > Import for flat 211 exports and the column-mapping step (recipes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from mapping.data.store import WorkspaceStore
from mapping.interop.crosswalk import TERM_MAP_SETTING
from mapping.interop.directories.recipes import SETTING
from tests.app.conftest import frame_with, texts

DATA = Path(__file__).resolve().parents[1] / "data" / "directories"


def upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    at.file_uploader(key="import_upload_0").set_value([(n, b, "text/csv") for n, b in files]).run()
    assert not at.exception, at.exception
    return at


def test_an_icarol_export_is_recognised_and_imported(
    open_page: Callable[[str], AppTest], db_path: Path
) -> None:
    path = DATA / "icarol_resources.csv"
    at = upload(open_page("pages/data.py"), [(path.name, path.read_bytes())])
    assert at.selectbox(key="import_format").value == "icarol"
    counts = frame_with(at, "file", "read", "loaded", "rejected").set_index("file")
    assert counts.loc["icarol_resources.csv"].tolist() == [14, 11, 3]
    summary = frame_with(at, "severity", "what", "problems")
    assert {"inactive or deleted record", "hidden from the public website"} <= set(summary["what"])
    at.checkbox(key="import_include_hidden").check().run()
    counts = frame_with(at, "file", "read", "loaded", "rejected").set_index("file")
    assert counts.loc["icarol_resources.csv"].tolist() == [14, 12, 2]
    at.radio(key="import_mode").set_value("replace").run()
    at.button(key="import_commit").click().run()
    assert not at.exception, at.exception
    ws = WorkspaceStore(db_path).load()
    assert sorted(ws.partners["partner_id"]) == ["1001", "2001", "4001", "5001"]
    assert WorkspaceStore(db_path).versions()[0].action == "import icarol (replace)"


def test_another_directory_is_mapped_saved_and_offered_again(
    open_page: Callable[[str], AppTest], db_path: Path
) -> None:
    path = DATA / "county_resource_list.csv"
    at = upload(open_page("pages/data.py"), [(path.name, path.read_bytes())])
    assert at.selectbox(key="import_format").value == "recipe"
    assert "Which column is which?" in texts(at)
    # The first guess from the headers: Program is the name; the rest is chosen here.
    assert at.multiselect(key="import_recipe_field_1_name").value == ["Program"]
    at.multiselect(key="import_recipe_field_1_parent").set_value(["Provider"]).run()
    at.multiselect(key="import_recipe_field_1_address").set_value(["Street", "Unit"]).run()
    at.multiselect(key="import_recipe_field_1_zip").set_value(["Zip"]).run()
    at.multiselect(key="import_recipe_field_1_taxonomy").set_value(["Service types"]).run()
    assert not at.exception, at.exception
    counts = frame_with(at, "file", "read", "loaded", "rejected").set_index("file")
    # One cell lists two terms, not split yet: its service has no category.
    assert counts.loc[path.name].tolist()[0] == 6
    at.text_input(key="import_recipe_name_1").set_value("Dayton county list").run()
    at.button(key="import_recipe_save").click().run()
    assert not at.exception, at.exception
    saved = WorkspaceStore(db_path).get_setting(SETTING, {})
    assert list(saved) == ["Dayton county list"]
    assert saved["Dayton county list"]["fields"]["parent"]["columns"] == ["Provider"]
    at.radio(key="import_mode").set_value("replace").run()
    at.selectbox(key="import_default_category").set_value("Care").run()
    at.button(key="import_commit").click().run()
    assert not at.exception, at.exception
    ws = WorkspaceStore(db_path).load()
    assert len(ws.partners) == 3 and len(ws.services) == 6

    # The next upload with the same headers starts from the saved recipe.
    at.file_uploader(key="import_upload_1").set_value(
        [(path.name, path.read_bytes(), "text/csv")]
    ).run()
    assert at.selectbox(key="import_format").value == "recipe"
    assert at.selectbox(key="import_recipe_choice").value == "Dayton county list"
    fields = [m for m in at.multiselect if m.key.endswith("_parent")]
    assert [m.value for m in fields] == [["Provider"]]


def test_a_term_of_an_export_mapped_in_the_table_is_used_and_remembered(
    open_page: Callable[[str], AppTest], db_path: Path
) -> None:
    path = DATA / "icarol_resources.csv"
    at = upload(open_page("pages/data.py"), [(path.name, path.read_bytes())])
    (editor,) = [e for e in at.data_editor if e.key == "import_directory_terms"]
    terms = list(editor.value["term"])
    assert terms[0] == "Unlisted Term"  # the one that leaves a service without a category
    at.session_state["import_directory_terms"] = {
        "edited_rows": {0: {"category": "Care"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    counts = frame_with(at, "file", "read", "loaded", "rejected").set_index("file")
    assert counts.loc["icarol_resources.csv"].tolist() == [14, 11, 3]
    at.button(key="import_commit").click().run()
    assert not at.exception, at.exception
    store = WorkspaceStore(db_path)
    assert store.get_setting(TERM_MAP_SETTING, {}) == {"unlisted term": "Care"}
    assert store.load().services.set_index("service_id").loc["5003", "category"] == "Care"


def test_a_stakeholder_gets_no_recipe_step_that_parses_files(db_path: Path) -> None:
    """Stakeholders get no server-side parsing they do not need (issue 12): no uploader, so
    no recipe step either; the facilitator maps directories."""
    from tests.app.meeting import facilitator_passcode_only, make_app, widget_keys

    member = make_app("pages/data.py", secrets=facilitator_passcode_only())
    keys = widget_keys(member)
    assert not {"import_upload_0", "import_recipe_save", "import_commit"} & keys
    assert WorkspaceStore(db_path).get_setting(SETTING, {}) == {}
