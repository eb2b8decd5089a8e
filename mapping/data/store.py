"""The workspace database every browser session (and every app server) shares.

Each change (an upload, a merge, an edit, an approved submission) saves a whole new
*version* of the workspace in one transaction, and moves the ``current`` pointer to it.
Undo moves the pointer back to the version that was current before; old versions are
pruned past :data:`KEEP_VERSIONS`.

The database is the embedded SQLite file by default, or PostgreSQL when given a URL
(see :mod:`mapping.data.database`); its tables are defined in :mod:`mapping.data.tables`
and created or upgraded by the migrations when the store opens it. Other modules keep
their own tables in the same database (geocode cache, polls, ...): they call
:meth:`WorkspaceStore.transaction` or :meth:`WorkspaceStore.connect`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Integer, delete, select

from mapping.data import schema as s
from mapping.data import tables as t
from mapping.data.database import Database, Db, open_database
from mapping.data.errors import Problem, WorkspaceError
from mapping.data.workspace import Workspace, conform, frame_columns, resolve_service_locations

KEEP_VERSIONS = 30
#: Rows per INSERT batch when saving a workspace (executemany, not a row per statement).
BATCH = 5000


@dataclass(frozen=True)
class Version:
    """One saved state of the workspace."""

    id: int
    created_at: str
    action: str
    note: str
    parent: int | None
    current: bool


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _current(conn: Db) -> int | None:
    row = conn.execute(select(t.meta.c.value).where(t.meta.c.key == "current")).fetchone()
    return int(row[0]) if row else None


class WorkspaceStore:
    """The workspace database at ``location``: a SQLite file path (created on first use)
    or a PostgreSQL URL. Either way it is brought up to date when opened."""

    def __init__(self, location: str | Path) -> None:
        self.db: Database = open_database(location)
        #: The SQLite file, or the URL without its password: names the database in
        #: cache keys and messages.
        self.path: Path | str = self.db.path if self.db.path is not None else self.db.name

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.db.dialect

    @contextmanager
    def connect(self) -> Iterator[Db]:
        """A short-lived connection for reads (use :meth:`transaction` to write)."""
        with self.db.connect() as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Db]:
        """A write transaction: one writer at a time, rolled back on error (see
        :meth:`mapping.data.database.Database.transaction`)."""
        with self.db.transaction() as conn:
            yield conn

    # ------------------------------------------------------------------ versions
    def current_version(self) -> int | None:
        """The id of the current version, or None for a new, empty database."""
        with self.connect() as conn:
            return _current(conn)

    def versions(self) -> list[Version]:
        """Every kept version, newest first."""
        v = t.versions.c
        with self.connect() as conn:
            current = _current(conn)
            rows = conn.execute(
                select(v.id, v.created_at, v.action, v.note, v.parent).order_by(v.id.desc())
            ).fetchall()
        return [Version(r[0], r[1], r[2], r[3], r[4], r[0] == current) for r in rows]

    def save(
        self, ws: Workspace, *, action: str, note: str = "", only_if_empty: bool = False
    ) -> int:
        """Save ``ws`` as a new version and make it current; returns the version id.

        ``only_if_empty``: save only into a database without any version yet (the sample
        a first start adds; two servers starting together add it once). Returns the
        current version, unchanged, when there is one.
        """
        with self.transaction() as conn:
            parent = _current(conn)
            if only_if_empty and parent is not None:
                return parent
            version = conn.insert(
                t.versions,
                {"created_at": _now(), "action": action, "note": note, "parent": parent},
            )
            for file, table in t.FRAMES.items():
                self._insert_frame(conn, version, file, table, ws.frame(file))
            conn.insert_rows(
                t.problems,
                [
                    {
                        "version": version,
                        "seq": i,
                        "file": p.file,
                        "row": p.row,
                        "column_name": p.column,
                        "value": p.value,
                        "message": p.message,
                        "severity": p.severity,
                        "kind": p.kind,
                    }
                    for i, p in enumerate(ws.problems)
                ],
            )
            conn.insert_rows(
                t.counts,
                [{"version": version, "file": f, **c} for f, c in ws.counts.items()],
            )
            conn.insert_rows(
                t.rejected_rows,
                [
                    {"version": version, "file": f, "seq": i, "data": json.dumps(rec, default=str)}
                    for f, df in ws.rejected.items()
                    for i, rec in enumerate(
                        df.astype(object).where(df.notna(), None).to_dict("records")
                    )
                ],
            )
            conn.upsert(t.meta, {"key": "current", "value": str(version)})
            self._prune(conn)
        return version

    @staticmethod
    def _insert_frame(conn: Db, version: int, file: str, table: Any, df: pd.DataFrame) -> None:
        spec = s.SPECS[file]
        cols = list(frame_columns(spec))
        out = df[cols].copy()
        if file == s.SERVICES:  # inherited locations are stored blank, resolved on read
            mask = out[s.AT_PARTNER_LOCATION].to_numpy(dtype=bool)
            for c in s.LOCATION_COLUMNS:
                out.loc[mask, c] = (
                    False
                    if c == s.CONFIDENTIAL
                    else (float("nan") if c in (s.LATITUDE, s.LONGITUDE) else "")
                )
        # Integer columns get Python ints (booleans as 0/1, never 1.0 from a column with
        # blanks): PostgreSQL will not put a boolean or a float in an integer column.
        for c in cols:
            if t.column_type(spec, c) is Integer:
                out[c] = pd.Series(
                    [None if pd.isna(x) else int(x) for x in out[c]], index=out.index, dtype=object
                )
        out[t.ROW_ORDER] = range(len(out))
        out["version"] = version
        values = out.astype(object).where(out.notna(), None).to_numpy().tolist()
        names = [*cols, t.ROW_ORDER, "version"]
        for start in range(0, len(values), BATCH):
            conn.bulk_insert(table, names, values[start : start + BATCH])

    @staticmethod
    def _prune(conn: Db) -> None:
        v = t.versions.c
        keep = [r[0] for r in conn.execute(select(v.id).order_by(v.id.desc()).limit(KEEP_VERSIONS))]
        if len(keep) < KEEP_VERSIONS:
            return
        oldest = min(keep)
        for table in t.VERSIONED:
            conn.execute(delete(table).where(table.c.version < oldest))
        conn.execute(delete(t.versions).where(v.id < oldest))

    def load(self, version: int | None = None) -> Workspace:
        """The workspace at ``version`` (default: the current one; empty if none yet).

        Raises:
            WorkspaceError: the version does not exist (it may have been pruned).
        """
        with self.connect() as conn:
            version = _current(conn) if version is None else version
            if version is None:
                return Workspace(version=None)
            row = conn.execute(
                select(t.versions.c.note).where(t.versions.c.id == version)
            ).fetchone()
            if row is None:
                raise WorkspaceError(
                    f"version {version} of the workspace no longer exists; "
                    "choose another one from the history."
                )
            frames = {}
            for file, table in t.FRAMES.items():
                names = list(frame_columns(s.SPECS[file]))
                rows = conn.fetch_tuples(
                    select(*(table.c[c] for c in names))
                    .where(table.c.version == int(version))
                    .order_by(table.c[t.ROW_ORDER])
                )
                df = pd.DataFrame(rows, columns=names)
                frames[file] = conform(df, s.SPECS[file])
            p = t.problems.c
            problems = [
                Problem(r[0], r[1], r[2], r[3], r[4], r[5], r[6])
                for r in conn.execute(
                    select(p.file, p.row, p.column_name, p.value, p.message, p.severity, p.kind)
                    .where(p.version == version)
                    .order_by(p.seq)
                )
            ]
            c = t.counts.c
            counts = {
                r[0]: {"read": r[1], "loaded": r[2], "rejected": r[3]}
                for r in conn.execute(
                    select(c.file, c.read, c.loaded, c.rejected).where(c.version == version)
                )
            }
            rejected_records: dict[str, list[dict[str, object]]] = {}
            j = t.rejected_rows.c
            for file, data in conn.execute(
                select(j.file, j.data).where(j.version == version).order_by(j.file, j.seq)
            ):
                rejected_records.setdefault(file, []).append(json.loads(data))
        rejected = {f: pd.DataFrame(recs) for f, recs in rejected_records.items()}
        services = resolve_service_locations(frames[s.PARTNERS], frames[s.SERVICES])
        return Workspace(
            frames[s.PARTNERS],
            services,
            frames[s.RELATIONSHIPS],
            problems,
            counts,
            rejected,
            source=row[0],
            version=version,
        )

    def restore(self, version: int) -> None:
        """Make an earlier version current again (nothing is deleted)."""
        with self.transaction() as conn:
            found = conn.execute(
                select(t.versions.c.id).where(t.versions.c.id == version)
            ).fetchone()
            if found is None:
                raise WorkspaceError(f"version {version} of the workspace no longer exists.")
            conn.upsert(t.meta, {"key": "current", "value": str(version)})

    def undo(self) -> int:
        """Go back to the version that was current before the current one; returns its id.

        Raises:
            WorkspaceError: there is nothing to undo.
        """
        current = self.current_version()
        with self.connect() as conn:
            row = conn.execute(
                select(t.versions.c.parent).where(t.versions.c.id == current)
            ).fetchone()
        if row is None or row[0] is None:
            raise WorkspaceError("there is no earlier version to go back to.")
        self.restore(int(row[0]))
        return int(row[0])

    # ------------------------------------------------------------------ settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        """A workspace setting (JSON value) shared by every session, or ``default``."""
        with self.connect() as conn:
            row = conn.execute(select(t.settings.c.value).where(t.settings.c.key == key)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Store a workspace setting (any JSON-serialisable value)."""
        with self.transaction() as conn:
            conn.upsert(t.settings, {"key": key, "value": json.dumps(value)})
