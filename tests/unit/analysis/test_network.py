"""The partner network: pairs, metrics (checked against networkx on real networks),
brokers, introductions, disagreements, sectors, referrals, overlaps and layout."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from mapping import relationship_metrics
from mapping.analysis import network as n
from mapping.data import schema as s
from mapping.data.errors import AnalysisError
from tests import sample_facts as F


def partners(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            s.PARTNER_ID: [r[0] for r in rows],
            s.NAME: [f"Org {r[0]}" for r in rows],
            s.SECTOR: [r[1] for r in rows],
        }
    )


def rels(*rows: tuple[str, ...]) -> pd.DataFrame:
    """(source, target[, level[, type[, trust]]]) rows."""
    out = []
    for r in rows:
        out.append(
            {
                s.SOURCE_ID: r[0],
                s.TARGET_ID: r[1],
                s.LEVEL: r[2] if len(r) > 2 else "cooperation",
                s.REL_TYPE: r[3] if len(r) > 3 else "",
                s.TRUST: float(r[4]) if len(r) > 4 else np.nan,
            }
        )
    return pd.DataFrame(out, columns=[s.SOURCE_ID, s.TARGET_ID, s.LEVEL, s.REL_TYPE, s.TRUST])


STAR = partners(
    ("C", "Victim services"),
    ("L1", "Legal aid"),
    ("L2", "Housing"),
    ("L3", "Education"),
    ("L4", "Housing"),
)
STAR_RELS = rels(("C", "L1"), ("C", "L2"), ("L3", "C"), ("C", "L4"))


# ------------------------------------------------------------------------------ pairs
def test_both_sides_of_a_pair_are_joined() -> None:
    pairs = n.relationship_pairs(
        rels(
            ("A", "B", "collaboration", "Joint program|MOU", "4"),
            ("B", "A", "cooperation", "Referral", "2"),
            ("A", "C", "coordination"),
            ("C", "C", "collaboration"),
        )
    )
    assert pairs[["partner_a", "partner_b", "level_a", "level_b", "level", "recorded_by"]].to_dict(
        "records"
    ) == [
        {
            "partner_a": "A",
            "partner_b": "B",
            "level_a": "collaboration",
            "level_b": "cooperation",
            "level": "cooperation",
            "recorded_by": "both",
        },
        {
            "partner_a": "A",
            "partner_b": "C",
            "level_a": "coordination",
            "level_b": "",
            "level": "coordination",
            "recorded_by": "a",
        },
    ]
    assert pairs["types"].iloc[0] == "Joint program|MOU|Referral"
    assert pairs["trust"].iloc[0] == 3.0
    assert np.isnan(pairs["trust"].iloc[1])


def test_missing_columns_are_named() -> None:
    with pytest.raises(AnalysisError, match="no column 'target_id'"):
        n.relationship_pairs(pd.DataFrame({s.SOURCE_ID: ["A"]}))
    with pytest.raises(AnalysisError, match="no column 'partner_id'"):
        relationship_metrics(pd.DataFrame({s.NAME: ["A"]}), rels(("A", "B")))


# ------------------------------------------------------------------------------ metrics
def test_a_star_network_whose_centre_is_the_broker() -> None:
    m = relationship_metrics(STAR, STAR_RELS).set_index(s.PARTNER_ID)
    assert list(m.reset_index().columns[:6]) == [
        s.PARTNER_ID,
        s.NAME,
        s.SECTOR,
        "degree",
        "betweenness",
        "closeness",
    ]
    assert m["degree"].to_dict() == {"C": 4, "L1": 1, "L2": 1, "L3": 1, "L4": 1}
    assert m.loc["C", "betweenness"] == 1.0
    assert (m.loc[["L1", "L2", "L3", "L4"], "betweenness"] == 0).all()
    assert m.loc["C", "closeness"] == 1.0
    assert m.loc["L1", "closeness"] == pytest.approx(4 / 7)
    assert m.loc["C", "eigenvector"] == pytest.approx(1 / np.sqrt(2), abs=1e-6)
    assert m.loc["L1", "eigenvector"] == pytest.approx(1 / np.sqrt(8), abs=1e-6)
    assert set(m["component"]) == {1}
    # Six pairs of leaves; L2 and L4 are both Housing, so five cross sectors.
    assert m.loc["C", "cross_sector_pairs"] == 5
    assert m.loc["C", "sectors_reached"] == 3
    assert (m.loc[["L1", "L2", "L3", "L4"], "cross_sector_pairs"] == 0).all()
    assert n.broker_reading(m.reset_index()).startswith(
        "Org C bridges the most sectors: it links 5 pairs of partners"
    )
    assert n.metric_reading(m.reset_index(), "betweenness", "betweenness") == (
        "Org C ranks highest on betweenness (1.00)."
    )


def test_components_isolates_density_and_trust() -> None:
    people = partners(
        ("A", "Health"), ("B", "Health"), ("C", "Housing"), ("D", "Housing"), ("E", "Other")
    )
    relationships = rels(
        ("A", "B", "cooperation", "", "4"), ("B", "A", "cooperation", "", "2"), ("C", "D")
    )
    m = relationship_metrics(people, relationships).set_index(s.PARTNER_ID)
    assert m["component"].to_dict() == {"A": 1, "B": 1, "C": 2, "D": 2, "E": 3}
    assert m.loc["E", ["degree", "betweenness", "closeness"]].tolist() == [0, 0, 0]
    assert m.loc["E", "eigenvector"] == pytest.approx(0, abs=1e-6)
    assert m.loc["A", "trust_given"] == 4.0 and m.loc["A", "trust_received"] == 2.0
    assert np.isnan(m.loc["C", "trust_given"])
    summary = n.network_summary(people, relationships)
    assert summary["partners"] == 5 and summary["ties"] == 2
    assert summary["density"] == pytest.approx(2 / 10)
    assert summary["components"] == 3 and summary["isolates"] == 1
    assert summary["largest_component"] == 2
    assert summary["average_trust"] == 3.0
    assert summary["one_sided"] == 1 and summary["disagreements"] == 0
    assert n.network_reading(summary) == (
        "5 partners share 2 working relationships (20% of all possible pairs); 2 are in the "
        "largest connected group, 1 other group stand apart, and 1 partner has no recorded "
        "relationship."
    )


def test_a_relationship_naming_an_unknown_partner_still_counts() -> None:
    m = relationship_metrics(partners(("A", "Health")), rels(("A", "Z"))).set_index(s.PARTNER_ID)
    assert m.loc["Z", s.SECTOR] == n.UNKNOWN_SECTOR and m.loc["Z", s.NAME] == "Z"
    assert m["degree"].to_dict() == {"A": 1, "Z": 1}


def test_no_relationships_at_all() -> None:
    m = relationship_metrics(partners(("A", "Health"), ("B", "Housing")), rels())
    assert m["degree"].tolist() == [0, 0] and m["eigenvector"].tolist() == [0.0, 0.0]
    assert n.metric_reading(m, "degree", "relationships").startswith("No partner stands out")
    assert relationship_metrics(partners(), rels()).empty


def test_trust_by_level() -> None:
    table = n.trust_by_level(
        rels(
            ("A", "B", "cooperation", "", "2"),
            ("B", "C", "cooperation", "", "4"),
            ("C", "D", "collaboration"),
        )
    ).set_index(s.LEVEL)
    assert table.loc["cooperation", "average_trust"] == 3.0
    assert table.loc["collaboration", ["relationships", "with_trust"]].tolist() == [1, 0]
    assert np.isnan(table.loc["coordination", "average_trust"])


# ------------------------------------------------------------------------------ against networkx
def _statnet(folder: Path, name: str) -> tuple[pd.DataFrame, pd.DataFrame, nx.Graph]:
    nodes = pd.read_csv(folder / f"{name}_nodes.csv")
    edges = pd.read_csv(folder / f"{name}_edges.csv")
    people = pd.DataFrame(
        {
            s.PARTNER_ID: nodes["vertex_id"].astype(str),
            s.NAME: nodes["vertex.names"].astype(str),
            s.SECTOR: nodes.get("Sponsorship", nodes.get("state")).astype(str),
        }
    )
    relationships = pd.DataFrame(
        {
            s.SOURCE_ID: edges["tail_id"].astype(str),
            s.TARGET_ID: edges["head_id"].astype(str),
            s.LEVEL: "cooperation",
        }
    )
    graph = nx.Graph()
    graph.add_nodes_from(people[s.PARTNER_ID])
    graph.add_edges_from(zip(relationships[s.SOURCE_ID], relationships[s.TARGET_ID], strict=True))
    graph.remove_edges_from(nx.selfloop_edges(graph))
    return people, relationships, graph


NETWORKS = [
    "emon_Cheyenne",
    "emon_HurrFrederic",
    "emon_LakePomona",
    "emon_MtSi",
    "emon_MtStHelens",
    "emon_Texas",
    "emon_Wichita",
    "lhds_local_health_departments",
]


@pytest.mark.realdata
@pytest.mark.parametrize("name", NETWORKS)
def test_metrics_match_networkx_on_real_networks(realdata, name: str) -> None:  # type: ignore[no-untyped-def]
    people, relationships, graph = _statnet(realdata / "statnet_org_networks", name)
    m = relationship_metrics(people, relationships).set_index(s.PARTNER_ID).loc[list(graph.nodes)]
    assert len(m) == graph.number_of_nodes()
    assert m["degree"].to_dict() == dict(graph.degree)
    for column, expected in (
        ("betweenness", nx.betweenness_centrality(graph)),
        ("closeness", nx.closeness_centrality(graph)),
    ):
        assert m[column].to_numpy() == pytest.approx([expected[v] for v in graph.nodes], abs=1e-12)
    eigen = nx.eigenvector_centrality(graph, max_iter=10_000, tol=1e-9)
    assert m["eigenvector"].to_numpy() == pytest.approx([eigen[v] for v in graph.nodes], abs=1e-6)
    ours = {frozenset(g.index) for _, g in m.groupby("component")}
    assert ours == {frozenset(c) for c in nx.connected_components(graph)}
    sizes = m["component"].value_counts()
    assert sizes.index[0] == 1 and sizes.iloc[0] == max(
        len(c) for c in nx.connected_components(graph)
    )
    summary = n.network_summary(people, relationships)
    assert summary["ties"] == graph.number_of_edges()
    assert summary["density"] == pytest.approx(nx.density(graph))
    assert summary["isolates"] == nx.number_of_isolates(graph)
    assert summary["components"] == nx.number_connected_components(graph)


@pytest.mark.realdata
def test_a_directed_real_network_counts_each_pair_once(realdata) -> None:  # type: ignore[no-untyped-def]
    _, relationships, graph = _statnet(realdata / "statnet_org_networks", "emon_Texas")
    pairs = n.relationship_pairs(relationships)
    assert len(pairs) == graph.number_of_edges() < len(relationships)
    directed = nx.DiGraph(
        list(zip(relationships[s.SOURCE_ID], relationships[s.TARGET_ID], strict=True))
    )
    mutual = sum(1 for a, b in directed.edges if a < b and directed.has_edge(b, a))
    assert (pairs["recorded_by"] == "both").sum() == mutual


# ------------------------------------------------------------------------------ for discussion
def test_an_asymmetric_pair_is_a_disagreement() -> None:
    people = partners(("A", "Health"), ("B", "Housing"), ("C", "Legal aid"))
    relationships = rels(
        ("A", "B", "collaboration"),
        ("B", "A", "cooperation"),
        ("A", "C", "coordination"),
        ("C", "A", "coordination"),
    )
    d = n.find_disagreements(people, relationships)
    assert d[["partner_a", "a_says", "partner_b", "b_says", "steps"]].to_dict("records") == [
        {
            "partner_a": "A",
            "a_says": "collaboration",
            "partner_b": "B",
            "b_says": "cooperation",
            "steps": 2,
        }
    ]
    assert n.disagreement_reading(d, 0) == (
        "1 pair describe its relationship differently, e.g. Org A says collaboration, Org B "
        "says cooperation."
    )
    assert n.network_summary(people, relationships)["disagreements"] == 1


def test_who_can_introduce_whom() -> None:
    people = partners(
        ("A", "Health"), ("B", "Housing"), ("C", "Legal aid"), ("D", "Health"), ("E", "Housing")
    )
    relationships = rels(
        ("A", "B", "collaboration"),
        ("B", "C", "cooperation"),
        ("A", "D", "coordination"),
        ("D", "C", "coordination"),
        ("E", "A"),
    )
    intro = n.find_introductions(people, relationships)
    top = intro.iloc[0]
    assert (top["partner_a"], top["partner_b"], top["shared"]) == ("A", "C", 2)
    assert top["introducers"] == "Org D; Org B"  # the stronger ties first
    assert top["strength"] == 2 + 1 and bool(top["cross_sector"])
    assert {(a, b) for a, b in zip(intro["partner_a"], intro["partner_b"], strict=True)} == {
        ("A", "C"),
        ("B", "D"),
        ("B", "E"),
        ("D", "E"),
    }
    focus = n.find_introductions(people, relationships, partner_id="E")
    assert focus["partner_a"].tolist() == ["E", "E"]
    assert sorted(focus["partner_b"]) == ["B", "D"]
    cross = n.find_introductions(people, relationships, cross_sector_only=True)
    assert ("B", "E") not in set(zip(cross["partner_a"], cross["partner_b"], strict=True))
    assert n.introductions_reading(intro).startswith(
        "4 pairs of partners without a tie share a partner"
    )


def test_the_sample_shows_brokers_disagreements_and_introductions(sample_ws) -> None:  # type: ignore[no-untyped-def]
    m = relationship_metrics(sample_ws.partners, sample_ws.relationships)
    brokers = m.sort_values("cross_sector_pairs", ascending=False)[s.PARTNER_ID].tolist()
    assert brokers[:2] == ["P01", "P37"]  # the coalition and the county office
    top = m.sort_values("betweenness", ascending=False)[s.PARTNER_ID].tolist()
    assert top[:2] == ["P01", "P37"]
    summary = n.network_summary(sample_ws.partners, sample_ws.relationships)
    assert summary["isolates"] == 2 and summary["components"] == 5
    isolated = set(m.loc[m["degree"] == 0, s.PARTNER_ID])
    assert isolated == {"P13", "P49"}
    pair = m.set_index(s.PARTNER_ID).loc[["P47", "P48"], "component"]
    assert pair.nunique() == 1 and pair.iloc[0] != 1  # the cluster outside the county
    d = n.find_disagreements(sample_ws.partners, sample_ws.relationships)
    assert {(a, b) for a, b in zip(d["partner_a"], d["partner_b"], strict=True)} == {
        ("P01", "P08"),
        ("P01", "P10"),
        ("P07", "P23"),
    }


# ------------------------------------------------------------------------------ sectors
def test_sector_matrix_and_referral_flows() -> None:
    people = partners(("A", "Health"), ("B", "Housing"), ("C", "Housing"))
    relationships = rels(
        ("A", "B", "cooperation", "Referral"),
        ("B", "A", "cooperation", "Referral|MOU"),
        ("B", "C", "coordination", "Referral"),
        ("A", "C", "coordination", "Joint outreach"),
    )
    matrix = n.sector_matrix(people, relationships).set_index(["sector_a", "sector_b"])["ties"]
    assert matrix.to_dict() == {
        ("Housing", "Housing"): 1,
        ("Housing", "Health"): 2,
        ("Health", "Housing"): 2,
        ("Health", "Health"): 0,
    }
    assert n.sector_reading(matrix.reset_index()) == (
        "2 of 3 ties cross sectors; the most link Health and Housing (2)."
    )
    flows = n.referral_flows(people, relationships)
    assert flows.to_dict("records") == [
        {"from_sector": "Health", "to_sector": "Housing", "relationships": 1},
        {"from_sector": "Housing", "to_sector": "Health", "relationships": 1},
        {"from_sector": "Housing", "to_sector": "Housing", "relationships": 1},
    ]
    assert n.referral_flows(people, rels(("A", "B"))).empty


# ------------------------------------------------------------------------------ overlaps
def test_partner_overlap_is_jaccard_of_category_area_pairs() -> None:
    areas = pd.DataFrame(
        {"area": ["A1", "A2", "A3"], s.LATITUDE: [40.0, 40.1, 41.0], s.LONGITUDE: [-80.0] * 3}
    )
    svc = pd.DataFrame(
        {
            s.SERVICE_ID: ["S1", "S2", "S3", "S4"],
            s.PARTNER_ID: ["P1", "P2", "P2", "P3"],
            s.CATEGORY: ["Shelter", "Shelter", "Legal", "ESL"],
            s.LATITUDE: [40.0, 40.05, 40.05, 40.0],
            s.LONGITUDE: [-80.0] * 4,
        }
    )
    out = n.partner_overlap(svc, rels(("P1", "P3", "coordination")), areas)
    # P1 shelter reaches A1, A2; P2 shelter A1, A2 and legal A1, A2: 2 shared of 4.
    assert out.to_dict("records") == [
        {
            "partner_a": "P1",
            "partner_b": "P2",
            "shared_pairs": 2,
            "jaccard": 0.5,
            "shared_categories": "Shelter",
            "related": "",
        }
    ]
    with pytest.raises(
        AnalysisError, match=r"needs 8 \(partner, category, ZIP area\) combinations"
    ):
        n.partner_overlap(svc, None, areas, max_pairs=5)
    assert n.overlap_reading(out, {"P1": "One", "P2": "Two"}).startswith(
        "One and Two overlap the most (50% of what they offer where); 1 of 1"
    )


# ------------------------------------------------------------------------------ layout
def test_the_layout_is_stable_and_puts_isolates_apart(sample_ws) -> None:  # type: ignore[no-untyped-def]
    graph = n.build_graph(sample_ws.partners, sample_ws.relationships)
    first = n.network_layout(graph)
    second = n.network_layout(n.build_graph(sample_ws.partners, sample_ws.relationships))
    pd.testing.assert_frame_equal(first, second)
    assert len(first) == F.PARTNERS and np.isfinite(first[["x", "y"]].to_numpy()).all()
    pos = first.set_index(s.PARTNER_ID)
    assert pos.loc[["P13", "P49"], "y"].tolist() == [-1.25, -1.25]
    assert pos.drop(["P13", "P49"])["y"].between(-1, 1).all()
