"""Read a spreadsheet as it really arrives: any common encoding, delimiter and line ending.

This module only turns bytes into rows of text. It knows nothing of partners or services;
:mod:`mapping.data.validation` gives the rows meaning. Handled here, because real exports do
all of these: UTF-8 with or without a byte-order mark, Windows-1252 and Latin-1 (the
IPEDS college directory), UTF-16 from "Unicode text" saves; comma, semicolon and tab
delimiters; LF, CRLF and CR-only line endings; quoted cells with line breaks; blank lines;
rows with more or fewer cells than the header; cells Excel-escaped with a leading
apostrophe by our own export; and ``.xlsx`` workbooks with one sheet per file.
"""

from __future__ import annotations

import contextvars
import csv
import datetime as dt
import gc
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from mapping.data.control_characters import (
    CONTROL_CHARACTERS,
    control_characters_by_column,
    has_control_characters,
    without_control_characters,
)
from mapping.data.errors import DataFileError, Problem

# Cells our own export prefixed with "'" so Excel does not run them as formulas
# (OWASP "CSV injection"); reading them back removes the apostrophe again.
_EXCEL_ESCAPED = re.compile(r"^'[=+\-@\t\r]")
_DELIMITERS = (",", ";", "\t")
# Control characters (other than tab and line breaks): invisible, and Excel refuses them.
XLSX_MAGIC = b"PK\x03\x04"
MAX_BYTES = 200 * 1024 * 1024
# Bounds checked before anything is unpacked or read: a 5 KB workbook can declare a sheet
# of 1,048,576 x 16,384 cells, and a 4 MB zip can hold a 1 GB CSV.
MAX_UNPACKED = MAX_BYTES  # all the files of a zip (or the parts of a workbook), unpacked
MAX_SHEET_ROWS = 200_000
MAX_SHEET_COLUMNS = 1_000
_MB = 1024 * 1024


class TooLargeError(DataFileError):
    """A file, zip or sheet beyond the bounds read (never taken for an empty sheet)."""


# Work for a person who has gone (the browser tab closed) is stopped between rows: the app
# sets a check with :func:`stop_when`; :func:`checkpoint` raises :class:`StoppedError`.
_STOP: contextvars.ContextVar[Callable[[], bool] | None] = contextvars.ContextVar(
    "stop_reading", default=None
)
CHECK_EVERY = 4096  # rows between two checks


class StoppedError(RuntimeError):
    """The work was stopped because whoever asked for it is gone (never cached, never
    shown: there is nobody left to show it to)."""


@contextmanager
def stop_when(gone: Callable[[], bool]) -> Iterator[None]:
    """Within this block, reading stops (:class:`StoppedError`) once ``gone()`` is True."""
    token = _STOP.set(gone)
    try:
        yield
    finally:
        _STOP.reset(token)


def checkpoint() -> None:
    """Raise :class:`StoppedError` if the check set by :func:`stop_when` says so."""
    gone = _STOP.get()
    if gone is not None and gone():
        raise StoppedError("stopped: the browser tab that asked for this was closed.")


def zip_members(zf: zipfile.ZipFile, label: str) -> list[zipfile.ZipInfo]:
    """The files of a zip, after checking what they would take unpacked (before reading).

    The sizes come from the zip's directory; Python stops reading a member at its stated
    size, so a zip cannot unpack to more than this check allowed.

    Raises:
        DataFileError: the files would be larger than :data:`MAX_UNPACKED` unpacked.
    """
    infos = [i for i in zf.infolist() if not i.is_dir()]
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        biggest = max(infos, key=lambda i: i.file_size)
        raise TooLargeError(
            f"{label}: unpacked, this zip would take {total // _MB:,} MB (the largest file, "
            f"{biggest.filename}, {biggest.file_size // _MB:,} MB); up to "
            f"{MAX_UNPACKED // _MB} MB are accepted. Upload the files one at a time, or "
            "split the largest into smaller files."
        )
    return infos


