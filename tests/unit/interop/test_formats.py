"""Recognising uploads (this dashboard's files, an HSDS package, Kumu sheets) and importing."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapping.data import schema as s
from mapping.data.errors import DataFileError
from mapping.data.exports import workspace_zip
from mapping.data.sample import SAMPLE_DIR
from mapping.data.workspace import Workspace
from mapping.interop.formats import (
    DASHBOARD,
    HSDS,
    KUMU,
    ImportOptions,
    detect_format,
    import_files,
)
from mapping.interop.hsds.export import hsds_zip
from mapping.interop.kumu import kumu_workbook
from tests import sample_facts as F
from tests.unit.helpers import csv


def folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


@pytest.mark.parametrize(
    "name",
    [
        "hsds_spec_examples/v3.0_examples_csv",
        "hsds_spec_examples/v3.1-dev_examples_csv",
        "hsds_spec_examples/v2.0_all_resources",
        "ohana_api_sample_csv",
        "hsds_transformer_legal_aid/florida_legal_aid_raw",
        "hsds_transformer_legal_aid/ilao_illinois_hsds_output",
        "hsds_transformer_legal_aid/ilao_illinois_raw",
    ],
)
def test_every_real_hsds_set_is_recognised(realdata: Path, name: str) -> None:
    assert detect_format(folder(realdata / name)) == HSDS


def test_own_exports_are_recognised(sample_ws: Workspace) -> None:
    assert detect_format({"resource-map.zip": workspace_zip(sample_ws)}) == DASHBOARD
    assert detect_format(folder(SAMPLE_DIR)) == DASHBOARD
    assert detect_format({"h.zip": hsds_zip(sample_ws)}) == HSDS
    assert detect_format({"k.xlsx": kumu_workbook(sample_ws)}) == KUMU
    assert detect_format({"connections.csv": csv("From,To,Type", "A,B,x")}) == KUMU
    # This dashboard's relationships file is not a Kumu sheet.
    assert (
        detect_format({"relationships.csv": csv("source_id,target_id,level", "A,B,cooperation")})
        == DASHBOARD
    )


def test_import_files_by_format(sample_ws: Workspace) -> None:
    options = ImportOptions(mode="replace")
    package = hsds_zip(sample_ws, include_contacts=True)
    ws = import_files({"h.zip": package}, HSDS, Workspace(), options)
    assert len(ws.partners) == F.PARTNERS and len(ws.services) == F.SERVICES
    ws = import_files(folder(SAMPLE_DIR), DASHBOARD, Workspace(), options)
    assert len(ws.relationships) == F.RELATIONSHIPS
    start = Workspace(partners=sample_ws.partners, services=sample_ws.services)
    ws = import_files({"k.xlsx": kumu_workbook(sample_ws)}, KUMU, start, ImportOptions())
    assert len(ws.relationships) == F.RELATIONSHIPS


def test_import_files_explains_what_it_cannot_do() -> None:
    with pytest.raises(DataFileError, match="include a partners file"):
        import_files(
            {"services.csv": csv("service_id,partner_id,category", "S1,P1,Legal")},
            DASHBOARD,
            Workspace(),
            ImportOptions(mode="replace"),
        )
    with pytest.raises(DataFileError, match="none of the files looks like"):
        import_files({"notes.csv": csv("a,b", "1,2")}, DASHBOARD, Workspace(), ImportOptions())
    with pytest.raises(DataFileError, match="unknown format"):
        import_files({}, "gif", Workspace(), ImportOptions())


def test_a_sector_for_a_directory_without_one() -> None:
    files = {"partners.csv": csv("partner_id,name", "P1,Job Center")}
    ws = import_files(files, DASHBOARD, Workspace(), ImportOptions(default_sector="Government"))
    assert list(ws.partners[s.SECTOR]) == ["Government"]
