"""One device votes once, even after clearing its storage (a new voting token)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapping.data.store import WorkspaceStore
from mapping.meeting import polls as pl
from mapping.meeting.devices import DeviceVotes
from mapping.meeting.forwarded import UNTRUSTED

PHONE = "192.168.1.23"


def _vote(devices: DeviceVotes, polls: pl.Polls, pid: int, address: str | None, token: str,
          name: str = "") -> None:  # fmt: skip
    devices.check(pid, address, token, name)
    polls.vote(pid, token, 3, name=name)
    devices.record(pid, address, token)


def test_a_device_that_clears_its_storage_cannot_vote_again(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite")
    polls, devices = pl.Polls(store), DeviceVotes(store)
    pid = polls.create("Meet monthly")
    _vote(devices, polls, pid, PHONE, "first-token-0000000000")
    _vote(devices, polls, pid, PHONE, "first-token-0000000000")  # changing one's vote is fine
    with pytest.raises(pl.PollError, match="already voted on this proposal"):
        _vote(devices, polls, pid, PHONE, "after-clearing-000000000")
    assert polls.tally(pid).total == 1
    # someone else on the same network address votes by name; other proposals are separate
    _vote(devices, polls, pid, PHONE, "neighbour-token-00000000", name="Ana Ruiz")
    other = polls.create("Share a calendar")
    _vote(devices, polls, other, PHONE, "after-clearing-000000000")
    assert polls.tally(pid).total == 2 and polls.tally(other).total == 1


def test_unknown_addresses_are_not_limited_and_none_is_stored_in_clear(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite")
    polls, devices = pl.Polls(store), DeviceVotes(store)
    pid = polls.create("Meet monthly")
    for i, address in enumerate([None, None, UNTRUSTED, UNTRUSTED]):
        _vote(devices, polls, pid, address, f"token-number-{i:010d}")
    _vote(devices, polls, pid, PHONE, "first-token-0000000000")
    assert PHONE not in str(store.get_setting(f"polls.devices.{pid}"))
    assert DeviceVotes(store)._hash(PHONE) == devices._hash(PHONE)  # the key is kept
