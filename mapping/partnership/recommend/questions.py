"""The questionnaire: the answer keys, their allowed values, checking answers, and the
questions as shown to partners (:data:`QUESTIONS`)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np

from mapping.data import schema as s
from mapping.data.errors import AnswerError

Level = Literal["cooperation", "coordination", "collaboration"]
COOPERATION: Final = s.LEVELS.labels[0]
COORDINATION: Final = s.LEVELS.labels[1]
COLLABORATION: Final = s.LEVELS.labels[2]
LEVELS: Final = s.LEVELS.labels
LEVEL_RANK: Final = {level: i for i, level in enumerate(LEVELS)}

# docs/domain.md#leadership-structures: a core group is "about seven or eight people (under
# ten)"; co-leadership is "two or three organizations".
LARGE_GROUP: Final = 8
CORE_GROUP_MAX: Final = 9  # "under ten"
CORE_GROUP_PEOPLE: Final = 7.5  # "about seven or eight people": people, not organizations
SMALL_GROUP: Final = 3

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
