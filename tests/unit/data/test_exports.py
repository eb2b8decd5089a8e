"""Exports: a lossless zip round trip, Excel-safe cells, templates that load cleanly."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas.testing as pdt
import pytest

from mapping.data import schema as s
from mapping.data.exports import (
    excel_safe,
    export_frame,
    templates_xlsx,
    templates_zip,
    workspace_zip,
)
from mapping.data.loading import assign_roles, load_tables, read_any
from mapping.data.workspace import Workspace
from tests.unit.helpers import csv, load


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 412", "'+1 412"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        ("", ""),
        (-79.9, -79.9),
        (None, None),
    ],
)
def test_excel_safe(value: object, expected: object) -> None:
    assert excel_safe(value) == expected


def _reload(blob: bytes) -> Workspace:
    return load_tables(assign_roles(read_any(blob, "resource-map.zip")))


def test_workspace_zip_round_trips_the_sample_exactly(sample_ws: Workspace) -> None:
    back = _reload(workspace_zip(sample_ws, include_contacts=True))
    for f in s.FILES:
        pdt.assert_frame_equal(sample_ws.frame(f), back.frame(f))
    assert back.problems == []


def test_hostile_cells_are_escaped_in_the_file_and_restored_on_load() -> None:
    ws = load(
        csv(
            "partner_id,name,sector,phone,notes,latitude,longitude,zip",
            'P1,"=HYPERLINK(""http://evil"",""x"")",Health,+1 412 555 0100,@cmd,40.44,-79.99,15222',
        )
    )
    blob = workspace_zip(ws, include_contacts=True)
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        text = zf.read(s.PARTNERS).decode("utf-8-sig")
        names = set(zf.namelist())
    assert names == {s.PARTNERS, s.SERVICES, s.RELATIONSHIPS, "problems.csv", "README.txt"}
    assert "'=HYPERLINK" in text and "'+1 412" in text and "'@cmd" in text
    assert ",40.44,-79.99," in text  # numbers are not escaped
    back = _reload(blob)
    pdt.assert_frame_equal(ws.partners, back.partners)


def test_export_without_contacts(sample_ws: Workspace) -> None:
    back = _reload(workspace_zip(sample_ws))  # without contacts unless asked
    for col in s.CONTACT_COLUMNS:
        assert (back.partners[col] == "").all()
    assert back.partners[s.NAME].equals(sample_ws.partners[s.NAME])


def test_services_at_the_partner_location_export_blank_locations(sample_ws: Workspace) -> None:
    out = export_frame(sample_ws.services, s.SERVICES_SPEC)
    at_partner = sample_ws.services[s.AT_PARTNER_LOCATION].to_numpy()
    assert (out.loc[at_partner, s.ZIP] == "").all()
    assert (out.loc[~at_partner, s.ZIP] != "").all()
    assert s.AT_PARTNER_LOCATION not in out.columns


def test_confidential_locations_never_export_street_level(sample_ws: Workspace) -> None:
    with zipfile.ZipFile(io.BytesIO(workspace_zip(sample_ws))) as zf:
        partners = zf.read(s.PARTNERS).decode("utf-8-sig").splitlines()
    shelters = [line for line in partners if line.startswith(("P02,", "P03,"))]
    assert len(shelters) == 2
    for line in shelters:
        fields = line.split(",")
        assert fields[3] == "" and fields[7] == "" and fields[8] == ""  # address, lat, lon


def test_templates_load_without_problems() -> None:
    ws = load_tables(assign_roles(read_any(templates_zip(), "templates.zip")))
    assert ws.problems == []
    assert ws.counts == {
        s.PARTNERS: {"read": 2, "loaded": 2, "rejected": 0},
        s.SERVICES: {"read": 1, "loaded": 1, "rejected": 0},
        s.RELATIONSHIPS: {"read": 1, "loaded": 1, "rejected": 0},
    }
    book = openpyxl.load_workbook(io.BytesIO(templates_xlsx()))
    assert book.sheetnames == ["partners", "services", "relationships", "lists"]
    lists = [c.value for c in book["lists"][1]]
    assert lists[:3] == ["sector", "category", "category group"]
    xlsx = load_tables(assign_roles(read_any(templates_xlsx(), "template.xlsx")))
    assert xlsx.errors == []


def test_every_export_in_mapping_leaves_contacts_out_by_default() -> None:
    """Every function or class of mapping/ taking include_contacts defaults it to False."""
    import dataclasses
    import importlib
    import inspect
    import pkgutil

    import mapping

    found = []
    for info in pkgutil.walk_packages(mapping.__path__, "mapping."):
        if ".migrations" in info.name:  # Alembic's scripts run only inside a migration
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if getattr(obj, "__module__", None) != info.name:
                continue
            if dataclasses.is_dataclass(obj):
                fields = {f.name: f.default for f in dataclasses.fields(obj)}
                if "include_contacts" in fields:
                    found.append(name)
                    assert fields["include_contacts"] is False, name
            elif inspect.isfunction(obj):
                param = inspect.signature(obj).parameters.get("include_contacts")
                if param is not None and param.default is not inspect.Parameter.empty:
                    found.append(name)
                    assert param.default is False, name
    assert {"workspace_zip", "problems_csv", "hsds_zip", "kumu_workbook"} <= set(found)


def test_the_problem_report_hides_contact_values_unless_asked(sample_ws: Workspace) -> None:
    from mapping.data.exports import problems_csv
    from tests.unit.helpers import csv, load

    ws = load(
        csv("partner_id,name,sector,contact_email", "P90,Clinic,Health,dana.secret@@clinic"),
    )
    assert b"dana.secret@@clinic" not in problems_csv(ws)
    assert b"(hidden)" in problems_csv(ws)
    assert b"dana.secret@@clinic" in problems_csv(ws, include_contacts=True)
