"""Cached access to the workspace database: the only place with st.cache_* decorators.

Every browser session reads the same SQLite file. The workspace is cached per
(database, version), and the current version is read on every rerun (one small query),
so a change saved in one session shows in every other on its next rerun.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from mapping.approvals import SubmissionQueue
from mapping.kickoff import Meetings
from mapping.lockout import SignInLimiter
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
