"""What every flat directory import shares: reading columns by name, building partner and
service rows, and checking them like any upload.

A directory export (iCarol, WellSky, VisionLink, or any file read with a recipe) is turned
into :class:`Built` rows of this dashboard's partners and services, each remembering the
file, row and column its values came from. :func:`load_directory` passes them through
:func:`mapping.data.loading.load_tables`, so every rule of the data contract applies, then
reports every problem against the exported file, row and column, and counts per exported
file: rows read = rows loaded + rows kept out.

Records the export marks inactive, deleted or hidden are never loaded silently nor
dropped silently: the adapter keeps them out with :meth:`Directory.keep_out`, which lists
each one with its reason (or loads hidden ones with a warning when asked to).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

import pandas as pd

from mapping.data import schema as s
from mapping.data.errors import Problem
from mapping.data.headers import header_key
from mapping.data.loading import Mode, load_tables
from mapping.data.reading import RawTable
from mapping.data.workspace import Workspace
from mapping.interop.crosswalk import TermMatch, category_in_text, infer_sector, map_term, term_key

# Labels of the tables built here (never a file name a person uploads).
BUILT_PARTNERS = "(partners built from the export)"
BUILT_SERVICES = "(services built from the export)"
OTHER_SECTOR = "Other"
_LIST_SPLIT = re.compile(r"\s*[;|\n]\s*")


def split_values(text: str) -> list[str]:
    """The items of a cell listing several values ('a; b', 'a|b', one per line)."""
    return [v for v in _LIST_SPLIT.split(text.strip()) if v]


def is_true(value: str) -> bool:
    """True for 'Yes', 'TRUE', '1', 'Y' ... as directory exports write it."""
    return value.strip().lower() in s.TRUE_WORDS


class Sheet:
    """One exported table, read by column name whatever its case or spacing.

    ``blank`` are values that stand for an empty cell in this export (iCarol writes -1).
    The columns read are remembered, so the ones never read can be reported.
    """

    def __init__(
        self, table: RawTable, blank: Iterable[str] = (), street: Iterable[str] = ()
    ) -> None:
        self.table = table
        self.blank = frozenset(blank)
        # Columns never shown for a confidential record (street, coordinates).
        self.street = {header_key(n) for n in street}
        self.private: set[int] = set()
        self.index: dict[str, int] = {}
        for i, h in enumerate(table.header):
            self.index.setdefault(header_key(h), i)
        self.read_columns: set[int] = set()

    @property
    def file(self) -> str:
        return self.table.source

    @property
    def rows(self) -> list[tuple[int, list[str]]]:
        return self.table.rows

    def keys(self) -> set[str]:
        return set(self.index)

    def has(self, *names: str) -> bool:
        return all(header_key(n) in self.index for n in names)

    def column(self, name: str) -> str:
        """The header as written in the file (the name given when it is absent)."""
        i = self.index.get(header_key(name))
        return self.table.header[i] if i is not None else name

    def get(self, cells: Sequence[str], name: str) -> str:
        i = self.index.get(header_key(name))
        if i is None:
            return ""
        self.read_columns.add(i)
        value = cells[i].strip() if i < len(cells) else ""
        return "" if value in self.blank else value

    def first(self, cells: Sequence[str], *names: str) -> tuple[str, str]:
        """(value, column) of the first of ``names`` with a value."""
        for name in names:
            value = self.get(cells, name)
            if value:
                return value, self.column(name)
        return "", self.column(names[0])

    def unused_columns(self) -> list[str]:
        return [h for i, h in enumerate(self.table.header) if h and i not in self.read_columns]

    def record(self, num: int, cells: Sequence[str]) -> dict[str, str]:
        """The row as exported; street and coordinates blanked when it is confidential."""
        hidden = self.street if num in self.private else set()
        return {
            h: ("" if header_key(h) in hidden else (cells[i] if i < len(cells) else ""))
            for i, h in enumerate(self.table.header)
        }


@dataclass
class Built:
    """One partner or service row, and where each of its values came from."""

    home: tuple[str, int]  # (file, row) of the record it stands for
    cells: dict[str, str] = field(default_factory=dict)
    origins: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    terms: list[tuple[str, str]] = field(default_factory=list)  # (name, code)

    def put(self, column: str, value: str, sheet: Sheet, row: int, source: str) -> None:
        """Set a contract column from ``sheet`` row ``row``, column ``source``."""
        if value:
            self.cells[column] = value
            self.origins[column] = (sheet.file, row, source)

    def take(self, column: str, sheet: Sheet, row: int, cells: Sequence[str], name: str) -> None:
        self.put(column, sheet.get(cells, name), sheet, row, sheet.column(name))


@dataclass
class Directory:
    """Everything an export gives before the checks (see the module docstring)."""

    label: str
    sheets: list[Sheet]
    partners: list[Built] = field(default_factory=list)
    services: list[Built] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    kept_out: dict[str, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))
    # service id -> its taxonomy terms, for services loaded as "Not yet categorised"
    uncategorised: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def keep_out(
        self,
        sheet: Sheet,
        row: int,
        column: str | None,
        value: str | None,
        message: str,
        kind: str,
    ) -> None:
        """Keep a record out, and list it with its reason (an error of the report)."""
        self.kept_out[sheet.file][row] = message
        self.problems.append(Problem(sheet.file, row, column, value, message, "error", kind))

    def keep_out_closed(
        self,
        sheet: Sheet,
        row: int,
        cells: Sequence[str],
        columns: Iterable[str],
        closed: Collection[str],
        why: Callable[[str], str],
    ) -> bool:
        """Keep a record out when the first of its status ``columns`` whose value (in lower
        case) is in ``closed`` says it has closed; ``why(value)`` begins the reason. True
        when it was kept out."""
        for column in columns:
            value = sheet.get(cells, column)
            if value and value.lower() in closed:
                self.keep_out(
                    sheet,
                    row,
                    sheet.column(column),
                    value,
                    f"{why(value)}, so it was kept out (with what belongs to it). Nothing to fix "
                    "if it has closed.",
                    "inactive_record",
                )
                return True
        return False

    def keep_out_under(
        self, sheet: Sheet, row: int, column: str | None, ref: str, what: str, owner: str
    ) -> None:
        """Keep a record out because the record it belongs to (``owner``, as the reason
        names it; ``ref`` its id) was kept out."""
        self.keep_out(
            sheet,
            row,
            column,
            ref,
            f"this {what} belongs to {owner}, which was kept out, so it was kept out too.",
            "parent_rejected",
        )

    def warn(
        self,
        sheet: Sheet,
        row: int | None,
        column: str | None,
        value: str | None,
        text: str,
        kind: str,
    ) -> None:
        self.problems.append(Problem(sheet.file, row, column, value, text, "warning", kind))

    def is_out(self, sheet: Sheet, row: int) -> bool:
        return row in self.kept_out.get(sheet.file, {})


class Finishing(TypedDict, total=False):
    """What every export's last steps take (:func:`finish`), passed on by each adapter."""

    term_map: Mapping[str, str] | None
    default_category: str | None
    default_sector: str | None


