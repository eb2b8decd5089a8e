"""What each level of collaboration needs in place (docs/domain.md#choosing-a-level), and
which answers show it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from mapping.data import schema as s
from mapping.partnership.recommend.questions import (
    COLLABORATION,
    COOPERATION,
    COORDINATION,
    LEVEL_RANK,
    TRUST_RANK,
)

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
    """One need of a level (the guide's wording, docs/domain.md#choosing-a-level), the answer
    that says whether it is in place, and what to build when it is not."""

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


def plan_for(level: str) -> tuple[Requirement, ...]:
    """Every need on the way to ``level``, lowest level first, trust at each step.

    Unlike :func:`requirements_for`, both trust needs stay: a partnership with low trust
    and a goal of collaboration first builds the trust coordination needs ("meet
    regularly, follow through on small joint tasks"), then the high trust collaboration
    needs (issue 17: the plan must not skip a step).
    """
    rank = LEVEL_RANK[level]
    return tuple(r for r in REQUIREMENTS if LEVEL_RANK[r.level] <= rank)


def _fill(text: str, answers: Mapping[str, Any], key: str) -> str:
    return text.format(value=answers.get(key, "not known"))


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
