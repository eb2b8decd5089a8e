"""Agreement: a draft Memorandum of Understanding from the workspace and the recommendation."""

import streamlit as st

from mapping.partnership import agreement as ag
from ui import layout, loaders
from ui import state as k
from ui.panels import agreement as panels

ws = loaders.current_workspace()
layout.page_header(
    "Partnership agreement",
    "Write down what the partners agreed: a draft Memorandum of Understanding with the "
    "parties, the shared mission, each partner's role, who leads, how you decide, when you "
    "meet, how you communicate, where shared documents live, and your confidentiality "
    "commitments. Every field can be changed before you export it as Word or Markdown.",
)
layout.sample_notice(ws)
if ws.is_empty:
    layout.empty_notice()
else:
    with layout.guard():
        panels.init_draft(ws)
        labels = panels.tabs()
        shown = st.tabs(labels, key=k.AGREEMENT_TAB, bind="query-params")
        tab = dict(zip(labels, shown, strict=True))
        if panels.TAB_DRAFT in tab:
            with tab[panels.TAB_DRAFT], layout.guard():
                st.caption(ag.NOT_LEGAL_ADVICE)
                panels.actions(ws)
                panels.draft_fields(ws)
        with tab[panels.TAB_PREVIEW], layout.guard():
            panels.preview()
