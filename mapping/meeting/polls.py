"""Gradients of Agreement: proposals, votes on an eight-point scale, and what a tally says.

Instead of yes/no, each member rates a proposal from full endorsement to veto (Kaner et
al., *Facilitator's Guide to Participatory Decision-Making*; the eight points are those of
docs/domain.md#gradients-of-agreement). The spread shows the facilitator whether to decide
or to keep talking.

Proposals and votes live in the workspace database, next to the workspace, so every
browser session sees the same poll. A participant votes without an account: the app
identifies a device by a random token kept in that browser, and a name is optional. One
vote per device and one per name: voting again changes the vote, until the facilitator
closes the poll. Results stay hidden until the facilitator reveals them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from sqlalchemy.exc import IntegrityError

from mapping.data import tables
from mapping.data.database import Db
from mapping.data.errors import MappingError
from mapping.data.exports import excel_safe
from mapping.data.store import WorkspaceStore
from mapping.data.text_keys import clean_text, identity_key

Stance = Literal["support", "neutral", "reluctant", "oppose", "block"]


@dataclass(frozen=True)
class Gradient:
    """One point of the scale."""

    point: int
    label: str
    meaning: str
    stance: Stance


# Kaner et al., Facilitator's Guide to Participatory Decision-Making, 3rd ed. (2014): the
# eight point names of the Gradients of Agreement (issue 17); the meanings are ours.
SCALE: tuple[Gradient, ...] = (
    Gradient(1, "Whole-hearted endorsement", "I really like it.", "support"),
    Gradient(
        2,
        "Agreement with a minor point of contention",
        "Not perfect, but good enough.",
        "support",
    ),
    Gradient(3, "Support with reservations", "I can live with it.", "support"),
    Gradient(4, "Abstain", "I have no opinion; I will go along with the group.", "neutral"),
    Gradient(
        5, "More discussion needed", "I have questions, or I don't understand it yet.", "neutral"
    ),
    Gradient(
        6,
        "Don't like but will support",
        "It's not great, but I don't want to hold up the group.",
        "reluctant",
    ),
    Gradient(7, "Serious disagreement", "I'm not on board with this; don't count on me.", "oppose"),
    Gradient(8, "Veto", "I block this proposal.", "block"),
)
SCALE_SOURCE = (
    "Scale: Sam Kaner et al., Facilitator's Guide to Participatory Decision-Making, "
    "3rd ed., Jossey-Bass, 2014 (Gradients of Agreement)."
)
POINTS: tuple[int, ...] = tuple(g.point for g in SCALE)
MORE_DISCUSSION = 5
RELUCTANT = 6
SERIOUS_DISAGREEMENT = 7
VETO = 8

OPEN, CLOSED = "open", "closed"
OUTCOMES: dict[str, str] = {
    "adopted": "Adopted",
    "adopted with changes": "Adopted with changes",
    "more discussion": "Back for more discussion",
    "not adopted": "Not adopted",
    "withdrawn": "Withdrawn",
}

# When a tally is read as "keep talking" rather than "decide" (see read_tally).
BROAD_SUPPORT_SHARE = 0.75  # points 1-3
DISCUSSION_SHARE = 0.25  # point 5
DISAGREEMENT_SHARE = 0.20  # point 7
RELUCTANT_SHARE = 0.25  # point 6

# How the group decides (issue 17). The guide: in consensus "all members meet ... and come
# to a majority decision"; Kaner leaves it to the group how much support is enough. The
# group chooses one rule (a workspace setting, majority by default) and every tally is
# read by it. Votes that "will support" are points 1-3 and 6 ("Don't like but will
# support"). A veto blocks only under the "no veto" rule; under the others it is reported
# as a concern to hear before deciding.
RULE_MAJORITY = "majority"
RULE_THREE_QUARTERS = "three quarters"
RULE_NO_VETO = "no veto"
DECISION_RULES: dict[str, str] = {
    RULE_MAJORITY: "Majority, as the guide says: more than half of the votes will support it",
    RULE_THREE_QUARTERS: "Three quarters of the votes will support it",
    RULE_NO_VETO: "A majority will support it and no one vetoes it",
}
DEFAULT_RULE = RULE_MAJORITY
RULE_SETTING_KEY = "decide.rule"
WILL_SUPPORT: tuple[int, ...] = (1, 2, 3, RELUCTANT)
MAJORITY_SHARE = 0.5  # more than half
THREE_QUARTERS_SHARE = 0.75

MAX_TITLE = 200
MAX_DETAILS = 4000
MAX_NAME = 60


class PollError(MappingError):
    """A poll cannot do what was asked (closed, unknown, bad point, name taken)."""


@dataclass(frozen=True)
class Proposal:
    id: int
    title: str
    details: str
    created_at: str
    status: str
    revealed: bool
    closed_at: str | None
    outcome: str
    outcome_note: str

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def label(self) -> str:
        """How the proposal is named in lists and links: '#3: Title'."""
        return f"#{self.id}: {self.title}"


@dataclass(frozen=True)
class Vote:
    point: int
    name: str
    cast_at: str
    changes: int


@dataclass(frozen=True)
class Tally:
    """The votes of one proposal, counted per point (every point present, 0 if none)."""

    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, *points: int) -> float:
        return sum(self.counts[p] for p in points) / self.total if self.total else 0.0


@dataclass(frozen=True)
class Reading:
    """What a tally suggests: a short verdict, a sentence, and a suggested outcome."""

    kind: Literal[
        "none", "blocked", "discuss", "divided", "broad", "reluctant", "majority", "mixed"
    ]
    sentence: str
    suggested_outcome: str


# A released vote's device: the next device voting under its name takes the vote over.
RELEASED = "released:"


def gradient(point: int) -> Gradient:
    """The scale point ``point`` (1-8).

    Raises:
        PollError: ``point`` is not on the scale.
    """
    for g in SCALE:
        if g.point == point:
            return g
    raise PollError(f"a vote is a point from 1 to 8 on the scale; got {point!r}.")


def point_label(point: int) -> str:
    return f"{point} · {gradient(point).label}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _voter_id(token: str) -> str:
    """Devices are stored as a hash of their token, never the token itself."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,128}", token or ""):
        raise PollError(
            "this device has no voting token yet; reload the page and vote again "
            "(the browser must allow the site to store data)."
        )
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def _released_id(key: str) -> str:
    """The stand-in device of a vote whose name the facilitator released."""
    return RELEASED + hashlib.sha256(key.encode()).hexdigest()[:32]


