"""Organization forms sent by stakeholders, waiting for the facilitator's approval.

A stakeholder may describe its own organization (the form on the Data page), but only the
facilitator changes the workspace. So a stakeholder's form is stored here as a
*submission*; the facilitator sees what it would change and approves it (it then becomes
a new workspace version, built by :func:`mapping.data.submission.organization_workspace` on the
workspace as it is at that moment) or rejects it with a note.

When contact details are hidden from stakeholders, the form is sent with blank contact
fields and ``keep_contacts=True``: on approval, blank contact fields keep what the
workspace already has, so a stakeholder who cannot see them cannot erase them either.

A submission may also carry the organization's own answers to the recommendation's
questions (issue 17), as a plain dict in its payload. This module only keeps them: checking
and saving them on approval belongs to ``mapping.partnership.partner_answers``
(``approve_with_answers``), above this layer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mapping.data import schema as s
from mapping.data import tables
from mapping.data.errors import MappingError
from mapping.data.store import WorkspaceStore
from mapping.data.submission import organization_workspace
from mapping.data.workspace import Workspace

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


class SubmissionError(MappingError):
    """A submission cannot be approved or rejected as asked."""


@dataclass(frozen=True)
class Submission:
    id: int
    created_at: str
    partner_id: str
    org_name: str
    submitted_by: str
    partner: dict[str, Any]
    services: list[dict[str, Any]]
    relationships: list[dict[str, Any]]
    keep_contacts: bool
    status: str
    decided_at: str | None
    decision_note: str
    version: int | None
    answers: dict[str, Any] = field(default_factory=dict)  # issue 17: {} when none were sent

    @property
    def label(self) -> str:
        who = f" by {self.submitted_by}" if self.submitted_by else ""
        return f"#{self.id} {self.org_name} ({self.partner_id}){who}, {self.created_at}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _plain(records: Sequence[Mapping[str, object]]) -> list[dict[str, str]]:
    return [{str(k): "" if v is None else str(v) for k, v in r.items()} for r in records]


def _answers(raw: object) -> dict[str, Any]:
    """The answers of a stored payload ({} for payloads from before issue 17)."""
    return {str(k): v for k, v in raw.items()} if isinstance(raw, dict) else {}


class SubmissionQueue:
    """The approval queue in the workspace database of ``store``."""

    def __init__(self, store: WorkspaceStore) -> None:
        self.store = store

    def submit(
        self,
        partner: Mapping[str, object],
        services: Sequence[Mapping[str, object]],
        relationships: Sequence[Mapping[str, object]],
        *,
        submitted_by: str = "",
        keep_contacts: bool = False,
        answers: Mapping[str, Any] | None = None,
    ) -> int:
        """Queue one organization's map for approval; returns the submission id.

        ``answers``: the organization's own answers to the recommendation's questions
        (question key -> answer), kept as sent and saved only when it is approved.
        """
        pid = str(partner.get(s.PARTNER_ID, "")).strip()
        if not pid:
            raise SubmissionError("the form has no partner_id; give the organization a short id.")
        payload = json.dumps(
            {
                "partner": _plain([partner])[0],
                "services": _plain(services),
                "relationships": _plain(relationships),
                "answers": {str(k): v for k, v in (answers or {}).items()},
            }
        )
        with self.store.transaction() as conn:
            return conn.insert(
                tables.org_submissions,
                {
                    "created_at": _now(),
                    "partner_id": pid,
                    "org_name": str(partner.get(s.NAME, "") or pid).strip(),
                    "submitted_by": " ".join(submitted_by.split())[:80],
                    "payload": payload,
                    "keep_contacts": int(keep_contacts),
                },
            )

    @staticmethod
    def _row(row: tuple) -> Submission:
        payload = json.loads(row[5])
        return Submission(
            id=int(row[0]),
            created_at=row[1],
            partner_id=row[2],
            org_name=row[3],
            submitted_by=row[4],
            partner=payload["partner"],
            services=payload["services"],
            relationships=payload["relationships"],
            keep_contacts=bool(row[6]),
            status=row[7],
            decided_at=row[8],
            decision_note=row[9],
            version=row[10],
            answers=_answers(payload.get("answers")),
        )

    _COLUMNS = (
        "id, created_at, partner_id, org_name, submitted_by, payload, keep_contacts, status, "
        "decided_at, decision_note, version"
    )

    def get(self, submission_id: int) -> Submission:
        with self.store.connect() as conn:
            row = conn.execute(
                f"SELECT {self._COLUMNS} FROM org_submissions WHERE id=?", (submission_id,)
            ).fetchone()
        if row is None:
            raise SubmissionError(f"there is no submission #{submission_id}.")
        return self._row(row)

    def submissions(self, status: str | None = None) -> list[Submission]:
        """Submissions, oldest first (all, or only those with ``status``)."""
        where, params = ("WHERE status=?", (status,)) if status else ("", ())
        with self.store.connect() as conn:
            rows = conn.execute(
                f"SELECT {self._COLUMNS} FROM org_submissions {where} ORDER BY id", params
            ).fetchall()
        return [self._row(r) for r in rows]

    def pending_count(self) -> int:
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM org_submissions WHERE status='pending'"
            ).fetchone()
        return int(row[0])

    def preview(self, sub: Submission, base: Workspace) -> Workspace:
        """The workspace ``base`` would become if ``sub`` were approved now (check
        ``.errors`` before saving)."""
        partner = dict(sub.partner)
        if sub.keep_contacts:
            known = base.partners[base.partners[s.PARTNER_ID] == sub.partner_id]
            if len(known):
                for col in s.CONTACT_COLUMNS:
                    if not str(partner.get(col, "")).strip():
                        partner[col] = str(known.iloc[0][col])
        return organization_workspace(base, partner, sub.services, sub.relationships)

    def approve(self, submission_id: int, base: Workspace, *, note: str = "") -> int:
        """Apply a pending submission to ``base`` and save it as the new current version.

        Returns the new version id.

        Raises:
            SubmissionError: it is not pending any more, or it has errors against the
                workspace as it is now (they are listed; reject it with a note).
        """
        sub = self.get(submission_id)
        if sub.status != PENDING:
            raise SubmissionError(f"submission #{submission_id} was already {sub.status}.")
        result = self.preview(sub, base)
        if result.errors:
            listed = "; ".join(str(p) for p in result.errors[:5])
            raise SubmissionError(
                f"submission #{submission_id} cannot be added as it is: {listed}. Reject it "
                "with a note saying what to correct, or correct the workspace first."
            )
        with self.store.transaction() as conn:  # claim it, so a double click saves once
            claimed = conn.execute(
                "UPDATE org_submissions SET status='approved', decided_at=?, decision_note=? "
                "WHERE id=? AND status='pending'",
                (_now(), note.strip(), submission_id),
            ).rowcount
        if not claimed:
            raise SubmissionError(f"submission #{submission_id} was just decided by someone else.")
        try:
            version = self.store.save(
                result,
                action="approved submission",
                note=f"{sub.org_name} (submission #{submission_id})",
            )
        except BaseException:
            with self.store.transaction() as conn:
                conn.execute(
                    "UPDATE org_submissions SET status='pending', decided_at=NULL WHERE id=?",
                    (submission_id,),
                )
            raise
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE org_submissions SET version=? WHERE id=?", (version, submission_id)
            )
        return version

    def reject(self, submission_id: int, *, note: str = "") -> None:
        """Turn a pending submission down (it stays in the list, with the note)."""
        with self.store.transaction() as conn:
            done = conn.execute(
                "UPDATE org_submissions SET status='rejected', decided_at=?, decision_note=? "
                "WHERE id=? AND status='pending'",
                (_now(), note.strip(), submission_id),
            ).rowcount
        if not done:
            raise SubmissionError(
                f"submission #{submission_id} is not waiting for a decision any more."
            )
