"""Gaps: where no partner is within reach, which services hang on one partner, who is left out."""

import streamlit as st

from ui import layout, loaders, permissions
from ui.panels import gaps as gaps_panels
from ui.panels import gaps_people

ws = loaders.current_workspace()
layout.page_header(
    "Coverage gaps",
    "For every ZIP area of the region and every kind of service: how far the nearest partner "
    "is, whether any partner is near enough, and how many residents (or people in need) "
    "that leaves out. Then the services only one partner offers, "
    "and the languages and groups nobody serves. Use it to decide together what to build or "
    "whom to invite next.",
)
layout.sample_notice(ws)
if ws.is_empty:
    layout.empty_notice()
elif ws.services.empty:
    st.info(
        "No services are loaded yet: gaps are measured from the services partners offer. "
        "Add them on the Data page.",
        icon=":material/upload_file:",
    )
else:
    with layout.guard():
        # While presenting, the choices and figures fold away so the chart comes first.
        folded = permissions.is_presenting()
        with st.expander("Region, categories and figures") if folded else st.container():
            view = gaps_panels.controls(ws)
            if view is not None:
                gaps_panels.metrics(view)
        if view is not None:
            where, single, add, who, trauma, money, radii, need = st.tabs(
                [
                    "Where the gaps are",
                    "Single points of failure",
                    "Where to add a provider",
                    "Languages and groups",
                    "Trauma-informed",
                    "Funding",
                    "Distances that count",
                    "Need layers",
                ]
            )
            with where, layout.guard():
                gaps_panels.heatmap(view)
                gaps_panels.distances(view)
            with single, layout.guard():
                gaps_panels.single_points(view)
            with add, layout.guard():
                gaps_people.where_to_add(view)
            with who, layout.guard():
                gaps_panels.languages_and_groups(view)
            with trauma, layout.guard():
                gaps_panels.trauma_informed(view)
            with money, layout.guard():
                gaps_panels.funding(view)
            with radii, layout.guard():
                gaps_panels.radii_editor(view)
            with need, layout.guard():
                gaps_people.need_layers()
            gaps_panels.download(view)
        gaps_panels.placement_notice(ws)
        gaps_panels.uncategorised_notice(ws)
        gaps_panels.attribution()
