"""Two app servers on one PostgreSQL behave as one app (the hosted set-up behind a load
balancer): a vote cast on one shows in the other's live tally, a save on one shows on the
other at its next rerun. Both servers and the database are real; the database is a
throwaway PostgreSQL cluster (tests/pgserver.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mapping.data.sample import SAMPLE_NOTE, load_sample
from mapping.data.store import WorkspaceStore
from mapping.meeting.passcodes import hash_passcode
from mapping.meeting.polls import Polls
from tests import sample_facts as F
from tests.e2e.conftest import AppServer, open_app, screenshot, start_app, stop_app, wait_ready
from tests.e2e.test_foundation import BAD_PARTNERS
from tests.e2e.test_meeting_room import PASSCODE, sign_in
from tests.pgserver import TEMPLATE, ThrowawayPostgres


@pytest.fixture(scope="module")
def servers(
    postgres: ThrowawayPostgres, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[AppServer, AppServer, str]]:
    url = postgres.new_database(TEMPLATE)
    WorkspaceStore(url).save(load_sample(), action="sample", note=SAMPLE_NOTE)
    tmp = tmp_path_factory.mktemp("two")
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[passcodes]\nfacilitator = "{hash_passcode(PASSCODE)}"\n')
    env = {"DATABASE_URL": url, "STREAMLIT_SECRETS_FILES": str(secrets)}
    one = start_app(tmp_path_factory.mktemp("one"), env=env)
    two = start_app(tmp_path_factory.mktemp("two"), env=env)
    yield one, two, url
    stop_app(one)
    stop_app(two)


def test_a_vote_on_one_server_shows_in_the_other_servers_live_tally(servers, two_people) -> None:  # type: ignore[no-untyped-def]
    one, two, url = servers
    lead, member = two_people
    sign_in(lead, f"{one.url}/decide")
    lead.get_by_label("The proposal, in one sentence").fill("Share one intake form")
    lead.get_by_role("button", name="Open the vote").click()
    lead.get_by_text("is open for votes").wait_for()
    lead.get_by_role("button", name="Show the results to everyone").click()
    lead.get_by_text("Open: 0 votes so far. Results update live").wait_for()
    lead.evaluate("window.__sameDocument = true")

    open_app(member, f"{two.url}/decide")  # the other server
    member.get_by_test_id("stRadio").get_by_text("2 · Agreement with a minor").click()
    member.get_by_label("Your name (optional; leave empty to vote anonymously)").fill("Ana")
    member.get_by_role("button", name="Cast my vote").click()
    member.get_by_text(
        "Your vote is recorded: 2 · Agreement with a minor point of contention."
    ).wait_for()

    lead.get_by_text("Open: 1 vote so far").wait_for()  # server one's live tally, no reload
    lead.get_by_text("Broad support: 1 vote").wait_for()
    assert lead.evaluate("window.__sameDocument") is True
    polls = Polls(WorkspaceStore(url))
    (proposal,) = [p for p in polls.proposals() if p.title == "Share one intake form"]
    assert polls.vote_count(proposal.id) == 1
    screenshot(lead, "two-servers-tally")


def test_a_save_on_one_server_shows_on_the_other_at_its_next_rerun(servers, two_people) -> None:  # type: ignore[no-untyped-def]
    one, two, url = servers
    lead, viewer = two_people
    open_app(viewer, two.url)
    assert f"{F.PARTNERS} partners from {F.SECTORS} sectors" in viewer.inner_text("body")

    sign_in(lead, f"{one.url}/data")
    lead.locator('.st-key-data_upload input[type="file"]').set_input_files(
        files=[{"name": "partners.csv", "mimeType": "text/csv", "buffer": BAD_PARTNERS}]
    )
    lead.get_by_text("Check before loading").wait_for()
    wait_ready(lead)
    lead.get_by_role("button", name="Load into the workspace").click()
    lead.get_by_text("Saved as version").wait_for()

    viewer.reload()  # the next rerun on server two reads the new current version
    wait_ready(viewer)
    saved = len(WorkspaceStore(url).load().partners)
    assert saved != F.PARTNERS
    assert f"{F.PARTNERS} partners from {F.SECTORS} sectors" not in viewer.inner_text("body")
    assert viewer.get_by_test_id("stMetricValue").first.inner_text() == str(saved)
