"""The resource map: layers, filters, the escaping corpus, confidential locations, gaps."""

from __future__ import annotations

import json
import re
from typing import Any

import folium
import numpy as np
import pandas as pd
import pytest

from mapping.data import schema as s
from mapping.data.errors import MappingError
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import get_gazetteer
from mapping.places.geocoding import GEO_PRECISION, geocode_workspace
from mapping.places.maps import (
    MapFilters,
    MapLayers,
    build_partner_map,
    map_data,
    map_html,
    point_table,
    render_map,
    safe_json,
    selected_from_popup,
)
from mapping.places.vendor import MapAssets
from tests import sample_facts as F
from tests.unit.helpers import csv, load

XSS = (
    "<img src=x onerror=alert(1)>",
    "`",
    "${document.title}",
    "</script><script>alert(2)</script>",
    "a\u2028b\u2029c",
    'Tom & Jerry\'s "shelter"',
)
_PAYLOAD = re.compile(
    r"^rmap\.(points|lines|areas|gaps)\((\w+), (\w+), JSON\.parse\((.*)\)\);$", re.M
)


def payloads(html: str) -> list[tuple[str, dict[str, Any]]]:
    """(kind, payload) of every data layer in the map's HTML, decoded as the browser would."""
    return [(m.group(1), json.loads(json.loads(m.group(4)))) for m in _PAYLOAD.finditer(html)]


def points_of(html: str, kind: str) -> list[list[Any]]:
    for k, p in payloads(html):
        if k == "points" and p["kind"] == kind:
            return list(p["rows"])
    raise AssertionError(f"no {kind} layer")


def xss_workspace() -> Workspace:
    names = [n.replace('"', '""') for n in XSS]
    partners = csv(
        "partner_id,name,sector,zip,languages",
        *(f'P{i},"{n}",Legal aid,1522{i},English' for i, n in enumerate(names)),
    )
    services = csv(
        "service_id,partner_id,category,name",
        *(f'S{i},P{i},Legal,"{n}"' for i, n in enumerate(names)),
    )
    rels = csv("source_id,target_id,level", "P0,P1,collaboration", "P2,P3,cooperation")
    ws = load(partners, services, rels)
    assert list(ws.partners[s.NAME]) == list(XSS)
    return ws


# ------------------------------------------------------------------ the map itself
def test_the_sample_map_has_every_layer_and_only_leaflet(sample_ws: Workspace) -> None:
    m = build_partner_map(sample_ws)
    assert isinstance(m, folium.Map)
    html = map_html(m)
    for name in (
        f"Partners ({F.PARTNERS})",
        f"Services ({F.SERVICES})",
        f"Relationships ({F.PAIRS})",
        "Service areas (21)",
    ):
        assert json.dumps(name) in html
    assert "leaflet@1.9.4/dist/leaflet.js" in html and "Control.FullScreen.js" in html
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()
    kinds = [k for k, _ in payloads(html)]
    assert kinds == ["areas", "lines", "points", "points"]
    assert (
        len(points_of(html, "Partner")) == F.PARTNERS
        and len(points_of(html, "Service")) == F.SERVICES
    )
    assert "fitBounds" in html
    assert "openstreetmap" in html.lower()
    assert "ZIP and city centres: zipcodes package, GeoNames (CC BY 4.0)" in html


def test_local_assets_and_a_blank_background(sample_ws: Workspace) -> None:
    html = map_html(build_partner_map(sample_ws, assets=MapAssets.served(), tiles=False))
    assert '"/app/static/vendor/leaflet@1.9.4/dist/leaflet.js"' in html
    assert '"/app/static/vendor/leaflet.fullscreen@3.0.0/Control.FullScreen.css"' in html
    assert "cdn.jsdelivr" not in html
    assert re.search(r"blank_base_\w+\.addTo", html)
    assert not re.search(r"street_tiles_\w+\.addTo", html)  # offered, but not loaded


