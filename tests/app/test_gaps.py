"""Gaps page: every chart read from its Plotly figure JSON and checked against the analysis,
the URL-bound filters, the shared radii, and empty workspaces."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from mapping.analysis import coverage as c
from mapping.charts import coverage as charts_mod
from mapping.data import schema as s
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from tests.app.conftest import APP, figures, frame_with, texts, unescape
from tests.unit.helpers import csv, load, two_partners
from ui import loaders
from ui import state as k

PAGE = "pages/gaps.py"
CHILDCARE_READING = (
    "909,478 of the region's 2,023,672 residents (45%) live where no childcare provider is "
    "within 10 miles"
)


def by_title(at: AppTest) -> dict[str, dict[str, Any]]:
    return {f["layout"]["title"]["text"]: f for f in figures(at)}


@pytest.fixture(scope="module")
def sample_gaps(sample_ws):  # type: ignore[no-untyped-def]
    areas = c.default_areas(sample_ws.services)
    return areas, c.find_coverage_gaps(sample_ws.services, areas)


def test_the_sample_community_shows_its_gaps(open_page, sample_ws, sample_gaps) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    areas, gaps = sample_gaps
    page = texts(at)
    assert "Coverage gaps" in page
    # In people (2020 Census residents), not ZIP areas; the ZIP counts stay in the tables.
    assert CHILDCARE_READING in page
    assert "2,023,672 residents in 209 ZIP areas (2020 Census, Table P1" in page
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Residents in the region"] == "2,023,672"
    assert metrics["ZIP areas in the region"] == "209"
    assert metrics["Service categories"] == "36"
    assert metrics["Categories with a single provider"] == "4"
    charts = by_title(at)
    assert set(charts) == {
        "Residents with no provider within reach, by county",
        "Distance to the nearest provider: Childcare",
        "Partners per category",
        "How many partners reach the residents",
        "Where a new childcare service would reach most",
        "Partners offering each category, by language",
        "Partners serving each group of people, by kind of service",
        "Trauma-informed services by category",
    }

    heat = charts["Residents with no provider within reach, by county"]["data"][0]
    assert heat["x"] == ["Allegheny", "Westmoreland", "Washington", "Butler"]
    assert len(heat["y"]) == 36 and heat["y"][0] == "Crisis line"
    weights = c.resident_weights(areas)
    expected = c.people_by_county(gaps, areas, weights).set_index([s.CATEGORY, c.COUNTY_LABEL])
    row = heat["y"].index("Childcare")
    for col, county in enumerate(["Allegheny County, PA", "Westmoreland County, PA"]):
        want = expected.loc[("Childcare", county)]
        assert heat["text"][row][col] == (
            f"{charts_mod.compact_people(want['gap_people'])}/"
            f"{charts_mod.compact_people(want['people'])}"
        )
        assert heat["z"][row][col] == pytest.approx(100 * want["share_gap"], abs=0.05)
    county_table = frame_with(at, "county", "ZIP areas with no provider")
    assert int(county_table["ZIP areas with no provider"].sum()) == int(gaps[c.IS_GAP].sum())

    hist = charts["Distance to the nearest provider: Childcare"]["data"]
    assert [t["name"] for t in hist] == ["within 10 miles", "beyond 10 miles"]
    assert sum(hist[0]["y"]) + sum(hist[1]["y"]) == 209
    assert sum(hist[1]["y"]) == 124  # the same 124 areas as the reading

    bars = charts["Partners per category"]["data"][0]
    per = dict(zip(bars["y"], bars["x"], strict=True))
    labels = dict(zip(bars["y"], bars["text"], strict=True))
    assert per["Immigration legal aid"] == 1
    assert labels["Immigration legal aid"] == "1 only: Immigrant Justice Project"
    assert labels["Emergency"] == "none" and per["Job placement"] == 7

    depth = charts["How many partners reach the residents"]["data"]
    assert [t["name"] for t in depth] == [
        "no provider within reach",
        "only one provider",
        "two or more",
    ]
    i = depth[0]["y"].index("Immigration legal aid")
    assert [t["x"][i] for t in depth] == [0, 2023672, 0]
    assert all(sum(t["x"][j] for t in depth) == 2023672 for j in range(len(depth[0]["y"])))
    assert "2,023,672 residents (100% of the region) depend on one partner for immigration" in page
    siting = charts["Where a new childcare service would reach most"]["data"][0]
    assert len(siting["y"]) == 5 and siting["y"][-1].startswith("#1 ZIP 15697")

    lang = charts["Partners offering each category, by language"]["data"][0]
    assert lang["x"][:2] == ["English", "Spanish"]
    assert lang["z"][lang["y"].index("Legal")][lang["x"].index("Spanish")] == 0
    pops = charts["Partners serving each group of people, by kind of service"]["data"][0]
    assert sum(pops["z"][pops["y"].index("Men")]) == 0
    assert pops["z"][pops["y"].index("LGBTQ+")][pops["x"].index("Housing")] == 1

    trauma = charts["Trauma-informed services by category"]["data"]
    assert sum(sum(t["x"]) for t in trauma) == len(sample_ws.services)
    assert not at.exception


def test_the_region_categories_and_grouping_change_the_view(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    at.multiselect(key=k.GAPS_COUNTIES).set_value(["Allegheny County, PA"]).run()
    assert {m.label: m.value for m in at.metric}["ZIP areas in the region"] == "99"
    heat = by_title(at)["Residents with no provider within reach, by county"]["data"][0]
    assert heat["x"] == ["Allegheny"]
    at.multiselect(key=k.GAPS_CATEGORIES).set_value(["Shelter", "Legal"]).run()
    at.segmented_control(key=k.GAPS_BY).set_value("ZIP area").run()
    heat = by_title(at)["Partners within reach of each ZIP area"]["data"][0]
    assert heat["y"] == ["Shelter", "Legal"]
    assert len(heat["x"]) == 99 and all(x.startswith("15") for x in heat["x"])
    assert {v for row in heat["z"] for v in row} <= {0, 1, 2, 3}
    table = frame_with(at, "area", "nearest_partner", "is_gap")
    assert set(table[s.CATEGORY]) == {"Shelter", "Legal"} and len(table) == 2 * 99
    assert table["residents"].sum() == 2 * 1_248_031  # Allegheny, 2020 Census
    assert not at.exception


def test_a_copied_link_reopens_the_same_view(db_path) -> None:  # type: ignore[no-untyped-def]
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params[k.GAPS_COUNTIES] = ["Butler County, PA"]
    at.query_params[k.GAPS_FOCUS] = "Shelter"
    at.switch_page(PAGE).run()
    assert {m.label: m.value for m in at.metric}["ZIP areas in the region"] == "25"
    assert "Distance to the nearest provider: Shelter" in by_title(at)
    assert not at.exception


def test_radii_are_shared_settings(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    WorkspaceStore(db_path).set_setting(loaders.RADII_SETTING, {"Childcare": 60.0})
    at.run()
    page = texts(at)
    assert "no childcare provider" not in page  # 60 miles: every area is within reach now
    assert frame_with(at, "default miles", "miles").set_index(s.CATEGORY).loc[
        "Childcare", "miles"
    ] == pytest.approx(60.0)
    at.button(key=k.GAPS_RADII_RESET).click().run()
    assert WorkspaceStore(db_path).get_setting(loaders.RADII_SETTING) == {}
    assert "Every category uses its default distance again." in texts(at)
    assert CHILDCARE_READING in texts(at)
    at.button(key=k.GAPS_RADII_SAVE).click().run()
    assert "Saved: 0 categories use your own distance." in texts(at)
    assert not at.exception


def test_a_bad_saved_radius_is_reported_not_raised(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path)  # the app creates the sample on first use
    at = open_page(PAGE)
    WorkspaceStore(db_path).set_setting(loaders.RADII_SETTING, {"Shelter": -3})
    at.run()
    assert not at.exception
    assert any("greater than 0, got -3" in unescape(e.value) for e in at.error)


def test_an_empty_workspace_and_one_without_services(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).save(Workspace(), action="empty", note="Empty")
    at = open_page(PAGE)
    assert "The workspace is empty" in texts(at) and not figures(at)
    WorkspaceStore(db_path).save(load(two_partners()), action="test", note="no services")
    at.run()
    assert "No services are loaded yet" in texts(at) and not figures(at)
    assert not at.exception


def test_services_that_cannot_be_placed_are_reported(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    ws = load(
        csv("partner_id,name,sector", "P1,Nowhere Org,Health"),
        csv("service_id,partner_id,category", "S1,P1,Shelter"),
    )
    WorkspaceStore(db_path).save(ws, action="test", note="no places")
    at = open_page(PAGE)
    assert "No service has a location the analysis can use" in texts(at)
    assert not figures(at) and not at.exception


def test_too_many_zip_areas_fall_back_to_counties(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    every = at.multiselect(key=k.GAPS_COUNTIES).options
    assert len(every) == 67  # every county of Pennsylvania can be chosen
    at.multiselect(key=k.GAPS_COUNTIES).set_value(every).run()
    at.segmented_control(key=k.GAPS_BY).set_value("ZIP area").run()
    assert {m.label: m.value for m in at.metric}["ZIP areas in the region"] == "1,457"
    assert "too many to draw one column each (up to 500)" in texts(at)
    heat = by_title(at)["Residents with no provider within reach, by county"]["data"][0]
    assert len(heat["x"]) == 67
    assert not at.exception


NEED_CSV = (
    b"zip,households,notes\n"
    b"15001,400,Aliquippa\n"  # Beaver County: a known ZIP, outside the region
    b"15317,2500,Canonsburg\n"
    b"15601,1800,Greensburg\n"
    b"15213,lots,Oakland\n"  # row 4: not a number, kept out
)


def test_a_need_layer_uploaded_in_the_app_weighs_the_gaps(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    at.file_uploader(key=k.GAPS_NEED_FILE).set_value(("need.csv", NEED_CSV, "text/csv")).run()
    assert not at.exception
    assert "need.csv: 4 rows read, 3 loaded, 1 kept out." in texts(at)
    problems = frame_with(at, "severity", "message")
    bad = problems[problems["severity"] == "error"].iloc[0]
    assert (bad["file"], bad["row"], bad["column"], bad["value"]) == (
        "need.csv",
        4,
        "households",
        "lots",
    )
    assert "expected a number" in bad["message"]
    assert at.selectbox(key=k.GAPS_NEED_VALUE).value == "households"
    at.text_input(key=k.GAPS_NEED_NAME).set_value("households in poverty").run()
    at.button(key=k.GAPS_NEED_SAVE).click().run()
    assert not at.exception
    stored = WorkspaceStore(db_path).get_setting("need_layers")
    assert stored["households in poverty"]["values"] == {
        "15001": 400.0,
        "15317": 2500.0,
        "15601": 1800.0,
    }
    assert "Kept the need layer 'households in poverty' (3 areas)" in texts(at)

    at.selectbox(key=k.GAPS_WEIGHT).set_value("Need layer: households in poverty").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # 15001 is in Beaver County, outside the region: only the region's two ZIPs count.
    assert metrics["Households in poverty in the region"] == "4,300"
    page = texts(at)
    assert "households in poverty" in page and "Need layer 'households in poverty'" in page
    heat = by_title(at)["Households in poverty with no provider within reach, by county"]
    assert heat["data"][0]["x"] == ["Allegheny", "Westmoreland", "Washington", "Butler"]
    # The layer is listed, and the facilitator can remove it again.
    assert "households in poverty" in set(frame_with(at, "need layer", "keyed by")["need layer"])
    at.selectbox(key=k.GAPS_NEED_PICK).set_value("households in poverty")
    at.button(key=k.GAPS_NEED_REMOVE).click().run()
    assert WorkspaceStore(db_path).get_setting("need_layers") == {}
    assert "Removed the need layer 'households in poverty'." in texts(at)
    assert not at.exception


def test_stakeholders_see_the_need_layers_but_cannot_change_them(db_path) -> None:  # type: ignore[no-untyped-def]
    from tests.app.meeting import facilitator_passcode_only, make_app, widget_keys

    WorkspaceStore(db_path)
    at = make_app(
        PAGE,
        secrets=facilitator_passcode_only(),
        query={k.GAPS_WEIGHT: "Need layer: forged", k.GAPS_NEED_SAVE: "true"},
    )
    assert not at.exception
    assert not {k.GAPS_NEED_FILE, k.GAPS_NEED_SAVE, k.GAPS_NEED_REMOVE} & widget_keys(at)
    assert "Only the facilitator can add or remove need layers." in texts(at)
    assert WorkspaceStore(db_path).get_setting("need_layers") is None


def test_a_need_layer_named_like_a_column_does_not_clash(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path)
    at = open_page(PAGE)
    WorkspaceStore(db_path).set_setting(
        "need_layers",
        {"county": {"name": "county", "source": "x.csv", "key": "ZIP", "values": {"15601": 9}}},
    )
    at.run()
    at.selectbox(key=k.GAPS_WEIGHT).set_value("Need layer: county").run()
    assert not at.exception
    table = frame_with(at, "county", "county (need layer)")
    assert int(table["county (need layer)"].sum()) == 9 * len(set(table[s.CATEGORY]))
    at.segmented_control(key=k.GAPS_BY).set_value("ZIP area").run()
    assert not at.exception


def test_funding_opportunities_name_who_funds_each_gap(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    table = frame_with(at, "partners funding it", "funded by")
    row = table[table[s.CATEGORY] == "Immigration legal aid"].iloc[0]
    assert row["funded by"] == "Three Rivers Community Foundation"
    assert row["partners funding it"] == 1
    people = table["residents with no provider in reach"]
    assert people.is_monotonic_decreasing  # the largest gaps first: the opportunities
    assert list(table.columns[:3]) == [
        s.CATEGORY,
        "residents with no provider in reach",
        "funded by",
    ]
    funders = frame_with(at, "name", "funds")
    assert list(funders["name"]) == ["Three Rivers Community Foundation"]
    assert "Immigration legal aid, ESL, Childcare, Shelter" in set(funders["funds"])
    assert "categories with a gap have a funder in the partnership" in texts(at)


def test_without_funders_the_funding_tab_says_how_to_add_them(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    ws = load(two_partners(), csv("service_id,partner_id,category,name", "S1,P1,Shelter,Beds"))
    WorkspaceStore(db_path).save(ws, action="test")
    at = open_page(PAGE)
    assert "No partner says what it funds yet" in texts(at)
    assert "None yet. A funder is a partner of the sector 'Funder'" in texts(at)
