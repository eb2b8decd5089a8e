"""The offline ZIP and city gazetteer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mapping.places.gazetteer import city_key, get_gazetteer, haversine_miles


def test_zip_and_city_points() -> None:
    gaz = get_gazetteer()
    lat, lon = gaz.zip_point("15222")  # type: ignore[misc]
    assert 40.4 < lat < 40.5 and -80.05 < lon < -79.95
    assert gaz.zip_point("00000") is None
    assert gaz.city_point("McKees Rocks", "PA") == gaz.city_point("Mc Kees Rocks", "pa")
    assert gaz.city_point("Saint Louis", "MO") == gaz.city_point("St. Louis", "MO")
    assert gaz.city_point("Atlantis", "PA") is None
    assert gaz.city_point("", "PA") is None


def test_vectorised_lookups_match_single_ones() -> None:
    gaz = get_gazetteer()
    lats, lons = gaz.zip_points(["15222", "nope", "02138"])
    assert lats[0] == gaz.zip_point("15222")[0]  # type: ignore[index]
    assert math.isnan(lats[1]) and lons[2] == gaz.zip_point("02138")[1]  # type: ignore[index]
    clats, _ = gaz.city_points(["Pittsburgh", "Nowhere", ""], ["PA", "PA", ""])
    assert clats[0] == gaz.city_point("Pittsburgh", "PA")[0]  # type: ignore[index]
    assert np.isnan(clats[1:]).all()


def test_areas_of_a_state_and_a_county() -> None:
    gaz = get_gazetteer()
    pa = gaz.areas(states=["pa"])
    assert list(pa.columns) == ["area", "latitude", "longitude", "city", "state", "county"]
    assert 1300 < len(pa) < 1800 and set(pa["state"]) == {"PA"}
    allegheny = gaz.areas(counties=["Allegheny County"])
    assert "15222" in set(allegheny["area"]) and len(allegheny) < len(pa)


@pytest.mark.parametrize(
    ("a", "b", "miles"), [((40.4406, -79.9959), (39.9526, -75.1652), 257), ((0, 0), (0, 1), 69.1)]
)
def test_haversine_miles(a: tuple[float, float], b: tuple[float, float], miles: float) -> None:
    assert haversine_miles(*a, *b) == pytest.approx(miles, rel=0.01)


def test_city_key() -> None:
    assert city_key("Mount Lebanon", "pa") == "mtlebanon|PA"
