"""Kickoff: round-robin questions with a per-speaker timer, shared notes, group agreements."""

import streamlit as st

from ui import layout, loaders
from ui import state as k
from ui.panels import kickoff as kickoff_panels

ws = loaders.current_workspace()
layout.page_header(
    "Kickoff meeting",
    "Go round the table: each partner answers the same question in turn, and a different "
    "partner opens each question. The timer keeps turns fair, anyone can add to the shared "
    "notes, and the group agreements stay on screen. Everyone with the link follows along "
    "live; the facilitator moves the round on.",
)
with layout.guard():
    meetings = loaders.get_meetings().meetings()
    kickoff_panels.new_meeting(ws, has_any=bool(meetings))
    meeting = kickoff_panels.pick_meeting()
    if meeting is not None:
        labels = kickoff_panels.tabs()
        tabs = dict(
            zip(labels, st.tabs(labels, key=k.KICKOFF_TAB, bind="query-params"), strict=True)
        )
        with tabs["Round robin"]:
            kickoff_panels.round_robin(meeting.id)
            kickoff_panels.note_form(meeting)
        with tabs["Group agreements"]:
            kickoff_panels.agreements(meeting)
        with tabs["Notes"]:
            kickoff_panels.notes(meeting)
        if kickoff_panels.SETUP_TAB in tabs:
            with tabs[kickoff_panels.SETUP_TAB]:
                kickoff_panels.setup(meeting)
    kickoff_panels.attendance(meetings)
