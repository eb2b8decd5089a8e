"""Cached access to the workspace database: the only place with st.cache_* decorators.

Every browser session reads the same SQLite file. The workspace is cached per
(database, version), and the current version is read on every rerun (one small query),
so a change saved in one session shows in every other on its next rerun.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from mapping.approvals import SubmissionQueue
from mapping.kickoff import Meetings
from mapping.lockout import SignInLimiter
from mapping.pairs import partner_pairs
from mapping.polls import Polls
from mapping.sample import SAMPLE_NOTE, load_sample
from mapping.store import WorkspaceStore
from mapping.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
DB_ENV = "RESOURCE_MAP_DB"
DEFAULT_DB = ROOT / "var" / "workspace.sqlite3"


def db_path() -> Path:
    """The workspace database: $RESOURCE_MAP_DB, else var/workspace.sqlite3."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


@st.cache_resource(show_spinner=False)
def _store(path: str) -> WorkspaceStore:
    store = WorkspaceStore(path)
    if store.current_version() is None:
        store.save(load_sample(), action="sample", note=SAMPLE_NOTE)
    return store


def get_store() -> WorkspaceStore:
    """The shared workspace store (created, with the sample community, on first use)."""
    return _store(str(db_path()))


@st.cache_data(show_spinner="Loading the workspace...", max_entries=6)
def _workspace(path: str, version: int | None) -> Workspace:
    return _store(path).load(version)


def current_workspace() -> Workspace:
    """The current version of the shared workspace."""
    store = get_store()
    return _workspace(str(store.path), store.current_version())


# ---------------------------------------------------------------- recommendation: partner pairs
@st.cache_data(show_spinner="Comparing partner pairs...", max_entries=6)
def _pairs(path: str, version: int | None) -> pd.DataFrame:
    return partner_pairs(_workspace(path, version))


def current_pairs() -> pd.DataFrame:
    """The partner pairs of the current workspace (mapping.pairs.partner_pairs), cached."""
    store = get_store()
    return _pairs(str(store.path), store.current_version())


# ---------------------------------------------------------------- import (HSDS, Kumu)
if TYPE_CHECKING:
    import pandas as pd

    import mapping.formats
    import mapping.hsds_format


@st.cache_data(show_spinner="Recognising the files...", max_entries=4)
def import_format(files: tuple[tuple[str, bytes], ...]) -> str:
    """The detected format of uploaded files (see mapping.formats.detect_format)."""
    from mapping.formats import detect_format

    return detect_format(dict(files))


@st.cache_data(show_spinner="Reading the HSDS package...", max_entries=4)
def hsds_package(files: tuple[tuple[str, bytes], ...]) -> mapping.hsds_format.HsdsPackage:
    """An uploaded HSDS package, read once per set of files."""
    from mapping.hsds_format import read_hsds_package

    return read_hsds_package(dict(files))


@st.cache_data(show_spinner="Checking every row...", max_entries=8)
def import_preview(
    files: tuple[tuple[str, bytes], ...],
    fmt: str,
    options: mapping.formats.ImportOptions,
    db: str,
    version: int | None,
) -> Workspace:
    """The workspace importing the files would give, on top of version ``version``."""
    from mapping.formats import HSDS, import_files

    package = hsds_package(files) if fmt == HSDS else None
    return import_files(dict(files), fmt, _workspace(db, version), options, package=package)


@st.cache_data(show_spinner="Mapping the taxonomy terms...", max_entries=8)
def hsds_term_table(
    files: tuple[tuple[str, bytes], ...], term_map: tuple[tuple[str, str], ...]
) -> pd.DataFrame:
    """The taxonomy terms an uploaded HSDS package's services use, with their categories."""
    from mapping.hsds import hsds_terms

    return hsds_terms(hsds_package(files), dict(term_map))


# ---------------------------------------------------------------- meeting room (issue 6)
# One object per database, shared by every session: they keep no state of their own
# beyond the store, and creating their tables once is enough.
@st.cache_resource(show_spinner=False)
def _polls(path: str) -> Polls:
    return Polls(_store(path))


@st.cache_resource(show_spinner=False)
def _meetings(path: str) -> Meetings:
    return Meetings(_store(path))


@st.cache_resource(show_spinner=False)
def _queue(path: str) -> SubmissionQueue:
    return SubmissionQueue(_store(path))


@st.cache_resource(show_spinner=False)
def _limiter(path: str) -> SignInLimiter:
    return SignInLimiter(_store(path))


def get_polls() -> Polls:
    """Proposals and votes (Gradients of Agreement) in the workspace database."""
    return _polls(str(db_path()))


def get_meetings() -> Meetings:
    """Kickoff meetings and their notes in the workspace database."""
    return _meetings(str(db_path()))


def get_queue() -> SubmissionQueue:
    """Organization forms waiting for the facilitator's approval."""
    return _queue(str(db_path()))


def get_limiter() -> SignInLimiter:
    """The sign-in lock-out counter."""
    return _limiter(str(db_path()))