def test_a_cached_map_can_be_shown_again_and_again(sample_ws: Workspace) -> None:
    """st_folium(render=False) on a cached map: the same script every time."""
    from streamlit_folium import _get_header, _get_html, _get_map_string

    m = build_partner_map(sample_ws)
    m.get_root().render()
    shown = []
    for _ in range(3):
        m.render()
        shown.append((_get_html(m), _get_header(m), _get_map_string(m)))
    assert shown[1] == shown[2]
    assert shown[0][2] == shown[1][2]
    script = shown[0][2]
    defined = set(re.findall(r"var (\w+) = ", script))
    used = set(re.findall(r"(\w+)\.addTo\(", script))
    assert used <= defined, used - defined


def shown_layers(m: folium.Map) -> set[str]:
    """Names of the data layers that are on when the map opens."""
    html = map_html(m)
    added = set(re.findall(r"(data_layer_\w+)\.addTo\(map_\w+\)", html))
    layers = {c.layer_name: c.get_name() for c in m._children.values() if hasattr(c, "kind")}
    return {name for name, var in layers.items() if var in added}


def test_layers_switched_on_at_start() -> None:
    ws = geocode_workspace(load(csv("partner_id,name,sector,zip", "P1,A,Health,15222")))
    m = render_map(map_data(ws), layers=MapLayers(services=False, service_areas=True))
    assert shown_layers(m) == {"Partners (1)", "Relationships (0)", "Service areas (0)"}
    assert shown_layers(render_map(map_data(ws))) == {
        "Partners (1)",
        "Services (0)",
        "Relationships (0)",
    }


def test_the_map_is_compact_at_scale() -> None:
    areas = get_gazetteer().areas(states=["PA"])
    pick = areas.sample(20_000, replace=True, random_state=3).reset_index(drop=True)
    n = len(pick)
    services = pd.DataFrame(
        {
            s.SERVICE_ID: [f"S{i:06d}" for i in range(n)],
            s.PARTNER_ID: [f"P{i % 500:04d}" for i in range(n)],
            s.CATEGORY: "Legal",
            s.NAME: [f"Service {i}" for i in range(n)],
            s.ZIP: pick["area"],
            s.LATITUDE: np.nan,
            s.LONGITUDE: np.nan,
            s.CONFIDENTIAL: False,
        }
    )
    partners = pd.DataFrame(
        {
            s.PARTNER_ID: [f"P{i:04d}" for i in range(500)],
            s.NAME: [f"Organization {i}" for i in range(500)],
            s.SECTOR: "Legal aid",
            s.ZIP: pick["area"][:500],
            s.CONFIDENTIAL: False,
        }
    )
    from mapping.data.workspace import conform

    ws = Workspace(conform(partners, s.PARTNERS_SPEC), conform(services, s.SERVICES_SPEC))
    html = map_html(build_partner_map(ws))
    per_point = len(html.encode()) / (n + 500)
    assert per_point < 130, per_point


# ------------------------------------------------------------------ escaping
def test_every_user_text_is_escaped_and_survives_the_round_trip() -> None:
    html = map_html(build_partner_map(xss_workspace()))
    for dangerous in ("<img", "onerror=alert(1)>", "alert(2)</script>", "\u2028", "\u2029"):
        assert dangerous not in html
    assert html.count("<script") == html.count("</script>")
    partners = points_of(html, "Partner")
    assert [r[5] for r in partners] == list(XSS)  # the browser gets the exact text back
    services = points_of(html, "Service")
    assert [r[5] for r in services] == list(XSS)
    lines = next(p for k, p in payloads(html) if k == "lines")
    assert {(r[5], r[6]) for r in lines["rows"]} == {(XSS[0], XSS[1]), (XSS[2], XSS[3])}
    # The browser side only ever uses textContent for user text.
    assert "innerHTML" not in html


def test_text_survives_streamlit_folium_processing() -> None:
    from streamlit_folium import _get_map_string

    script = _get_map_string(build_partner_map(xss_workspace()))
    assert "<img" not in script and "</script>" not in script
    assert [r[5] for r in points_of(script, "Partner")] == list(XSS)


@pytest.mark.parametrize("text", XSS)
def test_safe_json_is_plain_json(text: str) -> None:
    encoded = safe_json({"name": text})
    assert json.loads(encoded) == {"name": text}
    assert not set(encoded) & {"<", ">", "&", "\u2028", "\u2029"}


