"""Decide: a proposal, rated by everyone on the eight-point Gradients of Agreement scale."""

import streamlit as st

from ui import device, layout, loaders
from ui.panels import decide as decide_panels

layout.page_header(
    "Decide together",
    "The facilitator puts a proposal to the group; everyone rates it from their own phone "
    "or laptop on an eight-point scale, from full endorsement to veto, with or without "
    "their name. The spread of the votes shows whether the group can decide or should "
    "keep talking. Results stay hidden until the facilitator shows them.",
)
token = device.voter_token()
with layout.guard():
    # The live vote first: it is what a phone opening the link and a projector need.
    chosen = decide_panels.pick_proposal()
    decide_panels.proposal_options(chosen)
    if chosen is not None:
        decide_panels.live_proposal(chosen.id, token)
    proposals = loaders.get_polls().proposals()
    decide_panels.new_proposal(has_open=any(p.is_open for p in proposals))
    decide_panels.decision_rule()
    decide_panels.scale_explainer()
    st.divider()
    decide_panels.history()
