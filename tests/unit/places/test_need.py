"""Need layers: a ZIP- or county-keyed upload, checked row by row, mapped onto ZIP areas."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from mapping.data.reading import read_table
from mapping.places import need as nd
from mapping.places.gazetteer import get_gazetteer
from mapping.places.population import area_residents

TODAY = dt.date(2026, 3, 10)


def table(text: str, name: str = "need.csv"):  # type: ignore[no-untyped-def]
    return read_table(text.encode(), name)


def problems(reading: nd.NeedReading) -> list[tuple[object, ...]]:
    return [(p.row, p.column, p.value, p.severity) for p in reading.problems]


def test_a_zip_table_loads_good_rows_and_names_every_bad_one() -> None:
    text = "\n".join(
        [
            "ZIP Code,households",
            "15213,1200",  # 1
            "2134,40",  # 2: Excel dropped the leading zero
            '15222-1234,"1,050"',  # 3: ZIP+4, thousands separator
            "ZCTA5 15206,300",  # 4
            "1521,10",  # 5: not a known ZIP once padded (01521 is; check below)
            "abc,5",  # 6: not a ZIP
            "15213,99",  # 7: repeated
            "15217,",  # 8: no value
            "15218,many",  # 9: a word
            "15219,-4",  # 10: negative
            ",7",  # 11: no ZIP
            "00000,3",  # 12: unknown ZIP
        ]
    )
    r = nd.read_need_layer(table(text), "limited-English households", today=TODAY)
    assert r.layer is not None
    assert r.layer.values == {
        "15213": 1200.0,
        "02134": 40.0,
        "15222": 1050.0,
        "15206": 300.0,
        "01521": 10.0,
    }
    assert (r.read, r.loaded, r.kept_out) == (12, 5, 7)
    assert r.layer.source == "need.csv, column 'households'" and r.layer.key == nd.KEY_ZIP
    assert r.layer.uploaded == "2026-03-10" and r.layer.total == 2600.0
    got = problems(r)
    assert (2, "ZIP Code", "2134", "warning") in got
    for row, value in ((6, "abc"), (7, "15213"), (11, ""), (12, "00000")):
        assert (row, "ZIP Code", value, "error") in got
    for row, value in ((8, ""), (9, "many"), (10, "-4")):
        assert (row, "households", value, "error") in got
    messages = {p.row: p.message for p in r.problems}
    assert "already given in row 1" in messages[7] and "add the numbers up" in messages[7]
    assert "leading zeros" in messages[2]
    assert "expected a number of 0 or more" in messages[10]
    # Every error keeps its row out, and nothing else is dropped silently.
    assert len([p for p in r.problems if p.severity == "error" and p.row]) == r.kept_out
    assert str(r.problems[0]).startswith("need.csv row")


def test_po_box_zips_are_named_and_moved_to_the_nearest_delivery_area() -> None:
    gaz = get_gazetteer()
    po_box = gaz.zips[(gaz.zips["zip_type"] == "PO BOX") & (gaz.zips["state"] == "PA")].index[0]
    r = nd.read_need_layer(table(f"zip,value\n{po_box},50\n15213,10"), "referrals")
    assert r.layer is not None and r.loaded == 2
    warning = next(p for p in r.problems if p.severity == "warning")
    assert po_box in str(warning.value) and "nearest delivery ZIP area" in warning.message
    areas = gaz.areas(states=["PA"])
    per_area = nd.need_per_area(r.layer, areas)
    assert per_area.sum() == 60.0
    assert per_area[list(areas["area"]).index("15213")] >= 10.0


def test_a_county_table_is_shared_among_its_zip_areas_by_residents() -> None:
    text = (
        "county,state,people in poverty\nAllegheny,PA,150000\nButler County, PA,9000\nNowhere,PA,5"
    )
    r = nd.read_need_layer(table(text), "people in poverty")
    assert r.layer is not None and r.layer.key == nd.KEY_COUNTY
    assert r.layer.values == {"Allegheny County, PA": 150000.0, "Butler County, PA": 9000.0}
    (bad,) = [p for p in r.problems if p.severity == "error"]
    assert (bad.row, bad.column, bad.value) == (3, "county", "Nowhere")
    areas = get_gazetteer().areas(states=["PA"])
    per_area = nd.need_per_area(r.layer, areas)
    assert per_area.sum() == pytest.approx(159000.0)
    allegheny = areas[areas["county"] == "Allegheny County"].reset_index(drop=True)
    residents = area_residents(allegheny["area"])
    expected = 150000.0 * residents / residents.sum()
    got = nd.need_per_area(r.layer, allegheny)
    np.testing.assert_allclose(got, expected)


@pytest.mark.parametrize(
    ("text", "name", "column", "says"),
    [
        ("place,value\nx,1", "need", None, "Name one column 'zip'"),
        ("zip,a,b\n15213,1,2", "need", None, "choose the column with the values"),
        ("zip,a\n15213,1", "need", "nope", "there is no column 'nope'"),
        ("zip,a\n15213,1", "   ", None, "the layer has no name"),
    ],
)
def test_a_table_that_cannot_be_read_says_what_to_do(
    text: str, name: str, column: str | None, says: str
) -> None:
    r = nd.read_need_layer(table(text), name, column)
    assert r.layer is None and r.loaded == 0
    assert any(says in p.message and p.row is None for p in r.problems)


def test_value_columns_and_the_stored_setting() -> None:
    t = table("zip,name,households,share\n15213,Oakland,1200,0.4\n15222,Downtown,300,0.1")
    assert nd.value_columns(t) == ["households", "share"]
    r = nd.read_need_layer(t, "households", "households", today=TODAY)
    assert r.layer is not None
    setting = nd.setting_with({}, r.layer)
    layers = nd.layers_from_setting(setting)
    assert layers == {"households": r.layer}
    assert nd.layers_from_setting("junk") == {} and nd.layers_from_setting({"x": 1}) == {}
    assert nd.setting_without(layers, "households") == {}
    many = {f"L{i}": nd.NeedLayer(f"L{i}", "f", nd.KEY_ZIP, {"15213": 1.0}) for i in range(10)}
    assert len(nd.setting_with(many, r.layer)) == nd.MAX_LAYERS


def test_areas_the_layer_does_not_list_count_zero() -> None:
    layer = nd.NeedLayer("x", "f", nd.KEY_ZIP, {"15213": 5.0})
    areas = pd.DataFrame({"area": ["15213", "15222"]})
    assert nd.need_per_area(layer, areas).tolist() == [5.0, 0.0]
