"""Home-page counts and their one-sentence readings."""

from __future__ import annotations

from mapping.analysis.overview import (
    category_reading,
    partners_by_sector,
    sector_reading,
    services_by_category,
)
from mapping.data import schema as s
from mapping.data.workspace import Workspace
from tests import sample_facts as F
from tests.unit.helpers import csv, load


def test_partners_by_sector_includes_every_sector() -> None:
    ws = load(csv("partner_id,name,sector", "P1,A,Health", "P2,B,Health", "P3,C,Legal aid"))
    df = partners_by_sector(ws.partners)
    assert list(df["sector"][:2]) == ["Health", "Legal aid"]
    assert list(df["partners"][:3]) == [2, 1, 0]
    assert set(df["sector"]) == set(s.SECTORS.labels)
    reading = sector_reading(df)
    assert reading.startswith("3 partners from 2 sectors; the largest is Health with 2")
    assert "no partner is from Victim services" in reading


def test_services_by_category_counts_services_and_distinct_partners() -> None:
    ws = load(
        csv("partner_id,name,sector", "P1,A,Health", "P2,B,Health"),
        csv("service_id,partner_id,category", "S1,P1,ESL", "S2,P1,ESL", "S3,P2,GED"),
    )
    df = services_by_category(ws.services).set_index("category")
    assert df.loc["ESL", "services"] == 2 and df.loc["ESL", "partners"] == 1
    assert df.loc["ESL", "group"] == "Education"
    assert df.loc["Shelter", "services"] == 0
    reading = category_reading(df.reset_index())
    assert reading == (
        "3 services in 2 of 40 categories; 2 categories have only one provider (ESL or GED)."
    )


def test_readings_of_an_empty_workspace() -> None:
    ws = Workspace()
    assert sector_reading(partners_by_sector(ws.partners)) == "No partners are loaded yet."
    assert category_reading(services_by_category(ws.services)) == "No services are loaded yet."


def test_relationships_are_counted_as_pairs_and_the_rows_are_named(sample_ws) -> None:  # type: ignore[no-untyped-def]
    from mapping.analysis import network
    from mapping.analysis.overview import relationship_counts, relationships_phrase

    pairs, rows = relationship_counts(sample_ws.relationships)
    assert (pairs, rows) == (F.PAIRS, F.RELATIONSHIPS)
    # the same count as the network (and so the Relationships page, the map's lines)
    assert pairs == network.network_summary(sample_ws.partners, sample_ws.relationships)["ties"]
    assert len(network.relationship_pairs(sample_ws.relationships)) == pairs
    assert relationships_phrase(sample_ws.relationships) == (
        f"{F.PAIRS} relationships between pairs of partners ({F.RELATIONSHIPS} rows recorded: "
        "a pair counts once, "
        "even when both partners recorded it)"
    )


def test_a_self_link_or_a_missing_end_is_not_a_pair() -> None:
    import pandas as pd

    from mapping.analysis.overview import relationship_counts, relationships_phrase

    df = pd.DataFrame(
        {s.SOURCE_ID: ["A", "B", "A", "C", ""], s.TARGET_ID: ["B", "A", "A", "A", "B"]}
    )
    assert relationship_counts(df) == (2, 5)
    one = df.head(1)
    assert relationships_phrase(one) == "1 relationship between pairs of partners"
