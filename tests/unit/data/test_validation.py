"""Validation as a report: each bad-input kind, with file, row, column, value and a fix."""

from __future__ import annotations

import math

import pytest

from mapping.data import schema as s
from tests.unit.helpers import PARTNER_HEADER, assert_reconciles, csv, kinds, load, two_partners


def test_good_rows_load_with_canonical_values() -> None:
    ws = load(
        csv(
            "partner_id,Organization Name,Sector,Zip Code,lat,lng,languages,"
            "populations_served,website,state",
            "P1,Legal Aid,legal services,15222-1234,40.44,-79.99,en|ES;asl,"
            "male|lgbtq,example.org,pennsylvania",
        )
    )
    assert ws.problems == []
    row = ws.partners.iloc[0].to_dict()
    assert row[s.NAME] == "Legal Aid"
    assert row[s.SECTOR] == "Legal aid"
    assert row[s.ZIP] == "15222"
    assert (row[s.LATITUDE], row[s.LONGITUDE]) == (40.44, -79.99)
    assert row[s.LANGUAGES] == "English|Spanish|American Sign Language"
    assert row[s.POPULATIONS] == "Men|LGBTQ+"
    assert row[s.WEBSITE] == "https://example.org"
    assert row[s.STATE] == "PA"
    assert ws.counts == {s.PARTNERS: {"read": 1, "loaded": 1, "rejected": 0}}


def test_missing_required_values_keep_the_row_out() -> None:
    ws = load(
        csv(
            PARTNER_HEADER,
            "P1,,Legal aid,,,",
            ",Nameless id,Health,,,",
            "P3,No sector,,,,",
            "P4,Fine,Health,,,",
        )
    )
    assert kinds(ws) == [
        (s.PARTNERS, 1, s.NAME, "missing_value"),
        (s.PARTNERS, 2, s.PARTNER_ID, "missing_value"),
        (s.PARTNERS, 3, s.SECTOR, "missing_value"),
    ]
    assert all(p.severity == "error" for p in ws.problems)
    assert list(ws.partners[s.PARTNER_ID]) == ["P4"]
    assert list(ws.rejected[s.PARTNERS]["row"]) == [1, 2, 3]
    assert_reconciles(ws)


def test_missing_required_column_rejects_every_row_once() -> None:
    ws = load(csv("partner_id,name", "P1,A", "P2,B"))
    assert kinds(ws) == [(s.PARTNERS, None, s.SECTOR, "missing_column")]
    assert ws.counts[s.PARTNERS] == {"read": 2, "loaded": 0, "rejected": 2}
    assert "sector" in ws.problems[0].message and "template" in ws.problems[0].message


def test_duplicate_ids_name_the_first_row() -> None:
    ws = load(csv(PARTNER_HEADER, "P1,A,Health,,,", "P2,B,Health,,,", "P1,C,Health,,,"))
    (p,) = ws.problems
    assert (p.row, p.column, p.value, p.kind, p.severity) == (
        3,
        s.PARTNER_ID,
        "P1",
        "duplicate_id",
        "error",
    )
    assert "row 1" in p.message
    assert list(ws.partners[s.NAME]) == ["A", "B"]


def test_unknown_sector_and_category_suggest_the_nearest_value() -> None:
    ws = load(
        csv(PARTNER_HEADER, "P1,A,Legall ad,,,", "P2,B,Health,,,"),
        csv("service_id,partner_id,category", "S1,P2,Job Trainin", "S2,P2,Sheltr"),
    )
    messages = {(p.file, p.row): p.message for p in ws.problems}
    assert "Did you mean 'Legal aid'?" in messages[(s.PARTNERS, 1)]
    assert "Did you mean 'Job training'?" in messages[(s.SERVICES, 1)]
    assert "Did you mean 'Shelter'?" in messages[(s.SERVICES, 2)]
    assert [p.kind for p in ws.problems] == [
        "unknown_sector",
        "unknown_category",
        "unknown_category",
    ]


