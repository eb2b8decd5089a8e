"""The kickoff meeting: round-robin questions, a per-speaker timer, notes, group agreements.

Kickoff meetings go round the table with a few discussion questions
(docs/domain.md#kickoff-meeting): every
partner answers in turn, someone takes notes, and the group sets its agreements for the
meeting. Here a *meeting* has attendees (partners and guests), its questions, its
agreements, the seconds each speaker has, and where the round is: which question, which
speaker, and the speaker's timer. The order of speakers rotates with each question, so a
different partner opens each one. Everything is kept in the workspace database, so the
facilitator drives it from one screen and everyone else follows on theirs.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from mapping.data import schema as s
from mapping.data import tables
from mapping.data.errors import MappingError
from mapping.data.exports import excel_safe
from mapping.data.store import WorkspaceStore

# The first two are the guide's examples (docs/domain.md#kickoff-meeting); the others
# follow the resource-mapping questions
# and SAMHSA's trauma-informed principles from the same page.
QUESTIONS: tuple[str, ...] = (
    "What is your personal commitment to supporting survivors?",
    "What do you want to get from this collaboration, personally and as a team?",
    # issue 17: the guide's mission-mapping activity
    "Mission mapping: explain your program and your mission in two minutes. Everyone else: "
    "note anything you had misunderstood about this partner, and say it at the end.",
    "What does your organization bring: services, relationships, skills, space?",
    "Who do you already work with, and whom could you introduce to this group?",
    "What would make this partnership safe and trustworthy for you, and for survivors?",
)
AGREEMENTS: tuple[str, ...] = (
    "We start and end on time.",
    "We commit to showing up: we come to every meeting, or send our backup.",
    "One voice at a time; everyone gets a turn, and it is fine to pass.",
    "No client names or details that could identify a survivor.",
    "What is said here stays here unless we agree otherwise.",
    "Step up, step back: make room for voices we hear less, especially survivor leaders.",
    "Disagree with ideas, not people; assume good intent and name the impact.",
    "Take care of yourself: step out whenever you need to.",
)
DEFAULT_SECONDS = 120
MAX_TEXT = 4000


class KickoffError(MappingError):
    """A meeting cannot do what was asked."""


@dataclass(frozen=True)
class Meeting:
    id: int
    title: str
    held_on: str
    attendees: tuple[str, ...]
    questions: tuple[str, ...]
    agreements: tuple[str, ...]
    seconds_per_speaker: int
    question_index: int
    speaker_index: int
    timer_started_at: float | None
    timer_elapsed: float

    @property
    def label(self) -> str:
        return f"{self.title} ({self.held_on})"

    @property
    def question(self) -> str:
        return self.questions[self.question_index] if self.questions else ""

    @property
    def order(self) -> list[str]:
        """Who speaks, in order, on the current question."""
        return speaking_order(self.attendees, self.question_index)

    @property
    def speaker(self) -> str:
        order = self.order
        return order[self.speaker_index] if order else ""

    @property
    def timer_running(self) -> bool:
        return self.timer_started_at is not None

    def elapsed(self, now: float | None = None) -> float:
        """Seconds the current speaker has used."""
        now = time.time() if now is None else now
        running = now - self.timer_started_at if self.timer_started_at is not None else 0.0
        return self.timer_elapsed + max(0.0, running)

    def remaining(self, now: float | None = None) -> float:
        """Seconds left for the current speaker (negative once over time)."""
        return self.seconds_per_speaker - self.elapsed(now)


@dataclass(frozen=True)
class Note:
    id: int
    question_index: int
    speaker: str
    text: str
    author: str
    created_at: str


def speaking_order(attendees: Sequence[str], question_index: int) -> list[str]:
    """The attendees rotated by one place per question: a different partner opens each."""
    people = list(attendees)
    if not people:
        return []
    shift = question_index % len(people)
    return people[shift:] + people[:shift]


def clock(seconds: float) -> str:
    """'1:05' for 65 seconds; '-0:10' once over time."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))  # count down, not up
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def _clean_list(items: Sequence[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for item in items:
        text = " ".join(str(item).split())
        if text and text not in seen:
            seen.append(text[:MAX_TEXT])
    return tuple(seen)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Meetings:
    """Kickoff meetings and their notes in the workspace database of ``store``."""

    def __init__(self, store: WorkspaceStore) -> None:
        self.store = store

    _COLUMNS = (
        "id, title, held_on, attendees, questions, agreements, seconds_per_speaker, "
        "question_index, speaker_index, timer_started_at, timer_elapsed"
    )

    @staticmethod
    def _meeting(row: tuple) -> Meeting:
        return Meeting(
            id=int(row[0]),
            title=row[1],
            held_on=row[2],
            attendees=tuple(json.loads(row[3])),
            questions=tuple(json.loads(row[4])),
            agreements=tuple(json.loads(row[5])),
            seconds_per_speaker=int(row[6]),
            question_index=int(row[7]),
            speaker_index=int(row[8]),
            timer_started_at=row[9],
            timer_elapsed=float(row[10]),
        )

    def create(
        self,
        title: str,
        held_on: dt.date | str,
        attendees: Sequence[str],
        *,
        questions: Sequence[str] = QUESTIONS,
        agreements: Sequence[str] = AGREEMENTS,
        seconds_per_speaker: int = DEFAULT_SECONDS,
    ) -> int:
        """Start a meeting; returns its id."""
        title = " ".join(str(title).split())
        if not title:
            raise KickoffError("give the meeting a name, such as 'Kickoff, March 2026'.")
        questions = _clean_list(questions)
        if not questions:
            raise KickoffError("a round robin needs at least one question.")
        with self.store.transaction() as conn:
            return conn.insert(
                tables.kickoff_meetings,
                {
                    "title": title,
                    "held_on": str(held_on),
                    "created_at": _now(),
                    "attendees": json.dumps(_clean_list(attendees)),
                    "questions": json.dumps(questions),
                    "agreements": json.dumps(_clean_list(agreements)),
                    "seconds_per_speaker": self._seconds(seconds_per_speaker),
                },
            )

    @staticmethod
    def _seconds(value: int) -> int:
        if not 10 <= int(value) <= 3600:
            raise KickoffError(
                f"give each speaker between 10 seconds and an hour; got {value} seconds."
            )
        return int(value)

    def get(self, meeting_id: int) -> Meeting:
        with self.store.connect() as conn:
            row = conn.execute(
                f"SELECT {self._COLUMNS} FROM kickoff_meetings WHERE id=?", (meeting_id,)
            ).fetchone()
        if row is None:
            raise KickoffError(f"there is no meeting #{meeting_id}; pick one from the list.")
        return self._meeting(row)

    def meetings(self) -> list[Meeting]:
        """Every meeting, newest first."""
        with self.store.connect() as conn:
            rows = conn.execute(
                f"SELECT {self._COLUMNS} FROM kickoff_meetings ORDER BY id DESC"
            ).fetchall()
        return [self._meeting(r) for r in rows]

    def update(
        self,
        meeting_id: int,
        *,
        attendees: Sequence[str] | None = None,
        questions: Sequence[str] | None = None,
        agreements: Sequence[str] | None = None,
        seconds_per_speaker: int | None = None,
    ) -> None:
        """Change the set-up of a meeting; the round goes back to its start when the
        attendees or questions change."""
        m = self.get(meeting_id)
        new_attendees = m.attendees if attendees is None else _clean_list(attendees)
        new_questions = m.questions if questions is None else _clean_list(questions)
        if not new_questions:
            raise KickoffError("a round robin needs at least one question.")
        restart = new_attendees != m.attendees or new_questions != m.questions
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE kickoff_meetings SET attendees=?, questions=?, agreements=?, "
                "seconds_per_speaker=? WHERE id=?",
                (
                    json.dumps(new_attendees),
                    json.dumps(new_questions),
                    json.dumps(m.agreements if agreements is None else _clean_list(agreements)),
                    m.seconds_per_speaker
                    if seconds_per_speaker is None
                    else self._seconds(seconds_per_speaker),
                    meeting_id,
                ),
            )
            if restart:
                conn.execute(
                    "UPDATE kickoff_meetings SET question_index=0, speaker_index=0, "
                    "timer_started_at=NULL, timer_elapsed=0 WHERE id=?",
                    (meeting_id,),
                )

    # ------------------------------------------------------------------ the round
    def move(self, meeting_id: int, *, speaker_step: int = 0, question_step: int = 0) -> Meeting:
        """Go to the next/previous speaker or question; the timer resets and waits.

        Past the last speaker of a question, the round moves to the next question's first
        speaker; before the first, to the previous question's last.
        """
        m = self.get(meeting_id)
        q, sp = m.question_index, m.speaker_index
        n_q, n_sp = len(m.questions), max(1, len(m.attendees))
        if question_step:
            q, sp = min(max(q + question_step, 0), n_q - 1), 0
        if speaker_step:
            flat = min(max(q * n_sp + sp + speaker_step, 0), n_q * n_sp - 1)
            q, sp = divmod(flat, n_sp)
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE kickoff_meetings SET question_index=?, speaker_index=?, "
                "timer_started_at=NULL, timer_elapsed=0 WHERE id=?",
                (q, sp, meeting_id),
            )
        return self.get(meeting_id)

    def start_timer(self, meeting_id: int, *, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE kickoff_meetings SET timer_started_at=? "
                "WHERE id=? AND timer_started_at IS NULL",
                (now, meeting_id),
            )

    def pause_timer(self, meeting_id: int, *, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE kickoff_meetings SET timer_elapsed = timer_elapsed + CASE WHEN ? > "
                "timer_started_at THEN ? - timer_started_at ELSE 0 END, timer_started_at=NULL "
                "WHERE id=? AND timer_started_at IS NOT NULL",
                (now, now, meeting_id),
            )

    def reset_timer(self, meeting_id: int) -> None:
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE kickoff_meetings SET timer_started_at=NULL, timer_elapsed=0 WHERE id=?",
                (meeting_id,),
            )

    # ------------------------------------------------------------------ notes
    def add_note(
        self,
        meeting_id: int,
        question_index: int,
        text: str,
        *,
        speaker: str = "",
        author: str = "",
    ) -> int:
        text = str(text).strip()
        if not text:
            raise KickoffError("the note is empty; write what was said, then add it.")
        if len(text) > MAX_TEXT:
            raise KickoffError(f"keep a note under {MAX_TEXT} characters; split it in two.")
        self.get(meeting_id)
        with self.store.transaction() as conn:
            return conn.insert(
                tables.kickoff_notes,
                {
                    "meeting_id": meeting_id,
                    "question_index": int(question_index),
                    "speaker": " ".join(speaker.split()),
                    "text": text,
                    "author": " ".join(author.split())[:80],
                    "created_at": _now(),
                },
            )

    def notes(self, meeting_id: int) -> list[Note]:
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT id, question_index, speaker, text, author, created_at FROM kickoff_notes "
                "WHERE meeting_id=? ORDER BY question_index, id",
                (meeting_id,),
            ).fetchall()
        return [Note(int(r[0]), int(r[1]), r[2], r[3], r[4], r[5]) for r in rows]

    def delete_note(self, note_id: int) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM kickoff_notes WHERE id=?", (note_id,))

    # ------------------------------------------------------------------ exports
    def notes_frame(self, meeting_id: int) -> pd.DataFrame:
        m = self.get(meeting_id)
        return pd.DataFrame(
            [
                {
                    "question": n.question_index + 1,
                    "question text": m.questions[n.question_index]
                    if n.question_index < len(m.questions)
                    else "",
                    "speaker": n.speaker,
                    "note": n.text,
                    "written by": n.author,
                    "written at (UTC)": n.created_at,
                }
                for n in self.notes(meeting_id)
            ],
            columns=[
                "question",
                "question text",
                "speaker",
                "note",
                "written by",
                "written at (UTC)",
            ],
        )

    def notes_csv(self, meeting_id: int) -> bytes:
        df = self.notes_frame(meeting_id).astype(object).map(excel_safe)
        return df.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")

    def minutes_markdown(self, meeting_id: int) -> str:
        """The meeting as a plain-text record: attendees, agreements, each question's notes."""
        m = self.get(meeting_id)
        notes = self.notes(meeting_id)
        lines = [f"# {m.title}", "", f"Date: {m.held_on}", ""]
        lines += ["## Attendees", "", *(f"- {a}" for a in m.attendees), ""]
        lines += ["## Group agreements", "", *(f"- {a}" for a in m.agreements), ""]
        for i, question in enumerate(m.questions):
            lines += [f"## {i + 1}. {question}", ""]
            these = [n for n in notes if n.question_index == i]
            lines += [
                f"- {n.speaker + ': ' if n.speaker else ''}{n.text}"
                + (f" (noted by {n.author})" if n.author else "")
                for n in these
            ] or ["- (no notes)"]
            lines.append("")
        return "\n".join(lines)


