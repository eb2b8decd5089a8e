"""Recommend how closely to work together, who leads, and how to decide.

Partners at a kickoff meeting answer a short questionnaire (:data:`QUESTIONS`); the
answers are a plain dict (:data:`ANSWER_KEYS`). :func:`recommend_collaboration` turns them
into a :class:`Recommendation` in which every conclusion names the answers it rests on.
:func:`prefill_answers` reads what the workspace already knows, and :func:`partner_pairs`
shows, pair by pair, the level each relationship has now and which could deepen next.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from mapping import schema as s
from mapping.errors import AnswerError
from mapping.normalize import split_list
from mapping.workspace import Workspace

# ----------------------------------------------------------------------------- the rules
# Every rule below follows ../shared/DOMAIN.md ("Three levels of partnership",
# "Leadership structures", "Decision-making"); the wording of the needs is DOMAIN.md's.
#
# LEVELS. The guide's framework orders the levels cooperation -> coordination ->
# collaboration, from least to most integrated (other frameworks put "cooperating" above
# "coordinating"; we follow the guide). Each level has "what it needs" (DOMAIN.md table,
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
#      partners, representative ("one representative per partner") from LARGE_GROUP up.
#   2. equity_priority: consensus, or representative from LARGE_GROUP up.
#   3. primary lead, partners do not decide together yet, aim is cooperation: hierarchical
#      ("the lead decides and informs the others").
#   4. otherwise: consensus below LARGE_GROUP partners, representative from it up
#      (a meeting of all members of a large group risks "too many voices and slow
#      decisions").
# Gradients of Agreement are advised whenever the mode is representative or consensus
# (DOMAIN.md: they "help representative and consensus groups").
#
# REASONS. Every Reason names the answer keys it comes from, and only answers that were
# given; what an unanswered question made us assume goes to `assumptions` instead.
#
# What the workspace pre-fills is explained above `prefill_answers` below; the pairwise
# view's rules (level now, which pairs could deepen next) live in mapping/pairs.py.
# ----------------------------------------------------------------------------- end rules

Level = Literal["cooperation", "coordination", "collaboration"]
COOPERATION: Final = s.LEVELS.labels[0]
COORDINATION: Final = s.LEVELS.labels[1]
COLLABORATION: Final = s.LEVELS.labels[2]
LEVELS: Final = s.LEVELS.labels
LEVEL_RANK: Final = {level: i for i, level in enumerate(LEVELS)}

LARGE_GROUP: Final = 8  # DOMAIN.md: a core group is "about seven or eight people (under ten)"
CORE_GROUP_MAX: Final = 9  # "under ten"
SMALL_GROUP: Final = 3  # DOMAIN.md: co-leadership is "two or three organizations"

# ----------------------------------------------------------------------------- answers
GOALS: Final = ("share_resources", "joint_activity", "new_program")
GOAL_LEVEL: Final[dict[str, str]] = dict(zip(GOALS, LEVELS, strict=True))
TRUST: Final = ("low", "medium", "high")
TRUST_RANK: Final = {t: i for i, t in enumerate(TRUST)}
LEAD_FUNDING: Final = ("one_partner_funded", "shared", "none")
BOOL_KEYS: Final = (
    "shares_resources",
    "knows_community_needs",
    "communication_agreement",
    "exchanges_information",
    "named_leads",
    "shared_mission",
    "defined_roles",
    "written_agreement",
    "shared_decisions",
    "equity_priority",
)
CHOICES: Final[dict[str, tuple[str, ...]]] = {
    "goal": GOALS,
    "trust": TRUST,
    "lead_funding": LEAD_FUNDING,
}
ANSWER_KEYS: Final = (
    "goal",
    "knows_community_needs",
    "communication_agreement",
    "shares_resources",
    "exchanges_information",
    "trust",
    "named_leads",
    "shared_mission",
    "defined_roles",
    "written_agreement",
    "shared_decisions",
    "partner_count",
    "lead_funding",
    "equity_priority",
)
MIN_PARTNERS: Final = 2

LEADERSHIP: Final = ("primary_lead", "co_leadership", "core_group")
DECISION_MAKING: Final = ("hierarchical", "representative", "consensus")


def _suggest(value: str, options: tuple[str, ...]) -> str:
    near = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f" Did you mean '{near[0]}'?" if near else ""


def validate_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers that were given, checked and in :data:`ANSWER_KEYS` order.

    A missing key, or the value None, means "not yet / unknown" and is left out.

    Raises:
        AnswerError: not a mapping, an unknown key, or a value of the wrong type or
            outside the allowed values; the message names the key, the value and the
            allowed values.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError(
            f"the answers must be a dict of question keys and answers, got "
            f"{type(answers).__name__}; for example {{'goal': 'joint_activity', 'trust': 'high'}}."
        )
    unknown = [k for k in answers if k not in ANSWER_KEYS]
    if unknown:
        key = unknown[0]
        raise AnswerError(
            f"unknown question {key!r}.{_suggest(str(key), ANSWER_KEYS)} "
            f"The questions are: {', '.join(ANSWER_KEYS)}."
        )
    out: dict[str, Any] = {}
    for key in ANSWER_KEYS:
        value = answers.get(key)
        if value is None:
            continue
        if key in CHOICES:
            allowed = CHOICES[key]
            if not isinstance(value, str) or value not in allowed:
                hint = _suggest(value, allowed) if isinstance(value, str) else ""
                raise AnswerError(
                    f"answer {key!r}: expected one of "
                    f"{', '.join(repr(a) for a in allowed)}, got {value!r}.{hint} "
                    "Leave it out (or None) if it is not known yet."
                )
            out[key] = value
        elif key == "partner_count":
            if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
                raise AnswerError(
                    f"answer 'partner_count': expected a whole number of organizations, got "
                    f"{value!r}. Leave it out (or None) if it is not known yet."
                )
            if int(value) < MIN_PARTNERS:
                raise AnswerError(
                    f"answer 'partner_count': a partnership has at least {MIN_PARTNERS} "
                    f"organizations, got {int(value)}."
                )
            out[key] = int(value)
        else:  # a yes/no question
            if not isinstance(value, bool | np.bool_):
                raise AnswerError(
                    f"answer {key!r}: expected True or False, got {value!r}. "
                    "Leave it out (or None) if it is not known yet."
                )
            out[key] = bool(value)
    return out


# ----------------------------------------------------------------------------- questions
@dataclass(frozen=True)
class Question:
    """One question of the questionnaire, in plain language, with why we ask it."""

    key: str
    section: str
    text: str
    why: str
    options: tuple[tuple[Any, str], ...] = ()  # (answer value, label); () for a count


YES_NO: Final = ((True, "Yes"), (False, "Not yet"))
SECTION_GOAL: Final = "What you want to achieve"
SECTION_NOW: Final = "How you work together today"
SECTION_LEAD: Final = "Who leads and how you decide"

QUESTIONS: Final = (
    Question(
        "goal",
        SECTION_GOAL,
        "What do you want to achieve together?",
        "Each goal calls for one level of working together; the recommendation compares "
        "it with what is already in place.",
        (
            ("share_resources", "Refer people to each other and share what we have"),
            ("joint_activity", "Run something together, such as an outreach campaign or event"),
            ("new_program", "Create a new program, product or service together"),
        ),
    ),
    Question(
        "knows_community_needs",
        SECTION_NOW,
        "Do the partners share an understanding of what survivors in your community need?",
        "Every way of working together starts here: even sharing resources needs it.",
        YES_NO,
    ),
    Question(
        "communication_agreement",
        SECTION_NOW,
        "Have you agreed how you will communicate (who, how often, which channel) and how "
        "the partnership is organized?",
        "Sharing resources (cooperation) needs at least this much agreement.",
        YES_NO,
    ),
    Question(
        "shares_resources",
        SECTION_NOW,
        "Do partners already share resources: refer people, lend staff or space, share funds?",
        "Tells us whether you already cooperate in practice.",
        YES_NO,
    ),
    Question(
        "exchanges_information",
        SECTION_NOW,
        "Do partners already exchange information regularly, such as updates, referral "
        "numbers or calendars?",
        "Running joint activities (coordination) needs more communication than sharing resources.",
        YES_NO,
    ),
    Question(
        "trust",
        SECTION_NOW,
        "How much do the partners trust each other today?",
        "Coordination needs more trust than cooperation; creating something new together "
        "(collaboration) needs high trust.",
        (
            ("low", "Low: we are still getting to know each other"),
            ("medium", "Medium: we rely on each other for some things"),
            ("high", "High: we rely on each other and talk openly about problems"),
        ),
    ),
    Question(
        "named_leads",
        SECTION_NOW,
        "Has each organization named a person who leads its part, assigns tasks and follows up?",
        "Coordination needs named people in each organization who lead.",
        YES_NO,
    ),
    Question(
        "shared_mission",
        SECTION_NOW,
        "Have you written down a mission the partnership shares, beyond each organization's own?",
        "Coordinating partners often have one; collaboration needs a new common mission.",
        YES_NO,
    ),
    Question(
        "defined_roles",
        SECTION_NOW,
        "Are each partner's roles and responsibilities written down and clear to everyone?",
        "Collaboration needs well-defined roles and responsibilities.",
        YES_NO,
    ),
    Question(
        "written_agreement",
        SECTION_NOW,
        "Do you have written agreements, such as a Memorandum of Understanding (MOU) or "
        "shared protocols?",
        "Collaboration needs written protocols and plans, including an MOU (a statement "
        "of mutual commitments, not a legal contract).",
        YES_NO,
    ),
    Question(
        "shared_decisions",
        SECTION_NOW,
        "Do partners already make decisions together, rather than one organization deciding?",
        "Collaboration needs shared decision-making.",
        YES_NO,
    ),
    Question(
        "partner_count",
        SECTION_LEAD,
        "How many organizations are in the partnership?",
        "The size of the group shapes who should lead and how you can decide together.",
    ),
    Question(
        "lead_funding",
        SECTION_LEAD,
        "Is anyone funded to coordinate the partnership?",
        "A funded organization has paid time to schedule and run meetings, manage data and report.",
        (
            ("one_partner_funded", "Yes, one partner is funded to coordinate"),
            ("shared", "The funding for coordinating is shared among partners"),
            ("none", "No one is funded to coordinate"),
        ),
    ),
    Question(
        "equity_priority",
        SECTION_LEAD,
        "Is giving every partner the most equal voice a top priority, even if decisions "
        "take longer?",
        "Shapes who leads and how you decide: the most equal structures are also the slowest.",
        YES_NO,
    ),
)
QUESTION: Final = {q.key: q for q in QUESTIONS}
# Two or three words per question, for "because you answered ..." lines.
QUESTION_SHORT: Final = {
    "goal": "goal",
    "knows_community_needs": "understand community needs",
    "communication_agreement": "agreed how to communicate",
    "shares_resources": "share resources",
    "exchanges_information": "exchange information",
    "trust": "trust",
    "named_leads": "named leads",
    "shared_mission": "shared mission",
    "defined_roles": "roles written down",
    "written_agreement": "written agreements",
    "shared_decisions": "decide together",
    "partner_count": "partners",
    "lead_funding": "funding to coordinate",
    "equity_priority": "most equal voice",
}
assert tuple(q.key for q in QUESTIONS) == ANSWER_KEYS


def answer_label(key: str, value: Any) -> str:
    """The plain-language label of an answer ("Not answered" for None)."""
    if value is None:
        return "Not answered"
    question = QUESTION[key]
    if not question.options:
        return f"{value} organizations"
    return str(dict(question.options).get(value, value))


def short_answer(key: str, value: Any) -> str:
    """A short form of an answer, for "because you answered ..." lines."""
    label = answer_label(key, value)
    return label.split(":")[0] if key == "trust" else label


# ----------------------------------------------------------------------------- levels
LEVEL_DOES: Final[dict[str, str]] = {t.label: t.description for t in s.LEVELS.terms}
LEVEL_SHORT: Final = {
    COOPERATION: "sharing resources to be more effective",
    COORDINATION: "actively exchanging information and resources, as in a joint campaign",
    COLLABORATION: "creating something new together that spans fields",
}
GOAL_PHRASE: Final = {
    "share_resources": "refer people to each other and share resources",
    "joint_activity": "run a joint activity, such as an outreach campaign",
    "new_program": "create a new program, product or service together",
}


@dataclass(frozen=True)
class Requirement:
    """One need of a level (DOMAIN.md wording), the answer that says whether it is in
    place, and what to build when it is not."""

    key: str
    level: str
    need: str
    in_place: str
    missing: str
    step: str
    minimum: str | None = None  # for trust: the lowest answer that meets it

    def met(self, answers: Mapping[str, Any]) -> bool:
        value = answers.get(self.key)
        if value is None:
            return False
        if self.minimum is not None:
            return TRUST_RANK[value] >= TRUST_RANK[self.minimum]
        return bool(value)


REQUIREMENTS: Final = (
    Requirement(
        "knows_community_needs",
        COOPERATION,
        "an understanding of community needs",
        "partners share an understanding of community needs",
        "partners do not yet share an understanding of community needs",
        "Map together what survivors in your community need and who already offers what "
        "(this dashboard's map and gap views help).",
    ),
    Requirement(
        "communication_agreement",
        COOPERATION,
        "some agreement on how to communicate and how the partnership is structured",
        "you have agreed how to communicate and how the partnership is organized",
        "there is no agreement yet on how to communicate and how the partnership is organized",
        "Agree how you will communicate (who, how often, which channel) and how the "
        "partnership is organized, and write it down.",
    ),
    Requirement(
        "trust",
        COORDINATION,
        "more trust",
        "trust is {value}",
        "trust is {value}; coordination needs more trust (medium or high)",
        "Build trust: meet regularly, follow through on small joint tasks, and talk "
        "openly about what works and what does not.",
        minimum="medium",
    ),
    Requirement(
        "exchanges_information",
        COORDINATION,
        "more communication: partners actively exchange information",
        "partners already exchange information regularly",
        "partners do not exchange information regularly yet",
        "Start exchanging information regularly: updates, referral numbers and calendars "
        "at every meeting.",
    ),
    Requirement(
        "named_leads",
        COORDINATION,
        "named people in each organization who lead, assign tasks, roles and responsibilities",
        "each organization has named a lead",
        "not every organization has named a lead yet",
        "Name a lead in each organization who assigns tasks and follows up, and a backup "
        "for when that person is away.",
    ),
    Requirement(
        "trust",
        COLLABORATION,
        "high trust",
        "trust is high",
        "trust is {value}; collaboration needs high trust",
        "Deepen trust: take on joint tasks with shared accountability and talk "
        "disagreements through openly.",
        minimum="high",
    ),
    Requirement(
        "defined_roles",
        COLLABORATION,
        "well-defined roles and responsibilities",
        "roles and responsibilities are written down",
        "roles and responsibilities are not written down yet",
        "Write down each partner's roles and responsibilities: who does what, by when.",
    ),
    Requirement(
        "written_agreement",
        COLLABORATION,
        "written protocols and plans, including a Memorandum of Understanding (MOU)",
        "you have written agreements (an MOU or protocols)",
        "there is no written agreement (MOU) yet",
        "Draft a Memorandum of Understanding (MOU) and shared protocols stating each "
        "partner's commitments (an MOU is not a legal contract).",
    ),
    Requirement(
        "shared_mission",
        COLLABORATION,
        "a new common mission",
        "you have a shared mission",
        "there is no shared mission yet",
        "Agree on a common mission for what you will create together, beyond each "
        "organization's own.",
    ),
    Requirement(
        "shared_decisions",
        COLLABORATION,
        "shared decision-making",
        "partners already decide together",
        "partners do not decide together yet",
        "Agree how you will decide together (see the decision-making advice) and try it "
        "on a real decision.",
    ),
)


def requirements_for(level: str) -> tuple[Requirement, ...]:
    """Everything ``level`` needs: its own needs and those of every level below it.

    For trust, only the highest requirement up to ``level`` counts (high replaces medium).
    """
    rank = LEVEL_RANK[level]
    chosen = [r for r in REQUIREMENTS if LEVEL_RANK[r.level] <= rank]
    highest: dict[str, Requirement] = {}
    for r in chosen:
        highest[r.key] = r  # REQUIREMENTS is in level order: the last one wins
    return tuple(r for r in chosen if highest[r.key] is r)


def _fill(text: str, answers: Mapping[str, Any], key: str) -> str:
    return text.format(value=answers.get(key, "not known"))


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ----------------------------------------------------------------------------- result
@dataclass(frozen=True)
class Reason:
    """One sentence of the recommendation and the answer keys that produced it."""

    text: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class NextStep:
    """Something to build before the goal's level is within reach."""

    answer: str  # the question whose answer changes to yes once this is built
    level: str  # the level that needs it
    text: str
    answered: bool  # False: the question was not answered, it may already be in place


