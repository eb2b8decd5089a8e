"""Recommend how closely to work together, who leads, and how to decide.

Partners at a kickoff meeting answer a short questionnaire (:data:`QUESTIONS`); the
answers are a plain dict (:data:`ANSWER_KEYS`). :func:`recommend_collaboration` turns them
into a :class:`Recommendation` in which every conclusion names the answers it rests on.
:func:`prefill_answers` reads what the workspace already knows, and :func:`partner_pairs`
shows, pair by pair, the level each relationship has now and which could deepen next.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mapping.partnership.recommend.questions import (
    ANSWER_KEYS,
    COLLABORATION,
    COOPERATION,
    CORE_GROUP_MAX,
    CORE_GROUP_PEOPLE,
    GOAL_LEVEL,
    LARGE_GROUP,
    LEVEL_RANK,
    LEVELS,
    SMALL_GROUP,
    validate_answers,
)
from mapping.partnership.recommend.requirements import (
    GOAL_PHRASE,
    LEVEL_SHORT,
    _fill,
    join_words,
    plan_for,
    requirements_for,
)
from mapping.partnership.recommend.result import (
    DECISION_CONS,
    DECISION_PROS,
    LEADERSHIP_CONS,
    LEADERSHIP_PROS,
    NextStep,
    Reason,
    Recommendation,
)

# ----------------------------------------------------------------------------- the rules
# Every rule below follows docs/domain.md (#levels-of-collaboration, #choosing-a-level,
# #leadership-structures, #decision-making); the wording of the needs is the guide's.
#
# LEVELS. The guide's framework orders the levels cooperation -> coordination ->
# collaboration, from least to most integrated (other frameworks put "cooperating" above
# "coordinating"; we follow the guide). Each level has "what it needs"
# (docs/domain.md#choosing-a-level,
# third column), and the needs add up: a level needs everything the levels below need.
#   cooperation   - an understanding of community needs        (knows_community_needs)
#                 - some agreement on how to communicate and how the partnership is
#                   structured                                 (communication_agreement)
#   coordination  - more trust                                 (trust medium or high)
#                 - more communication: partners actively exchange information, which is
#                   also what coordinating partners do         (exchanges_information)
#                 - named people in each organization who lead, assign tasks, roles and
#                   responsibilities                           (named_leads)
#                 ("often a shared mission": "often", so not required; it counts toward
#                   collaboration, which needs one)
#   collaboration - high trust                                 (trust high; replaces medium)
#                 - well-defined roles and responsibilities    (defined_roles)
#                 - written protocols and plans, including an MOU (written_agreement)
#                 - a new common mission                       (shared_mission)
#                 - shared decision-making                     (shared_decisions)
# `shares_resources` is what cooperating partners *do*, not something a level needs; it
# is reported as a reason ("you already cooperate") but gates nothing.
#
# READINESS. scores[level] = the share of that level's (cumulative) needs that are in
# place; an unanswered question counts as not in place. `level` is the highest level
# whose score is 1: "a level is recommended only when what it needs is in place". When
# not even cooperation's needs are all in place, `level` is still "cooperation" (where
# every partnership starts) and `level_met` is False.
#
# GOAL. The goal calls for one level: share_resources -> cooperation, joint_activity ->
# coordination, new_program -> collaboration (the "what partners do" column). The level
# to work at now is the lower of readiness and goal ("pick the level that fits its goals").
# "A goal beyond present readiness is a plan": `next_steps` lists every need of the goal's
# level that is not in place yet, lowest level first; it is empty when the partnership is
# ready. Without a goal, the plan covers cooperation's needs only.
#
# LEADERSHIP (first rule that applies):
#   1. equity_priority (partners want the most equal voice): core group, "most equitable
#      and diverse" - except with 2 or 3 partners, where all of them can share the lead
#      (co-leadership: "two or three organizations share the lead").
#   2. one partner funded to coordinate: primary lead ("one organization, often
#      grant-funded, coordinates").
#   3. coordination funding shared: co-leadership ("shared workload").
#   4. no funding, or funding not answered: by size. A partnership of LARGE_GROUP (8) or
#      more organizations is as large as a core group ("about seven or eight people") or
#      larger; there, two or three co-leads leave many partners outside the lead ("in
#      larger groups some partners may feel unheard"): core group. Smaller: co-leadership.
#      Size unknown too: co-leadership, the middle option (said in `assumptions`).
# DECISION-MAKING (first rule that applies; the "aim" is the goal's level, or the level
# the partnership is ready for when no goal is given):
#   1. aim is collaboration, which needs shared decision-making: never hierarchical;
#      consensus ("all members ... decide together, everyone heard") below LARGE_GROUP
#      partners, representative ("key stakeholders or representatives", a small group,
#      not one person per partner: 30 partners would be 30 people) from LARGE_GROUP up.
#   2. equity_priority: consensus, or representative from LARGE_GROUP up.
#   3. primary lead, partners do not decide together yet, aim is cooperation: hierarchical
#      ("the lead decides and informs the others").
#   4. otherwise: consensus below LARGE_GROUP partners, representative from it up
#      (a meeting of all members of a large group risks "too many voices and slow
#      decisions").
# Consensus, as the guide describes it: all members meet and "come to a majority
# decision"; the group may choose a stricter rule (three quarters, or no veto), and the
# Decide page reads each tally by the rule the group chose (mapping/meeting/polls.py).
# Gradients of Agreement are advised whenever the mode is representative or consensus
# (docs/domain.md#decision-making: they "help representative and consensus groups").
#
# REASONS. Every Reason names the answer keys it comes from, and only answers that were
# given; what an unanswered question made us assume goes to `assumptions` instead.
#
# What the workspace pre-fills is explained above `prefill_answers` below; the pairwise
# view's rules (level now, which pairs could deepen next) live in mapping/partnership/pairs.py.
# ----------------------------------------------------------------------------- end rules


# ----------------------------------------------------------------------------- the engine
def _level_reasons(answers: Mapping[str, Any]) -> list[Reason]:
    def reason(opening: str, rules: list[Any], field: str) -> Reason:
        words = [_fill(getattr(r, field), answers, r.key) for r in rules]
        return Reason(f"{opening}: {join_words(words)}.", tuple(r.key for r in rules))

    reasons: list[Reason] = []
    for level in LEVELS:
        own = [r for r in requirements_for(level) if r.level == level]
        met = [r for r in own if r.key in answers and r.met(answers)]
        missing = [r for r in own if r.key in answers and not r.met(answers)]
        unknown = [r for r in own if r.key not in answers]
        # "X needs are in place" only when everything X needs, its lower levels' needs
        # included, is in place: otherwise it would contradict the title (issue 17).
        all_met = all(r.met(answers) for r in requirements_for(level))
        if met and not missing and not unknown and all_met:
            reasons.append(reason(f"{level.capitalize()} needs are in place", met, "in_place"))
        elif met:
            reasons.append(reason(f"Toward {level}, already in place", met, "in_place"))
        if missing:
            reasons.append(reason(f"Not yet in place for {level}", missing, "missing"))
    return reasons


def _readiness(answers: Mapping[str, Any]) -> tuple[str, bool, dict[str, float]]:
    scores: dict[str, float] = {}
    below = 1.0
    for level in LEVELS:
        reqs = requirements_for(level)
        # A deeper level needs everything the level below needs, so it can never be more
        # ready than that level (issue 17): its share is capped by the level below.
        scores[level] = below = min(below, sum(r.met(answers) for r in reqs) / len(reqs))
    ready = [level for level in LEVELS if scores[level] == 1.0]
    if not ready:
        return COOPERATION, False, scores
    return ready[-1], True, scores


def _leadership(answers: Mapping[str, Any], assumptions: list[str]) -> tuple[str, list[Reason]]:
    n = answers.get("partner_count")
    equity = answers.get("equity_priority")
    funding = answers.get("lead_funding")
    if equity is True:
        if n is not None and n <= SMALL_GROUP:
            reasons = [
                Reason(
                    f"You want the most equal voice, and with {n} partners all of them can "
                    "share the lead: co-leadership is two or three organizations.",
                    ("equity_priority", "partner_count"),
                )
            ]
            if n >= CO_LEAD_WARNING_FROM:
                reasons.append(co_leadership_warning(n))
            return "co_leadership", reasons
        reasons = [
            Reason(
                "You want the most equal voice: a core group of about seven or eight people "
                "from several sectors, sharing tasks and accountability equally, is the most "
                "equitable structure.",
                ("equity_priority",),
            )
        ]
        if n is not None:
            reasons.append(core_group_seats(n))
        return "core_group", reasons
    if funding == "one_partner_funded":
        reasons = [
            Reason(
                "One partner is funded to coordinate: it has paid time to schedule and run "
                "meetings, manage data and report, which is what a primary lead does.",
                ("lead_funding",),
            )
        ]
        if equity is False:
            reasons.append(
                Reason(
                    "Partners did not make the most equal voice a top priority, so one "
                    "organization leading is acceptable.",
                    ("equity_priority",),
                )
            )
        return "primary_lead", reasons
    if funding == "shared":
        reasons = [
            Reason(
                "The funding for coordinating is shared: two or three partners can share the "
                "lead and its workload.",
                ("lead_funding",),
            )
        ]
        if n is not None and n >= CO_LEAD_WARNING_FROM:
            reasons.append(co_leadership_warning(n))
        return "co_leadership", reasons
    if n is not None:
        keys: tuple[str, ...] = ("partner_count",)
        lead_in = ""
        if funding == "none":
            keys = ("lead_funding", "partner_count")
            lead_in = "No one is funded to coordinate, so the unpaid work needs sharing. "
        if n >= LARGE_GROUP:
            return "core_group", [
                Reason(
                    f"{lead_in}With {n} partners, two or three co-leads would leave most "
                    "partners outside the lead, and some would feel unheard: a core group "
                    "of about seven or eight people from several sectors shares the tasks.",
                    keys,
                ),
                core_group_seats(n),
            ]
        reasons = [
            Reason(
                f"{lead_in}With {n} partners, two or three of them can share the lead and "
                "its workload.",
                keys,
            )
        ]
        if n >= CO_LEAD_WARNING_FROM:
            reasons.append(co_leadership_warning(n))
        return "co_leadership", reasons
    if funding == "none":
        return "co_leadership", [
            Reason(
                "No one is funded to coordinate: sharing the lead between two or three "
                "partners spreads the unpaid work.",
                ("lead_funding",),
            )
        ]
    assumptions.append(
        "Funding, group size and equal voice are not answered yet, so co-leadership, the "
        "middle option, is suggested; answer them to refine it."
    )
    return "co_leadership", []


# The guide warns that co-leadership in any partnership of more than two organizations
# may leave some partners feeling unheard (issue 17: the app used to warn only from 8).
CO_LEAD_WARNING_FROM: Final = 3


def co_leadership_warning(n: int) -> Reason:
    """The guide's warning about co-leadership for a group of ``n`` (3 or more) partners.

    When the size is not known, the same warning stands in the co-leadership cons."""
    return Reason(
        f"With {n} organizations, more than two, the guide warns that partners who do not "
        "share the lead may feel unheard: give every partner a regular turn to speak and a "
        "way to raise concerns.",
        ("partner_count",),
    )


def core_group_seats(n: int) -> Reason:
    """What a core group of about seven or eight *people* means for ``n`` organizations.

    The guide's core group counts people, not organizations (issue 17)."""
    if n <= CORE_GROUP_MAX:
        each = max(1, round(CORE_GROUP_PEOPLE / n))
        people = "one person" if each == 1 else f"about {each} people"
        text = (
            f"A core group counts people, not organizations: with {n} organizations, "
            f"{people} from each makes a group of about seven or eight, under ten."
        )
    else:
        text = (
            f"A core group counts people, not organizations: with {n} organizations, not "
            "every one can have a seat. Choose seven or eight people across sectors, "
            "including key service providers; everyone else joins the wider meetings."
        )
    return Reason(text, ("partner_count",))


