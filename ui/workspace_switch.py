"""A session's drafts belong to the workspace they were made for.

The saved work of a workspace is archived at a Replace (``mapping.meeting.saved_work``);
what a session holds in memory (answers on the Recommendation page, the agreement draft
on screen, the report's title, the chosen meeting) is forgotten the same way, on the
first run after the workspace changed, so no page mixes two workspaces.
"""

from __future__ import annotations

import streamlit as st

from ui import loaders
from ui import state as k


def forget_other_workspace() -> None:
    """Drop this session's per-workspace state when the current workspace is another."""
    current = loaders.workspace_id()
    state = st.session_state
    if k.WORKSPACE_SEEN in state and state[k.WORKSPACE_SEEN] != current:
        for key in list(state.keys()):
            name = str(key)
            if name in k.PER_WORKSPACE_KEYS or (
                name.startswith(k.PER_WORKSPACE_PREFIXES) and not name.endswith("_tab")
            ):
                del state[key]
    state[k.WORKSPACE_SEEN] = current
