"""Someone who switches phones reclaims their name: the facilitator releases it, and the
vote moves to the next device that votes under it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapping.data.store import WorkspaceStore
from mapping.meeting import polls as pl

OLD, NEW, OTHER = "device-token-old", "device-token-new", "device-token-other"


@pytest.fixture
def polls(tmp_path: Path) -> pl.Polls:
    return pl.Polls(WorkspaceStore(tmp_path / "db.sqlite3"))


def test_a_released_name_moves_its_vote_to_the_new_phone(polls: pl.Polls) -> None:
    pid = polls.create("Rotate note-taking")
    polls.vote(pid, OLD, 2, name="Ana Ruiz")
    polls.vote(pid, OTHER, 5)
    with pytest.raises(pl.PollError, match="ask the facilitator to release your name"):
        polls.vote(pid, NEW, 3, name="Ana Ruiz")
    assert polls.voter_names(pid) == ["Ana Ruiz"]

    assert polls.release_name(pid, " ana  ruiz ") is True
    assert polls.voter_names(pid) == []
    assert polls.vote_count(pid) == 2  # still counted while nobody has reclaimed it
    assert polls.tally(pid).counts[2] == 1

    assert polls.vote(pid, NEW, 3, name="Ana Ruiz") is True  # it moved: a change, not a new vote
    assert polls.vote_count(pid) == 2
    moved = polls.my_vote(pid, NEW)
    assert moved is not None and (moved.point, moved.name) == (3, "Ana Ruiz")
    assert polls.my_vote(pid, OLD) is None
    with pytest.raises(pl.PollError, match="already voted as 'Ana Ruiz'"):
        polls.vote(pid, OLD, 8, name="Ana Ruiz")  # the old phone no longer holds the name


def test_a_new_phone_that_already_voted_keeps_one_vote(polls: pl.Polls) -> None:
    pid = polls.create("Rotate note-taking")
    polls.vote(pid, OLD, 2, name="Ben")
    polls.vote(pid, NEW, 6)  # voted anonymously first on the new phone
    polls.release_name(pid, "Ben")
    assert polls.vote(pid, NEW, 1, name="Ben") is True
    assert polls.vote_count(pid) == 1
    assert polls.my_vote(pid, NEW).name == "Ben"  # type: ignore[union-attr]


def test_releasing_needs_an_open_vote_and_a_known_name(polls: pl.Polls) -> None:
    pid = polls.create("Rotate note-taking")
    assert polls.release_name(pid, "Nobody") is False
    assert polls.release_name(pid, "") is False
    polls.close(pid, "more discussion")
    with pytest.raises(pl.PollError, match="closed"):
        polls.release_name(pid, "Ana")