def finish(directory: Directory, **options: Unpack[Finishing]) -> Directory:
    """The last steps of every export: categories (:func:`categorise`), then sectors
    (:func:`assign_sectors`)."""
    categorise(
        directory,
        term_map=options.get("term_map") or {},
        default_category=options.get("default_category"),
    )
    assign_sectors(directory, options.get("default_sector"))
    return directory


# ---------------------------------------------------------------------------- categories
def categorise(
    directory: Directory,
    *,
    term_map: Mapping[str, str],
    default_category: str | None,
) -> None:
    """Give every service a category from its taxonomy terms (see crosswalk.map_term),
    else from its name, else ``default_category``; report unmapped terms once each."""
    unmapped: Counter[tuple[str, str]] = Counter()
    first_seen: dict[tuple[str, str], tuple[str, int, str]] = {}
    default = s.CATEGORIES.match(default_category or "") or ""
    for row in directory.services:
        if row.cells.get(s.CATEGORY):
            continue
        found = None
        for name, code in row.terms:
            match = map_term(name, code, user_map=term_map)
            if match.category:
                found = match.category
                break
        if found:
            row.cells[s.CATEGORY] = found
            continue
        for term in row.terms:
            unmapped[term] += 1
            origin = row.origins.get("taxonomy", (row.home[0], row.home[1], "taxonomy"))
            first_seen.setdefault(term, origin)
        guessed = category_in_text(row.cells.get(s.NAME, ""))
        if guessed:
            row.cells[s.CATEGORY] = guessed
            file, num = row.home
            directory.problems.append(
                Problem(
                    file,
                    num,
                    row.origins.get(s.NAME, (file, num, s.NAME))[2],
                    row.cells.get(s.NAME),
                    f"no taxonomy term of this service maps to a dashboard category; its name "
                    f"says '{guessed}', which was used. Check it in the preview.",
                    "warning",
                    "category_guessed",
                )
            )
        elif default:
            row.cells[s.CATEGORY] = default
        else:
            # Never kept out for its category alone (issue 16), as for HSDS: it loads as
            # "Not yet categorised", is listed, and is categorised per term afterwards.
            row.cells[s.CATEGORY] = s.UNCATEGORISED
            names = tuple(dict.fromkeys(name for name, _ in row.terms))
            directory.uncategorised[row.cells.get(s.SERVICE_ID, "")] = names
            file, num, column = row.origins.get("taxonomy", (*row.home, "taxonomy"))
            shown = "; ".join(dict.fromkeys(f"{c} {n}".strip() for n, c in row.terms))
            directory.problems.append(
                Problem(
                    file,
                    num,
                    column or None,
                    shown or None,
                    (
                        f"none of this service's taxonomy terms ({shown}) maps to a dashboard "
                        if shown
                        else "this service has no taxonomy term, and its name names no "
                    )
                    + f"category, so it was loaded as '{s.UNCATEGORISED}'. Choose a category "
                    "for its terms under 'Services not yet categorised' on the Import tab (all "
                    "services with the same term at once), or on the Edit tab.",
                    "warning",
                    "uncategorised",
                )
            )
    for (name, code), count in unmapped.items():
        file, num, column = first_seen[(name, code)]
        shown = f"{code} {name}".strip()
        directory.problems.append(
            Problem(
                file,
                num,
                column,
                shown,
                f"taxonomy term '{shown}' maps to no dashboard category ({count} service(s) use "
                "it). Choose its category in the Import section of the Data page (your choice "
                "is remembered), or a category for services without one.",
                "warning",
                "unmapped_term",
            )
        )


