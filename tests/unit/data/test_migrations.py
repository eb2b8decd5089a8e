"""Upgrades keep the data: a database written by the last release, brought up to date on
open, on both engines; and the migrations build exactly the tables mapping.data.tables
defines."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pandas.testing as pdt
import pytest
import sqlalchemy as sa

from mapping.data import schema as s
from mapping.data import tables as t
from mapping.data.approvals import SubmissionQueue
from mapping.data.database import Database, _config, _head, current_revision, forget
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.meeting.kickoff import Meetings
from mapping.meeting.lockout import SignInLimiter
from mapping.meeting.polls import Polls
from mapping.partnership import assessments as am
from mapping.places.geocoding.cache import GeocodeCache

RELEASE_DB = Path(__file__).with_name("fixtures") / "release_2026_12.sqlite3"
RELEASE_TABLES = [
    "versions",
    "meta",
    "settings",
    "problems",
    "counts",
    "rejected_rows",
    "partners",
    "services",
    "relationships",
    "geocode_cache",
    "poll_proposals",
    "poll_votes",
    "kickoff_meetings",
    "kickoff_notes",
    "org_submissions",
    "assessments",
    "sign_in_failures",
]


def _release_on_postgres(url: str) -> None:
    """The release's data on PostgreSQL at the release schema (migration 0001), as a
    deployment made before a later migration would hold it."""
    from alembic import command

    db = Database(url)
    with db.engine.begin() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    source = sa.create_engine(f"sqlite:///file:{RELEASE_DB}?mode=ro&uri=true")
    old = sa.MetaData()
    old.reflect(source)
    with source.connect() as src, db.engine.begin() as dst:
        for name in RELEASE_TABLES:
            rows = [dict(r._mapping) for r in src.execute(sa.select(old.tables[name]))]
            if rows:
                dst.execute(sa.table(name, *(sa.column(c) for c in rows[0])).insert(), rows)
            if "id" in old.tables[name].c:
                dst.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT MAX(id) FROM {name}))"
                    )
                )
    source.dispose()
    db.dispose()


@pytest.fixture
def release_location(db_location: str, tmp_path: Path) -> str:
    """A database written by the last release (before migrations), on each engine."""
    if db_location.startswith("postgresql"):
        forget(db_location)
        url = (
            db_location.rsplit("/", 1)[0] + "/release_copy_" + tmp_path.name[-20:].replace("-", "_")
        )
        admin = sa.create_engine(db_location, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {url.rsplit('/', 1)[1]}"))
        admin.dispose()
        _release_on_postgres(url)
        return url
    path = tmp_path / "release.sqlite3"
    shutil.copy(RELEASE_DB, path)
    return str(path)


# Added to the sample after the release (issue 17): a funder, its two ties, and four
# partner columns the release did not have (read back as empty cells).
_ADDED_PARTNERS = {"P60"}
_ADDED_COLUMNS = (s.EXPERTISE, s.FUNDS, s.SUCCESSES, s.BARRIERS)


def _sample_at_release(sample_ws: Workspace) -> Workspace:
    partners = sample_ws.partners[~sample_ws.partners[s.PARTNER_ID].isin(_ADDED_PARTNERS)].copy()
    for column in _ADDED_COLUMNS:
        partners[column] = ""
    r = sample_ws.relationships
    kept = ~(r[s.SOURCE_ID].isin(_ADDED_PARTNERS) | r[s.TARGET_ID].isin(_ADDED_PARTNERS))
    return Workspace(
        partners=partners.reset_index(drop=True),
        services=sample_ws.services,
        relationships=r[kept].reset_index(drop=True),
    )


def test_the_release_fixture_predates_migrations() -> None:
    with sqlite3.connect(f"file:{RELEASE_DB}?mode=ro", uri=True) as conn:  # never changed
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        columns = {r[1] for r in conn.execute("PRAGMA table_info(services)")}
    assert "alembic_version" not in names and set(RELEASE_TABLES) <= names
    assert "row_order" not in columns


def test_a_release_database_upgrades_with_everything_intact(
    release_location: str, sample_ws: Workspace
) -> None:
    store = WorkspaceStore(release_location)  # upgrades on open
    assert current_revision(store.db) == _head()
    # every version, the undo pointer, and the rows in their saved order
    assert [(v.id, v.action, v.current) for v in store.versions()] == [
        (3, "edit", False),
        (2, "upload", True),
        (1, "sample", False),
    ]
    then = _sample_at_release(sample_ws)
    for version in (1, 2, 3):
        ws = store.load(version)
        for f in s.FILES:
            pdt.assert_frame_equal(ws.frame(f), then.frame(f))
    assert store.undo() == 1
    # settings
    assert store.get_setting("gaps.radii") == {"Shelter": 25.0}
    assert store.get_setting("sharing.stakeholders_see_contacts") is True
    # votes: one per device (a changed vote counted once), the closed poll and its outcome
    polls = Polls(store)
    open_poll, closed = sorted(polls.proposals(), key=lambda p: p.id)
    assert polls.tally(open_poll.id).counts == {1: 0, 2: 1, 3: 1, 4: 0, 5: 0, 6: 0, 7: 1, 8: 0}
    vote = polls.my_vote(open_poll.id, "device-aaaaaaaaaaaa")
    assert vote is not None and (vote.point, vote.name, vote.changes) == (2, "Ana", 1)
    assert closed.status == "closed" and closed.outcome == "not adopted"
    assert polls.vote_count(closed.id) == 1
    # and the database still works for new votes (ids continue after the old ones)
    assert polls.create("After the upgrade") == 3
    # assessments
    saved = am.Assessments(store)
    (trauma,) = saved.all(am.TRAUMA)
    assert (trauma.subject, trauma.assessed_on, trauma.answers["safety_spaces"]) == (
        "P01",
        "2026-03-10",
        2,
    )
    (sus,) = saved.all(am.SUSTAINABILITY)
    assert sus.subject == am.PARTNERSHIP and sus.answers["shared_documents"] is True
    # kickoff, approvals, geocode cache, lock-out
    meetings = Meetings(store)
    (meeting,) = meetings.meetings()
    assert [n.text for n in meetings.notes(meeting.id)] == ["We share referrals weekly"]
    assert [x.submitted_by for x in SubmissionQueue(store).submissions("pending")] == ["Ana"]
    cached = GeocodeCache(store).get_many(["1 Main St, Springfield"])
    assert cached["1 Main St, Springfield"].latitude == pytest.approx(39.8)
    with store.connect() as conn:
        (first_at,) = conn.execute("SELECT first_at FROM sign_in_failures").fetchone()
    assert SignInLimiter(store).status("client-x", now=first_at + 1).failures == 1
    forget(release_location)


def test_the_migrations_build_exactly_the_tables_module(db_location: str) -> None:
    store = WorkspaceStore(db_location)
    inspector = sa.inspect(store.db.engine)
    found = set(inspector.get_table_names()) - {"alembic_version"}
    assert found == set(t.metadata.tables)
    for name, table in t.metadata.tables.items():
        assert {c["name"] for c in inspector.get_columns(name)} == set(table.c.keys()), name
    indexes = {i["name"] for name in found for i in inspector.get_indexes(name)}
    assert {"poll_votes_one_per_name", "assessments_by_kind"} <= indexes


def test_opening_an_up_to_date_database_runs_no_migration(
    db_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    WorkspaceStore(db_location)
    from alembic import command

    def fail(*_args: object, **_kw: object) -> None:
        raise AssertionError("a migration ran on an up-to-date database")

    monkeypatch.setattr(command, "upgrade", fail)
    assert WorkspaceStore(db_location).current_version() is None
