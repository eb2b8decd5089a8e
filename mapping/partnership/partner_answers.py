"""Each partner's own answers to the recommendation's questions, and how they spread.

The guide asks for "the level of cooperation sought by each partner" and for "equal
participation of all stakeholders"; readiness and trust are exactly what partners perceive
differently (issue 17). Beside the room's answers (``recommend``), every organization can
answer for itself; this module stores those answers, shows per question how they spread,
and reads the spread, not an average:

- a yes/no need is in place only when MOST partners who answered say so (more than half
  of them; "not sure" does not say so);
- trust is the highest answer that more than half of them reach (high if most say high,
  medium if most say medium or high, else low);
- a choice (the goal, the funding for coordinating) is the answer more than half of them
  give; with no such answer it stays open, and each partner's own goal is listed;
- partners DISAGREE on a question when at least two answered it and the most common
  answer has less than two thirds of those answers. A disagreement becomes a reason
  ("partners see X differently") and a next step ("talk about X first") instead of
  disappearing into a count;
- the number of organizations is a fact of the partnership, not an opinion: it comes from
  the room's answers.
These thresholds are the app's own choices (docs/domain.md, "Each partner's answers").
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

import pandas as pd

from mapping.data.approvals import PENDING, Submission, SubmissionQueue
from mapping.data.errors import AnswerError
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.partnership.recommend import (
    ANSWER_KEYS,
    BOOL_KEYS,
    COOPERATION,
    GOAL_LEVEL,
    QUESTION,
    QUESTION_SHORT,
    REQUIREMENTS,
    TRUST,
    TRUST_RANK,
    NextStep,
    Reason,
    Recommendation,
    answer_label,
    recommend_collaboration,
    validate_answers,
)

PARTNER_KEYS: Final = tuple(k for k in ANSWER_KEYS if k != "partner_count")
MOST: Final = 0.5  # more than half of the partners who answered
AGREE: Final = 2 / 3  # below this share for the most common answer, partners disagree
NOT_SURE: Final = "Not sure"
ANONYMOUS_SETTING: Final = "recommend.partner_answers_anonymous"


# ---- issue 17: the table of partners' answers (mapping.data.tables)
def check_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """One partner's answers, checked (unanswered questions left out), before anything
    is saved.

    Raises:
        AnswerError: an invalid answer, or a number of organizations (a fact of the
            partnership, answered by the room).
    """
    given = validate_answers(answers)
    if "partner_count" in given:
        raise AnswerError(
            "answer 'partner_count': the number of organizations is answered by the "
            "room, not by each partner; leave it out."
        )
    return given


@dataclass(frozen=True)
class PartnerAnswer:
    """One organization's answers (validated; unanswered questions left out)."""

    partner_id: str
    answers: dict[str, Any]
    answered_at: str


