"""Presentation mode: what a shared screen or projector may show.

When presenting (``?present=1`` in the URL, or the sidebar toggle), pages hide contact
names, emails and phone numbers. Every table that can hold contact data goes through
:func:`for_display` before it is shown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping import schema as s

PRESENT_PARAM = "present"


def is_presenting() -> bool:
    """True when this session is in presentation mode."""
    return st.query_params.get(PRESENT_PARAM) == "1"


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` without contact columns when presenting; unchanged otherwise."""
    if not is_presenting():
        return df
    return df.drop(columns=[c for c in s.CONTACT_COLUMNS if c in df.columns])