def test_references_to_unknown_or_rejected_partners() -> None:
    ws = load(
        csv(PARTNER_HEADER, "P1,A,Health,,,", "P2,,Health,,,"),
        csv("service_id,partner_id,category", "S1,P1,Medical care", "S2,P9,ESL", "S3,P2,ESL"),
        csv(
            "source_id,target_id,level",
            "P1,P9,cooperation",
            "P2,P1,coordination",
            "P1,P1,collaboration",
        ),
    )
    errors = [(p.file, p.row, p.column, p.value, p.kind) for p in ws.errors]
    assert errors == [
        (s.PARTNERS, 2, s.NAME, "", "missing_value"),
        (s.SERVICES, 2, s.PARTNER_ID, "P9", "unknown_partner"),
        (s.SERVICES, 3, s.PARTNER_ID, "P2", "unknown_partner"),
        (s.RELATIONSHIPS, 1, s.TARGET_ID, "P9", "unknown_partner"),
        (s.RELATIONSHIPS, 2, s.SOURCE_ID, "P2", "unknown_partner"),
        (s.RELATIONSHIPS, 3, s.TARGET_ID, "P1", "self_link"),
    ]
    kept_out = next(p for p in ws.errors if p.file == s.SERVICES and p.value == "P2")
    assert "partners.csv row 2" in kept_out.message
    assert_reconciles(ws)


@pytest.mark.parametrize(
    ("lat", "lon", "needle"),
    [
        ("95", "-79.9", "between -90 and 90, got 95"),
        ("40.4", "-190", "between -180 and 180"),
        ("-79.99", "40.44", "look swapped"),
        ("-100", "40.44", "looks swapped"),
        ("-190", "40.44", "between -90 and 90"),
        ("0", "0", "placeholder"),
        ("40.4", "", "only one of"),
        ("N/A", "-79.9", "expected a number"),
        ("north", "", "expected a number"),
    ],
)
def test_bad_coordinates_warn_and_fall_back_to_zip(lat: str, lon: str, needle: str) -> None:
    ws = load(
        csv(PARTNER_HEADER + ",latitude,longitude", f"P1,A,Health,Pittsburgh,PA,15222,{lat},{lon}")
    )
    assert len(ws.partners) == 1
    assert math.isnan(ws.partners.loc[0, s.LATITUDE])
    assert math.isnan(ws.partners.loc[0, s.LONGITUDE])
    (p,) = ws.problems
    assert p.severity == "warning" and p.kind == "bad_coordinate"
    assert needle in p.message
    assert "ZIP" in p.message


def test_swapped_detection_needs_a_us_row() -> None:
    ws = load(csv("partner_id,name,sector,latitude,longitude", "P1,A,Health,-33.9,18.4"))
    assert ws.problems == []  # Cape Town is real


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15222", "15222"),
        ("15222-1234", "15222"),
        ("152221234", "15222"),
        ("2138", "02138"),
        ("2138-0001", "02138"),
        ("21380001", "02138"),
        (" 15 222 ", "15222"),
        ("501", "00501"),
        ("2138.0", "02138"),
    ],
)
def test_zip_codes_are_normalised(raw: str, expected: str) -> None:
    ws = load(csv("partner_id,name,sector,zip", f'P1,A,Health,"{raw}"'))
    assert ws.problems == []
    assert ws.partners.loc[0, s.ZIP] == expected


@pytest.mark.parametrize("raw", ["ABC 1234", "12", "1522-12", "15222-12345"])
def test_malformed_zip_warns_and_is_left_out(raw: str) -> None:
    ws = load(csv("partner_id,name,sector,zip", f"P1,A,Health,{raw}"))
    (p,) = ws.problems
    assert (p.column, p.value, p.kind, p.severity) == (s.ZIP, raw, "bad_zip", "warning")
    assert ws.partners.loc[0, s.ZIP] == ""


def test_client_data_columns_are_refused_and_never_stored() -> None:
    ws = load(
        csv(
            "partner_id,name,sector,Client Name,DOB,SSN,Case Number,contact_name",
            "P1,A,Health,Maria Lopez,1990-01-01,123-45-6789,C-77,Dana Rivera",
        )
    )
    refused = [(p.column, p.kind, p.severity) for p in ws.problems]
    assert refused == [
        ("Client Name", "client_data", "error"),
        ("DOB", "client_data", "error"),
        ("SSN", "client_data", "error"),
        ("Case Number", "client_data", "error"),
    ]
    assert all("never the people they serve" in p.message for p in ws.problems)
    assert ws.partners.loc[0, s.CONTACT_NAME] == "Dana Rivera"
    dump = ws.partners.to_csv() + repr(ws.problems) + repr(ws.rejected)
    for secret in ("Maria Lopez", "1990-01-01", "123-45-6789", "C-77"):
        assert secret not in dump


def test_social_security_number_in_a_text_cell_rejects_the_row_masked() -> None:
    ws = load(
        csv(
            "partner_id,name,sector,notes",
            "P1,A,Health,client ssn 123-45-6789",
            "P2,B,Health,call 412-555-0100",
        )
    )
    (p,) = ws.problems
    assert (p.row, p.column, p.kind, p.severity) == (1, s.NOTES, "client_data", "error")
    assert p.value == "client ssn ***-**-6789"
    assert "123-45-6789" not in repr(ws.rejected) + repr(ws.problems)
    assert list(ws.partners[s.PARTNER_ID]) == ["P2"]


