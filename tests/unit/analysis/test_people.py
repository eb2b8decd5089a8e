"""Gaps in people and where to add a provider, checked against brute force on real areas
(the sample community's services over the real ZIP areas of its four counties, residents
from the 2020 Census)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mapping.analysis import coverage as c
from mapping.data import schema as s
from mapping.data.errors import AnalysisError
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import haversine_miles
from mapping.places.need import KEY_COUNTY, KEY_ZIP, NeedLayer
from mapping.places.population import area_residents

CATEGORIES = ["Childcare", "Shelter", "Legal", "ESL", "Food pantry", "Crisis line"]


@pytest.fixture(scope="module")
def region(sample_ws: Workspace) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    placed = c.place_services(sample_ws.services)
    areas = c.default_areas(placed)
    return placed, areas, c.find_coverage_gaps(placed, areas, categories=CATEGORIES)


def brute_people(
    placed: pd.DataFrame, areas: pd.DataFrame, weights: np.ndarray
) -> dict[str, tuple[float, float, float]]:
    """Per category (people, out of reach, only one partner), by measuring every area
    against every service and adding up the weights one area at a time."""
    radii = c.category_radii(CATEGORIES)
    ok = placed[c.PLACED_BY] != c.NOT_PLACED
    out = {}
    for cat in CATEGORIES:
        sub = placed[ok & (placed[s.CATEGORY] == cat)]
        own = pd.to_numeric(sub[s.RADIUS], errors="coerce").fillna(0).to_numpy()
        reach = np.maximum(own, radii[cat])
        total = gap = one = 0.0
        for (_, a), w in zip(areas.iterrows(), weights, strict=True):
            d = haversine_miles(a[s.LATITUDE], a[s.LONGITUDE], sub[s.LATITUDE], sub[s.LONGITUDE])
            partners = set(sub[s.PARTNER_ID].to_numpy()[np.asarray(d) <= reach])
            total += w
            gap += w if not partners else 0.0
            one += w if len(partners) == 1 else 0.0
        out[cat] = (total, gap, one)
    return out


def test_people_out_of_reach_equal_brute_force(region) -> None:  # type: ignore[no-untyped-def]
    placed, areas, gaps = region
    weights = c.resident_weights(areas)
    residents = area_residents(areas[c.AREA])
    np.testing.assert_array_equal(weights.of(areas[c.AREA]), residents)
    assert residents.sum() == 2_023_672  # Allegheny, Westmoreland, Washington, Butler (PA)
    summary = c.people_by_category(gaps, weights).set_index(s.CATEGORY)
    brute = brute_people(placed, areas, residents)
    for cat, (total, gap, one) in brute.items():
        row = summary.loc[cat]
        assert (row["people"], row["gap_people"], row["one_provider_people"]) == (
            total,
            gap,
            one,
        ), cat
        assert row["share_gap_people"] == pytest.approx(gap / total)
        assert row["gap_people"] + row["one_provider_people"] + row["served_people"] == total
    assert summary.loc["Childcare", "gap_people"] == 909_478
    assert summary.loc["Childcare", "gap_areas"] == 124  # the ZIP counts stay beside them


def test_people_by_county_add_up_to_the_region(region) -> None:  # type: ignore[no-untyped-def]
    _, areas, gaps = region
    weights = c.resident_weights(areas)
    by_county = c.people_by_county(gaps, areas, weights)
    summary = c.people_by_category(gaps, weights).set_index(s.CATEGORY)
    sums = by_county.groupby(s.CATEGORY)[["people", "gap_people", "gap_areas"]].sum()
    for cat in CATEGORIES:
        assert sums.loc[cat, "people"] == summary.loc[cat, "people"]
        assert sums.loc[cat, "gap_people"] == summary.loc[cat, "gap_people"]
        assert sums.loc[cat, "gap_areas"] == summary.loc[cat, "gap_areas"]


def test_readings_say_people_with_source_nouns(region) -> None:  # type: ignore[no-untyped-def]
    _, areas, gaps = region
    weights = c.resident_weights(areas)
    summary = c.people_by_category(gaps, weights)
    assert c.people_gaps_reading(summary, weights) == (
        "909,478 of the region's 2,023,672 residents (45%) live where no childcare provider "
        "is within 10 miles; for 5 of 6 categories some residents have none within reach."
    )
    assert c.people_depth_reading(summary, weights).endswith(
        "if it stopped, they would have none within reach."
    )
    assert c.people_layer_reading(gaps, "Childcare", weights).startswith(
        "909,478 of the region's 2,023,672 residents (45%) live where no childcare"
    )
    far = str(gaps.loc[(gaps[s.CATEGORY] == "Childcare") & gaps[c.IS_GAP], c.AREA].iloc[0])
    layer = NeedLayer("households in poverty", "f.csv", KEY_ZIP, {far: 100.0, "15222": 5.0})
    need = c.need_weights(areas, layer)
    assert need.total == 105.0 and not need.is_residents
    assert "Need layer 'households in poverty': f.csv" in need.source
    text = c.people_gaps_reading(c.people_by_category(gaps, need), need)
    assert text.startswith("100 of the region's 105 households in poverty (95%) are where no")
    served = NeedLayer("households", "f.csv", KEY_ZIP, {"15222": 5.0})
    text = c.people_gaps_reading(c.people_by_category(gaps, c.need_weights(areas, served)), need)
    assert text.startswith("Every one of the 5 households in poverty of the region has")
    empty = c.people_by_category(gaps.iloc[:0], weights)
    assert c.people_gaps_reading(empty, weights) == "There are no areas or categories to compare."


def test_a_county_need_layer_weighs_the_gaps(region) -> None:  # type: ignore[no-untyped-def]
    _, areas, gaps = region
    layer = NeedLayer("referrals", "r.csv", KEY_COUNTY, {"Butler County, PA": 1000.0})
    need = c.need_weights(areas, layer)
    assert need.total == pytest.approx(1000.0)
    summary = c.people_by_category(gaps, need).set_index(s.CATEGORY)
    butler = areas[c.COUNTY_LABEL] == "Butler County, PA"
    share = need.of(areas[c.AREA])
    gap = gaps[(gaps[s.CATEGORY] == "Childcare") & gaps[c.IS_GAP]][c.AREA]
    expected = share[areas[c.AREA].isin(set(gap)).to_numpy() & butler.to_numpy()].sum()
    assert summary.loc["Childcare", "gap_people"] == pytest.approx(expected)


@pytest.mark.parametrize("category", ["Childcare", "ESL", "Shelter"])
@pytest.mark.parametrize("kind", ["areas", "partners"])
def test_the_greedy_suggestion_equals_brute_force(
    region, sample_ws: Workspace, category: str, kind: str
) -> None:  # type: ignore[no-untyped-def]
    _, areas, gaps = region
    weights = c.resident_weights(areas)
    candidates = (
        c.area_candidates(areas) if kind == "areas" else c.partner_candidates(sample_ws.partners)
    )
    fast = c.suggest_sites(gaps, areas, weights, category, candidates, count=6)
    slow = c.suggest_sites_brute(gaps, areas, weights, category, candidates, count=6)
    pd.testing.assert_frame_equal(fast, slow)
    gap_people = (
        c.people_by_category(gaps, weights).set_index(s.CATEGORY).loc[category, "gap_people"]
    )
    if len(fast):
        # Each place adds less than the one before (greedy), and never more than the gap.
        assert list(fast["new_people"]) == sorted(fast["new_people"], reverse=True)
        assert fast["cumulative_people"].iloc[-1] <= gap_people
        assert fast["share_of_gap"].iloc[-1] == pytest.approx(
            fast["cumulative_people"].iloc[-1] / gap_people
        )


def test_the_first_place_is_the_best_single_place(region) -> None:  # type: ignore[no-untyped-def]
    _, areas, gaps = region
    weights = c.resident_weights(areas)
    found = c.suggest_sites(gaps, areas, weights, "Childcare", c.area_candidates(areas), count=3)
    uncovered = gaps[(gaps[s.CATEGORY] == "Childcare") & gaps[c.IS_GAP]].merge(areas, on=c.AREA)
    w = weights.of(uncovered[c.AREA])
    best = max(
        float(
            w[
                haversine_miles(
                    lat, lon, uncovered[s.LATITUDE].to_numpy(), uncovered[s.LONGITUDE].to_numpy()
                )
                <= 10.0
            ].sum()
        )
        for lat, lon in zip(areas[s.LATITUDE], areas[s.LONGITUDE], strict=True)
    )
    assert found["new_people"].iloc[0] == best
    assert c.siting_reading(found, "Childcare", weights).startswith(
        f"A childcare service at {found[s.NAME].iloc[0]} would bring"
    )
    assert "greedy heuristic" in c.HEURISTIC_NOTE.lower()


def test_nothing_to_suggest_and_bad_input(region) -> None:  # type: ignore[no-untyped-def]
    _, areas, gaps = region
    weights = c.resident_weights(areas)
    none = c.suggest_sites(gaps, areas, weights, "Crisis line", c.area_candidates(areas))
    assert none.empty and list(none.columns) == list(c.siting.SUGGESTION_COLUMNS)
    assert c.siting_reading(none, "Crisis line", weights).startswith("No place would bring")
    with pytest.raises(AnalysisError, match="no gaps computed for 'Dance'"):
        c.suggest_sites(gaps, areas, weights, "Dance", c.area_candidates(areas))
    with pytest.raises(AnalysisError, match="lack the column 'site'"):
        c.suggest_sites(gaps, areas, weights, "Childcare", pd.DataFrame({"x": [1]}))
