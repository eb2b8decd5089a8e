"""The Kickoff page's blocks: pick or start a meeting, the round robin with its timer,
notes, group agreements, and the meeting's set-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from mapping.data.workspace import Workspace
from mapping.meeting import kickoff as ko
from mapping.meeting.kickoff import KickoffError, Meeting, Note
from ui import loaders, permissions
from ui import state as k
from ui.layout import flash, guard, say
from ui.text import escape_markdown

# The timer is shown to the second on every open Kickoff page.
REFRESH_SECONDS = 1
TABS = ["Round robin", "Group agreements", "Notes"]
SETUP_TAB = "Set up"


def _flash() -> None:
    flash(k.KICKOFF_RESULT)


def _say(kind: str, text: str) -> None:
    say(k.KICKOFF_RESULT, kind, text)


def _label(m: Meeting) -> str:
    return f"#{m.id} {m.label}"


def _lines(text: object) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def _seconds_input(where: Any, value: int, key: str) -> None:
    """How long each person speaks, in ``where`` (a column, or ``st``)."""
    where.number_input(
        "Seconds per speaker", min_value=10, max_value=3600, value=value, step=15, key=key
    )


# ------------------------------------------------------------------------------ meetings
def _create(names: dict[str, str]) -> None:
    if not permissions.can_edit():
        _say("error", "Only the facilitator can start a meeting.")
        return
    state = st.session_state
    attendees = [names.get(p, p) for p in state.get(k.KICKOFF_NEW_PARTNERS) or []]
    attendees += _lines(state.get(k.KICKOFF_NEW_GUESTS))
    try:
        meetings = loaders.get_meetings()
        mid = meetings.create(
            str(state.get(k.KICKOFF_NEW_TITLE) or ""),
            state.get(k.KICKOFF_NEW_DATE) or dt.date.today(),
            attendees,
            seconds_per_speaker=int(state.get(k.KICKOFF_NEW_SECONDS) or ko.DEFAULT_SECONDS),
        )
    except KickoffError as exc:
        _say("error", str(exc))
        return
    state[k.KICKOFF_MEETING] = _label(meetings.get(mid))
    _say("success", "The meeting is ready. Start the timer when the first speaker begins.")


def new_meeting(ws: Workspace, has_any: bool) -> None:
    """The facilitator's form to start a meeting."""
    if not permissions.can_edit():
        return
    names = ws.partner_names()
    with (
        st.expander("Start a new meeting", expanded=not has_any, icon=":material/add:"),
        st.form(k.KICKOFF_NEW_FORM, border=False),
    ):
        c1, c2, c3 = st.columns([3, 2, 2])
        c1.text_input("Meeting", value="Partnership kickoff", key=k.KICKOFF_NEW_TITLE)
        c2.date_input("Date", value=dt.date.today(), key=k.KICKOFF_NEW_DATE)
        _seconds_input(c3, ko.DEFAULT_SECONDS, k.KICKOFF_NEW_SECONDS)
        st.multiselect(
            "Partners at the table, in speaking order",
            list(names),
            format_func=lambda p: names.get(p, p),
            key=k.KICKOFF_NEW_PARTNERS,
            placeholder="Choose the organizations present",
        )
        st.text_area(
            "Other people at the table (one per line)",
            key=k.KICKOFF_NEW_GUESTS,
            placeholder="Survivor leader advisory board\nCity council office",
        )
        st.caption(
            "The meeting starts with suggested questions and group agreements; once it has "
            "started you can change them in its Set up tab."
        )
        st.form_submit_button(
            "Start the meeting", key=k.KICKOFF_NEW_SUBMIT, on_click=_create, args=(names,)
        )


def pick_meeting() -> Meeting | None:
    meetings = loaders.get_meetings().meetings()
    if not meetings:
        st.info(
            "No meeting yet. The facilitator starts one here: who is at the table, the "
            "questions, and how long each person speaks.",
            icon=":material/groups:",
        )
        return None
    by_label = {_label(m): m for m in meetings}
    label = st.selectbox("Meeting", list(by_label), key=k.KICKOFF_MEETING, bind="query-params")
    return by_label.get(str(label)) if label else None


def tabs() -> list[str]:
    return [*TABS, SETUP_TAB] if permissions.can_edit() else TABS


# ------------------------------------------------------------------------------ the round
def _move(meeting_id: int, speaker_step: int = 0, question_step: int = 0) -> None:
    if permissions.can_facilitate():
        loaders.get_meetings().move(
            meeting_id, speaker_step=speaker_step, question_step=question_step
        )


def _timer(meeting_id: int, start: bool) -> None:
    if not permissions.can_facilitate():
        return
    meetings = loaders.get_meetings()
    (meetings.start_timer if start else meetings.pause_timer)(meeting_id)


