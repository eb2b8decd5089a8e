"""HSDS import rules, each on a small package in the 3.0 layout with one kind of mess."""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import pytest

from mapping import import_hsds
from mapping.data import schema as s
from mapping.data.errors import DataFileError
from mapping.interop.hsds import hsds_terms
from mapping.interop.hsds.package import read_hsds_package
from tests.unit.helpers import csv, load
from tests.unit.interop.test_hsds_realdata import assert_hsds_reconciles, counts, summary

ORGS = "id,name,description,email,website"
SERVICES = "id,organization_id,name,description,status,eligibility_description,fees_description"
LOCATIONS = "id,location_type,organization_id,name,latitude,longitude"
ADDRESSES = "id,location_id,address_1,city,state_province,postal_code,country,address_type"
SAL = "id,service_id,location_id"
TERMS = "id,code,name,description,parent_id,taxonomy,taxonomy_id"
ATTRIBUTES = "id,link_id,taxonomy_term_id,link_type,link_entity,value"


def write(folder: Path, **files: str) -> Path:
    """A package folder: file stem -> CSV text ('services' -> services.csv)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in files.items():
        (folder / f"{stem}.csv").write_text(text, encoding="utf-8")
    return folder


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


BASIC = {
    "organizations": lines(ORGS, "o1,Legal Aid of Example,Civil legal aid,info@la.org,la.org"),
    "services": lines(SERVICES, "s1,o1,Immigration clinic,T and U visas,active,,Free"),
    "locations": lines(LOCATIONS, "l1,physical,o1,Main office,40.44,-79.99"),
    "addresses": lines(ADDRESSES, "a1,l1,1200 Penn Ave,Pittsburgh,PA,15222,US,physical"),
    "service_at_location": lines(SAL, "x1,s1,l1"),
}


def test_a_clean_package_loads_every_row(tmp_path: Path) -> None:
    ws = import_hsds(write(tmp_path, **BASIC))
    assert counts(ws) == {
        "addresses.csv": (1, 1, 0),
        "locations.csv": (1, 1, 0),
        "organizations.csv": (1, 1, 0),
        "service_at_location.csv": (1, 1, 0),
        "services.csv": (1, 1, 0),
    }
    # No taxonomy: the category comes from the name "Immigration clinic", and the sector
    # (HSDS has none) from that category. Both are said, to be checked.
    assert summary(ws) == {
        ("organizations.csv", "warning", "sector_guessed"): 1,
        ("services.csv", "warning", "category_guessed"): 1,
    }
    partner = ws.partners.iloc[0].to_dict()
    assert partner[s.SECTOR] == "Legal aid"
    assert (partner[s.ADDRESS], partner[s.CITY], partner[s.STATE], partner[s.ZIP]) == (
        "1200 Penn Ave",
        "Pittsburgh",
        "PA",
        "15222",
    )
    assert (partner[s.LATITUDE], partner[s.LONGITUDE]) == (40.44, -79.99)
    assert partner[s.WEBSITE] == "https://la.org"
    service = ws.services.iloc[0].to_dict()
    assert service[s.CATEGORY] == "Immigration legal aid"  # from the name "Immigration clinic"
    assert service[s.AT_PARTNER_LOCATION] and service[s.CITY] == "Pittsburgh"
    assert service[s.COST] == "Free"


def test_padded_ids_still_match_and_are_reported_once_per_column(tmp_path: Path) -> None:
    files = dict(BASIC)
    files["services"] = lines(
        SERVICES,
        "s1, o1 ,Immigration clinic,T and U visas,active,,",
        "s2,o1 ,Legal clinic,,active,,",
    )
    ws = import_hsds(write(tmp_path, **files))
    assert len(ws.services) == 2 and set(ws.services[s.PARTNER_ID]) == {"o1"}
    (padded,) = [p for p in ws.problems if p.kind == "padded"]
    assert (padded.file, padded.row, padded.column, padded.value) == (
        "services.csv",
        1,
        "organization_id",
        " o1 ",
    )
    assert "2 value(s)" in padded.message


def test_literal_backslash_n_becomes_a_line_break(tmp_path: Path) -> None:
    files = dict(BASIC)
    files["services"] = lines(SERVICES, r"s1,o1,Legal clinic,First line\nSecond line,active,,")
    ws = import_hsds(write(tmp_path, **files))
    assert ws.services.iloc[0][s.DESCRIPTION] == "First line\nSecond line"
    (p,) = [p for p in ws.problems if p.kind == "literal_newline"]
    assert (p.file, p.row, p.column, p.value) == (
        "services.csv",
        1,
        "description",
        r"First line\nSecond line",
    )


def test_rows_longer_or_shorter_than_the_header(tmp_path: Path) -> None:
    files = dict(BASIC)
    files["services"] = lines(
        SERVICES,
        "s1,o1,Legal clinic,Wills, trusts and estates,active,,Free,extra",  # unquoted commas
        "s2,o1,Legal help",  # 3 of 7 cells
    )
    ws = import_hsds(write(tmp_path, **files))
    found = [(p.row, p.column, p.value, p.kind) for p in ws.problems if p.kind == "row_length"]
    assert found == [
        (1, None, "Free | extra", "row_length"),
        (2, "description", None, "row_length"),
    ]
    assert "9 cells but the header has 7" in ws.problems[0].message
    assert counts(ws)["services.csv"] == (2, 2, 0)  # both still load, as warned


def test_dangling_ids_are_kept_out_with_the_missing_id(tmp_path: Path) -> None:
    files = dict(BASIC)
    files["services"] = lines(
        SERVICES, "s1,o1,Legal clinic,,active,,", "s2,o9,Ghost clinic,,active,,"
    )
    files["service_at_location"] = lines(SAL, "x1,s1,l1", "x2,s1,l7", "x3,s2,l1")
    files["addresses"] = lines(
        ADDRESSES,
        "a1,l1,1200 Penn Ave,Pittsburgh,PA,15222,US,physical",
        "a2,l5,1 Nowhere St,Pittsburgh,PA,15222,US,physical",
    )
    ws = import_hsds(write(tmp_path, **files))
    dangling = sorted(
        (p.file, p.row, p.column, p.value) for p in ws.problems if p.kind == "dangling_id"
    )
    assert dangling == [
        ("addresses.csv", 2, "location_id", "l5"),
        ("service_at_location.csv", 2, "location_id", "l7"),
        ("services.csv", 2, "organization_id", "o9"),
    ]
    assert all(p.severity == "error" for p in ws.problems if p.kind == "dangling_id")
    # The link of s2 to l1 is fine, but s2 was kept out, so its link is too.
    (link,) = [p for p in ws.problems if p.kind == "parent_rejected"]
    assert (link.file, link.row, link.column, link.value) == (
        "service_at_location.csv",
        3,
        "service_id",
        "s2",
    )
    assert "services.csv row 2" in link.message
    assert counts(ws)["services.csv"] == (2, 1, 1)
    assert counts(ws)["service_at_location.csv"] == (3, 1, 2)
    message = next(p.message for p in ws.problems if p.value == "o9")
    assert "no organization has id 'o9'" in message and "kept out" in message
    assert_hsds_reconciles(ws)
    assert list(ws.rejected["services.csv"].columns)[:3] == ["row", "id", "organization_id"]


def test_impossible_coordinates_are_reported_on_the_location_row(tmp_path: Path) -> None:
    files = dict(BASIC)
    files["locations"] = lines(LOCATIONS, "l1,physical,o1,Main office,100,101")
    ws = import_hsds(write(tmp_path, **files))
    (p,) = [p for p in ws.problems if p.kind == "bad_coordinate"]
    assert (p.file, p.row, p.column, p.value, p.severity) == (
        "locations.csv",
        1,
        "latitude",
        "100, 101",
        "warning",
    )
    assert math.isnan(ws.partners.iloc[0][s.LATITUDE])
    assert ws.partners.iloc[0][s.ZIP] == "15222"  # still placeable by its ZIP code


def test_one_line_and_run_together_addresses_are_split(tmp_path: Path) -> None:
    files = dict(BASIC)
    files["addresses"] = lines(
        ADDRESSES,
        'a1,l1,"1200 Penn Ave, Suite 4, Pittsburgh, PA 15222",,,,US,physical',
    )
    files["organizations"] = lines(ORGS, "o1,Legal Aid,,,", "o2,Bar Association,,,")
    files["locations"] = lines(LOCATIONS, "l1,physical,o1,Main office,,", "l2,physical,o2,HQ,,")
    files["addresses"] += (
        "a2,l2,Bar Foundation150 Court Street2nd FloorBrooklyn,,NY,11201,US,physical\n"
    )
    ws = import_hsds(write(tmp_path, **files))
    p1, p2 = ws.partners.iloc[0], ws.partners.iloc[1]
    assert (p1[s.ADDRESS], p1[s.CITY], p1[s.STATE], p1[s.ZIP]) == (
        "1200 Penn Ave, Suite 4",
        "Pittsburgh",
        "PA",
        "15222",
    )
    assert (p2[s.ADDRESS], p2[s.CITY], p2[s.STATE], p2[s.ZIP]) == (
        "150 Court Street, 2nd Floor",
        "Brooklyn",
        "NY",
        "11201",
    )
    found = [(p.row, p.column, p.value) for p in ws.problems if p.kind == "one_line_address"]
    assert found == [
        (1, "address_1", "1200 Penn Ave, Suite 4, Pittsburgh, PA 15222"),
        (2, "address_1", "Bar Foundation150 Court Street2nd FloorBrooklyn"),
    ]
    assert "'Bar Foundation' before the street was left out" in ws.problems[-1].message or any(
        "'Bar Foundation' before the street" in p.message for p in ws.problems
    )


def test_a_location_that_says_it_is_confidential_keeps_no_street_or_coordinates(
    tmp_path: Path,
) -> None:
    files = dict(BASIC)
    files["locations"] = lines(LOCATIONS, "l1,physical,o1,Safe house,40.44,-79.99")
    files["addresses"] = lines(
        ADDRESSES, "a1,l1,Confidential address,Pittsburgh,PA,15222,US,physical"
    )
    ws = import_hsds(write(tmp_path, **files))
    partner = ws.partners.iloc[0]
    assert partner[s.CONFIDENTIAL] and partner[s.ADDRESS] == ""
    assert math.isnan(partner[s.LATITUDE]) and partner[s.ZIP] == "15222"
    service = ws.services.iloc[0]
    assert service[s.CONFIDENTIAL] and math.isnan(service[s.LATITUDE])
    kinds = {p.kind for p in ws.problems}
    assert "confidential_marked" in kinds
    assert not any("1200" in str(p.value) or "40.44" in str(p.value) for p in ws.problems)


def test_missing_and_repeated_ids_and_contract_checks_name_the_hsds_cell(tmp_path: Path) -> None:
    files = dict(BASIC)
    files["organizations"] = lines(
        ORGS,
        "o1,Legal Aid,,,",
        ",No id,,,",
        "o1,Twin,,,",
        "o3,,,,",  # no name: contract error
    )
    files["services"] = lines(
        SERVICES,
        "s1,o1,Legal clinic,,active,,",
        "s2,o3,Legal clinic,Call 123-45-6789,active,,",  # an SSN: client data
    )
    ws = import_hsds(write(tmp_path, **files))
    found = sorted((p.file, p.row, p.column, p.kind) for p in ws.problems if p.severity == "error")
    assert found == [
        ("organizations.csv", 2, "id", "missing_value"),
        ("organizations.csv", 3, "id", "duplicate_id"),
        ("organizations.csv", 4, "name", "missing_value"),
        # s2's organization o3 was kept out (and it quotes an SSN, masked).
        ("services.csv", 2, "description", "client_data"),
        ("services.csv", 2, "organization_id", "unknown_partner"),
    ]
    ssn = next(p for p in ws.problems if p.kind == "client_data")
    assert ssn.value == "Call ***-**-6789"
    assert counts(ws)["organizations.csv"] == (4, 1, 3)
    assert counts(ws)["services.csv"] == (2, 1, 1)
    assert_hsds_reconciles(ws)


def test_taxonomy_terms_map_through_attributes_codes_parents_and_the_users_choice(
    tmp_path: Path,
) -> None:
    files = dict(BASIC)
    files["services"] = lines(
        SERVICES,
        "s1,o1,Program A,,active,,",
        "s2,o1,Program B,,active,,",
        "s3,o1,Program C,,active,,",
        "s4,o1,Program D,,active,,",
        "s5,o1,Program E,,inactive,,",
    )
    files["service_at_location"] = lines(SAL)
    files["taxonomy_terms"] = lines(
        TERMS,
        "t1,BH-1800.8500,Domestic Violence Shelters,d,,AIRS,",
        "t2,,Emergency,d,,Open Eligibility,",
        "t3,,Disaster Response,d,t2,Open Eligibility,",
        "t4,,Peer Navigators,d,,local,",
        "t5,,Pet fostering,d,,local,",
    )
    files["attributes"] = lines(
        ATTRIBUTES,
        "r1,s1,t1,,service,",
        "r2,s2,t3,,service,",
        "r3,s3,t4,,service,",
        "r4,s4,t5,,service,",
        "r5,s5,t9,,service,",  # no such term
    )
    folder = write(tmp_path, **files)
    ws = import_hsds(folder, term_map={"peer navigator": "Peer support"})
    categories = dict(zip(ws.services[s.SERVICE_ID], ws.services[s.CATEGORY], strict=True))
    # A service is never kept out for its category alone: s4 and s5 load, not yet categorised.
    assert categories == {
        "s1": "Shelter",
        "s2": "Emergency",
        "s3": "Peer support",
        "s4": s.UNCATEGORISED,
        "s5": s.UNCATEGORISED,
    }
    assert ws.uncategorised_terms == {"s4": ("Pet fostering",), "s5": ()}
    kinds = sorted((p.file, p.row, p.kind) for p in ws.problems if p.severity == "error")
    assert kinds == [("attributes.csv", 5, "dangling_id")]
    uncategorised = sorted((p.row, p.value) for p in ws.problems if p.kind == "uncategorised")
    assert uncategorised == [(4, "Pet fostering"), (5, None)]
    (unmapped,) = [p for p in ws.problems if p.kind == "unmapped_term"]
    assert (unmapped.file, unmapped.row, unmapped.column, unmapped.value) == (
        "taxonomy_terms.csv",
        5,
        "name",
        "Pet fostering",
    )
    terms = hsds_terms(read_hsds_package(folder), {"peer navigator": "Peer support"})
    table = terms.set_index("term")[["category", "how", "services without a category"]]
    assert table.to_dict("index") == {
        "Pet fostering": {"category": "", "how": "not mapped", "services without a category": 1},
        "Disaster Response": {
            "category": "Emergency",
            "how": "parent term",
            "services without a category": 0,
        },
        "Domestic Violence Shelters": {
            "category": "Shelter",
            "how": "term name",
            "services without a category": 0,
        },
        "Peer Navigators": {
            "category": "Peer support",
            "how": "your mapping",
            "services without a category": 0,
        },
    }
    assert terms["term"].iloc[0] == "Pet fostering"  # unmapped terms first
    # The user's default category and sector fill the rest, each with a warning.
    ws = import_hsds(folder, default_category="Care", default_sector="Community and faith")
    assert set(ws.services[s.SERVICE_ID]) == {"s1", "s2", "s3", "s4", "s5"}
    assert {p.kind for p in ws.problems} >= {"category_guessed", "inactive_service"}


def test_a_service_at_several_locations_is_one_row_per_location(tmp_path: Path) -> None:
    files = dict(BASIC)
    files["locations"] = lines(
        LOCATIONS, "l1,physical,o1,Main office,40.44,-79.99", "l2,physical,o1,Annex,40.45,-80.0"
    )
    files["addresses"] = lines(
        ADDRESSES,
        "a1,l1,1200 Penn Ave,Pittsburgh,PA,15222,US,physical",
        "a2,l2,1 Grant St,Pittsburgh,PA,15219,US,physical",
    )
    files["service_at_location"] = lines(SAL, "x1,s1,l1", "x2,s1,l2", "x3,s1,l2")
    ws = import_hsds(write(tmp_path, **files))
    rows = ws.services[[s.SERVICE_ID, s.AT_PARTNER_LOCATION, s.ZIP]].values.tolist()
    assert rows == [["s1@l1", True, "15222"], ["s1@l2", False, "15219"]]
    assert [p.kind for p in ws.problems if p.file == "service_at_location.csv"] == [
        "duplicate_link"
    ]


def test_a_zip_with_a_folder_and_a_datapackage_naming_the_files(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("export/orgs-2024.csv", BASIC["organizations"])
        zf.writestr("export/svc.csv", BASIC["services"])
        zf.writestr("export/locations.csv", BASIC["locations"])
        zf.writestr("export/addresses.csv", BASIC["addresses"])
        zf.writestr("export/service_at_location.csv", BASIC["service_at_location"])
        zf.writestr("__MACOSX/export/._svc.csv", b"\x00\x05junk")
        zf.writestr(
            "export/datapackage.json",
            '{"version": "3.0.0", "resources": [{"name": "organization", "path": "orgs-2024.csv"},'
            ' {"name": "service", "path": "svc.csv"}]}',
        )
    ws = import_hsds(buf.getvalue(), name="directory.zip")
    assert "HSDS 3.0.0" in ws.source and "directory.zip" in ws.source
    assert set(ws.counts) == {
        "orgs-2024.csv",
        "svc.csv",
        "locations.csv",
        "addresses.csv",
        "service_at_location.csv",
    }
    assert (len(ws.partners), len(ws.services)) == (1, 1)


def test_a_broken_datapackage_falls_back_to_file_names(tmp_path: Path) -> None:
    folder = write(tmp_path, **BASIC)
    (folder / "datapackage.json").write_text("{not json", encoding="utf-8")
    ws = import_hsds(folder)
    assert len(ws.services) == 1
    assert [p.kind for p in ws.problems if p.file == "datapackage.json"] == ["bad_datapackage"]


def test_without_organizations_the_package_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no organizations table"):
        import_hsds(write(tmp_path, services=BASIC["services"]))
    with pytest.raises(DataFileError, match="no such folder or file"):
        import_hsds(tmp_path / "missing")


def test_merge_updates_partners_with_the_same_id_and_adds_new_ones(tmp_path: Path) -> None:
    base = load(
        csv(
            "partner_id,name,sector,city,state,zip",
            "o1,Old name,Legal aid,,,",
            "p2,Other,Health,,,",
        )
    )
    ws = import_hsds(write(tmp_path, **BASIC), base=base, mode="merge")
    assert list(ws.partners[s.PARTNER_ID]) == ["o1", "p2"]
    assert ws.partners.iloc[0][s.NAME] == "Legal Aid of Example"
    assert len(ws.services) == 1


def test_a_confidential_street_address_is_never_quoted_back(tmp_path: Path) -> None:
    """Marked by this dashboard's attribute: the one-line address and the coordinates of
    the safe house appear in no problem and in no row kept out, used or not."""
    files = dict(BASIC)
    files["locations"] = lines(
        LOCATIONS,
        "l1,physical,o1,Safe house,40.4521,-79.9123",
        "l2,physical,o9,Second house,40.4611,-79.9311",  # no such organization, unused
    )
    files["addresses"] = lines(
        ADDRESSES,
        'a1,l1,"99 Secret St, Pittsburgh, PA 15213",,,,US,physical',
        "a2,l2,7 Hidden Rd,Pittsburgh,PA,15206,US,physical",
    )
    files["taxonomy_terms"] = lines(
        TERMS, "crm:field:confidential_location,confidential_location,Confidential,d,,,"
    )
    files["attributes"] = lines(
        ATTRIBUTES,
        "r1,l1,crm:field:confidential_location,,location,true",
        "r2,l2,crm:field:confidential_location,,location,true",
    )
    ws = import_hsds(write(tmp_path, **files))
    partner = ws.partners.iloc[0]
    assert partner[s.CONFIDENTIAL] and partner[s.ADDRESS] == "" and partner[s.ZIP] == "15213"
    assert math.isnan(partner[s.LATITUDE])
    assert counts(ws)["locations.csv"] == (2, 1, 1)  # l2 belongs to nobody and is unused
    secrets = ("99 Secret", "7 Hidden", "40.45", "40.46", "-79.91", "-79.93")
    report = " ".join(f"{p.value} {p.message}" for p in ws.problems)
    kept_out = " ".join(df.to_csv() for df in ws.rejected.values())
    for secret in secrets:
        assert secret not in report and secret not in kept_out
    assert ws.rejected["addresses.csv"].iloc[0]["address_1"] == ""
    assert ws.rejected["addresses.csv"].iloc[0]["postal_code"] == "15206"
