"""Make sure every page runs inside app.py's shell, even on a first deep link.

Streamlit 1.67 keeps a legacy "pages/ directory" mode: until some session of the server
process has called ``st.navigation`` (and on every AppTest run, which resets it), a link
straight to ``/data`` runs ``pages/data.py`` on its own, without app.py: no page config, no
shared sidebar, and the legacy menu (hidden by ``client.showSidebarNavigation = false``).

Every page calls :func:`ensure_routed` first. When app.py was bypassed on a session's very
first run (a fresh server and a deep link), legacy mode is switched off (what
``st.navigation`` itself does) and the run starts again through app.py; a first run has no
clicks to lose. On any later bypass (AppTest runs) the page draws app.py's shell itself and
carries on, so no click or upload is lost.
"""

from __future__ import annotations

import threading

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui import sidebar
from ui import state as k

PAGE_CONFIG = {
    "page_title": "Community resource map",
    "page_icon": ":material/hub:",
    "layout": "wide",
}

# Per script-run thread: set by app.py, consumed by the page in the same run.
_run = threading.local()


def mark_routed() -> None:
    """Called by app.py just before it runs the page."""
    _run.routed = True
    st.session_state[k.SESSION_STARTED] = True


def ensure_routed() -> None:
    """Called first by every page: make up for app.py if it did not run."""
    routed = getattr(_run, "routed", False)
    _run.routed = False
    if routed:
        return
    first_run = not st.session_state.get(k.SESSION_STARTED, False)
    st.session_state[k.SESSION_STARTED] = True
    if first_run:
        # The same switch st.navigation() flips (streamlit/commands/navigation.py).
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.set_page_config(**PAGE_CONFIG)  # type: ignore[arg-type]
    sidebar.render()
