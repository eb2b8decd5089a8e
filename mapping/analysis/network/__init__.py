"""The partner network: who works with whom, how closely, who bridges, who overlaps.

``graph`` (pairs, metrics, brokers, introductions, sectors, overlaps), ``layout`` (node
positions) and ``readings`` (one sentence each). Import from here:
``from mapping.analysis import network as net``."""

from __future__ import annotations

from mapping.analysis.network.graph import (
    METRIC_COLUMNS,
    PAIR_COLUMNS,
    REFERRAL,
    UNKNOWN_SECTOR,
    build_graph,
    find_disagreements,
    find_introductions,
    network_summary,
    partner_overlap,
    referral_flows,
    relationship_metrics,
    relationship_pairs,
    sector_matrix,
    sector_order,
    trust_by_level,
)
from mapping.analysis.network.layout import (
    network_layout,
)
from mapping.analysis.network.readings import (
    broker_reading,
    disagreement_reading,
    introductions_reading,
    metric_reading,
    network_reading,
    overlap_reading,
    partner_names,
    referral_reading,
    sector_reading,
)

__all__ = [
    "METRIC_COLUMNS",
    "PAIR_COLUMNS",
    "REFERRAL",
    "UNKNOWN_SECTOR",
    "broker_reading",
    "build_graph",
    "disagreement_reading",
    "find_disagreements",
    "find_introductions",
    "introductions_reading",
    "metric_reading",
    "network_layout",
    "network_reading",
    "network_summary",
    "overlap_reading",
    "partner_names",
    "partner_overlap",
    "referral_flows",
    "referral_reading",
    "relationship_metrics",
    "relationship_pairs",
    "sector_matrix",
    "sector_order",
    "sector_reading",
    "trust_by_level",
]
