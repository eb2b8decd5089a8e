"""Trauma-informed: each partner rates itself on SAMHSA's six principles and the four Rs."""

import streamlit as st

from mapping.partnership import assessments as am
from ui import layout, loaders
from ui import state as k
from ui.layout import flash
from ui.panels import self_assessment as ap
from ui.panels import trauma_informed as panels

ws = loaders.current_workspace()
layout.page_header(
    "Trauma-informed partnership",
    "Each partner rates itself on SAMHSA's six principles of a trauma-informed approach and "
    "on the four Rs (realize, recognize, respond, resist re-traumatization); the "
    "partnership sees where it stands together, what to work on first, and how that "
    "changes from one assessment to the next.",
)
layout.sample_notice(ws)
if ws.is_empty:
    layout.empty_notice()
else:
    with layout.guard():
        every = loaders.get_assessments().all(am.TRAUMA)
        seen = ap.visible(every, k.TRAUMA_MINE)
        subject = panels.view_picker(ws, seen)
        flash(k.TRAUMA_RESULT)
        labels = panels.tabs()
        shown = st.tabs(labels, key=k.TRAUMA_TAB, bind="query-params")
        tab = dict(zip(labels, shown, strict=True))
        with tab[panels.TAB_RESULTS], layout.guard():
            panels.results(ws, subject, every, seen)
        with tab[panels.TAB_TIME], layout.guard():
            panels.over_time(ws, subject, every, seen)
        if panels.TAB_FILL in tab:
            with tab[panels.TAB_FILL], layout.guard():
                panels.fill_in(ws)
        if panels.TAB_ALL in tab:
            with tab[panels.TAB_ALL], layout.guard():
                panels.all_assessments(every)
        panels.presenting_note()
        panels.trauma_responses()
        st.caption(
            "Source: SAMHSA, *Concept of Trauma and Guidance for a Trauma-Informed Approach* "
            "(HHS Publication No. SMA 14-4884, 2014). A self-assessment starts a conversation; "
            "it is not an audit."
        )