def _controls(m: Meeting) -> None:
    if not permissions.can_facilitate():
        return
    cols = st.columns(5)
    cols[0].button(
        "Pause" if m.timer_running else "Start timer",
        key=k.KICKOFF_PAUSE if m.timer_running else k.KICKOFF_START,
        on_click=_timer,
        args=(m.id, not m.timer_running),
        icon=":material/pause:" if m.timer_running else ":material/play_arrow:",
        type="primary",
        width="stretch",
    )
    moves = (
        ("Previous speaker", k.KICKOFF_PREVIOUS, (m.id, -1), ":material/skip_previous:"),
        ("Next speaker", k.KICKOFF_NEXT, (m.id, 1), ":material/skip_next:"),
        ("Previous question", k.KICKOFF_PREVIOUS_QUESTION, (m.id, 0, -1), None),
        ("Next question", k.KICKOFF_NEXT_QUESTION, (m.id, 0, 1), None),
    )
    for col, (label, key, args, icon) in zip(cols[1:], moves, strict=True):
        col.button(label, key=key, on_click=_move, args=args, icon=icon, width="stretch")


def _note_text(n: Note) -> str:
    """A note as markdown, every user text escaped (a note is never markdown, HTML or an
    image: an image note would make every viewer's browser fetch an outside address)."""
    speaker = f"{escape_markdown(n.speaker)}: " if n.speaker else ""
    return speaker + escape_markdown(n.text)


def _order_list(m: Meeting) -> str:
    lines = []
    for i, person in enumerate(m.order):
        mark = "✓ " if i < m.speaker_index else ("▶ **" if i == m.speaker_index else "")
        end = "** (speaking)" if i == m.speaker_index else ""
        lines.append(f"{i + 1}. {mark}{escape_markdown(person)}{end}")
    return "\n".join(lines)


def _speaker_profile(speaker: str) -> None:
    """What the speaking partner wrote about itself (its organization form), if any."""
    profile = ko.speaker_profile(loaders.current_workspace().partners, speaker)
    if profile:
        st.markdown(
            "  \n".join(
                f"**{escape_markdown(label)}:** {escape_markdown(text)}" for label, text in profile
            )
        )


@st.fragment(run_every=REFRESH_SECONDS)
def round_robin(meeting_id: int) -> None:
    """The current question, speaker and timer, refreshed every second on every page."""
    with guard():
        meetings = loaders.get_meetings()
        m = meetings.get(meeting_id)
        n_q = len(m.questions)
        st.caption(f"Question {m.question_index + 1} of {n_q}")
        (st.title if permissions.is_presenting() else st.header)(
            escape_markdown(m.question), anchor=False
        )
        if not m.attendees:
            st.warning(
                "Nobody is at the table yet. The facilitator adds the people present in "
                "the Set up tab (outside presentation mode)."
            )
            return
        left, right = st.columns([3, 2], gap="large")
        remaining = m.remaining()
        with left:
            st.subheader(f"Speaking now: {escape_markdown(m.speaker)}", anchor=False)
            st.metric(
                "Time left" if remaining >= 0 else "Over time",
                ko.clock(remaining),
                delta=None if m.timer_running else "timer paused",
                delta_color="off",
                delta_arrow="off",
            )
            if remaining < 0:
                st.warning(
                    f"Time is up for {escape_markdown(m.speaker)}.", icon=":material/timer_off:"
                )
            nxt = m.speaker_index + 1
            st.caption(
                f"Next: {escape_markdown(m.order[nxt])}"
                if nxt < len(m.order)
                else (
                    "Last speaker on this question."
                    if m.question_index + 1 < n_q
                    else "Last speaker of the round."
                )
            )
            _speaker_profile(m.speaker)
        with right:
            st.markdown("**Speaking order on this question**")
            st.markdown(_order_list(m))
        _controls(m)
        these = [n for n in meetings.notes(m.id) if n.question_index == m.question_index]
        if these:
            st.markdown("**Notes on this question**")
            st.markdown("\n".join(f"- {_note_text(n)}" for n in these))


def _add_note(meeting_id: int) -> None:
    if not permissions.can_take_part():
        _say("error", "Sign in to add notes.")
        return
    state = st.session_state
    try:
        meetings = loaders.get_meetings()
        m = meetings.get(meeting_id)
        meetings.add_note(
            m.id,
            m.question_index,
            str(state.get(k.KICKOFF_NOTE_TEXT) or ""),
            speaker=m.speaker,
            author=str(state.get(k.KICKOFF_NOTE_AUTHOR) or ""),
        )
    except KickoffError as exc:
        _say("error", str(exc))
        return
    _say("success", f"Note added for {m.speaker or 'this question'}.")


def note_form(m: Meeting) -> None:
    """Anyone at the meeting can take notes; they go to the current question and speaker."""
    _flash()
    if not permissions.can_contribute():
        return
    with st.form(k.KICKOFF_NOTE_FORM, clear_on_submit=True):
        st.text_area(
            "Add to the shared notes (for the current speaker and question)",
            key=k.KICKOFF_NOTE_TEXT,
            max_chars=ko.MAX_TEXT,
            placeholder="What was said, in a sentence or two. Never a client's name.",
        )
        st.text_input("Noted by (optional)", key=k.KICKOFF_NOTE_AUTHOR)
        st.form_submit_button(
            "Add to the notes", key=k.KICKOFF_NOTE_ADD, on_click=_add_note, args=(m.id,)
        )


