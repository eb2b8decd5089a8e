"""Scenario tests written from the guide's wording (docs/domain.md), point by point (issue 17).

Each test names the guide's sentence it checks; the pairs view's checks are in
test_pairs.py and the Gradients of Agreement's in tests/unit/meeting/test_polls.py."""

from __future__ import annotations

import random
from typing import Any

import pytest

from mapping import recommend_collaboration
from mapping.partnership import recommend as r
from tests.unit.helpers import csv, load, two_partners
from tests.unit.partnership.test_recommend import (
    COLLABORATION,
    COORDINATION,
    _random_answers,
)

ALL_YES = {
    "knows_community_needs": True,
    "communication_agreement": True,
    "shares_resources": True,
    "exchanges_information": True,
    "trust": "high",
    "named_leads": True,
    "shared_mission": True,
    "defined_roles": True,
    "written_agreement": True,
    "shared_decisions": True,
}


# "the needs add up: a level needs everything the levels below it need" - so readiness for
# a deeper level can never exceed readiness for the level below it.
def test_readiness_never_grows_with_depth_on_random_answers() -> None:
    rng = random.Random(17)
    for _ in range(2000):
        rec = recommend_collaboration(_random_answers(rng))
        coop, coord, collab = (rec.scores[level] for level in r.LEVELS)
        assert coop >= coord >= collab, rec.answers
        table = rec.needs_table()
        assert [row["readiness %"] for row in table] == sorted(
            (row["readiness %"] for row in table), reverse=True
        )


def test_readiness_example_from_the_review() -> None:
    # low trust: coordination misses one need of 5 (80%), collaboration one of 9 (89%)
    rec = recommend_collaboration({**COLLABORATION, "trust": "low"})
    assert rec.scores["coordination"] == pytest.approx(0.8)
    assert rec.scores["collaboration"] == pytest.approx(0.8)  # capped, never 89%


# "A level is recommended only when everything it needs is in place": one message, the
# title and the reasons agree.
def test_all_met_but_community_needs_gives_one_message() -> None:
    rec = recommend_collaboration({**ALL_YES, "knows_community_needs": False})
    assert rec.title == "Start with cooperation"
    texts = [x.text for x in rec.reasons]
    assert not any("needs are in place" in t for t in texts), texts
    assert any(t.startswith("Toward collaboration, already in place") for t in texts)
    assert any(t.startswith("Not yet in place for cooperation") for t in texts)


# "Build trust: meet regularly, follow through on small joint tasks" comes before the high
# trust collaboration needs: a goal beyond present readiness is a plan, step by step.
def test_high_ambition_with_low_trust_keeps_the_first_trust_step() -> None:
    rec = recommend_collaboration({**COLLABORATION, "trust": "low", "goal": "new_program"})
    trust_steps = [st for st in rec.next_steps if st.answer == "trust"]
    assert [st.level for st in trust_steps] == ["coordination", "collaboration"]
    assert "meet regularly, follow through on small joint tasks" in trust_steps[0].text
    assert "Deepen trust" in trust_steps[1].text
    medium = recommend_collaboration({**COLLABORATION, "trust": "medium", "goal": "new_program"})
    assert [st.level for st in medium.next_steps if st.answer == "trust"] == ["collaboration"]


def test_an_mou_and_shared_decisions_with_low_trust_is_surfaced() -> None:
    rec = recommend_collaboration({**COLLABORATION, "trust": "low"})
    (contradiction,) = rec.contradictions
    assert contradiction.answers == ("written_agreement", "shared_decisions", "trust")
    assert contradiction.text.startswith("You have a written agreement (MOU) and decide together")
    assert recommend_collaboration(COLLABORATION).contradictions == []


def test_no_resources_shared_with_everything_else_yes_is_surfaced() -> None:
    rec = recommend_collaboration({**ALL_YES, "shares_resources": False})
    (contradiction,) = rec.contradictions
    assert contradiction.answers[0] == "shares_resources"
    assert "do not share resources" in contradiction.text
    # one other need not in place: no contradiction, just a partnership on its way
    assert (
        recommend_collaboration(
            {**ALL_YES, "shares_resources": False, "shared_mission": False}
        ).contradictions
        == []
    )


