"""Self-assessments kept in the workspace database, per partner and per date.

Two kinds: the trauma-informed self-assessment (:mod:`mapping.partnership.trauma_informed`,
ratings 1-5) and the sustainability checklist (:mod:`mapping.partnership.sustainability`,
yes / not yet). The
subject is a partner (its ``partner_id``) or the partnership as a whole
(:data:`PARTNERSHIP`). One assessment per kind, subject and date: saving again on the same
date replaces that day's answers, and earlier dates are kept, so re-assessments can be
compared over time. The partner's name is stored too, so an assessment still reads well
after the partner left the workspace.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from mapping.data.errors import AssessmentError
from mapping.data.exports import excel_safe
from mapping.data.store import WorkspaceStore
from mapping.partnership import sustainability as sus
from mapping.partnership import trauma_informed as ti

TRAUMA: Final = "trauma_informed"
SUSTAINABILITY: Final = "sustainability"
KINDS: Final = (TRAUMA, SUSTAINABILITY)
PARTNERSHIP: Final = ""  # the subject id of the partnership as a whole
PARTNERSHIP_NAME: Final = "The partnership as a whole"
# The partnership's average is shown to stakeholders (and in the report) only when at least
# this many partners answered, so no single organization's answers can be read from it.
MIN_GROUP: Final = 3
MAX_NOTE = 2000
MAX_NAME = 80


@dataclass(frozen=True)
class Assessment:
    """One saved assessment."""

    id: int
    kind: str
    subject: str
    subject_name: str
    assessed_on: str  # ISO date, YYYY-MM-DD
    answers: dict[str, Any]
    note: str
    submitted_by: str
    role: str
    saved_at: str

    @property
    def is_partnership(self) -> bool:
        return self.subject == PARTNERSHIP

    @property
    def label(self) -> str:
        """'Safe Harbor Shelter, 2026-03-10'."""
        return f"{self.subject_name}, {self.assessed_on}"


def validate(kind: str, subject: str, answers: Mapping[str, object]) -> dict[str, Any]:
    """The answers checked for their kind (every key present, None when not answered).

    Raises:
        AssessmentError: an unknown kind, or answers that do not fit it.
    """
    if kind == TRAUMA:
        return dict(ti.validate_ratings(answers))
    if kind == SUSTAINABILITY:
        return dict(sus.validate_checklist(answers, partnership=subject == PARTNERSHIP))
    raise AssessmentError(f"unknown kind of assessment {kind!r}; use one of {', '.join(KINDS)}.")


def _date(value: dt.date | str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError as exc:
        raise AssessmentError(
            f"the assessment date {value!r} is not a date; write it as YYYY-MM-DD."
        ) from exc


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Assessments:
    """Trauma-informed self-assessments and sustainability checklists in the workspace
    database of ``store``."""

    _COLUMNS = (
        "id, kind, subject, subject_name, assessed_on, answers, note, submitted_by, role, saved_at"
    )

    def __init__(self, store: WorkspaceStore) -> None:
        self.store = store

    @staticmethod
    def _row(row: tuple[Any, ...]) -> Assessment:
        return Assessment(int(row[0]), row[1], row[2], row[3], row[4], json.loads(row[5]), *row[6:])

    def save(
        self,
        kind: str,
        subject: str,
        subject_name: str,
        assessed_on: dt.date | str,
        answers: Mapping[str, object],
        *,
        note: str = "",
        submitted_by: str = "",
        role: str = "",
    ) -> int:
        """Save (or replace that day's) assessment; returns its id.

        Raises:
            AssessmentError: answers that do not fit the kind, nothing answered, a bad
                date, or a note that is too long.
        """
        checked = validate(kind, subject, answers)
        if not any(v is not None for v in checked.values()):
            raise AssessmentError(
                "nothing is answered yet: rate at least one statement (or answer one "
                "checklist item) before saving."
            )
        note = str(note).strip()
        if len(note) > MAX_NOTE:
            raise AssessmentError(f"keep the note under {MAX_NOTE} characters.")
        day = _date(assessed_on)
        name = " ".join(str(subject_name).split()) or subject or PARTNERSHIP_NAME
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO assessments (kind, subject, subject_name, assessed_on, answers, "
                "note, submitted_by, role, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (kind, subject, assessed_on) DO UPDATE SET "
                "subject_name=excluded.subject_name, answers=excluded.answers, "
                "note=excluded.note, submitted_by=excluded.submitted_by, "
                "role=excluded.role, saved_at=excluded.saved_at",
                (
                    kind,
                    subject,
                    name,
                    day,
                    json.dumps(checked),
                    note,
                    " ".join(str(submitted_by).split())[:MAX_NAME],
                    role,
                    _now(),
                ),
            )
            row = conn.execute(
                "SELECT id FROM assessments WHERE kind=? AND subject=? AND assessed_on=?",
                (kind, subject, day),
            ).fetchone()
        return int(row[0])

    def get(self, assessment_id: int) -> Assessment:
        """Raises AssessmentError when there is no such assessment."""
        with self.store.connect() as conn:
            row = conn.execute(
                f"SELECT {self._COLUMNS} FROM assessments WHERE id=?", (assessment_id,)
            ).fetchone()
        if row is None:
            raise AssessmentError(
                f"there is no assessment #{assessment_id}; pick one from the list."
            )
        return self._row(row)

    def delete(self, assessment_id: int) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM assessments WHERE id=?", (assessment_id,))

    def all(self, kind: str) -> list[Assessment]:
        """Every assessment of a kind, oldest date first (then by subject)."""
        with self.store.connect() as conn:
            rows = conn.execute(
                f"SELECT {self._COLUMNS} FROM assessments WHERE kind=? "
                "ORDER BY assessed_on, subject, id",
                (kind,),
            ).fetchall()
        return [self._row(r) for r in rows]

    def history(self, kind: str, subject: str) -> list[Assessment]:
        """One subject's assessments, oldest first."""
        return [a for a in self.all(kind) if a.subject == subject]


# ------------------------------------------------------------------------------ over time
def latest(
    assessments: list[Assessment], *, on_or_before: str | None = None
) -> dict[str, Assessment]:
    """Each subject's most recent assessment (up to a date, when given)."""
    out: dict[str, Assessment] = {}
    for a in sorted(assessments, key=lambda a: (a.assessed_on, a.id)):
        if on_or_before is None or a.assessed_on <= on_or_before:
            out[a.subject] = a
    return out


def partner_latest(
    assessments: list[Assessment], partner_ids: set[str] | None = None
) -> list[Assessment]:
    """Each partner's latest assessment (not the partnership's own), optionally only for
    partners still in the workspace."""
    return [
        a
        for subject, a in latest(assessments).items()
        if subject != PARTNERSHIP and (partner_ids is None or subject in partner_ids)
    ]


def dates(assessments: list[Assessment]) -> list[str]:
    """The distinct assessment dates, oldest first."""
    return sorted({a.assessed_on for a in assessments})


def frame(assessments: list[Assessment], columns: dict[str, str]) -> pd.DataFrame:
    """One row per assessment: subject, date, each answer (``columns``: answer key ->
    column title), note, submitted by, role, saved at. For the facilitator's table and CSV."""
    rows = []
    for a in assessments:
        row: dict[str, Any] = {
            "partner": a.subject_name,
            "partner_id": a.subject,
            "date": a.assessed_on,
        }
        for key, title in columns.items():
            value = a.answers.get(key)
            row[title] = sus.status(value) if a.kind == SUSTAINABILITY else value
        row.update(
            {
                "note": a.note,
                "filled in by": a.submitted_by,
                "role": a.role,
                "saved at (UTC)": a.saved_at,
            }
        )
        rows.append(row)
    cols = ["partner", "partner_id", "date", *columns.values()]
    cols += ["note", "filled in by", "role", "saved at (UTC)"]
    return pd.DataFrame(rows, columns=cols)


def frame_csv(df: pd.DataFrame) -> bytes:
    """A table as CSV that Excel opens safely (formulas escaped, UTF-8 with BOM)."""
    return (
        df.astype(object)
        .map(excel_safe)
        .to_csv(index=False, lineterminator="\r\n")
        .encode("utf-8-sig")
    )
