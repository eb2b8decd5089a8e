"""Flat 211 exports (iCarol, WellSky, VisionLink): recognised by their headers, imported
without renaming, inactive and hidden records listed, counts reconciled per exported file.

The fixtures in tests/data/directories/ were written for these tests from the documented
columns of each export; every organization in them is fictional.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.interop.directories import ICAROL, RECIPE, VISIONLINK, WELLSKY
from mapping.interop.formats import (
    DASHBOARD,
    HSDS,
    ImportOptions,
    detect_format,
    import_files,
)
from tests.unit.helpers import csv

DATA = Path(__file__).resolve().parents[2] / "data" / "directories"


def files(name: str) -> dict[str, bytes]:
    path = DATA / name
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def run(name: str, fmt: str, **options: object) -> Workspace:
    return import_files(files(name), fmt, Workspace(), ImportOptions(mode="replace", **options))  # type: ignore[arg-type]


def kinds(ws: Workspace) -> dict[tuple[str, int | None], str]:
    return {(p.file, p.row): p.kind for p in ws.problems if p.severity == "error"}


def reconciled(ws: Workspace) -> None:
    for file, c in ws.counts.items():
        assert c["read"] == c["loaded"] + c["rejected"], file
        assert len(ws.rejected[file]) == c["rejected"], file


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("icarol_resources.csv", ICAROL),
        ("wellsky", WELLSKY),
        ("visionlink", VISIONLINK),
    ],
)
def test_each_export_is_recognised_by_its_headers(name: str, fmt: str) -> None:
    assert detect_format(files(name)) == fmt


def test_wellsky_files_named_like_hsds_are_still_wellsky() -> None:
    # ORGANIZATION.csv, LOCATION.csv, PHONE.csv ... are HSDS table names too.
    renamed = {k.lower(): v for k, v in files("wellsky").items()}
    assert detect_format(renamed) == WELLSKY


def test_an_unrecognised_table_goes_to_the_recipe_step() -> None:
    directory = csv("Program,Agency,Street,Zip,Kind", "Pantry,Food Bank,1 Main St,15222,Food")
    assert detect_format({"county-list.csv": directory}) == RECIPE
    assert detect_format({"partners.csv": csv("partner_id,name,sector", "P1,A,Other")}) == (
        DASHBOARD
    )


def test_icarol_agencies_sites_and_programs() -> None:
    ws = run("icarol_resources.csv", ICAROL)
    reconciled(ws)
    assert ws.counts == {"icarol_resources.csv": {"read": 14, "loaded": 11, "rejected": 3}}
    partners = ws.partners.set_index(s.PARTNER_ID)
    assert list(partners.index) == ["1001", "2001", "5001"]
    assert partners.loc["1001", s.NAME] == "Riverside Family Justice Center (fictional)"
    assert partners.loc["1001", s.ADDRESS] == "100 Main Street, Suite 4"
    # -1 means blank: no coordinates, not (-1, -1).
    assert math.isnan(partners.loc["1001", s.LATITUDE])
    assert partners.loc["1001", s.WEBSITE] == "https://riverside.example.org"
    assert partners.loc["1001", s.SECTOR] == "Victim services"
    # A confidential agency keeps no street address.
    assert bool(partners.loc["2001", s.CONFIDENTIAL])
    assert partners.loc["2001", s.ADDRESS] == ""
    services = ws.services.set_index(s.SERVICE_ID)
    assert list(services.index) == ["1004", "1005", "2002", "5002", "5003"]
    # A program whose terms map to no category loads, not yet categorised (issue 16).
    assert services.loc["5003", s.CATEGORY] == s.UNCATEGORISED
    assert ws.uncategorised_terms == {"5003": ("Unlisted Term",)}
    # The program at a site: the site's address, the program's terms and eligibility.
    at_site = services.loc["1004"]
    assert (at_site[s.CATEGORY], at_site[s.ADDRESS], at_site[s.LATITUDE]) == (
        "Victim advocacy",
        "100 Main Street, Suite 4",
        40.4406,
    )
    assert at_site[s.ELIGIBILITY] == "Survivors 18 and over"
    # A program offered at no site is at its agency's location.
    assert bool(services.loc["1005", s.AT_PARTNER_LOCATION])
    assert services.loc["1005", s.CATEGORY] == "Food pantry"
    assert kinds(ws) == {
        ("icarol_resources.csv", 9): "inactive_record",
        ("icarol_resources.csv", 10): "parent_rejected",
        ("icarol_resources.csv", 11): "excluded_record",
    }
    assert [(p.row, p.kind) for p in ws.problems if p.kind == "uncategorised"] == [
        (14, "uncategorised")
    ]
    rejected = ws.rejected["icarol_resources.csv"].set_index("row")
    assert "inactive in iCarol since 2024-03-01" in rejected.loc[9, "reason"]
    warnings = {p.kind for p in ws.problems if p.severity == "warning"}
    assert {"location_not_used", "unmapped_term", "sector_guessed"} <= warnings


def test_icarol_hidden_records_load_when_asked_and_a_default_category_keeps_all() -> None:
    ws = run("icarol_resources.csv", ICAROL, include_hidden=True, default_category="Care")
    reconciled(ws)
    assert "4001" in set(ws.partners[s.PARTNER_ID])
    assert ws.services.set_index(s.SERVICE_ID).loc["5003", s.CATEGORY] == "Care"
    assert kinds(ws) == {
        ("icarol_resources.csv", 9): "inactive_record",
        ("icarol_resources.csv", 10): "parent_rejected",
    }
    hidden = [p for p in ws.problems if p.kind == "excluded_record"]
    assert [(p.row, p.severity) for p in hidden] == [(11, "warning")]


def test_icarol_rejected_rows_of_a_confidential_agency_show_no_street() -> None:
    data = (
        (DATA / "icarol_resources.csv")
        .read_text()
        .replace(
            "2001,-1,-1,-1,Agency,Hillside Safe House (fictional),Confidential emergency shelter.,",
            "2001,-1,-1,-1,Agency,,Confidential emergency shelter.,",
        )
    )
    ws = import_files(
        {"icarol.csv": data.encode()}, ICAROL, Workspace(), ImportOptions(mode="replace")
    )
    reconciled(ws)
    row = ws.rejected["icarol.csv"].set_index("row").loc[7]
    assert row["PhysicalAddress1"] == "" and row["Latitude"] == ""
    assert row["PhysicalPostalCode"] == "15206"


def test_wellsky_organizations_locations_and_services() -> None:
    ws = run("wellsky", WELLSKY)
    reconciled(ws)
    assert ws.counts == {
        "ORGANIZATION.csv": {"read": 4, "loaded": 3, "rejected": 1},
        "LOCATION.csv": {"read": 6, "loaded": 4, "rejected": 2},
        "PHYSICAL_ADDRESS.csv": {"read": 6, "loaded": 4, "rejected": 2},
        "PHONE.csv": {"read": 3, "loaded": 3, "rejected": 0},
        "SERVICES.csv": {"read": 7, "loaded": 5, "rejected": 2},
    }
    partners = ws.partners.set_index(s.PARTNER_ID)
    assert list(partners.index) == ["ORG-10", "ORG-11", "ORG-13"]
    assert partners.loc["ORG-10", s.ADDRESS] == "200 West Adams Street, Floor 3"
    assert partners.loc["ORG-11", s.PHONE] == "312-555-0111"  # its main location's phone
    services = ws.services.set_index(s.SERVICE_ID)
    # One service at two locations; one row per taxonomy term is one service.
    assert list(services.index) == ["SVC-1@LOC-100", "SVC-1@LOC-101", "SVC-2", "SVC-4"]
    assert services.loc["SVC-1@LOC-101", s.ZIP] == "60602"
    assert bool(services.loc["SVC-1@LOC-100", s.AT_PARTNER_LOCATION])
    assert services.loc["SVC-2", s.CATEGORY] == "Shelter"
    assert kinds(ws) == {
        ("ORGANIZATION.csv", 3): "inactive_record",
        ("LOCATION.csv", 4): "parent_rejected",
        ("LOCATION.csv", 6): "inactive_record",
        ("PHYSICAL_ADDRESS.csv", 4): "parent_rejected",
        ("PHYSICAL_ADDRESS.csv", 6): "parent_rejected",
        ("SERVICES.csv", 5): "parent_rejected",
        ("SERVICES.csv", 7): "inactive_record",
    }


def test_visionlink_agencies_services_and_sites() -> None:
    ws = run("visionlink", VISIONLINK)
    reconciled(ws)
    assert ws.counts == {
        "agencies.csv": {"read": 4, "loaded": 3, "rejected": 1},
        "services.csv": {"read": 6, "loaded": 4, "rejected": 2},
        "sites.csv": {"read": 4, "loaded": 3, "rejected": 1},
    }
    services = ws.services.set_index(s.SERVICE_ID)
    assert list(services.index) == ["SV-1@ST-1", "SV-1@ST-2", "SV-2", "SV-3", "SV-5"]
    assert services.loc["SV-1@ST-2", s.CITY] == "Aurora"
    assert services.loc["SV-2", s.CATEGORY] == "Rental assistance"  # a bare AIRS code
    # A confidential site and agency: ZIP only.
    assert services.loc["SV-5", s.ADDRESS] == "" and services.loc["SV-5", s.ZIP] == "80210"
    moved = [p for p in ws.problems if p.kind == "location_not_used"]
    assert [(p.file, p.row) for p in moved] == [("services.csv", 3)]
    assert kinds(ws) == {
        ("agencies.csv", 3): "inactive_record",
        ("services.csv", 4): "parent_rejected",
        ("services.csv", 6): "inactive_record",
        ("sites.csv", 3): "inactive_record",
    }


def test_visionlink_joined_in_one_file() -> None:
    agencies = (DATA / "visionlink" / "agencies.csv").read_text().splitlines()
    header = agencies[0] + ",Service_Id,ServiceSystem_Name,ServiceTaxonomy_ModuleServicepost"
    header += ",Site_Id,SiteAddressus_SiteAddressus_zip"
    joined = csv(
        header,
        agencies[1] + ",SV-1,Victim advocacy,FN-1500,ST-1,80202",
        agencies[1] + ",SV-1,Victim advocacy,FN-1500,ST-2,80011",
        agencies[2] + ",SV-2,Rental help,BH-3800,,",
    )
    ws = import_files({"export.csv": joined}, VISIONLINK, Workspace(), ImportOptions("replace"))
    reconciled(ws)
    assert ws.counts["export.csv"] == {"read": 3, "loaded": 3, "rejected": 0}
    assert list(ws.partners[s.PARTNER_ID]) == ["A-700", "A-701"]
    assert list(ws.services[s.SERVICE_ID]) == ["SV-1@ST-1", "SV-1@ST-2", "SV-2"]
    assert list(ws.services[s.ZIP]) == ["80202", "80011", "80205"]


@pytest.mark.parametrize(("name", "fmt"), [("wellsky", WELLSKY), ("visionlink", VISIONLINK)])
def test_a_merge_keeps_the_workspace(sample_ws: Workspace, name: str, fmt: str) -> None:
    ws = import_files(files(name), fmt, sample_ws, ImportOptions(mode="merge"))
    assert len(ws.partners) == len(sample_ws.partners) + 3
    assert fmt != HSDS


def test_the_term_table_lists_unmapped_terms_first_and_uses_the_saved_mapping() -> None:
    from mapping.interop.directories import build_directory
    from mapping.interop.directories.flat import term_table
    from mapping.interop.formats import read_all_tables

    directory = build_directory(ICAROL, read_all_tables(files("icarol_resources.csv")))
    terms = term_table(directory, {})
    assert terms.iloc[0][["term", "code", "services", "services without a category"]].tolist() == [
        "Unlisted Term",
        "ZZ-9999",
        1,
        1,
    ]
    assert terms.iloc[0]["category"] == "" and terms.iloc[0]["key"] == "unlisted term"
    mapped = term_table(directory, {"unlisted term": "Care"}).set_index("term")
    assert mapped.loc["Unlisted Term", ["category", "how"]].tolist() == ["Care", "your mapping"]
    ws = run("icarol_resources.csv", ICAROL, term_map=(("unlisted term", "Care"),))
    assert ws.counts["icarol_resources.csv"]["rejected"] == 3


def test_exports_in_a_zip_or_a_workbook_are_recognised_too() -> None:
    import io
    import zipfile

    import pandas as pd

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files("wellsky").items():
            zf.writestr(f"export/{name}", data)
    assert detect_format({"wellsky-export.zip": buf.getvalue()}) == WELLSKY
    book = io.BytesIO()
    frame = pd.read_csv(DATA / "icarol_resources.csv", dtype=str, keep_default_na=False)
    frame.to_excel(book, index=False)
    assert detect_format({"icarol.xlsx": book.getvalue()}) == ICAROL
    ws = import_files({"icarol.xlsx": book.getvalue()}, ICAROL, Workspace(), ImportOptions())
    assert ws.counts["icarol.xlsx [Sheet1]"] == {"read": 14, "loaded": 11, "rejected": 3}
