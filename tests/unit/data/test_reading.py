"""Reading real spreadsheets: encodings, delimiters, line endings, odd rows, workbooks."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile

import openpyxl
import pytest

from mapping.data.errors import DataFileError
from mapping.data.reading import decode_text, read_table, read_tables, sniff_delimiter

ROWS = [
    ["partner_id", "name", "city"],
    ["P1", "Café Esperanza", "San Juan"],
    ["P2", "Zoë's Place", "Pittsburgh"],
]


def _encode(
    rows: list[list[str]], *, delimiter: str = ",", newline: str = "\n", encoding: str = "utf-8"
) -> bytes:
    text = newline.join(delimiter.join(r) for r in rows) + newline
    return text.encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16")],
)
def test_encodings_are_detected_and_text_survives(encoding: str, expected: str) -> None:
    t = read_table(_encode(ROWS, encoding=encoding), "p.csv")
    assert t.encoding == expected
    assert t.header == ["partner_id", "name", "city"]
    assert [cells for _, cells in t.rows] == ROWS[1:]


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    data = "partner_id,name\nP1,A\x81B\n".encode("latin-1")
    text, encoding = decode_text(data)
    assert encoding == "latin-1"
    assert "A\x81B" in text


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_delimiters_and_line_endings(delimiter: str, newline: str) -> None:
    t = read_table(_encode(ROWS, delimiter=delimiter, newline=newline), "p.csv")
    assert t.delimiter == delimiter
    assert t.read == 2
    assert t.rows[1] == (2, ["P2", "Zoë's Place", "Pittsburgh"])


def test_delimiter_inside_quotes_does_not_count() -> None:
    assert sniff_delimiter('"a;b;c;d",x,y\n') == ","
    assert sniff_delimiter("") == ","


def test_quoted_cells_keep_line_breaks_and_delimiters() -> None:
    data = b'partner_id,name,notes\r\nP1,"Legal Aid, Inc.","line one\r\nline two"\r\n'
    t = read_table(data, "p.csv")
    assert t.rows == [(1, ["P1", "Legal Aid, Inc.", "line one\r\nline two"])]


def test_blank_lines_are_not_rows_but_keep_numbering() -> None:
    data = b"\n\npartner_id,name\n\nP1,A\n,\n\nP2,B\n\n"
    t = read_table(data, "p.csv")
    assert t.header == ["partner_id", "name"]
    assert t.rows == [(2, ["P1", "A"]), (5, ["P2", "B"])]
    assert t.blank_rows == 4


def test_extra_cells_warn_with_the_values_and_short_rows_are_padded() -> None:
    data = b"partner_id,name,city\nP1,A,Pittsburgh,PA,15222\nP2,B\nP3,C,X,,\n"
    t = read_table(data, "p.csv")
    assert t.rows == [(1, ["P1", "A", "Pittsburgh"]), (2, ["P2", "B", ""]), (3, ["P3", "C", "X"])]
    assert [(p.row, p.value, p.severity, p.kind) for p in t.problems] == [
        (1, "PA | 15222", "warning", "extra_cells")
    ]


def test_cells_are_trimmed_and_our_excel_escape_is_undone() -> None:
    data = "partner_id,name,phone\n P1 ,\u00a0A\u00a0,'+1 412 555 0100\nP2,'=SUM(1),'ok\n"
    t = read_table(data.encode(), "p.csv")
    assert t.rows[0][1] == ["P1", "A", "+1 412 555 0100"]
    assert t.rows[1][1] == ["P2", "=SUM(1)", "'ok"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'id,name\nP1,"Legal Aid\n"\n', ["P1", "Legal Aid"]),  # line break inside quotes
        (b'id,name\nP1,"\r\nLegal Aid"\n', ["P1", "Legal Aid"]),
        (b"id,name\nP1,Legal Aid\t\n", ["P1", "Legal Aid"]),  # tab only at the very end
        (b"id,name\nP1,Legal Aid\x0b\n", ["P1", "Legal Aid"]),  # vertical tab
        (b"id,name\r\nP1 ,Legal Aid\r\n", ["P1", "Legal Aid"]),
        ("id,name\nP1,Legal\u00a0Aid\u2003\n".encode(), ["P1", "Legal Aid"]),  # Unicode
        (b"id,name\nP1,'=1+2\n", ["P1", "=1+2"]),
        (b"id,name\nP1,it's\n", ["P1", "it's"]),  # an apostrophe inside stays
    ],
)
def test_every_kind_of_space_at_a_cell_edge_is_trimmed(data: bytes, expected: list[str]) -> None:
    # The fast reader looks for cells to trim with a few substring searches per column.
    assert read_table(data, "p.csv").rows == [(1, expected)]


def test_trailing_empty_header_columns_from_excel_are_dropped() -> None:
    t = read_table(b"partner_id,name,,\nP1,A,,\n", "p.csv")
    assert t.header == ["partner_id", "name"]
    assert t.rows == [(1, ["P1", "A"])]


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_sheets_numbers_dates_and_booleans() -> None:
    data = _workbook(
        {
            "partners": [
                ["partner_id", "zip", "since", "confidential_location", "lat"],
                ["P1", 2138, dt.datetime(2021, 5, 1), True, 40.5],
                [None, None, None, None, None],
            ],
            "instructions": [],
            "services": [["service_id"], ["S1"]],
        }
    )
    tables = read_tables(data, "book.xlsx")
    assert list(tables) == ["partners", "services"]
    assert tables["partners"].rows == [(1, ["P1", "2138", "2021-05-01", "true", "40.5"])]
    assert tables["partners"].blank_rows == 1


@pytest.mark.parametrize(
    ("data", "name", "needle"),
    [
        (b"", "p.csv", "empty"),
        (b"\n\n,,\n", "p.csv", "empty"),
        (b"\xd0\xcf\x11\xe0\x00\x00binary", "old.xls", ".xls format"),
        (b"\x00\x01\x02\x03 binary \x00", "p.csv", "binary"),
        (b"PK\x03\x04 not really", "p.xlsx", "damaged"),
    ],
)
def test_files_that_are_not_tables_get_a_clear_message(data: bytes, name: str, needle: str) -> None:
    with pytest.raises(DataFileError, match=needle):
        read_tables(data, name)


def test_missing_path_names_the_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DataFileError, match="no such file"):
        read_tables(tmp_path / "nope.csv")


@pytest.mark.realdata
def test_ipeds_original_windows_1252_file(realdata) -> None:  # type: ignore[no-untyped-def]
    raw = gzip.decompress(
        (realdata / "ipeds_hd2022" / "hd2022_original_cp1252.csv.gz").read_bytes()
    )
    t = read_table(raw, "hd2022.csv")
    assert t.encoding == "cp1252"
    assert t.read == 6256
    assert len(t.header) == 73
    names = {cells[t.header.index("CHFNM")] for _, cells in t.rows}
    assert "Saúl Jiménez-Sandoval" in names


@pytest.mark.realdata
def test_nyc_file_with_byte_order_mark(realdata) -> None:  # type: ignore[no-untyped-def]
    path = realdata / "nyc_open_data_social_services" / "Directory_Of_Homeless_Drop-_In_Centers.csv"
    t = read_table(path)
    assert t.encoding == "utf-8-sig"
    assert t.header[0] == "Center Name"
    assert t.read == 5


# ---------------------------------------------------------------- bounds before reading
def _far_cell_workbook(*, keep_dimension: bool) -> bytes:
    """A ~5 KB workbook whose one far cell (XFD1048576) makes the sheet 1M x 16K cells."""
    import re

    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "partner_id"
    book.active["XFD1048576"] = "x"
    buf = io.BytesIO()
    book.save(buf)
    if keep_dimension:
        return buf.getvalue()
    src, out = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in src.namelist():
            data = src.read(name)
            if name.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b"", data)
            zf.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("keep_dimension", [True, False])
def test_a_far_away_cell_is_refused_before_the_sheet_is_walked(
    keep_dimension: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mapping.data import reading

    walked = []
    real = reading._xlsx_cell
    monkeypatch.setattr(reading, "_xlsx_cell", lambda v: walked.append(v) or real(v))
    data = _far_cell_workbook(keep_dimension=keep_dimension)
    assert len(data) < 10_000
    with pytest.raises(DataFileError, match=r"bomb\.xlsx \[Sheet\].*(spans 1,048,576|below row)"):
        read_tables(data, "bomb.xlsx")
    assert len(walked) <= 2  # the far cell was never padded out to 16,384 columns


def test_a_zip_that_unpacks_too_large_is_refused_before_unpacking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mapping.data import loading, reading
    from mapping.interop.hsds.package import _files_of

    monkeypatch.setattr(reading, "MAX_UNPACKED", 1024 * 1024)  # 1 MB, for a small test zip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("partners.csv", b"partner_id,name,sector\n" + b"P1,A,Health\n" * 200_000)
    assert len(buf.getvalue()) < 100_000  # ~2.4 MB unpacked from a few KB
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda *a, **kw: opened.append(a) or b"")
    with pytest.raises(DataFileError, match=r"big\.zip: unpacked, this zip would take 2 MB"):
        loading.read_any(buf.getvalue(), "big.zip")
    with pytest.raises(DataFileError, match=r"big\.zip: unpacked"):
        _files_of(buf.getvalue(), "big.zip")
    assert opened == []


# ---------------------------------------------------------------- encodings that arrive
def test_a_file_mixing_utf8_and_cp1252_lines_reads_each_right_and_says_so() -> None:
    from tests.unit.helpers import load

    data = (
        b"partner_id,name,sector\n"
        + "P1,Clínica Latina,Health\n".encode()
        + "P2,Café Refugio,Housing\n".encode("cp1252")
    )
    ws = load(data)
    assert list(ws.partners["name"]) == ["Clínica Latina", "Café Refugio"]  # no mojibake
    warning = next(p for p in ws.problems if p.kind == "mixed_encoding")
    assert warning.file == "partners.csv" and "line(s) 3 as Windows-1252" in warning.message
    assert "Save the file again as 'CSV UTF-8'" in warning.message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(encoding: str) -> None:
    data = "partner_id\tname\tsector\r\nP1\tSeñora Casa\tHousing\r\n".encode(encoding)
    table = read_table(data, "partners.txt")
    assert table.header == ["partner_id", "name", "sector"]
    assert table.rows == [(1, ["P1", "Señora Casa", "Housing"])]
    assert table.encoding.startswith(encoding)


def test_reading_stops_when_whoever_asked_is_gone() -> None:
    from mapping.data.reading import CHECK_EVERY, StoppedError, stop_when
    from mapping.interop.hsds.package import read_hsds_table

    data = b"partner_id,name,sector\n" + b"P1,A,Health\n" * (3 * CHECK_EVERY)
    asked = []

    def gone() -> bool:
        asked.append(1)
        return len(asked) > 1  # the tab closes while the first rows are read

    with stop_when(gone), pytest.raises(StoppedError):
        read_tables(data, "partners.csv")
    assert len(asked) == 2  # stopped at the next check, not at the end
    with stop_when(lambda: True), pytest.raises(StoppedError):
        read_hsds_table(data, "organizations.csv", "organization")
    assert read_table(data, "partners.csv").read == 3 * CHECK_EVERY  # no check set: reads all
