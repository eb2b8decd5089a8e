"""Edits in place and retried rows go through the same checks as an upload."""

from __future__ import annotations

import pandas as pd

from mapping.data import schema as s
from mapping.data.editing import apply_edit, editable_frame, retry_rejected
from mapping.data.workspace import Workspace
from tests.unit.helpers import assert_reconciles, csv, load, two_partners


def _ws() -> Workspace:
    return load(
        two_partners(),
        csv("service_id,partner_id,category", "S1,P1,Legal", "S2,P2,Job training"),
        csv("source_id,target_id,level", "P1,P2,cooperation"),
    )


def test_editable_frame_is_the_file_as_text() -> None:
    df = editable_frame(_ws(), s.SERVICES)
    assert list(df.columns) == list(s.SERVICES_SPEC.column_names)
    assert (df[s.ZIP] == "").all()  # at the partner's location


def test_an_edit_is_checked_and_normalised() -> None:
    ws = _ws()
    df = editable_frame(ws, s.PARTNERS)
    df.loc[0, s.NAME] = "Legal Aid of the Three Rivers"
    df.loc[1, s.SECTOR] = "workforce"
    out = apply_edit(ws, s.PARTNERS, df)
    assert out.errors == []
    assert list(out.partners[s.NAME]) == ["Legal Aid of the Three Rivers", "Job Center"]
    assert out.partners.loc[1, s.SECTOR] == "Workforce development"
    assert len(out.services) == 2 and len(out.relationships) == 1


def test_deleting_a_partner_that_services_use_is_an_error_naming_them() -> None:
    ws = _ws()
    df = editable_frame(ws, s.PARTNERS).iloc[[0]]
    out = apply_edit(ws, s.PARTNERS, df)
    assert sorted((p.file, p.value) for p in out.errors) == [
        (s.RELATIONSHIPS, "P2"),
        (s.SERVICES, "P2"),
    ]


def test_added_rows_and_bad_values_in_an_edit() -> None:
    ws = _ws()
    df = editable_frame(ws, s.SERVICES)
    df = pd.concat(
        [df, pd.DataFrame([{s.SERVICE_ID: "S3", s.PARTNER_ID: "P1", s.CATEGORY: "Sheltr"}])],
        ignore_index=True,
    )
    out = apply_edit(ws, s.SERVICES, df.fillna(""))
    assert [(p.row, p.kind) for p in out.errors] == [(3, "unknown_category")]


def test_retry_rejected_rows_after_fixing_them() -> None:
    ws = load(
        two_partners(),
        csv("service_id,partner_id,category", "S1,P1,Legal", "S2,P1,Sheltr", "S3,P7,ESL"),
    )
    rejected = ws.rejected[s.SERVICES]
    assert list(rejected["row"]) == [2, 3]
    fixed = rejected.copy()
    fixed.loc[fixed[s.SERVICE_ID] == "S2", s.CATEGORY] = "Shelter"
    out = retry_rejected(ws, s.SERVICES, fixed)
    assert list(out.services[s.SERVICE_ID]) == ["S1", "S2"]
    assert out.counts[s.SERVICES] == {"read": 2, "loaded": 1, "rejected": 1}
    assert list(out.rejected[s.SERVICES]["row"]) == [3]
    assert out.errors[0].row == 3  # the original row number is kept
    assert_reconciles(out)
