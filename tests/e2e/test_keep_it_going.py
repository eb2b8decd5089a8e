"""Keep it going, in Chromium: fill in a self-assessment, read what a departure would cost,
export the agreement as Word, and open the downloaded meeting report from disk with the
network cut off: every chart draws, and no request is made or fails."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mapping.data.sample import SAMPLE_NOTE, load_sample
from mapping.data.store import WorkspaceStore
from mapping.meeting.kickoff import Meetings
from mapping.meeting.polls import Polls
from mapping.partnership import assessments as am
from mapping.partnership import trauma_informed as ti
from tests import sample_facts as F
from tests.e2e.conftest import (
    AppServer,
    open_app,
    open_tab,
    screenshot,
    start_app,
    stop_app,
    wait_ready,
)

NAME = "Valley <Partnership> & Co"


@pytest.fixture(scope="module")
def health(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The sample, three partners' self-assessments, a kickoff meeting and a closed vote."""
    tmp = tmp_path_factory.mktemp("health")
    store = WorkspaceStore(tmp / "workspace.sqlite3")
    store.save(load_sample(), action="sample", note=SAMPLE_NOTE)
    assessments = am.Assessments(store)
    for i, pid in enumerate(("P01", "P08", "P25")):
        assessments.save(am.TRAUMA, pid, pid, "2026-03-10", dict.fromkeys(ti.KEYS, 2 + i))
        assessments.save(am.SUSTAINABILITY, pid, pid, "2026-03-10", {"backup_contact": i > 0})
    meetings = Meetings(store)
    mid = meetings.create("Partnership kickoff", "2026-03-10", ["Legal Aid", "Job Center"])
    meetings.add_note(mid, 0, "Wants a <shared> referral form.", speaker="Legal Aid")
    polls = Polls(store)
    pid = polls.create("We meet monthly")
    polls.vote(pid, "device-token-0001", 1, name="Ana")
    polls.close(pid, "adopted")
    server = start_app(tmp)
    yield server
    stop_app(server)


def _tab(page, name: str) -> None:  # type: ignore[no-untyped-def]
    open_tab(page, name, exact=True)
    wait_ready(page)


def _choose(page, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    box.locator("input").click()
    page.keyboard.type(option)  # the list is long: filter it as a person would
    page.get_by_role("option", name=option, exact=True).click()
    wait_ready(page)


def test_fill_in_a_self_assessment_and_read_the_radar(health, page) -> None:  # type: ignore[no-untyped-def]
    open_app(page, f"{health.url}/trauma_informed")
    page.get_by_text("The partnership scores").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    screenshot(page, "trauma-informed-results")
    _tab(page, "Fill in")
    _choose(page, "Filled in for", "Safe Harbor Shelter")
    first = page.locator('[data-testid="stRadio"]').filter(has_text=ti.STATEMENTS[0].text)
    first.get_by_text("1 not yet", exact=True).click()
    second = page.locator('[data-testid="stRadio"]').filter(has_text=ti.STATEMENTS[1].text)
    second.get_by_text("5 fully", exact=True).click()
    page.get_by_role("button", name="Save the self-assessment").click()
    page.get_by_text("Saved the self-assessment of Safe Harbor Shelter (2 of 26").wait_for()
    wait_ready(page)
    screenshot(page, "trauma-informed-fill-in")
    _tab(page, "Results")
    page.get_by_text("Safe Harbor Shelter scores 3.0 of 5 (partly) on safety").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    assert "trauma_view=Safe+Harbor+Shelter+%28P02%29" in page.url
    screenshot(page, "trauma-informed-partner")


def test_what_if_a_partner_leaves(health, page) -> None:  # type: ignore[no-untyped-def]
    open_app(page, f"{health.url}/sustainability")
    page.get_by_text(
        f"{F.PARTNERS_LEAVING_A_HOLE} of {F.PARTNERS} partners would leave a hole"
    ).wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    assert "Immigrant Justice Project" in page.locator(".js-plotly-plot").first.inner_text()
    _choose(page, "Partner", "Greater Pittsburgh Food Network (P42)")
    page.get_by_text("St. Brigid Community Pantry").first.wait_for()
    assert "sustain_partner=" in page.url
    screenshot(page, "sustainability-departure")
    _tab(page, "Checklist")
    page.get_by_text("Of 3 partners that filled in the checklist").wait_for()
    page.locator(".js-plotly-plot").last.wait_for()
    screenshot(page, "sustainability-checklist")


def test_edit_the_agreement_and_download_it_as_word(health, page) -> None:  # type: ignore[no-untyped-def]
    open_app(page, f"{health.url}/agreement")
    name = page.get_by_label("Name of the partnership")
    name.fill(NAME)
    name.press("Enter")
    wait_ready(page)
    meetings = page.get_by_label("Meetings", exact=True)
    meetings.fill("Second Tuesday of the month, at the library.")
    meetings.press("Control+Enter")
    wait_ready(page)
    screenshot(page, "agreement-draft")
    _tab(page, "Preview and export")
    preview = page.get_by_role("tabpanel", name="Preview and export")
    preview.get_by_text("Second Tuesday of the month, at the library.").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Word (.docx)").click()
    download = info.value
    assert download.suggested_filename == "partnership-agreement-draft.docx"
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "Memorandum of Understanding: Valley &lt;Partnership&gt; &amp; Co" in xml
    assert "Second Tuesday of the month, at the library." in xml
    assert xml.count("Not legal advice.") == 2
    assert xml.count("For Safe Harbor Shelter") == 1
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Markdown (.md)").click()
    md = Path(info.value.path()).read_text(encoding="utf-8")
    assert md.startswith(r"# Memorandum of Understanding: Valley \<Partnership\> \& Co")
    screenshot(page, "agreement-preview")


def test_the_downloaded_report_opens_offline(health, page, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_app(page, f"{health.url}/report")
    page.get_by_text("What the report holds").wait_for()
    screenshot(page, "meeting-report-page")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the meeting report (HTML)").click()
    download = info.value
    assert download.suggested_filename.startswith("meeting-report-")
    path = tmp_path / "report.html"
    download.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert "Partnership kickoff" in html and "Wants a &lt;shared&gt; referral form." in html
    assert re.search(r"Average of [34] partners", html) and "We meet monthly" in html

    offline = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    try:
        reader = offline.new_page()
        reader.set_default_timeout(60_000)
        requests: list[str] = []
        failed: list[str] = []
        errors: list[str] = []
        reader.on("request", lambda r: requests.append(r.url))
        reader.on("requestfailed", lambda r: failed.append(r.url))
        reader.on("pageerror", lambda e: errors.append(str(e)))
        reader.goto(path.as_uri())
        reader.wait_for_function(
            "() => { const charts = [...document.querySelectorAll('.chart')];"
            " return charts.length > 0 && charts.every(c => c.querySelector('.main-svg')); }"
        )
        charts = reader.locator(".chart").count()
        assert charts >= 12
        assert requests == [path.as_uri()] and failed == [] and errors == []
        reader.get_by_role("heading", name="If a partner left").wait_for()
        screenshot(reader, "meeting-report-offline")
    finally:
        offline.close()
