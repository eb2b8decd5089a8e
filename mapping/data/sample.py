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


def looks_like_sample(ws: Workspace) -> bool:
    """True when most partners of ``ws`` are the sample's fictional organizations."""
    if ws.is_empty:
        return False
    with open(SAMPLE_DIR / s.PARTNERS, encoding="utf-8") as fh:
        names = {row[s.NAME] for row in csv.DictReader(fh)}
    share = ws.partners[s.NAME].isin(names).mean()
    return bool(share >= 0.5)
