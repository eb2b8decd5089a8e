"""Decide: proposals, votes on the eight-point scale from several sessions, reveal, close,
history and exports; a stakeholder can never open, reveal or close a vote."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mapping.data.store import WorkspaceStore
from mapping.meeting.polls import Polls
from tests import sample_facts as F
from tests.app.conftest import figures, frame_with, texts
from tests.app.meeting import (
    FACILITATOR_PASS,
    VOTER_A,
    VOTER_B,
    facilitator_passcode_only,
    make_app,
    sign_in,
    widget_keys,
)
from ui import state as k

PAGE = "pages/decide.py"
TITLE = "We meet monthly, on the second Tuesday"


def facilitator() -> AppTest:
    at = make_app(PAGE, secrets=facilitator_passcode_only(), state={k.DECIDE_VOTER: VOTER_A})
    sign_in(at, FACILITATOR_PASS)
    assert "Signed in as facilitator." in texts(at)
    return at


def stakeholder(voter: str = VOTER_B, **kwargs: object) -> AppTest:
    return make_app(
        PAGE, secrets=facilitator_passcode_only(), state={k.DECIDE_VOTER: voter}, **kwargs
    )


def open_proposal(at: AppTest, title: str = TITLE) -> None:
    at.text_input(key=k.DECIDE_NEW_TITLE).input(title)
    at.text_area(key=k.DECIDE_NEW_DETAILS).input("Hosts rotate; agenda a week ahead.")
    at.button(key=k.DECIDE_NEW_SUBMIT).click().run()
    assert not at.exception


def vote(at: AppTest, point: int, name: str = "", pid: int = 1) -> AppTest:
    at.radio(key=f"{k.DECIDE_VOTE_POINT_PREFIX}{pid}").set_value(point)
    at.text_input(key=f"{k.DECIDE_VOTE_NAME_PREFIX}{pid}").input(name)
    return at.button(key=f"{k.DECIDE_VOTE_SUBMIT_PREFIX}{pid}").click().run()


def tally_bars(at: AppTest) -> dict[str, int]:
    (fig,) = figures(at)
    bar = fig["data"][0]
    return dict(zip(bar["y"], bar["x"], strict=True))


def test_an_empty_page_explains_itself(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app(PAGE)
    assert not at.exception
    assert "No proposal yet" in texts(at)
    assert set(frame_with(at, "point", "gradient", "it means")["point"]) == set(range(1, 9))


def test_a_stakeholder_votes_and_the_facilitator_reveals_and_closes(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    open_proposal(lead)
    assert "Proposal #1 is open for votes" in texts(lead)

    member = stakeholder()
    assert TITLE in [h.value for h in member.subheader]
    assert "The results are hidden until the facilitator shows them" in texts(member)
    vote(member, 3, name="Ana (Legal Aid)")
    assert "Your vote is recorded: 3 · Support with reservations." in texts(member)
    assert not figures(member), "hidden until revealed"

    vote(lead, 1)
    lead.run()
    assert "Open: 2 votes so far" in texts(lead)
    assert not figures(lead)

    lead.button(key=f"{k.DECIDE_REVEAL_PREFIX}1").click().run()
    member.run()
    bars = tally_bars(member)
    assert bars["1 · Whole-hearted endorsement"] == 1 and bars["3 · Support with reservations"] == 1
    assert sum(bars.values()) == 2
    assert "Broad support: 2 votes" in texts(member)

    vote(member, 7, name="Ana (Legal Aid)")  # change of mind: still one vote
    assert "Your vote is now 7 · Serious disagreement." in texts(member)
    lead.run()
    bars = tally_bars(lead)
    assert sum(bars.values()) == 2 and bars["7 · Serious disagreement"] == 1
    assert "Divided" in texts(lead)

    lead.selectbox(key=f"{k.DECIDE_OUTCOME_PREFIX}1").set_value("more discussion")
    lead.text_input(key=f"{k.DECIDE_OUTCOME_NOTE_PREFIX}1").input("Back next month.")
    lead.button(key=f"{k.DECIDE_CLOSE_PREFIX}1").click().run()
    assert "Proposal #1 is closed: Back for more discussion." in texts(lead)

    member.run()
    assert "Outcome: Back for more discussion." in texts(member)
    assert f"{k.DECIDE_VOTE_SUBMIT_PREFIX}1" not in widget_keys(member)
    history = frame_with(member, "proposal", "outcome", "votes")
    assert history.iloc[0][["title", "votes", "outcome"]].tolist() == [
        TITLE,
        2,
        "Back for more discussion",
    ]


def test_a_name_already_used_by_another_device_is_refused(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    open_proposal(lead)
    vote(lead, 2, name="Ana")
    member = stakeholder()
    vote(member, 8, name="ana")
    assert "Your vote was not recorded: someone else already voted as 'ana'" in texts(member)
    assert Polls(WorkspaceStore(db_path)).vote_count(1) == 1


def test_a_stakeholder_cannot_open_reveal_or_close_by_widget_or_url(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    open_proposal(lead)
    forged = {
        k.DECIDE_REVEAL_PREFIX + "1": "true",
        k.DECIDE_CLOSE_PREFIX + "1": "true",
        k.DECIDE_OUTCOME_PREFIX + "1": "adopted",
        k.DECIDE_NEW_TITLE: "Forged proposal",
        k.DECIDE_NEW_SUBMIT: "true",
        k.ACCESS_ROLE: "facilitator",
    }
    member = stakeholder(query=forged)
    keys = widget_keys(member)
    assert not any(
        key.startswith((k.DECIDE_REVEAL_PREFIX, k.DECIDE_CLOSE_PREFIX, k.DECIDE_OUTCOME_PREFIX))
        for key in keys
    )
    assert k.DECIDE_NEW_SUBMIT not in keys
    member.run()
    polls = Polls(WorkspaceStore(db_path))
    (only,) = polls.proposals()
    assert (only.status, only.revealed) == ("open", False)


def test_a_link_opens_the_chosen_proposal(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    open_proposal(lead, "First proposal")
    open_proposal(lead, "Second proposal")
    newest = stakeholder()
    assert newest.selectbox(key=k.DECIDE_PROPOSAL).value == "#2: Second proposal"
    linked = stakeholder(query={k.DECIDE_PROPOSAL: "#1: First proposal"})
    assert linked.selectbox(key=k.DECIDE_PROPOSAL).value == "#1: First proposal"
    assert "First proposal" in [h.value for h in linked.subheader]


def test_exports_hold_visible_results_only(db_path) -> None:  # type: ignore[no-untyped-def]
    polls = Polls(WorkspaceStore(db_path))
    hidden, shown_ = polls.create("Hidden"), polls.create("Shown")
    for pid in (hidden, shown_):
        polls.vote(pid, VOTER_A, 2, name="Ana")
    polls.reveal(shown_)
    at = make_app(PAGE)
    votes_button = at.get("download_button")
    assert len(votes_button) == 2
    votes = pd.read_csv(io.StringIO(polls_csv(polls)))
    assert votes["title"].tolist() == ["Shown"]


def polls_csv(polls: Polls) -> str:
    from mapping.meeting.polls import frame_csv

    return frame_csv(polls.votes_frame()).decode("utf-8-sig")


@pytest.mark.parametrize("present", [False, True])
def test_without_a_device_token_the_form_waits(db_path, present: bool) -> None:  # type: ignore[no-untyped-def]
    Polls(WorkspaceStore(db_path)).create("x")
    at = make_app(PAGE, query={"present": "1"} if present else None)
    assert not at.exception
    assert f"{k.DECIDE_VOTE_SUBMIT_PREFIX}1" not in widget_keys(at)
    if not present:
        assert "Getting this device ready to vote" in texts(at)


# ---- issue 17: the group chooses how it decides (the guide: a majority decision)
def test_the_facilitator_chooses_the_decision_rule_and_everyone_reads_by_it(db_path) -> None:  # type: ignore[no-untyped-def]
    lead = facilitator()
    assert lead.selectbox(key=k.DECIDE_RULE).value == "majority"
    open_proposal(lead)
    lead.button(key=f"{k.DECIDE_REVEAL_PREFIX}1").click().run()
    vote(lead, 1)
    vote(stakeholder("voter-token-third-00001"), 2)
    member = stakeholder()
    vote(member, 8)
    assert k.DECIDE_RULE not in widget_keys(member)
    assert "How the group decides: majority, as the guide says" in texts(member)
    lead.run()
    assert "under your rule a veto does not block" in texts(lead)
    lead.selectbox(key=k.DECIDE_RULE).set_value("no veto").run()
    assert Polls(WorkspaceStore(db_path)).decision_rule() == "no veto"
    assert "Blocked: 3 votes" in texts(lead)
    member.run()
    assert "How the group decides: a majority will support it and no one vetoes it" in texts(member)


# ---- issue 17: reasons, representative mode, open-until
def test_reasons_representative_mode_and_who_has_not_voted(db_path) -> None:  # type: ignore[no-untyped-def]
    from mapping.meeting.poll_extras import PollExtras

    lead = facilitator()
    open_proposal(lead)
    lead.checkbox(key=f"{k.DECIDE_OPTIONS_REPRESENTATIVE_PREFIX}1").check()
    lead.button(key=f"{k.DECIDE_OPTIONS_SAVE_PREFIX}1").click().run()
    assert PollExtras(WorkspaceStore(db_path)).options(1).representative
    assert f"Not voted yet ({F.PARTNERS} of {F.PARTNERS})" in texts(lead)
    member = stakeholder()
    assert k.DECIDE_OPTIONS_SAVE_PREFIX + "1" not in widget_keys(member)
    assert "each organization casts one vote" in texts(member)
    member.selectbox(key=f"{k.DECIDE_VOTE_PARTNER_PREFIX}1").set_value("P01")
    member.text_input(key=f"{k.DECIDE_VOTE_REASON_PREFIX}1").input("We need a shorter form")
    vote(member, 3)
    assert "Your vote is recorded: 3 · Support with reservations." in texts(member)
    lead.button(key=f"{k.DECIDE_REVEAL_PREFIX}1").click().run()
    page = texts(lead)
    assert f"Not voted yet ({F.PARTNERS - 1} of {F.PARTNERS})" in page
    reasons = frame_with(lead, "point", "gradient", "reason")
    assert reasons["reason"].tolist() == ["We need a shorter form"]
