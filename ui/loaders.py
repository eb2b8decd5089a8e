"""Cached access to the workspace database: the only place with st.cache_* decorators.

Every browser session reads the same SQLite file. The workspace is cached per
(database, version), and the current version is read on every rerun (one small query),
so a change saved in one session shows in every other on its next rerun.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from mapping.approvals import SubmissionQueue
from mapping.assessments import Assessments
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


# ---------------------------------------------------------------- coverage and network (issue 4)
# Cached per (database, workspace version, view), so a filter change recomputes once and
# every later rerun with the same view reads the cache. scipy and networkx are imported
# on first use, so pages that do not analyse (Home, Data) do not load them.
RADII_SETTING = "coverage_radii"


def radius_overrides() -> dict[str, float]:
    """The category radii (miles) the facilitator changed, shared by every session."""
    value = get_store().get_setting(RADII_SETTING, {})
    return {str(k): float(v) for k, v in value.items()} if isinstance(value, dict) else {}


@st.cache_data(show_spinner=False, max_entries=6)
def _placed(path: str, version: int | None) -> pd.DataFrame:
    from mapping import coverage

    return coverage.place_services(_workspace(path, version).services)


def placed_services(ws: Workspace) -> pd.DataFrame:
    """The workspace's services with the coordinates the analyses use (see place_services)."""
    return _placed(str(get_store().path), ws.version)


@st.cache_data(show_spinner=False, max_entries=6)
def _region(path: str, version: int | None) -> tuple[list[str], list[str]]:
    from mapping import coverage

    placed = _placed(path, version)
    present = coverage.counties_present(placed)
    return present, coverage.state_counties(coverage.states_present(placed))


def region_counties(ws: Workspace) -> tuple[list[str], list[str]]:
    """(counties where the services are, every county of their states)."""
    return _region(str(get_store().path), ws.version)


@st.cache_data(show_spinner="Measuring the distance to the nearest provider...", max_entries=12)
def _gaps(
    path: str, version: int | None, counties: tuple[str, ...], radii: tuple[tuple[str, float], ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from mapping import coverage

    areas = coverage.region_areas(counties=counties)
    return areas, coverage.find_coverage_gaps(_placed(path, version), areas, dict(radii))


def coverage_gaps(
    ws: Workspace, counties: tuple[str, ...], radii: dict[str, float]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(areas, gaps) for these counties, every category offered."""
    return _gaps(str(get_store().path), ws.version, counties, tuple(sorted(radii.items())))


@st.cache_data(show_spinner="Comparing trauma-informed coverage...", max_entries=12)
def _trauma(
    path: str, version: int | None, counties: tuple[str, ...], radii: tuple[tuple[str, float], ...]
) -> pd.DataFrame:
    from mapping import coverage

    areas = coverage.region_areas(counties=counties)
    return coverage.trauma_informed_coverage(_placed(path, version), areas, dict(radii))


def trauma_coverage(
    ws: Workspace, counties: tuple[str, ...], radii: dict[str, float]
) -> pd.DataFrame:
    return _trauma(str(get_store().path), ws.version, counties, tuple(sorted(radii.items())))


@st.cache_data(show_spinner="Drawing the partner network...", max_entries=6)
def _network(path: str, version: int | None) -> dict[str, Any]:
    from mapping import network

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
def _overlap(path: str, version: int | None, radii: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    from mapping import network

    ws = _workspace(path, version)
    placed = _placed(path, version)
    return network.partner_overlap(placed, ws.relationships, radius_miles=dict(radii))


def partner_overlap(ws: Workspace, radii: dict[str, float]) -> pd.DataFrame:
    """Overlapping pairs of partners, in the counties where the services are."""
    return _overlap(str(get_store().path), ws.version, tuple(sorted(radii.items())))


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
    from mapping.departure import Departure


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


# ---------------------------------------------------------------- keep it going (issue 7)
@st.cache_resource(show_spinner=False)
def _assessments(path: str) -> Assessments:
    return Assessments(_store(path))


def get_assessments() -> Assessments:
    """Trauma-informed self-assessments and sustainability checklists in the database."""
    return _assessments(str(db_path()))


@st.cache_data(show_spinner="Checking what each partner's leaving would cost...", max_entries=8)
def _departure_risks(
    path: str, version: int | None, counties: tuple[str, ...], radii: tuple[tuple[str, float], ...]
) -> pd.DataFrame:
    from mapping.departure import find_departure_risks

    ws = _workspace(path, version)
    areas, gaps = _gaps(path, version, counties, radii)
    return find_departure_risks(
        _placed(path, version), ws.partners, ws.relationships, areas, dict(radii), gaps=gaps
    )


def departure_risks(
    ws: Workspace, counties: tuple[str, ...], radii: dict[str, float]
) -> pd.DataFrame:
    """What would be lost if each partner left (mapping.departure), for these counties."""
    return _departure_risks(
        str(get_store().path), ws.version, tuple(sorted(counties)), tuple(sorted(radii.items()))
    )


@st.cache_data(show_spinner="Measuring the gaps without this partner...", max_entries=16)
def _partner_departure(
    path: str,
    version: int | None,
    counties: tuple[str, ...],
    radii: tuple[tuple[str, float], ...],
    partner_id: str,
) -> Departure:
    from mapping.departure import partner_departure

    ws = _workspace(path, version)
    areas, gaps = _gaps(path, version, counties, radii)
    return partner_departure(
        partner_id,
        _placed(path, version),
        ws.partners,
        ws.relationships,
        areas,
        dict(radii),
        gaps=gaps,
    )


def one_departure(
    ws: Workspace, counties: tuple[str, ...], radii: dict[str, float], partner_id: str
) -> Departure:
    """What would be lost if this partner left, with the gaps that would open in detail."""
    return _partner_departure(
        str(get_store().path),
        ws.version,
        tuple(sorted(counties)),
        tuple(sorted(radii.items())),
        partner_id,
    )
