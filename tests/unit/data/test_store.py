"""The workspace database: versions, undo, restore, pruning, sharing, settings."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from mapping.data import schema as s
from mapping.data.errors import WorkspaceError
from mapping.data.store import KEEP_VERSIONS, WorkspaceStore
from mapping.data.workspace import Workspace
from tests.unit.helpers import csv, load, two_partners


def _assert_same(a: Workspace, b: Workspace) -> None:
    for f in s.FILES:
        pdt.assert_frame_equal(a.frame(f), b.frame(f))
    assert a.problems == b.problems
    assert a.counts == b.counts


def test_a_new_database_is_empty(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    assert store.current_version() is None
    ws = store.load()
    assert ws.is_empty and ws.version is None
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_save_and_load_round_trip_exactly(tmp_path: Path, sample_ws: Workspace) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    version = store.save(sample_ws, action="sample", note="Sample")
    loaded = store.load()
    assert loaded.version == version and loaded.source == "Sample"
    _assert_same(sample_ws, loaded)


def test_problems_counts_and_rejected_rows_are_kept(tmp_path: Path) -> None:
    ws = load(csv("partner_id,name,sector,zip", "P1,A,Health,ABC", "P2,,Health,15222"))
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    store.save(ws, action="upload", note="bad")
    loaded = store.load()
    _assert_same(ws, loaded)
    assert list(loaded.rejected[s.PARTNERS]["partner_id"]) == ["P2"]
    assert loaded.rejected[s.PARTNERS]["row"].tolist() == [2]


def test_a_second_store_on_the_same_file_sees_the_same_workspace(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    WorkspaceStore(path).save(load(two_partners()), action="upload", note="x")
    other = WorkspaceStore(path)
    assert list(other.load().partners[s.PARTNER_ID]) == ["P1", "P2"]


def test_undo_and_restore(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    v1 = store.save(load(two_partners()), action="upload", note="first")
    v2 = store.save(
        load(csv("partner_id,name,sector", "P9,X,Health")), action="upload", note="second"
    )
    assert store.undo() == v1
    assert list(store.load().partners[s.PARTNER_ID]) == ["P1", "P2"]
    with pytest.raises(WorkspaceError, match="no earlier version"):
        store.undo()
    store.restore(v2)
    assert list(store.load().partners[s.PARTNER_ID]) == ["P9"]
    assert [(v.id, v.current) for v in store.versions()] == [(v2, True), (v1, False)]
    with pytest.raises(WorkspaceError, match="no longer exists"):
        store.restore(999)
    with pytest.raises(WorkspaceError, match="no longer exists"):
        store.load(999)


def test_old_versions_are_pruned(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    ws = load(two_partners())
    ids = [store.save(ws, action="upload", note=str(i)) for i in range(KEEP_VERSIONS + 5)]
    kept = [v.id for v in store.versions()]
    assert kept == sorted(ids[-KEEP_VERSIONS:], reverse=True)
    with sqlite3.connect(store.path) as conn:
        assert (
            conn.execute("SELECT COUNT(DISTINCT version) FROM partners").fetchone()[0]
            == KEEP_VERSIONS
        )


def test_a_failed_save_changes_nothing(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    v1 = store.save(load(two_partners()), action="upload", note="good")
    broken = load(two_partners())
    broken.partners = pd.concat([broken.partners, broken.partners])  # duplicate key
    with pytest.raises(sqlite3.IntegrityError):
        store.save(broken, action="upload", note="bad")
    assert store.current_version() == v1
    assert [v.id for v in store.versions()] == [v1]


def test_concurrent_saves_from_threads_all_land(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    ws = load(two_partners())
    errors: list[BaseException] = []

    def save() -> None:
        try:
            WorkspaceStore(store.path).save(ws, action="upload", note="t")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.versions()) == 8


def test_settings(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    assert store.get_setting("geocoder", "nominatim") == "nominatim"
    store.set_setting("radii", {"Shelter": 30})
    assert WorkspaceStore(store.path).get_setting("radii") == {"Shelter": 30}
