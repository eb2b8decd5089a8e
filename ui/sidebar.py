"""What every page shares: the exposure guard, sign-in, the presentation switch, the
sidebar (role, workspace summary) and the link to the current view."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from mapping.analysis.overview import relationship_counts
from mapping.data import schema as s
from mapping.data.sample import sample_partner_count
from ui import access, loaders, permissions, presentation, workspace_switch


def render() -> None:
    """Before the page: warnings, the sign-in gate, then the sidebar (none while presenting)."""
    access.exposure_guard()
    access.gate()
    workspace_switch.forget_other_workspace()
    if permissions.is_presenting():
        presentation.room_type()
        presentation.toggle()  # the way out, at the top of the page
        return
    ws = loaders.current_workspace()
    with st.sidebar:
        presentation.toggle()
        access.role_panel()
        st.divider()
        st.markdown("**Workspace**")
        fictional = sample_partner_count(ws)
        if ws.is_empty:
            label = "Empty"
        elif fictional == len(ws.partners):
            label = "Sample community (fictional)"
        elif fictional:
            label = f"Your community, with {fictional} fictional sample partners"
        else:
            label = "Your community"
        st.caption(f"{label} · version {ws.version or '-'}")
        pairs, rows = relationship_counts(ws.relationships)
        st.caption(
            f"{len(ws.partners)} partners · {len(ws.services)} services · "
            f"{pairs} relationships (partner pairs" + (f"; {rows} rows)" if rows != pairs else ")")
        )
        sectors = ws.partners[s.SECTOR].nunique()
        st.caption(f"{sectors} sectors · {ws.services[s.CATEGORY].nunique()} service categories")


def view_link() -> str | None:
    """The address of this page with its filters and selection (None outside a browser)."""
    base = st.context.url
    if not base:
        return None
    params = st.query_params
    pairs = [(key, value) for key in params for value in params.get_all(key)]
    return f"{base}?{urlencode(pairs)}" if pairs else base


def share_view() -> None:
    """After the page: the link that reopens this view, ready to copy."""
    if permissions.is_presenting():
        return
    link = view_link()
    if not link:
        return
    with st.sidebar, st.expander("Link to this view", icon=":material/link:"):
        st.caption(
            "Opens this page with the same filters and selection. Whoever opens it still "
            "sees only what their role allows."
        )
        st.code(link, language=None, wrap_lines=True)
