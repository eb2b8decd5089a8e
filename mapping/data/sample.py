"""The built-in fictional sample community (data/sample/)."""

from __future__ import annotations

import csv
from pathlib import Path

from mapping.data import schema as s
from mapping.data.loading import load_workspace
from mapping.data.workspace import Workspace

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"
SAMPLE_NOTE = "Sample community (fictional): Pittsburgh and Allegheny County, PA"


def load_sample() -> Workspace:
    """The sample community as a Workspace."""
    ws = load_workspace(SAMPLE_DIR)
    ws.source = SAMPLE_NOTE
    return ws


def _sample_partners() -> set[tuple[str, str]]:
    with open(SAMPLE_DIR / s.PARTNERS, encoding="utf-8") as fh:
        return {(row[s.PARTNER_ID], row[s.NAME]) for row in csv.DictReader(fh)}


def sample_partner_count(ws: Workspace) -> int:
    """How many partners of ``ws`` are the sample's fictional organizations (same id and
    name)."""
    if ws.is_empty:
        return 0
    sample = _sample_partners()
    pairs = zip(ws.partners[s.PARTNER_ID], ws.partners[s.NAME], strict=True)
    return sum(1 for pair in pairs if pair in sample)


def looks_like_sample(ws: Workspace) -> bool:
    """True when every partner of ``ws`` is one of the sample's fictional organizations.

    A workspace that mixes real partners with sample ones is *not* the sample: it must not
    be labelled as one (see :func:`sample_partner_count` to say how many are fictional).
    """
    return not ws.is_empty and sample_partner_count(ws) == len(ws.partners)