def _decision(
    answers: Mapping[str, Any], level: str, leadership: str, assumptions: list[str]
) -> tuple[str, list[Reason]]:
    n = answers.get("partner_count")
    goal_level = GOAL_LEVEL.get(answers.get("goal", ""))
    aim = goal_level or level
    aim_keys: tuple[str, ...] = ("goal",) if goal_level else ()
    large = n is not None and n >= LARGE_GROUP
    size_keys: tuple[str, ...] = ("partner_count",) if n is not None else ()
    shared_mode = "representative" if large else "consensus"
    size_text = (
        f" With {n} partners, a small group of key stakeholders or representatives (for "
        "example the core group) keeps it workable and reports back to everyone."
        if large
        else (
            f" With {n} partners, everyone can meet and decide together." if n is not None else ""
        )
    )
    if n is None:
        assumptions.append(
            "The number of partners is not answered: consensus is suggested; with eight or "
            "more partners, representative decisions would be more workable."
        )
    if aim == COLLABORATION:
        reasons = []
        if aim_keys:
            reasons.append(
                Reason(
                    "Your goal is collaboration, which needs shared decision-making: the "
                    "lead should not decide alone." + size_text,
                    (*aim_keys, *size_keys),
                )
            )
        else:
            reasons.append(
                Reason(
                    "You are ready for collaboration, which needs shared decision-making."
                    + size_text,
                    tuple(r.key for r in requirements_for(COLLABORATION)) + size_keys,
                )
            )
        return shared_mode, reasons
    if answers.get("equity_priority") is True:
        return shared_mode, [
            Reason(
                "You want the most equal voice, so every partner takes part in decisions."
                + size_text,
                ("equity_priority", *size_keys),
            )
        ]
    if (
        leadership == "primary_lead"
        and answers.get("shared_decisions") is not True
        and aim == COOPERATION
    ):
        keys = ["lead_funding"]
        if "shared_decisions" in answers:
            keys.append("shared_decisions")
        text = (
            "One funded lead coordinates the sharing of resources, so it can decide "
            "day-to-day matters and inform the others."
        )
        if aim_keys:
            keys.append("goal")
        else:
            assumptions.append(
                "No goal is chosen: the decision advice assumes you share resources "
                "(cooperation), the level you are ready for."
            )
        return "hierarchical", [Reason(text, tuple(keys))]
    reasons = []
    if answers.get("shared_decisions") is True:
        reasons.append(
            Reason(
                "Partners already decide together: keep deciding together." + size_text,
                ("shared_decisions", *size_keys),
            )
        )
    elif size_keys:
        reasons.append(
            Reason(
                (
                    f"With {n} partners, key stakeholders or representatives, a small group "
                    "the partners choose, decide together and report back."
                    if large
                    else f"With {n} partners, all of them can meet and decide together."
                ),
                size_keys,
            )
        )
    return shared_mode, reasons


