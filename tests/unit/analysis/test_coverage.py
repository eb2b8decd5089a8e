"""Coverage gaps: placing services, distances, providers within reach, gaps, summaries."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mapping import find_coverage_gaps
from mapping.analysis import coverage as c
from mapping.data import schema as s
from mapping.data.errors import AnalysisError, MappingError
from mapping.places.gazetteer import get_gazetteer, haversine_miles

BASE = (40.0, -80.0)
# Three areas due north of BASE: about 6.9, 20.7 and 69.1 miles away.
NORTH = {"A1": 0.1, "A2": 0.3, "A3": 1.0}


def areas_north() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c.AREA: list(NORTH),
            s.LATITUDE: [BASE[0] + d for d in NORTH.values()],
            s.LONGITUDE: [BASE[1]] * len(NORTH),
        }
    )


def services(*rows: dict[str, object]) -> pd.DataFrame:
    """Services at given points: partner_id, category, latitude, longitude (+ extras)."""
    out = []
    for i, row in enumerate(rows, start=1):
        out.append(
            {
                s.SERVICE_ID: f"S{i}",
                s.PARTNER_ID: "P1",
                s.CATEGORY: "Shelter",
                s.LATITUDE: BASE[0],
                s.LONGITUDE: BASE[1],
                **row,
            }
        )
    return pd.DataFrame(out)


def miles_north(degrees: float) -> float:
    return float(haversine_miles(BASE[0], BASE[1], BASE[0] + degrees, BASE[1]))


# ------------------------------------------------------------------------------ placing
def test_services_are_placed_by_coordinates_else_zip_else_city() -> None:
    gaz = get_gazetteer()
    df = pd.DataFrame(
        {
            s.SERVICE_ID: ["S1", "S2", "S3", "S4", "S5"],
            s.CATEGORY: ["Shelter"] * 5,
            s.LATITUDE: [40.44, 40.44, np.nan, np.nan, np.nan],
            s.LONGITUDE: [-79.99, -79.99, np.nan, np.nan, np.nan],
            s.CONFIDENTIAL: [False, True, False, False, False],
            s.ZIP: ["15222", "15206", "15132", "", ""],
            s.CITY: ["", "", "", "Greensburg", "Nowhere"],
            s.STATE: ["PA", "PA", "PA", "PA", "PA"],
        }
    )
    placed = c.place_services(df)
    assert placed[c.PLACED_BY].tolist() == [
        c.PLACED_COORDINATES,
        c.PLACED_ZIP,  # confidential: its coordinates are never used
        c.PLACED_ZIP,
        c.PLACED_CITY,
        c.NOT_PLACED,
    ]
    points = list(zip(placed[s.LATITUDE], placed[s.LONGITUDE], strict=True))
    assert points[0] == (40.44, -79.99)
    assert points[1] == gaz.zip_point("15206")
    assert points[2] == gaz.zip_point("15132")
    assert points[3] == gaz.city_point("Greensburg", "PA")
    assert all(math.isnan(v) for v in points[4])
    assert df[s.LATITUDE].iloc[1] == 40.44  # the input is not changed


def test_placing_needs_no_location_columns_at_all() -> None:
    placed = c.place_services(pd.DataFrame({s.CATEGORY: ["Shelter"]}))
    assert placed[c.PLACED_BY].tolist() == [c.NOT_PLACED]
    assert find_coverage_gaps(placed, areas_north())[c.IS_GAP].all()


# ------------------------------------------------------------------------------ geometry
@pytest.mark.parametrize("miles", [0.0, 0.5, 25.0, 300.0, 3000.0])
def test_chord_and_miles_round_trip(miles: float) -> None:
    assert float(c.chord_to_miles(c.miles_to_chord(miles))) == pytest.approx(miles, abs=1e-9)


# ------------------------------------------------------------------------------ gaps
def test_a_known_gap() -> None:
    gaps = find_coverage_gaps(services({}), areas_north())
    assert list(gaps.columns) == list(c.GAP_COLUMNS)
    assert gaps[c.AREA].tolist() == ["A1", "A2", "A3"]
    assert gaps[s.CATEGORY].tolist() == ["Shelter"] * 3
    assert gaps[c.NEAREST_MILES].tolist() == pytest.approx(
        [miles_north(d) for d in NORTH.values()], abs=1e-6
    )
    assert gaps[c.PROVIDERS_WITHIN].tolist() == [1, 1, 0]  # shelter radius: 25 miles
    assert gaps[c.IS_GAP].tolist() == [False, False, True]
    assert gaps[c.RADIUS_MILES].tolist() == [25.0] * 3
    assert gaps[c.NEAREST_PARTNER].tolist() == ["P1"] * 3


@pytest.mark.parametrize(
    ("radius", "gap"),
    [
        (10, [False, True, True]),
        ({"Shelter": 10}, [False, True, True]),
        ({"Legal": 100}, [False, False, True]),  # another category's radius: default here
        (70, [False, False, False]),
    ],
)
def test_radii_can_be_changed(radius: object, gap: list[bool]) -> None:
    gaps = find_coverage_gaps(services({}), areas_north(), radius)  # type: ignore[arg-type]
    assert gaps[c.IS_GAP].tolist() == gap


def test_a_services_own_radius_extends_its_reach_but_never_shrinks_it() -> None:
    far = find_coverage_gaps(services({s.RADIUS: 100.0}), areas_north())
    assert far[c.IS_GAP].tolist() == [False, False, False]
    near = find_coverage_gaps(services({s.RADIUS: 1.0}), areas_north())
    assert near[c.IS_GAP].tolist() == [False, False, True]


def test_providers_are_partners_not_sites() -> None:
    two_sites = services({}, {s.LATITUDE: BASE[0] + 0.2}, {s.PARTNER_ID: "P2"})
    gaps = find_coverage_gaps(two_sites, areas_north())
    # A1 and A2 are within 25 miles of both P1 sites and of P2: two partners, not three.
    assert gaps[c.PROVIDERS_WITHIN].tolist() == [2, 2, 0]
    assert gaps[c.NEAREST_MILES].iloc[1] == pytest.approx(miles_north(0.1), abs=1e-6)


def test_categories_are_separate_and_one_nobody_offers_is_a_gap_everywhere() -> None:
    svc = services({}, {s.CATEGORY: "ESL", s.LATITUDE: BASE[0] + 1.0})
    gaps = find_coverage_gaps(svc, areas_north(), categories=["Shelter", "ESL", "Childcare"])
    table = gaps.pivot(index=c.AREA, columns=s.CATEGORY, values=c.PROVIDERS_WITHIN)
    assert table.loc[["A1", "A2", "A3"], "Shelter"].tolist() == [1, 1, 0]
    assert table.loc[["A1", "A2", "A3"], "ESL"].tolist() == [0, 0, 1]
    childcare = gaps[gaps[s.CATEGORY] == "Childcare"]
    assert childcare[c.IS_GAP].all() and childcare[c.NEAREST_MILES].isna().all()
    assert (childcare[c.NEAREST_PARTNER] == "").all()


def test_default_categories_are_those_offered_in_taxonomy_order() -> None:
    svc = services({s.CATEGORY: "Legal"}, {s.CATEGORY: "Crisis line"}, {s.CATEGORY: "ESL"})
    gaps = find_coverage_gaps(svc, areas_north())
    assert list(dict.fromkeys(gaps[s.CATEGORY])) == ["Crisis line", "ESL", "Legal"]


def test_a_geocoded_frame_works_unchanged() -> None:
    """Coordinates already in the frame (as geocoding writes them) are used as they are."""
    svc = services({s.ZIP: "15222"})  # the ZIP is elsewhere; the coordinates win
    assert find_coverage_gaps(svc, areas_north())[c.IS_GAP].tolist() == [False, False, True]


def test_confidential_services_count_from_their_zip_centre() -> None:
    zlat, zlon = get_gazetteer().zip_point("15206")  # type: ignore[misc]
    area = pd.DataFrame({c.AREA: ["Z"], s.LATITUDE: [zlat], s.LONGITUDE: [zlon]})
    svc = services({s.CONFIDENTIAL: True, s.ZIP: "15206", s.LATITUDE: 0.0, s.LONGITUDE: 0.0})
    gaps = find_coverage_gaps(svc, area)
    assert gaps[c.NEAREST_MILES].tolist() == [pytest.approx(0.0, abs=1e-6)]


def test_agrees_with_brute_force_on_random_data() -> None:
    rng = np.random.default_rng(3)
    n_svc, n_areas = 400, 300
    svc = pd.DataFrame(
        {
            s.SERVICE_ID: [f"S{i}" for i in range(n_svc)],
            s.PARTNER_ID: rng.choice([f"P{i}" for i in range(60)], n_svc),
            s.CATEGORY: rng.choice(["Shelter", "ESL", "Crisis line"], n_svc),
            s.LATITUDE: rng.uniform(39.5, 41.5, n_svc),
            s.LONGITUDE: rng.uniform(-81.0, -78.5, n_svc),
            s.RADIUS: np.where(rng.random(n_svc) < 0.2, rng.uniform(5, 60, n_svc), np.nan),
        }
    )
    areas = pd.DataFrame(
        {
            c.AREA: [f"A{i}" for i in range(n_areas)],
            s.LATITUDE: rng.uniform(39.0, 42.0, n_areas),
            s.LONGITUDE: rng.uniform(-81.5, -78.0, n_areas),
        }
    )
    gaps = find_coverage_gaps(svc, areas).set_index([c.AREA, s.CATEGORY])
    radii = c.category_radii(["Shelter", "ESL", "Crisis line"])
    for cat in ("Shelter", "ESL", "Crisis line"):
        sub = svc[svc[s.CATEGORY] == cat]
        d = haversine_miles(
            areas[s.LATITUDE].to_numpy()[:, None],
            areas[s.LONGITUDE].to_numpy()[:, None],
            sub[s.LATITUDE].to_numpy(),
            sub[s.LONGITUDE].to_numpy(),
        )
        reach = np.fmax(sub[s.RADIUS].fillna(0).to_numpy(), radii[cat])
        within = [len(set(sub[s.PARTNER_ID].to_numpy()[row])) for row in d <= reach]
        got = gaps.xs(cat, level=s.CATEGORY).loc[areas[c.AREA]]
        assert got[c.NEAREST_MILES].to_numpy() == pytest.approx(d.min(axis=1), abs=1e-6)
        assert got[c.PROVIDERS_WITHIN].tolist() == within


def test_nothing_to_analyse_gives_an_empty_table_with_the_columns() -> None:
    empty = find_coverage_gaps(services({}).iloc[0:0], areas_north())
    assert list(empty.columns) == list(c.GAP_COLUMNS) and empty.empty
    assert find_coverage_gaps(services({}), areas_north().iloc[0:0]).empty


# ------------------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("radius", "needle"),
    [
        (-5, "greater than 0, got -5"),
        (0, "greater than 0, got 0"),
        (float("nan"), "greater than 0"),
        ("abc", "expected a distance in miles, got 'abc'"),
        (True, "expected a distance in miles, got True"),
        ({"Shelter": "far"}, "radius for 'Shelter': expected a distance in miles, got 'far'"),
    ],
)
def test_bad_radii_are_refused_with_a_message(radius: object, needle: str) -> None:
    with pytest.raises(AnalysisError, match="Give a number such as 15") as err:
        find_coverage_gaps(services({}), areas_north(), radius)  # type: ignore[arg-type]
    assert needle in str(err.value)
    assert isinstance(err.value, MappingError)


def test_an_unknown_category_needs_a_radius() -> None:
    svc = services({s.CATEGORY: "Bike repair"})
    with pytest.raises(AnalysisError, match=r"'Bike repair' is not in the category list"):
        find_coverage_gaps(svc, areas_north())
    gaps = find_coverage_gaps(svc, areas_north(), {"Bike repair": 10})
    assert gaps[c.IS_GAP].tolist() == [False, True, True]


def test_areas_without_centres_are_refused() -> None:
    with pytest.raises(AnalysisError, match="no column 'latitude'"):
        find_coverage_gaps(services({}), areas_north().drop(columns=[s.LATITUDE]))
    bad = areas_north()
    bad.loc[1, s.LATITUDE] = np.nan
    with pytest.raises(AnalysisError, match=r"area 'A2' \(row 2 of the areas table\)"):
        find_coverage_gaps(services({}), bad)


def test_unknown_counties_and_states_are_refused() -> None:
    with pytest.raises(AnalysisError, match="'Allegheny, PA'"):
        c.region_areas(counties=["Allegheny, PA"])
    with pytest.raises(AnalysisError, match="'Pennsylvania'"):
        c.region_areas(states=["Pennsylvania"])


def test_edited_radii_keep_only_changes_and_the_categories_not_shown() -> None:
    edited = pd.DataFrame({s.CATEGORY: ["Shelter", "ESL", "Legal"], "miles": [25.0, 5.0, 30.0]})
    saved = {"Shelter": 40.0, "Childcare": 3.0}
    assert c.updated_radii(edited, saved) == {"Childcare": 3.0, "ESL": 5.0, "Legal": 30.0}
    assert c.updated_radii(edited.iloc[0:1], {}) == {}  # back at the default: nothing stored
    edited.loc[1, "miles"] = np.nan
    with pytest.raises(AnalysisError, match="the distance for 'ESL' is empty"):
        c.updated_radii(edited, saved)
    edited.loc[1, "miles"] = -1.0
    with pytest.raises(AnalysisError, match="the distance for 'ESL': expected a distance"):
        c.updated_radii(edited, saved)


# ------------------------------------------------------------------------------ region
def test_the_default_region_is_the_counties_where_services_are(sample_ws) -> None:  # type: ignore[no-untyped-def]
    counties = c.counties_present(sample_ws.services)
    assert counties == [
        "Allegheny County, PA",
        "Westmoreland County, PA",
        "Butler County, PA",
        "Washington County, PA",
    ]
    areas = c.default_areas(sample_ws.services)
    assert set(areas[c.COUNTY_LABEL]) == set(counties)
    assert set(areas["state"]) == {"PA"}
    gaz_allegheny = get_gazetteer().areas(states=["PA"], counties=["Allegheny County"])
    assert (areas[c.COUNTY_LABEL] == "Allegheny County, PA").sum() == len(gaz_allegheny)
    assert c.states_present(sample_ws.services) == ["PA"]
    assert "Erie County, PA" in c.state_counties(["PA"])


def test_gap_layer_has_exactly_the_map_columns() -> None:
    areas = areas_north()
    layer = c.gap_layer(find_coverage_gaps(services({}), areas), areas)
    assert tuple(layer.columns) == c.GAP_LAYER_COLUMNS
    assert layer[s.LATITUDE].tolist() == areas[s.LATITUDE].tolist()
    assert layer[c.IS_GAP].tolist() == [False, False, True]


def test_service_reach_lists_the_pairs_behind_the_counts(sample_ws) -> None:  # type: ignore[no-untyped-def]
    areas = c.default_areas(sample_ws.services)
    gaps = find_coverage_gaps(sample_ws.services, areas)
    reach = c.service_reach(sample_ws.services, areas)
    counted = reach.groupby([c.AREA, s.CATEGORY]).size()
    served = gaps[gaps[c.PROVIDERS_WITHIN] > 0].set_index([c.AREA, s.CATEGORY])
    assert counted.loc[served.index].tolist() == served[c.PROVIDERS_WITHIN].tolist()
    assert len(reach) == int(gaps[c.PROVIDERS_WITHIN].sum())


# ------------------------------------------------------------------------------ the sample
def test_the_sample_shows_its_single_points_of_failure(sample_ws) -> None:  # type: ignore[no-untyped-def]
    per = c.providers_per_category(sample_ws.services, sample_ws.partners).set_index(s.CATEGORY)
    assert per.loc["Immigration legal aid", "providers"] == 1
    assert per.loc["Immigration legal aid", "services"] == 2
    assert per.loc["Immigration legal aid", "only_provider"] == "Immigrant Justice Project"
    assert per.loc["Forensic exam", "only_provider"] == "Mercy Street Clinic"
    assert per.loc["Job placement", "providers"] == 7
    assert per.loc["Job placement", "only_provider"] == ""
    assert per.loc["Emergency", "providers"] == 0
    assert len(per) == len(s.CATEGORIES.labels)
    reading = c.providers_reading(per.reset_index())
    assert "Immigration legal aid: Immigrant Justice Project" in reading
    assert "Forensic exam: Mercy Street Clinic" in reading


def test_the_sample_has_no_spanish_legal_aid_and_nothing_for_men(sample_ws) -> None:  # type: ignore[no-untyped-def]
    lang = c.language_coverage(sample_ws.services, sample_ws.partners)
    assert lang["language"].iloc[0] == "English"
    table = lang.set_index([s.CATEGORY, "language"])["providers"]
    assert table[("Legal", "Spanish")] == 0
    assert table[("Family law", "Spanish")] == 0
    assert table[("Legal", "English")] == 5
    assert table[("ESL", "Spanish")] == 3  # the college, Literacy Partners, the Latino center
    providers = c.providers_per_category(sample_ws.services, sample_ws.partners)
    reading = c.language_reading(lang, providers)
    assert reading == (
        "9 of 36 categories are offered by no partner in Spanish: Clothing, Legal, "
        "Transitional housing, Criminal record relief and 5 more."
    )
    pops = c.population_coverage(sample_ws.services, sample_ws.partners)
    totals = pops.groupby("population")["providers"].sum()
    assert totals["Men"] == 0 and totals["LGBTQ+"] > 0
    assert c.population_reading(pops).startswith("No service lists Men")
    groups = c.population_coverage(sample_ws.services, sample_ws.partners, by_group=True)
    by_group = groups.set_index(["group", "population"])["providers"]
    assert by_group[("Legal", "Immigrants")] == 1  # the Immigrant Justice Project only
    assert by_group[("Housing", "LGBTQ+")] == 1  # the Youth Housing Collective
    assert groups.groupby("population")["providers"].sum()["Men"] == 0
    assert groups["group"].iloc[0] == "Emergency"


def test_a_service_without_languages_takes_its_partners() -> None:
    svc = services({s.LANGUAGES: ""}, {s.PARTNER_ID: "P2", s.LANGUAGES: "Somali"})
    partners = pd.DataFrame(
        {s.PARTNER_ID: ["P1", "P2"], s.NAME: ["A", "B"], s.LANGUAGES: ["Spanish", "English"]}
    )
    table = c.language_coverage(svc, partners).set_index("language")["providers"]
    assert table.to_dict() == {"Somali": 1, "Spanish": 1}


def test_trauma_informed_coverage_counts_services_and_areas() -> None:
    svc = services(
        {s.TRAUMA_INFORMED: True, s.LATITUDE: BASE[0] + 1.0},
        {s.PARTNER_ID: "P2", s.TRAUMA_INFORMED: False},
        {s.PARTNER_ID: "P3", s.TRAUMA_INFORMED: pd.NA},
    )
    svc[s.TRAUMA_INFORMED] = svc[s.TRAUMA_INFORMED].astype("boolean")
    row = c.trauma_informed_coverage(svc, areas_north()).iloc[0].to_dict()
    assert row == {
        s.CATEGORY: "Shelter",
        "services": 3,
        "trauma_informed": 1,
        "not_trauma_informed": 1,
        "unknown": 1,
        "areas": 3,
        "areas_served": 3,
        "areas_served_trauma_informed": 1,  # A3 only: the trained one is there, 48 miles from A2
    }
    assert c.trauma_reading(pd.DataFrame([row])) == (
        "1 of 3 services are marked trauma-informed; 1 are not and 1 do not say. 3 ZIP "
        "areas have a shelter provider within reach, but only 1 a trauma-informed one."
    )


# ------------------------------------------------------------------------------ summaries
def test_summaries_and_readings() -> None:
    svc = services({}, {s.CATEGORY: "ESL"})
    areas = areas_north()
    gaps = find_coverage_gaps(svc, areas)
    summary = c.coverage_by_category(gaps).set_index(s.CATEGORY)
    shelter = summary.loc["Shelter"]
    assert [shelter["areas"], shelter["gap_areas"], shelter["one_provider_areas"]] == [3, 1, 2]
    assert summary.loc["ESL", ["gap_areas", "one_provider_areas"]].tolist() == [2, 1]
    assert summary.loc["ESL", "share_gap"] == pytest.approx(2 / 3)
    assert c.gaps_reading(summary.reset_index()) == (
        "2 of 3 ZIP areas have no ESL provider within 10 miles; 2 of 2 categories leave at "
        "least one area without a provider in reach."
    )
    assert c.distance_reading(gaps, "Shelter") == (
        "Half of the 3 ZIP areas are within 21 miles of a shelter provider; the farthest is "
        "69 miles away, and 1 is beyond the 25-mile radius."
    )
    assert c.depth_reading(summary.reset_index()).startswith("In 2 of 3 ZIP areas only one")
    areas["county_label"] = ["X County, PA", "X County, PA", "Y County, PA"]
    county = c.coverage_by_county(gaps, areas).set_index([s.CATEGORY, c.COUNTY_LABEL])
    assert county.loc[("Shelter", "X County, PA"), "gap_areas"] == 0
    assert county.loc[("Shelter", "Y County, PA"), "share_gap"] == 1.0


@pytest.mark.realdata
def test_on_the_census_zcta_areas(realdata) -> None:  # type: ignore[no-untyped-def]
    raw = pd.read_csv(
        realdata / "census_zcta_gazetteer_2010ish" / "Gaz_zcta_national.txt",
        sep="\t",
        dtype={"GEOID": str},
    )
    raw.columns = [col.strip() for col in raw.columns]
    raw = raw.dropna(subset=["GEOID"])
    areas = pd.DataFrame(
        {
            c.AREA: raw["GEOID"],
            s.LATITUDE: raw["INTPTLAT"].astype(float),
            s.LONGITUDE: raw["INTPTLONG"].astype(float),
        }
    )
    assert len(areas) == 33_120
    svc = services(
        {s.ZIP: "15222", s.LATITUDE: np.nan, s.LONGITUDE: np.nan},
        {s.ZIP: "96813", s.LATITUDE: np.nan, s.LONGITUDE: np.nan, s.PARTNER_ID: "P2"},
    )
    gaps = find_coverage_gaps(svc, areas).set_index(c.AREA)
    assert len(gaps) == 33_120
    pittsburgh, honolulu = gaps.loc["15222"], gaps.loc["96813"]
    assert pittsburgh[c.NEAREST_MILES] < 2 and pittsburgh[c.NEAREST_PARTNER] == "P1"
    assert honolulu[c.NEAREST_MILES] < 2 and honolulu[c.NEAREST_PARTNER] == "P2"
    sample = areas.sample(500, random_state=4)
    placed = c.place_services(svc)
    d = haversine_miles(
        sample[s.LATITUDE].to_numpy()[:, None],
        sample[s.LONGITUDE].to_numpy()[:, None],
        placed[s.LATITUDE].to_numpy(),
        placed[s.LONGITUDE].to_numpy(),
    )
    got = gaps.loc[sample[c.AREA]]
    assert got[c.NEAREST_MILES].to_numpy() == pytest.approx(d.min(axis=1), abs=1e-6)
    assert got[c.PROVIDERS_WITHIN].tolist() == (d <= 25).sum(axis=1).tolist()


def test_gap_layer_reading() -> None:
    from mapping.analysis.coverage import gap_layer_reading

    gaps = pd.DataFrame(
        {
            "area": ["15201", "15202", "15203"],
            "category": ["ESL"] * 3,
            "nearest_miles": [1.0, 12.5, 30.0],
            "providers_within_radius": [1, 0, 0],
            "is_gap": [False, True, True],
            "radius_miles": [10.0] * 3,
        }
    )
    assert gap_layer_reading(gaps, "ESL") == (
        "2 of 3 ZIP areas have no ESL within 10 miles (or the service's own reach): they are "
        "marked on the map."
    )
    assert gap_layer_reading(gaps.assign(is_gap=False), "ESL") == (
        "Every one of the 3 ZIP areas has ESL within reach."
    )
    assert gap_layer_reading(gaps, "Shelter") == "No ZIP areas to compare for shelter."
