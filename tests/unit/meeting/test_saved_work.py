"""A Replace archives the saved work of the workspace it leaves; History brings it back."""

from __future__ import annotations

from pathlib import Path

from mapping.data.archive import SavedWork
from mapping.data.sample import SAMPLE_NOTE, load_sample
from mapping.data.store import WorkspaceStore
from mapping.meeting import saved_work as sw
from mapping.meeting.kickoff import Meetings
from mapping.meeting.polls import Polls
from mapping.partnership import agreement
from mapping.partnership.recommend import prefill
from tests.unit.helpers import load, two_partners

VOTER = "a" * 32


def _sample_with_saved_work(tmp_path: Path) -> WorkspaceStore:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    store.save(load_sample(), action="sample", note=SAMPLE_NOTE)
    polls = Polls(store)
    pid = polls.create("Meet monthly")
    polls.vote(pid, VOTER, 2, name="Ana")
    mid = Meetings(store).create("Kickoff", "2026-03-10", ["Legal Aid", "Job Center"])
    Meetings(store).add_note(mid, 0, "Shared referral form.", speaker="Legal Aid")
    store.set_setting(agreement.SETTING_KEY, {"partnership": "Pittsburgh partnership"})
    store.set_setting(prefill.SETTING_KEY, {"partnership": "Pittsburgh partnership"})
    store.set_setting(sw.RADII_SETTING, {"Legal": 12.0})
    return store


def _snapshot(store: WorkspaceStore) -> dict[str, object]:
    polls, meetings = Polls(store), Meetings(store)
    return {
        "proposals": [(p.id, p.title) for p in polls.proposals()],
        "votes": polls.votes_frame().to_dict("records"),
        "meetings": [(m.id, m.title) for m in meetings.meetings()],
        "notes": [n.text for m in meetings.meetings() for n in meetings.notes(m.id)],
        "agreement": store.get_setting(agreement.SETTING_KEY),
        "answers": store.get_setting(prefill.SETTING_KEY),
        "radii": store.get_setting(sw.RADII_SETTING),
    }


def test_replace_archives_everything_not_kept_and_undo_brings_it_back(tmp_path: Path) -> None:
    store = _sample_with_saved_work(tmp_path)
    Polls(store).reveal(Polls(store).proposals()[0].id, True)
    before = _snapshot(store)
    assert sw.present_groups(store) == {
        "recommend": 1,
        "agreement": 1,
        "kickoff": 1,
        "decide": 1,
        "radii": 1,
    }
    version = sw.replace_workspace(
        store, load(two_partners()), action="upload (replace)", keep=["radii"]
    )
    after = _snapshot(store)
    assert after == {
        "proposals": [],
        "votes": [],
        "meetings": [],
        "notes": [],
        "agreement": None,
        "answers": None,
        "radii": {"Legal": 12.0},  # kept
    }
    work = sw.saved_work(store)
    assert work.current_workspace() == version
    (archived,) = work.archived()
    assert archived.workspace == 1
    assert archived.groups["decide"] == 1 and archived.groups["agreement"] == 1

    # the new workspace gets saved work of its own
    Polls(store).create("Denver: meet weekly")
    store.set_setting(agreement.SETTING_KEY, {"partnership": "Denver partnership"})

    back, groups = sw.undo(store)
    assert back == 1
    assert "radii" not in groups and {"decide", "agreement", "kickoff"} <= groups
    assert _snapshot(store) == before
    # ... and the Denver work is archived with its own workspace, for a redo
    assert [a.workspace for a in sw.saved_work(store).archived()] == [version]
    sw.go_to_version(store, version)
    assert [p.title for p in Polls(store).proposals()] == ["Denver: meet weekly"]
    assert store.get_setting(agreement.SETTING_KEY) == {"partnership": "Denver partnership"}


def test_edits_and_merges_stay_in_the_same_workspace(tmp_path: Path) -> None:
    store = _sample_with_saved_work(tmp_path)
    v2 = store.save(load_sample(), action="edit")
    v3 = store.save(load_sample(), action="upload (merge)")
    work = sw.saved_work(store)
    assert [work.workspace_of(v) for v in (1, v2, v3)] == [1, 1, 1]
    assert sw.go_to_version(store, 1) == set()
    assert len(Polls(store).proposals()) == 1  # nothing moved
    v4 = sw.replace_workspace(store, load(two_partners()), action="empty")
    v5 = store.save(load(two_partners()), action="edit")
    assert [work.workspace_of(v) for v in (v4, v5)] == [v4, v4]
    # restoring an edit of the first workspace brings its saved work back
    assert "decide" in sw.go_to_version(store, v3)
    assert len(Polls(store).proposals()) == 1


def test_a_database_from_before_has_one_workspace(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    assert SavedWork(store, sw.GROUPS).workspace_of(None) is None
    first = store.save(load(two_partners()), action="upload")
    second = store.save(load(two_partners()), action="edit")
    assert SavedWork(store, sw.GROUPS).workspace_of(second) == first


def test_every_group_names_tables_that_exist(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    sw.saved_work(store)
    with store.connect() as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {t for g in sw.GROUPS for t in g.tables} <= tables


def test_the_setting_keys_are_those_the_features_use() -> None:
    from mapping.interop.crosswalk import TERM_MAP_SETTING
    from ui.loaders import RADII_SETTING

    assert sw.TERM_MAP_SETTING == TERM_MAP_SETTING
    assert sw.RADII_SETTING == RADII_SETTING


def test_a_workspace_keeps_its_id_when_its_first_version_is_pruned(tmp_path: Path) -> None:
    from mapping.data import store as store_module

    store = _sample_with_saved_work(tmp_path)
    start = sw.replace_workspace(store, load(two_partners()), action="upload (replace)")
    for _ in range(store_module.KEEP_VERSIONS):
        last = store.save(load(two_partners()), action="edit")
    assert start not in {v.id for v in store.versions()}  # pruned
    assert sw.saved_work(store).workspace_of(last) == start


def test_the_first_workspace_keeps_its_archive_when_its_first_version_is_pruned(
    tmp_path: Path,
) -> None:
    from mapping.data import store as store_module

    store = _sample_with_saved_work(tmp_path)  # version 1: no start recorded (as before)
    kept = store.save(load_sample(), action="edit")
    sw.replace_workspace(store, load(two_partners()), action="upload (replace)")
    for _ in range(store_module.KEEP_VERSIONS - 2):
        store.save(load(two_partners()), action="edit")
    assert 1 not in {v.id for v in store.versions()} and kept in {v.id for v in store.versions()}
    assert "decide" in sw.go_to_version(store, kept)
    assert [p.title for p in Polls(store).proposals()] == ["Meet monthly"]
