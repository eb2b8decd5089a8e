"""Make sure every page runs inside app.py, even on a first deep link.

Streamlit 1.67 keeps a legacy "pages/ directory" mode: until some session of the server
process has called ``st.navigation``, a link straight to ``/data`` runs ``pages/data.py``
on its own, without app.py: no page config, no sign-in gate, no shared sidebar, and the
legacy menu. ``st.navigation`` switches that mode off for the whole process, so it can only
happen on the very first run of a fresh server. Every page calls :func:`ensure_routed`
first (through ``ui.layout.page_header``); a page that finds app.py did not run switches
the mode off the same way ``st.navigation`` does and runs again, now through app.py,
before it has shown anything. (AppTest resets the mode on every run; tests/app/conftest.py
pins it off, as a real server has it.)
"""

from __future__ import annotations

import threading

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

PAGE_CONFIG = {
    "page_title": "Community resource map",
    "page_icon": ":material/hub:",
    "layout": "wide",
}

# Per script-run thread: set by app.py, consumed by the page in the same run. (Not session
# state: if the sign-in gate stops a run, no mark is left behind for the next one.)
_run = threading.local()


def mark_routed() -> None:
    """Called by app.py just before it runs the page."""
    _run.routed = True


def ensure_routed() -> None:
    """Called first by every page: run again through app.py if it was bypassed."""
    routed = getattr(_run, "routed", False)
    _run.routed = False
    if not routed:
        PagesManager.uses_pages_directory = False  # what st.navigation() itself does
        st.rerun()