def _name_key(name: str) -> str:
    """Names that look alike are one name (case, spaces, zero-width characters, Greek or
    Cyrillic look-alike letters, full-width forms): see :mod:`mapping.data.text_keys`."""
    return identity_key(name)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def rule_passes(tally: Tally, rule: str = DEFAULT_RULE) -> bool:
    """Whether the votes meet the group's decision rule (see DECISION_RULES)."""
    if rule not in DECISION_RULES:
        raise PollError(
            f"unknown decision rule {rule!r}; choose one of {', '.join(DECISION_RULES)}."
        )
    support = tally.share(*WILL_SUPPORT)
    if rule == RULE_THREE_QUARTERS:
        return support >= THREE_QUARTERS_SHARE
    if rule == RULE_NO_VETO and tally.counts[VETO]:
        return False
    return support > MAJORITY_SHARE


def read_tally(tally: Tally, rule: str = DEFAULT_RULE) -> Reading:
    """Read a spread by the group's decision rule (the guide: majority by default).

    Many "more discussion needed" means keep talking whatever the rule (those members
    have not decided yet). Otherwise the rule decides: when it is met, three quarters at
    1-3 is broad support, a quarter at point 6 support without enthusiasm, anything else
    a majority; vetoes and serious disagreement are named as concerns to hear. When it
    is not met: blocked (a veto under the "no veto" rule), divided (a fifth in serious
    disagreement) or mixed. Every reading ends with the rule it used.
    """
    n = tally.total
    c = tally.counts
    if n == 0:
        return Reading("none", "No votes yet.", "more discussion")
    passes = rule_passes(tally, rule)
    support = c[1] + c[2] + c[3]
    summary = (
        f"{_plural(n, 'vote')}: {support} in support (1-3), {c[4]} abstaining, "
        f"{c[MORE_DISCUSSION]} wanting more discussion, {c[RELUCTANT]} reluctant, "
        f"{c[SERIOUS_DISAGREEMENT]} seriously disagreeing, "
        f"{c[VETO]} {'veto' if c[VETO] == 1 else 'vetoes'}."
    )
    by_rule = f" Your rule: {DECISION_RULES[rule].lower()}."
    concerns = ""
    if passes and c[VETO]:
        concerns += (
            f" {_plural(c[VETO], 'member')} would veto: under your rule a veto does not "
            "block, but hear the concern before deciding."
        )
    if passes and tally.share(SERIOUS_DISAGREEMENT) >= DISAGREEMENT_SHARE:
        concerns += " Ask those who seriously disagree what would change their view."
    if tally.share(MORE_DISCUSSION) >= DISCUSSION_SHARE:
        return Reading(
            "discuss",
            f"Keep talking: {summary} Answer the open questions before deciding.{by_rule}",
            "more discussion",
        )
    if passes:
        if tally.share(1, 2, 3) >= BROAD_SUPPORT_SHARE:
            return Reading(
                "broad",
                f"Broad support: {summary} The group can decide.{concerns}{by_rule}",
                "adopted",
            )
        if tally.share(RELUCTANT) >= RELUCTANT_SHARE:
            return Reading(
                "reluctant",
                f"Support without enthusiasm: {summary} It can pass, but ask what would "
                f"make it better before people have to carry it out.{concerns}{by_rule}",
                "adopted with changes",
            )
        return Reading(
            "majority",
            f"Majority support: {summary} The group can decide by its rule.{concerns}{by_rule}",
            "adopted",
        )
    if rule == RULE_NO_VETO and c[VETO]:
        return Reading(
            "blocked",
            f"Blocked: {summary} Under your rule a veto means the proposal cannot pass as "
            f"it stands; hear the concern and revise it.{by_rule}",
            "not adopted",
        )
    if tally.share(SERIOUS_DISAGREEMENT) >= DISAGREEMENT_SHARE:
        return Reading(
            "divided",
            f"Divided: {summary} Ask those who disagree what would change their view.{by_rule}",
            "more discussion",
        )
    return Reading(
        "mixed",
        f"Mixed: {summary} Not enough support yet by your rule; talk it through before "
        f"deciding.{by_rule}",
        "more discussion",
    )


