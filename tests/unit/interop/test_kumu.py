"""Kumu element and connection sheets: export, and relationships back in."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from mapping import import_kumu, kumu_workbook
from mapping.data import schema as s
from mapping.data.errors import DataFileError
from mapping.data.loading import load_tables
from mapping.data.reading import raw_table_from_frame
from mapping.data.workspace import Workspace
from mapping.interop.kumu import kumu_frames
from tests import sample_facts as F
from tests.unit.helpers import csv, load

PARTNERS = csv(
    "partner_id,name,sector,city,state,zip,confidential_location,contact_name",
    "P1,Legal Aid,Legal aid,Pittsburgh,PA,15222,false,Dana",
    "P2,Safe Haven,Victim services,Pittsburgh,PA,15213,true,Ann",
    "P3,Job Center,Workforce development,Pittsburgh,PA,15219,false,",
)


@pytest.fixture
def base() -> Workspace:
    return load(
        PARTNERS,
        csv("service_id,partner_id,category", "S1,P1,Legal", "S2,P1,Immigration legal aid"),
    )


def connections(*rows: str) -> dict[str, bytes]:
    return {"connections.csv": csv("From,To,Type,Strength,Tags,Direction", *rows)}


def test_the_workbook_has_kumu_sheets_and_no_street_addresses(sample_ws: Workspace) -> None:
    book = openpyxl.load_workbook(io.BytesIO(kumu_workbook(sample_ws)))
    assert book.sheetnames == ["Elements", "Connections"]
    elements = [c.value for c in book["Elements"][1]]
    assert elements[:5] == ["ID", "Label", "Type", "Description", "Tags"]
    assert "Contact" not in elements and "Address" not in elements
    assert [c.value for c in book["Connections"][1]][:4] == ["From", "To", "Type", "Direction"]
    assert book["Connections"].max_row == len(sample_ws.relationships) + 1


def test_elements_tag_partners_with_their_service_categories(base: Workspace) -> None:
    elements, _ = kumu_frames(base, include_contacts=True)
    row = elements.set_index("ID").loc["P1"]
    assert (row["Label"], row["Type"], row["Tags"]) == (
        "Legal Aid",
        "Legal aid",
        "Legal|Immigration legal aid",
    )
    assert elements.set_index("ID").loc["P2", "Confidential location"] == "yes"
    assert elements.set_index("ID").loc["P1", "Contact"] == "Dana"


def test_relationships_round_trip_through_the_workbook(sample_ws: Workspace) -> None:
    start = Workspace(partners=sample_ws.partners, services=sample_ws.services)
    back = import_kumu(kumu_workbook(sample_ws), "network.xlsx", base=start)
    pd.testing.assert_frame_equal(back.relationships, sample_ws.relationships)
    assert back.counts == {
        "network.xlsx [Elements]": {"read": F.PARTNERS, "loaded": F.PARTNERS, "rejected": 0},
        "network.xlsx [Connections]": {
            "read": F.RELATIONSHIPS,
            "loaded": F.RELATIONSHIPS,
            "rejected": 0,
        },
    }
    pd.testing.assert_frame_equal(back.partners, sample_ws.partners)


def test_names_several_targets_mutual_links_and_types(base: Workspace) -> None:
    ws = import_kumu(
        connections(
            "Legal Aid,Safe Haven|Job Center,Coordination,3,MOU,directed",
            "P3,P2,Referral,,,mutual",  # a Kumu Type that is not a level
            "P1,Nobody Inc.,cooperation,,,",
        ),
        base=base,
        default_level="cooperation",
    )
    rows = ws.relationships[[s.SOURCE_ID, s.TARGET_ID, s.LEVEL, s.REL_TYPE]]
    assert rows.values.tolist() == [
        ["P1", "P2", "coordination", "MOU"],
        ["P1", "P3", "coordination", "MOU"],
        ["P3", "P2", "cooperation", "Referral"],
        ["P2", "P3", "cooperation", "Referral"],  # mutual: the reverse too
    ]
    assert ws.relationships[s.TRUST].tolist()[:2] == [3, 3]
    assert ws.relationships[s.TRUST].isna().tolist()[2:] == [True, True]
    (p,) = ws.errors
    assert (p.file, p.row, p.column, p.value, p.kind) == (
        "connections.csv",
        3,
        "To",
        "Nobody Inc.",
        "unknown_partner",
    )
    assert ws.counts == {"connections.csv": {"read": 3, "loaded": 2, "rejected": 1}}
    assert list(ws.rejected["connections.csv"]["row"]) == [3]


def test_without_a_level_connections_are_kept_out(base: Workspace) -> None:
    ws = import_kumu(connections("P1,P2,Referral,,,"), base=base)
    (p,) = ws.errors
    assert (p.row, p.column, p.kind) == (1, "Type", "missing_value")
    assert "level" in p.message and ws.relationships.empty


def test_replace_keeps_partners_and_services(base: Workspace) -> None:
    first = import_kumu(connections("P1,P2,collaboration,,,"), base=base)
    second = import_kumu(connections("P2,P3,cooperation,,,"), base=first, mode="replace")
    assert second.relationships[[s.SOURCE_ID, s.TARGET_ID]].values.tolist() == [["P2", "P3"]]
    assert len(second.services) == 2
    merged = import_kumu(connections("P2,P3,cooperation,,,"), base=first)
    assert len(merged.relationships) == 2


def test_elements_that_are_not_partners_are_listed(base: Workspace) -> None:
    book = io.BytesIO()
    elements = pd.DataFrame({"Label": ["Legal Aid", "Mystery Org"]})
    links = pd.DataFrame({"From": ["Legal Aid"], "To": ["Mystery Org"], "Type": ["cooperation"]})
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        elements.to_excel(writer, sheet_name="Elements", index=False)
        links.to_excel(writer, sheet_name="Connections", index=False)
    ws = import_kumu(book.getvalue(), "map.xlsx", base=base)
    assert ws.counts["map.xlsx [Elements]"] == {"read": 2, "loaded": 1, "rejected": 1}
    assert {(p.file, p.row, p.kind) for p in ws.errors} == {
        ("map.xlsx [Elements]", 2, "unknown_partner"),
        ("map.xlsx [Connections]", 1, "unknown_partner"),
    }


def test_no_connections_sheet_is_an_error(base: Workspace) -> None:
    with pytest.raises(DataFileError, match="no connections sheet"):
        import_kumu({"elements.csv": csv("Label", "Legal Aid")}, base=base)


def test_a_real_inter_organizational_network(realdata: Path) -> None:
    """EMON Texas (Drabek et al. 1981): 25 search-and-rescue organizations, 186 directed
    ties; names are written with dots for spaces ("Texas.Highway.Patrol")."""
    folder = realdata / "statnet_org_networks"
    nodes = pd.read_csv(folder / "emon_Texas_nodes.csv", dtype=str)
    edges = pd.read_csv(folder / "emon_Texas_edges.csv", dtype=str)
    partners = pd.DataFrame(
        {
            s.PARTNER_ID: "TX" + nodes["vertex_id"],
            s.NAME: nodes["vertex.names"].str.replace(".", " ").str.strip(),
            s.SECTOR: "Government",
        }
    )
    base = load_tables({s.PARTNERS: raw_table_from_frame(partners, s.PARTNERS)})
    sheet = pd.DataFrame(
        {
            "From": edges["tail_name"],
            "To": edges["head_name"],
            "Type": "cooperation",
            # Frequency 1 (continuously) .. 4 (about once a day or less): kept as strength.
            "Strength": edges["Frequency"].str.removesuffix(".0"),
        }
    )
    ws = import_kumu({"emon_texas.csv": sheet.to_csv(index=False).encode()}, base=base)
    assert len(partners) == 25 and len(edges) == 186
    assert ws.counts == {"emon_texas.csv": {"read": 186, "loaded": 186, "rejected": 0}}
    assert ws.problems == []
    assert ws.relationships[s.TRUST].value_counts().sort_index().to_dict() == (
        edges["Frequency"].astype(float).astype(int).value_counts().sort_index().to_dict()
    )


def test_control_characters_and_long_cells_are_reported_not_silent() -> None:
    from mapping.interop.kumu import EXCEL_CELL_LIMIT, kumu_sheets

    long = "x" * (EXCEL_CELL_LIMIT + 100)
    ws = load(
        csv(
            "partner_id,name,sector,notes",
            "P1,Bell\x07 Clinic,Health,ok",
            f"P2,Long Notes,Health,{long}",
        )
    )
    # loading reports the control character instead of keeping it silently
    found = [p for p in ws.problems if p.kind == "control_character"]
    assert [(p.row, p.column) for p in found] == [(1, "name")]
    assert "U+0007" in found[0].message
    assert ws.partners.iloc[0][s.NAME] == "Bell Clinic"
    # a workspace that still holds one (e.g. from an older version) exports with a note
    ws.partners.loc[0, s.NAME] = "Bell\x07 Clinic"
    _, _, notes = kumu_sheets(ws)
    assert any("Elements row 2 (P1), column Label: invisible control" in n for n in notes)
    assert any("Elements row 3 (P2), column Description: 32,867 characters" in n for n in notes)
    book = openpyxl.load_workbook(io.BytesIO(kumu_workbook(ws)))
    assert book["Elements"]["B2"].value == "Bell Clinic"
    assert len(book["Elements"]["D3"].value) == EXCEL_CELL_LIMIT


def test_elements_carry_expertise_and_what_a_funder_funds(sample_ws: Workspace) -> None:
    elements, _ = kumu_frames(sample_ws)
    funder = elements.set_index("ID").loc["P60"]
    assert funder["Type"] == "Funder"
    assert funder["Funds"] == "Immigration legal aid|ESL|Childcare|Shelter"
    assert funder["Expertise"] == "Grant writing|Program evaluation"
    assert elements["Tags"].map(lambda v: isinstance(v, str)).all()  # no services: ""
