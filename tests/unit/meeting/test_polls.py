"""Gradients of Agreement: the scale, votes (one per device and per name), tallies,
readings, closing and exports."""

from __future__ import annotations

import io
import threading

import pandas as pd
import pytest

from mapping.data.store import WorkspaceStore
from mapping.meeting import polls as pl

TOKENS = [f"device-token-{i:04d}" for i in range(50)]


@pytest.fixture
def polls(db_location: str) -> pl.Polls:
    return pl.Polls(WorkspaceStore(db_location))


def test_the_scale_has_the_eight_points_of_domain_md() -> None:
    assert pl.POINTS == (1, 2, 3, 4, 5, 6, 7, 8)
    # Kaner's point names (3rd ed., 2014), with the source shown (issue 17)
    assert [g.label for g in pl.SCALE] == [
        "Whole-hearted endorsement",
        "Agreement with a minor point of contention",
        "Support with reservations",
        "Abstain",
        "More discussion needed",
        "Don't like but will support",
        "Serious disagreement",
        "Veto",
    ]
    assert "Kaner" in pl.SCALE_SOURCE
    assert pl.point_label(8) == "8 · Veto"
    with pytest.raises(pl.PollError, match="from 1 to 8"):
        pl.gradient(9)


def test_a_proposal_opens_hidden_and_collects_votes(polls: pl.Polls) -> None:
    pid = polls.create("  Meet   monthly, second Tuesday ", "At the library.")
    p = polls.get(pid)
    assert (p.title, p.details, p.status, p.revealed) == (
        "Meet monthly, second Tuesday",
        "At the library.",
        "open",
        False,
    )
    assert p.label == f"#{pid}: Meet monthly, second Tuesday"
    assert polls.vote(pid, TOKENS[0], 1, name="Ana") is False
    assert polls.vote(pid, TOKENS[1], 5) is False
    assert polls.tally(pid).counts == {1: 1, 2: 0, 3: 0, 4: 0, 5: 1, 6: 0, 7: 0, 8: 0}
    mine = polls.my_vote(pid, TOKENS[0])
    assert mine is not None and (mine.point, mine.name, mine.changes) == (1, "Ana", 0)
    assert polls.my_vote(pid, TOKENS[2]) is None


def test_voting_again_changes_the_vote_instead_of_adding_one(polls: pl.Polls) -> None:
    pid = polls.create("Share a referral form")
    polls.vote(pid, TOKENS[0], 7)
    assert polls.vote(pid, TOKENS[0], 2, name="Bo") is True
    assert polls.vote_count(pid) == 1
    assert polls.tally(pid).counts[2] == 1 and polls.tally(pid).counts[7] == 0
    mine = polls.my_vote(pid, TOKENS[0])
    assert mine is not None and mine.changes == 1 and mine.name == "Bo"


def test_one_vote_per_name_across_devices(polls: pl.Polls) -> None:
    pid = polls.create("Rotate note-taking")
    polls.vote(pid, TOKENS[0], 1, name="Ana Ruiz")
    with pytest.raises(pl.PollError, match="already voted as 'ana ruiz'"):
        polls.vote(pid, TOKENS[1], 8, name="ana  ruiz")
    polls.vote(pid, TOKENS[1], 8, name="Ana R. (Legal Aid)")
    other = polls.create("Another proposal")
    polls.vote(other, TOKENS[1], 3, name="Ana Ruiz")  # names are per proposal
    assert polls.vote_count(pid) == 2


def test_closing_locks_the_votes_and_reveals(polls: pl.Polls) -> None:
    pid = polls.create("Adopt the MOU draft")
    polls.vote(pid, TOKENS[0], 3)
    polls.close(pid, "adopted", "Signed at the next meeting.")
    p = polls.get(pid)
    assert (p.status, p.revealed, p.outcome, p.outcome_note) == (
        "closed",
        True,
        "adopted",
        "Signed at the next meeting.",
    )
    assert p.closed_at
    with pytest.raises(pl.PollError, match="closed: votes can no longer change"):
        polls.vote(pid, TOKENS[0], 8)
    with pytest.raises(pl.PollError, match="already closed"):
        polls.close(pid, "not adopted")
    with pytest.raises(pl.PollError, match="choose an outcome"):
        polls.close(polls.create("x"), "passed")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"point": 0}, "from 1 to 8"),
        ({"token": "short"}, "no voting token"),
        ({"token": "has spaces in it here"}, "no voting token"),
        ({"proposal": 999}, "no proposal #999"),
    ],
)
def test_bad_votes_are_refused(polls: pl.Polls, bad: dict[str, object], message: str) -> None:
    pid = polls.create("x")
    args = {"proposal": pid, "token": TOKENS[0], "point": 2, **bad}
    with pytest.raises(pl.PollError, match=message):
        polls.vote(args["proposal"], args["token"], args["point"])  # type: ignore[arg-type]