def recommend_collaboration(answers: Mapping[str, Any]) -> Recommendation:
    """The recommended level, leadership and decision-making for these answers.

    ``answers`` is a dict with the keys of :data:`ANSWER_KEYS` (see the README); a
    missing key or None means "not yet / unknown". Follows the rules in the block
    comment at the top of this module, which follow docs/domain.md.

    Raises:
        AnswerError: a value has the wrong type or is not one of the allowed values.
    """
    given = validate_answers(answers)
    level, level_met, scores = _readiness(given)
    goal = given.get("goal")
    goal_level = GOAL_LEVEL[goal] if goal else None
    assumptions: list[str] = []
    reasons: list[Reason] = []
    if goal:
        reasons.append(
            Reason(
                f"Your goal is to {GOAL_PHRASE[goal]}: in the guide's terms that is "
                f"{goal_level}, {LEVEL_SHORT[str(goal_level)]}.",
                ("goal",),
            )
        )
    else:
        assumptions.append(
            "No goal is chosen yet: the plan covers only what cooperation needs. Choose "
            "what you want to achieve together to get a plan for it."
        )
    if "shares_resources" in given:
        reasons.append(
            Reason(
                "Partners already share resources, such as referrals: that is cooperation "
                "in practice."
                if given["shares_resources"]
                else "Partners do not share resources yet: sharing resources (cooperation) "
                "is where working together starts.",
                ("shares_resources",),
            )
        )
    reasons.extend(_level_reasons(given))
    target = goal_level or COOPERATION
    next_steps = [
        NextStep(r.key, r.level, r.step, r.key in given)
        for r in plan_for(target)
        if not r.met(given)
    ]
    if goal_level and LEVEL_RANK[goal_level] > LEVEL_RANK[level]:
        missing_keys = tuple(st.answer for st in next_steps if st.answered)
        reasons.append(
            Reason(
                f"Your goal calls for {goal_level}, beyond what is in place today: the plan "
                "lists what to build first.",
                ("goal", *dict.fromkeys(missing_keys)),
            )
        )
    elif goal_level and LEVEL_RANK[goal_level] < LEVEL_RANK[level]:
        reasons.append(
            Reason(
                f"You are ready for {level}, more than your goal asks: pick the level that "
                "fits your goals, your organizations and the community's needs.",
                ("goal",),
            )
        )
    if next_steps and any(not st.answered for st in next_steps):
        assumptions.append(
            "Unanswered questions count as not in place yet: if something in the plan "
            "already exists, answer Yes and the plan gets shorter."
        )
    leadership, leadership_reasons = _leadership(given, assumptions)
    decision, decision_reasons = _decision(given, level, leadership, assumptions)
    use_gradients = decision in ("representative", "consensus")
    gradients_reason = (
        "Use Gradients of Agreement: each member rates a proposal on an eight-point scale "
        "from full endorsement to veto instead of yes or no, and the spread shows whether "
        "to decide or keep talking."
        if use_gradients
        else "Gradients of Agreement help groups that decide together; with one lead "
        "deciding they are optional, but useful for asking partners' views."
    )
    return Recommendation(
        answers=given,
        level=level,
        level_met=level_met,
        goal_level=goal_level,
        scores=scores,
        reasons=reasons,
        next_steps=next_steps,
        leadership=leadership,
        leadership_reasons=leadership_reasons,
        leadership_pros=LEADERSHIP_PROS[leadership],
        leadership_cons=LEADERSHIP_CONS[leadership],
        decision_making=decision,
        decision_reasons=decision_reasons,
        decision_pros=DECISION_PROS[decision],
        decision_cons=DECISION_CONS[decision],
        use_gradients=use_gradients,
        gradients_reason=gradients_reason,
        unanswered=tuple(k for k in ANSWER_KEYS if k not in given),
        assumptions=assumptions,
        contradictions=_contradictions(given),
    )


