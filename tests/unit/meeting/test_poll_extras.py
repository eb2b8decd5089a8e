"""Decide, closer to how partnerships decide (issue 17): a reason with each vote,
representative mode (one vote per organization, who has not voted), open-until deadline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mapping.data.store import WorkspaceStore
from mapping.meeting import poll_extras as px
from mapping.meeting import polls as pl

TOKENS = [f"device-token-{i:04d}" for i in range(5)]


@pytest.fixture
def both(tmp_path: Path) -> tuple[pl.Polls, px.PollExtras]:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    return pl.Polls(store), px.PollExtras(store)


def test_a_reason_goes_with_the_vote(both: tuple[pl.Polls, px.PollExtras]) -> None:
    polls, extras = both
    pid = polls.create("Meet monthly")
    extras.vote(polls, pid, TOKENS[0], 6, reason="  Mondays   are hard ")
    extras.vote(polls, pid, TOKENS[1], 1)
    extras.vote(polls, pid, TOKENS[2], 3, reason="=cmd()")
    assert polls.tally(pid).total == 3
    reasons = extras.reasons(pid)
    assert reasons[["point", "reason"]].values.tolist() == [[3, "'=cmd()"], [6, "Mondays are hard"]]
    assert list(reasons["gradient"]) == ["Support with reservations", "Don't like but will support"]
    with pytest.raises(pl.PollError, match="at most 500 characters"):
        extras.vote(polls, pid, TOKENS[3], 1, reason="x" * 501)


def test_representative_mode_one_vote_per_organization(
    both: tuple[pl.Polls, px.PollExtras],
) -> None:
    polls, extras = both
    pid = polls.create("Adopt the referral form")
    extras.set_options(pid, representative=True, open_until=None)
    assert extras.options(pid) == px.PollOptions(True, "")
    with pytest.raises(pl.PollError, match="choose the one you vote for"):
        extras.vote(polls, pid, TOKENS[0], 1)
    extras.vote(polls, pid, TOKENS[0], 1, partner_id="P1")
    extras.vote(polls, pid, TOKENS[0], 2, partner_id="P1")  # the same device changes it
    with pytest.raises(pl.PollError, match="already voted from another device"):
        extras.vote(polls, pid, TOKENS[1], 8, partner_id="P1")
    extras.vote(polls, pid, TOKENS[1], 3, partner_id="P2")
    assert extras.voted_partners(pid) == {"P1", "P2"}
    assert polls.tally(pid).total == 2


def test_open_until_refuses_late_votes(both: tuple[pl.Polls, px.PollExtras]) -> None:
    polls, extras = both
    pid = polls.create("Sign the MOU")
    deadline = dt.datetime(2026, 12, 10, 17, 0, tzinfo=dt.UTC)
    opts = extras.set_options(pid, representative=False, open_until=deadline)
    assert opts.open_until == "2026-12-10T17:00+00:00"
    before = dt.datetime(2026, 12, 10, 16, 59, tzinfo=dt.UTC)
    extras.vote(polls, pid, TOKENS[0], 1, now=before)
    with pytest.raises(pl.PollError, match="voting closed at 2026-12-10 17:00"):
        extras.vote(polls, pid, TOKENS[1], 1, now=deadline)
    assert not opts.is_past(before) and opts.is_past(deadline)
    assert px.PollOptions().is_past() is False