def test_empty_and_overlong_proposals_are_refused(polls: pl.Polls) -> None:
    with pytest.raises(pl.PollError, match="write the proposal"):
        polls.create("   ")
    with pytest.raises(pl.PollError, match="too long"):
        polls.create("x" * 201)
    with pytest.raises(pl.PollError, match="no proposal #5"):
        polls.get(5)


def test_devices_are_stored_hashed(polls: pl.Polls) -> None:
    pid = polls.create("x")
    polls.vote(pid, TOKENS[7], 4)
    with polls.store.connect() as conn:
        dump = "\n".join(map(str, conn.execute("SELECT * FROM poll_votes").fetchall()))
    assert TOKENS[7] not in dump and TOKENS[7][:16] not in dump


@pytest.mark.parametrize(
    ("counts", "rule", "kind", "outcome"),
    [
        ({}, "majority", "none", "more discussion"),
        # the guide: all members meet and "come to a majority decision" - a veto is a
        # concern to hear, and blocks only when the group chose "no veto"
        ({1: 9, 8: 1}, "majority", "broad", "adopted"),
        ({1: 9, 8: 1}, "no veto", "blocked", "not adopted"),
        ({1: 9, 8: 1}, "three quarters", "broad", "adopted"),
        ({1: 6, 5: 2}, "majority", "discuss", "more discussion"),
        ({1: 7, 7: 2}, "majority", "broad", "adopted"),
        ({1: 5, 7: 4}, "majority", "majority", "adopted"),
        ({1: 5, 7: 4}, "three quarters", "divided", "more discussion"),
        ({1: 4, 2: 3, 3: 1, 4: 1, 6: 1}, "majority", "broad", "adopted"),
        ({1: 2, 2: 2, 3: 1, 6: 3}, "majority", "reluctant", "adopted with changes"),
        ({1: 2, 3: 1, 4: 3, 5: 1, 6: 1, 7: 1}, "majority", "mixed", "more discussion"),
        ({1: 3, 4: 3}, "majority", "mixed", "more discussion"),  # half is not a majority
    ],
)
def test_read_tally(counts: dict[int, int], rule: str, kind: str, outcome: str) -> None:
    reading = pl.read_tally(pl.counts_from(counts), rule)
    assert (reading.kind, reading.suggested_outcome) == (kind, outcome)
    assert reading.kind == "none" or reading.sentence.endswith(
        f"Your rule: {pl.DECISION_RULES[rule].lower()}."
    )


def test_a_veto_under_majority_is_named_as_a_concern() -> None:
    reading = pl.read_tally(pl.counts_from({1: 9, 8: 1}))
    assert "1 member would veto: under your rule a veto does not block" in reading.sentence


def test_a_reading_states_every_count() -> None:
    reading = pl.read_tally(pl.counts_from({1: 4, 2: 3, 3: 1, 4: 1, 6: 1}))
    assert reading.sentence == (
        "Broad support: 10 votes: 8 in support (1-3), 1 abstaining, 0 wanting more "
        "discussion, 1 reluctant, 0 seriously disagreeing, 0 vetoes. The group can decide. "
        "Your rule: majority, as the guide says: more than half of the votes will support it."
    )


def test_the_group_chooses_its_decision_rule(polls: pl.Polls) -> None:
    assert polls.decision_rule() == "majority"
    polls.set_decision_rule("no veto")
    assert polls.decision_rule() == "no veto"
    with pytest.raises(pl.PollError, match="unknown decision rule 'unanimous'"):
        polls.set_decision_rule("unanimous")
    with pytest.raises(pl.PollError, match="unknown decision rule"):
        pl.read_tally(pl.counts_from({1: 1}), "unanimous")