@dataclass
class RawTable:
    """Text rows of one table, before any meaning is given to them.

    ``rows`` holds ``(row_number, cells)``; row 1 is the first record under the header,
    and blank records keep their number (so row N is line N + 1 in Excel) but are not
    listed. ``problems`` are findings of reading itself (e.g. extra cells).
    """

    # A table read by column makes its rows only when asked (see from_columns): until then
    # _rows is None and _numbers holds the row numbers. Declared first: __init__ sets these
    # before it sets ``rows``.
    _rows: list[tuple[int, list[str]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _numbers: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    blank_rows: int = 0
    encoding: str = "utf-8"
    delimiter: str | None = ","
    problems: list[Problem] = field(default_factory=list)
    # Rows with more cells than the header, with all their cells (row number -> cells):
    # mapping.data.shifted looks for values that slid one column along.
    long_rows: dict[int, list[str]] = field(default_factory=dict)
    # The same cells by column (when the fast reader made them), so that checking does not
    # have to turn the rows around again.
    by_column: list[list[str]] | None = field(default=None, compare=False, repr=False)

    def column(self, i: int) -> list[str]:
        """The cells of column ``i`` of every row (a new list)."""
        if self.by_column is not None and len(self.by_column) == len(self.header):
            return list(self.by_column[i])
        return [cells[i] for _, cells in self.rows]

    def numbers(self) -> list[int]:
        """The row number of every row, in order (without making the rows)."""
        if self._numbers is not None:
            return list(self._numbers)
        return [number for number, _ in self.rows]

    @property
    def read(self) -> int:
        """How many non-blank data rows the file holds (the reconciliation's 'read')."""
        return len(self._numbers) if self._numbers is not None else len(self.rows)

    @classmethod
    def from_columns(
        cls,
        source: str,
        header: list[str],
        numbers: list[int],
        body: list[list[str]],
        blank_rows: int,
        encoding: str,
        delimiter: str | None,
    ) -> RawTable:
        """A table kept by column; its ``rows`` are made only when something asks for them
        (checking and loading work on the columns: a list per row costs more than reading)."""
        table = cls(source, header, [], blank_rows, encoding, delimiter, by_column=body)
        table._rows, table._numbers = None, numbers
        return table

    def _get_rows(self) -> list[tuple[int, list[str]]]:
        if self._rows is None:
            body, numbers = self.by_column or [], self._numbers or []
            with paused_gc():
                self._rows = (
                    list(zip(numbers, map(list, zip(*body, strict=True)), strict=True))
                    if body
                    else [(number, []) for number in numbers]
                )
        return self._rows

    def _set_rows(self, rows: list[tuple[int, list[str]]]) -> None:
        self._rows, self._numbers = rows, None


# ``rows`` is a field (given to the constructor, compared, shown) read through a property, so
# that a table read by column makes its rows only when asked (see RawTable.from_columns).
RawTable.rows = property(RawTable._get_rows, RawTable._set_rows)  # type: ignore[assignment]


Source = str | Path | bytes | IO[bytes]


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise DataFileError(f"{path}: no such file. Check the folder and the file name.")
        data = path.read_bytes()
    else:
        data = source.read()
    if len(data) > MAX_BYTES:
        raise DataFileError(
            f"the file is {len(data) // (1024 * 1024)} MB; files up to "
            f"{MAX_BYTES // (1024 * 1024)} MB are accepted. Split it into smaller files."
        )
    return data


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode spreadsheet bytes; returns (text, encoding name).

    A byte-order mark decides; then UTF-16 without one (every other byte 0); then UTF-8 if
    the bytes are valid UTF-8; else Windows-1252 (what Excel on Windows writes), line by
    line when some lines are UTF-8 (the encoding name then starts with :data:`MIXED`);
    else Latin-1, which accepts any bytes.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        whole = data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
    # A file pasted together from two sources: some lines UTF-8, some Windows-1252.
    parts, windows, utf8_letters = [], [], False
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            parts.append(line.decode("utf-8"))
            utf8_letters = utf8_letters or not line.isascii()
        except UnicodeDecodeError:
            parts.append(line.decode("cp1252"))
            windows.append(number)
    if utf8_letters:
        shown = ", ".join(map(str, windows[:10])) + (" ..." if len(windows) > 10 else "")
        return "".join(parts), f"{MIXED} (line(s) {shown} as Windows-1252)"
    return whole, "cp1252"


MIXED = "mixed UTF-8 and Windows-1252"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Text saved as UTF-16 with no byte-order mark: every other byte of plain text is 0."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if "\x00" not in text:
                return text, f"{encoding} (no byte-order mark)"
    return None


def sniff_delimiter(text: str) -> str:
    """The delimiter of the first non-blank line, counted outside quotes (comma if none)."""
    for line in text.splitlines():
        if not line.strip(" \t,;"):
            continue
        counts = dict.fromkeys(_DELIMITERS, 0)
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
        best = max(_DELIMITERS, key=lambda d: counts[d])
        return best if counts[best] else ","
    return ","


def clean_cell(value: str) -> str:
    """Trim a cell: spaces and non-breaking spaces at both ends, our Excel-safety prefix."""
    if "\u00a0" in value:
        value = value.replace("\u00a0", " ")
    value = value.strip()
    if value[:1] == "'" and _EXCEL_ESCAPED.match(value):
        value = value[1:]
    return value


def _table_from_records(
    source: str, records: Iterable[list[str]], *, encoding: str, delimiter: str | None
) -> RawTable:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    long_rows: dict[int, list[str]] = {}
    blank = 0
    number = 0
    for count, record in enumerate(records):
        if count % CHECK_EVERY == 0:
            checkpoint()
        cells = [clean_cell(c) for c in record]
        if header is None:
            if any(cells):
                header = cells
            continue
        number += 1
        if not any(cells):
            blank += 1
            continue
        if CONTROL_CHARACTERS.search("".join(cells)):
            cells = without_control_characters(source, number, header, cells, problems)
        width = len(header)
        if len(cells) > width:
            long_rows[number] = cells
            extra = cells[width:]
            if any(extra):
                shown = " | ".join(e for e in extra if e)
                problems.append(
                    Problem(
                        source,
                        number,
                        None,
                        shown,
                        f"this row has {len(cells)} cells but the header has {width} columns; "
                        f"the extra value(s) '{shown}' were not loaded. A comma inside a value "
                        "that is not in quotes usually causes this: check the row's address and "
                        "notes.",
                        "warning",
                        "extra_cells",
                    )
                )
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        rows.append((number, cells))
    if header is None:
        raise DataFileError(f"{source}: the file is empty. Use a template from the Data page.")
    # Trailing header cells that are empty and empty in every row are just Excel padding.
    while header and not header[-1] and all(not cells[-1] for _, cells in rows):
        header.pop()
        rows = [(n, cells[:-1]) for n, cells in rows]
    return RawTable(source, header, rows, blank, encoding, delimiter, problems, long_rows)


# A cell needs cleaning when it starts or ends with white space, starts with our Excel-safety
# apostrophe, or holds a non-breaking space. A column is looked at in one go: its cells joined
# by NUL (never in a text table: binary files are refused) and searched for a space or an
# apostrophe next to a NUL, at C speed; most columns then need nothing more.
_JOIN = "\x00"
# White space (any, as str.strip sees it) at a cell's edge, an apostrophe first, or a
# non-breaking space anywhere: one search of the joined column.
_NEEDS_CLEANING = re.compile(r"\s\x00|\x00[\s']|\u00a0")
_ASCII_SPACES = " \t\n\r\v\f\x1c\x1d\x1e\x1f"


def edge_marks(text: str) -> tuple[str, ...] | None:
    """What :func:`_clean_column` looks for in the joined cells of a table read from
    ``text``: an apostrophe first, and each kind of white space the text holds at all at a
    cell's edge (line breaks only when cells are quoted). None for non-ASCII text (Unicode
    spaces and the non-breaking space): a regular expression then looks at each column."""
    if not text.isascii():
        return None
    quoted = '"' in text
    spaces = [ch for ch in _ASCII_SPACES if (quoted or ch not in "\r\n") and ch in text]
    return (_JOIN + "'", *(pair for ch in spaces for pair in (ch + _JOIN, _JOIN + ch)))


def _clean_column(cells: list[str], marks: tuple[str, ...] | None = None) -> list[str]:
    """The cells cleaned like :func:`clean_cell`, each one only when the column needs it.

    ``marks`` (from :func:`edge_marks`) are the few substrings to look for, each found at C
    speed; without them one regular-expression search decides."""
    joined = _JOIN + _JOIN.join(cells) + _JOIN
    if marks is None:
        needed = _NEEDS_CLEANING.search(joined) is not None
    else:
        needed = any(mark in joined for mark in marks)
    return [clean_cell(c) for c in cells] if needed else cells


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while a table's many small objects are made.

    Every few hundred new containers the collector walks the young ones; while a 50,000-row
    table is built (a list per row) those walks cost ten times the building itself. Nothing
    made here holds a cycle, and the collector runs again afterwards; nested uses are fine.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _read_fast(text: str, source: str, *, encoding: str, delimiter: str) -> RawTable | None:
    """The C parser of pandas, column by column: about ten times faster than the csv module
    on a large file. None when a row has more cells than the first line (the careful reader
    then reports it cell by cell) or the text does not parse."""
    if "\x00" in text:  # not a text table (the careful reader says so)
        return None
    parsed: list[list[str]] = []
    try:
        # CHECK_EVERY lines at a time, so that work for a closed tab stops (checkpoint)
        for chunk in pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=object,  # Python strings straight from the parser (no Arrow round trip)
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            skipinitialspace=True,
            engine="c",
            chunksize=CHECK_EVERY,
        ):
            checkpoint()
            if not parsed:
                parsed = [[] for _ in chunk.columns]
            for cells, c in zip(parsed, chunk.columns, strict=True):
                cells.extend(chunk[c].tolist())
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    marks = edge_marks(text)
    columns = [_clean_column(cells, marks) for cells in parsed]
    if not columns or not columns[0]:
        return None
    if any("" not in col for col in columns):  # a column filled in every line (C-speed scan)
        filled = np.ones(len(columns[0]), dtype=bool)
    else:
        filled = np.zeros(len(columns[0]), dtype=bool)
        for col in columns:
            filled |= np.asarray(col, dtype=object) != ""
    found = np.flatnonzero(filled)
    if not len(found):
        return None
    top = int(found[0])
    header = [col[top] for col in columns]
    keep = found[found > top]
    numbers = (keep - top).tolist()
    blank = len(columns[0]) - top - 1 - len(keep)
    if blank:
        body = [np.asarray(col, dtype=object)[keep].tolist() for col in columns]
    else:
        body = [col[top + 1 :] for col in columns]
    while header and not header[-1] and not any(body[-1]):
        header.pop()  # trailing header cells empty in every row: Excel padding
        body.pop()
    problems = (
        control_characters_by_column(source, header, numbers, body)
        if has_control_characters(text)
        else []
    )
    table = RawTable.from_columns(source, header, numbers, body, blank, encoding, delimiter)
    table.problems.extend(problems)
    return table


def read_csv_text(text: str, source: str, *, encoding: str = "utf-8") -> RawTable:
    """Parse delimited text (any line ending) into a :class:`RawTable`."""
    delimiter = sniff_delimiter(text)
    with paused_gc():
        fast = _read_fast(text, source, encoding=encoding, delimiter=delimiter)
    if fast is not None:
        return fast
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=False
    )
    try:
        return _table_from_records(source, reader, encoding=encoding, delimiter=delimiter)
    except csv.Error as exc:  # e.g. a NUL byte: not a text table at all
        raise DataFileError(
            f"{source}: this does not read as a CSV table ({exc}). Save it from Excel as "
            "'CSV UTF-8' or '.xlsx' and upload it again."
        ) from exc


