"""Loading whole workspaces: folders, workbooks, zips, merge and replace, real files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mapping import load_workspace
from mapping.data import schema as s
from mapping.data.errors import DataFileError
from mapping.data.loading import assign_roles, guess_role, load_files, load_tables, read_any
from mapping.data.reading import read_table
from tests import sample_facts as F
from tests.conftest import ROOT
from tests.unit.helpers import assert_reconciles, csv, load, two_partners

SAMPLE = ROOT / "data" / "sample"


def test_public_api_loads_the_sample_folder() -> None:
    ws = load_workspace(SAMPLE)
    assert ws.counts == {
        s.PARTNERS: {"read": F.PARTNERS, "loaded": F.PARTNERS, "rejected": 0},
        s.SERVICES: {"read": F.SERVICES, "loaded": F.SERVICES, "rejected": 0},
        s.RELATIONSHIPS: {"read": F.RELATIONSHIPS, "loaded": F.RELATIONSHIPS, "rejected": 0},
    }
    assert ws.problems == []
    for p in ws.problems:
        assert {"file", "row", "column", "value", "message", "severity"} <= set(vars(p))


def test_folder_with_other_names_and_no_relationships(tmp_path: Path) -> None:
    (tmp_path / "Partners.CSV").write_bytes(two_partners())
    (tmp_path / "services.tsv").write_bytes(b"service_id\tpartner_id\tcategory\nS1\tP1\tLegal\n")
    (tmp_path / "notes.txt").write_text("not a table")
    ws = load_workspace(tmp_path)
    assert set(ws.counts) == {s.PARTNERS, s.SERVICES}
    assert ws.relationships.empty and list(ws.relationships.columns) == list(
        s.RELATIONSHIPS_SPEC.column_names
    )


def test_missing_partners_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "services.csv").write_bytes(b"service_id,partner_id,category\n")
    with pytest.raises(DataFileError, match="no partners file"):
        load_workspace(tmp_path)
    with pytest.raises(DataFileError, match="no such folder"):
        load_workspace(tmp_path / "missing")


def test_workbook_with_one_sheet_per_file(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Partners"
    sheet.append(["partner_id", "name", "sector", "zip"])
    sheet.append(["P1", "A", "Health", 2138])
    rel = book.create_sheet("relationships")
    rel.append(["source_id", "target_id", "level"])
    rel.append(["P1", "P1", "coordination"])
    path = tmp_path / "community.xlsx"
    book.save(path)
    ws = load_workspace(path)
    assert ws.partners.loc[0, s.ZIP] == "02138"
    assert ws.counts[s.RELATIONSHIPS] == {"read": 1, "loaded": 0, "rejected": 1}
    assert ws.problems[0].file == "community.xlsx [relationships]"


def test_zip_of_csvs(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("export/partners.csv", two_partners())
        zf.writestr("export/services.csv", csv("service_id,partner_id,category", "S1,P2,Work"))
        zf.writestr("__MACOSX/._partners.csv", b"junk")
    path = tmp_path / "export.zip"
    path.write_bytes(buf.getvalue())
    ws = load_workspace(path)
    assert len(ws.partners) == 2 and len(ws.services) == 1


@pytest.mark.parametrize(
    ("name", "header", "role"),
    [
        ("partners.csv", [], s.PARTNERS),
        ("My Services 2024.xlsx", [], None),
        ("book.xlsx [services]", [], s.SERVICES),
        ("upload.csv", ["From", "To", "level"], s.RELATIONSHIPS),
        ("upload.csv", ["service_id", "category"], s.SERVICES),
        ("directory.csv", ["Organization Name", "Zip Code"], s.PARTNERS),
        ("x.csv", ["foo"], None),
        ("org_partners.csv", [], s.PARTNERS),
    ],
)
def test_guess_role(name: str, header: list[str], role: str | None) -> None:
    assert guess_role(name, header) == role


def test_two_tables_with_the_same_role_are_refused() -> None:
    tables = {
        "a.csv": read_table(two_partners(), "a.csv"),
        "partners.csv": read_table(two_partners(), "partners.csv"),
    }
    with pytest.raises(DataFileError, match="both"):
        assign_roles(tables)


def test_merge_updates_by_id_only_given_columns_and_adds_new_rows() -> None:
    base = load(
        csv(
            "partner_id,name,sector,phone",
            "P1,Legal Aid,Legal aid,412-555-0100",
            "P2,Job Center,Workforce development,412-555-0101",
        ),
        csv("service_id,partner_id,category", "S1,P1,Legal"),
    )
    incoming = {
        s.PARTNERS: read_table(
            csv("partner_id,name,sector", "P2,Job Center East,Workforce", "P3,Clinic,Health"),
            "update.csv",
        ),
        s.SERVICES: read_table(
            csv("service_id,partner_id,category", "S2,P3,Medical care", "S3,P2,Job training"),
            "more.csv",
        ),
    }
    ws = load_tables(incoming, base=base, mode="merge")
    got = ws.partners.set_index(s.PARTNER_ID)
    assert list(got.index) == ["P1", "P2", "P3"]
    assert got.loc["P2", s.NAME] == "Job Center East"
    assert got.loc["P2", s.PHONE] == "412-555-0101"  # not in the update: kept
    assert list(ws.services[s.SERVICE_ID]) == ["S1", "S2", "S3"]
    assert ws.counts == {
        s.PARTNERS: {"read": 2, "loaded": 2, "rejected": 0},
        s.SERVICES: {"read": 2, "loaded": 2, "rejected": 0},
    }


def test_merge_checks_references_against_the_base_workspace() -> None:
    base = load(two_partners())
    ws = load_tables(
        {
            s.SERVICES: read_table(
                csv("service_id,partner_id,category", "S1,P1,Legal", "S2,P7,Legal"), "s.csv"
            )
        },
        base=base,
        mode="merge",
    )
    assert list(ws.services[s.SERVICE_ID]) == ["S1"]
    assert [p.value for p in ws.errors] == ["P7"]
    assert len(ws.partners) == 2


def test_replace_starts_from_nothing() -> None:
    base = load(two_partners(), csv("service_id,partner_id,category", "S1,P1,Legal"))
    ws = load_tables(
        {s.PARTNERS: read_table(csv("partner_id,name,sector", "P9,X,Health"), "p.csv")},
        base=base,
        mode="replace",
    )
    assert list(ws.partners[s.PARTNER_ID]) == ["P9"]
    assert ws.services.empty


def test_load_files_by_role(tmp_path: Path) -> None:
    p = tmp_path / "orgs.csv"
    p.write_bytes(two_partners())
    ws = load_files({s.PARTNERS: p, s.SERVICES: csv("service_id,partner_id,category", "S1,P1,ESL")})
    assert len(ws.services) == 1
    with pytest.raises(DataFileError, match="unknown file role"):
        load_files({"clients.csv": p})


def test_read_any_lists_every_sheet_and_zip_member() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("partners.csv", two_partners())
    assert list(read_any(buf.getvalue(), "x.zip")) == ["partners.csv"]
    with pytest.raises(DataFileError, match="no CSV"):
        read_any(_empty_zip(), "empty.zip")


def _empty_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.md", b"hi")
    return buf.getvalue()


# ----------------------------------------------------------------------- real data
@pytest.mark.realdata
def test_ipeds_colleges_as_partners(realdata: Path) -> None:
    """6,256 colleges, Windows-1252, federal header names (INSTNM, ADDR, STABBR ...)."""
    import gzip

    raw = gzip.decompress(
        (realdata / "ipeds_hd2022" / "hd2022_original_cp1252.csv.gz").read_bytes()
    )
    ws = load_files({s.PARTNERS: raw}, overrides={s.PARTNERS: {s.SECTOR: "Education"}})
    assert_reconciles(ws)
    c = ws.counts[s.PARTNERS]
    assert c["read"] == 6256
    assert c["loaded"] + c["rejected"] == 6256
    assert c["loaded"] >= 6200
    by_id = ws.partners.set_index(s.PARTNER_ID)
    assert by_id.loc["100654", s.NAME] == "Alabama A & M University"
    assert by_id.loc["100654", s.ZIP] == "35762"
    assert by_id.loc["100654", s.STATE] == "AL"
    assert by_id.loc["100654", s.WEBSITE] == "https://www.aamu.edu/"
    # The original has no latitude column, only LONGITUD/LATITUDE pairs in later columns.
    assert ws.partners[s.LATITUDE].notna().mean() > 0.95


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("Directory_Of_Job_Centers.csv", 28),
        ("Directory_Of_Homebase_Locations.csv", 26),
        ("Directory_Of_Homeless_Drop-_In_Centers.csv", 5),
        ("DYCD_after-school_programs__Runaway_And_Homeless_Youth.csv", 22),
        ("NYC_Condom_Availability_Program_-_HIV_condom_distribution_locations.csv", 578),
    ],
)
def test_nyc_directories_as_partners(realdata: Path, name: str, read: int) -> None:
    """BOM, 'Zip Code'/'Postcode', names under 'Name'/'Center Name', no ids, no sector."""
    path = realdata / "nyc_open_data_social_services" / name
    ws = load_files({s.PARTNERS: path}, defaults={s.PARTNERS: {s.SECTOR: "Government"}})
    assert_reconciles(ws)
    assert ws.counts[s.PARTNERS]["read"] == read
    assert ws.counts[s.PARTNERS]["loaded"] == read
    assert ws.partners[s.ZIP].str.fullmatch(r"\d{5}|").all()
    assert ws.partners[s.ZIP].ne("").mean() > 0.9
    assert "generated_ids" in {p.kind for p in ws.problems}


@pytest.mark.realdata
def test_community_college_subset_with_published_coordinates(realdata: Path) -> None:
    path = realdata / "ipeds_hd2022" / "hd2022_public_2yr_colleges.csv"
    ws = load_files({s.PARTNERS: path}, overrides={s.PARTNERS: {s.SECTOR: "Education"}})
    assert ws.counts[s.PARTNERS] == {"read": 905, "loaded": 905, "rejected": 0}
    assert ws.problems == [ws.problems[0]]  # only the unused columns are reported
    us = ws.partners[ws.partners[s.STATE] != "PW"]  # Palau is west of the date line
    assert us[s.LATITUDE].between(17, 72).all()
    assert us[s.LONGITUDE].between(-180, -64).all()
