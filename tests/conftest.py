"""Shared fixtures: paths, the real datasets, an isolated workspace database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pgserver import TEMPLATE, ThrowawayPostgres, pg_bin

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
REALDATA = Path(os.environ.get("REALDATA_DIR", ROOT.parent / "shared" / "realdata"))
STRICT = os.environ.get("CI_STRICT") == "1"


def unavailable(message: str) -> None:
    """A test input is missing: a failure under CI_STRICT=1 (CI), else a skip."""
    if STRICT:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def realdata() -> Path:
    """../shared/realdata (or $REALDATA_DIR)."""
    if not REALDATA.is_dir():
        unavailable(f"the real datasets are not at {REALDATA} (set REALDATA_DIR)")
    return REALDATA


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh workspace database for the app, via RESOURCE_MAP_DB."""
    path = tmp_path / "workspace.sqlite3"
    monkeypatch.setenv("RESOURCE_MAP_DB", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    yield path


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    """A throwaway PostgreSQL server for the whole run (stopped and deleted afterwards)."""
    if pg_bin() is None:
        unavailable(
            "PostgreSQL is not installed, so the PostgreSQL tests cannot run: `make test` "
            "installs Debian's postgresql (skipped: no postgresql)"
        )
    server = ThrowawayPostgres().start()
    try:
        server.migrated_template()
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated workspace database: a SQLite file, then a PostgreSQL database."""
    from mapping.data.database import forget

    if request.param == "sqlite":
        location = str(tmp_path / "db.sqlite3")
    else:
        server: ThrowawayPostgres = request.getfixturevalue("postgres")
        location = server.new_database(TEMPLATE)
    yield location
    forget(location)


@pytest.fixture(scope="session")
def sample_ws():  # type: ignore[no-untyped-def]
    from mapping.data.sample import load_sample

    return load_sample()
