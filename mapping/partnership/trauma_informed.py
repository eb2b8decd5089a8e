"""Trauma-informed self-assessment: SAMHSA's six principles and the four Rs.

Each partner (and the partnership as a whole) rates itself on a few plain statements per
principle, from 1 ("not yet") to 5 ("fully"); "not sure" leaves a statement unrated. A
principle's score is the mean of its rated statements; the partnership's score is the mean
over the partners that rated it, each partner counting once. The weakest principles come
with concrete suggestions: the statements rated lowest first, then the training that
addresses the principle.

Sources (docs/domain.md#trauma-informed-approach): SAMHSA's *Concept of Trauma and
Guidance for a Trauma-Informed Approach* (HHS Publication No. (SMA) 14-4884, 2014) names
the four Rs (realize, recognize, respond, resist re-traumatization) and the six principles.
The statements and suggestions are written for cross-sector partnerships that serve
survivors of trafficking and violence.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from mapping.data.errors import AssessmentError


@dataclass(frozen=True)
class Statement:
    """One statement a partner rates itself on, and what to do when it is rated low."""

    key: str
    dimension: str  # a principle or one of the four Rs
    text: str
    suggestion: str


# ------------------------------------------------------------------------------ the scale
SCALE: Final[dict[int, str]] = {
    1: "Not yet",
    2: "Starting",
    3: "Partly",
    4: "Mostly",
    5: "Fully",
}
LOWEST: Final = 1
HIGHEST: Final = 5
STRONG: Final = 4.0  # "mostly": a dimension scored below this has room to grow
MAX_WEAKEST: Final = 3

SAFETY: Final = "Safety"
TRUST: Final = "Trustworthiness and transparency"
PEER: Final = "Peer support and mentorship"
COLLABORATION: Final = "Collaboration and mutuality"
EMPOWERMENT: Final = "Empowerment, voice and choice"
CULTURE: Final = "Cultural, historical and gender issues"
PRINCIPLES: Final = (SAFETY, TRUST, PEER, COLLABORATION, EMPOWERMENT, CULTURE)

REALIZE: Final = "Realize"
RECOGNIZE: Final = "Recognize"
RESPOND: Final = "Respond"
RESIST: Final = "Resist re-traumatization"
FOUR_RS: Final = (REALIZE, RECOGNIZE, RESPOND, RESIST)
DIMENSIONS: Final = (*PRINCIPLES, *FOUR_RS)

# Short names for chart axes and table rows.
SHORT: Final[dict[str, str]] = {
    SAFETY: "Safety",
    TRUST: "Trust and transparency",
    PEER: "Peer support",
    COLLABORATION: "Collaboration",
    EMPOWERMENT: "Empowerment and choice",
    CULTURE: "Culture, history, gender",
    REALIZE: "Realize",
    RECOGNIZE: "Recognize",
    RESPOND: "Respond",
    RESIST: "Resist re-traumatization",
}

# What each dimension asks, in one line (the guide's wording where it has one, docs/domain.md).
DIMENSION_HELP: Final[dict[str, str]] = {
    SAFETY: "Physical and psychological safety, for the people served and for staff.",
    TRUST: "Does everyone know how decisions are made? Do we do what we say?",
    PEER: "Survivors and staff can lean on peers and mentors.",
    COLLABORATION: "Power is shared: rotate note-taking and facilitation, shared folders.",
    EMPOWERMENT: "Survivors and survivor leaders help guide decisions; people choose.",
    CULTURE: "Does the partnership center those who need it most, or repeat harmful power "
    "dynamics?",
    REALIZE: "Realize how widespread trauma is.",
    RECOGNIZE: "Recognize its signs: emotional, physical and cognitive responses.",
    RESPOND: "Respond by building that knowledge into policies, procedures and practice.",
    RESIST: "Resist re-traumatization: self-assess and change harmful practice.",
}

STATEMENTS: Final = (
    # ---------------------------------------------------------------- safety
    Statement(
        "safety_spaces",
        SAFETY,
        "People who come to us are physically safe in our spaces: entrances, waiting areas, "
        "and how we keep confidential locations private.",
        "Walk through your space as a survivor would (entrance, waiting area, signs, who can "
        "see whom) and fix what feels exposed; keep confidential addresses off every shared "
        "document and map.",
    ),
    Statement(
        "safety_speak_up",
        SAFETY,
        "Staff and partners can raise a concern or a mistake without fear of blame.",
        "Open each partnership meeting with the group agreements and a check-in, and name "
        "someone outside the chain of command whom staff can go to.",
    ),
    Statement(
        "safety_planning",
        SAFETY,
        "Our staff can do safety planning with a survivor, or know exactly whom to refer to.",
        "Train front-line staff in safety planning and keep a one-page list of the partners "
        "who do it, with how to reach them after hours.",
    ),
    # ---------------------------------------------------------------- trust
    Statement(
        "trust_decisions",
        TRUST,
        "Everyone in the partnership knows how decisions are made and who makes them.",
        "Write down how the partnership decides (Recommendation and Agreement pages), read it "
        "out when a decision comes up, and vote with Gradients of Agreement so every view "
        "shows.",
    ),
    Statement(
        "trust_explain",
        TRUST,
        "We explain our steps, who is eligible and what happens to a person's information in "
        "plain words, before we start.",
        "Give every person a plain-language sheet: what we do, who sees their information, and "
        "what they can say no to.",
    ),
    Statement(
        "trust_follow_through",
        TRUST,
        "We do what we say we will, and tell people promptly when we cannot.",
        "Close every referral loop: tell the referring partner and the survivor what happened, "
        "within a number of days you agree on.",
    ),
    # ---------------------------------------------------------------- peer support
    Statement(
        "peer_survivors",
        PEER,
        "Survivors can meet peers or survivor mentors, through us or a partner.",
        "Work with a survivor-led peer support group, and pay survivor mentors for their time.",
    ),
    Statement(
        "peer_staff",
        PEER,
        "Our staff have peer support, supervision or a debrief after hard situations.",
        "Schedule regular reflective supervision or peer debriefs, to prevent secondary "
        "traumatic stress.",
    ),
    # ---------------------------------------------------------------- collaboration
    Statement(
        "collab_rotate",
        COLLABORATION,
        "Note-taking, facilitation and hosting rotate among partners instead of always "
        "falling on the same ones.",
        "Rotate facilitation, note-taking and hosting among partners, and put the rota in the "
        "meeting notes.",
    ),
    Statement(
        "collab_shared",
        COLLABORATION,
        "Shared documents and information are open to every member of the partnership.",
        "Keep every shared document in one folder all members can reach, and write where it "
        "is in the agreement.",
    ),
    Statement(
        "collab_voice",
        COLLABORATION,
        "Staff at every level, not only directors, help shape how we work together.",
        "Invite front-line staff to partnership meetings, and hear them first in the "
        "round-robin discussion.",
    ),
    # ---------------------------------------------------------------- empowerment
    Statement(
        "empower_leaders",
        EMPOWERMENT,
        "Survivors and survivor leaders help guide our decisions (an advisory board, paid "
        "roles, a seat at the table).",
        "Give survivor leaders a paid seat where decisions are made, for example an advisory "
        "board whose advice is answered in writing.",
    ),
    Statement(
        "empower_choice",
        EMPOWERMENT,
        "The people we serve choose among options and set their own goals.",
        "Offer choices at every step (where to meet, with whom, what comes first), and train "
        "staff in motivational interviewing.",
    ),
    Statement(
        "empower_strengths",
        EMPOWERMENT,
        "We build on people's strengths and skills, not only on their needs.",
        "Add a strengths question to intake and referral forms, and pass it on (with consent) "
        "to the partner you refer to.",
    ),
    # ---------------------------------------------------------------- culture
    Statement(
        "culture_language",
        CULTURE,
        "We serve people in their language and cultural context, with trained interpreters "
        "when needed.",
        "Arrange trained interpreters (never family members or children), and check which "
        "languages nobody offers on the Gaps page.",
    ),
    Statement(
        "culture_center",
        CULTURE,
        "The partnership centers those who need it most, and checks that it does not repeat "
        "harmful power dynamics.",
        "Ask who is missing from the table and whose voice is heard least; invite culturally "
        "specific organizations as full partners, not only as referral sources.",
    ),
    Statement(
        "culture_policies",
        CULTURE,
        "Our policies take account of gender, sexual orientation, race, immigration status "
        "and historical trauma.",
        "Review intake forms and policies with people from the communities you serve.",
    ),
    # ---------------------------------------------------------------- the four Rs
    Statement(
        "realize_widespread",
        REALIZE,
        "Our staff, leadership and board understand how widespread trauma is among the people "
        "we serve, and among staff.",
        "Give every staff member, board member and volunteer a basic trauma-awareness training.",
    ),
    Statement(
        "realize_recovery",
        REALIZE,
        "We understand how trauma shapes a person's path to recovery, and how services can "
        "help or hurt.",
        "Invite a survivor leader to tell the partnership which services helped and which "
        "hurt, and why (paid for their time).",
    ),
    Statement(
        "recognize_signs",
        RECOGNIZE,
        "Staff recognise signs of trauma (emotional, physical, cognitive responses) in the "
        "people we serve.",
        "Train staff to recognise trauma responses (shutting down, anger, memory gaps) and to "
        "answer them with calm, not with rules.",
    ),
    Statement(
        "recognize_staff",
        RECOGNIZE,
        "We notice signs of trauma and burnout in our own staff and colleagues.",
        "Add a wellbeing check to supervision and make time off after a crisis normal.",
    ),
    Statement(
        "respond_policies",
        RESPOND,
        "Trauma-informed practice is written into our policies and procedures (intake, "
        "referrals, hiring, supervision).",
        "Review one procedure each quarter (start with intake) against the six principles, "
        "and write the changes down.",
    ),
    Statement(
        "respond_practice",
        RESPOND,
        "What we know about trauma shows in day-to-day practice, not only in training.",
        "Pick one practice to change this quarter (for example, how people are greeted) and "
        "check back on it at the next meeting.",
    ),
    Statement(
        "resist_retelling",
        RESIST,
        "We avoid making people tell their story again and again (shared intake, warm "
        "hand-offs with consent).",
        "Agree across partners on a warm hand-off with consent, so a survivor tells their "
        "story once.",
    ),
    Statement(
        "resist_feedback",
        RESIST,
        "We ask program participants for feedback, examine it together, and change practice "
        "because of it.",
        "Ask participants for feedback (an anonymous form, a survivor advisory group), review "
        "it at a partner meeting, and tell participants what changed.",
    ),
    Statement(
        "resist_review",
        RESIST,
        "We regularly self-assess and change practices that could re-traumatize.",
        "Repeat this self-assessment every six to twelve months and compare the results "
        "(Over time).",
    ),
)
STATEMENT: Final = {q.key: q for q in STATEMENTS}

# Recognize: how trauma can show (issue 17: the guide gives a table of trauma responses,
# such as numbness, hypervigilance and decreased working memory). The last column is what
# a partner can do, in plain words.
TRAUMA_RESPONSES: Final = (
    (
        "Emotional",
        "Numbness, feeling detached",
        "Do not read calm as 'fine'; check in.",
    ),
    (
        "Emotional",
        "Fear, anxiety, irritability or anger",
        "Explain each step before it happens.",
    ),
    (
        "Emotional",
        "Shame or guilt",
        "Use non-judging words; never ask 'why did you stay?'.",
    ),
    (
        "Physical",
        "Hypervigilance: always on guard, easily startled",
        "Offer a seat facing the door; no surprises.",
    ),
    (
        "Physical",
        "Sleep problems, fatigue, headaches",
        "Offer flexible appointment times.",
    ),
    (
        "Cognitive",
        "Decreased working memory",
        "Give information in writing and repeat it; one thing at a time.",
    ),
    (
        "Cognitive",
        "Difficulty concentrating or making decisions",
        "Break choices into small steps; allow time.",
    ),
    (
        "Cognitive",
        "Intrusive memories or flashbacks",
        "Pause, ground, and let the person lead.",
    ),
    (
        "Behavioral",
        "Avoiding reminders; missed appointments",
        "Follow up kindly; do not close the file for a no-show.",
    ),
    (
        "Behavioral",
        "Withdrawing from others",
        "Offer peer support and a warm hand-off.",
    ),
)
TRAUMA_RESPONSE_COLUMNS: Final = ("kind of response", "what you may see", "what helps")
KEYS: Final = tuple(q.key for q in STATEMENTS)

# Training and practice that address a whole principle (or R), after the statement-level
# suggestions. The examples: motivational interviewing, crisis intervention, safety
# planning, rotating facilitation, survivor leaders in decisions.
TRAINING: Final[dict[str, str]] = {
    SAFETY: "Training in crisis intervention and safety planning for everyone who meets survivors.",
    TRUST: "Training for the partnership's leads in transparent decision-making and facilitation.",
    PEER: "Training in secondary traumatic stress and peer support for staff.",
    COLLABORATION: "Cross-training between partners: each explains what it does, for whom, "
    "and how to refer; then rotate who facilitates.",
    EMPOWERMENT: "Training in motivational interviewing and survivor-centred, "
    "strengths-based practice; survivor leaders in decisions.",
    CULTURE: "Training in cultural humility, language access and historical trauma.",
    REALIZE: "A basic trauma-awareness training for the whole organization.",
    RECOGNIZE: "Training in recognising trauma responses, and in vicarious trauma for staff.",
    RESPOND: "A trauma-informed policy review with an outside trainer or a survivor leader.",
    RESIST: "A yearly review of practices that could re-traumatize, with survivors' input.",
}


# ------------------------------------------------------------------------------ answers
def validate_ratings(answers: Mapping[str, object]) -> dict[str, int | None]:
    """Check a set of ratings: {statement key: 1-5 or None}; returns every key (None when
    not rated).

    Raises:
        AssessmentError: an unknown key, or a rating that is not a whole number 1 to 5.
    """
    if not isinstance(answers, Mapping):
        raise AssessmentError("the ratings must be a mapping of statement key to 1-5.")
    out: dict[str, int | None] = dict.fromkeys(KEYS)
    for key, value in answers.items():
        if key not in STATEMENT:
            raise AssessmentError(
                f"unknown statement {key!r} in the trauma-informed self-assessment; the "
                f"statements are {', '.join(KEYS)}."
            )
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AssessmentError(
                f"statement {key!r}: expected a rating from {LOWEST} to {HIGHEST}, got "
                f"{value!r}; leave it empty for 'not sure'."
            )
        if value != int(value) or not LOWEST <= value <= HIGHEST:
            raise AssessmentError(
                f"statement {key!r}: expected a whole number from {LOWEST} to {HIGHEST}, got "
                f"{value!r}."
            )
        out[key] = int(value)
    return out


def rated_count(answers: Mapping[str, object]) -> int:
    """How many statements have a rating."""
    return sum(1 for v in answers.values() if v is not None)


# ------------------------------------------------------------------------------ scoring
def _mean(values: Iterable[float | None]) -> float | None:
    given = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    return sum(given) / len(given) if given else None


def score_dimensions(ratings: Mapping[str, float | None]) -> dict[str, float | None]:
    """Score per principle and per R: the mean of its rated statements (None if none).

    ``ratings`` may hold one partner's ratings or statement means over partners."""
    return {
        dim: _mean(ratings.get(q.key) for q in STATEMENTS if q.dimension == dim)
        for dim in DIMENSIONS
    }


