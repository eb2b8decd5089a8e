"""Map: every partner and service on one map, with details beside it, and placement tools."""

import streamlit as st

from ui import layout, loaders, permissions
from ui.panels import map as map_panels

ws = loaders.current_workspace()
layout.page_header(
    "Map",
    "Every partner (large circles, by sector) and service (small dots, by kind of service), "
    "with the relationships between partners. Click a point to see what it offers and with "
    "whom it works. Confidential locations appear only at their ZIP code or city centre.",
)
layout.sample_notice(ws)
if ws.is_empty:
    layout.empty_notice()
else:
    with layout.guard():
        # While presenting, the map comes first and the filters fold away under it.
        presenting = permissions.is_presenting()
        if presenting:
            view = st.container()
            controls = st.expander("Filters and layers", icon=":material/tune:")
        else:
            controls = st.container()
            view = st.container()
        with controls:
            filters = map_panels.filters(ws)
            map_layers, gap_category = map_panels.layers(ws)
            need = map_panels.gap_weight(gap_category)
        data = loaders.map_points(filters)
        geo = loaders.geocoded_workspace()
        with view:
            if presenting:  # the whole width for the map, then what it shows
                clicked = map_panels.map_view(filters, map_layers, gap_category, need)
                map_panels.summary(data)
                map_panels.gap_summary(ws, gap_category, need)
                map_panels.details(geo, data, clicked)
            else:
                map_panels.summary(data)
                map_panels.gap_summary(ws, gap_category, need)
                left, right = st.columns([5, 3], gap="medium")
                with left:
                    clicked = map_panels.map_view(filters, map_layers, gap_category, need)
                with right:
                    map_panels.details(geo, data, clicked)
        st.subheader("The points as a table")
        map_panels.points_table(data)
        st.subheader("Placement")
        map_panels.placement(ws, geo)
