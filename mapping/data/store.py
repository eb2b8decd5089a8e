"""The workspace database: an embedded SQLite file every browser session shares.

Each change (an upload, a merge, an edit, an approved submission) saves a whole new
*version* of the workspace in one transaction, and moves the ``current`` pointer to it.
Undo moves the pointer back to the version that was current before; old versions are
pruned past :data:`KEEP_VERSIONS`. WAL mode lets readers go on while a writer writes.

Other modules keep their own tables in the same file (geocode cache, polls, ...): they
call :meth:`WorkspaceStore.transaction` or :meth:`WorkspaceStore.connect` and create their
tables with ``CREATE TABLE IF NOT EXISTS``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from mapping.data import schema as s
from mapping.data.errors import Problem, WorkspaceError
from mapping.data.workspace import Workspace, conform, frame_columns, resolve_service_locations

KEEP_VERSIONS = 30
_TABLES = {s.PARTNERS: "partners", s.SERVICES: "services", s.RELATIONSHIPS: "relationships"}


@dataclass(frozen=True)
class Version:
    """One saved state of the workspace."""

    id: int
    created_at: str
    action: str
    note: str
    parent: int | None
    current: bool


def _sql_type(spec: s.FileSpec, name: str) -> str:
    if name == s.AT_PARTNER_LOCATION:
        return "INTEGER"
    kind = spec.column(name).kind
    return {"float": "REAL", "int": "INTEGER", "bool": "INTEGER"}.get(kind, "TEXT")


def _schema_sql() -> str:
    parts = [
        """CREATE TABLE IF NOT EXISTS versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            action TEXT NOT NULL,
            note TEXT NOT NULL,
            parent INTEGER)""",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS problems (
            version INTEGER NOT NULL, seq INTEGER NOT NULL, file TEXT, row INTEGER,
            column_name TEXT, value TEXT, message TEXT NOT NULL, severity TEXT NOT NULL,
            kind TEXT NOT NULL, PRIMARY KEY (version, seq))""",
        """CREATE TABLE IF NOT EXISTS counts (
            version INTEGER NOT NULL, file TEXT NOT NULL, read INTEGER NOT NULL,
            loaded INTEGER NOT NULL, rejected INTEGER NOT NULL, PRIMARY KEY (version, file))""",
        """CREATE TABLE IF NOT EXISTS rejected_rows (
            version INTEGER NOT NULL, file TEXT NOT NULL, seq INTEGER NOT NULL,
            data TEXT NOT NULL, PRIMARY KEY (version, file, seq))""",
    ]
    for file, table in _TABLES.items():
        spec = s.SPECS[file]
        cols = ", ".join(f'"{c}" {_sql_type(spec, c)}' for c in frame_columns(spec))
        key = ", ".join(f'"{c}"' for c in spec.key)
        parts.append(
            f"CREATE TABLE IF NOT EXISTS {table} (version INTEGER NOT NULL, "
            f"{cols}, PRIMARY KEY (version, {key}))"
        )
    return ";\n".join(parts) + ";"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class WorkspaceStore:
    """The workspace database at ``path`` (created on first use)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self.connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_schema_sql())

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A short-lived connection (autocommit; use :meth:`transaction` to write)."""
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA foreign_keys=ON")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT, rolled back on error)."""
        with self._lock, self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # ------------------------------------------------------------------ versions
    def current_version(self) -> int | None:
        """The id of the current version, or None for a new, empty database."""
        with self.connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key='current'").fetchone()
        return int(row[0]) if row else None

    def versions(self) -> list[Version]:
        """Every kept version, newest first."""
        current = self.current_version()
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT id, created_at, action, note, parent FROM versions ORDER BY id DESC"
            ).fetchall()
        return [Version(r[0], r[1], r[2], r[3], r[4], r[0] == current) for r in rows]

    def save(self, ws: Workspace, *, action: str, note: str = "") -> int:
        """Save ``ws`` as a new version and make it current; returns the version id."""
        with self.transaction() as conn:
            parent = conn.execute("SELECT value FROM meta WHERE key='current'").fetchone()
            cur = conn.execute(
                "INSERT INTO versions (created_at, action, note, parent) VALUES (?, ?, ?, ?)",
                (_now(), action, note, int(parent[0]) if parent else None),
            )
            version = int(cur.lastrowid or 0)
            for file, table in _TABLES.items():
                self._insert_frame(conn, version, file, table, ws.frame(file))
            conn.executemany(
                "INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (version, i, p.file, p.row, p.column, p.value, p.message, p.severity, p.kind)
                    for i, p in enumerate(ws.problems)
                ],
            )
            conn.executemany(
                "INSERT INTO counts VALUES (?, ?, ?, ?, ?)",
                [(version, f, c["read"], c["loaded"], c["rejected"]) for f, c in ws.counts.items()],
            )
            conn.executemany(
                "INSERT INTO rejected_rows VALUES (?, ?, ?, ?)",
                [
                    (version, f, i, json.dumps(rec, default=str))
                    for f, df in ws.rejected.items()
                    for i, rec in enumerate(
                        df.astype(object).where(df.notna(), None).to_dict("records")
                    )
                ],
            )
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('current', ?)", (str(version),))
            self._prune(conn, version)
        return version

    @staticmethod
    def _insert_frame(
        conn: sqlite3.Connection, version: int, file: str, table: str, df: pd.DataFrame
    ) -> None:
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
        records = out.astype(object).where(out.notna(), None).itertuples(index=False)
        placeholders = ", ".join("?" * (len(cols) + 1))
        names = ", ".join(f'"{c}"' for c in cols)
        conn.executemany(
            f"INSERT INTO {table} (version, {names}) VALUES ({placeholders})",
            ((version, *r) for r in records),
        )

    def _prune(self, conn: sqlite3.Connection, current: int) -> None:
        keep = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM versions ORDER BY id DESC LIMIT ?", (KEEP_VERSIONS,)
            )
        ]
        if len(keep) < KEEP_VERSIONS:
            return
        oldest = min(keep)
        for table in (*_TABLES.values(), "problems", "counts", "rejected_rows"):
            conn.execute(f"DELETE FROM {table} WHERE version < ?", (oldest,))
        conn.execute("DELETE FROM versions WHERE id < ?", (oldest,))

    def load(self, version: int | None = None) -> Workspace:
        """The workspace at ``version`` (default: the current one; empty if none yet).

        Raises:
            WorkspaceError: the version does not exist (it may have been pruned).
        """
        version = self.current_version() if version is None else version
        if version is None:
            return Workspace(version=None)
        with self.connect() as conn:
            row = conn.execute("SELECT note FROM versions WHERE id=?", (version,)).fetchone()
            if row is None:
                raise WorkspaceError(
                    f"version {version} of the workspace no longer exists; "
                    "choose another one from the history."
                )
            frames = {}
            for file, table in _TABLES.items():
                spec = s.SPECS[file]
                names = ", ".join(f'"{c}"' for c in frame_columns(spec))
                df = pd.read_sql_query(
                    f"SELECT {names} FROM {table} WHERE version=? ORDER BY rowid",
                    conn,
                    params=(version,),
                )
                frames[file] = conform(df, spec)
            problems = [
                Problem(r[0], r[1], r[2], r[3], r[4], r[5], r[6])
                for r in conn.execute(
                    "SELECT file, row, column_name, value, message, severity, kind FROM problems "
                    "WHERE version=? ORDER BY seq",
                    (version,),
                )
            ]
            counts = {
                r[0]: {"read": r[1], "loaded": r[2], "rejected": r[3]}
                for r in conn.execute(
                    "SELECT file, read, loaded, rejected FROM counts WHERE version=?", (version,)
                )
            }
            rejected_records: dict[str, list[dict[str, object]]] = {}
            for file, data in conn.execute(
                "SELECT file, data FROM rejected_rows WHERE version=? ORDER BY file, seq",
                (version,),
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
            if conn.execute("SELECT 1 FROM versions WHERE id=?", (version,)).fetchone() is None:
                raise WorkspaceError(f"version {version} of the workspace no longer exists.")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('current', ?)", (str(version),))

    def undo(self) -> int:
        """Go back to the version that was current before the current one; returns its id.

        Raises:
            WorkspaceError: there is nothing to undo.
        """
        current = self.current_version()
        with self.connect() as conn:
            row = conn.execute("SELECT parent FROM versions WHERE id=?", (current,)).fetchone()
        if row is None or row[0] is None:
            raise WorkspaceError("there is no earlier version to go back to.")
        self.restore(int(row[0]))
        return int(row[0])

    # ------------------------------------------------------------------ settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        """A workspace setting (JSON value) shared by every session, or ``default``."""
        with self.connect() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Store a workspace setting (any JSON-serialisable value)."""
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json.dumps(value)))
