"""Recommendation: how closely to work together, who leads, and how to decide."""

import streamlit as st

from mapping.partnership.recommend import recommend_collaboration
from ui import layout, loaders
from ui import state as k
from ui.panels import recommend as panels

ws = loaders.current_workspace()
layout.page_header(
    "Recommendation",
    "How closely should we work together, who leads, and how do we decide? Answer a few "
    "questions together; the recommendation follows the guide's three levels "
    "(cooperation, then coordination, then collaboration), and every conclusion names "
    "the answer it comes from, so the room can argue with it.",
)
layout.sample_notice(ws)
if ws.is_empty:
    st.info(
        "The workspace is empty, so no answer is pre-filled and there are no partner pairs "
        "to compare. The questions work on their own.",
        icon=":material/info:",
    )
with layout.guard():
    panels.init_answers(ws)
    rec = recommend_collaboration(panels.current_answers())
    questions, result, partners, pairs, notes = st.tabs(
        ["Questions", "Recommendation", "Each partner", "Partner pairs", "Save and export"],
        key=k.RECOMMEND_TAB,
        bind="query-params",
    )
    with questions, layout.guard():
        panels.questionnaire()
        panels.summary(rec)
    with result, layout.guard():
        panels.recommendation_section(rec)
    with partners, layout.guard():
        panels.partners_section(ws, rec.answers)
    with pairs, layout.guard():
        panels.pairs_section(ws)
    with notes, layout.guard():
        panels.save_section(rec, ws)
