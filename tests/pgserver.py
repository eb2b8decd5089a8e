"""A throwaway PostgreSQL server for the tests and the benchmarks.

Debian's ``postgresql`` package (``make test`` installs it) ships ``initdb`` and
``pg_ctl`` under /usr/lib/postgresql/<version>/bin. :class:`ThrowawayPostgres` makes a
cluster in a temporary folder, starts it on a free port of 127.0.0.1 (no Unix socket in
/var/run, no password: ``trust`` for local connections only), and deletes everything
when stopped. PostgreSQL refuses to run as root, so under root the cluster belongs to
the ``postgres`` system user (made by the package), or ``nobody``.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

TEMPLATE = "workspace_template"


def pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("pg_ctl")
    if found and Path(found).with_name("initdb").exists():
        return Path(found).resolve().parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(versions[-1]).parent if versions else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayPostgres:
    """``with ThrowawayPostgres() as pg: pg.new_database()`` -> a URL of an empty database."""

    def __init__(self, *, durable: bool = False) -> None:
        """``durable``: fsync on, as a real server (the benchmarks); off for the tests."""
        self.durable = durable
        found = pg_bin()
        if found is None:
            raise FileNotFoundError(
                "PostgreSQL is not installed: `make test` installs Debian's postgresql "
                "(or: sudo apt-get install postgresql)."
            )
        self.bin: Path = found
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="resmap-pg-"))
        self.data = self.root / "data"
        self._user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                with contextlib.suppress(KeyError):
                    self._user = pwd.getpwnam(name)
                    break
        self._n = 0

    def _run(self, *args: str) -> None:
        kwargs: dict[str, object] = {}
        if self._user is not None:
            kwargs = {"user": self._user.pw_uid, "group": self._user.pw_gid, "extra_groups": []}
        subprocess.run(
            args,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=self.root,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
            **kwargs,  # type: ignore[call-overload]
        )

    def start(self) -> ThrowawayPostgres:
        if self._user is not None:
            os.chown(self.root, self._user.pw_uid, self._user.pw_gid)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c max_connections=300"
        )
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def new_database(self, template: str | None = None) -> str:
        """A URL of a new, empty database (or a copy of ``template``)."""
        self._n += 1
        name = f"test_{os.getpid()}_{self._n}"
        self._admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.url(name)

    def migrated_template(self) -> str:
        """The name of a database at the newest schema, to copy for each test (fast)."""
        from mapping.data.database import Database, upgrade

        try:
            self._admin(f"CREATE DATABASE {TEMPLATE}")
        except Exception as exc:
            if "already exists" not in str(exc):
                raise
            return TEMPLATE
        db = Database(self.url(TEMPLATE))
        upgrade(db)
        db.dispose()
        return TEMPLATE

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""
