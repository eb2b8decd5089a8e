"""Data > Import: recognise the upload, preview with the problem report, then import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from mapping import import_hsds
from mapping.data import schema as s
from mapping.data.exports import workspace_zip
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.interop.crosswalk import TERM_MAP_SETTING
from mapping.interop.kumu import kumu_workbook
from tests import sample_facts as F
from tests.app.conftest import frame_with, texts

OHANA = "ohana_api_sample_csv"
ILAO_RAW = "hsds_transformer_legal_aid/ilao_illinois_raw"


def upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    at.file_uploader(key="import_upload_0").set_value([(n, b, "text/csv") for n, b in files]).run()
    assert not at.exception, at.exception
    return at


def folder_files(path: Path) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(path.glob("*.csv"))]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_an_hsds_folder_is_recognised_previewed_and_imported(
    open_page: Callable[[str], AppTest], realdata: Path, db_path: Path
) -> None:
    at = upload(open_page("pages/data.py"), folder_files(realdata / OHANA))
    assert at.selectbox(key="import_format").value == "hsds"
    page = texts(at)
    assert "Read as **HSDS 1.x (Ohana API)**" in page
    # 44 of 102 terms map to nothing; 6 of them belong to the 4 services not yet categorised.
    assert "102 term(s); 44 map to no dashboard category, and **6** of those" in page
    # Into the fictional sample, Replace is the default (issue 13): the 8 organizations.
    assert at.radio(key="import_mode").value == "replace"
    assert metrics(at)["Partners"] == "8"
    counts = frame_with(at, "file", "read", "loaded", "rejected").set_index("file")
    assert counts.loc["services.csv"].tolist() == [23, 23, 0]  # 4 not yet categorised
    summary = frame_with(at, "severity", "what", "problems")
    assert "service not yet categorised" in set(summary["what"])

    at.radio(key="import_mode").set_value("replace").run()
    at.selectbox(key="import_default_category").set_value("Care").run()
    assert metrics(at) == {"Partners": "8", "Services": "23", "Relationship rows": "0"}
    at.button(key="import_commit").click().run()
    assert not at.exception, at.exception
    assert any("Imported as version 2" in m.value for m in at.success)
    assert [u.key for u in at.file_uploader if u.key.startswith("import")] == ["import_upload_1"]
    assert not at.metric  # a fresh, empty uploader: no preview left over
    store = WorkspaceStore(db_path)
    ws = store.load()
    assert (len(ws.partners), len(ws.services)) == (8, 23)
    assert ws.counts["services.csv"] == {"read": 23, "loaded": 23, "rejected": 0}
    assert store.versions()[0].action == "import hsds (replace)"
    assert store.get_setting(TERM_MAP_SETTING, {}) == {}  # nothing was mapped by hand


def test_a_term_mapped_in_the_table_is_used_and_remembered(
    open_page: Callable[[str], AppTest], realdata: Path, db_path: Path
) -> None:
    at = upload(open_page("pages/data.py"), folder_files(realdata / ILAO_RAW))
    (editor,) = [e for e in at.data_editor if e.key == "import_terms"]
    terms = list(editor.value["term"])
    row = terms.index("Lawyer referral service")
    before = int(metrics(at)["Services"])
    at.session_state["import_terms"] = {
        "edited_rows": {row: {"category": "Legal"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    # The 10 services that use the term load either way; now they have a category.
    assert int(metrics(at)["Services"]) == before
    at.button(key="import_commit").click().run()
    store = WorkspaceStore(db_path)
    assert store.get_setting(TERM_MAP_SETTING) == {"lawyer referral service": "Legal"}
    services = store.load().services
    assert (services[s.CATEGORY] == s.UNCATEGORISED).sum() == 12 - 10
    # The next import of the same files finds the term mapped, and says so.
    at = upload(open_page("pages/data.py"), folder_files(realdata / ILAO_RAW))
    (editor,) = [e for e in at.data_editor if e.key == "import_terms"]
    table = editor.value.set_index("term")
    assert (
        table.loc["Lawyer referral service", "category"],
        table.loc["Lawyer referral service", "how"],
    ) == (
        "Legal",
        "your mapping",
    )
    assert "Saved term mappings (1)" in [e.label for e in at.expander]


def test_kumu_sheets_replace_the_relationships(
    open_page: Callable[[str], AppTest], sample_ws: Workspace, db_path: Path
) -> None:
    fewer = Workspace(
        partners=sample_ws.partners,
        services=sample_ws.services,
        relationships=sample_ws.relationships.head(10),
    )
    at = upload(open_page("pages/data.py"), [("network.xlsx", kumu_workbook(fewer))])
    assert at.selectbox(key="import_format").value == "kumu"
    at.radio(key="import_mode").set_value("replace").run()
    assert metrics(at) == {
        "Partners": f"{F.PARTNERS}",
        "Services": f"{F.SERVICES}",
        "Relationship rows": "10",
    }
    counts = frame_with(at, "file", "read", "loaded", "rejected").set_index("file")
    assert counts.loc["network.xlsx [Connections]"].tolist() == [10, 10, 0]
    at.button(key="import_commit").click().run()
    assert len(WorkspaceStore(db_path).load().relationships) == 10


def test_a_wrong_format_choice_is_explained(
    open_page: Callable[[str], AppTest], sample_ws: Workspace
) -> None:
    at = upload(open_page("pages/data.py"), [("resource-map.zip", workspace_zip(sample_ws))])
    assert at.selectbox(key="import_format").value == "dashboard"
    at.selectbox(key="import_format").set_value("hsds").run()
    assert not at.exception
    assert any("no organizations table" in e.value for e in at.error)
    assert any("The files look like" in c.value for c in at.caption)


def test_export_buttons_for_other_tools(open_page: Callable[[str], AppTest]) -> None:
    at = open_page("pages/data.py")
    labels = {b.key: b.label for b in at.download_button}
    assert labels["data_export_hsds"] == "Open Referral HSDS package (zip)"
    assert labels["data_export_kumu"] == "Kumu network workbook (.xlsx)"
    assert "For other tools" in texts(at)


def test_rows_kept_out_of_an_hsds_import_are_listed_read_only(
    open_page: Callable[[str], AppTest], realdata: Path, db_path: Path
) -> None:
    # Services of organizations that are not in the package are kept out.
    ws = import_hsds(realdata / "hsds_transformer_legal_aid" / "ilao_illinois_hsds_output")
    WorkspaceStore(db_path).save(ws, action="import hsds (replace)", note=ws.source)
    at = open_page("pages/data.py")
    assert "services.csv: 341 row(s)" in texts(at)
    assert any("Correct these rows in the imported files" in c.value for c in at.caption)
    assert "data_rejected_retry_services.csv" not in {b.key for b in at.button}
    kept_out = frame_with(at, "row", "program_id", "reason")  # the HSDS services columns
    assert list(kept_out["row"])[:5] == [1, 4, 6, 7, 8]


def test_presenting_hides_the_rows_kept_out(
    open_page: Callable[[str], AppTest], realdata: Path, db_path: Path
) -> None:
    ws = import_hsds(realdata / "hsds_transformer_legal_aid" / "ilao_illinois_hsds_output")
    WorkspaceStore(db_path).save(ws, action="import hsds (replace)", note=ws.source)
    at = open_page("pages/data.py")
    assert "number" in frame_with(at, "row", "service_id", "reason").columns  # phones.csv
    at.query_params["present"] = "1"
    at.run()
    # While presenting nobody edits, so the raw rows kept out are not shown at all: only
    # how many there are.
    assert not [d for d in at.dataframe if {"row", "reason"} <= set(d.value.columns)]
    assert any("row(s) were kept out" in c.value for c in at.caption)


def test_an_import_that_replaces_the_sample_asks_what_to_keep(
    open_page: Callable[[str], AppTest], db_path: Path
) -> None:
    from mapping.meeting.kickoff import Meetings
    from mapping.meeting.saved_work import undo
    from tests.unit.helpers import csv, load

    store = WorkspaceStore(db_path)
    Meetings(store).create("Pittsburgh kickoff", "2026-03-10", ["Legal Aid", "Job Center"])
    denver = load(csv("partner_id,name,sector,zip", "D1,Mile High Legal Aid,Legal aid,80202"))
    at = upload(open_page("pages/data.py"), [("denver.zip", workspace_zip(denver))])
    assert at.radio(key="import_mode").value == "replace"  # into the sample: Replace
    keep = at.multiselect(key="data_import_replace_keep")
    assert keep.options == ["Kickoff meetings and their notes (1)"]
    at.button(key="import_commit").click().run()
    assert not at.exception
    assert list(store.load().partners["partner_id"]) == ["D1"]
    assert Meetings(store).meetings() == []  # archived with the sample
    undo(store)
    assert [m.title for m in Meetings(store).meetings()] == ["Pittsburgh kickoff"]