def test_confidential_locations_lose_street_detail_everywhere() -> None:
    ws = load(
        csv(
            PARTNER_HEADER + ",address,latitude,longitude,confidential_location",
            "P1,Safe House,Victim services,Pittsburgh,PA,15213,12 Hidden Ln,40.45,-79.95,yes",
            "P2,Bad flag,Victim services,Pittsburgh,PA,15213,9 Secret Rd,40.46,-79.94,maybe",
            "P3,Nowhere,Victim services,,,,1 Lost Rd,,,true",
        )
    )
    p1 = ws.partners.set_index(s.PARTNER_ID).loc["P1"]
    assert p1[s.ADDRESS] == "" and math.isnan(p1[s.LATITUDE]) and p1[s.CONFIDENTIAL]
    assert p1[s.ZIP] == "15213"
    assert [(p.row, p.kind, p.severity) for p in ws.problems] == [
        (1, "confidential_stripped", "warning"),
        (2, "bad_value", "error"),
        (3, "confidential_stripped", "warning"),
        (3, "confidential_unplaced", "warning"),
    ]
    dump = ws.partners.to_csv() + repr(ws.problems) + ws.rejected[s.PARTNERS].to_csv()
    for secret in ("Hidden Ln", "Secret Rd", "Lost Rd", "40.45", "40.46", "-79.95"):
        assert secret not in dump


def test_services_at_the_partner_location_inherit_it_and_its_confidentiality() -> None:
    ws = load(
        csv(
            PARTNER_HEADER + ",confidential_location",
            "P1,Shelter,Victim services,Pittsburgh,PA,15213,true",
            "P2,Clinic,Health,Pittsburgh,PA,15222,false",
        ),
        csv(
            "service_id,partner_id,category,zip,city",
            "S1,P1,Shelter,,",
            "S2,P2,Medical care,,",
            "S3,P2,Dental care,15201,",
        ),
    )
    svc = ws.services.set_index(s.SERVICE_ID)
    assert svc.loc["S1", s.AT_PARTNER_LOCATION] and svc.loc["S1", s.CONFIDENTIAL]
    assert svc.loc["S1", s.ZIP] == "15213"
    assert svc.loc["S2", s.ZIP] == "15222" and not svc.loc["S2", s.CONFIDENTIAL]
    assert not svc.loc["S3", s.AT_PARTNER_LOCATION] and svc.loc["S3", s.ZIP] == "15201"


@pytest.mark.parametrize(
    ("column", "raw", "kind", "stored"),
    [
        (s.WEBSITE, "javascript:alert(1)", "bad_url", ""),
        (s.WEBSITE, "data:text/html,<script>", "bad_url", ""),
        (s.WEBSITE, "not a site", "bad_url", ""),
        (s.WEBSITE, "https://ok.example.org", None, "https://ok.example.org"),
        (s.WEBSITE, "www.example.org/path", None, "https://www.example.org/path"),
        (s.CONTACT_EMAIL, "dana at example", "bad_email", "dana at example"),
        (s.STATE, "Ontario", "bad_state", "Ontario"),
        (s.POPULATIONS, "Adults|Yuth", "unknown_population", "Adults|Yuth"),
    ],
)
def test_optional_columns_warn_and_keep_the_row(
    column: str, raw: str, kind: str | None, stored: str
) -> None:
    ws = load(csv(f"partner_id,name,sector,{column}", f'P1,A,Health,"{raw}"'))
    assert len(ws.partners) == 1
    assert ws.partners.loc[0, column] == stored
    assert [p.kind for p in ws.problems] == ([kind] if kind else [])


def test_relationship_values() -> None:
    ws = load(
        two_partners(),
        None,
        csv(
            "source_id,target_id,level,type,trust,since",
            "P1,P2,Collaborating,memorandum of understanding|referrals,4,2019",
            "P2,P1,coop,,9,",
            "P1,P2,cooperation,,,",
        ),
    )
    rel = ws.relationships.iloc[0]
    assert rel[s.LEVEL] == "collaboration"
    assert rel[s.REL_TYPE] == "MOU|Referral"
    assert rel[s.TRUST] == 4
    assert [(p.row, p.column, p.kind) for p in ws.problems] == [
        (2, s.LEVEL, "unknown_level"),
        (2, s.TRUST, "bad_number"),
        (3, s.SOURCE_ID, "duplicate_id"),
    ]
    assert "Did you mean 'cooperation'?" in ws.problems[0].message


