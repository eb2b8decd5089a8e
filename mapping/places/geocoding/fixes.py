"""Rows that could not be placed, or whose coordinates look wrong, ready to correct in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import pandas as pd

from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.places.geocoding.pipeline import GEO_FLAGGED, GEO_NOTE, GEO_PRECISION

if TYPE_CHECKING:
    pass


# ------------------------------------------------------------------ fixing placements
FIX_COLUMNS: Final = (s.ADDRESS, s.CITY, s.STATE, s.ZIP, s.LATITUDE, s.LONGITUDE)


def rows_to_check(geocoded: pd.DataFrame, raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Rows not placed, or with coordinates to check, as text cells ready to correct.

    ``geocoded`` is the table after :func:`geocode_frame`, ``raw`` the same table as
    text cells (:func:`mapping.data.editing.editable_frame`). Services at their partner's
    location are left out: correct the partner instead. Columns: the row's key, name,
    ``note``, then :data:`FIX_COLUMNS`.
    """
    key = s.SPECS[file].key[0]
    todo = (geocoded[GEO_PRECISION] == "none") | geocoded[GEO_FLAGGED].astype(bool)
    if s.AT_PARTNER_LOCATION in geocoded.columns:
        todo &= ~geocoded[s.AT_PARTNER_LOCATION].astype(bool)
    picked = geocoded.loc[todo, [key, s.NAME, GEO_NOTE]].rename(columns={GEO_NOTE: "note"})
    cells = raw.set_index(key)[list(FIX_COLUMNS)]
    out = picked.join(cells, on=key)
    for col in FIX_COLUMNS:
        out[col] = out[col].fillna("").astype(str)
    return out.reset_index(drop=True)


def apply_location_fixes(ws: Workspace, file: str, fixes: pd.DataFrame) -> Workspace:
    """The workspace with corrected location cells, re-checked like an upload.

    ``fixes`` has the file's key column and some of :data:`FIX_COLUMNS` (text). Check
    ``.errors`` of the result before saving it.
    """
    from mapping.data.editing import apply_edit, editable_frame

    key = s.SPECS[file].key[0]
    table = editable_frame(ws, file).set_index(key)
    cols = [c for c in FIX_COLUMNS if c in fixes.columns]
    update = fixes.set_index(key)[cols].astype(object).where(fixes.set_index(key)[cols].notna(), "")
    update = update[update.index.isin(table.index)]
    table.loc[update.index, cols] = update.astype(str).to_numpy()
    return apply_edit(ws, file, table.reset_index())