# ------------------------------------------------------------------ confidential locations
def test_confidential_coordinates_handed_to_the_map_are_ignored() -> None:
    ws = geocode_workspace(
        load(
            csv(
                "partner_id,name,sector,zip,confidential_location",
                "P1,Safe Harbor,Victim services,15206,true",
                "P2,Legal Aid,Legal aid,15222,false",
            ),
            csv("service_id,partner_id,category", "S1,P1,Shelter"),
        )
    )
    # A frame from elsewhere that carries the exact place of the shelter:
    for df in (ws.partners, ws.services):
        conf = df[s.CONFIDENTIAL]
        df.loc[conf, [s.LATITUDE, s.LONGITUDE]] = (40.463917, -79.925381)
        df.loc[conf, s.ADDRESS] = "12 Secret Lane"
        df.loc[conf, GEO_PRECISION] = "given"
    html = map_html(build_partner_map(ws))
    for leak in ("40.46392", "-79.92538", "40.463917", "Secret"):
        assert leak not in html
    centre = get_gazetteer().zip_point("15206")
    assert centre is not None
    shelter = points_of(html, "Partner")[0]
    assert (shelter[0], shelter[1]) == (round(centre[0], 5), round(centre[1], 5))
    assert shelter[3] == 4  # "Approximate location (confidential): its ZIP code centre"
    service = points_of(html, "Service")[0]
    assert (service[0], service[1], service[3]) == (shelter[0], shelter[1], 4)
    table = point_table(map_data(ws))
    assert list(table["placed at"]) == [
        "ZIP code centre (approximate: confidential)",
        "ZIP code centre",
        "ZIP code centre (approximate: confidential)",
    ]


# ------------------------------------------------------------------ filters and the table
@pytest.mark.parametrize(
    ("filters", "partners", "services"),
    [
        (MapFilters(), ["P1", "P2", "P3"], ["S1", "S2", "S3", "S4"]),
        (MapFilters(sectors=("Legal aid",)), ["P1"], ["S1", "S2"]),
        (MapFilters(categories=("ESL",)), ["P2"], ["S3"]),
        (MapFilters(languages=("Spanish",)), ["P1", "P3"], ["S1", "S2", "S4"]),
        (MapFilters(populations=("Youth",)), ["P2"], ["S3"]),
        (MapFilters(sectors=("Legal aid",), languages=("Spanish",)), ["P1"], ["S1", "S2"]),
        (MapFilters(categories=("Legal", "ESL"), languages=("Arabic",)), [], ["S4"]),
    ],
)
def test_filters_drive_the_points_and_the_table(
    filters: MapFilters, partners: list[str], services: list[str]
) -> None:
    ws = load(
        csv(
            "partner_id,name,sector,zip,languages,populations_served",
            "P1,Legal Aid,Legal aid,15222,English|Spanish,Adults",
            "P2,College,Education,15213,English,Youth",
            "P3,Clinic,Health,15206,Spanish,Adults",
        ),
        csv(
            "service_id,partner_id,category,languages",
            "S1,P1,Legal,",
            "S2,P1,Immigration legal aid,Spanish",
            "S3,P2,ESL,",
            "S4,P3,Legal,Arabic|Spanish",
        ),
        csv("source_id,target_id,level", "P1,P2,coordination", "P2,P1,collaboration"),
    )
    data = map_data(ws, filters)
    assert list(data.partners[s.PARTNER_ID]) == partners
    assert list(data.services[s.SERVICE_ID]) == services
    table = point_table(data)
    assert list(table["id"]) == partners + services
    lines = list(zip(data.relationships[s.SOURCE_ID], data.relationships[s.LEVEL], strict=True))
    assert lines == ([("P1", "collaboration")] if {"P1", "P2"} <= set(partners) else [])


def test_unplaced_rows_are_listed_not_dropped() -> None:
    ws = load(
        csv("partner_id,name,sector,zip", "P1,Here,Health,15222", "P2,Nowhere,Health,"),
        csv("service_id,partner_id,category,zip", "S1,P2,Legal,99999"),
    )
    data = map_data(ws)
    assert list(data.partners[s.PARTNER_ID]) == ["P1"]
    assert data.services.empty
    assert list(data.unplaced["id"]) == ["P2", "S1"]
    assert list(data.unplaced["name"]) == ["Nowhere", "Legal"]
    assert all(n.startswith("Not on the map:") for n in data.unplaced["note"])
    assert (data.total_partners, data.total_services) == (2, 1)


