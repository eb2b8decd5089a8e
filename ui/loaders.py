"""Cached access to the workspace database: the only place with st.cache_* decorators.

Every browser session, and every app server on the same database, reads the same
database (the SQLite file, or PostgreSQL when a database URL is set). Everything read
from the workspace is cached per (database, version), and the current version is read
from the database on every rerun (one small query), so a change saved in one session, or
on another app server, shows in every other on its next rerun: no cache is ever stale.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import streamlit as st

from mapping.data import schema as s
from mapping.data.approvals import SubmissionQueue
from mapping.data.archive import SavedWork
from mapping.data.reading import RawTable, stop_when
from mapping.data.sample import SAMPLE_NOTE, load_sample
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.meeting import saved_work
from mapping.meeting.devices import DeviceVotes
from mapping.meeting.kickoff import Meetings
from mapping.meeting.lockout import SignInLimiter
from mapping.meeting.polls import Polls
from mapping.meeting.signins import SignIns
from mapping.partnership.assessments import Assessments
from mapping.partnership.pairs import partner_pairs

if TYPE_CHECKING:
    import folium

    from mapping.places.geocoding import GeocodeJob
    from mapping.places.maps import MapData, MapFilters, MapLayers
    from mapping.places.need import NeedLayer
    from mapping.places.vendor import MapAssets

ROOT = Path(__file__).resolve().parents[1]
DB_ENV = "RESOURCE_MAP_DB"
DEFAULT_DB = ROOT / "var" / "workspace.sqlite3"


URL_ENV = "DATABASE_URL"


def db_path() -> Path:
    """The embedded SQLite file: $RESOURCE_MAP_DB, else var/workspace.sqlite3."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def db_location() -> str:
    """The workspace database: $DATABASE_URL, else ``[database] url`` in
    ``.streamlit/secrets.toml`` (PostgreSQL), else the SQLite file of :func:`db_path`."""
    url = os.environ.get(URL_ENV, "").strip()
    if not url and st.secrets.load_if_toml_exists():
        table = st.secrets.get("database")
        url = str(table.get("url", "") if table is not None else "").strip()
    return url or str(db_path())


@st.cache_resource(show_spinner="Opening the workspace database...")
def _store(location: str) -> WorkspaceStore:
    store = WorkspaceStore(location)  # brings an older database up to date
    if store.current_version() is None:  # two app servers starting at once add it once
        store.save(load_sample(), action="sample", note=SAMPLE_NOTE, only_if_empty=True)
    return store


def get_store() -> WorkspaceStore:
    """The shared workspace store (created, with the sample community, on first use)."""
    return _store(db_location())


@st.cache_data(show_spinner="Loading the workspace...", max_entries=6)
def _workspace(path: str, version: int | None) -> Workspace:
    return get_store().load(version)


def current_workspace() -> Workspace:
    """The current version of the shared workspace."""
    store = get_store()
    return _workspace(str(store.path), store.current_version())


# ---------------------------------------------------------------- coverage and network (issue 4)
# Cached per (database, workspace version, view), so a filter change recomputes once and
# every later rerun with the same view reads the cache. scipy and networkx are imported
# on first use, so pages that do not analyse (Home, Data) do not load them.
RADII_SETTING = saved_work.RADII_SETTING


