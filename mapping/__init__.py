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
    from mapping.coverage import find_coverage_gaps
    from mapping.errors import MappingError, Problem
    from mapping.loading import load_files, load_workspace
    from mapping.network import relationship_metrics
    from mapping.pairs import partner_pairs
    from mapping.recommend import Recommendation, prefill_answers, recommend_collaboration
    from mapping.recommend_report import report_docx, report_markdown
    from mapping.store import WorkspaceStore
    from mapping.workspace import Workspace

_EXPORTS = {
    "load_workspace": "mapping.loading",
    "load_files": "mapping.loading",
    "Workspace": "mapping.workspace",
    "WorkspaceStore": "mapping.store",
    "Problem": "mapping.errors",
    "MappingError": "mapping.errors",
    "find_coverage_gaps": "mapping.coverage",
    "relationship_metrics": "mapping.network",
    "recommend_collaboration": "mapping.recommend",
    "Recommendation": "mapping.recommend",
    "prefill_answers": "mapping.recommend",
    "partner_pairs": "mapping.pairs",
    "report_markdown": "mapping.recommend_report",
    "report_docx": "mapping.recommend_report",
}

__all__ = [
    "MappingError",
    "Problem",
    "Recommendation",
    "Workspace",
    "WorkspaceStore",
    "find_coverage_gaps",
    "load_files",
    "load_workspace",
    "partner_pairs",
    "prefill_answers",
    "recommend_collaboration",
    "relationship_metrics",
    "report_docx",
    "report_markdown",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mapping' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