def test_tally_frame_has_every_point_and_shares() -> None:
    df = pl.tally_frame(pl.counts_from({1: 3, 8: 1}))
    assert list(df.columns) == ["point", "gradient", "votes", "share %"]
    assert df["votes"].tolist() == [3, 0, 0, 0, 0, 0, 0, 1]
    assert df["share %"].tolist() == [75.0, 0, 0, 0, 0, 0, 0, 25.0]
    assert pl.tally_frame(pl.counts_from({}))["share %"].sum() == 0


def test_history_hides_counts_of_unrevealed_open_polls(polls: pl.Polls) -> None:
    hidden = polls.create("Hidden one")
    shown = polls.create("Shown one")
    closed = polls.create('=HYPERLINK("http://x")')
    for pid in (hidden, shown, closed):
        polls.vote(pid, TOKENS[0], 2, name="Ana")
        polls.vote(pid, TOKENS[1], 1)
    polls.reveal(shown)
    polls.close(closed, "withdrawn")
    hist = polls.history_frame().set_index("proposal")
    assert pd.isna(hist.loc[hidden, "2 · Agreement with a minor point of contention"])
    assert hist.loc[hidden, "reading"] == "results hidden"
    assert hist.loc[hidden, "votes"] == 2
    assert hist.loc[shown, "1 · Whole-hearted endorsement"] == 1
    assert hist.loc[closed, "outcome"] == "Withdrawn"
    votes = polls.votes_frame()
    assert sorted(votes["proposal"].unique()) == [shown, closed]
    assert sorted(votes["name"]) == ["(anonymous)", "(anonymous)", "Ana", "Ana"]
    text = pl.frame_csv(polls.history_frame()).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    back = pd.read_csv(io.StringIO(text))
    assert len(back) == 3


def test_forty_devices_voting_at_once_are_each_stored_once(polls: pl.Polls) -> None:
    pid = polls.create("Load test")
    start = threading.Barrier(40)
    errors: list[BaseException] = []

    def vote(i: int) -> None:
        try:
            start.wait()
            polls.vote(pid, TOKENS[i], i % 8 + 1, name=f"Person {i}")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert polls.vote_count(pid) == 40
    assert polls.tally(pid).counts == dict.fromkeys(range(1, 9), 5)


@pytest.mark.parametrize("lookalike", ["Ana\u200b Ruiz", "\u0391na Ruiz", "\uff21na Ruiz"])
def test_look_alike_names_do_not_dodge_one_vote_per_name(polls: pl.Polls, lookalike: str) -> None:
    pid = polls.create("Meet monthly")
    polls.vote(pid, TOKENS[0], 1, name="Ana Ruiz")
    with pytest.raises(pl.PollError, match="already voted as"):
        polls.vote(pid, TOKENS[1], 8, name=lookalike)


def test_invisible_characters_are_not_kept_in_a_name(polls: pl.Polls) -> None:
    pid = polls.create("Meet monthly")
    polls.vote(pid, TOKENS[0], 1, name="\u200bAna\u200d Ruiz\ufeff")
    mine = polls.my_vote(pid, TOKENS[0])
    assert mine is not None and mine.name == "Ana Ruiz"


def test_two_app_servers_keep_one_vote_per_device_and_per_name(db_location: str) -> None:
    """Two servers (each its own engine and process lock) racing on one database."""
    from mapping.data.database import Database

    servers = [pl.Polls(WorkspaceStore(db_location)) for _ in range(2)]
    for server in servers:
        server.store.db = Database(db_location)  # not shared, as in two processes
    pid = servers[0].create("Race")
    start = threading.Barrier(24)
    taken: list[str] = []

    def vote(i: int) -> None:
        start.wait()
        try:  # 12 devices voting as "Ana" (one may win), each device twice, on both servers
            servers[i % 2].vote(pid, TOKENS[i // 2], 1 + i % 8, name="Ana")
        except pl.PollError as exc:
            taken.append(str(exc))

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with servers[1].store.connect() as conn:
        rows = conn.execute("SELECT voter, name_key FROM poll_votes").fetchall()
    assert len(rows) == 1 and rows[0][1] == "ana"
    assert len(taken) == 22 and all("as 'Ana'" in m for m in taken)
    for server in servers:
        server.store.db.dispose()
