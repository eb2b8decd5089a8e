"""Issue 16: provider lists as 211 lines and state agencies publish them. Each fixture is
written here in the shape of a real export (a Colorado-style provider list with a "Source"
column; an export whose rows carry one cell more than the header)."""

from __future__ import annotations

import pytest

from mapping.data import schema as s
from mapping.data.loading import assign_roles, guess_role, load_tables, read_any
from mapping.data.reading import read_table
from mapping.data.validation import validate_table

PROVIDERS = (
    "Provider Name,Program Type,Address,City,State,Zip,County,Phone,Website,Source,Last Updated"
)


def _provider_list(*rows: str) -> bytes:
    return ("\n".join((PROVIDERS, *rows)) + "\n").encode()


# ---------------------------------------------------------------------------- defect 3
def test_a_provider_list_with_a_source_column_is_a_partners_list() -> None:
    data = _provider_list(
        "Hope House,Shelter,1 Main St,Denver,CO,80202,Denver,303-555-0100,hope.org,"
        "CDHS licensing,2024-01-05",
        "Safe Haven,Shelter,2 Oak St,Boulder,CO,80301,Boulder,303-555-0101,,CDHS licensing,"
        "2024-02-01",
    )
    tables = read_any(data, "co_providers.csv")
    assert guess_role("co_providers.csv", tables["co_providers.csv"].header) == s.PARTNERS
    ws = load_tables(assign_roles(tables), defaults={s.PARTNERS: {s.SECTOR: "Housing"}})
    assert ws.counts[s.PARTNERS] == {"read": 2, "loaded": 2, "rejected": 0}
    assert list(ws.partners[s.ZIP]) == ["80202", "80301"]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        (["source", "target", "level"], s.RELATIONSHIPS),
        (["Source", "Target"], s.RELATIONSHIPS),
        (["name", "address", "city", "source"], s.PARTNERS),
        (["id", "name", "category", "zip"], s.PARTNERS),  # no partner to belong to
        (["id", "agency_id", "program_name", "category"], s.SERVICES),
        (["partner_id", "name", "sector", "source"], s.PARTNERS),
    ],
)
def test_the_role_weighs_every_column(header: list[str], role: str) -> None:
    assert guess_role("upload.csv", header) == role


# ---------------------------------------------------------------------------- defect 4
SHIFTED = _provider_list(
    # The export wrote a second address column its header does not name: one cell more in
    # every row, empty where there is no suite; "Last Updated" is empty, so the extra cell
    # at the end is empty too and nothing was said.
    "Hope House,Shelter,1 Main St,,Denver,CO,80202,Denver,303-555-0100,hope.org,CDHS,",
    "Safe Haven,Shelter,2 Oak St,Suite 4,Boulder,CO,80301,Boulder,303-555-0101,,CDHS,",
    "Open Door,Food,3 Elm St,,Aurora,CO,80010,Arapahoe,303-555-0102,,CDHS,",
)


def test_a_file_whose_values_slid_one_column_is_moved_back_and_said_once() -> None:
    raw = read_table(SHIFTED, "providers.csv")
    result = validate_table(raw, s.PARTNERS_SPEC, defaults={s.SECTOR: "Housing"})
    got = result.frame[[s.ADDRESS, s.CITY, s.STATE, s.ZIP, s.PHONE]].values.tolist()
    assert got == [
        ["1 Main St", "Denver", "CO", "80202", "303-555-0100"],
        ["2 Oak St, Suite 4", "Boulder", "CO", "80301", "303-555-0101"],
        ["3 Elm St", "Aurora", "CO", "80010", "303-555-0102"],
    ]
    (shifted,) = [p for p in result.problems if p.kind == "shifted_row"]
    assert (shifted.file, shifted.row, shifted.severity) == ("providers.csv", 1, "warning")
    assert "rows 1, 2, 3" in shifted.message and "'CO' belongs under 'State'" in shifted.message
    assert not [p for p in result.problems if p.kind in ("bad_state", "bad_zip", "bad_phone")]


