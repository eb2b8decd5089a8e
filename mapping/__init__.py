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
    from mapping.agreement import agreement_docx, agreement_markdown, draft_agreement
    from mapping.approvals import SubmissionQueue
    from mapping.assessments import Assessments
    from mapping.coverage import find_coverage_gaps
    from mapping.departure import find_departure_risks, partner_departure
    from mapping.errors import MappingError, Problem
    from mapping.geocoding import geocode_frame, geocode_workspace
    from mapping.hsds import import_hsds
    from mapping.hsds_export import export_hsds
    from mapping.kickoff import Meetings
    from mapping.kumu import import_kumu, kumu_workbook
    from mapping.loading import load_files, load_workspace
    from mapping.lockout import SignInLimiter
    from mapping.maps import build_partner_map
    from mapping.meeting_report import ReportContent, meeting_report_html
    from mapping.network import relationship_metrics
    from mapping.pairs import partner_pairs
    from mapping.passcodes import hash_passcode, verify_passcode
    from mapping.polls import Polls, read_tally
    from mapping.recommend import Recommendation, prefill_answers, recommend_collaboration
    from mapping.recommend_report import report_docx, report_markdown
    from mapping.store import WorkspaceStore
    from mapping.sustainability import validate_checklist
    from mapping.trauma_informed import score_dimensions, suggestions
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
    "import_hsds": "mapping.hsds",
    "export_hsds": "mapping.hsds_export",
    "import_kumu": "mapping.kumu",
    "kumu_workbook": "mapping.kumu",
    "Polls": "mapping.polls",
    "read_tally": "mapping.polls",
    "Meetings": "mapping.kickoff",
    "SubmissionQueue": "mapping.approvals",
    "SignInLimiter": "mapping.lockout",
    "hash_passcode": "mapping.passcodes",
    "verify_passcode": "mapping.passcodes",
    "geocode_frame": "mapping.geocoding",
    "geocode_workspace": "mapping.geocoding",
    "build_partner_map": "mapping.maps",
    "Assessments": "mapping.assessments",
    "score_dimensions": "mapping.trauma_informed",
    "suggestions": "mapping.trauma_informed",
    "validate_checklist": "mapping.sustainability",
    "find_departure_risks": "mapping.departure",
    "partner_departure": "mapping.departure",
    "draft_agreement": "mapping.agreement",
    "agreement_markdown": "mapping.agreement",
    "agreement_docx": "mapping.agreement",
    "ReportContent": "mapping.meeting_report",
    "meeting_report_html": "mapping.meeting_report",
}

__all__ = [
    "Assessments",
    "MappingError",
    "Meetings",
    "Polls",
    "Problem",
    "Recommendation",
    "ReportContent",
    "SignInLimiter",
    "SubmissionQueue",
    "Workspace",
    "WorkspaceStore",
    "agreement_docx",
    "agreement_markdown",
    "build_partner_map",
    "draft_agreement",
    "export_hsds",
    "find_coverage_gaps",
    "find_departure_risks",
    "geocode_frame",
    "geocode_workspace",
    "hash_passcode",
    "import_hsds",
    "import_kumu",
    "kumu_workbook",
    "load_files",
    "load_workspace",
    "meeting_report_html",
    "partner_departure",
    "partner_pairs",
    "prefill_answers",
    "read_tally",
    "recommend_collaboration",
    "relationship_metrics",
    "report_docx",
    "report_markdown",
    "score_dimensions",
    "suggestions",
    "validate_checklist",
    "verify_passcode",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mapping' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
