"""The recommendation rules: level boundaries, goals and plans, leadership, decisions,
missing and bad answers, and reasons that always trace back to given answers."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from mapping import recommend_collaboration
from mapping.data import schema as s
from mapping.data.errors import AnswerError, MappingError
from mapping.data.workspace import Workspace
from mapping.partnership import recommend as r
from tests import sample_facts as F
from tests.unit.helpers import csv, load, two_partners

COOPERATION = {"knows_community_needs": True, "communication_agreement": True}
COORDINATION = {
    **COOPERATION,
    "trust": "medium",
    "exchanges_information": True,
    "named_leads": True,
}
COLLABORATION = {
    **COORDINATION,
    "trust": "high",
    "defined_roles": True,
    "written_agreement": True,
    "shared_mission": True,
    "shared_decisions": True,
}
COLLAB_OWN = ("defined_roles", "written_agreement", "shared_mission", "shared_decisions")


def given_keys(answers: dict[str, Any]) -> set[str]:
    return {k for k, v in answers.items() if v is not None}


def all_reasons(rec: r.Recommendation) -> list[r.Reason]:
    return [*rec.reasons, *rec.leadership_reasons, *rec.decision_reasons]


# ------------------------------------------------------------------------- the framework
def test_levels_follow_the_guides_order_and_add_up() -> None:
    assert r.LEVELS == ("cooperation", "coordination", "collaboration") == s.LEVELS.labels
    needs = {lv: [q.key for q in r.requirements_for(lv)] for lv in r.LEVELS}
    assert needs == {
        "cooperation": ["knows_community_needs", "communication_agreement"],
        "coordination": [
            "knows_community_needs",
            "communication_agreement",
            "trust",
            "exchanges_information",
            "named_leads",
        ],
        "collaboration": [
            "knows_community_needs",
            "communication_agreement",
            "exchanges_information",
            "named_leads",
            "trust",
            "defined_roles",
            "written_agreement",
            "shared_mission",
            "shared_decisions",
        ],
    }
    trust = {lv: q.minimum for lv in r.LEVELS for q in r.requirements_for(lv) if q.key == "trust"}
    assert trust == {"coordination": "medium", "collaboration": "high"}


def test_the_questionnaire_covers_every_answer_in_plain_words() -> None:
    assert tuple(q.key for q in r.QUESTIONS) == r.ANSWER_KEYS
    for q in r.QUESTIONS:
        assert q.text.endswith("?") and q.why and "_" not in q.text + q.why
        assert q.key in r.QUESTION_SHORT
    for key, allowed in r.CHOICES.items():
        assert tuple(v for v, _ in r.QUESTION[key].options) == allowed


# ------------------------------------------------------------------------- levels
@pytest.mark.parametrize(
    ("answers", "level", "met", "scores"),
    [
        ({}, "cooperation", False, (0, 0, 0)),
        ({"knows_community_needs": True}, "cooperation", False, (1 / 2, 1 / 5, 1 / 9)),
        (COOPERATION, "cooperation", True, (1, 2 / 5, 2 / 9)),
        (
            {**COOPERATION, "communication_agreement": False},
            "cooperation",
            False,
            (1 / 2, 1 / 5, 1 / 9),
        ),
        (COORDINATION, "coordination", True, (1, 1, 4 / 9)),
        ({**COORDINATION, "trust": "low"}, "cooperation", True, (1, 4 / 5, 4 / 9)),
        ({**COORDINATION, "trust": "high"}, "coordination", True, (1, 1, 5 / 9)),
        ({**COORDINATION, "named_leads": False}, "cooperation", True, (1, 4 / 5, 3 / 9)),
        ({**COORDINATION, "exchanges_information": None}, "cooperation", True, (1, 4 / 5, 3 / 9)),
        (COLLABORATION, "collaboration", True, (1, 1, 1)),
        ({**COLLABORATION, "trust": "medium"}, "coordination", True, (1, 1, 8 / 9)),
        # needs add up: without cooperation's needs no higher level is recommended
        (
            {**COLLABORATION, "knows_community_needs": False},
            "cooperation",
            False,
            # a deeper level is never more ready than the level below (issue 17)
            (1 / 2, 1 / 2, 1 / 2),
        ),
    ],
)
def test_each_level_needs_everything_it_lists(
    answers: dict[str, Any], level: str, met: bool, scores: tuple[float, float, float]
) -> None:
    rec = recommend_collaboration(answers)
    assert (rec.level, rec.level_met) == (level, met)
    assert rec.scores == pytest.approx(dict(zip(r.LEVELS, scores, strict=True)))


@pytest.mark.parametrize("missing", COLLAB_OWN)
def test_collaboration_needs_each_of_its_own_needs(missing: str) -> None:
    rec = recommend_collaboration({**COLLABORATION, missing: False, "goal": "new_program"})
    assert rec.level == "coordination"
    assert [st.answer for st in rec.next_steps] == [missing]
    assert rec.next_steps[0].level == "collaboration" and rec.next_steps[0].answered


def test_coordination_does_not_need_a_shared_mission() -> None:
    rec = recommend_collaboration({**COORDINATION, "shared_mission": False})
    assert rec.level == "coordination"


def test_sharing_resources_is_practice_not_a_need() -> None:
    with_sharing = recommend_collaboration({**COOPERATION, "shares_resources": True})
    without = recommend_collaboration({**COOPERATION, "shares_resources": False})
    assert with_sharing.scores == without.scores and with_sharing.level == without.level
    assert "cooperation in practice" in with_sharing.reasons[0].text
    assert with_sharing.reasons[0].answers == ("shares_resources",)


# ------------------------------------------------------------------------- goal and plan
def test_a_goal_beyond_readiness_becomes_a_plan() -> None:
    rec = recommend_collaboration({**COORDINATION, "goal": "new_program"})
    assert (rec.level, rec.goal_level, rec.recommended_level) == (
        "coordination",
        "collaboration",
        "coordination",
    )
    assert [(st.answer, st.level, st.answered) for st in rec.next_steps] == [
        ("trust", "collaboration", True),
        ("defined_roles", "collaboration", False),
        ("written_agreement", "collaboration", False),
        ("shared_mission", "collaboration", False),
        ("shared_decisions", "collaboration", False),
    ]
    assert rec.title == "Work together at the coordination level"
    assert rec.headline.startswith(
        "Work together at the coordination level now. Your goal, to create a new program, "
        "product or service together, calls for collaboration: build the 5 things in the "
        "plan first."
    )
    assert any("MOU" in st.text for st in rec.next_steps)
    assert rec.reasons[-1].answers == ("goal", "trust")


def test_the_plan_starts_at_the_lowest_missing_need() -> None:
    rec = recommend_collaboration({"goal": "joint_activity", "trust": "low"})
    assert [st.answer for st in rec.next_steps] == [
        "knows_community_needs",
        "communication_agreement",
        "trust",
        "exchanges_information",
        "named_leads",
    ]
    assert not rec.level_met
    assert rec.title == "Start with cooperation"
    assert "an understanding of community needs" in rec.headline
    assert "Your goal calls for coordination" in rec.headline


def test_a_ready_partnership_has_no_next_steps() -> None:
    rec = recommend_collaboration({**COORDINATION, "goal": "joint_activity"})
    assert rec.next_steps == []
    assert rec.headline.startswith(
        "Work together at the coordination level: everything it needs is in place."
    )


def test_readiness_beyond_the_goal_is_not_pushed() -> None:
    rec = recommend_collaboration({**COLLABORATION, "goal": "share_resources"})
    assert (rec.level, rec.recommended_level, rec.next_steps) == (
        "collaboration",
        "cooperation",
        [],
    )
    assert "more than your goal asks" in rec.reasons[-1].text
    assert rec.headline.startswith("Work at the cooperation level your goal calls for.")


def test_without_a_goal_the_plan_covers_cooperation_only() -> None:
    rec = recommend_collaboration({"knows_community_needs": True})
    assert rec.goal_level is None
    assert [st.answer for st in rec.next_steps] == ["communication_agreement"]
    assert any("No goal is chosen" in a for a in rec.assumptions)
    ready = recommend_collaboration(COORDINATION)
    assert ready.next_steps == [] and ready.headline.startswith("You are ready for coordination.")


def test_needs_table_and_reading() -> None:
    rec = recommend_collaboration({**COORDINATION, "goal": "new_program"})
    assert rec.needs_table() == [
        {
            "level": "cooperation",
            "in place": 2,
            "needed": 2,
            "readiness %": 100,
            "status": "ready",
            "your goal": "",
        },
        {
            "level": "coordination",
            "in place": 5,
            "needed": 5,
            "readiness %": 100,
            "status": "ready",
            "your goal": "",
        },
        {
            "level": "collaboration",
            "in place": 4,
            "needed": 9,
            "readiness %": 44,
            "status": "not yet",
            "your goal": "yes",
        },
    ]
    assert r.readiness_reading(rec) == (
        "Ready for coordination. Needs in place: cooperation 2 of 2, coordination 5 of 5 "
        "and collaboration 4 of 9."
    )


# ------------------------------------------------------------------------- leadership
@pytest.mark.parametrize(
    ("answers", "leadership", "reason_keys"),
    [
        ({"equity_priority": True}, "core_group", [("equity_priority",)]),
        (
            {"equity_priority": True, "partner_count": 3},
            "co_leadership",
            [("equity_priority", "partner_count"), ("partner_count",)],
        ),
        (
            {"equity_priority": True, "partner_count": 8},
            "core_group",
            [("equity_priority",), ("partner_count",)],
        ),
        (
            {"equity_priority": True, "partner_count": 12, "lead_funding": "one_partner_funded"},
            "core_group",
            [("equity_priority",), ("partner_count",)],
        ),
        ({"lead_funding": "one_partner_funded"}, "primary_lead", [("lead_funding",)]),
        (
            {"lead_funding": "one_partner_funded", "equity_priority": False, "partner_count": 20},
            "primary_lead",
            [("lead_funding",), ("equity_priority",)],
        ),
        (
            {"lead_funding": "shared", "partner_count": 20},
            "co_leadership",
            [("lead_funding",), ("partner_count",)],
        ),
        ({"lead_funding": "shared", "partner_count": 2}, "co_leadership", [("lead_funding",)]),
        (
            {"lead_funding": "none", "partner_count": 7},
            "co_leadership",
            [("lead_funding", "partner_count"), ("partner_count",)],
        ),
        (
            {"lead_funding": "none", "partner_count": 8},
            "core_group",
            [("lead_funding", "partner_count"), ("partner_count",)],
        ),
        ({"lead_funding": "none"}, "co_leadership", [("lead_funding",)]),
        ({"partner_count": 5}, "co_leadership", [("partner_count",), ("partner_count",)]),
        ({"partner_count": 2}, "co_leadership", [("partner_count",)]),
        ({"partner_count": F.PARTNERS}, "core_group", [("partner_count",), ("partner_count",)]),
        ({}, "co_leadership", []),
    ],
)
def test_leadership(
    answers: dict[str, Any], leadership: str, reason_keys: list[tuple[str, ...]]
) -> None:
    rec = recommend_collaboration(answers)
    assert rec.leadership == leadership
    assert [x.answers for x in rec.leadership_reasons] == reason_keys
    assert rec.leadership_pros == r.LEADERSHIP_PROS[leadership] and rec.leadership_pros
    assert rec.leadership_cons == r.LEADERSHIP_CONS[leadership] and rec.leadership_cons
    if not reason_keys:
        assert any("co-leadership, the middle option" in a for a in rec.assumptions)


def test_leadership_pros_and_cons_follow_the_domain() -> None:
    assert "fragile" in r.LEADERSHIP_CONS["primary_lead"][0].lower()
    assert "unheard" in r.LEADERSHIP_CONS["co_leadership"][0]
    assert "slow decisions" in r.LEADERSHIP_CONS["core_group"][0]
    assert "most equitable" in r.LEADERSHIP_PROS["core_group"][0]


# ------------------------------------------------------------------------- decisions
@pytest.mark.parametrize(
    ("answers", "decision", "gradients"),
    [
        ({"goal": "new_program", "partner_count": 6}, "consensus", True),
        ({"goal": "new_program", "partner_count": 8}, "representative", True),
        # collaboration never decides hierarchically, even with one funded lead
        (
            {"goal": "new_program", "lead_funding": "one_partner_funded", "partner_count": 5},
            "consensus",
            True,
        ),
        ({"goal": "share_resources", "lead_funding": "one_partner_funded"}, "hierarchical", False),
        (
            {
                "goal": "share_resources",
                "lead_funding": "one_partner_funded",
                "shared_decisions": True,
            },
            "consensus",
            True,
        ),
        (
            {"goal": "joint_activity", "lead_funding": "one_partner_funded", "partner_count": 4},
            "consensus",
            True,
        ),
        (
            {"goal": "share_resources", "equity_priority": True, "partner_count": 30},
            "representative",
            True,
        ),
        ({"equity_priority": True, "partner_count": 5}, "consensus", True),
        ({"partner_count": 12}, "representative", True),
        ({}, "consensus", True),
        (COLLABORATION, "consensus", True),
    ],
)
def test_decision_making(answers: dict[str, Any], decision: str, gradients: bool) -> None:
    rec = recommend_collaboration(answers)
    assert rec.decision_making == decision
    assert rec.use_gradients is gradients
    assert rec.decision_pros == r.DECISION_PROS[decision]
    assert rec.decision_cons == r.DECISION_CONS[decision]
    assert ("Use Gradients of Agreement" in rec.gradients_reason) is gradients


def test_hierarchical_without_a_goal_says_what_it_assumed() -> None:
    rec = recommend_collaboration({**COOPERATION, "lead_funding": "one_partner_funded"})
    assert rec.decision_making == "hierarchical"
    assert rec.decision_reasons[0].answers == ("lead_funding",)
    assert any("assumes you share resources" in a for a in rec.assumptions)


def test_gradients_of_agreement_are_the_eight_points() -> None:
    assert len(r.GRADIENTS_OF_AGREEMENT) == 8
    assert r.GRADIENTS_OF_AGREEMENT[0] == "Whole-hearted endorsement"
    assert r.GRADIENTS_OF_AGREEMENT[-1] == "Veto"


# ------------------------------------------------------------------------- answers
def test_missing_keys_and_none_mean_not_yet() -> None:
    empty = recommend_collaboration({})
    nones = recommend_collaboration(dict.fromkeys(r.ANSWER_KEYS))
    assert empty == nones
    assert empty.unanswered == r.ANSWER_KEYS
    assert empty.reasons == []
    assert all(not st.answered for st in empty.next_steps)


def test_numpy_values_are_accepted() -> None:
    rec = recommend_collaboration({"named_leads": np.bool_(True), "partner_count": np.int64(9)})
    assert rec.answers == {"named_leads": True, "partner_count": 9}
    assert type(rec.answers["partner_count"]) is int


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {"goal": "sharing"},
            "answer 'goal': expected one of 'share_resources', 'joint_activity', "
            "'new_program', got 'sharing'.",
        ),
        (
            {"trust": "High"},
            "answer 'trust': expected one of 'low', 'medium', 'high', got 'High'. "
            "Did you mean 'high'?",
        ),
        (
            {"lead_funding": 1},
            "answer 'lead_funding': expected one of 'one_partner_funded', 'shared', 'none', got 1.",
        ),
        ({"named_leads": "yes"}, "answer 'named_leads': expected True or False, got 'yes'."),
        ({"equity_priority": 1}, "answer 'equity_priority': expected True or False, got 1."),
        (
            {"partner_count": 2.5},
            "answer 'partner_count': expected a whole number of organizations, got 2.5.",
        ),
        (
            {"partner_count": True},
            "answer 'partner_count': expected a whole number of organizations, got True.",
        ),
        (
            {"partner_count": "12"},
            "answer 'partner_count': expected a whole number of organizations, got '12'.",
        ),
        (
            {"partner_count": 1},
            "answer 'partner_count': a partnership has at least 2 organizations, got 1.",
        ),
        ({"named_lead": True}, "unknown question 'named_lead'. Did you mean 'named_leads'?"),
    ],
)
def test_bad_answers_are_clear_errors(answers: dict[str, Any], message: str) -> None:
    with pytest.raises(AnswerError) as info:
        recommend_collaboration(answers)
    assert str(info.value).startswith(message)
    assert isinstance(info.value, MappingError) and isinstance(info.value, ValueError)


def test_answers_must_be_a_mapping() -> None:
    with pytest.raises(AnswerError, match="must be a dict of question keys and answers, got list"):
        recommend_collaboration([("goal", "new_program")])  # type: ignore[arg-type]


# ------------------------------------------------------------------------- reasons
def _random_answers(rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in r.ANSWER_KEYS:
        if rng.random() < 0.3:
            continue  # not answered
        if key in r.CHOICES:
            out[key] = rng.choice(r.CHOICES[key])
        elif key == "partner_count":
            out[key] = rng.choice([2, 3, 5, 7, 8, 9, 10, F.PARTNERS])
        else:
            out[key] = rng.random() < 0.6
    return out


def test_every_reason_refers_only_to_answers_that_were_given() -> None:
    rng = random.Random(5)
    cases = [{}, COOPERATION, COORDINATION, COLLABORATION] + [
        _random_answers(rng) for _ in range(600)
    ]
    for answers in cases:
        rec = recommend_collaboration(answers)
        given = given_keys(answers)
        for reason in all_reasons(rec):
            assert reason.answers, (answers, reason)
            assert set(reason.answers) <= given, (answers, reason)
            assert reason.text.strip()
        # the plan names exactly the goal level's needs that are not in place
        target = rec.goal_level or "cooperation"
        missing = [q.key for q in r.plan_for(target) if not q.met(rec.answers)]
        assert [st.answer for st in rec.next_steps] == missing
        assert all(st.answered == (st.answer in given) for st in rec.next_steps)
        assert rec.unanswered == tuple(k for k in r.ANSWER_KEYS if k not in given)
        assert 0 <= min(rec.scores.values()) <= max(rec.scores.values()) <= 1
        assert rec.leadership in r.LEADERSHIP and rec.decision_making in r.DECISION_MAKING
        if rec.level == "collaboration" or rec.goal_level == "collaboration":
            assert rec.decision_making != "hierarchical"


def test_reasons_name_what_is_missing_and_what_is_in_place() -> None:
    rec = recommend_collaboration(
        {**COORDINATION, "written_agreement": False, "defined_roles": True}
    )
    texts = {x.text: x.answers for x in rec.reasons}
    assert texts[
        "Cooperation needs are in place: partners share an understanding of community "
        "needs and you have agreed how to communicate and how the partnership is organized."
    ] == ("knows_community_needs", "communication_agreement")
    assert texts[
        "Not yet in place for collaboration: trust is medium; collaboration needs high "
        "trust and there is no written agreement (MOU) yet."
    ] == ("trust", "written_agreement")
    assert texts[
        "Toward collaboration, already in place: roles and responsibilities are written down."
    ] == ("defined_roles",)


# ------------------------------------------------------------------------- pre-fill
def test_prefill_from_the_sample_workspace(sample_ws: Workspace) -> None:
    prefill = r.prefill_answers(sample_ws)
    assert {k: p.value for k, p in prefill.items()} == {
        "partner_count": F.PARTNERS,
        "shares_resources": True,
        "exchanges_information": True,
        "trust": "medium",
    }
    # a goal is a choice, never pre-filled; pairwise MOUs are a hint, not an answer
    assert r.agreement_evidence(sample_ws).startswith(
        f"12 of the {F.RELATIONSHIPS} relationships in the workspace are recorded as an MOU or "
        "a joint program"
    )
    assert "(28 of them referral only)" in prefill["shares_resources"].note
    assert prefill["trust"].note == (
        f"The median trust partners recorded is 3 of 4 ({F.RELATIONSHIPS} relationships with a "
        "trust rating)."
    )
    recommend_collaboration({k: p.value for k, p in prefill.items()})  # valid answers


def test_prefill_referral_only_ties_and_trust() -> None:
    ws = load(
        two_partners(),
        relationships=csv(
            "source_id,target_id,level,type,trust",
            "P1,P2,cooperation,Referral,4",
            "P2,P1,cooperation,Referral,4",
        ),
    )
    prefill = r.prefill_answers(ws)
    assert {k: p.value for k, p in prefill.items()} == {
        "partner_count": 2,
        "shares_resources": True,
        "trust": "high",
    }
    assert "(2 of them referral only)" in prefill["shares_resources"].note


def test_prefill_of_an_empty_or_single_partner_workspace() -> None:
    assert r.prefill_answers(Workspace()) == {}
    one = load(csv("partner_id,name,sector", "P1,Only,Legal aid"))
    assert r.prefill_answers(one) == {}


# ------------------------------------------------------------------------- saving
def test_saved_answers_round_trip() -> None:
    saved = r.SavedAnswers(
        {"goal": "joint_activity", "partner_count": 5},
        {"partner_count": r.Prefill(5, "The workspace lists 5 partner organizations.")},
        "Our partnership",
        "2026-11-01T10:00:00+00:00",
    )
    assert r.SavedAnswers.from_json(saved.to_json()) == saved


@pytest.mark.parametrize(
    "data",
    ["garbage", {"answers": "x"}, {"prefill": {}}, {"answers": {"goal": "everything"}}],
)
def test_unreadable_saved_answers_are_a_clear_error(data: object) -> None:
    with pytest.raises(AnswerError):
        r.SavedAnswers.from_json(data)