def assign_sectors(directory: Directory, default_sector: str | None) -> None:
    """Sectors from the categories of each partner's services, else the default, else
    Other; one warning per export says how many were worked out."""
    by_partner: dict[str, list[str]] = defaultdict(list)
    for row in directory.services:
        by_partner[row.cells.get(s.PARTNER_ID, "")].append(row.cells.get(s.CATEGORY, ""))
    default = s.SECTORS.match(default_sector or "") or OTHER_SECTOR
    worked_out = defaulted = 0
    first: Built | None = None
    for row in directory.partners:
        if row.cells.get(s.SECTOR):
            continue
        sector = infer_sector(c for c in by_partner.get(row.cells.get(s.PARTNER_ID, ""), []) if c)
        if sector:
            worked_out += 1
        else:
            defaulted += 1
        row.cells[s.SECTOR] = sector or default
        first = first or row
    if first is not None:
        directory.problems.append(
            Problem(
                first.home[0],
                None,
                None,
                None,
                f"{directory.label} has no sector: {worked_out} organization(s) got theirs from "
                f"the categories of their services, and {defaulted} got '{default}'. Check them "
                "in the preview, or choose a sector for organizations whose services do not say.",
                "warning",
                "sector_guessed",
            )
        )


# ---------------------------------------------------------------------------- loading
def _raw(label: str, spec: s.FileSpec, rows: list[Built]) -> RawTable:
    used = {c for row in rows for c in row.cells}
    header = [c.name for c in spec.columns if c.name in used]
    return RawTable(
        label,
        header,
        [(i, [row.cells.get(c, "") for c in header]) for i, row in enumerate(rows, start=1)],
    )


