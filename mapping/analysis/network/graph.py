"""The partner network: who works with whom, how closely, who bridges, who overlaps.

Each row of relationships.csv is one partner's description of a relationship with
another. The network joins the two descriptions of a pair into one tie (the Levels of
Collaboration practice asks both sides), so metrics count a relationship whichever side
recorded it. A tie's level is the lower of the levels recorded (what both sides at least
agree on); when the two sides disagree, :func:`find_disagreements` lists the pair.

Metrics are the ones network analysts expect (the PARTNER tool, Kumu), computed with
networkx on the undirected network: degree, betweenness, closeness and eigenvector
centrality, components and isolates, density; plus brokerage across sectors and
"who can introduce whom" (partners with no tie but shared neighbours).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from mapping.analysis.coverage import (
    PLACED_BY,
    PROVIDERS_WITHIN,
    default_areas,
    find_coverage_gaps,
    place_services,
    reach_codes,
)
from mapping.data import schema as s
from mapping.data.errors import AnalysisError
from mapping.data.normalize import split_list

REFERRAL = "Referral"
UNKNOWN_SECTOR = "Unknown"

PAIR_COLUMNS = (
    "partner_a",
    "partner_b",
    "level_a",
    "level_b",
    "level",
    "trust_a",
    "trust_b",
    "trust",
    "types",
    "recorded_by",
    "notes_a",
    "notes_b",
)
METRIC_COLUMNS = (
    s.PARTNER_ID,
    s.NAME,
    s.SECTOR,
    "degree",
    "betweenness",
    "closeness",
    "eigenvector",
    "component",
    "sectors_reached",
    "cross_sector_pairs",
    "trust_given",
    "trust_received",
)


# ------------------------------------------------------------------------------ inputs
def _text(df: pd.DataFrame, name: str) -> pd.Series:
    if name not in df.columns:
        return pd.Series([""] * len(df), index=df.index, dtype="str")
    col = df[name]
    return col.astype(object).where(col.notna(), "").astype(str).str.strip()


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise AnalysisError(
            f"the {what} table has no column {missing[0]!r}; it needs "
            f"{', '.join(repr(c) for c in columns)} (see docs/data-format.md)."
        )


def _level_rank(level: str) -> int:
    return s.LEVEL_ORDER.get(level, 0)


def _trust(df: pd.DataFrame) -> pd.Series:
    if s.TRUST not in df.columns:
        return pd.Series(np.nan, index=df.index, dtype="float64")
    return pd.to_numeric(df[s.TRUST], errors="coerce").astype("float64")


@dataclass
class _Pair:
    """Both sides' descriptions of one pair: index 0 is partner a's, 1 is partner b's."""

    a: str
    b: str
    levels: list[str] = field(default_factory=lambda: ["", ""])
    trust: list[float] = field(default_factory=lambda: [math.nan, math.nan])
    notes: list[str] = field(default_factory=lambda: ["", ""])
    types: list[str] = field(default_factory=list)


