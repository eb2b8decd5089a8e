"""The workspace database: versions, undo, restore, pruning, sharing, settings."""

from __future__ import annotations

import sqlite3
import threading

import pandas as pd
import pandas.testing as pdt
import pytest
from sqlalchemy.exc import IntegrityError

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


def test_a_new_database_is_empty(db_location: str) -> None:
    store = WorkspaceStore(db_location)
    assert store.current_version() is None
    ws = store.load()
    assert ws.is_empty and ws.version is None
    if store.dialect == "sqlite":  # readers go on while a writer writes
        with sqlite3.connect(store.path) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_save_and_load_round_trip_exactly(db_location: str, sample_ws: Workspace) -> None:
    store = WorkspaceStore(db_location)
    version = store.save(sample_ws, action="sample", note="Sample")
    loaded = store.load()
    assert loaded.version == version and loaded.source == "Sample"
    _assert_same(sample_ws, loaded)


def test_problems_counts_and_rejected_rows_are_kept(db_location: str) -> None:
    ws = load(csv("partner_id,name,sector,zip", "P1,A,Health,ABC", "P2,,Health,15222"))
    store = WorkspaceStore(db_location)
    store.save(ws, action="upload", note="bad")
    loaded = store.load()
    _assert_same(ws, loaded)
    assert list(loaded.rejected[s.PARTNERS]["partner_id"]) == ["P2"]
    assert loaded.rejected[s.PARTNERS]["row"].tolist() == [2]


def test_a_second_store_on_the_same_file_sees_the_same_workspace(db_location: str) -> None:
    path = db_location
    WorkspaceStore(path).save(load(two_partners()), action="upload", note="x")
    other = WorkspaceStore(path)
    assert list(other.load().partners[s.PARTNER_ID]) == ["P1", "P2"]


def test_undo_and_restore(db_location: str) -> None:
    store = WorkspaceStore(db_location)
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


def test_old_versions_are_pruned(db_location: str) -> None:
    store = WorkspaceStore(db_location)
    ws = load(two_partners())
    ids = [store.save(ws, action="upload", note=str(i)) for i in range(KEEP_VERSIONS + 5)]
    kept = [v.id for v in store.versions()]
    assert kept == sorted(ids[-KEEP_VERSIONS:], reverse=True)
    with store.connect() as conn:
        assert (
            conn.execute("SELECT COUNT(DISTINCT version) FROM partners").fetchone()[0]
            == KEEP_VERSIONS
        )


def test_a_failed_save_changes_nothing(db_location: str) -> None:
    store = WorkspaceStore(db_location)
    v1 = store.save(load(two_partners()), action="upload", note="good")
    broken = load(two_partners())
    broken.partners = pd.concat([broken.partners, broken.partners])  # duplicate key
    with pytest.raises(IntegrityError):
        store.save(broken, action="upload", note="bad")
    assert store.current_version() == v1
    assert [v.id for v in store.versions()] == [v1]


def test_concurrent_saves_from_threads_all_land(db_location: str) -> None:
    store = WorkspaceStore(db_location)
    ws = load(two_partners())
    errors: list[BaseException] = []

    def save() -> None:
        try:
            WorkspaceStore(db_location).save(ws, action="upload", note="t")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    versions = store.versions()
    assert len(versions) == 8
    # never interleaved: each save saw the one before it as current
    oldest_first = versions[::-1]
    assert [v.parent for v in oldest_first] == [None] + [v.id for v in oldest_first[:-1]]


def test_settings(db_location: str) -> None:
    store = WorkspaceStore(db_location)
    assert store.get_setting("geocoder", "nominatim") == "nominatim"
    store.set_setting("radii", {"Shelter": 30})
    assert WorkspaceStore(db_location).get_setting("radii") == {"Shelter": 30}


def test_saves_from_two_app_servers_never_interleave(db_location: str) -> None:
    """Two servers (each its own engine and process lock) saving at once: every save
    sees the one before it as current, as SQLite's BEGIN IMMEDIATE guaranteed."""
    from mapping.data.database import Database

    stores = [WorkspaceStore(db_location) for _ in range(2)]
    for store in stores:
        store.db = Database(db_location)  # not shared, as in two processes
    ws = load(two_partners())
    start = threading.Barrier(10)
    errors: list[BaseException] = []

    def save(i: int) -> None:
        start.wait()
        try:
            stores[i % 2].save(ws, action="upload", note=str(i))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    oldest_first = stores[0].versions()[::-1]
    assert len(oldest_first) == 10
    assert [v.parent for v in oldest_first] == [None] + [v.id for v in oldest_first[:-1]]
    for store in stores:
        store.db.dispose()


def test_the_first_start_adds_the_sample_once(db_location: str) -> None:
    store = WorkspaceStore(db_location)
    first = store.save(load(two_partners()), action="sample", note="s", only_if_empty=True)
    again = store.save(load(two_partners()), action="sample", note="s", only_if_empty=True)
    assert first == again and len(store.versions()) == 1
