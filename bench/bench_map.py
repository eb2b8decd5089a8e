"""Map benchmark: 1,000 / 10,000 / 50,000 services, against one folium.Marker per point.

For each size, in the same run and on the same geocoded workspace:
* build: Python time to build the map and render its HTML (median);
* bytes/point: size of that HTML per point drawn;
* rerun: Python time of a warm page rerun with the cached map (st_folium's own pass over
  it with render=False, as the Map page does);
* draw: headless Chromium, navigation to the first frame with every point (DOM state,
  not pixels; the page's own clock; median of 3),
  with Leaflet served locally and no tiles (no network).
The baseline is the slow way: folium.Marker with a Popup and a Tooltip per point. Its
draw is cut off after DRAW_TIMEOUT seconds.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import statistics
import tempfile
import threading
from pathlib import Path
from typing import Any

import folium

from bench.common import median_seconds, print_table
from bench.synthetic import synthetic_files
from mapping.data import schema as s
from mapping.data.loading import load_tables
from mapping.data.reading import raw_table_from_frame
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import get_gazetteer
from mapping.places.geocoding import geocode_workspace
from mapping.places.maps import map_data, map_html, render_map
from mapping.places.vendor import VENDOR_DIR, MapAssets, installed

DRAW_TIMEOUT = 90.0
JQUERY_SHIM = (
    "<script>window.$ = function (html) { var d = document.createElement('div');"
    " d.innerHTML = html; return [d.firstChild]; };</script>"
)
CHROMIUM = "/usr/bin/chromium"

# Every point drawn: our layers' markers, or the baseline's marker icons in the DOM.
OURS_DRAWN = """(n) => { let c = 0; for (const k of Object.keys(window)) {
  const l = window[k];
  if (k.startsWith('data_layer_') && l && l.getLayers) c += l.getLayers().length;
} return c >= n; }"""
BASELINE_DRAWN = "(n) => document.querySelectorAll('.leaflet-marker-icon').length >= n"
# The next frame after that: the points are painted. Milliseconds since navigation.
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => r(performance.now())))"


def _workspace(n: int) -> Workspace:
    files = synthetic_files(n)
    tables = {
        f: raw_table_from_frame(df.astype(str).replace("nan", ""), f) for f, df in files.items()
    }
    return geocode_workspace(load_tables(tables))


def _ours(ws: Workspace, assets: MapAssets) -> folium.Map:
    return render_map(map_data(ws), assets=assets, tiles=False)


def _baseline(ws: Workspace, assets: MapAssets) -> folium.Map:
    """One folium.Marker (with Popup and Tooltip) per partner and service."""
    m = folium.Map(location=(40.9, -77.8), zoom_start=7, tiles=None)
    m.default_js = [("leaflet", assets.leaflet_js)]
    m.default_css = [("leaflet_css", assets.leaflet_css)]
    # folium's Popup builds its content with jQuery's $(html); this one-line stand-in does
    # the same, so the baseline runs offline without downloading jQuery.
    m.get_root().header.add_child(folium.Element(JQUERY_SHIM), name="jquery_shim")
    for df, label in ((ws.partners, s.SECTOR), (ws.services, s.CATEGORY)):
        for lat, lon, name, kind in zip(
            df[s.LATITUDE], df[s.LONGITUDE], df[s.NAME], df[label], strict=True
        ):
            folium.Marker(
                (lat, lon), popup=folium.Popup(f"{name}<br>{kind}"), tooltip=str(name)
            ).add_to(m)
    return m


def _rerun_seconds(m: folium.Map) -> float:
    """st_folium's per-rerun work on an already rendered, cached map."""
    from streamlit_folium import _get_header, _get_html, _get_map_string, generate_js_hash

    def once() -> None:
        m.render()
        _get_html(m)
        _get_header(m)
        generate_js_hash(_get_map_string(m), "k", False)

    return median_seconds(once, repeat=3)


class _Server:
    """static/vendor and the generated pages, on a free loopback port."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


def _draw_seconds(browser: Any, url: str, drawn_js: str, n: int, repeat: int) -> float | str:
    """Median seconds from navigation to the first frame with every point (in-page clock)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    times = []
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort(),
        )
        try:
            page.goto(url, wait_until="commit", timeout=DRAW_TIMEOUT * 1000)
            page.wait_for_function(drawn_js, arg=n, timeout=DRAW_TIMEOUT * 1000, polling="raf")
            seconds = page.evaluate(NEXT_FRAME) / 1000
            if seconds > DRAW_TIMEOUT:  # a page this busy does not answer the time-out
                return f"{seconds:,.0f} (> {DRAW_TIMEOUT:.0f})"
            times.append(seconds)
        except PlaywrightTimeout:  # a result here, not a failure
            return f"> {DRAW_TIMEOUT:.0f}"
        finally:
            page.close()
    return statistics.median(times)


def run() -> None:
    get_gazetteer()
    browser_ok = installed() and Path(CHROMIUM).exists()
    tmp = Path(tempfile.mkdtemp(prefix="bench-map-"))
    if browser_ok:
        shutil.copytree(VENDOR_DIR, tmp / "vendor")
    server = _Server(tmp)
    assets = MapAssets.served(f"{server.url}/vendor")
    rows = []
    pw = browser = None
    if browser_ok:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
    try:
        for n in (1_000, 10_000, 50_000):
            ws = _workspace(n)
            points = len(ws.partners) + len(ws.services)
            for label, build, drawn_js, repeat in (
                ("one compact array, canvas", _ours, OURS_DRAWN, 3),
                ("one folium.Marker per point", _baseline, BASELINE_DRAWN, 1),
            ):
                holder: dict[str, str] = {}

                def make(b: Any = build, h: dict[str, str] = holder, w: Workspace = ws) -> None:
                    h["html"] = map_html(b(w, assets))

                t_build = median_seconds(make, repeat=repeat, warmup=0)
                html = holder["html"]
                m = build(ws, assets)
                m.get_root().render()
                t_rerun = _rerun_seconds(m) if repeat > 1 or n <= 10_000 else "-"
                name = f"{label.split()[1]}-{n}.html"
                (tmp / name).write_text(html, encoding="utf-8")
                draw: float | str = "-"
                if browser is not None:
                    draw = _draw_seconds(browser, f"{server.url}/{name}", drawn_js, points, repeat)
                rows.append((label, n, points, t_build, len(html.encode()) / points, t_rerun, draw))
    finally:
        if browser is not None and pw is not None:
            browser.close()
            pw.stop()
        server.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print_table(
        "The resource map: services (+ one partner per five services), same run",
        [
            "approach",
            "services",
            "points",
            "build + HTML s",
            "bytes/point",
            "warm rerun s",
            "Chromium draw s",
        ],
        rows,
    )
    if not browser_ok:
        print("\n(draw not measured: run `make vendor` and install chromium)")


if __name__ == "__main__":
    run()
