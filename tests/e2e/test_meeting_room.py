"""The meeting room in Chromium: a facilitator and a stakeholder in two browser contexts.

* the stakeholder votes and the facilitator's tally changes without a reload;
* a copied link restores the same filters and tab, also after switching pages;
* every page in presentation mode at 1280x720, saved as screenshots.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mapping.data.sample import load_sample
from mapping.data.store import WorkspaceStore
from mapping.meeting.kickoff import Meetings
from mapping.meeting.passcodes import hash_passcode
from mapping.meeting.polls import Polls
from tests.e2e.conftest import (
    ARTIFACTS,
    AppServer,
    open_app,
    open_tab,
    start_app,
    stop_app,
    wait_ready,
)
from tests.unit.helpers import csv, load

PASSCODE = "facilitate-2026"
SECRET_EMAIL = "dana.secret@@clinic"


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app with a facilitator passcode, the sample plus one partner with problems."""
    tmp = tmp_path_factory.mktemp("room")
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[passcodes]\nfacilitator = "{hash_passcode(PASSCODE)}"\n')
    ws = load(
        csv(
            "partner_id,name,sector,contact_name,contact_email,phone,zip",
            f"P90,Eastside Clinic,Health,Dana Secretname,{SECRET_EMAIL},412-555-0999,ABC",
            "P91,,Health,,,,15222",
        ),
        base=load_sample(),
        mode="merge",
    )
    store = WorkspaceStore(tmp / "workspace.sqlite3")
    store.save(ws, action="test", note="sample with problems")
    meetings = Meetings(store)
    mid = meetings.create(
        "Partnership kickoff", "2026-03-10", ["Legal Aid", "Job Center", "Safe Harbor Shelter"]
    )
    meetings.add_note(mid, 0, "Wants a shared referral form.", speaker="Legal Aid")
    server = start_app(tmp, env={"STREAMLIT_SECRETS_FILES": str(secrets)})
    yield server
    stop_app(server)


def sign_in(page, url: str) -> None:  # type: ignore[no-untyped-def]
    open_app(page, url)
    page.get_by_text("Facilitator sign-in").click()
    page.get_by_label("Passcode", exact=True).fill(PASSCODE)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Your role: facilitator").wait_for()
    wait_ready(page)


def test_a_stakeholder_votes_and_the_facilitator_sees_the_tally_change(room, two_people) -> None:  # type: ignore[no-untyped-def]
    lead, member = two_people
    sign_in(lead, f"{room.url}/decide")
    lead.get_by_label("The proposal, in one sentence").fill("Rotate note-taking every meeting")
    lead.get_by_role("button", name="Open the vote").click()
    lead.get_by_text("is open for votes").wait_for()
    lead.get_by_role("button", name="Show the results to everyone").click()
    lead.get_by_text("Open: 0 votes so far. Results update live").wait_for()
    lead.evaluate("window.__sameDocument = true")  # gone if the page reloads

    open_app(member, f"{room.url}/decide")
    assert "Your role: stakeholder" in member.inner_text("body")
    assert member.get_by_role("button", name="Show the results to everyone").count() == 0
    member.get_by_test_id("stRadio").get_by_text("2 · Agreement with a minor point").click()
    member.get_by_label("Your name (optional; leave empty to vote anonymously)").fill("Ana")
    member.get_by_role("button", name="Cast my vote").click()
    member.get_by_text(
        "Your vote is recorded: 2 · Agreement with a minor point of contention."
    ).wait_for()

    # the facilitator's page refreshes the tally by itself (st.fragment(run_every=2))
    lead.get_by_text("Open: 1 vote so far").wait_for()
    lead.get_by_text("Broad support: 1 vote").wait_for()
    assert lead.evaluate("window.__sameDocument") is True

    member.get_by_test_id("stRadio").get_by_text("7 · Serious disagreement").click()
    member.get_by_role("button", name="Change my vote").click()
    member.get_by_text("Your vote is now 7 · Serious disagreement.").wait_for()
    lead.get_by_text("Divided: 1 vote").wait_for()
    assert lead.evaluate("window.__sameDocument") is True

    # a reload keeps the same device: still one vote, and the form knows it
    member.reload()
    wait_ready(member)
    member.get_by_role("button", name="Change my vote").wait_for()
    polls = Polls(WorkspaceStore(room.db))
    (proposal,) = [p for p in polls.proposals() if p.title == "Rotate note-taking every meeting"]
    assert polls.vote_count(proposal.id) == 1

    lead.get_by_role("button", name="Close and lock the vote").click()
    member.get_by_text("Outcome: Back for more discussion.").wait_for()  # live, no reload
    assert member.get_by_role("button", name="Change my vote").count() == 0

    # issue 13: the record and both downloads say "closed" at once, in the same session
    lead.get_by_text("Outcome: Back for more discussion.").wait_for()
    wait_ready(lead)
    record = _download(lead, "Download the proposals (CSV)")
    row = next(r for r in record if r["title"] == "Rotate note-taking every meeting")
    assert (row["status"], row["votes"], row["outcome"]) == (
        "closed",
        "1",
        "Back for more discussion",
    )
    assert row["reading"] != "results hidden"
    votes = _download(lead, "Download every visible vote (CSV)")
    assert [(v["title"], v["point"]) for v in votes] == [("Rotate note-taking every meeting", "7")]


