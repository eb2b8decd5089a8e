"""The Map page in Chromium: markers drawn from the app's own Leaflet, a click shows the
partner's details, and user text with HTML or script in it runs nothing.

Every request leaving 127.0.0.1 is refused, like at a venue without internet: Leaflet
must come from the app itself (`make vendor`) and the failing tiles must not matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mapping.data.store import WorkspaceStore
from mapping.places.geocoding import GeocoderSettings, save_settings
from mapping.places.vendor import installed
from tests import sample_facts as F
from tests.conftest import STRICT
from tests.e2e.conftest import AppServer, open_app, screenshot, start_app, stop_app, wait_ready
from tests.unit.helpers import csv, load
from tests.unit.stub_geocoder import StubGeocoder, stub_geocoder

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
XSS = ("<img src=x onerror=alert(1)>", "`", "${document.title}", "</script><b>x</b>")

# Inside the map's frame: how many points each data layer has drawn.
COUNT_JS = """() => {
  const out = {};
  for (const k of Object.keys(window)) {
    const layer = window[k];
    if (k.startsWith('data_layer_') && layer && layer.getLayers && window.map.hasLayer(layer)) {
      const kinds = layer.getLayers().map(m => m._rm && typeof m._rm[4] === 'string'
        ? m._rm[4][0] : 'lines');
      for (const c of kinds) out[c] = (out[c] || 0) + 1;
    }
  }
  return out;
}"""
# A partner marker drawn on top of everything at its position: [x, y, id, name].
# Partners are drawn last, in order, so the last one near a spot is the one clicked.
CLICKABLE_JS = """(wanted) => {
  const r = document.getElementById('map_div').getBoundingClientRect();
  const partners = [];
  for (const k of Object.keys(window)) {
    const layer = window[k];
    if (!k.startsWith('data_layer_') || !layer || !layer.eachLayer) continue;
    layer.eachLayer(m => { if (m._rm && m._rm[4][0] === 'P') partners.push(m); });
  }
  const taken = [];
  for (const m of partners.reverse()) {
    const p = window.map.latLngToContainerPoint(m.getLatLng());
    const covered = taken.some(q => Math.hypot(q.x - p.x, q.y - p.y) < 16);
    taken.push(p);
    if (covered || (wanted && m._rm[4] !== wanted)) continue;
    const x = p.x + r.left, y = p.y + r.top;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.tagName === 'CANVAS') return [x, y, m._rm[4], m._rm[5]];
  }
  return null;
}"""


@pytest.fixture(scope="module", autouse=True)
def local_assets() -> None:
    if not installed():
        message = "the map's Leaflet files are not in static/vendor: run `make vendor`"
        if STRICT:
            pytest.fail(message)
        pytest.skip(message)


def offline(page: Any) -> list[str]:
    """Refuse every request that leaves 127.0.0.1; returns the list of refused URLs."""
    refused: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("http://127.0.0.1"):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return refused


def open_map(page: Any, server: AppServer, query: str = "") -> Any:
    """Open Home (so the app's own navigation is set up), then the Map page; the frame."""
    page.set_viewport_size({"width": 1280, "height": 1700})  # the whole map in view
    open_app(page, server.url)
    open_app(page, f"{server.url}/map{query}")
    page.frame_locator(MAP_FRAME).locator("canvas.leaflet-zoom-animated").wait_for()
    frame = page.frame(url=lambda u: "streamlit_folium" in u)
    assert frame is not None
    frame.wait_for_function("() => window.map && window.map._loaded")
    return frame


def click_partner(page: Any, frame: Any, wanted: str | None = None) -> list[Any]:
    frame.evaluate("() => { window.map.closePopup(); }")  # an open popup may cover it
    frame.locator(".leaflet-popup").wait_for(state="detached")  # it fades out first
    spot = frame.evaluate(CLICKABLE_JS, wanted)
    assert spot is not None, f"no partner marker {wanted or ''} is clickable"
    page.frame_locator(MAP_FRAME).locator("#map_div").click(position={"x": spot[0], "y": spot[1]})
    return list(spot)


def test_the_map_draws_from_local_assets_and_a_click_shows_details(app_server, page) -> None:  # type: ignore[no-untyped-def]
    refused = offline(page)
    served: list[str] = []
    page.on(
        "response",
        lambda r: served.append(r.url) if "/app/static/vendor/" in r.url and r.ok else None,
    )
    frame = open_map(page, app_server)
    assert frame.evaluate(COUNT_JS) == {"P": F.PARTNERS, "S": F.SERVICES, "lines": F.PAIRS}
    assert any(u.endswith("leaflet@1.9.4/dist/leaflet.js") for u in served)
    assert any(u.endswith("Control.FullScreen.js") for u in served)
    assert not [u for u in refused if "jsdelivr" in u or "unpkg" in u]
    assert (
        frame.locator(".leaflet-control-layers").inner_text().count(f"Partners ({F.PARTNERS})") == 1
    )
    screenshot(page, "map")

    _, _, pid, name = click_partner(page, frame)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert f"Partner ID: {pid}" in popup.inner_text()
    page.get_by_role("heading", name=name).wait_for()
    wait_ready(page)
    details = page.inner_text("body")
    assert "Works with (" in details and "Services (" in details
    screenshot(page, "map-details")


def test_a_filter_redraws_the_map_and_the_link_keeps_it(app_server, page) -> None:  # type: ignore[no-untyped-def]
    offline(page)
    frame = open_map(page, app_server, "?map_sectors=Legal+aid")
    counts = frame.evaluate(COUNT_JS)
    assert counts["P"] == 6
    assert f"Showing 6 of {F.PARTNERS} partners" in page.inner_text("body")


def test_the_coverage_gaps_of_a_category_draw_as_a_layer(app_server, page) -> None:  # type: ignore[no-untyped-def]
    offline(page)
    frame = open_map(page, app_server, "?map_gap_category=Childcare")
    assert "124 of 209 ZIP areas have no childcare within 10 miles" in page.inner_text("body")
    layers = frame.locator(".leaflet-control-layers").inner_text()
    assert "Coverage gaps" in layers
    screenshot(page, "map-gaps")


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    tmp = tmp_path_factory.mktemp("xss")
    names = [n.replace('"', '""') for n in XSS]
    ws = load(
        csv(
            "partner_id,name,sector,zip,notes",
            *(f'P{i},"{n}",Legal aid,1522{i},"{n}"' for i, n in enumerate(names)),
        ),
        csv(
            "service_id,partner_id,category,name,description",
            *(f'S{i},P{i},Legal,"{n}","{n}"' for i, n in enumerate(names)),
        ),
        csv("source_id,target_id,level", "P0,P1,collaboration", "P2,P3,cooperation"),
    )
    WorkspaceStore(tmp / "workspace.sqlite3").save(ws, action="test", note="xss")
    server = start_app(tmp)
    yield server
    stop_app(server)


def test_names_with_html_and_script_run_nothing(xss_server, page) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    offline(page)
    frame = open_map(page, xss_server)
    assert frame.evaluate(COUNT_JS) == {"P": 4, "S": 4, "lines": 2}  # the map drew, whole
    assert frame.locator('img[src="x"]').count() == 0
    spot = click_partner(page, frame, "P0")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert XSS[0] in popup.inner_text()  # shown as text, not as an image
    assert popup.locator("img").count() == 0
    page.get_by_role("heading", name=spot[3]).wait_for()
    wait_ready(page)
    body = page.inner_text("body")
    details = body[body.find("Details") :]
    assert f"Notes: {XSS[0]}" in details  # literal text in the details too
    spot = click_partner(page, frame, "P2")
    page.get_by_role("heading", name=XSS[2]).wait_for()
    wait_ready(page)
    assert f"Notes: {XSS[2]}" in page.inner_text("body")  # not LaTeX, not the page title
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    assert dialogs == [] and errors == []
    assert page.title() != "x"
    screenshot(page, "map-xss")


@pytest.fixture(scope="module")
def stub() -> Iterator[StubGeocoder]:
    with stub_geocoder() as server:
        yield server


@pytest.fixture(scope="module")
def online_server(
    tmp_path_factory: pytest.TempPathFactory, stub: StubGeocoder
) -> Iterator[AppServer]:
    """An app whose online geocoder is a stub Nominatim on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("online")
    rows = [f"P{i},Org {i},Health,{i} Penn Ave,Pittsburgh,PA,15222" for i in range(1, 9)]
    ws = load(csv("partner_id,name,sector,address,city,state,zip", *rows))
    store = WorkspaceStore(tmp / "workspace.sqlite3")
    store.save(ws, action="test", note="addresses")
    agent = "Three Rivers Partnership resource map (facilitator@partnership.org)"
    save_settings(store, GeocoderSettings(True, "nominatim", agent, 5.0, f"http://{stub.domain}"))
    server = start_app(tmp)
    yield server
    stop_app(server)


def test_online_look_ups_show_progress_can_stop_and_reach_the_map(
    online_server, stub, page
) -> None:  # type: ignore[no-untyped-def]
    offline(page)
    open_map(page, online_server)
    start = page.get_by_role("button", name="Look up 8 address(es) online")
    start.click()
    page.get_by_role("button", name="Stop").wait_for()
    page.get_by_text("addresses looked up").first.wait_for()
    page.get_by_role("button", name="Stop").click()
    page.get_by_text("Stopped. Everything looked up so far is saved.").wait_for()
    wait_ready(page)
    asked = len(stub.requests)
    assert 1 <= asked < 8
    screenshot(page, "map-online-stopped")
    rest = page.get_by_role("button", name=f"Look up {8 - asked} address(es) online")
    rest.click()
    page.get_by_text("Done: the map now uses every address found.").wait_for()
    wait_ready(page)
    assert len(stub.requests) == 8  # nothing was asked twice
    assert all(r["q"].endswith("Penn Ave, Pittsburgh, PA 15222") for r in stub.requests)
    assert "Every address in the workspace has been looked up." in page.inner_text("body")
    table = page.inner_text("body")
    assert "Saved look-ups: 8 found, 0 with no match." in table