LEADERSHIP_TEXT: Final = {
    "primary_lead": (
        "Primary lead",
        "One organization (often grant-funded) coordinates, schedules and facilitates "
        "meetings, and manages data and reports.",
    ),
    "co_leadership": (
        "Co-leadership",
        "Two or three organizations share the lead, often an advocacy organization and "
        "a partner from another sector.",
    ),
    "core_group": (
        "Core group",
        "About seven or eight people (under ten) from several sectors, including key "
        "service providers, share tasks and accountability equally.",
    ),
}
LEADERSHIP_PROS: Final = {
    "primary_lead": (
        "Simple and familiar: everyone knows who organizes what.",
        "The lead's funded time pays for the coordinating work.",
    ),
    "co_leadership": (
        "A clear point of contact.",
        "The workload is shared, so the partnership does not rest on one organization.",
    ),
    "core_group": (
        "The most equitable and diverse structure.",
        "Several sectors share tasks and accountability equally.",
    ),
}
LEADERSHIP_CONS: Final = {
    "primary_lead": (
        "Fragile if the lead organization changes direction or loses its staff person: "
        "give the lead a backup contact and write its duties down.",
    ),
    "co_leadership": (
        "In larger groups some partners may feel unheard: give every partner a regular "
        "turn to speak.",
    ),
    "core_group": (
        "Risk of too many voices and slow decisions: agree how you decide before you need to.",
    ),
}
DECISION_TEXT: Final = {
    "hierarchical": ("Hierarchical", "The lead decides and informs the others."),
    "representative": ("Representative", "One representative per partner decides together."),
    "consensus": (
        "Consensus",
        "All members meet (in person or online) and decide together, with everyone heard.",
    ),
}
DECISION_PROS: Final = {
    "hierarchical": (
        "Fast, with a clear person accountable for each decision.",
        "Suits day-to-day matters of a partnership run by one lead.",
    ),
    "representative": (
        "Every partner has a voice through one person, even in a large group.",
        "The named leads can be the representatives.",
    ),
    "consensus": (
        "Everyone is heard, so decisions have the widest support.",
        "Builds the trust and shared ownership that deeper work needs.",
    ),
}
DECISION_CONS: Final = {
    "hierarchical": (
        "Other partners may feel decisions are made for them.",
        "Not enough for collaboration, which needs shared decision-making.",
    ),
    "representative": (
        "Representatives must check back with their organizations, which takes time.",
        "Voices that are not represented, such as survivor leaders, need a seat too.",
    ),
    "consensus": (
        "Slow, especially in larger groups; one member can hold up a decision.",
        "Needs good facilitation and agreed ground rules.",
    ),
}

