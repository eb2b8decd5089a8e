"""Network-metrics benchmark: relationship_metrics against plain networkx, same run.

The baseline is what a notebook would do: networkx's betweenness, closeness and
eigenvector centrality on the whole graph. Ours adds the relationship table handling,
components and brokerage, and computes path centralities one connected group at a time
(the same numbers). Inputs: the real local-health-department network (1,283 departments,
2,708 ties) when ../shared/realdata is there, and synthetic directories with few ties.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from bench.bench_coverage import REALDATA_DIRS
from bench.common import median_seconds, print_table
from mapping.analysis.network import relationship_metrics
from mapping.data import schema as s


def _lhds() -> tuple[pd.DataFrame, pd.DataFrame] | None:
    for d in REALDATA_DIRS:
        folder = d / "statnet_org_networks"
        if (folder / "lhds_local_health_departments_edges.csv").is_file():
            nodes = pd.read_csv(folder / "lhds_local_health_departments_nodes.csv")
            edges = pd.read_csv(folder / "lhds_local_health_departments_edges.csv")
            partners = pd.DataFrame(
                {
                    s.PARTNER_ID: nodes["vertex_id"].astype(str),
                    s.NAME: nodes["vertex.names"],
                    s.SECTOR: nodes["state"],
                }
            )
            rels = pd.DataFrame(
                {
                    s.SOURCE_ID: edges["tail_id"].astype(str),
                    s.TARGET_ID: edges["head_id"].astype(str),
                    s.LEVEL: "cooperation",
                }
            )
            return partners, rels
    return None


def _synthetic(n: int, ties: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(n)
    ids = [f"P{i:05d}" for i in range(n)]
    partners = pd.DataFrame(
        {
            s.PARTNER_ID: ids,
            s.NAME: ids,
            s.SECTOR: rng.choice(list(s.SECTORS.labels), n),
        }
    )
    a, b = rng.integers(0, n // 4, ties), rng.integers(0, n // 4, ties)
    keep = a != b
    rels = pd.DataFrame(
        {
            s.SOURCE_ID: np.asarray(ids)[a[keep]],
            s.TARGET_ID: np.asarray(ids)[b[keep]],
            s.LEVEL: rng.choice(list(s.LEVELS.labels), int(keep.sum())),
        }
    )
    return partners, rels


def _networkx(partners: pd.DataFrame, rels: pd.DataFrame) -> None:
    graph = nx.Graph()
    graph.add_nodes_from(partners[s.PARTNER_ID])
    graph.add_edges_from(zip(rels[s.SOURCE_ID], rels[s.TARGET_ID], strict=True))
    nx.betweenness_centrality(graph)
    nx.closeness_centrality(graph)
    nx.eigenvector_centrality(graph, max_iter=10_000, tol=1e-9)


def run() -> None:
    cases: list[tuple[str, pd.DataFrame, pd.DataFrame]] = []
    real = _lhds()
    if real is not None:
        cases.append(("local health departments (real)", *real))
    cases.append(("60 partners, 90 ties", *_synthetic(60, 90)))
    cases.append(("2,000 partners, 400 ties", *_synthetic(2_000, 400)))
    rows = []
    for label, partners, rels in cases:
        t_ours = median_seconds(lambda p=partners, r=rels: relationship_metrics(p, r), repeat=3)
        t_nx = median_seconds(lambda p=partners, r=rels: _networkx(p, r), repeat=3)
        rows.append((label, len(partners), len(rels), t_ours, t_nx, t_nx / t_ours))
    print_table(
        "Partner metrics: relationship_metrics vs networkx on the whole graph (median of 3)",
        ["network", "partners", "relationship rows", "ours s", "networkx s", "x networkx"],
        rows,
    )


if __name__ == "__main__":
    run()