# ------------------------------------------------------------------------------ agreements
def agreements(m: Meeting) -> None:
    st.markdown(
        "What we agree on for this meeting. Read them out at the start; anyone can point "
        "back to them."
    )
    big = permissions.is_presenting()
    for i, item in enumerate(m.agreements, start=1):
        if big:
            st.subheader(f"{i}. {escape_markdown(item)}", anchor=False)
        else:
            st.markdown(f"{i}. {escape_markdown(item)}")
    if not m.agreements:
        st.info("No group agreements yet.")


# ------------------------------------------------------------------------------ notes
def _delete_note(note_id: int) -> None:
    if permissions.can_edit():
        loaders.get_meetings().delete_note(note_id)


def notes(m: Meeting) -> None:
    meetings = loaders.get_meetings()
    all_notes = meetings.notes(m.id)
    if not all_notes:
        st.info("No notes yet. Add them on the Round robin tab as people speak.")
    for i, question in enumerate(m.questions):
        these = [n for n in all_notes if n.question_index == i]
        if not these:
            continue
        st.markdown(f"**{i + 1}. {escape_markdown(question)}**")
        for n in these:
            text = _note_text(n)
            by = f" (noted by {escape_markdown(n.author)})" if n.author else ""
            if permissions.can_edit():
                c1, c2 = st.columns([12, 1])
                c1.markdown(f"- {text}{by}")
                c2.button(
                    "",
                    key=f"{k.KICKOFF_NOTE_DELETE_PREFIX}{n.id}",
                    on_click=_delete_note,
                    args=(n.id,),
                    icon=":material/delete:",
                    help="Delete this note",
                )
            else:
                st.markdown(f"- {text}{by}")
    downloads = (
        (
            "Download the minutes (Markdown)",
            meetings.minutes_markdown(m.id),
            f"kickoff-{m.held_on}.md",
            "text/markdown",
            k.KICKOFF_MINUTES_MD,
        ),
        (
            "Download the notes (CSV)",
            meetings.notes_csv(m.id),
            f"kickoff-notes-{m.held_on}.csv",
            "text/csv",
            k.KICKOFF_NOTES_CSV,
        ),
    )
    for col, (label, data, name, mime, key) in zip(st.columns(2), downloads, strict=True):
        col.download_button(label, data, name, mime, key=key, icon=":material/download:")


# ------------------------------------------------------------------------------ set-up
# The meeting's lists, one per line in the set-up: (Meeting field, label, key, height).
_SETUP_LISTS = (
    ("attendees", "At the table, in speaking order (one per line)", k.KICKOFF_SETUP_ATTENDEES, 200),
    ("questions", "Round-robin questions (one per line)", k.KICKOFF_SETUP_QUESTIONS, 160),
    ("agreements", "Group agreements (one per line)", k.KICKOFF_SETUP_AGREEMENTS, 200),
)


def _save_setup(meeting_id: int) -> None:
    if not permissions.can_edit():
        _say("error", "Only the facilitator can change the meeting.")
        return
    state = st.session_state
    lists = {field: _lines(state.get(f"{key}_{meeting_id}")) for field, _, key, _ in _SETUP_LISTS}
    try:
        loaders.get_meetings().update(
            meeting_id,
            **lists,
            seconds_per_speaker=int(
                state.get(f"{k.KICKOFF_SETUP_SECONDS}_{meeting_id}") or ko.DEFAULT_SECONDS
            ),
        )
    except KickoffError as exc:
        _say("error", str(exc))
        return
    _say("success", "Saved. If the people or questions changed, the round starts again.")


def setup(m: Meeting) -> None:
    if not permissions.can_edit():
        return
    _flash()
    with st.form(f"{k.KICKOFF_SETUP_FORM}_{m.id}"):
        for field, label, key, height in _SETUP_LISTS:
            st.text_area(
                label, value="\n".join(getattr(m, field)), key=f"{key}_{m.id}", height=height
            )
        _seconds_input(st, m.seconds_per_speaker, f"{k.KICKOFF_SETUP_SECONDS}_{m.id}")
        st.form_submit_button(
            "Save the set-up", key=k.KICKOFF_SETUP_SAVE, on_click=_save_setup, args=(m.id,)
        )


# ---- issue 17: attendance across meetings ("commit to showing up")
def attendance(meetings: list[Meeting]) -> None:
    if len(meetings) < 2:
        return
    with st.expander("Attendance across meetings", icon=":material/event_available:"):
        st.caption("Who came to which meeting; the least present first.")
        st.dataframe(ko.attendance_frame(meetings), hide_index=True, key="kickoff_attendance_table")