LEADERSHIP_PHRASE: Final = {
    "primary_lead": "one primary lead organization",
    "co_leadership": "co-leadership: two or three partners share the lead",
    "core_group": "a core group of about seven or eight people from several sectors",
}
DECISION_PHRASE: Final = {
    "hierarchical": "let the lead decide and inform the others",
    "representative": "decide through one representative per partner",
    "consensus": "decide by consensus, with everyone heard",
}

# Kaner et al., "Facilitator's Guide to Participatory Decision-Making" (DOMAIN.md).
GRADIENTS_OF_AGREEMENT: Final = (
    "Full endorsement",
    "Endorsement with minor reservations",
    "Agreement with reservations",
    "Abstain",
    "More discussion needed",
    "Don't like it, but will support it",
    "Serious disagreement",
    "Veto",
)


@dataclass(frozen=True)
class Recommendation:
    """What :func:`recommend_collaboration` returns.

    ``level`` is the level the partnership is ready for now; ``goal_level`` the level its
    goal calls for (None when no goal was given); ``scores`` readiness per level, 0 to 1.
    ``next_steps`` is the plan to reach the goal's level (empty when ready).
    """

    answers: dict[str, Any]
    level: str
    level_met: bool
    goal_level: str | None
    scores: dict[str, float]
    reasons: list[Reason]
    next_steps: list[NextStep]
    leadership: str
    leadership_reasons: list[Reason]
    leadership_pros: tuple[str, ...]
    leadership_cons: tuple[str, ...]
    decision_making: str
    decision_reasons: list[Reason]
    decision_pros: tuple[str, ...]
    decision_cons: tuple[str, ...]
    use_gradients: bool
    gradients_reason: str
    unanswered: tuple[str, ...]
    assumptions: list[str] = field(default_factory=list)

    @property
    def recommended_level(self) -> str:
        """The level to work at now: readiness, capped by the goal."""
        if self.goal_level is None or LEVEL_RANK[self.goal_level] >= LEVEL_RANK[self.level]:
            return self.level
        return self.goal_level

    @property
    def leadership_label(self) -> str:
        return LEADERSHIP_TEXT[self.leadership][0]

    @property
    def decision_label(self) -> str:
        return DECISION_TEXT[self.decision_making][0]

    def needs_table(self) -> list[dict[str, Any]]:
        """Per level: needs in place, needs in all, readiness, and whether it is the goal."""
        rows = []
        for level in LEVELS:
            reqs = requirements_for(level)
            done = sum(r.met(self.answers) for r in reqs)
            rows.append(
                {
                    "level": level,
                    "in place": done,
                    "needed": len(reqs),
                    "readiness %": round(100 * self.scores[level]),
                    "status": "ready" if done == len(reqs) else "not yet",
                    "your goal": "yes" if level == self.goal_level else "",
                }
            )
        return rows

    @property
    def title(self) -> str:
        """The recommendation in a few words, for a heading."""
        if not self.level_met:
            return "Start with cooperation"
        return f"Work together at the {self.recommended_level} level"

    @property
    def headline(self) -> str:
        """The recommendation in words, two or three sentences."""
        level, goal = self.level, self.goal_level
        if not self.level_met:
            needs = [
                _need(st.answer, COOPERATION) for st in self.next_steps if st.level == COOPERATION
            ]
            first = (
                "Start with cooperation, the first level of working together, and put in "
                f"place what it needs: {join_words(needs)}."
            )
        elif goal is None:
            first = (
                f"You are ready for {level}. Choose what you want to achieve together to "
                "see whether that is enough."
            )
        elif LEVEL_RANK[goal] > LEVEL_RANK[level]:
            n = len(self.next_steps)
            phrase = GOAL_PHRASE[self.answers["goal"]]
            first = (
                f"Work together at the {level} level now. Your goal, to {phrase}, "
                f"calls for {goal}: build the {n} thing{'s' if n != 1 else ''} in the "
                "plan first."
            )
        elif goal == level:
            first = f"Work together at the {level} level: everything it needs is in place."
        else:
            first = (
                f"Work at the {goal} level your goal calls for. You are ready for {level} "
                "if your goals grow."
            )
        if not self.level_met and goal is not None and goal != COOPERATION:
            first += f" Your goal calls for {goal}: the plan lists everything to build."
        second = (
            f"Lead with {LEADERSHIP_PHRASE[self.leadership]}, and "
            f"{DECISION_PHRASE[self.decision_making]}"
            + (", using Gradients of Agreement." if self.use_gradients else ".")
        )
        return f"{first} {second}"