# ---- issue 17: attendance across meetings ("commit to showing up")
def attendance_frame(meetings: Sequence[Meeting]) -> pd.DataFrame:
    """Who attended which meeting: one row per attendee (as written in the meetings),
    one column per meeting ("title (date)", oldest first, "yes" or ""), then attended
    ("n of m") and share (%); the least present first."""
    ordered = sorted(meetings, key=lambda m: (m.held_on, m.id))
    columns = [f"{m.title} ({m.held_on})" for m in ordered]
    people: dict[str, str] = {}
    for m in ordered:
        for name in m.attendees:
            people.setdefault(" ".join(name.split()).casefold(), name)
    rows = []
    for key, name in people.items():
        present = [any(" ".join(a.split()).casefold() == key for a in m.attendees) for m in ordered]
        row: dict[str, object] = {"attendee": name}
        row.update({c: "yes" if p else "" for c, p in zip(columns, present, strict=True)})
        row["attended"] = f"{sum(present)} of {len(ordered)}"
        row["share %"] = round(100 * sum(present) / len(ordered)) if ordered else 0
        rows.append(row)
    out = pd.DataFrame(rows, columns=["attendee", *columns, "attended", "share %"])
    return out.sort_values(["share %", "attendee"], kind="stable").reset_index(drop=True)


