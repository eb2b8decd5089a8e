"""What the workspace already knows (pre-filled answers) and answers saved between meetings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from mapping.data import schema as s
from mapping.data.errors import AnswerError
from mapping.data.normalize import split_list
from mapping.data.workspace import Workspace
from mapping.partnership.recommend.questions import ANSWER_KEYS, MIN_PARTNERS, validate_answers
from mapping.partnership.recommend.requirements import join_words
from mapping.partnership.recommend.result import Recommendation

# ----------------------------------------------------------------------------- workspace
# What the workspace already says (issue 5; docs/domain.md#how-relationships-are-recorded).
# Only positive
# evidence is used: a missing MOU in the data does not prove there is none.
#   - relationships recorded as MOU or Joint program pre-fill nothing (issue 17): an MOU
#     between two partners is not an agreement of the whole partnership, and the goal is
#     a choice the partners make, never evidence; :func:`agreement_evidence` tells the
#     room what the data show so it can answer;
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


def agreement_evidence(ws: Workspace) -> str:
    """What the relationships say about written agreements, as a hint, not an answer.

    '' when no relationship is recorded as an MOU or a joint program."""
    rel = ws.relationships
    if rel.empty:
        return ""
    types = rel[s.REL_TYPE].map(lambda v: set(split_list(v)))
    formal = int(types.map(lambda t: bool(t & {TYPE_MOU, TYPE_JOINT_PROGRAM})).sum())
    if not formal:
        return ""
    total = len(rel)
    return (
        f"{formal} of the {plural(total, 'relationship')} in the workspace are recorded as an "
        "MOU or a joint program between two partners. That is not yet an agreement of the "
        "whole partnership, and it does not choose your goal: answer for the partnership."
    )


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