def _need(key: str, level: str) -> str:
    for r in requirements_for(level):
        if r.key == key:
            return r.need
    raise KeyError(key)


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
        if met and not missing and not unknown:
            reasons.append(reason(f"{level.capitalize()} needs are in place", met, "in_place"))
        elif met:
            reasons.append(reason(f"Toward {level}, already in place", met, "in_place"))
        if missing:
            reasons.append(reason(f"Not yet in place for {level}", missing, "missing"))
    return reasons


def _readiness(answers: Mapping[str, Any]) -> tuple[str, bool, dict[str, float]]:
    scores: dict[str, float] = {}
    for level in LEVELS:
        reqs = requirements_for(level)
        scores[level] = sum(r.met(answers) for r in reqs) / len(reqs)
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
            return "co_leadership", [
                Reason(
                    f"You want the most equal voice, and with {n} partners all of them can "
                    "share the lead: co-leadership is two or three organizations.",
                    ("equity_priority", "partner_count"),
                )
            ]
        reasons = [
            Reason(
                "You want the most equal voice: a core group of about seven or eight people "
                "from several sectors, sharing tasks and accountability equally, is the most "
                "equitable structure.",
                ("equity_priority",),
            )
        ]
        if n is not None and n > CORE_GROUP_MAX:
            reasons.append(
                Reason(
                    f"With {n} partners, choose the core group across sectors, including key "
                    "service providers; everyone else joins the wider meetings.",
                    ("partner_count",),
                )
            )
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
        return "co_leadership", [
            Reason(
                "The funding for coordinating is shared: two or three partners can share the "
                "lead and its workload.",
                ("lead_funding",),
            )
        ]
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
                )
            ]
        return "co_leadership", [
            Reason(
                f"{lead_in}With {n} partners, two or three of them can share the lead and "
                "its workload.",
                keys,
            )
        ]
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
        f" With {n} partners, one representative per partner keeps it workable."
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
                    f"With {n} partners, one representative per partner decides together."
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
    comment at the top of this module, which follow ../shared/DOMAIN.md.

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
        for r in requirements_for(target)
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
    )


