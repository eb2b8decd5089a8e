"""Community resource mapping for partnerships that serve survivors: the domain package.

Pure Python (no Streamlit), usable from a notebook::

    from mapping import load_workspace
    ws = load_workspace("data/sample")
    ws.partners, ws.services, ws.relationships, ws.problems, ws.counts

Names are imported lazily, so ``import mapping`` stays fast and a notebook that only
loads data never imports folium or plotly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mapping.errors import MappingError, Problem
    from mapping.geocoding import geocode_frame, geocode_workspace
    from mapping.loading import load_files, load_workspace
    from mapping.maps import build_partner_map
    from mapping.store import WorkspaceStore
    from mapping.workspace import Workspace

_EXPORTS = {
    "load_workspace": "mapping.loading",
    "load_files": "mapping.loading",
    "Workspace": "mapping.workspace",
    "WorkspaceStore": "mapping.store",
    "Problem": "mapping.errors",
    "MappingError": "mapping.errors",
    "geocode_frame": "mapping.geocoding",
    "geocode_workspace": "mapping.geocoding",
    "build_partner_map": "mapping.maps",
}

__all__ = [
    "MappingError",
    "Problem",
    "Workspace",
    "WorkspaceStore",
    "build_partner_map",
    "geocode_frame",
    "geocode_workspace",
    "load_files",
    "load_workspace",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mapping' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