# Answers that do not fit together (issue 17): the guide's levels build on each other, so
# a formal agreement and shared decisions without trust, or every need in place except
# sharing resources (what cooperating partners already do), are a conversation to have
# before trusting the recommendation.
_ALL_BUT_SHARING: tuple[str, ...] = (
    "knows_community_needs",
    "communication_agreement",
    "exchanges_information",
    "named_leads",
    "shared_mission",
    "defined_roles",
    "written_agreement",
    "shared_decisions",
)


def _contradictions(given: Mapping[str, Any]) -> list[Reason]:
    out: list[Reason] = []
    if (
        given.get("written_agreement") is True
        and given.get("shared_decisions") is True
        and given.get("trust") == "low"
    ):
        out.append(
            Reason(
                "You have a written agreement (MOU) and decide together, yet trust is low: "
                "talk about this first. Is the agreement used day to day, and what would "
                "build trust (meet regularly, follow through on small joint tasks)?",
                ("written_agreement", "shared_decisions", "trust"),
            )
        )
    if given.get("shares_resources") is False and all(
        given.get(key) is True for key in _ALL_BUT_SHARING
    ):
        out.append(
            Reason(
                "Every other need is answered Yes, but partners do not share resources "
                "(referrals, staff, space, funds), which is where working together starts: "
                "talk about this first. Is that answer right, or is the agreement on "
                "paper only?",
                ("shares_resources", *_ALL_BUT_SHARING),
            )
        )
    return out
