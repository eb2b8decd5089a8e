"""Where the workspace database lives and how to talk to it: SQLite or PostgreSQL.

A location is either a file path (the embedded SQLite file, the default: nothing to
install) or a database URL (``postgresql://user:password@host/db``, as hosted PostgreSQL
offers print it). :class:`Database` holds one SQLAlchemy engine per location and gives
out connections wrapped in :class:`Db`, which runs SQLAlchemy Core statements and
portable SQL text with ``?`` placeholders.

Write transactions keep what SQLite's ``BEGIN IMMEDIATE`` guaranteed, on both engines:
one writer at a time, so a read-then-write (is this name taken? which version is
current?) cannot interleave with another. See :meth:`Database.transaction`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    Select,
    Table,
    create_engine,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import Executable

MIGRATIONS = Path(__file__).resolve().with_name("migrations")
#: The key of PostgreSQL's transaction-level advisory lock that serialises writers.
WRITE_LOCK = 0x7265736D6170  # "resmap"


def database_url(location: str | Path) -> str:
    """A SQLAlchemy URL for a file path or a database URL.

    ``postgres://`` and ``postgresql://`` (what hosted offers print) use the psycopg driver.
    """
    loc = str(location)
    if "://" not in loc:
        return f"sqlite:///{Path(loc).expanduser().resolve()}"
    scheme, rest = loc.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        scheme = "postgresql+psycopg"
    return f"{scheme}://{rest}"


def safe_location(location: str | Path) -> str:
    """The location without its password (for cache keys, messages and logs)."""
    loc = str(location)
    if "://" not in loc:
        return loc
    return make_url(database_url(loc)).render_as_string(hide_password=True)


@lru_cache(maxsize=256)
def _qmark(sql: str) -> tuple[Any, int]:
    """``?`` placeholders as SQLAlchemy bound parameters ``:p0, :p1, ...``."""
    parts = sql.split("?")
    out = parts[0] + "".join(f":p{i}{part}" for i, part in enumerate(parts[1:]))
    return text(out), len(parts) - 1


class Db:
    """One connection, inside a transaction (see :meth:`Database.transaction`)."""

    def __init__(self, conn: Connection) -> None:
        self.sa = conn
        self.dialect = conn.dialect.name

    def execute(
        self, statement: str | Executable, params: Sequence[Any] | Mapping[str, Any] = ()
    ) -> Any:
        """Run a Core statement, or portable SQL text with ``?`` placeholders.

        Returns the ``CursorResult`` (typed ``Any``, as sqlite3's cursor was: its rows are
        tuples of whatever the query selects)."""
        if isinstance(statement, str):
            clause, n = _qmark(statement)
            if isinstance(params, Mapping):
                return self.sa.execute(clause, dict(params))
            if len(params) != n:
                raise ValueError(f"{n} placeholders but {len(params)} values: {statement}")
            return self.sa.execute(clause, {f"p{i}": v for i, v in enumerate(params)})
        return self.sa.execute(statement, dict(params) if isinstance(params, Mapping) else None)

    def insert_rows(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert many rows in one executemany (batched by the driver), not one per statement."""
        if rows:
            self.sa.execute(table.insert(), list(rows))

    def bulk_insert(
        self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert many rows of plain values (a workspace's 50,000 services) at driver speed.

        Dialect-specific on purpose, for speed: SQLite gets one ``executemany`` of tuples,
        PostgreSQL a ``COPY ... FROM STDIN`` (psycopg), the fastest way into either; going
        through SQLAlchemy's per-row parameter processing costs three times as long. Values
        must already be what the columns store (no type conversion happens here).
        """
        if not rows:
            return
        quote = self.sa.dialect.identifier_preparer.quote
        names = ", ".join(quote(c) for c in columns)
        if self.dialect == "postgresql":
            raw = self.sa.connection.driver_connection
            assert raw is not None
            sql = f"COPY {quote(table.name)} ({names}) FROM STDIN"
            try:
                with raw.cursor() as cur, cur.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            except raw.IntegrityError as exc:  # as SQLAlchemy reports it on every other path
                raise IntegrityError(sql, None, exc) from exc
            return
        marks = ", ".join("?" * len(columns))
        self.sa.exec_driver_sql(
            f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", list(map(tuple, rows))
        )

    def fetch_tuples(self, statement: Select[Any]) -> list[tuple[Any, ...]]:
        """All rows of a SELECT as plain tuples, straight from the driver (loading a large
        workspace; SQLAlchemy's Row objects cost twice as long). Bound values are
        rendered into the SQL, so use it only with numbers the code made, never user text."""
        sql = str(
            statement.compile(dialect=self.sa.dialect, compile_kwargs={"literal_binds": True})
        )
        raw = self.sa.connection.driver_connection
        assert raw is not None
        cur = raw.cursor()
        try:
            cur.execute(sql)
            return [tuple(r) for r in cur.fetchall()]
        finally:
            cur.close()

    def insert(self, table: Table, values: Mapping[str, Any]) -> int:
        """Insert one row; returns its new integer primary key."""
        key = self.sa.execute(table.insert().values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def upsert(
        self, table: Table, values: Mapping[str, Any], *, update: bool = True
    ) -> CursorResult[Any]:
        """Insert a row, or on a primary-key clash update it (``update``) or leave it.

        Dialect-specific on purpose: SQLAlchemy's generic ``insert`` has no "on conflict";
        SQLite and PostgreSQL share the ``INSERT ... ON CONFLICT`` syntax, each through
        its own dialect construct.
        """
        build = sqlite_insert if self.dialect == "sqlite" else pg_insert
        ins = build(table).values(**values)
        keys = [c.name for c in table.primary_key.columns]
        if update:
            changes = {k: ins.excluded[k] for k in values if k not in keys}
            return self.sa.execute(ins.on_conflict_do_update(index_elements=keys, set_=changes))
        return self.sa.execute(ins.on_conflict_do_nothing(index_elements=keys))


def _sqlite_engine(url: str) -> Engine:
    # A small pool: opening a connection and setting its pragmas costs more than the
    # queries of a live tally.
    engine = create_engine(
        url,
        pool_size=5,
        max_overflow=20,
        connect_args={"timeout": 30, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver never begins on its own: we do
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")  # readers go on while a writer writes
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # SQLite-specific: IMMEDIATE takes the write lock at BEGIN, so two writers never
        # both read and then both write (a plain BEGIN would let them and fail one).
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """The engine for one location; shared by every store on it in this process."""

    def __init__(self, location: str | Path) -> None:
        self.url = database_url(location)
        self.name = safe_location(location)
        backend = make_url(self.url).get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(
                f"the database URL {self.name!r} is neither SQLite nor PostgreSQL; use "
                "postgresql://user:password@host:5432/database."
            )
        self.dialect = backend
        self.path: Path | None = None
        if backend == "sqlite":
            self.path = Path(make_url(self.url).database or "")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(self.url)
        else:
            # A small pool per app server: hosted PostgreSQL plans allow 20-100 connections.
            self.engine = create_engine(
                self.url, pool_size=5, max_overflow=5, pool_pre_ping=True, pool_recycle=1800
            )
        self._lock = threading.Lock()

    @contextmanager
    def connect(self) -> Iterator[Db]:
        """A short-lived connection for reads (committed at the end, so a write there sticks)."""
        with self.engine.connect() as conn:
            yield Db(conn)
            if conn.in_transaction():
                conn.commit()

    @contextmanager
    def transaction(self) -> Iterator[Db]:
        """A write transaction, committed at the end, rolled back on error.

        One writer at a time, on both engines. SQLite: ``BEGIN IMMEDIATE`` (plus a
        process lock, so threads queue here instead of polling the busy timeout).
        PostgreSQL: a transaction-level advisory lock taken first, released at commit or
        rollback. An advisory lock rather than ``SELECT ... FOR UPDATE`` because some
        writes have no row to lock yet (a device's first vote, the first version), and
        rather than SERIALIZABLE because that aborts one of two clashing transactions,
        and every caller (which may already have raised a message) would need a retry
        loop. Readers are never blocked (MVCC), and writes here are small, so
        serialising them costs a few milliseconds under a meeting's load (bench/).
        """
        with self._lock, self.engine.connect() as plain:
            conn = plain.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
                yield Db(conn)

    def dispose(self) -> None:
        self.engine.dispose()


_DATABASES: dict[str, Database] = {}
#: Databases whose idle connections stay open in this process (an app uses one).
KEEP_OPEN = 8
_GUARD = threading.Lock()


def open_database(location: str | Path) -> Database:
    """The shared :class:`Database` for a location, brought up to date (migrations run)."""
    url = database_url(location)
    with _GUARD:
        db = _DATABASES.pop(url, None)
        if db is None:
            db = Database(location)
        _DATABASES[url] = db  # the most recently opened last
        while len(_DATABASES) > KEEP_OPEN:  # a test run opens hundreds: close the oldest
            oldest = next(iter(_DATABASES))
            _DATABASES.pop(oldest).dispose()  # still usable: it reconnects when asked
    upgrade(db)
    return db


@lru_cache(maxsize=1)
def _head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def _config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(db: Database) -> str | None:
    """The migration the database is at (None: new, or written before migrations)."""
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database) -> None:
    """Bring the database up to the newest schema (nothing to do when it already is).

    Runs in one write transaction, so two app servers starting together migrate once.
    """
    if current_revision(db) == _head():
        return
    from alembic import command

    with db.transaction() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn.sa
        command.upgrade(cfg, "head")


def forget(location: str | Path) -> None:
    """Close the connections to a location and drop its engine (tests and benchmarks)."""
    with _GUARD:
        db = _DATABASES.pop(database_url(location), None)
    if db is not None:
        db.dispose()