# ----------------------------------------------------------------------------- workspace
# What the workspace already says (issue 5; DOMAIN.md "Three levels"). Only positive
# evidence is used: a missing MOU in the data does not prove there is none.
#   - relationships recorded as MOU or Joint program: written agreements exist and
#     partners already run a shared program -> written_agreement yes, goal new_program;
#   - relationships recorded as Referral or Shared resources (referral-only ties
#     included): partners share resources -> shares_resources yes;
#   - relationships recorded as Information exchange or Data sharing -> exchanges_information;
#   - the trust partners recorded (1 low to 4 high), median: under 2 low, 2 to 3 medium,
#     3.5 and up high;
#   - the number of partners -> partner_count.
TYPE_MOU: Final = s.RELATIONSHIP_TYPES.term("MOU").label
TYPE_JOINT_PROGRAM: Final = s.RELATIONSHIP_TYPES.term("Joint program").label
TYPE_REFERRAL: Final = s.RELATIONSHIP_TYPES.term("Referral").label
TYPE_SHARED_RESOURCES: Final = s.RELATIONSHIP_TYPES.term("Shared resources").label
TYPE_INFORMATION: Final = s.RELATIONSHIP_TYPES.term("Information exchange").label
TYPE_DATA_SHARING: Final = s.RELATIONSHIP_TYPES.term("Data sharing").label
TYPE_OUTREACH: Final = s.RELATIONSHIP_TYPES.term("Joint outreach").label
TYPE_CROSS_TRAINING: Final = s.RELATIONSHIP_TYPES.term("Cross-training").label
TRUST_MAX: Final = 4


