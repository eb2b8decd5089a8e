"""Funding opportunities per category: who funds each gap (issue 17)."""

from __future__ import annotations

import math

import pandas as pd

from mapping.analysis import coverage as cov
from mapping.data import schema as s
from mapping.data.workspace import Workspace
from tests.unit.helpers import csv, load


def _ws() -> Workspace:
    return load(
        csv(
            "partner_id,name,sector,zip,funds",
            "P1,Shelter House,Victim services,15222,",
            "P2,River Foundation,Funder,15222,Shelter|ESL",
            "P3,County Office,Government,15222,ESL",
            "P4,Quiet Fund,Funder,15222,",
        ),
        csv(
            "service_id,partner_id,category,name",
            "S1,P1,Shelter,Beds",
            "S2,P3,Case management,Navigators",
        ),
    )


def test_funders_are_the_funder_sector_and_any_partner_that_lists_what_it_funds() -> None:
    who = cov.funders(_ws().partners)
    assert list(who[s.NAME]) == ["River Foundation", "County Office", "Quiet Fund"]
    assert list(who["funds"]) == ["Shelter, ESL", "ESL", ""]


def test_each_category_names_its_funders_beside_its_gap() -> None:
    ws = _ws()
    people = pd.DataFrame({s.CATEGORY: ["Shelter", "Case management"], "gap_people": [1200.0, 0.0]})
    table = cov.funding_by_category(
        ws.partners, ws.services, ["Shelter", "Case management"], people=people
    )
    rows = table.set_index(s.CATEGORY)
    assert list(table[s.CATEGORY]) == ["Shelter", "Case management", "ESL"]  # funded, not offered
    assert rows.loc["Shelter", "funded_by"] == "River Foundation"
    assert rows.loc["ESL", "funded_by"] == "County Office, River Foundation"
    assert rows.loc["ESL", "funders"] == 2 and rows.loc["ESL", "providers"] == 0
    assert rows.loc["Case management", "funders"] == 0
    assert math.isnan(rows.loc["ESL", "gap_people"])  # not among the categories analysed
    reading = cov.funding_reading(table, 3)
    assert reading.startswith("1 of the 1 categories with a gap have a funder")
    assert "Shelter (1,200 residents out of reach), funded by River Foundation" in reading


def test_gaps_without_a_funder_are_named_and_no_funder_says_what_to_add() -> None:
    table = pd.DataFrame(
        {
            s.CATEGORY: ["Shelter", "ESL", "GED", "Childcare", "Food"],
            "gap_people": [50.0, 40.0, 30.0, 20.0, 10.0],
            "providers": [0] * 5,
            "funders": [0] * 5,
            "funded_by": [""] * 5,
        }
    )
    reading = cov.funding_reading(table, 1)
    assert reading.startswith("None of the 5 categories with a gap has a funder")
    assert "no partner funds Shelter, ESL, GED and 2 more yet" in reading
    assert "add funders (sector 'Funder')" in cov.funding_reading(table, 0)


def test_the_sample_has_a_funder_for_its_immigration_legal_aid_gap(sample_ws: Workspace) -> None:
    table = cov.funding_by_category(
        sample_ws.partners, sample_ws.services, ["Immigration legal aid"]
    )
    assert table.iloc[0]["funded_by"] == "Three Rivers Community Foundation"
