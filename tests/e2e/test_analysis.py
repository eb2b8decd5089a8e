"""Open Gaps and Relationships in Chromium: no error, the charts drawn, links keep the view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests import sample_facts as F
from tests.e2e.conftest import open_app, open_tab, screenshot, wait_ready

EXCEPTION = '[data-testid="stException"]'


def test_gaps_page_draws_its_charts_and_keeps_the_view_in_the_link(app_server, page) -> None:  # type: ignore[no-untyped-def]
    open_app(page, app_server.url)  # the home page first: the app registers its pages
    open_app(page, f"{app_server.url}/gaps")
    assert page.get_by_role("heading", name="Coverage gaps").is_visible()
    page.locator(".js-plotly-plot").first.wait_for()
    body = page.inner_text("body")
    assert (
        "909,478 of the region's 2,023,672 residents (45%) live where no childcare provider is "
        "within 10 miles" in body
    )
    assert "(2020 Census, Table P1" in body
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator(".js-plotly-plot").count() >= 7
    screenshot(page, "gaps")
    page.get_by_role("radiogroup", name="Show by").get_by_role("radio", name="ZIP area").click()
    page.wait_for_url(lambda url: "gaps_by=" in url)
    wait_ready(page)
    assert parse_qs(urlparse(page.url).query)["gaps_by"] == ["ZIP area"]
    page.get_by_text("Partners within reach of each ZIP area").first.wait_for()
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "gaps-by-zip-area")
    open_tab(page, "Single points of failure")
    page.get_by_text("1 only: Immigrant Justice Project").first.wait_for()
    screenshot(page, "gaps-single-points-of-failure")
    open_tab(page, "Where to add a provider")
    page.get_by_text("A childcare service at ZIP 15697, Youngwood would bring").first.wait_for()
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "gaps-where-to-add-a-provider")


def test_relationships_page_draws_the_network(app_server, page) -> None:  # type: ignore[no-untyped-def]
    open_app(page, app_server.url)
    open_app(page, f"{app_server.url}/relationships")
    assert page.get_by_role("heading", name="Relationships").is_visible()
    page.locator(".js-plotly-plot").first.wait_for()
    body = page.inner_text("body")
    assert f"{F.PARTNERS} partners share {F.PAIRS} working relationships" in body
    assert page.locator(EXCEPTION).count() == 0
    # Every node of the network is drawn as a marker point.
    page.get_by_text("Partner network").first.wait_for()
    assert page.locator(".js-plotly-plot").count() >= 6
    screenshot(page, "relationships")
    open_tab(page, "Pairs to talk about")
    page.get_by_text("3 pairs describe their relationship differently").wait_for()
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "relationships-disagreements")