@dataclass(frozen=True)
class Prefill:
    """An answer the workspace suggests, and the evidence for it in plain words."""

    value: Any
    note: str


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _median_trust_answer(values: pd.Series) -> str:
    median = float(values.median())
    if median < 2:
        return "low"
    return "medium" if median < 3.5 else "high"


def prefill_answers(ws: Workspace) -> dict[str, Prefill]:
    """Answers the workspace already gives, each with the evidence (see the rules above)."""
    out: dict[str, Prefill] = {}
    n = len(ws.partners)
    if n >= MIN_PARTNERS:
        out["partner_count"] = Prefill(n, f"The workspace lists {n} partner organizations.")
    rel = ws.relationships
    if rel.empty:
        return out
    types = rel[s.REL_TYPE].map(lambda v: set(split_list(v)))
    total = len(rel)
    of = f"of the {total} relationship{'s' if total != 1 else ''} in the workspace"
    formal = int(types.map(lambda t: bool(t & {TYPE_MOU, TYPE_JOINT_PROGRAM})).sum())
    if formal:
        out["written_agreement"] = Prefill(
            True,
            f"{formal} {of} are recorded as an MOU or a joint program, so at least some "
            "partners have written agreements. Is that true of the partnership as a whole?",
        )
        out["goal"] = Prefill(
            "new_program",
            f"{formal} {of} are recorded as an MOU or a joint program: partners already "
            "run shared programs together.",
        )
    sharing = types.map(lambda t: bool(t & {TYPE_REFERRAL, TYPE_SHARED_RESOURCES}))
    if sharing.any():
        referral_only = int(types.map(lambda t: t == {TYPE_REFERRAL}).sum())
        out["shares_resources"] = Prefill(
            True,
            f"{int(sharing.sum())} {of} are referrals or shared resources "
            f"({referral_only} of them referral only): referring people is sharing resources.",
        )
    info = int(types.map(lambda t: bool(t & {TYPE_INFORMATION, TYPE_DATA_SHARING})).sum())
    if info:
        out["exchanges_information"] = Prefill(
            True, f"{info} {of} are recorded as information exchange or data sharing."
        )
    trust = rel[s.TRUST].dropna()
    if len(trust):
        answer = _median_trust_answer(trust)
        out["trust"] = Prefill(
            answer,
            f"The median trust partners recorded is {float(trust.median()):g} of {TRUST_MAX} "
            f"({plural(len(trust), 'relationship')} with a trust rating).",
        )
    return out


