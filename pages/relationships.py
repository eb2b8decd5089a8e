"""Relationships: who works with whom, who bridges sectors, who could meet, where we overlap."""

import streamlit as st

from ui import layout, loaders
from ui.panels import relationships as relationships_panels

ws = loaders.current_workspace()
layout.page_header(
    "Relationships",
    "The working relationships partners recorded, as a network: who is connected to whom "
    "and how closely, which partners bridge sectors, who could introduce whom, where partners "
    "offer the same services to the same places, and which relationships the two sides "
    "describe differently.",
)
layout.sample_notice(ws)
if ws.is_empty:
    layout.empty_notice()
else:
    with layout.guard():
        network = loaders.partner_network(ws)
        if ws.relationships.empty:
            st.info(
                "No relationships are recorded yet: add relationships.csv on the Data page, "
                "or let partners fill in the organization form.",
                icon=":material/hub:",
            )
        else:
            relationships_panels.summary(network)
        graph, brokers, overlaps, discuss, change = st.tabs(
            [
                "Network",
                "Brokers and introductions",
                "Overlaps",
                "Pairs to talk about",
                "Change over time",
            ]
        )
        with graph, layout.guard():
            focus = relationships_panels.focus_picker(ws)
            relationships_panels.network_chart(ws, network, focus)
            relationships_panels.metric_chart(network)
        with brokers, layout.guard():
            relationships_panels.brokers(network)
            relationships_panels.introductions(ws, focus)
        with overlaps, layout.guard():
            relationships_panels.overlaps(ws)
            relationships_panels.sectors(ws)
        with discuss, layout.guard():
            relationships_panels.disagreements(ws, network)
            relationships_panels.two_sided_ties(ws)
        with change, layout.guard():
            relationships_panels.change_over_time(ws)