def test_a_click_comes_back_as_kind_and_id() -> None:
    text = "Safe Harbor\nPartner · Victim services\nApproximate location\nPartner ID: P02"
    assert selected_from_popup(text) == ("Partner", "P02")
    assert selected_from_popup("Walk-in clinic\nService · Legal\nService ID: S 7 ") == (
        "Service",
        "S 7",
    )
    assert selected_from_popup("Partner ID: x Partner ID: P9") == ("Partner", "x Partner ID: P9")
    assert selected_from_popup(None) is None and selected_from_popup("no id") is None


# ------------------------------------------------------------------ coverage gaps
def gaps_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area": ["15001", "15001", "15106", "15222", "<b>x</b>"],
            "latitude": [40.60, 40.60, 40.40, 40.44, 40.50],
            "longitude": [-80.30, -80.30, -80.10, -79.99, -80.00],
            "category": ["Legal", "Shelter", "ESL", "Legal", "Food"],
            "nearest_miles": [23.4, np.nan, 12.0, 0.5, 30.0],
            "is_gap": [True, True, True, False, True],
        }
    )


def test_coverage_gaps_are_a_toggleable_layer(sample_ws: Workspace) -> None:
    html = map_html(build_partner_map(sample_ws, gaps=gaps_frame()))
    assert json.dumps("Coverage gaps (3)") in html
    gaps = next(p for k, p in payloads(html) if k == "gaps")
    assert gaps["rows"] == [
        [40.6, -80.3, "ZIP 15001: a coverage gap",
         "Legal: nearest 23.4 mi; Shelter: no provider found", -1],
        [40.4, -80.1, "ZIP 15106: a coverage gap", "ESL: nearest 12.0 mi", -1],
        [40.5, -80.0, "<b>x</b>: a coverage gap", "Food: nearest 30.0 mi", -1],
    ]  # fmt: skip
    assert gaps["sites"] == [] and gaps["most"] == 0
    assert "<b>x</b>" not in html
    assert (
        "Area far from any provider of a service"
        in json.loads(
            re.search(r"rmap\.legend\(\w+, (.*), \"", html).group(1)  # type: ignore[union-attr]
        )[-1]["items"][0][1]
    )
    assert "Coverage gaps (3)" in shown_layers(build_partner_map(sample_ws, gaps=gaps_frame()))
    hidden = build_partner_map(sample_ws, gaps=gaps_frame(), layers=MapLayers(gaps=False))
    assert json.dumps("Coverage gaps (3)") in map_html(hidden)
    assert "Coverage gaps (3)" not in shown_layers(hidden)


def test_the_gap_layer_is_sized_by_people_and_shows_suggested_places(
    sample_ws: Workspace,
) -> None:
    frame = gaps_frame()
    frame["people"] = [1200.0, 1200.0, 30500.0, 9.0, 0.0]
    frame.attrs["people_noun"] = "residents"
    sites = pd.DataFrame(
        {
            "rank": [1, 2],
            "name": ["ZIP 15106, Carnegie", "<i>Partner</i>"],
            "latitude": [40.4, 40.5],
            "longitude": [-80.1, -80.0],
            "new_people": [30500.0, 1200.0],
        }
    )
    html = map_html(build_partner_map(sample_ws, gaps=frame, sites=sites))
    gaps = next(p for k, p in payloads(html) if k == "gaps")
    assert [r[4] for r in gaps["rows"]] == [1200, 30500, 0]
    assert gaps["most"] == 30500
    assert gaps["rows"][1][2] == "ZIP 15106 (30,500 residents): a coverage gap"
    assert gaps["sites"][0][:3] == [40.4, -80.1, "Suggested place #1: ZIP 15106, Carnegie"]
    assert "30,500 more residents" in gaps["sites"][0][3]
    assert "<i>Partner</i>" not in html  # escaped in the JSON, set as text in the browser
    legend = json.loads(
        re.search(r"rmap\.legend\(\w+, (.*), \"", html).group(1)  # type: ignore[union-attr]
    )[-1]["items"]
    assert [i[1] for i in legend] == [
        "Area far from any provider of a service (larger: more people)",
        "Suggested place for a new provider (numbered)",
    ]


