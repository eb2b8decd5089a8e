"""Remembered sign-ins: signed, expiring, revocable tokens; nothing secret stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapping.data.store import WorkspaceStore
from mapping.meeting.signins import LIFETIME_SECONDS, SignIns


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> WorkspaceStore:
    return WorkspaceStore(tmp_path / "db.sqlite3")


def test_a_token_grants_its_role_until_it_expires(store: WorkspaceStore) -> None:
    clock = Clock()
    sign_ins = SignIns(store, clock=clock)
    token = sign_ins.issue("stakeholder")
    assert sign_ins.check(token) == "stakeholder"
    assert SignIns(store, clock=clock).check(token) == "stakeholder"  # same secret after restart
    assert sign_ins.active() == 1
    clock.now += LIFETIME_SECONDS - 1
    assert sign_ins.check(token) == "stakeholder"
    clock.now += 2
    assert sign_ins.check(token) is None
    assert sign_ins.active() == 0


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace(".stakeholder.", ".facilitator."),  # a role it was not given
        lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),  # a changed signature
        lambda t: t.rsplit(".", 2)[0] + ".9999999999." + t.rsplit(".", 1)[1],  # a later expiry
        lambda t: "",
        lambda t: "not-a-token",
        lambda t: None,
    ],
)
def test_a_forged_token_is_refused(store: WorkspaceStore, change) -> None:  # type: ignore[no-untyped-def]
    sign_ins = SignIns(store)
    assert sign_ins.check(change(sign_ins.issue("stakeholder"))) is None


def test_a_token_from_another_database_is_refused(tmp_path: Path, store: WorkspaceStore) -> None:
    token = SignIns(store).issue("stakeholder")
    assert SignIns(WorkspaceStore(tmp_path / "other.sqlite3")).check(token) is None


def test_signing_out_and_the_facilitator_revoke(store: WorkspaceStore) -> None:
    sign_ins = SignIns(store)
    a, b, c = (sign_ins.issue("stakeholder") for _ in range(3))
    sign_ins.revoke(a)
    assert [sign_ins.check(t) for t in (a, b, c)] == [None, "stakeholder", "stakeholder"]
    assert sign_ins.revoke_all() == 2
    assert [sign_ins.check(t) for t in (a, b, c)] == [None, None, None]
    assert sign_ins.active() == 0


def test_the_database_keeps_neither_token_nor_secret_in_its_rows(store: WorkspaceStore) -> None:
    token = SignIns(store).issue("stakeholder")
    signature = token.rsplit(".", 1)[1]
    with store.connect() as conn:
        rows = conn.execute("SELECT * FROM remembered_sign_ins").fetchall()
    assert rows and signature not in repr(rows)
