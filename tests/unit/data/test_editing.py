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
    assert out.counts[s.SERVICES] == {"read": 3, "loaded": 2, "rejected": 1}
    assert list(out.rejected[s.SERVICES]["row"]) == [3]
    assert out.errors[0].row == 3  # the original row number is kept
    assert_reconciles(out)


def _with_broken_partner() -> Workspace:
    """P7 is kept out (no sector), and so are its service and its relationship."""
    return load(
        csv(
            "partner_id,name,sector,city,state,zip",
            "P1,Legal Aid,Legal aid,Denver,CO,80202",
            "P2,Job Center,Workforce development,Denver,CO,80203",
            "P7,Safe House,,Denver,CO,80204",
        ),
        csv(
            "service_id,partner_id,category",
            "S1,P1,Legal",
            "S2,P2,Job training",
            "S3,P7,Shelter",
            "S4,P2,Sheltr",
        ),
        csv("source_id,target_id,level", "P1,P2,cooperation", "P7,P1,coordination"),
    )


def test_fixing_a_partner_brings_back_the_rows_that_depended_on_it() -> None:
    ws = _with_broken_partner()
    assert list(ws.rejected[s.SERVICES][s.SERVICE_ID]) == ["S3", "S4"]
    assert len(ws.rejected[s.RELATIONSHIPS]) == 1
    fixed = ws.rejected[s.PARTNERS].copy()
    fixed.loc[fixed[s.PARTNER_ID] == "P7", s.SECTOR] = "Housing"
    out = retry_rejected(ws, s.PARTNERS, fixed)
    assert list(out.partners[s.PARTNER_ID]) == ["P1", "P2", "P7"]
    assert list(out.services[s.SERVICE_ID]) == ["S1", "S2", "S3"]
    assert [(r[s.SOURCE_ID], r[s.TARGET_ID]) for _, r in out.relationships.iterrows()] == [
        ("P1", "P2"),
        ("P7", "P1"),
    ]
    assert out.counts == {
        s.PARTNERS: {"read": 3, "loaded": 3, "rejected": 0},
        s.SERVICES: {"read": 4, "loaded": 3, "rejected": 1},
        s.RELATIONSHIPS: {"read": 2, "loaded": 2, "rejected": 0},
    }
    # S4 was kept out for its own reason: still listed, with its reason and its problem.
    assert list(out.rejected[s.SERVICES][s.SERVICE_ID]) == ["S4"]
    assert [(p.file, p.row, p.kind) for p in out.errors] == [(s.SERVICES, 4, "unknown_category")]
    assert_reconciles(out)


def test_a_partner_still_broken_keeps_its_dependents_listed_with_their_reason() -> None:
    ws = _with_broken_partner()
    out = retry_rejected(ws, s.PARTNERS, ws.rejected[s.PARTNERS])
    assert list(out.rejected[s.SERVICES][s.SERVICE_ID]) == ["S3", "S4"]
    assert "partner 'P7' was kept out" in out.rejected[s.RELATIONSHIPS]["reason"].iloc[0]
    assert sorted((p.file, p.row) for p in out.errors) == [
        (s.PARTNERS, 3),
        (s.RELATIONSHIPS, 2),
        (s.SERVICES, 3),
        (s.SERVICES, 4),
    ]
    assert_reconciles(out)


def test_adding_the_missing_partner_in_the_editor_brings_back_its_rows() -> None:
    ws = _with_broken_partner()
    df = editable_frame(ws, s.PARTNERS)
    extra = dict.fromkeys(df.columns, "") | {
        s.PARTNER_ID: "P7",
        s.NAME: "Safe House",
        s.SECTOR: "Housing",
        s.ZIP: "80204",
    }
    out = apply_edit(ws, s.PARTNERS, pd.concat([df, pd.DataFrame([extra])], ignore_index=True))
    assert list(out.services[s.SERVICE_ID]) == ["S1", "S2", "S3"]
    assert len(out.relationships) == 2
    assert list(out.rejected[s.SERVICES][s.SERVICE_ID]) == ["S4"]
    assert [(p.file, p.row) for p in out.errors] == [(s.SERVICES, 4)]
    assert_reconciles(out)


def test_an_edit_keeps_the_rows_kept_out_of_other_files_counted() -> None:
    ws = _with_broken_partner()
    df = editable_frame(ws, s.SERVICES)
    df.loc[0, s.NAME] = "Walk-in clinic"
    out = apply_edit(ws, s.SERVICES, df)
    assert list(out.rejected[s.PARTNERS][s.PARTNER_ID]) == ["P7"]
    assert (s.PARTNERS, 3) in {(p.file, p.row) for p in out.errors}
    assert_reconciles(out)


def test_a_merged_partners_file_that_fixes_a_partner_brings_back_its_rows() -> None:
    from mapping.data.editing import carry_kept_out
    from mapping.data.loading import load_tables
    from tests.unit.helpers import table

    ws = _with_broken_partner()
    fixed = csv("partner_id,name,sector", "P7,Safe House,Housing")
    merged = load_tables({s.PARTNERS: table(fixed, s.PARTNERS)}, base=ws, mode="merge")
    assert "S3" not in set(merged.services[s.SERVICE_ID])  # the merge alone loses S3 ...
    assert s.SERVICES not in merged.rejected  # ... and forgets it was ever kept out
    out = carry_kept_out(ws, merged, reported={s.PARTNERS}, changed={s.PARTNERS})
    assert list(out.services[s.SERVICE_ID]) == ["S1", "S2", "S3"]
    assert len(out.relationships) == 2
    assert list(out.rejected[s.SERVICES][s.SERVICE_ID]) == ["S4"]
    assert out.counts[s.SERVICES] == {"read": 4, "loaded": 3, "rejected": 1}
    assert [(p.file, p.row) for p in out.errors] == [(s.SERVICES, 4)]
    assert_reconciles(out)


def test_an_organization_form_keeps_the_rows_kept_out_listed() -> None:
    from mapping.data.submission import organization_workspace

    ws = _with_broken_partner()
    out = organization_workspace(
        ws,
        {s.PARTNER_ID: "P7", s.NAME: "Safe House", s.SECTOR: "Housing", s.ZIP: "80204"},
        [{s.SERVICE_ID: "S3", s.CATEGORY: "Shelter"}],
        [{s.TARGET_ID: "P1", s.LEVEL: "coordination"}],
    )
    assert out.errors[0].row == 4 and out.errors[0].file == s.SERVICES  # S4, still listed
    assert list(out.rejected[s.SERVICES][s.SERVICE_ID]) == ["S4"]
    assert "P7" in set(out.partners[s.PARTNER_ID])
    assert_reconciles(out)
