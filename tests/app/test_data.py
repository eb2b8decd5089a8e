"""Data page, driven by widget keys: upload, problem report, fixes, form, history."""

from __future__ import annotations

from mapping.data import schema as s
from mapping.data.store import WorkspaceStore
from tests import sample_facts as F
from tests.app.conftest import frame_with, texts
from tests.unit.helpers import csv, load

BAD = csv(
    "partner_id,name,sector,zip",
    "P1,Legal Aid,Legal aid,15222",
    "P2,Nameless,,15213",
    "P3,Typo,Legall ad,ABC 1234",
)


def _upload(at, *files):  # type: ignore[no-untyped-def]
    at.file_uploader(key="data_upload").set_value(list(files)).run()
    assert not at.exception, at.exception
    return at


def test_upload_previews_then_loads_and_reports(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    at = _upload(open_page("pages/data.py"), ("partners.csv", BAD, "text/csv"))
    counts = frame_with(at, "file", "read", "loaded", "rejected")
    assert counts.to_dict("records") == [
        {"file": s.PARTNERS, "read": 3, "loaded": 1, "rejected": 2}
    ]
    preview = frame_with(at, "severity", "message")
    assert preview[["row", "column", "severity"]].values.tolist() == [
        [2, s.SECTOR, "error"],
        [3, s.SECTOR, "error"],
        [3, s.ZIP, "warning"],
    ]
    assert (
        WorkspaceStore(db_path).load().partners[s.PARTNER_ID].nunique() == F.PARTNERS
    )  # unchanged
    at.radio(key="data_upload_mode").set_value("replace").run()
    at.button(key="data_upload_commit").click().run()
    assert "partners.csv: 1 of 3 rows loaded, 2 kept out" in texts(at)
    ws = WorkspaceStore(db_path).load()
    assert list(ws.partners[s.PARTNER_ID]) == ["P1"] and ws.services.empty
    assert ws.counts[s.PARTNERS] == {"read": 3, "loaded": 1, "rejected": 2}


def test_files_replace_the_sample_by_default(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    at = _upload(
        open_page("pages/data.py"),
        ("new.csv", csv("partner_id,name,sector", "P99,New Partner,Health"), "text/csv"),
    )
    assert at.radio(key="data_upload_mode").value == "replace"
    assert "merging would mix your partners with fictional ones" in texts(at)
    at.button(key="data_upload_commit").click().run()
    ws = WorkspaceStore(db_path).load()
    assert list(ws.partners[s.PARTNER_ID]) == ["P99"]
    assert "Your community" in texts(at.sidebar) and "Sample community" not in texts(at.sidebar)


def test_merging_into_the_sample_is_never_labelled_the_sample(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    at = _upload(
        open_page("pages/data.py"),
        ("new.csv", csv("partner_id,name,sector", "P99,New Partner,Health"), "text/csv"),
    )
    at.radio(key="data_upload_mode").set_value("merge").run()
    at.button(key="data_upload_commit").click().run()
    ws = WorkspaceStore(db_path).load()
    assert len(ws.partners) == F.PARTNERS + 1 and ws.partners[s.PARTNER_ID].iloc[-1] == "P99"
    assert f"with {F.PARTNERS} fictional sample partners" in texts(at.sidebar)
    assert "Sample community (fictional)" not in texts(at.sidebar)
    assert f"{F.PARTNERS} of the {F.PARTNERS + 1} partners are **fictional organizations" in texts(
        at
    )
    assert "You are looking at the sample community" not in texts(at)


def test_merge_stays_the_default_for_a_real_workspace(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).save(load(BAD), action="upload", note="bad.csv")
    at = _upload(
        open_page("pages/data.py"),
        ("new.csv", csv("partner_id,name,sector", "P99,New Partner,Health"), "text/csv"),
    )
    assert at.radio(key="data_upload_mode").value == "merge"
    at.button(key="data_upload_commit").click().run()
    assert list(WorkspaceStore(db_path).load().partners[s.PARTNER_ID]) == ["P1", "P99"]


def test_table_roles_can_be_overridden_and_replace_needs_partners(open_page) -> None:  # type: ignore[no-untyped-def]
    at = _upload(
        open_page("pages/data.py"),
        ("export.csv", csv("id,category,partner_id", "S1,ESL,P01"), "text/csv"),
    )
    role = at.selectbox(key="data_upload_role_0")
    assert role.value == s.SERVICES
    at.radio(key="data_upload_mode").set_value("replace").run()
    assert "To replace the workspace, include a partners file" in texts(at)
    at.selectbox(key="data_upload_role_0").set_value("skip").run()
    assert [b for b in at.button if b.key == "data_upload_commit"] == []
    assert "Choose what each table holds to check it." in texts(at)


def test_directory_without_sector_gets_one_for_all_rows(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    directory = csv(
        "Name,Address,Zip Code",
        "Concourse Job Center,1365 Jerome Ave,10452",
        "Crotona Job Center,1910 Monterey Ave,10457",
    )
    at = _upload(open_page("pages/data.py"), ("job_centers.csv", directory, "text/csv"))
    assert frame_with(at, "file", "loaded")["loaded"].tolist() == [0]
    at.selectbox(key="data_upload_sector_default").set_value("Government").run()
    assert frame_with(at, "file", "loaded")["loaded"].tolist() == [2]
    at.button(key="data_upload_commit").click().run()
    ws = WorkspaceStore(db_path).load()
    assert set(ws.partners[s.PARTNER_ID]) >= {"concourse-job-center", "crotona-job-center"}


def test_a_file_that_is_not_a_table_shows_a_message(open_page) -> None:  # type: ignore[no-untyped-def]
    at = _upload(open_page("pages/data.py"), ("old.xls", b"\xd0\xcf\x11\xe0binary", "x"))
    assert any(".xls format" in e.value for e in at.error)


def test_problem_report_filters(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).save(load(BAD), action="upload", note="bad.csv")
    at = open_page("pages/data.py")
    assert "Showing 3 of 3 problems." in texts(at)
    at.multiselect(key="data_problems_severity").set_value(["warning"]).run()
    assert "Showing 1 of 3 problems." in texts(at)
    at.multiselect(key="data_problems_severity").set_value([]).run()
    at.text_input(key="data_problems_search").set_value("did you mean").run()
    assert "Showing 1 of 3 problems." in texts(at)
    assert frame_with(at, "severity", "message")["value"].tolist() == ["Legall ad"]


def test_rows_kept_out_are_listed_for_fixing(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).save(load(BAD), action="upload", note="bad.csv")
    at = open_page("pages/data.py")
    (editor,) = [d for d in at.data_editor if "reason" in d.value.columns]
    assert editor.value["row"].tolist() == [2, 3]
    assert editor.value[s.NAME].tolist() == ["Nameless", "Typo"]
    at.button(key="data_rejected_retry_partners.csv").click().run()
    assert any("None of the rows can load yet" in e.value for e in at.error)


DENVER = (
    csv(
        "partner_id,name,sector,city,state,zip",
        "D1,Denver Legal Aid,Legal aid,Denver,CO,80202",
        "D2,Mile High Jobs,Workforce development,Denver,CO,80203",
        "D7,Front Range Shelter,,Denver,CO,80204",
    ),
    csv("service_id,partner_id,category", "S1,D1,Legal", "S2,D2,Job training", "S13,D7,Shelter"),
    csv("source_id,target_id,level", "D1,D2,cooperation", "D7,D1,coordination"),
)


def test_fixing_a_partner_in_place_brings_back_its_services_and_relationships(
    open_page, db_path
) -> None:  # type: ignore[no-untyped-def]
    store = WorkspaceStore(db_path)
    store.save(load(*DENVER), action="upload", note="denver")
    at = open_page("pages/data.py")
    editor = at.data_editor(key="data_rejected_editor_partners.csv")
    assert editor.value[s.PARTNER_ID].tolist() == ["D7"]
    assert "Showing 3 of 3 problems." in texts(at)
    at.session_state["data_rejected_editor_partners.csv"] = {
        "edited_rows": {0: {s.SECTOR: "Housing"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="data_rejected_retry_partners.csv").click().run()
    assert not at.exception
    ws = store.load()
    assert list(ws.services[s.SERVICE_ID]) == ["S1", "S2", "S13"]
    assert len(ws.relationships) == 2
    assert ws.counts == {
        s.PARTNERS: {"read": 3, "loaded": 3, "rejected": 0},
        s.SERVICES: {"read": 3, "loaded": 3, "rejected": 0},
        s.RELATIONSHIPS: {"read": 2, "loaded": 2, "rejected": 0},
    }
    assert "No problems" in texts(at)


def test_edit_without_changes_saves_nothing(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/data.py")
    at.radio(key="data_edit_file").set_value(s.RELATIONSHIPS).run()
    assert any(set(d.value.columns) >= {s.SOURCE_ID, s.LEVEL} for d in at.data_editor)
    at.button(key="data_edit_save").click().run()
    assert "Nothing was changed." in texts(at)
    assert len(WorkspaceStore(db_path).versions()) == 1


def test_organization_form_adds_a_new_partner(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/data.py")
    at.text_input(key="org_id").set_value("P50")
    at.text_input(key="org_name").set_value("Hilltop Literacy Council")
    at.selectbox(key="org_sector").set_value("Education")
    at.text_input(key="org_zip").set_value("15210")
    at.multiselect(key="org_languages").set_value(["English", "Spanish"])
    at.selectbox(key="org_service_0_category").set_value("ESL")
    at.text_input(key="org_service_0_name").set_value("Evening ESL")
    at.multiselect(key="org_partners").set_value(["P15"]).run()
    at.selectbox(key="org_rel_P15_level").set_value("coordination")
    at.button(key="org_submit").click().run()
    assert not at.exception
    assert "resource map of Hilltop Literacy Council is saved" in texts(at)
    ws = WorkspaceStore(db_path).load()
    p50 = ws.partners.set_index(s.PARTNER_ID).loc["P50"]
    assert p50[s.LANGUAGES] == "English|Spanish" and p50[s.ZIP] == "15210"
    svc = ws.services[ws.services[s.PARTNER_ID] == "P50"]
    assert svc[[s.SERVICE_ID, s.CATEGORY, s.NAME]].values.tolist() == [
        ["P50-S1", "ESL", "Evening ESL"]
    ]
    rel = ws.relationships[ws.relationships[s.SOURCE_ID] == "P50"]
    assert rel[[s.TARGET_ID, s.LEVEL]].values.tolist() == [["P15", "coordination"]]


def test_organization_form_prefills_and_reports_errors(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/data.py")
    at.selectbox(key="org_pick").set_value("P25").run()
    assert at.text_input(key="org_name").value == "Immigrant Justice Project"
    assert at.selectbox(key="org_service_0_category").value == "Immigration legal aid"
    assert set(at.multiselect(key="org_partners").value) == {"P38", "P46"}
    at.text_input(key="org_website").set_value("javascript:alert(1)")
    at.selectbox(key="org_sector").set_value(None)
    at.button(key="org_submit").click().run()
    assert any("Not saved yet" in e.value for e in at.error)
    assert "'sector' is required" in texts(at)
    assert len(WorkspaceStore(db_path).versions()) == 1


def test_history_undo_restore_sample_and_empty(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    store = WorkspaceStore(db_path)
    at = open_page("pages/data.py")
    store.save(load(BAD), action="upload", note="bad.csv")
    at.run()
    at.button(key="data_undo").click().run()
    assert "Back to version 1." in texts(at)
    assert store.current_version() == 1
    at.selectbox(key="data_restore_pick").set_value(2).run()
    at.button(key="data_restore").click().run()
    assert store.current_version() == 2
    assert at.button(key="data_start_empty").disabled
    at.checkbox(key="data_confirm_empty").check().run()
    at.button(key="data_start_empty").click().run()
    assert store.load().is_empty
    at.button(key="data_reset_sample").click().run()
    assert len(store.load().partners) == F.PARTNERS


def test_replace_asks_what_to_keep_and_undo_brings_the_archive_back(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    from mapping.meeting.polls import Polls
    from mapping.partnership import agreement

    store = WorkspaceStore(db_path)
    Polls(store).create("Meet monthly in Pittsburgh")
    store.set_setting(agreement.SETTING_KEY, {"partnership": "Pittsburgh partners"})
    at = _upload(open_page("pages/data.py"), ("partners.csv", DENVER[0], "text/csv"))
    keep = at.multiselect(key="data_replace_keep")
    assert set(keep.options) == {
        "Agreement draft (1)",
        "Proposals and votes (1)",
    }
    assert "Will be archived: Agreement draft (1); Proposals and votes (1)." in texts(at)
    keep.set_value(["decide"]).run()
    at.button(key="data_upload_commit").click().run()
    assert "is archived" in texts(at)
    assert store.get_setting(agreement.SETTING_KEY) is None
    assert [p.title for p in Polls(store).proposals()] == ["Meet monthly in Pittsburgh"]  # kept
    assert "Workspace begun at version 1: Agreement draft (1)" in texts(at)
    at.button(key="data_undo").click().run()
    assert store.current_version() == 1
    assert "Its saved work is back (Agreement draft)" in texts(at)
    assert store.get_setting(agreement.SETTING_KEY) == {"partnership": "Pittsburgh partners"}
    assert len(Polls(store).proposals()) == 1


def test_downloads_are_offered(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/data.py")
    assert {b.key for b in at.download_button} == {
        "data_download_zip",
        "data_templates_zip",
        "data_templates_xlsx",
        "data_export_hsds",
        "data_export_kumu",
    }


def test_file_names_in_messages_are_shown_literally(open_page) -> None:  # type: ignore[no-untyped-def]
    """A file name is user text: no markdown link, emphasis or Streamlit directive in it runs."""
    name = "[click](javascript:alert(1)) *x* :red[y].xls"
    at = _upload(open_page("pages/data.py"), (name, b"\xd0\xcf\x11\xe0binary", "x"))
    (error,) = [e.value for e in at.error if ".xls format" in e.value.replace("\\", "")]
    assert "\\[click\\]\\(javascript\\:alert\\(1\\)\\)" in error
    assert "\\*x\\*" in error and "\\:red\\[y\\]" in error


def test_organization_form_says_what_the_partner_brings(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/data.py")
    at.selectbox(key="org_pick").set_value("P60").run()
    assert at.multiselect(key="org_funds").value == [
        "Immigration legal aid",
        "ESL",
        "Childcare",
        "Shelter",
    ]
    assert "Grant writing" in at.multiselect(key="org_expertise").value
    # other partners' expertise is offered, so the same skill is written one way
    assert "Spanish interpretation" in at.multiselect(key="org_expertise").options
    at.multiselect(key="org_funds").set_value(["GED"])
    at.multiselect(key="org_expertise").set_value(["Grant writing", "Board governance"])
    at.text_area(key="org_successes").input("Two new shared navigators")
    at.text_area(key="org_barriers").input("Multi-year grants are rare")
    at.button(key="org_submit").click().run()
    assert not at.exception
    row = WorkspaceStore(db_path).load().partners.set_index(s.PARTNER_ID).loc["P60"]
    assert (row[s.FUNDS], row[s.EXPERTISE]) == ("GED", "Grant writing|Board governance")
    assert (row[s.SUCCESSES], row[s.BARRIERS]) == (
        "Two new shared navigators",
        "Multi-year grants are rare",
    )
