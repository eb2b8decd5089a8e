"""Checks the Import tab shows before anything is saved, besides the problem report
(issue 16): coordinates far from their own ZIP code."""

from __future__ import annotations

import streamlit as st

from mapping.data.workspace import Workspace
from mapping.places.accuracy import far_from_zip
from mapping.places.geocoding import FAR_FROM_ZIP_MILES
from ui import state as k


def far_from_zip_block(preview: Workspace) -> None:
    """Locations whose coordinates are far from the centre of their own ZIP code."""
    far = far_from_zip(preview)
    if far.empty:
        return
    st.warning(
        f"{len(far)} location(s) have coordinates more than {FAR_FROM_ZIP_MILES:g} miles from "
        "the centre of their own ZIP code: either the coordinates or the ZIP code is wrong. "
        "They are imported as they are and drawn where the coordinates say; check them in "
        "the source directory, or correct them on the Edit tab after importing.",
        icon=":material/wrong_location:",
    )
    st.dataframe(far, hide_index=True, key=k.IMPORT_FAR_FROM_ZIP)