def _download(page, label: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """The rows of a CSV download button's file."""
    import csv as csvlib
    import io

    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    return list(csvlib.DictReader(io.StringIO(text)))


def test_a_shared_link_restores_the_same_filters(room, two_people) -> None:  # type: ignore[no-untyped-def]
    first, second = two_people
    open_app(first, f"{room.url}/data")
    open_tab(first, "Problem report")
    first.get_by_text("Showing 3 of 3 problems").wait_for()
    first.get_by_label("Search the messages and values").fill("ZIP")
    first.get_by_label("Search the messages and values").press("Enter")
    first.get_by_text("Showing 1 of 3 problems").wait_for()
    wait_ready(first)
    first.wait_for_function("location.search.includes('data_problems_search=ZIP')")
    link = first.url
    assert "data_tab=Problem+report" in link or "data_tab=Problem%20report" in link

    # the filters survive a page switch and back
    first.get_by_role("link", name="Home", exact=True).click()
    first.get_by_role("heading", name="Community resource map").wait_for()
    wait_ready(first)
    first.get_by_role("link", name="Data", exact=True).click()
    first.get_by_text("Showing 1 of 3 problems").wait_for()

    # and the copied link opens the same view in someone else's browser
    open_app(second, link)
    second.get_by_text("Showing 1 of 3 problems").wait_for()
    assert second.get_by_label("Search the messages and values").input_value() == "ZIP"
    assert second.get_by_role("tab", name="Problem report").get_attribute("aria-selected") == (
        "true"
    )
    shown = second.locator('[data-testid="stExpander"]', has_text="Link to this view")
    shown.click()
    shown.locator("code").filter(has_text="data_problems_search=ZIP").wait_for()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("", "Community resource map"),
        ("data", "Data"),
        ("kickoff", "Kickoff meeting"),
        ("decide", "Decide together"),
    ],
)
def test_presentation_mode_at_1280x720(room, browser, path: str, heading: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_app(page, f"{room.url}/{path}?present=1")
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        if path == "":
            page.locator(".js-plotly-plot").first.wait_for()
        if path == "kickoff":
            page.get_by_text("Speaking now: Legal Aid").wait_for()
        wait_ready(page)
        body = page.inner_text("body")
        assert SECRET_EMAIL not in body and "Dana Secretname" not in body
        assert "412-555-0101" not in body and "ben.novak@aatc.example.org" not in body
        assert page.locator('[data-testid="stSidebar"]').count() == 0
        assert page.get_by_test_id("stCheckbox").get_by_text("Presentation mode").is_visible()
        assert "present=1" in page.url
        out = ARTIFACTS / "screenshots" / f"present-{path or 'home'}-1280x720.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))  # exactly the 1280x720 viewport
        assert Path(out).stat().st_size > 10_000
        # presentation mode stays on across a page switch (it lives in the URL)
        page.get_by_role("link", name="Decide" if path != "decide" else "Home", exact=True).click()
        page.wait_for_function("location.search.includes('present=1')")
    finally:
        context.close()