def _remap(problem: Problem, rows: list[Built]) -> Problem:
    if problem.row is None or not 1 <= problem.row <= len(rows):
        file = rows[0].home[0] if rows else problem.file
        return Problem(
            file,
            None,
            problem.column,
            problem.value,
            problem.message,
            problem.severity,
            problem.kind,
        )
    row = rows[problem.row - 1]
    if problem.column == s.CATEGORY and problem.kind == "missing_value":
        shown = "; ".join(dict.fromkeys(f"{c} {n}".strip() for n, c in row.terms))
        reason = (
            f"none of its taxonomy terms ({shown}) maps to a dashboard category"
            if shown
            else "it has no taxonomy term, and its name names no category"
        )
        file, num, column = row.origins.get("taxonomy", (*row.home, ""))
        return Problem(
            file,
            num,
            column or None,
            shown or None,
            f"this service has no dashboard category: {reason}, so it was kept out. Map its "
            "terms in the Import section of the Data page (your choice is remembered), or "
            "choose a category for services without one.",
            "error",
            "no_category",
        )
    file, num, column = row.origins.get(problem.column or "", (*row.home, problem.column or ""))
    return Problem(
        file, num, column or None, problem.value, problem.message, problem.severity, problem.kind
    )


def _rejected_rows(ws: Workspace, file: str) -> dict[int, str]:
    df = ws.rejected.get(file)
    if df is None or df.empty:
        return {}
    return {int(r): str(reason) for r, reason in zip(df["row"], df["reason"], strict=True)}


def load_directory(
    directory: Directory,
    *,
    base: Workspace | None = None,
    mode: Mode = "replace",
    source: str = "",
) -> Workspace:
    """Check the built rows like any upload; report and count against the exported files."""
    tables = {s.PARTNERS: _raw(BUILT_PARTNERS, s.PARTNERS_SPEC, directory.partners)}
    if directory.services:
        tables[s.SERVICES] = _raw(BUILT_SERVICES, s.SERVICES_SPEC, directory.services)
    ws = load_tables(tables, base=base, mode=mode, source=source or directory.label)
    loaded = set(ws.services[s.SERVICE_ID])
    ws.uncategorised_terms = {
        sid: terms for sid, terms in directory.uncategorised.items() if sid in loaded
    }
    built = {BUILT_PARTNERS: directory.partners, BUILT_SERVICES: directory.services}
    problems = list(directory.problems)
    for p in ws.problems:
        rows = built.get(p.file)
        problems.append(_remap(p, rows) if rows is not None else p)
    # A record is kept out when everything built from it was refused.
    bad = {f: dict(rows) for f, rows in directory.kept_out.items()}
    for label, rows in built.items():
        refused = _rejected_rows(ws, s.PARTNERS if label == BUILT_PARTNERS else s.SERVICES)
        homes: dict[tuple[str, int], list[int]] = defaultdict(list)
        for i, row in enumerate(rows, start=1):
            homes[row.home].append(i)
        for (file, num), numbers in homes.items():
            if all(i in refused for i in numbers):
                bad.setdefault(file, {}).setdefault(num, refused[numbers[0]])
    for sheet in directory.sheets:
        unused = sheet.unused_columns()
        if unused:
            problems.append(
                Problem(
                    sheet.file,
                    None,
                    unused[0],
                    None,
                    f"{len(unused)} column(s) hold data the dashboard does not use: "
                    f"{', '.join(repr(h) for h in unused[:12])}"
                    f"{' ...' if len(unused) > 12 else ''}. Nothing to fix; they stay in your "
                    "file.",
                    "warning",
                    "unused_columns",
                )
            )
    counts: dict[str, dict[str, int]] = {}
    rejected: dict[str, pd.DataFrame] = {}
    for sheet in directory.sheets:
        out = bad.get(sheet.file, {})
        read = len(sheet.rows)
        counts[sheet.file] = {"read": read, "loaded": read - len(out), "rejected": len(out)}
        records = [
            {"row": num, **sheet.record(num, cells), "reason": out[num]}
            for num, cells in sheet.rows
            if num in out
        ]
        frame = pd.DataFrame.from_records(
            records, columns=["row", *[h for h in sheet.table.header if h], "reason"]
        )
        frame["row"] = frame["row"].astype("Int64")
        rejected[sheet.file] = frame
    ws.problems = list(dict.fromkeys(problems))
    ws.counts = counts
    ws.rejected = rejected
    ws.source = source or directory.label
    return ws


