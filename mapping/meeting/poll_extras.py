"""Decide, closer to how partnerships decide (issue 17): an optional reason with each vote,
representative mode (each organization casts one vote; the facilitator sees who has not
voted yet) and an open-until deadline for votes between meetings.

Kept beside :mod:`mapping.meeting.polls` (which is unchanged) in two tables of its own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.exc import IntegrityError

from mapping.data import tables
from mapping.data.exports import excel_safe
from mapping.data.store import WorkspaceStore
from mapping.meeting.polls import PollError, Polls, _voter_id, gradient

# ---- issue 17: a reason with each vote, representative mode, an open-until deadline.
# Kept in two tables of their own beside poll_proposals and poll_votes (mapping.data.tables):
# poll_vote_details (the optional reason and the organization a vote is cast for) and
# poll_options (representative mode and the deadline of each proposal).
MAX_REASON = 500


@dataclass(frozen=True)
class PollOptions:
    """How one proposal is voted on: one vote per organization, and until when."""

    representative: bool = False
    open_until: str = ""  # ISO time in UTC; '' for no deadline

    def is_past(self, now: dt.datetime | None = None) -> bool:
        if not self.open_until:
            return False
        moment = now or dt.datetime.now(dt.UTC)
        return moment >= dt.datetime.fromisoformat(self.open_until)


class PollExtras:
    """Reasons, representative mode and deadlines for the proposals of ``store``."""

    def __init__(self, store: WorkspaceStore) -> None:
        self.store = store

    def set_options(
        self, proposal_id: int, *, representative: bool, open_until: dt.datetime | None
    ) -> PollOptions:
        """Choose representative mode and the deadline (None: no deadline)."""
        until = ""
        if open_until is not None:
            moment = open_until if open_until.tzinfo else open_until.replace(tzinfo=dt.UTC)
            until = moment.astimezone(dt.UTC).isoformat(timespec="minutes")
        with self.store.transaction() as conn:
            conn.upsert(
                tables.poll_options,
                {
                    "proposal_id": proposal_id,
                    "representative": int(representative),
                    "open_until": until,
                },
            )
        return PollOptions(representative, until)

    def options(self, proposal_id: int) -> PollOptions:
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT representative, open_until FROM poll_options WHERE proposal_id = ?",
                (proposal_id,),
            ).fetchone()
        return PollOptions() if row is None else PollOptions(bool(row[0]), str(row[1]))

    def vote(
        self,
        polls: Polls,
        proposal_id: int,
        token: str,
        point: int,
        *,
        name: str = "",
        reason: str = "",
        partner_id: str = "",
        now: dt.datetime | None = None,
    ) -> bool:
        """Vote with an optional reason, for an organization in representative mode.

        Returns what :meth:`Polls.vote` returns (True when a vote changed).

        Raises:
            PollError: the deadline has passed, no organization in representative mode,
                that organization already voted from another device, a reason too long,
                or any reason :meth:`Polls.vote` refuses.
        """
        opts = self.options(proposal_id)
        if opts.is_past(now):
            raise PollError(f"voting closed at {opts.open_until.replace('T', ' ')} UTC.")
        clean = " ".join(str(reason or "").split())
        if len(clean) > MAX_REASON:
            raise PollError(
                f"a reason has at most {MAX_REASON} characters; this one has {len(clean)}."
            )
        voter = _voter_id(token)
        pid = str(partner_id or "") if opts.representative else ""
        if opts.representative and not pid:
            raise PollError("each organization casts one vote here: choose the one you vote for.")
        if pid:
            with self.store.connect() as conn:
                row = conn.execute(
                    "SELECT voter FROM poll_vote_details WHERE proposal_id = ? AND partner_id = ?",
                    (proposal_id, pid),
                ).fetchone()
            if row is not None and row[0] != voter:
                raise PollError(
                    "this organization has already voted from another device; its "
                    "representative can change that vote there."
                )
        changed = polls.vote(proposal_id, token, point, name=name)
        try:
            with self.store.transaction() as conn:
                conn.upsert(
                    tables.poll_vote_details,
                    {
                        "proposal_id": proposal_id,
                        "voter": voter,
                        "reason": clean,
                        "partner_id": pid,
                    },
                )
        except IntegrityError as exc:
            raise PollError(
                "this organization has just voted from another device; its representative "
                "can change that vote there."
            ) from exc
        return changed

    def reasons(self, proposal_id: int) -> pd.DataFrame:
        """The reasons given with the votes of one proposal: point, gradient, reason,
        partner_id ('' outside representative mode). Show only with the results."""
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT v.point, d.reason, d.partner_id FROM poll_vote_details d "
                "JOIN poll_votes v ON v.proposal_id = d.proposal_id AND v.voter = d.voter "
                "WHERE d.proposal_id = ? AND d.reason != '' ORDER BY v.point, d.reason",
                (proposal_id,),
            ).fetchall()
        return pd.DataFrame(
            [
                {
                    "point": int(p),
                    "gradient": gradient(int(p)).label,
                    "reason": excel_safe(r),
                    "partner_id": pid,
                }
                for p, r, pid in rows
            ],
            columns=["point", "gradient", "reason", "partner_id"],
        )

    def voted_partners(self, proposal_id: int) -> set[str]:
        """The organizations that have voted on a proposal (representative mode)."""
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT d.partner_id FROM poll_vote_details d JOIN poll_votes v "
                "ON v.proposal_id = d.proposal_id AND v.voter = d.voter "
                "WHERE d.proposal_id = ? AND d.partner_id != ''",
                (proposal_id,),
            ).fetchall()
        return {str(r[0]) for r in rows}
