"""Data page, meeting-room parts: a stakeholder's organization form waits for approval;
the facilitator approves or rejects it; sharing settings; stakeholders cannot write."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from mapping.data import schema as s
from mapping.data.approvals import SubmissionQueue
from mapping.data.store import WorkspaceStore
from mapping.partnership.partner_answers import PARTNER_KEYS, PartnerAnswers
from tests.app.conftest import frame_with, texts
from tests.app.meeting import (
    FACILITATOR_PASS,
    facilitator_passcode_only,
    make_app,
    shown,
    sign_in,
    widget_keys,
)
from ui import state as k

PAGE = "pages/data.py"
WRITES = {
    k.DATA_UPLOAD,
    k.DATA_UPLOAD_COMMIT,
    k.DATA_EDIT_SAVE,
    k.DATA_UNDO,
    k.DATA_RESTORE,
    k.DATA_RESET_SAMPLE,
    k.DATA_START_EMPTY,
    k.DATA_SHARE_CONTACTS,
    k.DATA_CLEAR_LOCKOUTS,
}


def facilitator() -> AppTest:
    at = make_app(PAGE, secrets=facilitator_passcode_only())
    sign_in(at, FACILITATOR_PASS)
    return at


def stakeholder(**kwargs: object) -> AppTest:
    return make_app(PAGE, secrets=facilitator_passcode_only(), **kwargs)


def fill_new_org(at: AppTest, *, sender: bool = True) -> None:
    at.text_input(key=k.ORG_ID).input("P50")
    at.text_input(key=k.ORG_NAME).input("Northside Job Hub")
    at.selectbox(key=k.ORG_SECTOR).set_value("Workforce development")
    at.text_input(key=k.ORG_CITY).input("Pittsburgh")
    at.text_input(key=k.ORG_STATE).input("PA")
    at.text_input(key=k.ORG_ZIP).input("15212")
    at.selectbox(key=f"{k.ORG_SERVICE_PREFIX}0_{s.CATEGORY}").set_value("Job training")
    if sender:
        at.text_input(key=k.ORG_SUBMITTED_BY).input("Rosa Diaz")


def test_a_stakeholder_form_waits_for_approval(db_path) -> None:  # type: ignore[no-untyped-def]
    store = WorkspaceStore(db_path)
    member = stakeholder()
    before = store.current_version()
    fill_new_org(member)
    assert member.button(key=k.ORG_SUBMIT).label == "Send to the facilitator for approval"
    member.button(key=k.ORG_SUBMIT).click().run()
    assert not member.exception
    assert "was sent to the facilitator (submission #1)" in texts(member)
    assert store.current_version() == before
    assert "P50" not in set(store.load().partners[s.PARTNER_ID])

    lead = facilitator()
    page = texts(lead)
    assert "**1** organization form(s) waiting" in page
    assert "Adds **Northside Job Hub** (P50): 1 service(s) (now 0)" in page
    lead.text_input(key=f"{k.DATA_SUBMISSION_NOTE_PREFIX}1").input("Welcome!")
    lead.button(key=f"{k.DATA_SUBMISSION_APPROVE_PREFIX}1").click().run()
    assert "Submission #1 is in the workspace" in texts(lead)
    ws = store.load()
    assert ws.version != before and "P50" in set(ws.partners[s.PARTNER_ID])
    decided = frame_with(lead, "submission", "decision", "note")
    assert decided.iloc[0][["decision", "note", "sent by"]].tolist() == [
        "approved",
        "Welcome!",
        "Rosa Diaz",
    ]


def test_the_facilitator_can_reject_with_a_note(db_path) -> None:  # type: ignore[no-untyped-def]
    member = stakeholder()
    fill_new_org(member)
    member.button(key=k.ORG_SUBMIT).click().run()
    lead = facilitator()
    lead.text_input(key=f"{k.DATA_SUBMISSION_NOTE_PREFIX}1").input("Please add an address")
    lead.button(key=f"{k.DATA_SUBMISSION_REJECT_PREFIX}1").click().run()
    assert "was turned down" in texts(lead)
    assert SubmissionQueue(WorkspaceStore(db_path)).get(1).status == "rejected"
    assert "No organization form is waiting" in texts(lead)


def test_a_stakeholder_does_not_see_contacts_in_the_form_and_cannot_erase_them(db_path) -> None:  # type: ignore[no-untyped-def]
    member = stakeholder()
    member.selectbox(key=k.ORG_PICK).set_value("P01").run()
    assert member.text_input(key=k.ORG_NAME).value == "Allegheny Anti-Trafficking Coalition"
    assert member.text_input(key=k.ORG_CONTACT_EMAIL).value == ""
    assert "ben.novak@aatc.example.org" not in shown(member)
    member.text_input(key=k.ORG_WEBSITE).input("https://aatc.example.org/new")
    member.button(key=k.ORG_SUBMIT).click().run()
    lead = facilitator()
    lead.button(key=f"{k.DATA_SUBMISSION_APPROVE_PREFIX}1").click().run()
    row = WorkspaceStore(db_path).load().partners.set_index(s.PARTNER_ID).loc["P01"]
    assert row[s.WEBSITE] == "https://aatc.example.org/new"
    assert row[s.CONTACT_EMAIL] == "ben.novak@aatc.example.org"


def test_a_stakeholder_sees_no_write_control_and_forged_urls_change_nothing(db_path) -> None:  # type: ignore[no-untyped-def]
    SubmissionQueue(WorkspaceStore(db_path)).submit(
        {s.PARTNER_ID: "P50", s.NAME: "X", s.SECTOR: "Health"}, [], []
    )
    forged = dict.fromkeys(WRITES, "true") | {
        k.DATA_TAB: "Submissions",
        f"{k.DATA_SUBMISSION_APPROVE_PREFIX}1": "true",
        k.ACCESS_ROLE: "facilitator",
    }
    member = stakeholder(query=forged)
    keys = widget_keys(member)
    assert not WRITES & keys
    assert not any(key.startswith(k.DATA_SUBMISSION_APPROVE_PREFIX) for key in keys)
    assert "1 form(s) are waiting" in texts(member)
    member.run()
    assert SubmissionQueue(WorkspaceStore(db_path)).get(1).status == "pending"
    assert WorkspaceStore(db_path).get_setting("sharing.stakeholders_see_contacts") is None


def test_the_facilitator_shares_contacts_with_stakeholders(db_path) -> None:  # type: ignore[no-untyped-def]
    member = stakeholder()
    assert "are hidden from stakeholders" in texts(member)
    member.selectbox(key=k.ORG_PICK).set_value("P01").run()
    assert member.text_input(key=k.ORG_CONTACT_EMAIL).value == ""
    lead = facilitator()
    lead.toggle(key=k.DATA_SHARE_CONTACTS).set_value(True).run()
    assert "Stakeholders now see contact details." in texts(lead)
    again = stakeholder()
    assert "are shown to stakeholders" in texts(again)
    again.selectbox(key=k.ORG_PICK).set_value("P01").run()
    assert again.text_input(key=k.ORG_CONTACT_EMAIL).value == "ben.novak@aatc.example.org"


def test_the_data_tab_is_part_of_the_link(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app(PAGE, query={k.DATA_TAB: "History"})
    assert at.session_state[k.DATA_TAB] == "History"


# ---- issue 17: the organization form asks the recommendation's questions too
ANSWERS = {"goal": "new_program", "named_leads": "yes", "trust": "high"}
SAVED = {"goal": "new_program", "named_leads": True, "trust": "high"}


def answer_in_form(at: AppTest, **values: str) -> None:
    for key, value in values.items():
        at.radio(key=f"{k.ORG_ANSWER_Q_PREFIX}{key}").set_value(value)


def saved_answers(db_path) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    return {a.partner_id: a.answers for a in PartnerAnswers(WorkspaceStore(db_path)).all()}


def test_the_form_asks_the_same_questions_as_each_partner(db_path) -> None:  # type: ignore[no-untyped-def]
    at = facilitator()
    assert "How ready is your organization? (optional)" in texts(at)
    ours = {r.key: r for r in at.radio if str(r.key).startswith(k.ORG_ANSWER_Q_PREFIX)}
    assert len(ours) == len(PARTNER_KEYS)
    room = make_app("pages/recommend.py")
    theirs = {r.key: r for r in room.radio if str(r.key).startswith(k.RECOMMEND_PARTNER_Q_PREFIX)}
    for key in PARTNER_KEYS:
        mine = ours[f"{k.ORG_ANSWER_Q_PREFIX}{key}"]
        other = theirs[f"{k.RECOMMEND_PARTNER_Q_PREFIX}{key}"]
        assert (mine.label, mine.options, mine.value) == (other.label, other.options, "unsure")
        assert other.value == "unsure"


def test_the_facilitator_saves_the_answers_with_the_form(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    fill_new_org(lead, sender=False)
    answer_in_form(lead, **ANSWERS)
    lead.button(key=k.ORG_SUBMIT).click().run()
    assert not lead.exception
    assert "Its answers to the recommendation's questions are saved too." in texts(lead)
    assert "P50" in set(WorkspaceStore(db_path).load().partners[s.PARTNER_ID])
    assert saved_answers(db_path) == {"P50": SAVED}


def test_a_form_left_at_not_sure_saves_no_answers(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    fill_new_org(lead, sender=False)
    lead.button(key=k.ORG_SUBMIT).click().run()
    assert "is saved (version" in texts(lead) and "Its answers" not in texts(lead)
    assert saved_answers(db_path) == {}


def test_a_form_with_errors_saves_neither_map_nor_answers(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    fill_new_org(lead, sender=False)
    lead.selectbox(key=k.ORG_SECTOR).set_value(None)
    answer_in_form(lead, **ANSWERS)
    lead.button(key=k.ORG_SUBMIT).click().run()
    assert "Not saved yet" in texts(lead)
    assert saved_answers(db_path) == {}


def test_a_stakeholder_answers_wait_for_approval_then_count_for_each_partner(db_path) -> None:  # type: ignore[no-untyped-def]
    member = stakeholder()
    fill_new_org(member)
    answer_in_form(member, **ANSWERS)
    member.button(key=k.ORG_SUBMIT).click().run()
    assert "and its answers were sent to the facilitator (submission #1)" in texts(member)
    assert saved_answers(db_path) == {}
    assert SubmissionQueue(WorkspaceStore(db_path)).get(1).answers == SAVED

    lead = facilitator()
    page = texts(lead)
    assert "**Its answers to the recommendation's questions** (saved for P50 when you" in page
    assert "- Goal: Create a new program, product or service together" in page
    assert "- Named leads: Yes" in page
    lead.button(key=f"{k.DATA_SUBMISSION_APPROVE_PREFIX}1").click().run()
    assert "Submission #1 is in the workspace" in texts(lead)
    assert saved_answers(db_path) == {"P50": SAVED}

    room = make_app("pages/recommend.py", secrets=facilitator_passcode_only())
    assert "1 partner answered" in texts(room)
    goals = frame_with(room, "partner", "seeks", "level")
    assert goals.iloc[0]["partner"] == "Northside Job Hub"
    assert goals.iloc[0]["level"] == "collaboration"


def test_a_rejected_form_saves_no_answers(db_path) -> None:  # type: ignore[no-untyped-def]
    member = stakeholder()
    fill_new_org(member)
    answer_in_form(member, **ANSWERS)
    member.button(key=k.ORG_SUBMIT).click().run()
    lead = facilitator()
    lead.button(key=f"{k.DATA_SUBMISSION_REJECT_PREFIX}1").click().run()
    assert "was turned down" in texts(lead)
    assert saved_answers(db_path) == {}
    room = make_app("pages/recommend.py")
    assert "No organization has answered for itself yet." in texts(room)


def test_answers_that_cannot_be_saved_keep_the_approve_button_off(db_path) -> None:  # type: ignore[no-untyped-def]
    SubmissionQueue(WorkspaceStore(db_path)).submit(
        {s.PARTNER_ID: "P50", s.NAME: "X", s.SECTOR: "Health", s.ZIP: "15212"},
        [],
        [],
        answers={"trust": "<b>very</b>"},
    )
    lead = facilitator()
    assert "submission #1 carries answers that cannot be saved" in texts(lead)
    assert lead.button(key=f"{k.DATA_SUBMISSION_APPROVE_PREFIX}1").disabled
    shown_raw = [str(e.value) for e in (*lead.markdown, *lead.error)]
    assert any("\\<b\\>very" in text for text in shown_raw)  # shown literally, escaped
    assert not any("<b>" in text for text in shown_raw)


def test_the_form_is_filled_with_the_organization_saved_answers(db_path) -> None:  # type: ignore[no-untyped-def]
    answers = PartnerAnswers(WorkspaceStore(db_path))
    answers.save("P01", SAVED)
    lead = facilitator()
    lead.selectbox(key=k.ORG_PICK).set_value("P01").run()
    values = {key: lead.radio(key=f"{k.ORG_ANSWER_Q_PREFIX}{key}").value for key in ANSWERS}
    assert values == ANSWERS
    assert lead.radio(key=f"{k.ORG_ANSWER_Q_PREFIX}shared_mission").value == "unsure"
    lead.selectbox(key=k.ORG_PICK).set_value("__new__").run()  # a new one starts blank
    assert lead.radio(key=f"{k.ORG_ANSWER_Q_PREFIX}goal").value == "unsure"
    member = stakeholder()
    member.selectbox(key=k.ORG_PICK).set_value("P01").run()
    assert member.radio(key=f"{k.ORG_ANSWER_Q_PREFIX}trust").value == "high"
    answers.set_anonymous(True)  # anonymous to the room: a stakeholder does not see them
    member = stakeholder()
    member.selectbox(key=k.ORG_PICK).set_value("P01").run()
    assert member.radio(key=f"{k.ORG_ANSWER_Q_PREFIX}trust").value == "unsure"
    assert "Saved answers are not shown while they are anonymous." in texts(member)
