"""Home: what the dashboard is for, what the workspace holds, and its data quality."""

import streamlit as st

from ui import layout, loaders
from ui.panels import home as home_panels

ws = loaders.current_workspace()
layout.page_header(
    "Community resource map",
    "This dashboard shows what each partner offers, where, for whom, and who already works "
    "with whom, so the partnership can see its gaps and overlaps together. Bring in your "
    "partners' own spreadsheets on the Data page: every row is checked and either taken in "
    "or clearly reported.",
)
layout.sample_notice(ws)
if ws.is_empty:
    layout.empty_notice()
else:
    home_panels.metrics(ws)
    home_panels.sector_chart(ws)
    home_panels.category_chart(ws)
home_panels.quality_panel(ws)
st.divider()
home_panels.next_steps()