@dataclass(frozen=True)
class PlaceColumns:
    """The columns an export writes a place in ("" for a column it does not have)."""

    street: tuple[str, ...]  # street lines, joined with ', '
    city: str
    state: str
    zip_code: str
    latitude: str = ""
    longitude: str = ""

    @property
    def blanked(self) -> tuple[str, ...]:
        """The street and coordinate columns (blanked in the report for a confidential row)."""
        return (*self.street, self.latitude, self.longitude)


def put_place(row: Built, sheet: Sheet, num: int, cells: Sequence[str], at: PlaceColumns) -> bool:
    """Copy an address (street lines joined with ', ') and coordinates; True if any."""
    lines = [sheet.get(cells, name) for name in at.street]
    row.put(s.ADDRESS, ", ".join(v for v in lines if v), sheet, num, sheet.column(at.street[0]))
    for column, name in (
        (s.CITY, at.city),
        (s.STATE, at.state),
        (s.ZIP, at.zip_code),
        (s.LATITUDE, at.latitude),
        (s.LONGITUDE, at.longitude),
    ):
        if name:
            row.take(column, sheet, num, cells, name)
    return any(row.cells.get(c) for c in (s.ADDRESS, s.CITY, s.ZIP, s.LATITUDE))


def mark_private(
    row: Built, sheet: Sheet, num: int, cells: Sequence[str], column: str, *, source: str = ""
) -> None:
    """Mark ``row`` confidential when its ``column`` says yes (its street and coordinates
    are then blanked in the report). ``source``: the column its origin names (the header
    as written by default)."""
    if is_true(sheet.get(cells, column)):
        row.put(s.CONFIDENTIAL, "true", sheet, num, source or sheet.column(column))
        sheet.private.add(num)


def copy_place(target: Built, source: Built) -> None:
    """Give ``target`` the location of ``source`` (a site's, for a program offered there)."""
    for column in (*s.LOCATION_COLUMNS,):
        if column in source.cells:
            target.cells[column] = source.cells[column]
            if column in source.origins:
                target.origins[column] = source.origins[column]


def term_table(directory: Directory, term_map: Mapping[str, str]) -> pd.DataFrame:
    """Every taxonomy term the services use, with the category it maps to.

    Columns: term, code, services (how many use it), services without a category (how
    many no term maps for), category ('' when unmapped), how, key (what a choice is
    saved under, :func:`mapping.interop.crosswalk.term_key`). Unmapped terms first.
    """
    counts: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    first: dict[str, tuple[str, str]] = {}
    matches: dict[str, TermMatch] = {}
    for row in directory.services:
        keys = {term_key(name, code): (name, code) for name, code in row.terms}
        for key, term in keys.items():
            first.setdefault(key, term)
            if key not in matches:
                matches[key] = map_term(*term, user_map=term_map)
            counts[key] += 1
        if keys and not any(matches[key].category for key in keys):
            missing.update(list(keys))
    records = [
        {
            "term": name,
            "code": code,
            "services": counts[key],
            "services without a category": missing[key],
            "category": matches[key].category or "",
            "how": matches[key].how,
            "key": key,
        }
        for key, (name, code) in first.items()
    ]
    columns = ["term", "code", "services", "services without a category", "category", "how"]
    df = pd.DataFrame.from_records(records, columns=[*columns, "key"])
    if df.empty:
        return df
    df["mapped"] = df["category"] != ""
    return (
        df.sort_values(
            ["mapped", "services without a category", "services"],
            ascending=[True, False, False],
            kind="stable",
        )
        .drop(columns=["mapped"])
        .reset_index(drop=True)
    )
