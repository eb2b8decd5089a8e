"""Cached access to the workspace database: the only place with st.cache_* decorators.

Every browser session reads the same SQLite file. The workspace is cached per
(database, version), and the current version is read on every rerun (one small query),
so a change saved in one session shows in every other on its next rerun.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from mapping.pairs import partner_pairs
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
