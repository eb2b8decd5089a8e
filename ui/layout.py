"""Layout helpers every page uses: header, errors, chart-with-table blocks, notices."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from mapping.data.errors import MappingError
from mapping.data.sample import looks_like_sample, sample_partner_count
from mapping.data.workspace import Workspace
from ui import permissions, presentation, routing
from ui.text import escape_markdown


def page_header(title: str, intro: str) -> None:
    """The page title and one or two sentences on what the page is for."""
    routing.ensure_routed()
    st.title(title)
    if not permissions.is_presenting():  # on a shared screen the presenter says it
        st.markdown(intro)


def show_error(exc: MappingError) -> None:
    """Show one of the project's own errors as a message a person can act on (its file
    names and quoted values are shown literally, never as formatting)."""
    st.error(escape_markdown(str(exc)), icon=":material/error:")


_SHOW = {
    "success": (st.success, ":material/check_circle:"),
    "info": (st.info, ":material/info:"),
    "warning": (st.warning, ":material/warning:"),
    "error": (st.error, ":material/error:"),
}


def say(key: str, kind: str, text: str) -> None:
    """Leave a message for :func:`flash` to show at the next rerun (kind: success, info,
    warning or error). Call it from a button's callback, where nothing can be drawn."""
    st.session_state[key] = (kind, text, time.monotonic())


def flash(key: str, *, keep_seconds: float | None = None) -> None:
    """Show the message an action left under ``key`` (by :func:`say`, or as ``(kind,
    text)`` or a plain success text): once, or for ``keep_seconds`` when a live fragment
    reruns the page meanwhile. The text may quote names people typed, so it is shown
    literally (markdown escaped)."""
    message = st.session_state.get(key)
    if not message:
        return
    if isinstance(message, str):
        kind, text, at = "success", message, None
    else:
        kind, text, *rest = message
        at = rest[0] if rest else None
    if keep_seconds is None or at is None:
        st.session_state.pop(key, None)
    elif time.monotonic() - at > keep_seconds:
        st.session_state.pop(key, None)
        return
    show, icon = _SHOW.get(str(kind), _SHOW["error"])
    show(escape_markdown(str(text)), icon=icon)


@contextmanager
def guard() -> Iterator[None]:
    """Catch the project's own errors at the page boundary and show them."""
    try:
        yield
    except MappingError as exc:
        show_error(exc)


TABLE_BESIDE_MAX_COLUMNS = 3


def chart_block(
    fig: object,
    table: pd.DataFrame,
    reading: str,
    *,
    key: str,
    table_label: str = "The numbers",
    table_below: bool = False,
) -> None:
    """A chart with its one-sentence reading above and its table beside it.

    The table is the accessible alternative to the chart: same numbers, readable by a
    screen reader and copyable. ``table_below`` gives a wide chart (a network) the whole
    width and puts the table under it. In presentation mode the reading is a heading, the
    chart takes the whole width with larger type and high-contrast colours, and the table
    folds away under it. The reading may quote names people typed (partners, proposals), so
    it is shown literally (markdown escaped) here, once for every caller.
    """
    reading = escape_markdown(reading)
    if permissions.is_presenting():
        presentation.lead(reading)
        st.plotly_chart(  # theme=None: our black type, not Streamlit's grey
            presentation.figure(fig),
            key=key,
            width="stretch",
            theme=None,
            config={"displaylogo": False},
        )
        with st.expander(table_label):
            st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_table")
        return
    st.markdown(f"**{reading}**")
    # Beside the chart a table has about 450 px at 1280x720: more than three columns
    # would be cut off at the right ("par", "vo"), so such a table goes under the chart.
    if table_below or len(table.columns) > TABLE_BESIDE_MAX_COLUMNS:
        st.plotly_chart(fig, key=key, width="stretch", config={"displaylogo": False})
        st.caption(table_label)
        st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_table")
        return
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.plotly_chart(fig, key=key, width="stretch", config={"displaylogo": False})
    with right:
        st.caption(table_label)
        st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_table")


def sample_notice(ws: Workspace, *, on_data_page: bool = False) -> None:
    """Say plainly when the workspace is the fictional sample community.

    Not while presenting (the room has heard it; the first screen is for the page). Only
    the facilitator, who can load files, is told where to load them.
    """
    if permissions.is_presenting():
        return
    if not looks_like_sample(ws):
        fictional = sample_partner_count(ws)
        if fictional:
            where = "in the **Edit** tab" if on_data_page else "on the **Data** page (Edit)"
            st.warning(
                f"{fictional} of the {len(ws.partners)} partners are **fictional "
                f"organizations of the sample community**, mixed with your own. Remove them "
                f"{where}, or load your files again with **Replace**.",
                icon=":material/warning:",
            )
        return
    text = (
        "You are looking at the **sample community**: every organization, person and "
        "phone number in it is fictional (the places are real: Pittsburgh and Allegheny "
        "County, PA)."
    )
    if permissions.can_edit():
        text += (
            " Load your partners' own files in the **Upload** tab below."
            if on_data_page
            else " Load your partners' own files on the **Data** page."
        )
    st.info(text, icon=":material/info:")


def empty_notice() -> None:
    st.warning(
        "The workspace is empty. Load your partners' files, or the sample community, "
        "on the **Data** page.",
        icon=":material/upload_file:",
    )