# Co-leadership: "In larger groups some partners may feel unheard" - the guide warns about
# it for any partnership of more than two organizations.
@pytest.mark.parametrize(
    ("answers", "warned"),
    [
        ({"partner_count": 2}, False),
        ({"partner_count": 3}, True),
        ({"partner_count": 5}, True),
        ({"lead_funding": "shared", "partner_count": 4}, True),
        ({"equity_priority": True, "partner_count": 3}, True),
        ({"equity_priority": True, "partner_count": 2}, False),
    ],
)
def test_co_leadership_warns_from_three_organizations(
    answers: dict[str, Any], warned: bool
) -> None:
    rec = recommend_collaboration(answers)
    assert rec.leadership == "co_leadership"
    warning = [x for x in rec.leadership_reasons if "may feel unheard" in x.text]
    assert bool(warning) is warned
    assert "more than two organizations" in r.LEADERSHIP_CONS["co_leadership"][0]


def test_co_leadership_pros_keep_the_hierarchy_of_power() -> None:
    assert any(
        "hierarchy of power" in p and "easy to communicate goals" in p
        for p in r.LEADERSHIP_PROS["co_leadership"]
    )


# Core group: "about seven or eight people (under ten)" - people, not organizations.
@pytest.mark.parametrize(
    ("n", "words"),
    [
        (4, "with 4 organizations, about 2 people from each"),
        (8, "with 8 organizations, one person from each"),
        (12, "with 12 organizations, not every one can have a seat"),
    ],
)
def test_core_group_counts_people_not_organizations(n: int, words: str) -> None:
    rec = recommend_collaboration({"equity_priority": True, "partner_count": n})
    assert rec.leadership == "core_group"
    texts = " ".join(x.text for x in rec.leadership_reasons)
    assert "counts people, not organizations" in texts and words in texts


# Decision-making: "key stakeholders or representatives", not one per partner.
def test_representative_decisions_are_key_stakeholders_not_one_per_partner() -> None:
    rec = recommend_collaboration({"partner_count": 40})
    assert rec.decision_making == "representative"
    words = " ".join(
        [x.text for x in rec.decision_reasons]
        + list(r.DECISION_TEXT["representative"])
        + [r.DECISION_PHRASE["representative"], rec.headline]
    )
    assert "key stakeholders or representatives" in words
    assert "one representative per partner" not in words


# Consensus: all members meet and "come to a majority decision"; the group can choose more.
def test_consensus_follows_the_guide_and_says_what_the_group_can_choose() -> None:
    text = r.DECISION_TEXT["consensus"][1]
    assert "majority decision" in text and "the group can choose" in text
    assert "one member can hold up a decision" not in " ".join(r.DECISION_CONS["consensus"])


# A goal is a choice, never pre-filled as evidence (test_recommend.py checks the sample).
def test_goal_never_comes_from_the_workspace() -> None:
    ws = load(
        two_partners(),
        relationships=csv(
            "source_id,target_id,level,type,trust",
            "P1,P2,collaboration,MOU|Joint program,4",
        ),
    )
    prefill = r.prefill_answers(ws)
    assert "goal" not in prefill and "written_agreement" not in prefill
    assert r.agreement_evidence(ws).startswith(
        "1 of the 1 relationship in the workspace are recorded as an MOU"
    )


# Gradients of Agreement: Kaner's point names, with the source shown.
def test_gradients_use_kaners_point_names_and_source() -> None:
    assert r.GRADIENTS_OF_AGREEMENT == (
        "Whole-hearted endorsement",
        "Agreement with a minor point of contention",
        "Support with reservations",
        "Abstain",
        "More discussion needed",
        "Don't like but will support",
        "Serious disagreement",
        "Veto",
    )
    assert "Kaner" in r.GRADIENTS_SOURCE and "Facilitator's Guide" in r.GRADIENTS_SOURCE


def test_contradictions_name_only_given_answers() -> None:
    rng = random.Random(3)
    for _ in range(500):
        answers = _random_answers(rng)
        rec = recommend_collaboration(answers)
        for reason in rec.contradictions:
            assert set(reason.answers) <= set(answers)


def test_coordination_example_is_unchanged() -> None:
    rec = recommend_collaboration(COORDINATION)
    assert rec.level == "coordination" and rec.contradictions == []
