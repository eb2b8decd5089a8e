"""Sustainability: what if a partner leaves, and the checklist that makes the partnership last."""

import streamlit as st

from mapping.partnership import assessments as am
from ui import layout, loaders
from ui import state as k
from ui.layout import flash
from ui.panels import self_assessment as ap
from ui.panels import sustainability as panels

ws = loaders.current_workspace()
layout.page_header(
    "Sustainability",
    "A partnership has to outlast staff turnover, funding changes and crises. See what the "
    "partnership would lose if one partner left, and check together what keeps it going: "
    "more than one person involved, a backup contact, leadership buy-in, funding for "
    "partnership time, and a shared emergency plan.",
)
layout.sample_notice(ws)
if ws.is_empty:
    layout.empty_notice()
else:
    with layout.guard():
        every = loaders.get_assessments().all(am.SUSTAINABILITY)
        seen = ap.visible(every, k.SUSTAIN_MINE)
        flash(k.SUSTAIN_RESULT)
        labels = panels.tabs()
        shown = st.tabs(labels, key=k.SUSTAIN_TAB, bind="query-params")
        tab = dict(zip(labels, shown, strict=True))
        with tab[panels.TAB_LEAVES], layout.guard():
            panels.departure(ws)
        with tab[panels.TAB_CHECK], layout.guard():
            panels.checklist(ws, every, seen)
        if panels.TAB_FILL in tab:
            with tab[panels.TAB_FILL], layout.guard():
                panels.fill_in(ws)
        if panels.TAB_ALL in tab:
            with tab[panels.TAB_ALL], layout.guard():
                panels.all_checklists(every)
