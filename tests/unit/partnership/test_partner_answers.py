"""Each partner's own answers: storage, the spread per question, and a recommendation that
reads the spread (most partners must say so; disagreement is a reason and a next step)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapping.data.approvals import APPROVED, PENDING, SubmissionError, SubmissionQueue
from mapping.data.errors import AnswerError
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.partnership import partner_answers as pa

READY = {
    "knows_community_needs": True,
    "communication_agreement": True,
    "exchanges_information": True,
    "named_leads": True,
    "trust": "medium",
}


@pytest.fixture
def store(tmp_path: Path) -> pa.PartnerAnswers:
    return pa.PartnerAnswers(WorkspaceStore(tmp_path / "db.sqlite3"))


def test_each_partner_keeps_its_latest_answers(store: pa.PartnerAnswers) -> None:
    store.save("P1", {"goal": "new_program", "trust": "high"})
    store.save("P2", {"trust": "low"})
    store.save("P1", {"goal": "joint_activity"})  # sending again replaces
    assert [(a.partner_id, a.answers) for a in store.all()] == [
        ("P1", {"goal": "joint_activity"}),
        ("P2", {"trust": "low"}),
    ]
    store.remove("P2")
    assert [a.partner_id for a in store.all()] == ["P1"]


def test_bad_answers_are_refused_with_the_reason(store: pa.PartnerAnswers) -> None:
    with pytest.raises(AnswerError, match="choose your organization"):
        store.save("", {"trust": "high"})
    with pytest.raises(AnswerError, match="answered by the room"):
        store.save("P1", {"partner_count": 5})
    with pytest.raises(AnswerError, match="answer 'trust'"):
        store.save("P1", {"trust": "very"})


def test_anonymity_is_a_shared_setting(store: pa.PartnerAnswers) -> None:
    assert store.anonymous() is False
    store.set_anonymous(True)
    assert pa.PartnerAnswers(store.store).anonymous() is True


# "a requirement is in place only when most partners say so"
@pytest.mark.parametrize(
    ("values", "in_place", "disagree"),
    [
        ([True, True, True], True, False),
        ([True, True, False], True, False),
        ([True, False, None], False, True),  # 1 of 3: not most; "not sure" does not say so
        ([True, True, False, False], False, True),  # half is not most, and they disagree
        ([True, None, None], False, False),
    ],
)
def test_a_need_is_in_place_only_when_most_partners_say_so(
    values: list[bool | None], in_place: bool, disagree: bool
) -> None:
    sets = [{} if v is None else {"named_leads": v} for v in values]
    sp = pa.spread_of("named_leads", sets)
    assert (sp.value, sp.disagree) == (in_place, disagree)


def test_trust_is_what_most_partners_reach() -> None:
    sets = [{"trust": t} for t in ("low", "medium", "high", "high")]
    sp = pa.spread_of("trust", sets)
    assert sp.value == "medium" and sp.disagree
    assert sp.counts == {
        "Low: we are still getting to know each other": 1,
        "Medium: we rely on each other for some things": 1,
        "High: we rely on each other and talk openly about problems": 2,
        "Not sure": 0,
    }
    assert pa.spread_of("trust", [{"trust": "high"}] * 3).value == "high"


def test_no_common_goal_stays_open_and_each_partner_is_listed() -> None:
    answers = [
        pa.PartnerAnswer("P1", {"goal": "new_program"}, ""),
        pa.PartnerAnswer("P2", {"goal": "share_resources"}, ""),
    ]
    rec, items = pa.recommend_from_partners(answers)
    goal = next(sp for sp in items if sp.key == "goal")
    assert goal.value is None and goal.disagree
    assert rec.goal_level is None
    names = {"P1": "Safe Harbor", "P2": "Job Center"}
    assert pa.goals_frame(answers, names, anonymous=False).to_dict("records") == [
        {"partner": "Safe Harbor", "seeks": "Create a new program, product or service together",
         "level": "collaboration"},
        {"partner": "Job Center", "seeks": "Refer people to each other and share what we have",
         "level": "cooperation"},
    ]  # fmt: skip
    hidden = pa.goals_frame(answers, names, anonymous=True)
    assert list(hidden["partner"]) == ["Partner 1", "Partner 2"]


def test_disagreement_becomes_a_reason_and_a_first_next_step() -> None:
    answers = [
        pa.PartnerAnswer("P1", {**READY, "goal": "joint_activity", "named_leads": True}, ""),
        pa.PartnerAnswer("P2", {**READY, "goal": "joint_activity", "named_leads": False}, ""),
    ]
    rec, items = pa.recommend_from_partners(answers, {"partner_count": 2})
    assert rec.answers["named_leads"] is False  # 1 of 2 is not most
    assert rec.answers["partner_count"] == 2  # from the room
    assert rec.reasons[0].text == (
        "Partners see named leads differently (1 Yes, 1 Not yet): it counts as Not yet "
        "until you agree."
    )
    assert rec.next_steps[0].text.startswith("Talk about named leads first: partners answered")
    assert rec.level == "cooperation"
    assert pa.spread_reading(items, 2).endswith(
        "they see named leads differently: talk about these first."
    )


def test_partners_who_agree_give_the_room_recommendation() -> None:
    answers = [pa.PartnerAnswer(p, {**READY, "goal": "joint_activity"}, "") for p in "ABC"]
    rec, items = pa.recommend_from_partners(answers)
    assert rec.level == "coordination" and not any(sp.disagree for sp in items)
    assert not any(st.text.startswith("Talk about") for st in rec.next_steps)
    frame = pa.spread_frame(items)
    assert list(frame.columns) == ["question", "answers", "counts as", "partners disagree"]
    chart = pa.yes_no_frame(items)
    assert chart.set_index("question").loc["named leads"].to_dict() == {
        "Yes": 3,
        "Not yet": 0,
        "Not sure": 0,
    }


# ---- issue 17: answers sent with the organization form, saved on approval
NEW_ORG = {"partner_id": "P50", "name": "Northside Job Hub", "sector": "Workforce development"}
NEW_ORG |= {"city": "Pittsburgh", "state": "PA", "zip": "15212"}
SERVICES = [{"category": "Job training", "name": "Evening class"}]


@pytest.fixture
def queue(db_location: str, sample_ws: Workspace) -> SubmissionQueue:
    store = WorkspaceStore(db_location)
    store.save(sample_ws, action="sample", note="Sample")
    return SubmissionQueue(store)


def test_check_answers_leaves_out_the_unanswered_and_refuses_the_room_count() -> None:
    assert pa.check_answers({"trust": "high", "goal": None}) == {"trust": "high"}
    with pytest.raises(AnswerError, match="answered by the room"):
        pa.check_answers({"partner_count": 5})


def test_approval_saves_the_answers_the_form_carries(queue: SubmissionQueue) -> None:
    answers = {"goal": "new_program", "named_leads": True, "trust": "medium"}
    sid = queue.submit(NEW_ORG, SERVICES, [], answers=answers)
    assert pa.PartnerAnswers(queue.store).all() == []  # waiting: nothing saved yet
    version = pa.approve_with_answers(queue, sid, queue.store.load(), note="Welcome")
    assert queue.store.current_version() == version
    assert queue.get(sid).status == APPROVED
    saved = pa.PartnerAnswers(queue.store).all()
    assert [(a.partner_id, a.answers) for a in saved] == [("P50", answers)]


def test_a_form_without_answers_keeps_the_earlier_answers(queue: SubmissionQueue) -> None:
    pa.PartnerAnswers(queue.store).save("P01", {"trust": "high"})
    p01 = queue.store.load().partners.set_index("partner_id").loc["P01"].to_dict()
    sid = queue.submit({**p01, "partner_id": "P01"}, [], [])
    pa.approve_with_answers(queue, sid, queue.store.load())
    saved = pa.PartnerAnswers(queue.store).all()
    assert [(a.partner_id, a.answers) for a in saved] == [("P01", {"trust": "high"})]


@pytest.mark.parametrize("answers", [{"trust": "low"}, {"trust": "very"}])
def test_a_rejected_form_saves_no_answers(
    queue: SubmissionQueue, answers: dict[str, object]
) -> None:
    sid = queue.submit(NEW_ORG, SERVICES, [], answers=answers)
    queue.reject(sid, note="Please add a service description")
    assert pa.PartnerAnswers(queue.store).all() == []
    with pytest.raises(SubmissionError, match="already rejected"):
        pa.approve_with_answers(queue, sid, queue.store.load())
    assert pa.PartnerAnswers(queue.store).all() == []


@pytest.mark.parametrize(
    ("answers", "reason"),
    [({"trust": "very"}, "answer 'trust'"), ({"partner_count": 9}, "answered by the room")],
)
def test_answers_that_cannot_be_saved_stop_the_approval_before_anything_changes(
    queue: SubmissionQueue, answers: dict[str, object], reason: str
) -> None:
    sid = queue.submit(NEW_ORG, SERVICES, [], answers=answers)
    before = queue.store.current_version()
    with pytest.raises(AnswerError, match=rf"submission #{sid} .*{reason}.*Reject it"):
        pa.approve_with_answers(queue, sid, queue.store.load())
    assert queue.get(sid).status == PENDING
    assert queue.store.current_version() == before
    assert pa.PartnerAnswers(queue.store).all() == []
