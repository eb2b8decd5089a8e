"""Several app servers on one database behave as one app: the lock-out counts wrong
passcodes across them, and the kickoff timer reads the same on each (both engines; each
"server" has its own engine and process lock, as two processes would)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mapping.data.database import Database
from mapping.data.store import WorkspaceStore
from mapping.meeting.kickoff import Meetings
from mapping.meeting.lockout import MAX_FAILURES, SignInLimiter

T0 = 1_800_000_000.0


@pytest.fixture
def two(db_location: str) -> Iterator[tuple[WorkspaceStore, WorkspaceStore]]:
    stores = (WorkspaceStore(db_location), WorkspaceStore(db_location))
    for store in stores:
        store.db = Database(db_location)  # not shared, as in two processes
    yield stores
    for store in stores:
        store.db.dispose()


def test_wrong_passcodes_on_either_server_count_toward_one_lock_out(two) -> None:  # type: ignore[no-untyped-def]
    one, other = SignInLimiter(two[0]), SignInLimiter(two[1])
    client = one.client_key("203.0.113.50")
    assert other.client_key("203.0.113.50") == client  # one key, made once
    for i in range(MAX_FAILURES):
        (one if i % 2 else other).record_failure(client, now=T0 + i)
    assert one.status(client, now=T0 + 10).locked
    assert other.status(client, now=T0 + 10).locked


def test_the_kickoff_timer_agrees_on_both_servers(two) -> None:  # type: ignore[no-untyped-def]
    one, other = Meetings(two[0]), Meetings(two[1])
    mid = one.create("Kickoff", "2026-03-10", ["Ana", "Bo"], seconds_per_speaker=60)
    one.start_timer(mid, now=T0)
    assert other.get(mid).remaining(T0 + 20) == 40
    other.pause_timer(mid, now=T0 + 25)
    assert one.get(mid).remaining(T0 + 100) == 35
    one.move(mid, speaker_step=1)
    assert other.get(mid).speaker == one.get(mid).speaker
