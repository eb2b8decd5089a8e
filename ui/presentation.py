"""Presentation mode: what a shared screen or projector may show, and how large.

Turned on by the toggle (top of the sidebar) or by ``?present=1`` in the URL, which stays
in the URL across page switches, so a link opens the same mode. While presenting:

* the navigation moves to the top and the sidebar goes away (``st.navigation(position=
  "top")``, ``st.set_page_config(initial_sidebar_state="collapsed")``);
* editing controls are hidden: :func:`ui.permissions.can_edit` is False (facilitation controls
  such as revealing a poll stay, :func:`ui.permissions.can_facilitate`);
* contact names, emails and phone numbers are hidden: every table that may hold them
  goes through :func:`for_display`; :func:`ui.permissions.contacts_visible` says whether
  to show them elsewhere (forms, downloads);
* charts use larger type and the high-contrast palette (:func:`figure`, applied by
  ``ui.layout.chart_block``), and one-sentence readings are set as headings (:func:`lead`);
* everything else a room reads is larger too (:func:`room_type`): body text, questions,
  options, tables, metrics.

Streamlit sizes its text, widgets and tables in ``rem`` (relative to the page's root font
size), so :func:`room_type` only raises the root font size and trims the empty band above
the page. It names the ``html`` element and Streamlit's ``data-testid`` attributes, which
Streamlit keeps stable for testing; never its generated class names, which change between
releases. The style is sent only while presenting.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from mapping.charts.base import for_presenting
from mapping.data.exports import without_contacts
from ui import state as k
from ui.permissions import contacts_visible, is_presenting

PRESENT_PARAM = "present"
_ON = ("1", "true", "yes", "on")


def sync_from_url() -> None:
    """Read ``?present=`` into the session, or put it back after a page switch.

    Call once per run, first thing in app.py. The URL wins when it has the parameter;
    when it does not (Streamlit drops unbound parameters on a page switch) the session's
    mode is written back, so a copied link keeps the mode.
    """
    params = st.query_params
    if PRESENT_PARAM in params:
        st.session_state[k.PRESENTING] = params[PRESENT_PARAM].strip().lower() in _ON
    elif st.session_state.get(k.PRESENTING):
        params[PRESENT_PARAM] = "1"
    presenting = is_presenting()
    st.set_page_config(initial_sidebar_state="collapsed" if presenting else "auto")


def nav_position() -> Any:
    """Where ``st.navigation`` goes: at the top while presenting, so the sidebar can go."""
    return "top" if is_presenting() else "sidebar"


def nav_pages(sections: dict[str, list[Any]]) -> Any:
    """The pages for ``st.navigation``: in their sections, or while presenting one flat
    row, so every page is one click away on the top bar (sections become drop-downs)."""
    if not is_presenting():
        return sections
    return [page for pages in sections.values() for page in pages]


def _flip() -> None:
    on = bool(st.session_state[k.PRESENT_TOGGLE])
    st.session_state[k.PRESENTING] = on
    if on:
        st.query_params[PRESENT_PARAM] = "1"
    else:
        st.query_params.pop(PRESENT_PARAM, None)


def toggle() -> None:
    """The presentation-mode switch: in the sidebar, or at the top while presenting."""
    st.session_state[k.PRESENT_TOGGLE] = is_presenting()
    st.toggle(
        "Presentation mode",
        key=k.PRESENT_TOGGLE,
        on_change=_flip,
        help="For a projector or a shared screen: larger type, no sidebar, no editing, "
        "no contact names, emails or phone numbers. The link keeps the mode (?present=1).",
    )


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` without contact data when :func:`contacts_visible` is False.

    Contact columns are dropped. In a problem report (``column`` and ``value`` columns),
    values found in a contact column are blanked too.
    """
    if contacts_visible():
        return df
    return without_contacts(df)


# Root font size while presenting: Streamlit's body text is 0.875 rem, so 23 px gives body
# text of about 20 px, large enough for the back of a room on a 1280x720 projector.
ROOM_ROOT_PX = 23
_ROOM_CSS = f"""<style>
html {{ font-size: {ROOM_ROOT_PX}px; }}
[data-testid="stMainBlockContainer"] {{ padding-top: 4rem; padding-bottom: 2rem; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 1.9rem; padding-top: 0.2rem;
  padding-bottom: 0.2rem; }}
</style>"""


def room_type() -> None:
    """While presenting: body text, questions, options, tables and metrics a room can read
    (about 20 px at 1280x720), and no empty band above the title. Nothing otherwise."""
    if is_presenting():
        st.html(_ROOM_CSS)


def figure(fig: Any) -> Any:
    """``fig`` as shown now: enlarged and high-contrast while presenting."""
    return for_presenting(fig) if is_presenting() else fig


def lead(text: str) -> None:
    """A one-sentence reading: bold text, or a heading while presenting."""
    if is_presenting():
        st.subheader(text, anchor=False)
    else:
        st.markdown(f"**{text}**")