def test_service_values() -> None:
    ws = load(
        two_partners(),
        csv(
            "service_id,partner_id,category,service_radius_miles,trauma_informed",
            "S1,P1,immigration,25,yes",
            "S2,P1,Legal,-3,maybe",
            "S3,P2,ged,,",
        ),
    )
    svc = ws.services.set_index(s.SERVICE_ID)
    assert svc.loc["S1", s.CATEGORY] == "Immigration legal aid"
    assert svc.loc["S1", s.RADIUS] == 25.0 and svc.loc["S1", s.TRAUMA_INFORMED]
    assert math.isnan(svc.loc["S2", s.RADIUS]) and svc.loc["S2", s.TRAUMA_INFORMED] is pd_na()
    assert svc.loc["S3", s.CATEGORY] == "GED"
    assert [(p.row, p.column, p.severity) for p in ws.problems] == [
        (2, s.RADIUS, "warning"),
        (2, s.TRAUMA_INFORMED, "warning"),
    ]


def pd_na():  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.NA


def test_partners_without_ids_get_ids_from_names_and_defaults_fill_columns() -> None:
    ws = load(
        csv("Name,City,State", "Legal Aid Society,Pittsburgh,PA", "Legal Aid Society,Erie,PA"),
        defaults={s.PARTNERS: {s.SECTOR: "Legal aid"}},
    )
    assert list(ws.partners[s.PARTNER_ID]) == ["legal-aid-society", "legal-aid-society-2"]
    assert set(ws.partners[s.SECTOR]) == {"Legal aid"}
    assert [p.kind for p in ws.problems] == ["generated_ids"]


def test_unknown_and_duplicate_columns_are_reported_once() -> None:
    ws = load(
        csv(
            "partner_id,name,sector,zip,Postcode,Favourite colour,Borough",
            "P1,A,Health,15222,15213,blue,X",
        )
    )
    assert [(p.column, p.kind) for p in ws.problems] == [
        ("Postcode", "duplicate_column"),
        ("Favourite colour", "unknown_column"),
    ]
    assert "'Borough'" in ws.problems[1].message
    assert ws.partners.loc[0, s.ZIP] == "15222"


def test_ids_that_differ_only_by_case_or_width_are_one_partner_or_a_clear_problem() -> None:
    from tests.unit.helpers import csv, load

    ws = load(
        csv(
            "partner_id,name,sector",
            "P01,Legal Aid,Legal aid",
            "p01,Legal Aid again,Legal aid",
            "\uff30\uff10\uff12,Wide Clinic,Health",  # full-width P02
        ),
        csv("service_id,partner_id,category", "S1,p01,Legal", "S2,P02,Health care"),
    )
    assert list(ws.partners["partner_id"]) == ["P01", "P02"]
    repeat = next(p for p in ws.problems if p.kind == "duplicate_id")
    assert repeat.row == 2 and "differs only by case" in repeat.message
    assert list(ws.services["partner_id"]) == ["P01", "P02"]  # the same partners
    read_as = [p.message for p in ws.problems if p.kind == "id_normalized"]
    assert any("'\uff30\uff10\uff12' was read as 'P02'" in m for m in read_as)
    assert any("'p01' was read as 'P01'" in m for m in read_as)


def test_normalised_values_stay_with_their_rows_when_rows_between_are_kept_out() -> None:
    # Text from a column's distinct values is made once and spread back to the kept rows.
    ws = load(
        two_partners(),
        csv(
            "service_id,partner_id,category,name,zip,state,languages",
            "S1,P1,legal aid,One,15222-1234,pennsylvania,es",
            "S2,P9,Food pantry,Two,15213,PA,en",  # unknown partner: kept out
            "S3,P2,food pantry,Three,2138,ohio,en|es",
            "S4,P1,Legal aid,Four,,,123-45-6789",  # a Social Security number: kept out
            "S5,P2,legal aid,Five,15222,PA,",
        ),
    )
    assert_reconciles(ws)
    got = ws.services[[s.SERVICE_ID, s.CATEGORY, s.ZIP, s.STATE, s.LANGUAGES]]
    assert got.values.tolist() == [
        ["S1", "Legal", "15222", "PA", "Spanish"],
        ["S3", "Food pantry", "02138", "OH", "English|Spanish"],
        ["S5", "Legal", "15222", "PA", ""],
    ]
    assert str(ws.services[s.CATEGORY].dtype) == "str"
    assert "123-45-6789" not in ws.rejected[s.SERVICES].to_csv()
