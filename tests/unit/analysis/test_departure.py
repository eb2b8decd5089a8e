"""What if a partner leaves: the only provider of a category, the gaps that would open, and
the partners that would lose their only bridge to the others."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from mapping.analysis import coverage as cov
from mapping.analysis import departure as dep
from mapping.data import schema as s
from mapping.data.workspace import Workspace
from tests import sample_facts as F

BASE = (40.0, -80.0)
# Three areas due north of BASE: about 6.9, 20.7 and 69.1 miles away.
AREAS = pd.DataFrame(
    {
        cov.AREA: ["A1", "A2", "A3"],
        s.LATITUDE: [BASE[0] + 0.1, BASE[0] + 0.3, BASE[0] + 1.0],
        s.LONGITUDE: [BASE[1]] * 3,
    }
)
RADII = {"Shelter": 25.0, "Legal": 25.0, "Food": 10.0}


def _partners() -> pd.DataFrame:
    return pd.DataFrame(
        {
            s.PARTNER_ID: ["P1", "P2", "P3", "P4"],
            s.NAME: ["Alpha Shelter", "Bridge Legal", "Corner Pantry", "Delta Works"],
            s.SECTOR: [
                "Victim services",
                "Legal aid",
                "Community and faith",
                "Workforce development",
            ],
        }
    )


def _services() -> pd.DataFrame:
    rows = [
        ("S1", "P1", "Shelter", BASE[0]),  # the only shelter: reaches A1 and A2
        ("S2", "P1", "Legal", BASE[0]),  # legal help from two partners: nothing opens
        ("S3", "P2", "Legal", BASE[0]),
        ("S4", "P2", "Food", BASE[0] + 1.0),  # food near A3 only from P2
        ("S5", "P3", "Food", BASE[0]),  # food near A1 only from P3
    ]
    return pd.DataFrame(
        [
            {
                s.SERVICE_ID: sid,
                s.PARTNER_ID: pid,
                s.CATEGORY: cat,
                s.LATITUDE: lat,
                s.LONGITUDE: BASE[1],
            }
            for sid, pid, cat, lat in rows
        ]
    )


def _relationships() -> pd.DataFrame:
    # A chain P1 - P2 - P3 - P4: P2 and P3 are the only bridges.
    return pd.DataFrame(
        {
            s.SOURCE_ID: ["P1", "P2", "P3"],
            s.TARGET_ID: ["P2", "P3", "P4"],
            s.LEVEL: ["cooperation"] * 3,
        }
    )


def _risks() -> pd.DataFrame:
    return dep.find_departure_risks(_services(), _partners(), _relationships(), AREAS, RADII)


def test_every_loss_is_found_and_the_riskiest_partner_comes_first() -> None:
    risks = _risks()
    assert list(risks.columns) == list(dep.RISK_COLUMNS)
    got = risks[
        [
            s.PARTNER_ID,
            "services",
            "only_provider_of",
            "gap_areas",
            "gap_categories",
            "is_bridge",
            "cut_off",
            "cut_off_names",
            "pairs_disconnected",
            "ties",
            "losses",
        ]
    ].to_dict("records")
    assert got == [
        {
            s.PARTNER_ID: "P1",
            "services": 2,
            "only_provider_of": "Shelter",
            "gap_areas": 2,
            "gap_categories": "Shelter",
            "is_bridge": False,
            "cut_off": 0,
            "cut_off_names": "",
            "pairs_disconnected": 0,
            "ties": 1,
            "losses": 2,
        },
        {
            s.PARTNER_ID: "P2",
            "services": 2,
            "only_provider_of": "",
            "gap_areas": 1,
            "gap_categories": "Food",
            "is_bridge": True,
            "cut_off": 1,
            "cut_off_names": "Alpha Shelter",
            "pairs_disconnected": 2,
            "ties": 2,
            "losses": 2,
        },
        {
            s.PARTNER_ID: "P3",
            "services": 1,
            "only_provider_of": "",
            "gap_areas": 1,
            "gap_categories": "Food",
            "is_bridge": True,
            "cut_off": 1,
            "cut_off_names": "Delta Works",
            "pairs_disconnected": 2,
            "ties": 2,
            "losses": 2,
        },
        {
            s.PARTNER_ID: "P4",
            "services": 0,
            "only_provider_of": "",
            "gap_areas": 0,
            "gap_categories": "",
            "is_bridge": False,
            "cut_off": 0,
            "cut_off_names": "",
            "pairs_disconnected": 0,
            "ties": 1,
            "losses": 0,
        },
    ]
    assert list(risks["what_would_be_lost"]) == [
        "The only provider of Shelter; 2 ZIP-area gaps would open (Shelter 2).",
        "1 ZIP-area gap would open (Food 1); 1 partner would lose its only link to the "
        "others (Alpha Shelter); 2 pairs of partners could no longer reach each other.",
        "1 ZIP-area gap would open (Food 1); 1 partner would lose its only link to the "
        "others (Delta Works); 2 pairs of partners could no longer reach each other.",
        dep.NOTHING_LOST,
    ]


def test_one_partner_in_detail_names_the_areas_that_would_open() -> None:
    d = dep.partner_departure("P1", _services(), _partners(), _relationships(), AREAS, RADII)
    assert (d.name, d.only_provider_of, d.is_bridge, d.ties) == (
        "Alpha Shelter",
        ["Shelter"],
        False,
        1,
    )
    assert d.gap_counts == {"Shelter": 2}
    assert list(zip(d.new_gaps[cov.AREA], d.new_gaps[s.CATEGORY], strict=True)) == [
        ("A1", "Shelter"),
        ("A2", "Shelter"),
    ]
    assert d.new_gaps["nearest_miles_after"].isna().all()  # nobody else offers shelter
    food = dep.partner_departure("P3", _services(), _partners(), _relationships(), AREAS, RADII)
    assert list(food.new_gaps[cov.AREA]) == ["A1"]
    # Without P3, the nearest food is P2's, at A3: about 62 miles from A1.
    assert food.new_gaps["nearest_miles_after"].iloc[0] == pytest.approx(62.2, abs=0.5)
    assert food.cut_off == ["P4"] and food.pairs_disconnected == 2


PEOPLE = {"A1": 1000.0, "A2": 200.0, "A3": 50.0}


def test_residents_who_would_lose_reach_are_counted_once_per_area() -> None:
    d = dep.partner_departure(
        "P1", _services(), _partners(), _relationships(), AREAS, RADII, people=PEOPLE
    )
    assert d.people_lost == 1200.0 and d.people_counts == {"Shelter": 1200.0}
    risks = dep.find_departure_risks(
        _services(), _partners(), _relationships(), AREAS, RADII, people=PEOPLE
    ).set_index(s.PARTNER_ID)
    # The same areas as a departure re-run for each partner, weighed by their people.
    for pid in ("P1", "P2", "P3", "P4"):
        one = dep.partner_departure(
            pid, _services(), _partners(), _relationships(), AREAS, RADII, people=PEOPLE
        )
        assert risks.loc[pid, "gap_people"] == one.people_lost
    assert risks.loc["P1", "what_would_be_lost"] == (
        "The only provider of Shelter; 1,200 residents would lose their only provider of a "
        "service within reach (Shelter 1,200; 2 ZIP-area gaps)."
    )
    reading = dep.risks_reading(risks.reset_index())
    assert "would open gaps in reach (up to 1,200 residents losing a service)" in reading
    table = dep.risk_table(risks.reset_index())
    assert table["residents who would lose a service"].iloc[0] == 1200
    # Without people: the sentence counts ZIP areas, as before.
    assert (
        "2 ZIP-area gaps would open (Shelter 2)"
        in _risks().set_index(s.PARTNER_ID).loc["P1", "what_would_be_lost"]
    )


def test_a_bridge_between_two_groups_counts_every_pair_it_separates() -> None:
    # A star: P1 in the middle of P2, P3 and P4 - three pieces of one partner each.
    rels = pd.DataFrame(
        {
            s.SOURCE_ID: ["P1", "P1", "P1"],
            s.TARGET_ID: ["P2", "P3", "P4"],
            s.LEVEL: ["coordination"] * 3,
        }
    )
    risks = dep.find_departure_risks(_services(), _partners(), rels, AREAS, RADII).set_index(
        s.PARTNER_ID
    )
    assert risks.loc["P1", "cut_off"] == 2  # the largest piece stays "the rest"
    assert risks.loc["P1", "pairs_disconnected"] == 3
    assert not risks.loc[["P2", "P3", "P4"], "is_bridge"].any()


def test_a_service_that_cannot_be_placed_still_makes_its_partner_the_only_provider() -> None:
    services = pd.concat(
        [
            _services(),
            pd.DataFrame([{s.SERVICE_ID: "S9", s.PARTNER_ID: "P4", s.CATEGORY: "Childcare"}]),
        ],
        ignore_index=True,
    )
    risks = dep.find_departure_risks(services, _partners(), _relationships(), AREAS, RADII)
    p4 = risks.set_index(s.PARTNER_ID).loc["P4"]
    assert (p4["only_provider_of"], p4["gap_areas"], p4["losses"]) == ("Childcare", 0, 1)


def test_the_gaps_equal_running_the_whole_analysis_again_without_each_partner(
    sample_ws: Workspace,
) -> None:
    placed = cov.place_services(sample_ws.services)
    areas = cov.region_areas(counties=cov.counties_present(placed))
    before = cov.find_coverage_gaps(placed, areas, {})
    risks = dep.find_departure_risks(
        placed, sample_ws.partners, sample_ws.relationships, areas, {}, gaps=before
    ).set_index(s.PARTNER_ID)
    cats = list(dict.fromkeys(before[s.CATEGORY]))
    for i, pid in enumerate(sample_ws.partners[s.PARTNER_ID]):
        after = cov.find_coverage_gaps(
            placed[placed[s.PARTNER_ID] != pid], areas, {}, categories=cats
        )
        opened = int((~before[cov.IS_GAP].to_numpy() & after[cov.IS_GAP].to_numpy()).sum())
        assert risks.loc[pid, "gap_areas"] == opened, pid
        if i % 6 == 0:  # the one-partner view re-runs the analysis its own way
            one = dep.partner_departure(
                pid, placed, sample_ws.partners, sample_ws.relationships, areas, {}, gaps=before
            )
            assert len(one.new_gaps) == opened, pid


def test_the_sample_names_its_single_points_of_failure_and_bridges(sample_ws: Workspace) -> None:
    risks = dep.find_departure_risks(
        sample_ws.services, sample_ws.partners, sample_ws.relationships
    )
    sole = risks[risks["only_provider_count"] > 0].set_index(s.NAME)["only_provider_of"]
    assert sole.to_dict() == {
        "Immigrant Justice Project": "Immigration legal aid",
        "Mercy Street Clinic": "Forensic exam",
        "Allegheny Community College": "College",
        "Allegheny Public Health Nurses": "Health",
    }
    bridges = set(risks.loc[risks["is_bridge"], s.PARTNER_ID])
    assert bridges == {"P01", "P04", "P07", "P08", "P15", "P19", "P37", "P42"}
    assert dep.risks_reading(risks).startswith(
        f"{F.PARTNERS_LEAVING_A_HOLE} of {F.PARTNERS} partners would leave a hole"
    )


def test_readings_and_the_ranked_table() -> None:
    risks = _risks()
    assert dep.risks_reading(risks) == (
        "3 of 4 partners would leave a hole if they left: 1 is the only provider of a "
        "service, 3 would open gaps in reach, and 2 are the only bridge to other partners. "
        "The most would be lost without Alpha Shelter."
    )
    table = dep.risk_table(risks)
    assert list(table.columns) == [
        "rank",
        "partner",
        "sector",
        "services only they offer",
        "ZIP-area gaps",
        "residents who would lose a service",
        "partners cut off",
        "what would be lost",
    ]
    assert list(table["rank"]) == [1, 2, 3] and table["partner"].iloc[0] == "Alpha Shelter"
    calm = risks.assign(losses=0)
    assert dep.risks_reading(calm) == (
        "If any one of the 4 partners left, nothing would be left uncovered and the network "
        "would stay connected."
    )
    assert dep.risk_table(calm).empty
    assert dep.risks_reading(risks.iloc[:0]) == "No partners are loaded yet."


def test_no_relationships_and_no_services_lose_nothing() -> None:
    partners = _partners()
    empty = dep.find_departure_risks(
        _services().iloc[:0], partners, _relationships().iloc[:0], AREAS, RADII
    )
    assert list(empty["losses"]) == [0, 0, 0, 0]
    assert not math.isnan(float(empty["gap_areas"].sum()))


# ------------------------------------------------------------------------------ real networks
def _statnet(folder: Path, name: str) -> tuple[pd.DataFrame, pd.DataFrame, nx.Graph]:
    nodes = pd.read_csv(folder / f"{name}_nodes.csv")
    edges = pd.read_csv(folder / f"{name}_edges.csv")
    partners = pd.DataFrame(
        {
            s.PARTNER_ID: nodes["vertex_id"].astype(str),
            s.NAME: nodes["vertex.names"].astype(str),
            s.SECTOR: "Other",
        }
    )
    rels = pd.DataFrame(
        {
            s.SOURCE_ID: edges["tail_id"].astype(str),
            s.TARGET_ID: edges["head_id"].astype(str),
            s.LEVEL: "cooperation",
        }
    )
    graph = nx.Graph()
    graph.add_nodes_from(partners[s.PARTNER_ID])
    graph.add_edges_from(zip(rels[s.SOURCE_ID], rels[s.TARGET_ID], strict=True))
    graph.remove_edges_from(nx.selfloop_edges(graph))
    return partners, rels, graph


def _connected_pairs(graph: nx.Graph) -> int:
    return sum(len(c) * (len(c) - 1) // 2 for c in nx.connected_components(graph))


@pytest.mark.realdata
@pytest.mark.parametrize("name", ["emon_Texas", "emon_MtStHelens", "lhds_local_health_departments"])
def test_bridges_match_removing_each_partner_on_real_networks(realdata: Path, name: str) -> None:
    partners, rels, graph = _statnet(realdata / "statnet_org_networks", name)
    services = pd.DataFrame(columns=[s.SERVICE_ID, s.PARTNER_ID, s.CATEGORY])
    risks = dep.find_departure_risks(services, partners, rels, AREAS, RADII).set_index(s.PARTNER_ID)
    assert set(risks.index[risks["is_bridge"]]) == set(nx.articulation_points(graph))
    before = _connected_pairs(graph)
    nodes = sorted(graph.nodes)
    checked = nodes if len(nodes) <= 100 else nodes[::13]  # every 13th of the 1,283
    checked += [v for v in nx.articulation_points(graph) if v not in checked][:40]
    for v in checked:
        rest = graph.copy()
        rest.remove_node(v)
        lost = before - _connected_pairs(rest) - (len(nx.node_connected_component(graph, v)) - 1)
        assert risks.loc[v, "pairs_disconnected"] == lost, v