def _xlsx_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _sheet_rows(sheet: Any, label: str) -> Iterator[list[str]]:
    """The rows of a read-only worksheet as text, within the bounds, checked first.

    The sheet's stated size (its ``dimension``) is checked before any row is read. It can
    be missing or wrong, so it is then ignored: rows come as stored (a gap costs nothing)
    and the bounds are checked again on the way.
    """
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_SHEET_ROWS + 1 or columns > MAX_SHEET_COLUMNS:
        raise TooLargeError(
            f"{label}: the sheet says it spans {rows:,} rows and {columns:,} columns "
            f"(up to {MAX_SHEET_ROWS:,} rows and {MAX_SHEET_COLUMNS:,} columns are read). "
            "Something far below or right of the data (a stray value or a format) makes it "
            "that large: copy the table into a new workbook, or save it as CSV, and upload "
            "that."
        )
    sheet.reset_dimensions()  # do not pad every row up to a stated (false) size
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number % CHECK_EVERY == 0:
            checkpoint()
        if number > MAX_SHEET_ROWS + 1:  # a row number far below: stop, do not walk there
            raise TooLargeError(
                f"{label}: the sheet goes on below row {MAX_SHEET_ROWS + 1:,}; up to "
                f"{MAX_SHEET_ROWS:,} rows are read. Split the sheet, or delete what is below "
                "the table (select the rows under it and delete them), then save it again."
            )
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        if len(cells) > MAX_SHEET_COLUMNS:
            raise TooLargeError(
                f"{label}: row {number:,} holds a value in column {len(cells):,}; up to "
                f"{MAX_SHEET_COLUMNS:,} columns are read. Delete what is right of the table."
            )
        yield [_xlsx_cell(v) for v in cells]