def test_a_row_that_could_be_read_two_ways_is_reported_not_guessed() -> None:
    data = _provider_list(
        "Hope House,Shelter,1 Main St,Denver,CO,80202,Denver,303-555-0100,hope.org,CDHS,x",
        "Safe Haven,Shelter,2 Oak St,Suite 4,Boulder,CO,80301,Boulder,303-555-0101,,CDHS,x",
    )
    raw = read_table(data, "providers.csv")
    result = validate_table(raw, s.PARTNERS_SPEC, defaults={s.SECTOR: "Housing"})
    (shifted,) = [p for p in result.problems if p.kind == "shifted_row"]
    assert shifted.row == 2 and "not clear" in shifted.message and "quotation" in shifted.message
    assert result.frame[s.STATE].tolist() == ["CO", "Boulder"]  # read as it is


def test_a_trailing_delimiter_on_every_row_moves_nothing() -> None:
    data = _provider_list(
        "Hope House,Shelter,1 Main St,Denver,CO,80202,Denver,303-555-0100,hope.org,CDHS,x,",
    )
    result = validate_table(
        read_table(data, "providers.csv"), s.PARTNERS_SPEC, defaults={s.SECTOR: "Housing"}
    )
    assert not [p for p in result.problems if p.kind == "shifted_row"]
    assert result.frame[s.STATE].tolist() == ["CO"]


# ---------------------------------------------------------------------------- defect 7
@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("80011", False),
        ("555-01", False),
        ("412-555-0100", True),
        ("1 (800) 799-7233", True),
        ("(412) 555-0100 ext. 12", True),
        ("211", True),
        ("988", True),
        ("+44 20 7946 0958", True),
        ("Text HOME to 741741", True),
        ("1-800-FLOWERS", True),
    ],
)
def test_a_phone_that_cannot_be_a_number_is_a_warning(phone: str, ok: bool) -> None:
    data = f"partner_id,name,sector,phone\nP1,Hope House,Housing,{phone}\n".encode()
    result = validate_table(read_table(data, "partners.csv"), s.PARTNERS_SPEC)
    bad = [p for p in result.problems if p.kind == "bad_phone"]
    assert (not bad) == ok
    assert result.frame[s.PHONE].tolist() == [phone]  # kept as written either way


# ---------------------------------------------------------------------------- performance
@pytest.mark.parametrize(
    ("text", "fast_path"),
    [
        ('a,b,c\n1, 2 ,3\n\n4,5\n"x, y","q""r",\n', True),
        ("name,zip\r\n\u00a0Hope House\u00a0,02138\r\n'=SUM(A1),\t15222\t\r\n", True),
        ("name,city,,\nA,Denver,,\n,,,\nB,\u2003Boulder,,\n", True),
        ("\n\nname,city\nA,Denver\n", False),  # blank lines first: the careful reader
        ("id;name\n1;caf\u00e9 \n2; Bar\x1f\n", True),
        ("h\r1\r2\r", True),
    ],
)
def test_the_fast_reader_reads_like_the_careful_one(text: str, fast_path: bool) -> None:
    import csv as csv_module
    import io

    from mapping.data.reading import _table_from_records, read_csv_text, sniff_delimiter

    fast = read_csv_text(text, "f.csv")
    assert (fast.by_column is not None) == fast_path  # whether the pandas path was taken
    delimiter = sniff_delimiter(text)
    records = csv_module.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=False
    )
    careful = _table_from_records("f.csv", records, encoding="utf-8", delimiter=delimiter)
    assert (fast.header, fast.rows, fast.blank_rows) == (
        careful.header,
        careful.rows,
        careful.blank_rows,
    )
    assert [fast.column(i) for i in range(len(fast.header))] == [
        [cells[i] for _, cells in careful.rows] for i in range(len(careful.header))
    ]
