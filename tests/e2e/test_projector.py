"""The meeting room at 1280x720 (issue 14): legible on a projector, quick to join from a phone.

* every page at 1280x720 with and without ``?present=1``, saved as screenshots
  (test-artifacts/screenshots/projector-*.png), with no chart label cut off where the
  page can measure it (Plotly's SVG text) and, while presenting, body text, questions,
  options and metrics of at least 20 px;
* the map in the first screen while presenting;
* partners placed at one ZIP centre can each be clicked, and a confidential one keeps
  its centre;
* the coverage-gap markers the text mentions are inside the map's view;
* a stakeholder stays signed in across a reload;
* the time from opening the Decide link on a phone to a recorded vote, written to
  test-artifacts/link-to-vote.txt (reported, never asserted).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from typing import Any

import pytest

from mapping.data.sample import load_sample
from mapping.data.store import WorkspaceStore
from mapping.meeting.passcodes import hash_passcode
from mapping.meeting.polls import Polls
from mapping.places.vendor import installed
from tests.conftest import STRICT
from tests.e2e.conftest import ARTIFACTS, AppServer, open_app, start_app, stop_app, wait_ready
from tests.unit.helpers import csv, load

PAGES = [
    ("", "Community resource map"),
    ("data", "Data"),
    ("map", "Map"),
    ("gaps", "Coverage gaps"),
    ("relationships", "Relationships"),
    ("kickoff", "Kickoff meeting"),
    ("recommend", "Recommendation"),
    ("decide", "Decide together"),
    ("trauma_informed", "Trauma-informed partnership"),
    ("sustainability", "Sustainability"),
    ("agreement", "Partnership agreement"),
    ("report", "Meeting report"),
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Two partners with only a ZIP code, at the ZIP centre of the sample's confidential
# Safe Harbor Shelter (P02, 15206): three points on one spot.
SAME_ZIP = ("P02", "P95", "P96")
STAKEHOLDER_PASS = "stakeholders-2026"
FACILITATOR_PASS = "facilitate-2026"

# Every Plotly text (titles, ticks, value labels, node names, legend) that sticks out of
# its chart's box: [chart, text, side]. Plotly draws in SVG, so the boxes are exact.
CLIPPED_JS = """() => {
  const out = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, i) => {
    const box = plot.getBoundingClientRect();
    if (!box.width) return;
    plot.querySelectorAll('svg.main-svg text').forEach((t) => {
      const text = (t.textContent || '').trim();
      if (!text || t.closest('.hovertext, .hoverlayer')) return;
      const r = t.getBoundingClientRect();
      if (!r.width) return;
      if (r.left < box.left - 1) out.push([i, text, 'left']);
      if (r.right > box.right + 1) out.push([i, text, 'right']);
      if (r.top < box.top - 1) out.push([i, text, 'top']);
      if (r.bottom > box.bottom + 1) out.push([i, text, 'bottom']);
    });
  });
  return out;
}"""
# The smallest computed font size of what a room reads: paragraphs, widget labels (the
# questions), radio and checkbox options, metrics, alerts. Captions are left out.
SMALLEST_TEXT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const picks = main.querySelectorAll(
    '[data-testid="stMarkdownContainer"] p, [data-testid="stWidgetLabel"] p, '
    + '[data-testid="stRadio"] label p, [data-testid="stMetricValue"], '
    + '[data-testid="stMetricLabel"] p, [data-testid="stAlertContainer"] p');
  let smallest = 1000, which = '';
  picks.forEach((e) => {
    if (e.closest('[data-testid="stCaptionContainer"], [data-testid="stExpanderDetails"]')) return;
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height || !(e.textContent || '').trim()) return;
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < smallest) { smallest = size; which = e.textContent.trim().slice(0, 60); }
  });
  return [smallest, which];
}"""


