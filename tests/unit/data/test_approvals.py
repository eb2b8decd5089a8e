"""The approval queue: a stakeholder's organization form waits for the facilitator."""

from __future__ import annotations

import json
import threading

import pytest

from mapping.data import schema as s
from mapping.data.approvals import APPROVED, PENDING, REJECTED, SubmissionError, SubmissionQueue
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace

NEW_ORG = {
    s.PARTNER_ID: "P50",
    s.NAME: "Northside Job Hub",
    s.SECTOR: "Workforce development",
    s.CITY: "Pittsburgh",
    s.STATE: "PA",
    s.ZIP: "15212",
    s.CONTACT_NAME: "Rosa Diaz",
    s.CONTACT_EMAIL: "rosa@example.org",
}
SERVICES = [{s.CATEGORY: "Job training", s.NAME: "Evening class"}]
RELS = [{s.TARGET_ID: "P01", s.LEVEL: "cooperation", s.REL_TYPE: "referrals"}]


@pytest.fixture
def queue(db_location: str, sample_ws: Workspace) -> SubmissionQueue:
    store = WorkspaceStore(db_location)
    store.save(sample_ws, action="sample", note="Sample")
    return SubmissionQueue(store)


def test_a_submission_changes_nothing_until_approved(
    queue: SubmissionQueue, sample_ws: Workspace
) -> None:
    before = queue.store.current_version()
    sid = queue.submit(NEW_ORG, SERVICES, RELS, submitted_by="  Rosa  ")
    assert queue.store.current_version() == before
    assert queue.pending_count() == 1
    sub = queue.get(sid)
    assert (sub.status, sub.partner_id, sub.org_name, sub.submitted_by) == (
        PENDING,
        "P50",
        "Northside Job Hub",
        "Rosa",
    )
    assert sub.services == [{s.CATEGORY: "Job training", s.NAME: "Evening class"}]
    assert "Northside Job Hub (P50) by Rosa" in sub.label
    preview = queue.preview(sub, queue.store.load())
    assert not preview.errors
    assert "P50" in set(preview.partners[s.PARTNER_ID])


def test_approval_saves_a_new_version_once(queue: SubmissionQueue) -> None:
    sid = queue.submit(NEW_ORG, SERVICES, RELS)
    version = queue.approve(sid, queue.store.load(), note="Welcome")
    ws = queue.store.load()
    assert ws.version == version
    row = ws.partners[ws.partners[s.PARTNER_ID] == "P50"].iloc[0]
    assert row[s.NAME] == "Northside Job Hub" and row[s.CONTACT_NAME] == "Rosa Diaz"
    assert list(ws.services[ws.services[s.PARTNER_ID] == "P50"][s.CATEGORY]) == ["Job training"]
    rel = ws.relationships[ws.relationships[s.SOURCE_ID] == "P50"]
    assert list(rel[s.TARGET_ID]) == ["P01"]
    sub = queue.get(sid)
    assert (sub.status, sub.version, sub.decision_note) == (APPROVED, version, "Welcome")
    assert queue.store.versions()[0].action == "approved submission"
    with pytest.raises(SubmissionError, match="already approved"):
        queue.approve(sid, queue.store.load())


def test_two_facilitators_approving_at_once_save_one_version(queue: SubmissionQueue) -> None:
    sid = queue.submit(NEW_ORG, SERVICES, RELS)
    base = queue.store.load()
    before = len(queue.store.versions())
    results: list[object] = []
    gate = threading.Barrier(2)

    def approve() -> None:
        gate.wait()
        try:
            results.append(queue.approve(sid, base))
        except SubmissionError as exc:
            results.append(exc)

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, int) for r in results) == 1
    assert len(queue.store.versions()) == before + 1


def test_rejection_keeps_the_submission_with_its_note(queue: SubmissionQueue) -> None:
    sid = queue.submit(NEW_ORG, SERVICES, RELS)
    before = queue.store.current_version()
    queue.reject(sid, note="Please add your ZIP code")
    sub = queue.get(sid)
    assert (sub.status, sub.decision_note) == (REJECTED, "Please add your ZIP code")
    assert queue.store.current_version() == before
    assert [x.id for x in queue.submissions(REJECTED)] == [sid]
    with pytest.raises(SubmissionError, match="not waiting"):
        queue.reject(sid)


def test_a_submission_with_errors_cannot_be_approved(queue: SubmissionQueue) -> None:
    bad = {**NEW_ORG, s.SECTOR: ""}
    sid = queue.submit(bad, SERVICES, RELS)
    with pytest.raises(SubmissionError, match=r"cannot be added as it is: .*sector"):
        queue.approve(sid, queue.store.load())
    assert queue.get(sid).status == PENDING


def test_hidden_contacts_are_kept_when_left_blank(queue: SubmissionQueue) -> None:
    """A stakeholder who cannot see the contacts cannot erase them."""
    base = queue.store.load()
    p01 = base.partners[base.partners[s.PARTNER_ID] == "P01"].iloc[0].to_dict()
    form = {k: "" if k in s.CONTACT_COLUMNS else v for k, v in p01.items()}
    form[s.NAME] = "Allegheny Anti-Trafficking Coalition (AATC)"
    form[s.PHONE] = "412-555-0199"  # a contact they do type in is taken
    sid = queue.submit(form, SERVICES, [], keep_contacts=True)
    queue.approve(sid, base)
    row = queue.store.load().partners.set_index(s.PARTNER_ID).loc["P01"]
    assert row[s.NAME] == "Allegheny Anti-Trafficking Coalition (AATC)"
    assert (row[s.CONTACT_NAME], row[s.CONTACT_EMAIL], row[s.PHONE]) == (
        "Ben Novak",
        "ben.novak@aatc.example.org",
        "412-555-0199",
    )


def test_unknown_submissions_and_missing_ids(queue: SubmissionQueue) -> None:
    with pytest.raises(SubmissionError, match="no submission #9"):
        queue.get(9)
    with pytest.raises(SubmissionError, match="no partner_id"):
        queue.submit({s.NAME: "x"}, [], [])


# ---- issue 17: a form carries the organization's own answers
def test_a_submission_carries_the_answers_as_sent(queue: SubmissionQueue) -> None:
    answers = {"goal": "joint_activity", "named_leads": False, "trust": "high"}
    sid = queue.submit(NEW_ORG, SERVICES, RELS, answers=answers)
    assert queue.get(sid).answers == answers
    assert queue.submissions(PENDING)[0].answers == answers
    plain = queue.submit(NEW_ORG, SERVICES, RELS)
    assert queue.get(plain).answers == {}


def test_a_payload_from_before_answers_reads_as_no_answers(queue: SubmissionQueue) -> None:
    sid = queue.submit(NEW_ORG, SERVICES, RELS, answers={"trust": "low"})
    old = json.dumps({"partner": NEW_ORG, "services": SERVICES, "relationships": RELS})
    with queue.store.transaction() as conn:
        conn.execute("UPDATE org_submissions SET payload=? WHERE id=?", (old, sid))
    sub = queue.get(sid)
    assert (sub.answers, sub.org_name) == ({}, "Northside Job Hub")
    queue.approve(sid, queue.store.load())  # approving it works as before
    assert queue.get(sid).status == APPROVED