# issue 17: during the round (mission mapping above all), what the speaking partner wrote
# about itself in its organization form, so the room can hear it and note misconceptions.
PROFILE_FIELDS: tuple[tuple[str, str], ...] = (
    ("Sector", s.SECTOR),
    ("Expertise to share", s.EXPERTISE),
    ("Funds", s.FUNDS),
    ("Successes", s.SUCCESSES),
    ("Barriers", s.BARRIERS),
)


def speaker_profile(partners: pd.DataFrame, speaker: str) -> list[tuple[str, str]]:
    """(label, text) of what the partner named ``speaker`` says about itself (matched on its
    name or id, ignoring case and spacing); [] when no partner has that name. Never its
    contact details or location."""
    key = " ".join(str(speaker).split()).casefold()
    if not key or partners.empty:
        return []
    names = partners[s.NAME].astype(str).map(lambda n: " ".join(n.split()).casefold())
    ids = partners[s.PARTNER_ID].astype(str).str.casefold()
    found = partners[(names == key) | (ids == key)]
    if found.empty:
        return []
    row = found.iloc[0]
    out = []
    for label, column in PROFILE_FIELDS:
        text = str(row.get(column, "") or "")
        if text:
            out.append((label, text.replace(s.LIST_SEPARATOR, ", ")))
    return out