def radius_overrides() -> dict[str, float]:
    """The category radii (miles) the facilitator changed, shared by every session."""
    value = get_store().get_setting(RADII_SETTING, {})
    return {str(k): float(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _placement_key(ws: Workspace) -> tuple[str, int | None, str]:
    """What an analysis of placed services depends on: the database, the workspace version,
    and the revision of the saved online look-ups."""
    return str(get_store().path), ws.version, geocode_revision()


T = TypeVar("T")
Counties = tuple[str, ...]  # county ids, as the cached analyses take them
Radii = tuple[tuple[str, float], ...]  # (category, miles), sorted: a cache key


def _area_key(
    ws: Workspace, counties: Counties, radii: dict[str, float]
) -> tuple[str, int | None, str, Counties, Radii]:
    """What an analysis of these counties depends on: :func:`_placement_key`, the counties
    (as given) and the distances that count."""
    return (*_placement_key(ws), counties, tuple(sorted(radii.items())))


@st.cache_data(show_spinner=False, max_entries=6)
def _placed(path: str, version: int | None, revision: str) -> pd.DataFrame:
    from mapping.analysis import coverage

    # The same placement the map shows (offline, plus saved online look-ups).
    return coverage.place_services(_geocoded(path, version, revision).services)


def placed_services(ws: Workspace) -> pd.DataFrame:
    """The workspace's services with the coordinates the analyses use (see place_services)."""
    return _placed(*_placement_key(ws))


@st.cache_data(show_spinner=False, max_entries=6)
def _region(path: str, version: int | None, revision: str) -> tuple[list[str], list[str]]:
    from mapping.analysis import coverage

    placed = _placed(path, version, revision)
    present = coverage.counties_present(placed)
    return present, coverage.state_counties(coverage.states_present(placed))


def region_counties(ws: Workspace) -> tuple[list[str], list[str]]:
    """(counties where the services are, every county of their states)."""
    return _region(*_placement_key(ws))


@st.cache_data(show_spinner="Measuring the distance to the nearest provider...", max_entries=12)
def _gaps(
    path: str, version: int | None, revision: str, counties: Counties, radii: Radii
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from mapping.analysis import coverage

    areas = coverage.region_areas(counties=counties)
    placed = _placed(path, version, revision)
    return areas, coverage.find_coverage_gaps(placed, areas, dict(radii))


def coverage_gaps(
    ws: Workspace, counties: tuple[str, ...], radii: dict[str, float]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(areas, gaps) for these counties, every category offered."""
    return _gaps(*_area_key(ws, counties, radii))


@st.cache_data(show_spinner="Comparing trauma-informed coverage...", max_entries=12)
def _trauma(
    path: str, version: int | None, revision: str, counties: Counties, radii: Radii
) -> pd.DataFrame:
    from mapping.analysis import coverage

    areas = coverage.region_areas(counties=counties)
    placed = _placed(path, version, revision)
    return coverage.trauma_informed_coverage(placed, areas, dict(radii))


def trauma_coverage(
    ws: Workspace, counties: tuple[str, ...], radii: dict[str, float]
) -> pd.DataFrame:
    return _trauma(*_area_key(ws, counties, radii))


@st.cache_data(show_spinner="Drawing the partner network...", max_entries=6)
def _network(path: str, version: int | None) -> dict[str, Any]:
    from mapping.analysis import network

    ws = _workspace(path, version)
    graph = network.build_graph(ws.partners, ws.relationships)
    return {
        "metrics": network.relationship_metrics(ws.partners, ws.relationships),
        "pairs": network.relationship_pairs(ws.relationships),
        "layout": network.network_layout(graph),
        "summary": network.network_summary(ws.partners, ws.relationships),
    }


def partner_network(ws: Workspace) -> dict[str, Any]:
    """metrics, pairs, layout and summary of the workspace's partner network."""

    return _network(str(get_store().path), ws.version)


@st.cache_data(show_spinner="Looking for overlapping services...", max_entries=6)
def _overlap(path: str, version: int | None, revision: str, radii: Radii) -> pd.DataFrame:
    from mapping.analysis import network

    ws = _workspace(path, version)
    placed = _placed(path, version, revision)
    return network.partner_overlap(placed, ws.relationships, radius_miles=dict(radii))


def partner_overlap(ws: Workspace, radii: dict[str, float]) -> pd.DataFrame:
    """Overlapping pairs of partners, in the counties where the services are."""
    return _overlap(*_placement_key(ws), tuple(sorted(radii.items())))


# ---------------------------------------------------------------- recommendation: partner pairs
@st.cache_data(show_spinner="Comparing partner pairs...", max_entries=6)
def _pairs(path: str, version: int | None) -> pd.DataFrame:
    return partner_pairs(_workspace(path, version))


def current_pairs() -> pd.DataFrame:
    """The partner pairs of the current workspace (``mapping.partnership.pairs.partner_pairs``),
    cached."""
    store = get_store()
    return _pairs(str(store.path), store.current_version())


# ---------------------------------------------------------------- import (HSDS, Kumu)
if TYPE_CHECKING:
    import pandas as pd

    import mapping.interop.formats
    import mapping.interop.hsds.package
    from mapping.analysis.departure import Departure


def session_gone() -> Callable[[], bool]:
    """A check that is True once this browser session has ended (its tab closed): reading
    an upload stops then (:func:`mapping.data.reading.stop_when`) instead of running on."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists():
        return lambda: False
    runtime, session = Runtime.instance(), ctx.session_id
    return lambda: not runtime.is_active_session(session)


@st.cache_data(show_spinner="Recognising the files...", max_entries=4)
def import_format(files: tuple[tuple[str, bytes], ...]) -> str:
    """The detected format of uploaded files (see mapping.interop.formats.detect_format)."""
    from mapping.interop.formats import detect_format

    with stop_when(session_gone()):
        return detect_format(dict(files))


# A resource, not data: the package is only read, and copying thousands of rows in and out
# of the cache on every use cost more than reading them (issue 16).
@st.cache_resource(show_spinner="Reading the HSDS package...", max_entries=4)
def hsds_package(files: tuple[tuple[str, bytes], ...]) -> mapping.interop.hsds.package.HsdsPackage:
    """An uploaded HSDS package, read once per set of files."""
    from mapping.interop.hsds.package import read_hsds_package

    with stop_when(session_gone()):
        return read_hsds_package(dict(files))


@st.cache_data(show_spinner="Checking every row...", max_entries=8)
def import_preview(
    files: tuple[tuple[str, bytes], ...],
    fmt: str,
    options: mapping.interop.formats.ImportOptions,
    db: str,
    version: int | None,
) -> Workspace:
    """The workspace importing the files would give, on top of version ``version``."""
    from mapping.interop.formats import HSDS, import_files

    package = hsds_package(files) if fmt == HSDS else None
    with stop_when(session_gone()):
        return import_files(dict(files), fmt, _workspace(db, version), options, package=package)


@st.cache_data(show_spinner="Mapping the taxonomy terms...", max_entries=8)
def hsds_term_table(
    files: tuple[tuple[str, bytes], ...], term_map: tuple[tuple[str, str], ...]
) -> pd.DataFrame:
    """The taxonomy terms an uploaded HSDS package's services use, with their categories."""
    from mapping.interop.hsds import hsds_terms

    return hsds_terms(hsds_package(files), dict(term_map))


@st.cache_data(show_spinner="Reading the tables...", max_entries=4)
def import_tables(
    files: tuple[tuple[str, bytes], ...],
) -> dict[str, RawTable]:
    """Every table of uploaded files, read once per set of files (issue 16: recipes)."""
    from mapping.interop.formats import read_all_tables

    return read_all_tables(dict(files))


@st.cache_data(show_spinner="Mapping the taxonomy terms...", max_entries=8)
def directory_term_table(
    files: tuple[tuple[str, bytes], ...],
    fmt: str,
    recipe: str,
    term_map: tuple[tuple[str, str], ...],
) -> pd.DataFrame:
    """The taxonomy terms of an uploaded directory export (iCarol, WellSky, VisionLink, or
    read with a recipe), with their categories (issue 16)."""
    from mapping.interop.directories import build_directory
    from mapping.interop.directories.flat import term_table
    from mapping.interop.formats import read_all_tables

    directory = build_directory(fmt, read_all_tables(dict(files)), recipe=recipe)
    return term_table(directory, dict(term_map))


# ---------------------------------------------------------------- meeting room (issue 6)
# One object per database, shared by every session: they keep no state of their own
# beyond the store, and creating their tables once is enough.
@st.cache_resource(show_spinner=False)
def _polls(path: str) -> Polls:
    return Polls(get_store())


@st.cache_resource(show_spinner=False)
def _meetings(path: str) -> Meetings:
    return Meetings(get_store())


@st.cache_resource(show_spinner=False)
def _queue(path: str) -> SubmissionQueue:
    return SubmissionQueue(get_store())


@st.cache_resource(show_spinner=False)
def _limiter(path: str) -> SignInLimiter:
    return SignInLimiter(get_store())


@st.cache_resource(show_spinner=False)
def _sign_ins(path: str) -> SignIns:
    return SignIns(_store(path))


def get_sign_ins() -> SignIns:
    """Remembered sign-ins (a stakeholder stays signed in on a device for the meeting)."""
    return _sign_ins(str(db_path()))


def get_polls() -> Polls:
    """Proposals and votes (Gradients of Agreement) in the workspace database."""
    return _polls(db_location())


def get_meetings() -> Meetings:
    """Kickoff meetings and their notes in the workspace database."""
    return _meetings(db_location())


def get_queue() -> SubmissionQueue:
    """Organization forms waiting for the facilitator's approval."""
    return _queue(db_location())


@st.cache_resource(show_spinner=False)
def _saved_work(path: str) -> SavedWork:
    return saved_work.saved_work(_store(path))


def get_saved_work() -> SavedWork:
    """Which workspace each version belongs to, and the saved work archived with each."""
    return _saved_work(str(db_path()))


def workspace_id() -> int | None:
    """The current workspace (the version that began it): changes at a Replace, or when
    History goes back to another workspace, not at an edit or a merge."""
    return get_saved_work().current_workspace()


def get_limiter() -> SignInLimiter:
    """The sign-in lock-out counter."""
    return _limiter(db_location())


# ---------------------------------------------------------------- map (issue 3)
# Geocoding and the map are cached by database, workspace version and the revision of
# the saved online look-ups; the map also by its filters and layers. Imports are local so
# pages without a map never load folium.


def geocode_revision() -> str:
    """Changes whenever a saved online look-up is added or forgotten."""
    from mapping.places.geocoding import GeocodeCache

    return GeocodeCache(get_store()).revision()


@st.cache_data(show_spinner="Placing partners and services on the map...", max_entries=4)
def _geocoded(path: str, version: int | None, revision: str) -> Workspace:
    from mapping.places.geocoding import geocode_workspace

    return geocode_workspace(_workspace(path, version), store=get_store())


def geocoded_workspace() -> Workspace:
    """The current workspace, every row placed offline (with saved online look-ups)."""
    store = get_store()
    return _geocoded(str(store.path), store.current_version(), geocode_revision())


@st.cache_data(show_spinner=False, max_entries=8)
def _map_data(path: str, version: int | None, revision: str, filters: MapFilters) -> MapData:
    from mapping.places.maps import map_data

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
    gap_category: str | None,
    radii: Radii,
    large_type: bool = False,
    need: tuple[str, str, float] | None = None,
) -> CachedMap:
    from mapping.analysis import coverage
    from mapping.places.maps import render_map

    data = _map_data(path, version, revision, filters)
    gaps = sites = None
    if gap_category:
        counties, _ = _region(path, version, revision)
        areas, all_gaps = _gaps(path, version, revision, tuple(counties), radii)
        gaps = coverage.gap_layer(all_gaps[all_gaps[s.CATEGORY] == gap_category], areas)
        # In people: each gap sized by its residents, and the three ZIP centres where a
        # new provider would reach the most residents (the Gaps page's suggestion).
        layer = need_layers().get(need[0]) if need else None
        weights = coverage.need_weights(areas, layer) if layer else coverage.resident_weights(areas)
        gaps["people"] = weights.of(gaps[coverage.AREA])
        gaps.attrs["people_noun"] = weights.noun
        sites = coverage.suggest_sites(
            all_gaps, areas, weights, gap_category, coverage.area_candidates(areas), count=3
        )
    m = render_map(
        data, layers=layers, assets=assets, gaps=gaps, sites=sites, large_type=large_type
    )
    m.get_root().render()  # once: st_folium(render=False) reuses it on every rerun
    return CachedMap(m, threading.Lock())


def partner_map(
    filters: MapFilters,
    layers: MapLayers,
    assets: MapAssets,
    gap_category: str | None = None,
    *,
    need: NeedLayer | None = None,
    large_type: bool = False,
) -> CachedMap:
    """The built map, rebuilt only when data, saved look-ups, filters or layers change.

    With ``gap_category`` the map also shows the ZIP areas of the region (the counties where
    the services are) that have no provider of that category within reach, using the
    distances the facilitator set on the Gaps page. ``large_type``: the legend and layer
    list sized for a projector (presentation mode).
    """
    store = get_store()
    return _partner_map(
        str(store.path),
        store.current_version(),
        geocode_revision(),
        filters,
        layers,
        assets,
        gap_category,
        tuple(sorted(radius_overrides().items())),
        large_type,
        (need.name, need.uploaded, need.total) if need else None,  # a new upload redraws
    )


@st.cache_resource(show_spinner=False)
def _geocode_jobs() -> dict[str, GeocodeJob]:
    return {}


def geocode_jobs() -> dict[str, GeocodeJob]:
    """Background online look-ups, one slot per database, shared by every session."""
    return _geocode_jobs()


# ---------------------------------------------------------------- data: uploads
@st.cache_data(show_spinner="Reading the files...", max_entries=4)
def uploaded_tables(
    files: tuple[tuple[str, bytes], ...],
) -> tuple[dict[str, RawTable], list[str]]:
    """Every table in the uploaded files (name, bytes), read once per set of files, and a
    message for each file that is not a table."""
    from mapping.data.errors import MappingError
    from mapping.data.loading import read_any

    tables: dict[str, RawTable] = {}
    errors: list[str] = []
    with stop_when(session_gone()):
        for name, data in files:
            try:
                tables.update(read_any(data, name))
            except MappingError as exc:
                errors.append(str(exc))
    return tables, errors


# ---------------------------------------------------------------- keep it going (issue 7)
@st.cache_resource(show_spinner=False)
def _assessments(path: str) -> Assessments:
    return Assessments(get_store())


def get_assessments() -> Assessments:
    """Trauma-informed self-assessments and sustainability checklists in the database."""
    return _assessments(db_location())


@st.cache_data(show_spinner="Checking what each partner's leaving would cost...", max_entries=8)
def _departure_risks(
    path: str, version: int | None, revision: str, counties: Counties, radii: Radii
) -> pd.DataFrame:
    from mapping.analysis.departure import find_departure_risks

    ws = _workspace(path, version)
    areas, gaps = _gaps(path, version, revision, counties, radii)
    placed = _placed(path, version, revision)
    return _departure(find_departure_risks, placed, ws, areas, gaps, radii)


def _departure(
    analyse: Callable[..., T],
    placed: pd.DataFrame,
    ws: Workspace,
    areas: pd.DataFrame,
    gaps: pd.DataFrame,
    radii: Radii,
) -> T:
    """A departure analysis (mapping.analysis.departure) run on the inputs every one takes:
    the placed services, partners, relationships, areas, distances, gaps and residents."""
    return analyse(
        placed,
        ws.partners,
        ws.relationships,
        areas,
        dict(radii),
        gaps=gaps,
        people=_residents(areas),
    )


def _residents(areas: pd.DataFrame) -> dict[str, float]:
    """Residents (2020 Census) per area id, for the departure analysis."""
    from mapping.analysis import coverage

    return {str(a): float(v) for a, v in coverage.resident_weights(areas).values.items()}


def departure_risks(
    ws: Workspace, counties: tuple[str, ...], radii: dict[str, float]
) -> pd.DataFrame:
    """What would be lost if each partner left (mapping.analysis.departure), for these counties."""
    return _departure_risks(*_area_key(ws, tuple(sorted(counties)), radii))


@st.cache_data(show_spinner="Measuring the gaps without this partner...", max_entries=16)
def _partner_departure(
    path: str, version: int | None, revision: str, counties: Counties, radii: Radii, partner_id: str
) -> Departure:
    from mapping.analysis.departure import partner_departure

    ws = _workspace(path, version)
    areas, gaps = _gaps(path, version, revision, counties, radii)
    placed = _placed(path, version, revision)
    return _departure(partial(partner_departure, partner_id), placed, ws, areas, gaps, radii)


def one_departure(
    ws: Workspace, counties: tuple[str, ...], radii: dict[str, float], partner_id: str
) -> Departure:
    """What would be lost if this partner left, with the gaps that would open in detail."""
    return _partner_departure(
        *_area_key(ws, tuple(sorted(counties)), radii),
        partner_id,
    )


# ---------------------------------------------------------------- issue 12: one vote per device
@st.cache_resource(show_spinner=False)
def _device_votes(path: str) -> DeviceVotes:
    return DeviceVotes(_store(path))


def get_device_votes() -> DeviceVotes:
    """Which network addresses voted on which proposal (hashed), for one vote per device."""
    return _device_votes(str(db_path()))


# ---------------------------------------------------------------- gaps in people (issue 18)
if TYPE_CHECKING:
    from mapping.places.need import NeedLayer


def need_layers() -> dict[str, NeedLayer]:
    """The need layers uploaded to this workspace, by name (a workspace setting)."""
    from mapping.places.need import SETTING, layers_from_setting

    return layers_from_setting(get_store().get_setting(SETTING, {}))


@st.cache_data(show_spinner="Finding the best places for a new service...", max_entries=16)
def _suggestions(
    path: str,
    version: int | None,
    revision: str,
    counties: Counties,
    radii: Radii,
    need: str,  # the need layer's stored JSON, so a replaced layer recomputes
    category: str,
    from_partners: bool,
    count: int,
) -> pd.DataFrame:
    import json

    from mapping.analysis import coverage
    from mapping.places.need import NeedLayer

    areas, gaps = _gaps(path, version, revision, counties, radii)
    weights = (
        coverage.need_weights(areas, NeedLayer.from_json(json.loads(need)))
        if need
        else coverage.resident_weights(areas)
    )
    ws = _workspace(path, version)
    candidates = (
        coverage.partner_candidates(ws.partners)
        if from_partners
        else coverage.area_candidates(areas)
    )
    return coverage.suggest_sites(gaps, areas, weights, category, candidates, count=count)


def site_suggestions(
    ws: Workspace,
    counties: tuple[str, ...],
    radii: dict[str, float],
    need: NeedLayer | None,
    category: str,
    *,
    from_partners: bool,
    count: int,
) -> pd.DataFrame:
    """Where to add a provider of ``category`` (mapping.analysis.coverage.suggest_sites),
    weighed by residents, or by ``need`` when given."""
    import json

    return _suggestions(
        *_area_key(ws, tuple(sorted(counties)), radii),
        json.dumps(need.as_json(), sort_keys=True) if need else "",
        category,
        from_partners,
        count,
    )