# ----------------------------------------------------------------------------- saving
# The facilitator can save the answers in the workspace database (a workspace setting),
# so that everyone who opens the link sees the same answers.
SETTING_KEY: Final = "recommend.answers"


@dataclass(frozen=True)
class SavedAnswers:
    """Answers saved for everyone, with the workspace's suggestions and the partnership's
    name (for the meeting notes)."""

    answers: dict[str, Any]
    prefill: dict[str, Prefill]
    partnership: str = ""
    saved_at: str = ""

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable dict (for ``WorkspaceStore.set_setting``)."""
        return {
            "answers": validate_answers(self.answers),
            "prefill": {k: {"value": p.value, "note": p.note} for k, p in self.prefill.items()},
            "partnership": self.partnership,
            "saved_at": self.saved_at,
        }

    @classmethod
    def from_json(cls, data: Any) -> SavedAnswers:
        """Read what :meth:`to_json` wrote.

        Raises:
            AnswerError: the stored value is not a saved set of answers, or holds an
                answer that is no longer valid.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("answers"), Mapping):
            raise AnswerError(
                f"the saved answers (workspace setting {SETTING_KEY!r}) cannot be read; "
                "answer the questions again and save them."
            )
        prefill_data = data.get("prefill") or {}
        prefill = {}
        if isinstance(prefill_data, Mapping):
            for key, item in prefill_data.items():
                if key in ANSWER_KEYS and isinstance(item, Mapping):
                    prefill[key] = Prefill(item.get("value"), str(item.get("note", "")))
        return cls(
            answers=validate_answers(data["answers"]),
            prefill=prefill,
            partnership=str(data.get("partnership") or ""),
            saved_at=str(data.get("saved_at") or ""),
        )


def readiness_reading(rec: Recommendation) -> str:
    """One sentence that reads the readiness chart."""
    rows = rec.needs_table()
    parts = [f"{r['level']} {r['in place']} of {r['needed']}" for r in rows]
    lead = (
        f"Ready for {rec.level}"
        if rec.level_met
        else "Not yet ready for any level: cooperation's needs are not all in place"
    )
    return f"{lead}. Needs in place: {join_words(parts)}."
