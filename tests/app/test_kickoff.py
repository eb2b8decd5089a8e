"""Kickoff: start a meeting, go round the table with the timer, notes from a stakeholder,
agreements, set-up; stakeholders follow but cannot drive the round."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from mapping.data.store import WorkspaceStore
from mapping.meeting import kickoff as ko
from tests.app.conftest import texts, unescape
from tests.app.meeting import (
    FACILITATOR_PASS,
    facilitator_passcode_only,
    make_app,
    sign_in,
    widget_keys,
)
from ui import state as k

PAGE = "pages/kickoff.py"
CONTROLS = {
    k.KICKOFF_START,
    k.KICKOFF_NEXT,
    k.KICKOFF_PREVIOUS,
    k.KICKOFF_NEXT_QUESTION,
    k.KICKOFF_PREVIOUS_QUESTION,
}


def facilitator() -> AppTest:
    at = make_app(PAGE, secrets=facilitator_passcode_only())
    sign_in(at, FACILITATOR_PASS)
    return at


def start_meeting(at: AppTest) -> None:
    at.text_input(key=k.KICKOFF_NEW_TITLE).input("Kickoff, March")
    at.multiselect(key=k.KICKOFF_NEW_PARTNERS).set_value(["P01", "P04", "P10"])
    at.text_area(key=k.KICKOFF_NEW_GUESTS).input("Survivor leader advisory board")
    at.number_input(key=k.KICKOFF_NEW_SECONDS).set_value(90)
    at.button(key=k.KICKOFF_NEW_SUBMIT).click().run()
    assert not at.exception


def speaking(at: AppTest) -> str:
    return unescape(next(h.value for h in at.subheader if h.value.startswith("Speaking now: ")))


def test_an_empty_page_explains_itself(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app(PAGE)
    assert not at.exception
    assert "No meeting yet" in texts(at)


def test_the_facilitator_runs_the_round_and_everyone_follows(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    start_meeting(lead)
    assert "The meeting is ready" in texts(lead)
    first = speaking(lead)
    assert first == "Speaking now: Allegheny Anti-Trafficking Coalition"
    assert ko.QUESTIONS[0] in [unescape(h.value) for h in lead.header]
    assert lead.metric[0].value == "1:30"

    member = make_app(PAGE, secrets=facilitator_passcode_only())
    assert speaking(member) == first
    assert not CONTROLS & widget_keys(member)

    lead.button(key=k.KICKOFF_START).click().run()
    assert k.KICKOFF_PAUSE in widget_keys(lead)
    lead.button(key=k.KICKOFF_NEXT).click().run()
    member.run()
    assert speaking(member) == speaking(lead) != first
    lead.button(key=k.KICKOFF_NEXT_QUESTION).click().run()
    member.run()
    assert ko.QUESTIONS[1] in [unescape(h.value) for h in member.header]
    # a different partner opens the second question
    assert speaking(member) != first
    assert "Question 2 of 6" in texts(member)


def test_a_stakeholder_adds_notes_and_everyone_can_export_them(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    start_meeting(lead)
    member = make_app(PAGE, secrets=facilitator_passcode_only())
    member.text_area(key=k.KICKOFF_NOTE_TEXT).input("Wants a shared referral form.")
    member.text_input(key=k.KICKOFF_NOTE_AUTHOR).input("Ana")
    member.button(key=k.KICKOFF_NOTE_ADD).click().run()
    assert "Note added for Allegheny Anti-Trafficking Coalition" in texts(member)
    lead.run()
    page = texts(lead)
    assert "Allegheny Anti-Trafficking Coalition: Wants a shared referral form." in page
    assert "(noted by Ana)" in page
    minutes = ko.Meetings(WorkspaceStore(db_path)).minutes_markdown(1)
    assert "- Allegheny Anti-Trafficking Coalition: Wants a shared referral form." in minutes
    assert len(lead.get("download_button")) == 2
    (delete,) = [key for key in widget_keys(lead) if key.startswith(k.KICKOFF_NOTE_DELETE_PREFIX)]
    assert not any(key.startswith(k.KICKOFF_NOTE_DELETE_PREFIX) for key in widget_keys(member))
    lead.button(key=delete).click().run()
    assert "Wants a shared referral form." not in texts(lead)


def test_agreements_are_shown_and_the_facilitator_changes_them(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    start_meeting(lead)
    assert "1. We start and end on time." in texts(lead)
    key = f"{k.KICKOFF_SETUP_AGREEMENTS}_1"
    lead.text_area(key=key).input("Phones on silent.\nWe start on time.")
    lead.button(key=k.KICKOFF_SETUP_SAVE).click().run()
    assert "Saved." in texts(lead)
    member = make_app(PAGE, secrets=facilitator_passcode_only())
    page = texts(member)
    assert "1. Phones on silent." in page and "2. We start on time." in page
    assert "We start and end on time." not in page


def test_a_stakeholder_cannot_drive_or_set_up_by_widget_or_url(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    start_meeting(lead)
    forged = dict.fromkeys(CONTROLS, "true") | {k.KICKOFF_TAB: "Set up"}
    member = make_app(PAGE, secrets=facilitator_passcode_only(), query=forged)
    keys = widget_keys(member)
    assert not CONTROLS & keys
    assert k.KICKOFF_SETUP_SAVE not in keys and k.KICKOFF_NEW_SUBMIT not in keys
    m = ko.Meetings(WorkspaceStore(db_path)).get(1)
    assert (m.question_index, m.speaker_index, m.timer_running) == (0, 0, False)


@pytest.mark.parametrize("tab", ["Group agreements", "Notes"])
def test_a_link_opens_the_same_meeting_and_tab(db_path, tab: str) -> None:  # type: ignore[no-untyped-def]
    meetings = ko.Meetings(WorkspaceStore(db_path))
    meetings.create("First", "2026-03-10", ["A", "B"])
    meetings.create("Second", "2026-04-14", ["C", "D"])
    at = make_app(PAGE, query={k.KICKOFF_MEETING: "#1 First (2026-03-10)", k.KICKOFF_TAB: tab})
    assert at.selectbox(key=k.KICKOFF_MEETING).value == "#1 First (2026-03-10)"
    assert speaking(at) == "Speaking now: A"
    assert at.session_state[k.KICKOFF_TAB] == tab


def test_the_speaking_partner_s_own_profile_shows_under_its_name(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    start_meeting(lead)
    assert speaking(lead) == "Speaking now: Allegheny Anti-Trafficking Coalition"
    page = texts(lead)
    assert (
        "**Expertise to share:** Anti-trafficking training, Coalition facilitation, "
        "Survivor leadership" in unescape(page)
    )
    assert "**Barriers:** No shelter beds north of the rivers" in unescape(page)
    assert "aatc.example.org" not in page  # never its contacts