def mean_ratings(many: Sequence[Mapping[str, float | None]]) -> dict[str, float | None]:
    """Each statement's mean rating over several assessments (each counting once)."""
    return {key: _mean(r.get(key) for r in many) for key in KEYS}


def partnership_scores(many: Sequence[Mapping[str, float | None]]) -> dict[str, float | None]:
    """The partnership's score per dimension: the mean over assessments of each one's own
    dimension score, so every partner counts once whatever it left unrated."""
    per = [score_dimensions(r) for r in many]
    return {dim: _mean(p[dim] for p in per) for dim in DIMENSIONS}


def overall_score(
    scores: Mapping[str, float | None], dims: Sequence[str] = PRINCIPLES
) -> float | None:
    """The mean of the scored dimensions among ``dims`` (the six principles by default)."""
    return _mean(scores.get(d) for d in dims)


def weakest_dimensions(
    scores: Mapping[str, float | None],
    dims: Sequence[str] = PRINCIPLES,
    *,
    limit: int = MAX_WEAKEST,
) -> list[str]:
    """The lowest-scored dimensions below :data:`STRONG` (4, "mostly"), lowest first, at
    most ``limit``; ties keep the principles' order. Unscored dimensions are left out."""
    scored = [(scores[d], i, d) for i, d in enumerate(dims) if scores.get(d) is not None]
    weak = sorted((v, i, d) for v, i, d in scored if v is not None and v < STRONG)
    return [d for _, _, d in weak[:limit]]