def tally_frame(tally: Tally) -> pd.DataFrame:
    """One row per point: point, gradient (label), votes, share (% of votes)."""
    total = tally.total
    return pd.DataFrame(
        {
            "point": list(POINTS),
            "gradient": [g.label for g in SCALE],
            "votes": [tally.counts[p] for p in POINTS],
            "share %": [round(100 * tally.counts[p] / total, 1) if total else 0.0 for p in POINTS],
        }
    )


class Polls:
    """Proposals and votes in the workspace database of ``store``."""

    def __init__(self, store: WorkspaceStore) -> None:
        self.store = store

    # ------------------------------------------------------------------ proposals
    def create(self, title: str, details: str = "") -> int:
        """Open a new proposal (results hidden); returns its id."""
        title = " ".join(str(title).split())
        if not title:
            raise PollError("write the proposal in a sentence before opening the vote.")
        if len(title) > MAX_TITLE or len(details) > MAX_DETAILS:
            raise PollError(
                f"the proposal is too long: keep the sentence under {MAX_TITLE} characters "
                f"and the details under {MAX_DETAILS}."
            )
        with self.store.transaction() as conn:
            return conn.insert(
                tables.poll_proposals,
                {"title": title, "details": str(details).strip(), "created_at": _now()},
            )

    @staticmethod
    def _proposal(row: tuple) -> Proposal:
        return Proposal(
            int(row[0]), row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7], row[8]
        )

    _COLUMNS = "id, title, details, created_at, status, revealed, closed_at, outcome, outcome_note"

    def get(self, proposal_id: int) -> Proposal:
        """Raises PollError when there is no such proposal."""
        with self.store.connect() as conn:
            row = conn.execute(
                f"SELECT {self._COLUMNS} FROM poll_proposals WHERE id=?", (proposal_id,)
            ).fetchone()
        if row is None:
            raise PollError(f"there is no proposal #{proposal_id}; pick one from the list.")
        return self._proposal(row)

    def proposals(self) -> list[Proposal]:
        """Every proposal: open ones first, newest first within each."""
        with self.store.connect() as conn:
            rows = conn.execute(
                f"SELECT {self._COLUMNS} FROM poll_proposals ORDER BY status = 'closed', id DESC"
            ).fetchall()
        return [self._proposal(r) for r in rows]

    def reveal(self, proposal_id: int, revealed: bool = True) -> None:
        """Show (or hide again) the results of a proposal to everyone."""
        self.get(proposal_id)
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE poll_proposals SET revealed=? WHERE id=?", (int(revealed), proposal_id)
            )

    def close(self, proposal_id: int, outcome: str, note: str = "") -> None:
        """Close and lock a proposal with the outcome the group decided; results show."""
        if outcome not in OUTCOMES:
            raise PollError(f"choose an outcome among {', '.join(OUTCOMES)}; got {outcome!r}.")
        with self.store.transaction() as conn:
            done = conn.execute(
                "UPDATE poll_proposals SET status='closed', revealed=1, closed_at=?, "
                "outcome=?, outcome_note=? WHERE id=? AND status='open'",
                (_now(), outcome, str(note).strip()[:MAX_DETAILS], proposal_id),
            ).rowcount
        if not done:
            self.get(proposal_id)
            raise PollError(f"proposal #{proposal_id} is already closed.")

    # ------------------------------------------------------------------ votes
    def vote(self, proposal_id: int, token: str, point: int, name: str = "") -> bool:
        """Record the vote of the device with ``token``; returns True if it changed an
        earlier vote, False if it is this device's first.

        Raises:
            PollError: unknown or closed proposal, a point off the scale, or a name that
                another device already voted under.
        """
        gradient(point)
        voter = _voter_id(token)
        name = clean_text(name)[:MAX_NAME]
        key = _name_key(name)
        with self.store.transaction() as conn:
            row = conn.execute(
                "SELECT status FROM poll_proposals WHERE id=?", (proposal_id,)
            ).fetchone()
            if row is None:
                raise PollError(f"there is no proposal #{proposal_id}.")
            if row[0] != OPEN:
                raise PollError(f"proposal #{proposal_id} is closed: votes can no longer change.")
            if key:
                self._claim_released(conn, proposal_id, key, voter)
                other = conn.execute(
                    "SELECT 1 FROM poll_votes WHERE proposal_id=? AND name_key=? AND voter!=?",
                    (proposal_id, key, voter),
                ).fetchone()
                if other:
                    raise PollError(
                        f"someone else already voted as '{name}' on this proposal. If that "
                        "was you on another phone or laptop, ask the facilitator to release "
                        "your name, then vote again here; otherwise add an initial or your "
                        "organization to your name, or leave it empty."
                    )
            try:
                cur = conn.execute(
                    "UPDATE poll_votes SET point=?, name=?, name_key=?, cast_at=?, "
                    "changes=changes+1 WHERE proposal_id=? AND voter=?",
                    (point, name, key, _now(), proposal_id, voter),
                )
                if cur.rowcount:
                    return True
                conn.execute(
                    "INSERT INTO poll_votes (proposal_id, voter, name, name_key, point, "
                    "cast_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (proposal_id, voter, name, key, point, _now()),
                )
            except IntegrityError as exc:  # a race on the same name (cannot happen while
                # writers are serialised, kept as the database's own guarantee)
                raise PollError(
                    f"someone else just voted as '{name}'; choose another name."
                ) from exc
        return False

    @staticmethod
    def _claim_released(conn: Db, proposal_id: int, key: str, voter: str) -> None:
        """Move a released vote under ``key`` to ``voter`` (or drop it if ``voter`` has a
        vote of its own, which then carries the name)."""
        released = _released_id(key)
        args = (proposal_id, released)
        if not conn.execute(
            "SELECT 1 FROM poll_votes WHERE proposal_id=? AND voter=?", args
        ).fetchone():
            return
        mine = conn.execute(
            "SELECT 1 FROM poll_votes WHERE proposal_id=? AND voter=?", (proposal_id, voter)
        ).fetchone()
        if mine:
            conn.execute("DELETE FROM poll_votes WHERE proposal_id=? AND voter=?", args)
        else:
            conn.execute(
                "UPDATE poll_votes SET voter=? WHERE proposal_id=? AND voter=?", (voter, *args)
            )

    def release_name(self, proposal_id: int, name: str) -> bool:
        """Free ``name`` for someone who switched phones: the vote cast under it stays in
        the tally and moves to the next device that votes under that name. Returns False
        when nobody voted under that name.

        Raises:
            PollError: unknown or closed proposal.
        """
        key = _name_key(" ".join(str(name).split())[:MAX_NAME])
        proposal = self.get(proposal_id)
        if not proposal.is_open:
            raise PollError(f"proposal #{proposal_id} is closed: votes can no longer change.")
        if not key:
            return False
        with self.store.transaction() as conn:
            return bool(
                conn.execute(
                    "UPDATE poll_votes SET voter=? WHERE proposal_id=? AND name_key=? "
                    "AND voter NOT LIKE ?",
                    (_released_id(key), proposal_id, key, RELEASED + "%"),
                ).rowcount
            )

    def voter_names(self, proposal_id: int) -> list[str]:
        """The names votes were cast under (not anonymous, not already released), sorted."""
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT name FROM poll_votes WHERE proposal_id=? AND name!='' "
                "AND voter NOT LIKE ? ORDER BY name_key",
                (proposal_id, RELEASED + "%"),
            ).fetchall()
        return [str(r[0]) for r in rows]

    def my_vote(self, proposal_id: int, token: str) -> Vote | None:
        """This device's vote on a proposal, if it has voted."""
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT point, name, cast_at, changes FROM poll_votes "
                "WHERE proposal_id=? AND voter=?",
                (proposal_id, _voter_id(token)),
            ).fetchone()
        return None if row is None else Vote(int(row[0]), row[1], row[2], int(row[3]))

    def tally(self, proposal_id: int) -> Tally:
        """Votes per point (one query; cheap enough to run every couple of seconds)."""
        counts = dict.fromkeys(POINTS, 0)
        with self.store.connect() as conn:
            for point, n in conn.execute(
                "SELECT point, COUNT(*) FROM poll_votes WHERE proposal_id=? GROUP BY point",
                (proposal_id,),
            ):
                counts[int(point)] = int(n)
        return Tally(counts)

    def vote_count(self, proposal_id: int) -> int:
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM poll_votes WHERE proposal_id=?", (proposal_id,)
            ).fetchone()
        return int(row[0])

    # ------------------------------------------------------------------ exports
    def history_frame(self) -> pd.DataFrame:
        """One row per proposal: dates, status, votes per point (hidden while an open
        poll's results are hidden), the reading and the recorded outcome."""
        rows = []
        rule = self.decision_rule()
        for p in self.proposals():
            shown = p.revealed or not p.is_open
            tally = self.tally(p.id)
            row: dict[str, object] = {
                "proposal": p.id,
                "title": p.title,
                "opened (UTC)": p.created_at,
                "closed (UTC)": p.closed_at or "",
                "status": p.status,
                "votes": tally.total,
            }
            for g in SCALE:
                row[point_label(g.point)] = tally.counts[g.point] if shown else None
            row["reading"] = read_tally(tally, rule).sentence if shown else "results hidden"
            row["outcome"] = OUTCOMES.get(p.outcome, "")
            row["note"] = p.outcome_note
            rows.append(row)
        return pd.DataFrame(rows)

    def votes_frame(self) -> pd.DataFrame:
        """Every vote on proposals whose results are visible (closed or revealed):
        proposal, title, point, gradient, name ('' for anonymous), cast at. Devices are
        never exported."""
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT p.id, p.title, v.point, v.name, v.cast_at FROM poll_votes v "
                "JOIN poll_proposals p ON p.id = v.proposal_id "
                "WHERE p.revealed = 1 OR p.status = 'closed' ORDER BY p.id, v.cast_at"
            ).fetchall()
        return pd.DataFrame(
            [
                {
                    "proposal": r[0],
                    "title": r[1],
                    "point": r[2],
                    "gradient": gradient(int(r[2])).label,
                    "name": r[3] or "(anonymous)",
                    "cast at (UTC)": r[4],
                }
                for r in rows
            ],
            columns=["proposal", "title", "point", "gradient", "name", "cast at (UTC)"],
        )

    # ---- issue 17: the group's decision rule (a workspace setting, no table of its own)
    def decision_rule(self) -> str:
        """The rule the group chose (DECISION_RULES); the guide's majority by default."""
        value = self.store.get_setting(RULE_SETTING_KEY)
        return value if isinstance(value, str) and value in DECISION_RULES else DEFAULT_RULE

    def set_decision_rule(self, rule: str) -> None:
        """Choose how the group decides.

        Raises:
            PollError: ``rule`` is not one of DECISION_RULES.
        """
        if rule not in DECISION_RULES:
            raise PollError(
                f"unknown decision rule {rule!r}; choose one of {', '.join(DECISION_RULES)}."
            )
        self.store.set_setting(RULE_SETTING_KEY, rule)


def frame_csv(df: pd.DataFrame) -> bytes:
    """A results table as CSV that Excel opens safely (formulas escaped, UTF-8 BOM)."""
    return (
        df.astype(object)
        .map(excel_safe)
        .to_csv(index=False, lineterminator="\r\n")
        .encode("utf-8-sig")
    )


def counts_from(mapping: Mapping[int, int]) -> Tally:
    """A Tally from a partial {point: votes} mapping (missing points count 0)."""
    counts = dict.fromkeys(POINTS, 0)
    for point, n in mapping.items():
        gradient(point)
        counts[point] = int(n)
    return Tally(counts)