@pytest.fixture(scope="module")
def projector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The sample community plus two partners on the shelter's ZIP centre and one with a
    ZIP code that is not one (a line in the problem report); no passcode (this computer is
    the facilitator)."""
    tmp = tmp_path_factory.mktemp("projector")
    ws = load(
        csv(
            "partner_id,name,sector,city,state,zip",
            "P95,Eastside Legal Clinic,Legal aid,Pittsburgh,PA,15206",
            "P96,East Liberty Food Pantry,Basic needs,Pittsburgh,PA,15206",
            "P97,Northside Youth Center,Youth services,Pittsburgh,PA,ABC",
        ),
        base=load_sample(),
        mode="merge",
    )
    WorkspaceStore(tmp / "workspace.sqlite3").save(ws, action="test", note="sample + same ZIP")
    server = start_app(tmp)
    yield server
    stop_app(server)


@pytest.fixture
def screen(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _settle(page: Any, heading: str) -> None:
    page.get_by_role("heading", name=heading, exact=True).first.wait_for()
    wait_ready(page)
    page.wait_for_function(  # Plotly has drawn every chart it was given
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".every(p => p.querySelector('svg.main-svg'))"
    )


@pytest.mark.parametrize("present", [False, True], ids=["normal", "present"])
@pytest.mark.parametrize(("path", "heading"), PAGES, ids=[p or "home" for p, _ in PAGES])
def test_every_page_at_1280x720(projector, screen, path: str, heading: str, present: bool) -> None:  # type: ignore[no-untyped-def]
    open_app(screen, f"{projector.url}/{path}{'?present=1' if present else ''}")
    _settle(screen, heading)
    mode = "present" if present else "normal"
    out = ARTIFACTS / "screenshots" / f"projector-{path or 'home'}-{mode}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    screen.screenshot(path=str(out))  # the first screen, exactly 1280x720
    # The page scrolls inside Streamlit's main area: a tall window shows all of it.
    tall = screen.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    screen.set_viewport_size({"width": 1280, "height": min(int(tall) + 40, 8000)})
    wait_ready(screen)
    screen.screenshot(path=str(out.with_name(out.stem + "-full.png")))
    screen.set_viewport_size({"width": 1280, "height": 720})
    wait_ready(screen)
    assert screen.locator('[data-testid="stException"]').count() == 0
    assert screen.evaluate(CLIPPED_JS) == []
    body = screen.inner_text("body")
    if present:
        smallest, which = screen.evaluate(SMALLEST_TEXT_JS)
        assert smallest >= 20, f"{which!r} is {smallest}px while presenting"
        assert "sample community" not in body  # the banner does not take the first screen
        assert "Load your partners' own files" not in body
    elif path == "data":
        assert "Load your partners' own files on the **Data** page" not in body
        assert "on the Data page" not in body.split("Upload")[0]


@pytest.fixture(scope="module", autouse=False)
def vendor() -> None:
    if not installed():
        message = "the map's Leaflet files are not in static/vendor: run `make vendor`"
        if STRICT:
            pytest.fail(message)
        pytest.skip(message)


def _map_frame(page: Any) -> Any:
    page.frame_locator(MAP_FRAME).locator("canvas.leaflet-zoom-animated").wait_for()
    frame = page.frame(url=lambda u: "streamlit_folium" in u)
    assert frame is not None
    frame.wait_for_function("() => window.map && window.map._loaded")
    return frame


def test_the_map_is_in_the_first_screen_while_presenting(projector, screen, vendor) -> None:  # type: ignore[no-untyped-def]
    open_app(screen, f"{projector.url}/map?present=1")
    _map_frame(screen)
    box = screen.locator(MAP_FRAME).bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 720, box  # the whole map, without scrolling
    assert box["height"] >= 400 and box["width"] >= 600
    filters = screen.get_by_text("Filters and layers")
    assert filters.bounding_box()["y"] > box["y"] + box["height"]  # folded, under the map
    screen.screenshot(path=str(ARTIFACTS / "screenshots" / "projector-map-first-screen.png"))


def test_the_legend_never_covers_the_layer_list_while_presenting(projector, screen, vendor) -> None:  # type: ignore[no-untyped-def]
    """In large type both are tall: an open legend would hide layers a room must see. The
    legend checks itself once the layer list is placed; this waits for that (and times out,
    failing, if the two still overlap)."""
    open_app(screen, f"{projector.url}/map?present=1")
    frame = _map_frame(screen)
    frame.wait_for_function(
        """() => {
          const lc = document.querySelector('.leaflet-control-layers');
          const lg = document.querySelector('.rmap-legend');
          if (!lc || !lg) return false;
          const a = lc.getBoundingClientRect(), b = lg.getBoundingClientRect();
          return !(b.top < a.bottom && b.left < a.right && a.left < b.right);
        }""",
        timeout=5000,
    )
    assert frame.locator(".leaflet-control-layers").get_by_text("Service areas").is_visible()


# Partner markers at one place: [id, name, confidential, home lat, lng, drawn lat, lng, x, y].
STACK_JS = """(ids) => {
  const r = document.getElementById('map_div').getBoundingClientRect();
  const out = [];
  for (const k of Object.keys(window)) {
    const layer = window[k];
    if (!k.startsWith('data_layer_') || !layer || !layer.eachLayer) continue;
    layer.eachLayer(m => {
      if (!m._rm || ids.indexOf(m._rm[4]) < 0) return;
      const p = window.map.latLngToContainerPoint(m.getLatLng());
      out.push([m._rm[4], m._rm[5], m._approx, m._home.lat, m._home.lng,
                m.getLatLng().lat, m.getLatLng().lng, p.x + r.left, p.y + r.top]);
    });
  }
  return out;
}"""


def test_partners_on_one_zip_centre_can_each_be_clicked(projector, browser, vendor) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 1500})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_app(page, f"{projector.url}/map")
        frame = _map_frame(page)
        home = frame.evaluate(STACK_JS, list(SAME_ZIP))[0][3:5]
        for zoom in (11, 15):  # spread at any zoom, with the place in the middle
            frame.evaluate(
                "([lat, lng, z]) => { window.map.setView([lat, lng], z, {animate: false}); }",
                [*home, zoom],
            )
            stack = frame.evaluate(STACK_JS, list(SAME_ZIP))
            assert sorted(m[0] for m in stack) == sorted(SAME_ZIP)
            assert len({(m[3], m[4]) for m in stack}) == 1  # one place in the data
            spots = {(round(m[7]), round(m[8])) for m in stack}
            assert len(spots) == 3  # but three spots on the screen
            (shelter,) = [m for m in stack if m[0] == "P02"]
            assert shelter[2] is True and (shelter[5], shelter[6]) == (shelter[3], shelter[4])
        frame.evaluate(
            "([lat, lng]) => { window.map.setView([lat, lng], 13, {animate: false}); }", home
        )
        for pid, name, *_, x, y in frame.evaluate(STACK_JS, list(SAME_ZIP)):
            frame.evaluate("() => { window.map.closePopup(); }")
            frame.locator(".leaflet-popup").wait_for(state="detached")
            page.frame_locator(MAP_FRAME).locator("#map_div").click(position={"x": x, "y": y})
            popup = frame.locator(".leaflet-popup-content")
            popup.wait_for()
            assert f"Partner ID: {pid}" in popup.inner_text(), name
        page.screenshot(path=str(ARTIFACTS / "screenshots" / "projector-map-same-zip.png"))
    finally:
        context.close()


def test_the_gap_markers_the_text_mentions_are_in_view(projector, screen, vendor) -> None:  # type: ignore[no-untyped-def]
    open_app(screen, f"{projector.url}/map?map_sectors=Legal+aid&map_gap_category=Shelter")
    frame = _map_frame(screen)
    wait_ready(screen)
    outside = frame.evaluate(
        """() => {
          const view = window.map.getBounds(), out = [];
          let gaps = 0;
          for (const k of Object.keys(window)) {
            const layer = window[k];
            if (!k.startsWith('data_layer_') || !layer || !layer.eachLayer) continue;
            layer.eachLayer(m => {
              const label = m._rm && m._rm[2];
              if (typeof label !== 'string' || label.indexOf('coverage gap') < 0) return;
              gaps += 1;
              if (!view.contains(m.getLatLng())) out.push(m._rm[2]);
            });
          }
          return [gaps, out, window.map.getZoom()];
        }"""
    )
    gaps, missing, zoom = outside
    assert gaps >= 1 and missing == [], (gaps, missing, zoom)
    screen.screenshot(path=str(ARTIFACTS / "screenshots" / "projector-map-gaps.png"))
    # the scale bar is not covered by the attribution
    scale = frame.locator(".leaflet-control-scale").bounding_box()
    credit = frame.locator(".leaflet-control-attribution").bounding_box()
    assert scale and credit
    assert (
        scale["x"] + scale["width"] <= credit["x"] or credit["y"] + credit["height"] <= scale["y"]
    )


# ------------------------------------------------------------------ joining from a phone
@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """Passcodes for both roles, and one open proposal."""
    tmp = tmp_path_factory.mktemp("meeting")
    secrets = tmp / "secrets.toml"
    secrets.write_text(
        "[passcodes]\n"
        f'facilitator = "{hash_passcode(FACILITATOR_PASS)}"\n'
        f'stakeholder = "{hash_passcode(STAKEHOLDER_PASS)}"\n'
    )
    store = WorkspaceStore(tmp / "workspace.sqlite3")
    store.save(load_sample(), action="test", note="sample")
    Polls(store).create("Rotate note-taking every meeting")
    server = start_app(tmp, env={"STREAMLIT_SECRETS_FILES": str(secrets)})
    yield server
    stop_app(server)


def _phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def _sign_in(page: Any) -> None:
    page.get_by_label("Passcode", exact=True).fill(STAKEHOLDER_PASS)
    page.get_by_role("button", name="Sign in").click()


def _vote(page: Any, point: str) -> None:
    page.get_by_test_id("stRadio").get_by_text(point).click()
    page.get_by_role("button", name="Cast my vote").click()
    page.get_by_text("Your vote is recorded").wait_for()


def test_a_stakeholder_stays_signed_in_across_a_reload(meeting, browser) -> None:  # type: ignore[no-untyped-def]
    context, page = _phone(browser)
    try:
        open_app(page, f"{meeting.url}/decide")
        _sign_in(page)
        page.get_by_role("button", name="Cast my vote").wait_for()
        stored = page.evaluate("localStorage.getItem('community-resource-map-sign-in')")
        assert stored and STAKEHOLDER_PASS not in stored and stored not in page.url
        page.reload()
        wait_ready(page)
        page.get_by_role("button", name="Cast my vote").wait_for()
        assert page.get_by_label("Passcode", exact=True).count() == 0
        page.goto(f"{meeting.url}/")  # reopening the link later, on another page
        wait_ready(page)
        page.get_by_role("heading", name="Community resource map").wait_for()
    finally:
        context.close()


def test_link_to_recorded_vote_on_a_phone(meeting, browser) -> None:  # type: ignore[no-untyped-def]
    """Five phones: the first visit (passcode typed at once) and a return visit (the
    device remembers its sign-in). The medians go to test-artifacts/link-to-vote.txt."""
    first: list[float] = []
    again: list[float] = []
    points = [
        "1 · Whole-hearted endorsement",
        "2 · Agreement with a minor",
        "3 · Support with reservations",
    ]
    for i in range(5):
        context, page = _phone(browser)
        try:
            start = time.perf_counter()
            page.goto(f"{meeting.url}/decide")
            _sign_in(page)
            _vote(page, points[i % 3])
            first.append(time.perf_counter() - start)
            start = time.perf_counter()
            page.goto(f"{meeting.url}/decide")
            page.get_by_role("button", name="Change my vote").wait_for()
            page.get_by_test_id("stRadio").get_by_text(points[(i + 1) % 3]).click()
            page.get_by_role("button", name="Change my vote").click()
            page.get_by_text("Your vote is now").wait_for()
            again.append(time.perf_counter() - start)
        finally:
            context.close()
    (proposal,) = Polls(WorkspaceStore(meeting.db)).proposals()
    assert Polls(WorkspaceStore(meeting.db)).vote_count(proposal.id) >= 5
    report = (
        "Link opened to vote recorded, on a phone-sized Chromium (390x844), 5 devices\n"
        f"first visit, passcode typed at once: median {statistics.median(first):.2f} s "
        f"(all: {', '.join(f'{t:.2f}' for t in first)})\n"
        f"return visit, sign-in remembered:    median {statistics.median(again):.2f} s "
        f"(all: {', '.join(f'{t:.2f}' for t in again)})\n"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "link-to-vote.txt").write_text(report)
    print(report)


def test_the_problem_report_speaks_plainly_and_shows_a_whole_message(projector, screen) -> None:  # type: ignore[no-untyped-def]
    open_app(screen, f"{projector.url}/data?data_tab=Problem+report")
    screen.get_by_text("Showing 2 of 2 problems").wait_for()
    table = screen.locator('[data-testid="stDataFrame"]').first
    box = table.bounding_box()
    assert box is not None
    # the row-selection box of the first row, in the grid's canvas (header, then rows)
    row_height = screen.evaluate(
        "() => parseFloat(getComputedStyle(document.documentElement).fontSize) * 2.1875"
    )
    table.click(position={"x": 14, "y": row_height * 1.5})
    screen.get_by_text("partners.csv row 3, column").wait_for()
    shown = screen.locator('[data-testid="stAlertContainer"]').filter(has_text="partners.csv row 3")
    text = shown.inner_text().removeprefix("article").strip()  # the icon's name
    assert text.startswith("Unknown sector (error), partners.csv row 3, column 'sector'")
    assert text.endswith("then load partners.csv again.")  # the whole message
    assert "_" not in text.split(":")[0]  # no code names
    screen.screenshot(path=str(ARTIFACTS / "screenshots" / "projector-problem-detail.png"))
