"""Cached access to the workspace database: the only place with st.cache_* decorators.

Every browser session reads the same SQLite file. The workspace is cached per
(database, version), and the current version is read on every rerun (one small query),
so a change saved in one session shows in every other on its next rerun.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from mapping.sample import SAMPLE_NOTE, load_sample
from mapping.store import WorkspaceStore
from mapping.workspace import Workspace

if TYPE_CHECKING:
    import folium

    from mapping.geocoding import GeocodeJob
    from mapping.maps import MapData, MapFilters, MapLayers
    from mapping.vendor import MapAssets

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


# ---------------------------------------------------------------- map (issue 3)
# Geocoding and the map are cached by database, workspace version and the revision of
# the saved online look-ups; the map also by its filters and layers. Imports are local so
# pages without a map never load folium.


def geocode_revision() -> str:
    """Changes whenever a saved online look-up is added or forgotten."""
    from mapping.geocoding import GeocodeCache

    return GeocodeCache(get_store()).revision()


@st.cache_data(show_spinner="Placing partners and services on the map...", max_entries=4)
def _geocoded(path: str, version: int | None, revision: str) -> Workspace:
    from mapping.geocoding import geocode_workspace

    return geocode_workspace(_workspace(path, version), store=_store(path))


def geocoded_workspace() -> Workspace:
    """The current workspace, every row placed offline (with saved online look-ups)."""
    store = get_store()
    return _geocoded(str(store.path), store.current_version(), geocode_revision())


@st.cache_data(show_spinner=False, max_entries=8)
def _map_data(path: str, version: int | None, revision: str, filters: MapFilters) -> MapData:
    from mapping.maps import map_data

    return map_data(_geocoded(path, version, revision), filters)


def map_points(filters: MapFilters) -> MapData:
    """The placed, filtered points of the current workspace (what the map shows)."""
    store = get_store()
    return _map_data(str(store.path), store.current_version(), geocode_revision(), filters)


@dataclass(frozen=True)
class CachedMap:
    """A built map shared by every session, and the lock to hold while showing it."""

    map: folium.Map
    lock: threading.Lock


@st.cache_resource(show_spinner="Drawing the map...", max_entries=8)
def _partner_map(
    path: str,
    version: int | None,
    revision: str,
    filters: MapFilters,
    layers: MapLayers,
    assets: MapAssets,
) -> CachedMap:
    from mapping.maps import render_map

    data = _map_data(path, version, revision, filters)
    m = render_map(data, layers=layers, assets=assets)
    m.get_root().render()  # once: st_folium(render=False) reuses it on every rerun
    return CachedMap(m, threading.Lock())


def partner_map(filters: MapFilters, layers: MapLayers, assets: MapAssets) -> CachedMap:
    """The built map, rebuilt only when data, saved look-ups, filters or layers change."""
    store = get_store()
    return _partner_map(
        str(store.path), store.current_version(), geocode_revision(), filters, layers, assets
    )


@st.cache_resource(show_spinner=False)
def _geocode_jobs() -> dict[str, GeocodeJob]:
    return {}


def geocode_jobs() -> dict[str, GeocodeJob]:
    """Background online look-ups, one slot per database, shared by every session."""
    return _geocode_jobs()
