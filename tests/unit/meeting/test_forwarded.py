"""Forwarded addresses count only from trusted proxies: varying X-Forwarded-For never
dodges the lock-out."""

from __future__ import annotations

from pathlib import Path

from mapping.data.store import WorkspaceStore
from mapping.meeting.forwarded import UNTRUSTED, lockout_address, parse_trusted
from mapping.meeting.lockout import MAX_FAILURES, SignInLimiter

NONE: frozenset[str] = frozenset()


def test_twelve_wrong_passcodes_with_varying_headers_lock_out(tmp_path: Path) -> None:
    limiter = SignInLimiter(WorkspaceStore(tmp_path / "db.sqlite"))
    statuses = []
    for i in range(12):
        forged = f"203.0.113.{i}"  # uvicorn believes X-Forwarded-For from 127.0.0.1
        address = lockout_address(forged, {"X-Forwarded-For": forged}, NONE)
        statuses.append(limiter.record_failure(limiter.client_key(address)))
    assert statuses[MAX_FAILURES - 1].locked and statuses[-1].locked


def test_without_forwarding_headers_the_connection_counts() -> None:
    assert lockout_address("192.168.1.20", {"Host": "x"}, NONE) == "192.168.1.20"
    assert lockout_address(None, {}, NONE) is None


def test_forwarded_addresses_only_from_trusted_proxies() -> None:
    trusted = parse_trusted("10.0.0.5, 127.0.0.1")
    assert trusted == {"10.0.0.5", "127.0.0.1"}
    via_proxy = {"X-Forwarded-For": "198.51.100.7, 10.0.0.5"}
    assert lockout_address("10.0.0.5", via_proxy, trusted) == "198.51.100.7"
    # a proxy on this computer: uvicorn already put the client's address in place
    assert lockout_address("198.51.100.7", {"X-Forwarded-For": "198.51.100.7"}, trusted) == (
        "198.51.100.7"
    )
    # a device that is not a trusted proxy sends the header itself
    only_remote = parse_trusted(["10.0.0.5"])
    assert lockout_address("203.0.113.9", {"X-Forwarded-For": "1.2.3.4"}, only_remote) == UNTRUSTED
    assert lockout_address("1.2.3.4", {"X-Forwarded-For": "1.2.3.4"}, only_remote) == UNTRUSTED
    assert lockout_address("10.0.0.5", {"X-Forwarded-For": "nonsense"}, trusted) == UNTRUSTED


def test_the_setting_ignores_what_is_not_an_address() -> None:
    assert parse_trusted(None) == frozenset()
    assert parse_trusted("") == frozenset()
    assert parse_trusted(["proxy.local", "::1", " 127.0.0.1 "]) == {"::1", "127.0.0.1"}
