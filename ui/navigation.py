"""The page registry: every page of the app, in menu order, with its section.

app.py builds the navigation from it, and :mod:`ui.routing` uses it to put a page that was
run without app.py back on its feet.
"""

from __future__ import annotations

import streamlit as st


def app_pages() -> dict[str, list[st.Page]]:
    """Sections and their pages (paths relative to app.py)."""
    return {
        "Start": [
            st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
            st.Page("pages/data.py", title="Data", icon=":material/table_edit:"),
        ],
        "Explore": [
            st.Page("pages/map.py", title="Map", icon=":material/map:"),
            st.Page("pages/gaps.py", title="Gaps", icon=":material/location_off:"),
            st.Page("pages/relationships.py", title="Relationships", icon=":material/hub:"),
        ],
        "Meet and decide": [
            st.Page("pages/kickoff.py", title="Kickoff", icon=":material/groups:"),
            st.Page("pages/recommend.py", title="Recommendation", icon=":material/handshake:"),
            st.Page("pages/decide.py", title="Decide", icon=":material/how_to_vote:"),
        ],
        "Keep it going": [
            st.Page(
                "pages/trauma_informed.py", title="Trauma-informed", icon=":material/favorite:"
            ),
            st.Page("pages/sustainability.py", title="Sustainability", icon=":material/eco:"),
            st.Page("pages/agreement.py", title="Agreement", icon=":material/contract:"),
            st.Page("pages/report.py", title="Meeting report", icon=":material/summarize:"),
        ],
    }