def relationship_pairs(relationships: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of partners (``partner_a`` < ``partner_b``), both sides joined.

    Columns: partner_a, partner_b; level_a / level_b (the level as a / b recorded it,
    '' when that side recorded nothing), level (the lower of the two recorded);
    trust_a / trust_b and trust (their mean, NaN when neither gave one); types (every type
    either side named, |-joined); recorded_by ("both", "a" or "b"); notes_a / notes_b.
    A partner's relationship with itself is ignored.
    """
    _require(relationships, (s.SOURCE_ID, s.TARGET_ID), "relationships")
    src: list[str] = _text(relationships, s.SOURCE_ID).tolist()
    dst: list[str] = _text(relationships, s.TARGET_ID).tolist()
    level: list[str] = _text(relationships, s.LEVEL).tolist()
    types: list[str] = _text(relationships, s.REL_TYPE).tolist()
    notes: list[str] = _text(relationships, s.NOTES).tolist()
    trust: list[float] = _trust(relationships).tolist()
    pairs: dict[tuple[str, str], _Pair] = {}
    for a, b, lv, kinds, note, tr in zip(src, dst, level, types, notes, trust, strict=True):
        if not a or not b or a == b:
            continue
        key = (a, b) if a < b else (b, a)
        pair = pairs.setdefault(key, _Pair(*key))
        side = 0 if a == key[0] else 1
        # A side that recorded the same pair twice: its deeper level, its last notes.
        if _level_rank(lv) >= _level_rank(pair.levels[side]):
            pair.levels[side] = lv
        if not math.isnan(tr):
            pair.trust[side] = tr
        if note:
            pair.notes[side] = note
        pair.types.extend(k for k in split_list(kinds) if k not in pair.types)
    rows = []
    for pair in pairs.values():
        recorded = [lv for lv in pair.levels if lv]
        given = [tr for tr in pair.trust if not math.isnan(tr)]
        rows.append(
            {
                "partner_a": pair.a,
                "partner_b": pair.b,
                "level_a": pair.levels[0],
                "level_b": pair.levels[1],
                "level": min(recorded, key=_level_rank) if recorded else "",
                "trust_a": pair.trust[0],
                "trust_b": pair.trust[1],
                "trust": sum(given) / len(given) if given else math.nan,
                "types": s.LIST_SEPARATOR.join(pair.types),
                "recorded_by": "both" if all(pair.levels) else ("a" if pair.levels[0] else "b"),
                "notes_a": pair.notes[0],
                "notes_b": pair.notes[1],
            }
        )
    out = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
    out = out.sort_values(["partner_a", "partner_b"], kind="stable").reset_index(drop=True)
    return out.astype({"trust_a": "float64", "trust_b": "float64", "trust": "float64"})


def _partner_table(partners: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """partner_id, name, sector of every partner, plus any id a relationship names."""
    _require(partners, (s.PARTNER_ID,), "partners")
    table = pd.DataFrame(
        {
            s.PARTNER_ID: _text(partners, s.PARTNER_ID).to_numpy(),
            s.NAME: _text(partners, s.NAME).to_numpy(),
            s.SECTOR: _text(partners, s.SECTOR).to_numpy(),
        }
    )
    table = table[table[s.PARTNER_ID] != ""].drop_duplicates(s.PARTNER_ID)
    known = set(table[s.PARTNER_ID])
    named = pd.concat([pairs["partner_a"], pairs["partner_b"]]).unique()
    extra = [p for p in named if p not in known]
    if extra:
        table = pd.concat(
            [table, pd.DataFrame({s.PARTNER_ID: extra, s.NAME: extra, s.SECTOR: ""})],
            ignore_index=True,
        )
    table[s.NAME] = table[s.NAME].where(table[s.NAME] != "", table[s.PARTNER_ID])
    table[s.SECTOR] = table[s.SECTOR].where(table[s.SECTOR] != "", UNKNOWN_SECTOR)
    return table.reset_index(drop=True)


def build_graph(partners: pd.DataFrame, relationships: pd.DataFrame) -> nx.Graph:
    """The undirected partner network: every partner a node (isolates too), one edge per
    pair with attributes level, level_rank, trust, types, recorded_by."""
    pairs = relationship_pairs(relationships)
    table = _partner_table(partners, pairs)
    graph = nx.Graph()
    for pid, name, sector in table[[s.PARTNER_ID, s.NAME, s.SECTOR]].itertuples(index=False):
        graph.add_node(pid, name=name, sector=sector)
    for row in pairs.itertuples(index=False):
        graph.add_edge(
            row.partner_a,
            row.partner_b,
            level=row.level,
            level_rank=_level_rank(str(row.level)),
            trust=row.trust,
            types=row.types,
            recorded_by=row.recorded_by,
        )
    return graph


# ------------------------------------------------------------------------------ metrics
def _components(graph: nx.Graph) -> dict[str, int]:
    """Component number of each partner: 1 is the largest (ties: the lowest partner_id)."""
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    return {node: i for i, comp in enumerate(parts, start=1) for node in comp}


def _path_centralities(graph: nx.Graph) -> tuple[dict[str, float], dict[str, float]]:
    """networkx's normalised betweenness and (Wasserman-Faust) closeness, computed one
    connected group at a time and scaled to the whole network, which is what networkx
    returns on the whole graph, without its cost for every partner with no tie (a
    directory of 2,000 partners and few ties took seconds)."""
    n = graph.number_of_nodes()
    betweenness = dict.fromkeys(graph.nodes, 0.0)
    closeness = dict.fromkeys(graph.nodes, 0.0)
    # networkx: undirected normalised betweenness = raw / ((n-1)(n-2)), where the
    # unnormalised value it returns is raw / 2.
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    for comp in nx.connected_components(graph):
        if len(comp) < 2:
            continue
        sub = graph.subgraph(comp).copy()  # a view is slow to walk: copy it
        for v, b in nx.betweenness_centrality(sub, normalized=False).items():
            betweenness[v] = float(b) * scale
        # closeness x (reachable - 1) / (n - 1): the subgraph's n becomes the network's.
        for v, c in nx.closeness_centrality(sub).items():
            closeness[v] = float(c) * (len(comp) - 1) / (n - 1)
    return betweenness, closeness


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph.nodes, 0.0)
    try:
        values = nx.eigenvector_centrality(graph, max_iter=10_000, tol=1e-9)
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - A+I iteration converges
        values = nx.eigenvector_centrality_numpy(graph)
    return {k: float(v) for k, v in values.items()}


def _brokerage(graph: nx.Graph) -> tuple[dict[str, int], dict[str, int]]:
    """Per partner: sectors among its neighbours other than its own, and open pairs of
    neighbours from different sectors (two partners it links that have no tie)."""
    sector = nx.get_node_attributes(graph, "sector")
    reached: dict[str, int] = {}
    open_pairs: dict[str, int] = {}
    for v in graph.nodes:
        nbrs = sorted(graph[v])
        reached[v] = len({sector[n] for n in nbrs} - {sector[v]})
        open_pairs[v] = sum(
            1
            for a, b in combinations(nbrs, 2)
            if sector[a] != sector[b] and not graph.has_edge(a, b)
        )
    return reached, open_pairs


def relationship_metrics(partners: pd.DataFrame, relationships: pd.DataFrame) -> pd.DataFrame:
    """One row per partner with its place in the network.

    Columns: partner_id, name, sector; degree (partners it has a tie with); betweenness
    (share of shortest paths between other partners that pass through it, 0-1), closeness
    (how near it is to all others it can reach, Wasserman-Faust scaled for a network in
    pieces, 0-1), eigenvector (ties to well-tied partners, 0-1), all as networkx computes
    them on the undirected network; component (1 = the largest connected group);
    sectors_reached (other sectors among its partners); cross_sector_pairs (pairs of its
    partners from different sectors with no tie of their own: the introductions it can
    broker); trust_given / trust_received (mean trust it recorded / others recorded for it).
    """
    graph = build_graph(partners, relationships)
    nodes = list(graph.nodes)
    if not nodes:
        return pd.DataFrame(columns=list(METRIC_COLUMNS))
    betweenness, closeness = _path_centralities(graph)
    eigen = _eigenvector(graph)
    component = _components(graph)
    reached, open_pairs = _brokerage(graph)
    src = _text(relationships, s.SOURCE_ID)
    dst = _text(relationships, s.TARGET_ID)
    trust = _trust(relationships)
    mask = src != dst
    given = trust[mask].groupby(src[mask]).mean()
    received = trust[mask].groupby(dst[mask]).mean()
    out = pd.DataFrame(
        {
            s.PARTNER_ID: nodes,
            s.NAME: [graph.nodes[n]["name"] for n in nodes],
            s.SECTOR: [graph.nodes[n]["sector"] for n in nodes],
            "degree": [graph.degree(n) for n in nodes],
            "betweenness": [float(betweenness[n]) for n in nodes],
            "closeness": [float(closeness[n]) for n in nodes],
            "eigenvector": [eigen[n] for n in nodes],
            "component": [component[n] for n in nodes],
            "sectors_reached": [reached[n] for n in nodes],
            "cross_sector_pairs": [open_pairs[n] for n in nodes],
            "trust_given": [float(given.get(n, np.nan)) for n in nodes],
            "trust_received": [float(received.get(n, np.nan)) for n in nodes],
        }
    )
    return out.astype({"degree": "int64", "component": "int64"})


def network_summary(partners: pd.DataFrame, relationships: pd.DataFrame) -> dict[str, object]:
    """Whole-network figures: partners, ties, density (0-1), components, isolates,
    largest_component (partners in it), average_trust (NaN when none given),
    one_sided (ties only one side recorded), disagreements (ties the sides level differently)."""
    graph = build_graph(partners, relationships)
    pairs = relationship_pairs(relationships)
    n = graph.number_of_nodes()
    comps = list(nx.connected_components(graph)) if n else []
    trust = _trust(relationships)
    both = pairs[pairs["recorded_by"] == "both"]
    return {
        "partners": n,
        "ties": graph.number_of_edges(),
        "density": float(nx.density(graph)) if n > 1 else 0.0,
        "components": len(comps),
        "isolates": sum(1 for c in comps if len(c) == 1),
        "largest_component": max((len(c) for c in comps), default=0),
        "average_trust": float(trust.mean()) if trust.notna().any() else float("nan"),
        "one_sided": int((pairs["recorded_by"] != "both").sum()),
        "disagreements": int((both["level_a"] != both["level_b"]).sum()),
    }


def trust_by_level(relationships: pd.DataFrame) -> pd.DataFrame:
    """Mean trust per relationship level: columns level, relationships, with_trust,
    average_trust (NaN when none given)."""
    level = _text(relationships, s.LEVEL)
    trust = _trust(relationships)
    rows = []
    for lv in s.LEVELS.labels:
        t = trust[level == lv]
        rows.append(
            {
                s.LEVEL: lv,
                "relationships": len(t),
                "with_trust": int(t.notna().sum()),
                "average_trust": float(t.mean()) if t.notna().any() else np.nan,
            }
        )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ pairs
def find_disagreements(partners: pd.DataFrame, relationships: pd.DataFrame) -> pd.DataFrame:
    """Pairs whose two sides recorded different levels, for discussion.

    Columns: partner_a, name_a, a_says, partner_b, name_b, b_says, steps (how many levels
    apart), notes_a, notes_b; the widest differences first.
    """
    pairs = relationship_pairs(relationships)
    names = dict(
        zip(
            _partner_table(partners, pairs)[s.PARTNER_ID],
            _partner_table(partners, pairs)[s.NAME],
            strict=True,
        )
    )
    both = pairs[(pairs["recorded_by"] == "both") & (pairs["level_a"] != pairs["level_b"])]
    out = pd.DataFrame(
        {
            "partner_a": both["partner_a"],
            "name_a": both["partner_a"].map(names),
            "a_says": both["level_a"],
            "partner_b": both["partner_b"],
            "name_b": both["partner_b"].map(names),
            "b_says": both["level_b"],
            "steps": [
                abs(_level_rank(x) - _level_rank(y))
                for x, y in zip(both["level_a"], both["level_b"], strict=True)
            ],
            "notes_a": both["notes_a"],
            "notes_b": both["notes_b"],
        }
    )
    return (
        out.sort_values(["steps", "partner_a", "partner_b"], ascending=[False, True, True])
        .reset_index(drop=True)
        .astype({"steps": "int64"})
    )


def find_introductions(
    partners: pd.DataFrame,
    relationships: pd.DataFrame,
    *,
    partner_id: str | None = None,
    cross_sector_only: bool = False,
) -> pd.DataFrame:
    """Pairs of partners with no tie but shared partners who could introduce them.

    Columns: partner_a, name_a, sector_a, partner_b, name_b, sector_b, shared (how many
    introducers), introducers (their names, strongest tie first), strength (for each
    introducer the weaker of its two ties' levels, 1-3, summed), cross_sector. Ranked by
    shared, then strength, then cross-sector pairs first. ``partner_id`` keeps the pairs
    that include that partner.
    """
    graph = build_graph(partners, relationships)
    sector = nx.get_node_attributes(graph, "sector")
    name = nx.get_node_attributes(graph, "name")
    found: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for w in graph.nodes:
        nbrs = sorted(graph[w])
        for a, b in combinations(nbrs, 2):
            if graph.has_edge(a, b):
                continue
            if partner_id is not None and partner_id not in (a, b):
                continue
            weakest = min(graph[w][a]["level_rank"], graph[w][b]["level_rank"])
            found.setdefault((a, b), []).append((weakest, w))
    rows = []
    for (first, second), via in found.items():
        # The focus partner first.
        a, b = (
            (second, first) if partner_id is not None and second == partner_id else (first, second)
        )
        cross = sector[a] != sector[b]
        if cross_sector_only and not cross:
            continue
        via.sort(key=lambda t: (-t[0], name[t[1]]))
        rows.append(
            {
                "partner_a": a,
                "name_a": name[a],
                "sector_a": sector[a],
                "partner_b": b,
                "name_b": name[b],
                "sector_b": sector[b],
                "shared": len(via),
                "introducers": "; ".join(name[w] for _, w in via),
                "strength": sum(r for r, _ in via),
                "cross_sector": cross,
            }
        )
    columns = [
        "partner_a",
        "name_a",
        "sector_a",
        "partner_b",
        "name_b",
        "sector_b",
        "shared",
        "introducers",
        "strength",
        "cross_sector",
    ]
    out = pd.DataFrame(rows, columns=columns)
    if out.empty:
        return out
    return out.sort_values(
        ["shared", "strength", "cross_sector", "name_a", "name_b"],
        ascending=[False, False, False, True, True],
        kind="stable",
    ).reset_index(drop=True)


# ------------------------------------------------------------------------------ sectors
def sector_order(sectors: Iterable[str]) -> list[str]:
    """Distinct sectors in taxonomy order, then any others (e.g. "Unknown") by name."""
    rank = {label: i for i, label in enumerate((*s.SECTORS.labels, UNKNOWN_SECTOR))}
    return sorted(set(sectors), key=lambda x: (rank.get(x, len(rank)), x))


def sector_matrix(partners: pd.DataFrame, relationships: pd.DataFrame) -> pd.DataFrame:
    """Ties between sectors: columns sector_a, sector_b, ties; symmetric (both orders) over
    every sector that has a partner, the diagonal being ties within a sector."""
    graph = build_graph(partners, relationships)
    sector = nx.get_node_attributes(graph, "sector")
    present = sector_order(sector.values())
    counts = {(x, y): 0 for x in present for y in present}
    for a, b in graph.edges:
        counts[(sector[a], sector[b])] += 1
        if sector[a] != sector[b]:
            counts[(sector[b], sector[a])] += 1
    return pd.DataFrame(
        [{"sector_a": x, "sector_b": y, "ties": n} for (x, y), n in counts.items()],
        columns=["sector_a", "sector_b", "ties"],
    )


def referral_flows(partners: pd.DataFrame, relationships: pd.DataFrame) -> pd.DataFrame:
    """Referral relationships from sector to sector, as recorded: columns from_sector,
    to_sector, relationships (rows whose type includes Referral, from the partner that
    recorded it to the partner it names), most first."""
    pairs = relationship_pairs(relationships)
    table = _partner_table(partners, pairs)
    sector = dict(zip(table[s.PARTNER_ID], table[s.SECTOR], strict=True))
    src, dst = _text(relationships, s.SOURCE_ID), _text(relationships, s.TARGET_ID)
    types = _text(relationships, s.REL_TYPE)
    is_referral = pd.Series(
        [
            REFERRAL in split_list(v) and a not in (b, "")
            for v, a, b in zip(types, src, dst, strict=True)
        ],
        index=relationships.index,
        dtype=bool,
    )
    flows = pd.DataFrame(
        {
            "from_sector": src[is_referral].map(sector),
            "to_sector": dst[is_referral].map(sector),
        }
    )
    if flows.empty:
        return pd.DataFrame(
            {
                "from_sector": pd.Series(dtype="str"),
                "to_sector": pd.Series(dtype="str"),
                "relationships": pd.Series(dtype="int64"),
            }
        )
    out = flows.groupby(["from_sector", "to_sector"]).size().rename("relationships").reset_index()
    return out.sort_values(
        ["relationships", "from_sector", "to_sector"], ascending=[False, True, True]
    ).reset_index(drop=True)


# ------------------------------------------------------------------------------ overlaps
def partner_overlap(
    services: pd.DataFrame,
    relationships: pd.DataFrame | None = None,
    areas: pd.DataFrame | None = None,
    radius_miles: float | Mapping[str, float] | None = None,
    *,
    limit: int | None = 500,
    max_pairs: int = 3_000_000,
) -> pd.DataFrame:
    """Partners offering the same categories to the same areas.

    Each partner's reach is its set of (category, ZIP area) pairs it serves within reach
    (:func:`mapping.analysis.coverage.service_reach`); the overlap of two partners is the Jaccard
    index of their sets (shared pairs / pairs either serves, 0-1).

    Returns one row per overlapping pair, most overlapping first (at most ``limit``):
    partner_a, partner_b, shared_pairs, jaccard, shared_categories (|-joined), and
    related (the level of their tie, '' when they have none: a chance to coordinate).

    Raises:
        AnalysisError: the reach of all partners is more than ``max_pairs`` combinations
            (memory grows with it); the message says how to narrow it.
    """
    placed = place_services(services) if PLACED_BY not in services.columns else services
    if areas is None:
        areas = default_areas(placed)
    pairs_needed = int(find_coverage_gaps(placed, areas, radius_miles)[PROVIDERS_WITHIN].sum())
    if pairs_needed > max_pairs:
        raise AnalysisError(
            f"comparing every partner's reach needs {pairs_needed:,} (partner, category, ZIP "
            f"area) combinations, more than this dashboard compares at once ({max_pairs:,}). "
            "Choose fewer counties or shorter distances."
        )
    reach = reach_codes(placed, areas, radius_miles)
    columns = [
        "partner_a",
        "partner_b",
        "shared_pairs",
        "jaccard",
        "shared_categories",
        "related",
    ]
    if not len(reach.provider):
        return pd.DataFrame(columns=columns)
    n_areas = len(reach.area_ids)
    cell = reach.category * n_areas + reach.area
    m = sparse.csr_matrix(
        (np.ones(len(cell), dtype=np.int64), (reach.provider, cell)),
        shape=(len(reach.providers), len(reach.categories) * n_areas),
    )
    m.sort_indices()
    sizes = np.diff(m.indptr)
    inter = sparse.triu(m @ m.T, k=1).tocoo()
    union = sizes[inter.row] + sizes[inter.col] - inter.data
    jaccard = inter.data / union
    order = np.lexsort((inter.col, inter.row, -jaccard))
    if limit is not None:
        order = order[:limit]
    levels: dict[tuple[str, str], str] = {}
    if relationships is not None and not relationships.empty:
        pairs = relationship_pairs(relationships)
        levels = {
            (a, b): lv
            for a, b, lv in zip(pairs["partner_a"], pairs["partner_b"], pairs["level"], strict=True)
        }
    rows = []
    for k in order:
        i, j = int(inter.row[k]), int(inter.col[k])
        a, b = str(reach.providers[i]), str(reach.providers[j])
        shared = np.intersect1d(
            m.indices[m.indptr[i] : m.indptr[i + 1]],
            m.indices[m.indptr[j] : m.indptr[j + 1]],
            assume_unique=True,
        )
        cats = [reach.categories[c] for c in np.unique(shared // n_areas)]
        rows.append(
            {
                "partner_a": a,
                "partner_b": b,
                "shared_pairs": int(inter.data[k]),
                "jaccard": float(jaccard[k]),
                "shared_categories": s.LIST_SEPARATOR.join(cats),
                "related": levels.get((a, b) if a < b else (b, a), ""),
            }
        )
    return pd.DataFrame(rows, columns=columns)