def read_xlsx(data: bytes, source: str) -> dict[str, RawTable]:
    """Every non-empty sheet of an .xlsx workbook, by sheet name (cached formula values)."""
    import openpyxl  # local: only spreadsheets need it, and it is slow to import

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            zip_members(zf, source)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DataFileError(
            f"{source}: this is not a readable .xlsx workbook ({exc}). Open it in Excel and "
            "save it again as .xlsx or as CSV."
        ) from exc
    tables: dict[str, RawTable] = {}
    try:
        for sheet in book.worksheets:
            records = _sheet_rows(sheet, f"{source} [{sheet.title}]")
            try:
                tables[sheet.title] = _table_from_records(
                    f"{source} [{sheet.title}]", records, encoding="xlsx", delimiter=None
                )
            except TooLargeError:
                raise
            except DataFileError:
                continue  # an empty sheet (instructions, lists) is not a table
    finally:
        book.close()
    if not tables:
        raise DataFileError(f"{source}: every sheet of this workbook is empty.")
    return tables


def read_tables(source: Source, name: str | None = None) -> dict[str, RawTable]:
    """Read a CSV, TSV or .xlsx file into tables keyed by sheet name ('' for a CSV).

    ``name`` is the file name used in messages and to recognise the format; it defaults
    to the path's name.

    Raises:
        DataFileError: the file is empty, too large, or not a table at all.
    """
    label = name or (Path(source).name if isinstance(source, str | Path) else "upload")
    data = _read_bytes(source)
    lower = label.lower()
    if lower.endswith(".xls") and not data.startswith(XLSX_MAGIC):
        raise DataFileError(
            f"{label}: the old Excel .xls format is not supported. In Excel choose "
            "File > Save As > 'Excel Workbook (.xlsx)' or 'CSV UTF-8' and upload that."
        )
    if data.startswith(XLSX_MAGIC) or lower.endswith((".xlsx", ".xlsm")):
        if zipfile.is_zipfile(io.BytesIO(data)):
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
            if "[Content_Types].xml" in names:
                return read_xlsx(data, label)
        if lower.endswith((".xlsx", ".xlsm")):
            raise DataFileError(f"{label}: this .xlsx file is damaged. Save it again in Excel.")
        raise DataFileError(
            f"{label}: this is a zip archive, not a table. Upload the CSV files inside it, "
            "or use the Data page's zip upload."
        )
    if (
        b"\x00" in data[:4096]
        and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
        and _utf16_without_bom(data) is None
    ):
        raise DataFileError(
            f"{label}: this looks like a binary file, not a CSV table. Save it from your "
            "spreadsheet program as 'CSV UTF-8' and upload that."
        )
    text, encoding = decode_text(data)
    table = read_csv_text(text, label, encoding=encoding)
    if encoding.startswith(MIXED):
        table.problems.insert(
            0,
            Problem(
                label,
                None,
                None,
                None,
                "this file mixes two text encodings, UTF-8 and Windows-1252 (Excel on "
                f"Windows): {encoding[len(MIXED) + 2 : -1]}. Each line was read in its own "
                "encoding, so check the accented letters on those lines. Save the file "
                "again as 'CSV UTF-8' to avoid this.",
                "warning",
                "mixed_encoding",
            ),
        )
    return {"": table}


def read_table(source: Source, name: str | None = None) -> RawTable:
    """Read a single table: a CSV, or the first non-empty sheet of a workbook."""
    return next(iter(read_tables(source, name).values()))


def raw_table_from_frame(
    df: pd.DataFrame, source: str, *, row_column: str | None = None
) -> RawTable:
    """A RawTable from a frame of text cells (e.g. an edited table in the app).

    Row numbers come from ``row_column`` when given (rows kept out keep their original
    numbers), else they count from 1. Missing values become ''.
    """
    columns = [c for c in df.columns if c != row_column]
    text = df[columns].astype(object).where(df[columns].notna(), "")
    numbers = df[row_column].tolist() if row_column else range(1, len(df) + 1)
    rows = []
    for number, record in zip(numbers, text.itertuples(index=False), strict=True):
        cells = [clean_cell(str(v)) for v in record]
        if any(cells):
            rows.append((int(number), cells))
    return RawTable(source, [str(c) for c in columns], rows, encoding="utf-8", delimiter=None)