@dataclass(frozen=True)
class Suggestion:
    """What to work on for one weak dimension: its score, and concrete actions."""

    dimension: str
    score: float
    actions: tuple[str, ...]


def suggestions(
    ratings: Mapping[str, float | None],
    dims: Sequence[str] = PRINCIPLES,
    *,
    limit: int = MAX_WEAKEST,
) -> list[Suggestion]:
    """Suggestions for the weakest dimensions (see :func:`weakest_dimensions`).

    For each: the suggestion of every statement of that dimension rated below
    :data:`STRONG`, lowest first, then the training that addresses the whole dimension.
    """
    scores = score_dimensions(ratings)
    out = []
    for dim in weakest_dimensions(scores, dims, limit=limit):
        low = sorted(
            (
                (float(v), i, q)
                for i, q in enumerate(STATEMENTS)
                if q.dimension == dim and (v := ratings.get(q.key)) is not None and v < STRONG
            ),
            key=lambda t: (t[0], t[1]),
        )
        actions = (*(q.suggestion for _, _, q in low), TRAINING[dim])
        out.append(Suggestion(dim, float(scores[dim] or 0.0), actions))
    return out


# ------------------------------------------------------------------------------ tables
def scores_frame(
    series: Mapping[str, Mapping[str, float | None]], dims: Sequence[str]
) -> pd.DataFrame:
    """One row per dimension (its short name), one column per named set of scores (rounded
    to 0.1), the table beside a radar chart. Unscored cells are NaN."""
    data: dict[str, list[object]] = {"dimension": [SHORT.get(d, d) for d in dims]}
    for name, scores in series.items():
        data[name] = [
            round(float(v), 1) if (v := scores.get(d)) is not None else math.nan for d in dims
        ]
    return pd.DataFrame(data)


