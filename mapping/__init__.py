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
    from mapping.analysis.coverage import find_coverage_gaps
    from mapping.analysis.departure import find_departure_risks, partner_departure
    from mapping.analysis.network import relationship_metrics
    from mapping.data.approvals import SubmissionQueue
    from mapping.data.errors import MappingError, Problem
    from mapping.data.loading import load_files, load_workspace
    from mapping.data.store import WorkspaceStore
    from mapping.data.workspace import Workspace
    from mapping.interop.hsds import import_hsds
    from mapping.interop.hsds.export import export_hsds
    from mapping.interop.kumu import import_kumu, kumu_workbook
    from mapping.meeting.kickoff import Meetings
    from mapping.meeting.lockout import SignInLimiter
    from mapping.meeting.meeting_report import ReportContent, meeting_report_html
    from mapping.meeting.passcodes import hash_passcode, verify_passcode
    from mapping.meeting.polls import Polls, read_tally
    from mapping.partnership.agreement import agreement_docx, agreement_markdown, draft_agreement
    from mapping.partnership.assessments import Assessments
    from mapping.partnership.pairs import partner_pairs
    from mapping.partnership.recommend import (
        Recommendation,
        prefill_answers,
        recommend_collaboration,
    )
    from mapping.partnership.recommend_report import report_docx, report_markdown
    from mapping.partnership.sustainability import validate_checklist
    from mapping.partnership.trauma_informed import score_dimensions, suggestions
    from mapping.places.geocoding import geocode_frame, geocode_workspace
    from mapping.places.maps import build_partner_map

_EXPORTS = {
    "load_workspace": "mapping.data.loading",
    "load_files": "mapping.data.loading",
    "Workspace": "mapping.data.workspace",
    "WorkspaceStore": "mapping.data.store",
    "Problem": "mapping.data.errors",
    "MappingError": "mapping.data.errors",
    "find_coverage_gaps": "mapping.analysis.coverage",
    "relationship_metrics": "mapping.analysis.network",
    "recommend_collaboration": "mapping.partnership.recommend",
    "Recommendation": "mapping.partnership.recommend",
    "prefill_answers": "mapping.partnership.recommend",
    "partner_pairs": "mapping.partnership.pairs",
    "report_markdown": "mapping.partnership.recommend_report",
    "report_docx": "mapping.partnership.recommend_report",
    "import_hsds": "mapping.interop.hsds",
    "export_hsds": "mapping.interop.hsds.export",
    "import_kumu": "mapping.interop.kumu",
    "kumu_workbook": "mapping.interop.kumu",
    "Polls": "mapping.meeting.polls",
    "read_tally": "mapping.meeting.polls",
    "Meetings": "mapping.meeting.kickoff",
    "SubmissionQueue": "mapping.data.approvals",
    "SignInLimiter": "mapping.meeting.lockout",
    "hash_passcode": "mapping.meeting.passcodes",
    "verify_passcode": "mapping.meeting.passcodes",
    "geocode_frame": "mapping.places.geocoding",
    "geocode_workspace": "mapping.places.geocoding",
    "build_partner_map": "mapping.places.maps",
    "Assessments": "mapping.partnership.assessments",
    "score_dimensions": "mapping.partnership.trauma_informed",
    "suggestions": "mapping.partnership.trauma_informed",
    "validate_checklist": "mapping.partnership.sustainability",
    "find_departure_risks": "mapping.analysis.departure",
    "partner_departure": "mapping.analysis.departure",
    "draft_agreement": "mapping.partnership.agreement",
    "agreement_markdown": "mapping.partnership.agreement",
    "agreement_docx": "mapping.partnership.agreement",
    "ReportContent": "mapping.meeting.meeting_report",
    "meeting_report_html": "mapping.meeting.meeting_report",
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