def fit_bounds(m: folium.Map) -> list[list[float]]:
    (fit,) = [c for c in m._children.values() if isinstance(c, folium.FitBounds)]
    return [list(corner) for corner in fit.bounds]


def test_the_view_fits_the_gap_markers_it_shows(sample_ws: Workspace) -> None:
    """With one partner shown and gaps far from it, the first view holds the gaps too (the
    text says they are marked on the map); hidden gaps do not widen the view."""
    one = MapFilters(sectors=(s.SECTORS.labels[0],))
    near = build_partner_map(sample_ws, filters=one)
    (south, west), (north, east) = fit_bounds(near)
    with_gaps = build_partner_map(sample_ws, filters=one, gaps=gaps_frame())
    (s2, w2), (n2, e2) = fit_bounds(with_gaps)
    for lat, lon in ((40.6, -80.3), (40.4, -80.1), (40.5, -80.0)):
        assert s2 <= lat <= n2 and w2 <= lon <= e2
    assert (s2, w2, n2, e2) != (south, west, north, east)
    hidden = build_partner_map(
        sample_ws, filters=one, gaps=gaps_frame(), layers=MapLayers(gaps=False)
    )
    assert fit_bounds(hidden) == fit_bounds(near)


def test_points_that_share_a_place_are_spread_by_the_browser(sample_ws: Workspace) -> None:
    """Every partner layer is handed to the spreading step, with confidential points kept
    at their centre (the browser side is checked in tests/e2e/test_projector.py)."""
    html = map_html(build_partner_map(sample_ws))
    assert "spread(group, map, P);" in html
    assert "if (s[0]._approx) s[0].setLatLng(home);" in html


def test_a_gaps_table_without_its_columns_is_refused(sample_ws: Workspace) -> None:
    with pytest.raises(MappingError, match="lacks the column"):
        build_partner_map(sample_ws, gaps=gaps_frame().drop(columns=["is_gap"]))


# ------------------------------------------------------------------ beside the map
def test_a_partners_services_and_relationships(sample_ws: Workspace) -> None:
    from mapping.places.maps import partner_relationships, partner_services

    services = partner_services(sample_ws, "P02")
    assert list(services.columns) == [
        "service",
        "category",
        "languages",
        "who it serves",
        "eligibility",
        "cost",
        "reach (miles)",
        "trauma-informed",
    ]
    assert len(services) == (sample_ws.services[s.PARTNER_ID] == "P02").sum()
    rels = partner_relationships(sample_ws, "P01")
    depth = [s.LEVEL_ORDER[x] for x in rels["level"]]
    assert depth == sorted(depth, reverse=True)
    assert "Safe Harbor Shelter" in set(rels["with"])
    assert set(rels["described by"]) == {"this partner", "the other partner"}
    lonely = load(csv("partner_id,name,sector", "P1,Alone,Health"))
    assert partner_relationships(lonely, "P1").empty
    assert partner_services(lonely, "P1").empty


def test_the_table_under_the_map_lists_every_partner_on_one_zip_centre() -> None:
    ws = load(
        csv(
            "partner_id,name,sector,city,state,zip,confidential_location",
            "P1,Safe Harbor Shelter,Victim services,Pittsburgh,PA,15206,true",
            "P2,Eastside Legal Clinic,Legal aid,Pittsburgh,PA,15206,false",
            "P3,East Liberty Food Pantry,Basic needs,Pittsburgh,PA,15206,false",
        )
    )
    data = map_data(ws)
    rows = point_table(data)
    assert set(rows["id"]) >= {"P1", "P2", "P3"}
    placed = data.partners.set_index(s.PARTNER_ID)
    assert placed.loc[["P1", "P2", "P3"], [s.LATITUDE, s.LONGITUDE]].nunique().tolist() == [1, 1]