def change_frame(
    earlier: Mapping[str, float | None],
    later: Mapping[str, float | None],
    dims: Sequence[str] = DIMENSIONS,
) -> pd.DataFrame:
    """dimension (short name), before, now, change (now - before), rounded to 0.1; NaN
    where either is unscored."""
    rows = []
    for d in dims:
        a, b = earlier.get(d), later.get(d)
        rows.append(
            {
                "dimension": SHORT.get(d, d),
                "before": round(a, 1) if a is not None else math.nan,
                "now": round(b, 1) if b is not None else math.nan,
                "change": round(b - a, 1) if a is not None and b is not None else math.nan,
            }
        )
    return pd.DataFrame(rows, columns=["dimension", "before", "now", "change"])


def _label(score: float) -> str:
    return SCALE[max(LOWEST, min(HIGHEST, round(score)))].lower()


def scores_reading(scores: Mapping[str, float | None], who: str, dims: Sequence[str]) -> str:
    """One sentence reading a radar chart: the strongest and weakest dimension."""
    scored = [(float(v), d) for d in dims if (v := scores.get(d)) is not None]
    if not scored:
        return f"{who} has no ratings yet."
    missing = len(dims) - len(scored)
    rest = f"; {missing} not rated yet" if missing else ""
    if len(scored) == 1:
        v, d = scored[0]
        return (
            f"{who} scores {v:.1f} of 5 ({_label(v)}) on {d.lower()}; the others are not rated yet."
        )
    overall = sum(v for v, _ in scored) / len(scored)
    top = max(scored, key=lambda t: t[0])
    low = min(scored, key=lambda t: t[0])
    if top[0] == low[0]:
        return (
            f"{who} scores {overall:.1f} of 5 on average ({_label(overall)}), the same on each "
            f"rated{rest}."
        )
    return (
        f"{who} scores {overall:.1f} of 5 on average ({_label(overall)}): strongest on "
        f"{top[1].lower()} ({top[0]:.1f}), weakest on {low[1].lower()} ({low[0]:.1f}){rest}."
    )


def change_reading(change: pd.DataFrame, before: str, now: str) -> str:
    """One sentence on what changed between two assessments."""
    moved = change.dropna(subset=["change"])
    if moved.empty:
        return f"Nothing to compare between {before} and {now} yet."
    up = moved[moved["change"] > 0]
    down = moved[moved["change"] < 0]
    parts = []
    if len(up):
        best = up.sort_values("change", ascending=False).iloc[0]
        parts.append(
            f"{len(up)} improved (most: {str(best['dimension']).lower()}, +{best['change']:.1f})"
        )
    if len(down):
        worst = down.sort_values("change").iloc[0]
        parts.append(
            f"{len(down)} went down (most: {str(worst['dimension']).lower()}, "
            f"{worst['change']:.1f})"
        )
    if not parts:
        return f"From {before} to {now}, every score stayed the same."
    return f"From {before} to {now}: " + "; ".join(parts) + "."
