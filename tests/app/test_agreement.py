"""Agreement: the draft MOU from the workspace and the saved recommendation, every field
editable, parties and roles, saving for everyone; stakeholders export but never save, and
see no signatories unless contacts are shared."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from streamlit.testing.v1 import AppTest

from mapping.data.sample import load_sample
from mapping.data.store import WorkspaceStore
from mapping.partnership import agreement as ag
from mapping.partnership import recommend as r
from tests import sample_facts as F
from tests.app.conftest import texts
from tests.app.meeting import facilitator_passcode_only, make_app, shown, widget_keys
from ui import state as k

PAGE = "pages/agreement.py"
ANSWERS = {
    "goal": "new_program",
    "knows_community_needs": True,
    "communication_agreement": True,
    "exchanges_information": True,
    "named_leads": True,
    "trust": "high",
    "partner_count": 5,
    "lead_funding": "one_partner_funded",
}


def _field(name: str) -> str:
    return k.AGREEMENT_FIELD_PREFIX + name


def _document(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("# Memorandum of Understanding"))


def _save_recommendation(db: Path) -> None:
    saved = r.SavedAnswers(
        ANSWERS, {}, partnership="Valley <Partners>", saved_at="2026-03-10T10:00:00+00:00"
    )
    WorkspaceStore(db).set_setting(r.SETTING_KEY, saved.to_json())


def test_the_draft_starts_from_the_workspace_and_the_saved_recommendation(db_path: Path) -> None:
    _save_recommendation(db_path)
    at = make_app(PAGE)
    assert not at.exception
    rec = r.recommend_collaboration(ANSWERS)
    assert at.text_input(key=k.AGREEMENT_PARTNERSHIP).value == "Valley <Partners>"
    assert at.text_area(key=_field("leadership")).value.startswith(
        r.LEADERSHIP_TEXT[rec.leadership][0]
    )
    assert len(at.multiselect(key=k.AGREEMENT_PARTIES).value) == F.PARTNERS
    (editor,) = [e for e in at.data_editor if e.key == k.AGREEMENT_ROLES]
    assert len(editor.value) == F.PARTNERS
    assert "the answers the facilitator saved for everyone on 2026-03-10 10:00 UTC" in texts(at)
    doc = _document(at)
    assert doc.startswith(r"# Memorandum of Understanding: Valley \<Partners\>")
    assert "Not legal advice." in doc and ag.NOT_LEGAL_ADVICE in texts(at)
    assert {k.AGREEMENT_DOCX, k.AGREEMENT_MARKDOWN, k.AGREEMENT_SAVE} <= widget_keys(at)


def test_every_field_is_editable_and_the_export_follows(db_path: Path) -> None:
    at = make_app(PAGE)
    at.text_input(key=k.AGREEMENT_PARTNERSHIP).input("Mon Valley Partnership").run()
    at.text_area(key=_field("meetings")).input("Second Tuesday, 10:00, at the library").run()
    at.text_area(key=_field("documents")).input("Shared drive: Partnership folder").run()
    at.date_input(key=k.AGREEMENT_REVIEW).set_value(dt.date(2027, 6, 30)).run()
    at.multiselect(key=k.AGREEMENT_PARTIES).set_value(["P02", "P25"]).run()
    (editor,) = [e for e in at.data_editor if e.key == k.AGREEMENT_ROLES]
    assert list(editor.value["partner"]) == ["Safe Harbor Shelter", "Immigrant Justice Project"]
    at.session_state[k.AGREEMENT_ROLES] = {
        "edited_rows": {1: {"role and responsibilities": "Takes T and U visa cases."}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    doc = _document(at)
    assert doc.startswith("# Memorandum of Understanding: Mon Valley Partnership")
    assert "Second Tuesday, 10:00, at the library" in doc
    assert "Shared drive: Partnership folder" in doc
    assert "Reviewed together by: June 30, 2027." in doc
    assert "| Immigrant Justice Project | Takes T and U visa cases. |" in doc
    assert "For Safe Harbor Shelter" in doc and "For Three Rivers Legal Aid" not in doc
    # the edits survive a visit to another page
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert at.text_area(key=_field("meetings")).value == "Second Tuesday, 10:00, at the library"
    assert "| Immigrant Justice Project | Takes T and U visa cases. |" in _document(at)


def test_the_facilitator_saves_the_draft_for_everyone(db_path: Path) -> None:
    at = make_app(PAGE)
    at.text_area(key=_field("mission")).input("Every survivor finds work they choose.").run()
    at.button(key=k.AGREEMENT_SAVE).click().run()
    assert "Saved: everyone who opens the Agreement page now starts from this draft." in texts(at)
    stored = ag.AgreementDraft.from_json(WorkspaceStore(db_path).get_setting(ag.SETTING_KEY))
    assert stored.mission == "Every survivor finds work they choose."
    other = make_app(PAGE, secrets=facilitator_passcode_only())
    assert other.text_area(key=_field("mission")).value == "Every survivor finds work they choose."
    assert "The draft the facilitator saved for everyone" in texts(other)


def test_a_stakeholder_edits_and_exports_but_cannot_save_or_see_signatories(db_path: Path) -> None:
    sample = load_sample()
    one = ag.with_parties(ag.draft_agreement(sample), sample, ["P01"])
    signed = replace(
        one, parties=(replace(one.parties[0], signatory="Dana Signer", title="Director"),)
    )
    WorkspaceStore(db_path).set_setting(ag.SETTING_KEY, signed.to_json())
    at = make_app(PAGE, secrets=facilitator_passcode_only(), query={k.AGREEMENT_TAB: "Draft"})
    assert not at.exception
    assert k.AGREEMENT_SAVE not in widget_keys(at)
    assert "Only the facilitator can save the draft for everyone" in texts(at)
    (editor,) = [e for e in at.data_editor if e.key == k.AGREEMENT_ROLES]
    assert "signs for it (name)" not in editor.value.columns
    assert "Dana Signer" not in shown(at)
    assert "Name: \\_\\_\\_" in _document(at)  # a blank line to sign on
    at.text_area(key=_field("mission")).input("Ours").run()
    assert "Ours" in _document(at)
    assert WorkspaceStore(db_path).get_setting(ag.SETTING_KEY)["mission"] != "Ours"
    lead = make_app(PAGE)
    assert "Name: Dana Signer" in _document(lead)


def test_presenting_shows_the_document_only(db_path: Path) -> None:
    at = make_app(PAGE, query={"present": "1"})
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Preview and export"]
    assert not any(key.startswith(k.AGREEMENT_FIELD_PREFIX) for key in widget_keys(at))
    assert k.AGREEMENT_SAVE not in widget_keys(at)
    assert _document(at).startswith("# Memorandum of Understanding")


def test_a_replace_leaves_no_draft_of_the_old_workspace_on_screen(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    """The draft this browser holds is of the sample; after a Replace (in another session,
    or on the Data page) the page drafts for the new partnership only (issue 13)."""
    import json

    from mapping.meeting.saved_work import replace_workspace
    from tests.unit.helpers import csv, load

    at = open_page(PAGE)
    assert "Pittsburgh" in json.dumps(at.session_state[k.AGREEMENT_DRAFT].to_json())
    denver = load(
        csv(
            "partner_id,name,sector,city,state,zip",
            "D1,Mile High Legal Aid,Legal aid,Denver,CO,80202",
            "D2,Front Range Job Center,Workforce development,Denver,CO,80203",
        )
    )
    replace_workspace(WorkspaceStore(db_path), denver, action="upload (replace)")
    at.run()
    assert not at.exception
    draft = json.dumps(at.session_state[k.AGREEMENT_DRAFT].to_json())
    assert "Denver" in draft and "Mile High Legal Aid" in draft
    assert "Pittsburgh" not in draft and "Pittsburgh" not in texts(at)


def test_a_saved_draft_naming_a_partner_no_longer_here_says_so(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    from mapping.data import schema as s

    store = WorkspaceStore(db_path)
    ws = load_sample()
    draft = ag.draft_agreement(ws, partnership="Valley partners")
    store.set_setting(ag.SETTING_KEY, draft.to_json())
    gone = draft.parties[0]
    edited = load_sample()
    edited.partners = edited.partners[edited.partners[s.PARTNER_ID] != gone.partner_id]
    edited.services = edited.services[edited.services[s.PARTNER_ID] != gone.partner_id]
    rel = edited.relationships
    edited.relationships = rel[
        (rel[s.SOURCE_ID] != gone.partner_id) & (rel[s.TARGET_ID] != gone.partner_id)
    ]
    store.save(edited, action="edit")
    at = open_page(PAGE)
    assert not at.exception
    (warning,) = [w.value for w in at.warning if "no longer in the workspace" in w.value]
    assert gone.name in warning.replace("\\", "") and gone.partner_id in warning
