"""Saved work belongs to the workspace it was made for; a Replace archives it, undo brings it back.

A *workspace* here is a line of versions: a Replace (new files, the sample, an empty
start) begins a new one at the version it saves; merges, edits and fixes continue the
workspace of their parent. The workspace of a version is the nearest version at or before
it (following ``parent``) that began one; in a database older than this module, the
oldest version kept.

Saved work (agreement draft, saved answers, meetings, votes, assessments, ...) lives in
other modules' tables and in settings; each kind is a :class:`SavedGroup`, listed by
:mod:`mapping.meeting.saved_work`. At a Replace, the groups the facilitator does not keep
are *archived*: their rows and settings are copied, as JSON, into ``saved_work_archive``
under the workspace being left, and removed. Going back to a version of that workspace
(History: undo or restore) swaps them: the same groups of the workspace being left are
archived under it, and the archived ones come back, with their own ids.

Tables (created here, the way every module creates its own):

* ``workspace_starts(version INTEGER PRIMARY KEY, started_at TEXT)``: versions that
  began a workspace;
* ``saved_work_archive(workspace INTEGER, grp TEXT, kind TEXT, name TEXT, data TEXT,
  archived_at TEXT, PRIMARY KEY (workspace, grp, kind, name))``: ``kind`` is 'table' or
  'setting'; ``data`` is ``{"columns": [...], "rows": [[...], ...]}`` for a table and the
  setting's JSON value (``null`` when it was not set) for a setting.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mapping.data import tables as db_tables
from mapping.data.database import Db
from mapping.data.store import WorkspaceStore


@dataclass(frozen=True)
class SavedGroup:
    """One kind of saved work: its tables (a parent table before the tables that refer to
    it) and its settings."""

    name: str
    label: str
    tables: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Archived:
    """Saved work archived with a workspace: the workspace (the version that began it),
    when, and the groups with the number of rows (or settings) each holds."""

    workspace: int
    archived_at: str
    groups: dict[str, int]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SavedWork:
    """Which workspace each version belongs to, and the saved work archived with each."""

    def __init__(self, store: WorkspaceStore, groups: Sequence[SavedGroup]) -> None:
        self.store = store
        self.groups = {g.name: g for g in groups}  # tables: mapping.data.tables (migrations)

    # ------------------------------------------------------------------ lineage
    def workspace_of(self, version: int | None) -> int | None:
        """The version that began the workspace ``version`` belongs to (None: no version)."""
        if version is None:
            return None
        with self.store.connect() as conn:
            row = conn.execute(
                """WITH RECURSIVE line(id, parent, depth) AS (
                       SELECT id, parent, 0 FROM versions WHERE id = ?
                       UNION ALL
                       SELECT v.id, v.parent, line.depth + 1 FROM versions v
                       JOIN line ON v.id = line.parent
                       WHERE line.id NOT IN (SELECT version FROM workspace_starts)
                   )
                   SELECT id, parent FROM line ORDER BY depth DESC LIMIT 1""",
                (version,),
            ).fetchone()
            if row is None:
                return version
            first, parent = int(row[0]), row[1]
            # The version that began the workspace may have been pruned (store.KEEP_VERSIONS)
            # while its later versions are kept: it is still the workspace's id.
            if parent is not None and (
                conn.execute(
                    "SELECT 1 FROM workspace_starts WHERE version=?", (int(parent),)
                ).fetchone()
                and not conn.execute(
                    "SELECT 1 FROM workspace_starts WHERE version=?", (first,)
                ).fetchone()
            ):
                return int(parent)
        return first

    def current_workspace(self) -> int | None:
        """The workspace of the current version."""
        return self.workspace_of(self.store.current_version())

    def mark_start(self, version: int) -> None:
        """Record that ``version`` began a new workspace."""
        with self.store.transaction() as conn:
            conn.upsert(
                db_tables.workspace_starts,
                {"version": version, "started_at": _now()},
                update=False,
            )

    # ------------------------------------------------------------------ what there is
    def amount(self, group: str) -> int:
        """How many rows (first table) or settings the live saved work of ``group`` holds."""
        g = self.groups[group]
        with self.store.connect() as conn:
            n = 0
            if g.tables and _exists(conn, g.tables[0]):
                n += int(conn.execute(f"SELECT COUNT(*) FROM {_quote(g.tables[0])}").fetchone()[0])
            for key in g.settings:
                n += (
                    conn.execute("SELECT 1 FROM settings WHERE key=?", (key,)).fetchone()
                    is not None
                )
        return n

    def archived(self) -> list[Archived]:
        """Every workspace with archived saved work, newest first."""
        out: dict[int, Archived] = {}
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT workspace, grp, kind, name, data, archived_at FROM saved_work_archive "
                "ORDER BY workspace DESC, grp"
            ).fetchall()
        for workspace, grp, kind, name, data, at in rows:
            entry = out.setdefault(int(workspace), Archived(int(workspace), str(at), {}))
            value = json.loads(data)
            if kind == "table":
                g = self.groups.get(str(grp))
                if g is None or (g.tables and name == g.tables[0]):
                    entry.groups[str(grp)] = entry.groups.get(str(grp), 0) + len(value["rows"])
                else:
                    entry.groups.setdefault(str(grp), 0)
            else:
                entry.groups[str(grp)] = entry.groups.get(str(grp), 0) + (value is not None)
        return list(out.values())

    def archived_groups(self, workspace: int) -> set[str]:
        with self.store.connect() as conn:
            return {
                str(r[0])
                for r in conn.execute(
                    "SELECT DISTINCT grp FROM saved_work_archive WHERE workspace=?", (workspace,)
                )
            }

    # ------------------------------------------------------------------ moving work
    def archive(self, workspace: int, groups: Iterable[str]) -> None:
        """Archive the live saved work of ``groups`` under ``workspace`` and remove it."""
        with self.store.transaction() as conn:
            self._archive(conn, workspace, list(groups))

    def switch(self, leaving: int | None, to: int | None) -> set[str]:
        """Going from workspace ``leaving`` to ``to``: the groups archived with ``to`` come
        back, and the same groups of ``leaving`` are archived. Returns those groups."""
        if leaving == to or to is None:
            return set()
        groups = sorted(self.archived_groups(to) & set(self.groups))
        if not groups:
            return set()
        with self.store.transaction() as conn:
            if leaving is not None:
                marks = ",".join("?" * len(groups))
                conn.execute(
                    f"DELETE FROM saved_work_archive WHERE workspace=? AND grp IN ({marks})",
                    (leaving, *groups),
                )
                self._archive(conn, leaving, groups)
            self._restore(conn, to, groups)
        return set(groups)

    def _archive(self, conn: Db, workspace: int, groups: list[str]) -> None:
        at = _now()
        for name in groups:
            g = self.groups[name]
            for table in g.tables:
                if not _exists(conn, table):
                    continue
                cur = conn.execute(f"SELECT * FROM {_quote(table)}")
                data = {"columns": list(cur.keys()), "rows": [list(r) for r in cur.fetchall()]}
                _put(conn, workspace, name, "table", table, data, at)
            for key in g.settings:
                row = conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
                _put(conn, workspace, name, "setting", key, json.loads(row[0]) if row else None, at)
            self._clear(conn, g)

    def _clear(self, conn: Db, g: SavedGroup) -> None:
        for table in reversed(g.tables):
            if _exists(conn, table):
                conn.execute(f"DELETE FROM {_quote(table)}")
        for key in g.settings:
            conn.execute("DELETE FROM settings WHERE key=?", (key,))

    def _restore(self, conn: Db, workspace: int, groups: list[str]) -> None:
        for name in groups:
            g = self.groups[name]
            self._clear(conn, g)
            stored = {
                (str(kind), str(key)): json.loads(data)
                for kind, key, data in conn.execute(
                    "SELECT kind, name, data FROM saved_work_archive WHERE workspace=? AND grp=?",
                    (workspace, name),
                )
            }
            for table in g.tables:
                data = stored.get(("table", table))
                if not data or not data["rows"] or not _exists(conn, table):
                    continue
                conn.insert_rows(
                    db_tables.metadata.tables[table],
                    [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]],
                )
            for key in g.settings:
                value = stored.get(("setting", key))
                if value is not None:
                    conn.upsert(db_tables.settings, {"key": key, "value": json.dumps(value)})
            conn.execute(
                "DELETE FROM saved_work_archive WHERE workspace=? AND grp=?", (workspace, name)
            )


def _exists(conn: Db, table: str) -> bool:
    """Every table is made by the migrations (mapping.data.tables); a name that is not
    one is not a table of this database."""
    return table in db_tables.metadata.tables


def _put(
    conn: Db,
    workspace: int,
    group: str,
    kind: str,
    name: str,
    data: object,
    at: str,
) -> None:
    conn.upsert(
        db_tables.saved_work_archive,
        {
            "workspace": workspace,
            "grp": group,
            "kind": kind,
            "name": name,
            "data": json.dumps(data),
            "archived_at": at,
        },
    )
