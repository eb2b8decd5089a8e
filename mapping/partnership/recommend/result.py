"""What a recommendation holds: the level, leadership and decision advice, each with the
reasons (answers) it rests on, and the next steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from mapping.partnership.recommend.questions import COOPERATION, LEVEL_RANK, LEVELS
from mapping.partnership.recommend.requirements import GOAL_PHRASE, join_words, requirements_for


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
    talk_first: bool = False  # partners disagree: a conversation, not something to build


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
        "A hierarchy of power that makes it easy to communicate goals.",
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
        "In any partnership of more than two organizations, partners who do not share "
        "the lead may feel unheard: give every partner a regular turn to speak.",
    ),
    "core_group": (
        "Risk of too many voices and slow decisions: agree how you decide before you need to.",
    ),
}
DECISION_TEXT: Final = {
    "hierarchical": ("Hierarchical", "The lead decides and informs the others."),
    "representative": (
        "Representative",
        "Key stakeholders or representatives, a small group the partners choose, decide "
        "together and report back.",
    ),
    "consensus": (
        "Consensus",
        "All members meet (in person or online), everyone is heard, and the group comes to "
        "a majority decision; the group can choose to ask for more, such as three quarters "
        "or no veto.",
    ),
}
DECISION_PROS: Final = {
    "hierarchical": (
        "Fast, with a clear person accountable for each decision.",
        "Suits day-to-day matters of a partnership run by one lead.",
    ),
    "representative": (
        "A small group can decide for a large partnership without everyone in the room.",
        "The core group or the named leads can be the representatives.",
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
        "Slow, especially in larger groups; a majority decision can leave some members "
        "behind, so hear the concerns of those who disagree.",
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
    "representative": "decide through key stakeholders or representatives",
    "consensus": "decide together, with everyone heard, by majority",
}

# Kaner et al., "Facilitator's Guide to Participatory Decision-Making", 3rd ed. (2014):
# the point names of the Gradients of Agreement scale (docs/domain.md#gradients-of-agreement).
GRADIENTS_OF_AGREEMENT: Final = (
    "Whole-hearted endorsement",
    "Agreement with a minor point of contention",
    "Support with reservations",
    "Abstain",
    "More discussion needed",
    "Don't like but will support",
    "Serious disagreement",
    "Veto",
)
GRADIENTS_SOURCE: Final = (
    "Scale: Sam Kaner et al., Facilitator's Guide to Participatory Decision-Making, "
    "3rd ed., Jossey-Bass, 2014 (Gradients of Agreement)."
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
    # answers that do not fit together: talk about them first (issue 17)
    contradictions: list[Reason] = field(default_factory=list)

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
                _need(st.answer, COOPERATION)
                for st in self.next_steps
                if st.level == COOPERATION and not st.talk_first
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
            n = len([st for st in self.next_steps if not st.talk_first])
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
