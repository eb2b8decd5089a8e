"""The sidebar every page shares: which workspace is showing, and its size."""

from __future__ import annotations

import streamlit as st

from mapping import schema as s
from mapping.sample import looks_like_sample
from ui import loaders


def render() -> None:
    ws = loaders.current_workspace()
    with st.sidebar:
        st.markdown("**Workspace**")
        label = (
            "Sample community (fictional)"
            if looks_like_sample(ws)
            else ("Your community" if not ws.is_empty else "Empty")
        )
        st.caption(f"{label} · version {ws.version or '-'}")
        st.caption(
            f"{len(ws.partners)} partners · {len(ws.services)} services · "
            f"{len(ws.relationships)} relationships"
        )
        sectors = ws.partners[s.SECTOR].nunique()
        st.caption(f"{sectors} sectors · {ws.services[s.CATEGORY].nunique()} service categories")
