"""Rows whose values slid one column along: found, reported once, and moved back when sure.

A row with one cell more than the header usually has a value that was split in two (a comma
inside an address that was not quoted) or an empty cell the exporting tool put in. Every
value after that point then sits under the next column: states under "zip", ZIP codes under
"phone" (issue 16: a provider list of 2,519 partners had 2,462 bad states and 2,580 bad ZIP
codes, and none could be placed). When the extra cell at the end is empty, nothing used to
say so.

For each such row this module tries every place where the extra cell may have gone in, and
scores each reading by how many of the row's checkable values (ZIP, state, coordinates,
email, web address, true/false, sector, category, level) fit their column. The row is moved
back when one reading fits better than the row as read and the evidence is unambiguous: an
empty cell whose removal gives that best fit (an empty cell is what an exporting tool adds),
a single best reading, or, for a row that fits two ways, the place where the extra cell was
in most rows of the file (a header that lacks a column). Otherwise the row is left as read
and named in the report. Either way the rows are reported in **one** warning per file, with
the fix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from mapping.data import normalize as n
from mapping.data import schema as s
from mapping.data.errors import Problem
from mapping.data.reading import RawTable

Check = Callable[[str], bool]


def _coordinate(low: float, high: float) -> Check:
    def check(text: str) -> bool:
        value = n.parse_number(text)
        return value is not None and low <= value <= high and value != 0

    return check


def _in_vocabulary(vocab: s.Vocabulary) -> Check:
    return lambda text: vocab.match(text) is not None


def _checks(spec: s.FileSpec) -> dict[str, Check]:
    """Contract column -> a test of whether a (non-empty) value fits it."""
    out: dict[str, Check] = {}
    vocab = {s.SECTOR: s.SECTORS, s.CATEGORY: s.CATEGORIES, s.LEVEL: s.LEVELS}
    for col in spec.columns:
        name, kind = col.name, col.kind
        if name in vocab:
            out[name] = _in_vocabulary(vocab[name])
        elif name == s.LATITUDE:
            out[name] = _coordinate(-90, 90)
        elif name == s.LONGITUDE:
            out[name] = _coordinate(-180, 180)
        elif kind == "zip":
            out[name] = lambda t: n.normalize_zip(t).ok
        elif kind == "state":
            out[name] = lambda t: s.STATES_VOCAB.match(t) is not None
        elif kind == "email":
            out[name] = lambda t: "@" in t and n.normalize_email(t).ok
        elif kind == "url":
            out[name] = lambda t: bool(n.normalize_url(t).value) and n.normalize_url(t).ok
        elif kind == "bool":
            out[name] = lambda t: n.normalize_bool(t, column="").value is not None
    return out


def _fit(cells: list[str], checks: list[tuple[int, Check]]) -> int:
    """Checkable values that fit their column, minus those that do not."""
    score = 0
    for i, check in checks:
        value = cells[i] if i < len(cells) else ""
        if value:
            score += 1 if check(value) else -1
    return score


def _readings(cells: list[str], width: int) -> list[tuple[int, list[str], bool]]:
    """(position, cells, removed an empty cell) for every place the one extra cell may have
    gone in: an empty cell is dropped, a value is joined to the one before it ("100 Main
    St" + "Suite 2": an export whose header lacks its second address column)."""
    out = []
    for g in range(1, len(cells)):
        if cells[g]:
            joined = ", ".join(x for x in (cells[g - 1], cells[g]) if x)
            reading = [*cells[: g - 1], joined, *cells[g + 1 :]]
        else:
            reading = [*cells[:g], *cells[g + 1 :]]
        out.append((g, reading[:width], not cells[g]))
    return out


def realign_shifted(
    raw: RawTable, where: Mapping[str, int], spec: s.FileSpec
) -> tuple[dict[int, list[str]], list[Problem]]:
    """Rows moved back into their columns (row number -> cells) and the report.

    ``where`` maps contract columns to the raw column that holds them
    (:func:`mapping.data.headers.map_header`).
    """
    if not raw.long_rows:
        return {}, []
    width = len(raw.header)
    by_name = _checks(spec)
    checks = [(i, by_name[name]) for name, i in where.items() if name in by_name]
    if not checks:
        return {}, []
    fixed: dict[int, list[str]] = {}
    positions: Counter[int] = Counter()  # where the extra cell was, in the rows moved back
    pending: dict[int, dict[int, list[str]]] = {}  # row -> best readings by position
    example: tuple[int, str, str] | None = None  # (row, value, column it fits)
    # Never quote a coordinate as the example: it may be a confidential location's.
    private = {where.get(s.LATITUDE), where.get(s.LONGITUDE)}
    for number, cells in sorted(raw.long_rows.items()):
        if len(cells) != width + 1:
            continue  # two or more extra cells: too many ways to read it
        as_read = _fit(cells[:width], checks)
        scored = [(_fit(r, checks), g, r, blank) for g, r, blank in _readings(cells, width)]
        best = max(score for score, _, _, _ in scored)
        if best <= as_read:
            continue
        top = [(g, r, blank) for score, g, r, blank in scored if score == best]
        blanks = {tuple(r): g for g, r, blank in top if blank}
        choices = blanks or {tuple(r): g for g, r, _ in top}
        if example is None:
            example = _moved_value(cells, [c for c in checks if c[0] not in private], raw.header)
        if len(choices) == 1:
            ((reading, g),) = choices.items()
            fixed[number] = list(reading)
            positions[g] += 1
        else:
            pending[number] = {g: list(r) for g, r, _ in top}
    # A row that could be read two ways is read the way most rows of the file were.
    unsure: list[int] = []
    usual = positions.most_common(1)[0][0] if positions else None
    for number, options in pending.items():
        if usual is not None and usual in options and positions[usual] * 2 > len(raw.rows):
            fixed[number] = options[usual]
        else:
            unsure.append(number)
    problems = []
    if fixed:
        rows = sorted(fixed)
        problems.append(
            Problem(
                raw.source,
                rows[0],
                None,
                None,
                f"{len(rows)} row(s) have one cell more than the header, and their values "
                f"from one column on fit the next column better than their own{_said(example)} "
                f"(rows {_ranges(rows)}); each was moved back into its columns (an empty "
                "extra cell was dropped, or a value split by a comma joined again). Check "
                "these rows; to avoid it, quote values that hold a comma, or save the file "
                "again so that every row has as many cells as the header.",
                "warning",
                "shifted_row",
            )
        )
    if unsure:
        problems.append(
            Problem(
                raw.source,
                unsure[0],
                None,
                None,
                f"{len(unsure)} row(s) have one cell more than the header, and their values "
                f"from one column on fit the next column better than their own{_said(example)} "
                f"(rows {_ranges(unsure)}); where the extra cell came in is not clear, so "
                "they were read as they are and their checks below fail. Fix the file: a "
                "value holding a comma (often an address with a suite) must be in quotation "
                "marks, or the extra cell removed.",
                "warning",
                "shifted_row",
            )
        )
    return fixed, problems


def _moved_value(
    cells: list[str], checks: list[tuple[int, Check]], header: list[str]
) -> tuple[int, str, str] | None:
    """A value that sits one column too far right: (column index, value, where it fits)."""
    for i, check in checks:
        value = cells[i + 1] if i + 1 < len(cells) else ""
        if value and check(value) and not (cells[i] and check(cells[i])):
            return i + 1, value, header[i]
    return None


def _said(example: tuple[int, str, str] | None) -> str:
    if example is None:
        return ""
    return f" (e.g. '{example[1]}' belongs under '{example[2]}')"


def _ranges(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:10])
    return shown + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
