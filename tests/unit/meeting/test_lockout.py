"""Sign-in lock-out: counted in the database per hashed address, expiring, clearable."""

from __future__ import annotations

from pathlib import Path

from mapping.data.store import WorkspaceStore
from mapping.meeting.lockout import LOCK_SECONDS, MAX_FAILURES, WINDOW_SECONDS, SignInLimiter

T0 = 1_800_000_000.0


def _limiter(db_location: str) -> SignInLimiter:
    return SignInLimiter(WorkspaceStore(db_location))


def test_five_failures_lock_the_device_for_fifteen_minutes(db_location: str) -> None:
    lim = _limiter(db_location)
    client = lim.client_key("203.0.113.7")
    seen = [lim.record_failure(client, now=T0 + i) for i in range(MAX_FAILURES)]
    assert [s.tries_left for s in seen] == [4, 3, 2, 1, 0]
    assert [s.locked for s in seen] == [False] * 4 + [True]
    status = lim.status(client, now=T0 + 60)
    assert status.locked and status.minutes_left == 15
    assert lim.locked_count(now=T0 + 60) == 1
    # a further failure while locked does not extend the lock
    assert lim.record_failure(client, now=T0 + 120).retry_after == LOCK_SECONDS - 116
    assert not lim.status(client, now=T0 + 4 + LOCK_SECONDS + 1).locked


def test_the_count_survives_a_new_limiter_on_the_same_database(db_location: str) -> None:
    """A page reload makes a new session, but the count is in the database."""
    path = db_location
    first = SignInLimiter(WorkspaceStore(path))
    client = first.client_key("198.51.100.2")
    for i in range(3):
        first.record_failure(client, now=T0 + i)
    again = SignInLimiter(WorkspaceStore(path))
    assert again.client_key("198.51.100.2") == client
    assert again.status(client, now=T0 + 10).tries_left == 2


def test_old_failures_expire_and_success_clears(db_location: str) -> None:
    lim = _limiter(db_location)
    client = lim.client_key("198.51.100.3")
    for i in range(4):
        lim.record_failure(client, now=T0 + i)
    later = T0 + WINDOW_SECONDS + 10
    assert lim.status(client, now=later).tries_left == MAX_FAILURES
    assert lim.record_failure(client, now=later).tries_left == MAX_FAILURES - 1
    lim.record_success(client)
    assert lim.status(client, now=later).failures == 0


def test_devices_are_counted_apart_and_never_stored_in_clear(db_location: str) -> None:
    lim = _limiter(db_location)
    a, b = lim.client_key("192.0.2.10"), lim.client_key("192.0.2.11")
    assert a != b and len(a) == 64
    for i in range(MAX_FAILURES):
        lim.record_failure(a, now=T0 + i)
    assert lim.status(a, now=T0 + 10).locked
    assert not lim.status(b, now=T0 + 10).locked
    with lim.store.connect() as conn:
        dump = "\n".join(map(str, conn.execute("SELECT * FROM sign_in_failures").fetchall()))
    assert "192.0.2.10" not in dump
    assert lim.clear() == 1
    assert not lim.status(a, now=T0 + 10).locked


def test_the_hash_key_differs_between_databases(tmp_path: Path) -> None:
    one = SignInLimiter(WorkspaceStore(tmp_path / "a.sqlite3"))
    two = SignInLimiter(WorkspaceStore(tmp_path / "b.sqlite3"))
    assert one.client_key("192.0.2.10") != two.client_key("192.0.2.10")