class PartnerAnswers:
    """Each partner's latest answers, in the workspace database of ``store``."""

    def __init__(self, store: WorkspaceStore) -> None:
        self.store = store

    def save(self, partner_id: str, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Store (or replace) ``partner_id``'s answers; returns them as stored.

        Raises:
            AnswerError: no organization, a number of organizations (a fact of the
                partnership, answered by the room), or an invalid answer.
        """
        pid = str(partner_id or "").strip()
        if not pid:
            raise AnswerError("choose your organization before sending its answers.")
        given = check_answers(answers)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO partner_answers (partner_id, answers, answered_at) VALUES (?, ?, ?) "
                "ON CONFLICT(partner_id) DO UPDATE SET answers = excluded.answers, "
                "answered_at = excluded.answered_at",
                (pid, json.dumps(given), now),
            )
        return given

    def remove(self, partner_id: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM partner_answers WHERE partner_id = ?", (partner_id,))

    def all(self) -> list[PartnerAnswer]:
        """Every partner's answers, by partner id. Rows that no longer validate are skipped
        and reported by :meth:`unreadable`."""
        out = []
        for pid, raw, when in self._rows():
            try:
                out.append(PartnerAnswer(pid, validate_answers(json.loads(raw)), when))
            except (AnswerError, ValueError, TypeError):
                continue
        return out

    def unreadable(self) -> list[str]:
        """Partner ids whose stored answers cannot be read any more (answer again)."""
        readable = {a.partner_id for a in self.all()}
        return [pid for pid, _, _ in self._rows() if pid not in readable]

    def _rows(self) -> list[tuple[str, str, str]]:
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT partner_id, answers, answered_at FROM partner_answers ORDER BY partner_id"
            ).fetchall()
        return [(str(a), str(b), str(c)) for a, b, c in rows]

    def anonymous(self) -> bool:
        """Whether the room sees the answers without organization names."""
        return bool(self.store.get_setting(ANONYMOUS_SETTING, False))

    def set_anonymous(self, value: bool) -> None:
        self.store.set_setting(ANONYMOUS_SETTING, bool(value))


def approve_with_answers(
    queue: SubmissionQueue, submission_id: int, base: Workspace, *, note: str = ""
) -> int:
    """Approve a stakeholder's organization form and save the answers it carries.

    The answers are checked first, so a submission whose answers cannot be saved changes
    nothing (reject it with a note); then the form becomes a new workspace version
    (:meth:`SubmissionQueue.approve`) and the answers, if any, become the organization's
    own answers. Returns the new version id.

    Raises:
        AnswerError: the answers it carries are not valid (any more).
        SubmissionError: as :meth:`SubmissionQueue.approve`.
    """
    sub = queue.get(submission_id)
    answers = answers_of(sub) if sub.status == PENDING else {}  # else approve() says why
    version = queue.approve(submission_id, base, note=note)
    if answers:
        PartnerAnswers(queue.store).save(sub.partner_id, answers)
    return version


def answers_of(sub: Submission) -> dict[str, Any]:
    """The answers a submission carries, checked ({} when it carries none).

    Raises:
        AnswerError: they are not valid; the message names the submission.
    """
    if not sub.answers:
        return {}
    try:
        return check_answers(sub.answers)
    except AnswerError as exc:
        raise AnswerError(
            f"submission #{sub.id} carries answers that cannot be saved: "
            f"{str(exc).rstrip('.')}. Reject it with a note asking to answer the "
            "questions again."
        ) from exc


# ----------------------------------------------------------------------------- the spread
@dataclass(frozen=True)
class Spread:
    """How the partners' answers to one question spread, and what they count as."""

    key: str
    counts: dict[str, int]  # answer label -> partners, in the question's order, then "Not sure"
    answered: int  # partners who gave an answer (not "not sure")
    value: Any  # what the spread counts as (None: open)
    disagree: bool

    @property
    def sentence(self) -> str:
        parts = [f"{n} {label.split(':')[0]}" for label, n in self.counts.items() if n]
        return ", ".join(parts) if parts else "no answers yet"


def _labels(key: str) -> list[tuple[Any, str]]:
    return [(v, label) for v, label in QUESTION[key].options]


def spread_of(key: str, answer_sets: Sequence[Mapping[str, Any]]) -> Spread:
    """The spread of one question over the partners' answer sets (see the rules above)."""
    responders = len(answer_sets)
    given = [a[key] for a in answer_sets if a.get(key) is not None]
    tally = Counter(given)
    counts = {label: tally.get(value, 0) for value, label in _labels(key)}
    counts[NOT_SURE] = responders - len(given)
    top = max(tally.values()) if tally else 0
    disagree = len(given) >= 2 and top / len(given) < AGREE
    value: Any = None
    if given:
        if key in BOOL_KEYS:
            value = tally.get(True, 0) > MOST * responders
        elif key == "trust":
            value = "low"
            for level in reversed(TRUST[1:]):  # high, then medium
                reach = sum(n for t, n in tally.items() if TRUST_RANK[t] >= TRUST_RANK[level])
                if reach > MOST * responders:
                    value = level
                    break
        else:
            common, n = tally.most_common(1)[0]
            value = common if n > MOST * responders else None
    return Spread(key, counts, len(given), value, disagree)


def spreads(answer_sets: Sequence[Mapping[str, Any]]) -> list[Spread]:
    """One :class:`Spread` per question a partner answers (:data:`PARTNER_KEYS`)."""
    return [spread_of(key, answer_sets) for key in PARTNER_KEYS]


def spread_frame(items: list[Spread]) -> pd.DataFrame:
    """Per question: the question, how answers spread, what it counts as, disagreement."""
    return pd.DataFrame(
        [
            {
                "question": QUESTION[sp.key].text,
                "answers": sp.sentence,
                "counts as": answer_label(sp.key, sp.value) if sp.value is not None else "open",
                "partners disagree": "yes" if sp.disagree else "",
            }
            for sp in items
        ],
        columns=["question", "answers", "counts as", "partners disagree"],
    )


def yes_no_frame(items: list[Spread]) -> pd.DataFrame:
    """The yes/no questions as numbers for a chart: question, Yes, Not yet, Not sure."""
    rows = []
    for sp in items:
        if sp.key in BOOL_KEYS:
            rows.append(
                {
                    "question": QUESTION_SHORT[sp.key],
                    "Yes": sp.counts.get("Yes", 0),
                    "Not yet": sp.counts.get("Not yet", 0),
                    NOT_SURE: sp.counts[NOT_SURE],
                }
            )
    return pd.DataFrame(rows, columns=["question", "Yes", "Not yet", NOT_SURE])


def goals_frame(
    answers: Sequence[PartnerAnswer], names: Mapping[str, str], *, anonymous: bool
) -> pd.DataFrame:
    """What each partner seeks: partner (or "Partner n" when anonymous), goal, level."""
    rows = []
    for i, a in enumerate(answers, 1):
        goal = a.answers.get("goal")
        rows.append(
            {
                "partner": f"Partner {i}" if anonymous else names.get(a.partner_id, a.partner_id),
                "seeks": answer_label("goal", goal),
                "level": GOAL_LEVEL.get(goal, "") if goal else "",
            }
        )
    return pd.DataFrame(rows, columns=["partner", "seeks", "level"])


def spread_reading(items: list[Spread], partners: int) -> str:
    """One sentence that reads the spread."""
    if not partners:
        return "No partner has answered on its own yet."
    differ = [QUESTION_SHORT[sp.key] for sp in items if sp.disagree]
    agreed = sum(1 for sp in items if sp.key in BOOL_KEYS and sp.value is True)
    text = (
        f"{partners} partner{'' if partners == 1 else 's'} answered; most of them say Yes "
        f"to {agreed} of the {len(BOOL_KEYS)} yes/no questions"
    )
    if differ:
        return text + f"; they see {', '.join(differ)} differently: talk about these first."
    return text + "; no question divides them."


# ----------------------------------------------------------------------------- recommend
def _level_of(key: str) -> str:
    for req in REQUIREMENTS:
        if req.key == key:
            return req.level
    return COOPERATION


def combined_answers(items: list[Spread], room: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the spread counts as, plus the room's number of organizations."""
    out = {sp.key: sp.value for sp in items if sp.value is not None}
    if room and room.get("partner_count") is not None:
        out["partner_count"] = room["partner_count"]
    return out


def recommend_from_partners(
    answers: list[PartnerAnswer], room: Mapping[str, Any] | None = None
) -> tuple[Recommendation, list[Spread]]:
    """The recommendation read from the partners' spread of answers, and the spread.

    Every disagreement is a reason and the first next steps ("talk about X first").
    """
    sets = [a.answers for a in answers]
    items = spreads(sets)
    rec = recommend_collaboration(combined_answers(items, room))
    talk: list[NextStep] = []
    why: list[Reason] = []
    for sp in items:
        if not sp.disagree:
            continue
        counted = (
            f"it counts as {answer_label(sp.key, sp.value).split(':')[0]} until you agree"
            if sp.value is not None
            else "it stays open until you agree"
        )
        why.append(
            Reason(
                f"Partners see {QUESTION_SHORT[sp.key]} differently ({sp.sentence}): {counted}.",
                (sp.key,) if sp.value is not None else (),
            )
        )
        talk.append(
            NextStep(
                sp.key,
                _level_of(sp.key),
                f"Talk about {QUESTION_SHORT[sp.key]} first: partners answered "
                f"{sp.sentence}. Hear each side before counting it as in place.",
                True,
                talk_first=True,
            )
        )
    rec = replace(
        rec,
        reasons=[*why, *rec.reasons],
        next_steps=[*talk, *rec.next_steps],
        assumptions=[
            f"Read from {len(answers)} partners' own answers: a need is in place only when "
            "most of them say so.",
            *rec.assumptions,
        ],
    )
    return rec, items
