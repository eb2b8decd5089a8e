"""Walk the Recommendation page in Chromium: answer, read, filter pairs, save, download."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests import sample_facts as F
from tests.e2e.conftest import open_app, open_tab, screenshot, wait_ready


def _answer(page, question: str, option: str) -> None:  # type: ignore[no-untyped-def]
    # the Each partner tab's form asks the same questions: answer in the Questions tab
    questions = page.get_by_role("tabpanel", name="Questions")
    group = questions.locator('[data-testid="stRadio"]').filter(has_text=question)
    group.get_by_text(option, exact=True).click()
    wait_ready(page)


def _tab(page, name: str) -> None:  # type: ignore[no-untyped-def]
    open_tab(page, name)
    wait_ready(page)


def test_walk_the_recommendation_page_and_download_the_notes(app_server, page, browser) -> None:  # type: ignore[no-untyped-def]
    open_app(page, f"{app_server.url}/recommend")  # a deep link, as a shared link would be
    page.get_by_role("heading", name="Recommendation", exact=True).wait_for()
    body = page.inner_text("body")
    assert "4 of 14 answers are pre-filled from the workspace" in body
    assert body.count("Pre-filled from the workspace.") == 4
    # a goal is the partners' choice, never pre-filled (issue 17)
    _answer(
        page,
        "What do you want to achieve together?",
        "Create a new program, product or service together",
    )
    _answer(page, "understanding of what survivors in your community need", "Yes")
    _answer(page, "Have you agreed how you will communicate", "Yes")
    _answer(page, "named a person who leads its part", "Yes")
    page.get_by_text("So far: Work together at the coordination level now.").wait_for()
    screenshot(page, "recommend-questions")

    _tab(page, "Recommendation")
    page.get_by_role("heading", name="Work together at the coordination level").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()  # plotly mounts after the script run
    body = page.inner_text("body")
    assert "Because you answered" in body
    assert "Who leads: Core group" in body and "How you decide: Representative" in body
    assert page.locator('input[type="checkbox"]').count() >= 4  # the next-steps checklist
    assert "recommend_tab=Recommendation" in page.url
    screenshot(page, "recommend-result")

    _tab(page, "Partner pairs")
    page.get_by_text(f"{F.PAIRS} pairs of partners work together").wait_for()
    show = page.locator('[data-testid="stRadio"]').filter(has_text="all pairs")
    show.get_by_text("seen differently", exact=True).click()
    page.get_by_text(f"Showing 3 of {F.PAIRS} pairs.").wait_for()
    wait_ready(page)
    assert "recommend_pairs_show=seen+differently" in page.url
    # select the first row (its row marker, left of the first cell) to read it in full
    grid = page.locator('[data-testid="stDataFrame"]').last
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 17, box["y"] + 53)
    detail = page.locator('[data-testid="stAlert"]').filter(has_text="agree first on where")
    detail.wait_for()
    assert detail.inner_text().startswith(
        "Allegheny Anti-Trafficking Coalition and CareerLink Pittsburgh Job Center"
    )
    wait_ready(page)
    screenshot(page, "recommend-pairs")

    _tab(page, "Save and export")
    name = page.get_by_label("Name of the partnership (for the meeting notes)")
    name.fill("Valley <Partnership> | *2026*")
    name.press("Enter")
    wait_ready(page)
    page.get_by_role("button", name="Save these answers for everyone").click()
    page.get_by_text("Saved: everyone who opens this page now sees these answers.").wait_for()
    wait_ready(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Word (.docx)").click()
    download = info.value
    assert download.suggested_filename == "partnership-recommendation.docx"
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "How we will work together: Valley &lt;Partnership&gt; | *2026*" in xml
    assert "Work together at the coordination level now." in xml
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Markdown (.md)").click()
    md = Path(info.value.path()).read_text(encoding="utf-8")
    assert md.startswith(r"# How we will work together: Valley \<Partnership\> \| \*2026\*")
    assert "- [ ] " in md and "## Our answers" in md
    screenshot(page, "recommend-export")

    # another person opening the link sees the saved answers
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    other.set_default_timeout(60_000)
    open_app(other, f"{app_server.url}/recommend?recommend_tab=Recommendation")
    other.get_by_role("heading", name="Work together at the coordination level").wait_for()
    _tab(other, "Questions")
    other.get_by_text("These are the answers the facilitator saved for everyone").wait_for()
    other.context.close()
