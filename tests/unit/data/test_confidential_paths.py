"""Confidential means stripped on every path: a merge that marks an existing partner
confidential, its services at its location, the workspace zip, and rows kept out."""

from __future__ import annotations

import io
import math
import zipfile

from mapping.data import schema as s
from mapping.data.exports import workspace_zip
from mapping.data.workspace import Workspace
from tests.unit.helpers import csv, load


def _base() -> Workspace:
    return load(
        csv(
            "partner_id,name,sector,address,city,state,zip,latitude,longitude",
            "P01,Safe Harbor,Housing,12 Hidden Lane,Pittsburgh,PA,15206,40.46,-79.92",
        ),
        csv("service_id,partner_id,name,category", "S01,P01,Beds,Shelter"),
    )


def test_a_merge_marking_a_partner_confidential_strips_it_and_its_services() -> None:
    merged = load(
        csv("partner_id,name,sector,confidential_location", "P01,Safe Harbor,Housing,true"),
        base=_base(),
        mode="merge",
    )
    for frame in (merged.partners, merged.services):
        row = frame.iloc[0]
        assert bool(row[s.CONFIDENTIAL])
        assert row[s.ADDRESS] == ""
        assert math.isnan(row[s.LATITUDE]) and math.isnan(row[s.LONGITUDE])
        assert row[s.ZIP] == "15206"  # still placed at its ZIP code
    assert "confidential_unplaced" not in {p.kind for p in merged.problems}
    with zipfile.ZipFile(io.BytesIO(workspace_zip(merged))) as zf:
        text = b"".join(zf.read(n) for n in zf.namelist()).decode("utf-8-sig")
    assert "Hidden Lane" not in text and "40.46" not in text and "-79.92" not in text


def test_a_row_kept_out_for_a_missing_column_keeps_no_confidential_address() -> None:
    ws = load(
        csv(
            "partner_id,name,address,zip,latitude,longitude,confidential_location",
            "P01,Safe Harbor,12 Hidden Lane,15206,40.46,-79.92,yes",
            "P02,Open Door,5 Main St,15206,40.40,-79.90,no",
        )
    )  # no sector column: every row is kept out
    kept_out = ws.rejected[s.PARTNERS].set_index(s.PARTNER_ID)
    assert kept_out.loc["P01", s.ADDRESS] == ""
    assert kept_out.loc["P01", s.LATITUDE] == "" and kept_out.loc["P01", s.LONGITUDE] == ""
    assert kept_out.loc["P02", s.ADDRESS] == "5 Main St"  # not confidential: kept to fix
