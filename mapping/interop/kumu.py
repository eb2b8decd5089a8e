"""Network maps in Kumu's spreadsheet format: partners as elements, relationships as
connections.

Kumu (https://kumu.io) imports a workbook with an **Elements** sheet (``Label`` first, or
``ID`` then ``Label``; ``Type``, ``Description``, ``Tags`` and any other column become
fields; lists are separated by ``|``) and a **Connections** sheet (``From`` and ``To``,
which name elements by ID or label; ``Type``, ``Direction``, ``Strength`` ...). See
https://docs.kumu.io/guides/import/import.

* :func:`kumu_workbook` writes partners and relationships that way: element ID = partner
  id, Type = sector, Tags = the categories of its services; connection Type = the level of
  the relationship, Strength = trust (1-4), Tags = what they do together. No street
  addresses (a network map has no use for them, and confidential ones are never stored),
  and contact details only when asked.
* :func:`import_kumu` reads such sheets back as **relationships** between partners already
  in the workspace, matched by id or by name. A connection whose element is not a partner
  is kept out and reported; a ``To`` cell listing several elements (``A|B``) gives one
  relationship each, as in Kumu; ``Direction = mutual`` adds the reverse relationship.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mapping.data import schema as s
from mapping.data.errors import DataFileError, Problem
from mapping.data.exports import excel_safe
from mapping.data.headers import header_key
from mapping.data.loading import Mode, load_tables, read_any
from mapping.data.normalize import split_list
from mapping.data.reading import RawTable
from mapping.data.workspace import Workspace

ELEMENTS = "Elements"
CONNECTIONS = "Connections"


# ------------------------------------------------------------------------------ export
def kumu_frames(
    ws: Workspace, *, include_contacts: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(elements, connections) as Kumu reads them; text cells, Excel-safe."""
    categories = (
        ws.services.groupby(s.PARTNER_ID, sort=False)[s.CATEGORY]
        .agg(lambda c: "|".join(dict.fromkeys(c)))
        .to_dict()
    )
    p = ws.partners
    elements = pd.DataFrame(
        {
            "ID": p[s.PARTNER_ID],
            "Label": p[s.NAME],
            "Type": p[s.SECTOR],
            "Description": p[s.NOTES],
            "Tags": p[s.PARTNER_ID].map(lambda pid: categories.get(pid, "")),
            "City": p[s.CITY],
            "State": p[s.STATE],
            "ZIP": p[s.ZIP],
            "Website": p[s.WEBSITE],
            "Languages": p[s.LANGUAGES],
            "Populations served": p[s.POPULATIONS],
            "Expertise": p[s.EXPERTISE],
            "Funds": p[s.FUNDS],
            "Confidential location": p[s.CONFIDENTIAL].map({True: "yes", False: ""}),
        }
    )
    if include_contacts:
        elements["Contact"] = p[s.CONTACT_NAME]
        elements["Email"] = p[s.CONTACT_EMAIL]
        elements["Phone"] = p[s.PHONE]
    r = ws.relationships
    connections = pd.DataFrame(
        {
            "From": r[s.SOURCE_ID],
            "To": r[s.TARGET_ID],
            "Type": r[s.LEVEL],
            "Direction": "directed",
            "Strength": r[s.TRUST].map(lambda v: "" if pd.isna(v) else str(int(v))),
            "Tags": r[s.REL_TYPE],
            "Since": r[s.SINCE],
            "Description": r[s.NOTES],
        }
    )
    return elements.map(excel_safe), connections.map(excel_safe)


EXCEL_CELL_LIMIT = 32_767  # characters in one Excel cell
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _fit_sheet(df: pd.DataFrame, sheet: str, notes: list[str]) -> pd.DataFrame:
    """``df`` as Excel can hold it: control characters removed, cells cut at Excel's limit;
    each change described in ``notes`` (sheet, row, column, what and how to fix it)."""
    out = df.copy()
    for j, col in enumerate(out.columns):
        for i, value in enumerate(out[col]):
            if not isinstance(value, str):
                continue
            where = f"{sheet} row {i + 2} ({out.iloc[i, 0]!s}), column {col}"
            fixed = value
            if _CONTROL.search(fixed):
                fixed = _CONTROL.sub("", fixed)
                notes.append(
                    f"{where}: invisible control characters were left out (Excel refuses "
                    "them). Correct the value on the Data page's Edit tab if it reads wrong."
                )
            if len(fixed) > EXCEL_CELL_LIMIT:
                notes.append(
                    f"{where}: {len(fixed):,} characters, cut to {EXCEL_CELL_LIMIT:,} (the "
                    "most one Excel cell holds). Shorten it on the Data page's Edit tab to "
                    "keep all of it."
                )
                fixed = fixed[:EXCEL_CELL_LIMIT]
            if fixed is not value:
                out.iat[i, j] = fixed
    return out


def kumu_sheets(
    ws: Workspace, *, include_contacts: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """(elements, connections, notes): the sheets as written, and what had to change."""
    elements, connections = kumu_frames(ws, include_contacts=include_contacts)
    notes: list[str] = []
    elements = _fit_sheet(elements, ELEMENTS, notes)
    connections = _fit_sheet(connections, CONNECTIONS, notes)
    return elements, connections, notes


def kumu_workbook(ws: Workspace, *, include_contacts: bool = False) -> bytes:
    """An .xlsx workbook with Elements and Connections sheets, ready for Kumu's import
    (:func:`kumu_sheets` says what had to change for Excel)."""
    elements, connections, _ = kumu_sheets(ws, include_contacts=include_contacts)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        elements.to_excel(writer, sheet_name=ELEMENTS, index=False)
        connections.to_excel(writer, sheet_name=CONNECTIONS, index=False)
    return buf.getvalue()


# ------------------------------------------------------------------------------ import
_LEVEL_COLUMNS = ("level", "relationship_level", "type")
_TYPE_COLUMNS = ("tags", "relationship_type", "type")
_TRUST_COLUMNS = ("strength", "trust", "weight")
_SINCE_COLUMNS = ("since", "year", "start", "start_year")
_NOTE_COLUMNS = ("description", "notes", "label")


def _column(header: list[str], names: tuple[str, ...], taken: set[int]) -> int | None:
    keys = [header_key(h) for h in header]
    for name in names:
        if name in keys and keys.index(name) not in taken:
            return keys.index(name)
    return None


def _sheet_kind(label: str, table: RawTable) -> str | None:
    keys = {header_key(h) for h in table.header}
    sheet = label.split(" [", 1)[1].rstrip("]") if " [" in label else Path(label).stem
    name = header_key(sheet)
    if {"from", "to"} <= keys or name in ("connections", "connection", "edges", "links"):
        return CONNECTIONS
    if "label" in keys or name in ("elements", "element", "nodes"):
        return ELEMENTS
    return None


def find_kumu_sheets(tables: Mapping[str, RawTable]) -> tuple[RawTable | None, RawTable | None]:
    """(elements, connections) among read tables; either may be None."""
    elements = connections = None
    for label, table in tables.items():
        kind = _sheet_kind(label, table)
        if kind == CONNECTIONS and connections is None:
            connections = table
        elif kind == ELEMENTS and elements is None:
            elements = table
    return elements, connections


def looks_like_kumu(tables: Mapping[str, RawTable]) -> bool:
    """True for Kumu-style sheets (From/To connections, Label elements), not for this
    dashboard's own relationships.csv (which has source_id/target_id and level)."""
    elements, connections = find_kumu_sheets(tables)
    if connections is None:
        return False
    keys = {header_key(h) for h in connections.header}
    ours = {"source_id", "target_id"} <= keys
    return not ours and (elements is not None or "level" not in keys)


@dataclass
class _Resolver:
    """Names a connection cell may use for a partner: its id, its element's ID, its name."""

    ws: Workspace
    element_labels: dict[str, str] = field(default_factory=dict)  # element ID -> Label
    by_name: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names: dict[str, list[str]] = {}
        for pid, name in zip(self.ws.partners[s.PARTNER_ID], self.ws.partners[s.NAME], strict=True):
            names.setdefault(_name_key(name), []).append(pid)
        self.by_name = {k: v[0] for k, v in names.items() if len(v) == 1}
        self.ids = set(self.ws.partners[s.PARTNER_ID])

    def partner(self, ref: str) -> str | None:
        if ref in self.ids:
            return ref
        label = self.element_labels.get(ref)
        if label is not None:
            if label in self.ids:
                return label
            found = self.by_name.get(_name_key(label))
            if found:
                return found
        return self.by_name.get(_name_key(ref))


def _name_key(name: str) -> str:
    # Kumu exports and R's network package write "Texas.Highway.Patrol" for spaces.
    return s.normalize_key(name.replace(".", " "))


def import_kumu(
    source: str | Path | bytes | Mapping[str, bytes],
    name: str | None = None,
    *,
    base: Workspace,
    mode: Mode = "merge",
    default_level: str | None = None,
) -> Workspace:
    """Relationships from Kumu-style sheets, merged into (or replacing those of) ``base``.

    ``source`` is an .xlsx with Elements and Connections sheets, a CSV of connections, a zip
    of both, or a mapping of file name -> bytes. Connections name partners by id, by their
    element's ID, or by name. ``default_level`` is the level of connections whose Type (or
    Level) is not cooperation, coordination or collaboration; without it they are kept out.
    ``mode`` "merge" adds and updates relationships; "replace" makes these the only ones.
    Counts are per sheet (read = loaded + rejected).

    Raises:
        DataFileError: no sheet with From and To columns.
    """
    if isinstance(source, Mapping):
        tables: dict[str, RawTable] = {}
        for fname, data in source.items():
            tables.update(read_any(data, fname))
    else:
        tables = read_any(source, name)
    elements, connections = find_kumu_sheets(tables)
    if connections is None:
        raise DataFileError(
            f"{name or 'the upload'}: no connections sheet was found. Kumu's connections sheet "
            "has a 'From' column and a 'To' column (a sheet named 'Connections')."
        )
    level_default = s.LEVELS.match(default_level or "") or ""
    resolver = _Resolver(base)
    problems: list[Problem] = []
    counts: dict[str, dict[str, int]] = {}
    rejected: dict[str, pd.DataFrame] = {}

    if elements is not None:
        e_keys = [header_key(h) for h in elements.header]
        id_col = e_keys.index("id") if "id" in e_keys else None
        label_col = e_keys.index("label") if "label" in e_keys else None
        kept_out: dict[int, str] = {}
        for num, cells in elements.rows:
            label = cells[label_col] if label_col is not None else ""
            key = cells[id_col] if id_col is not None and cells[id_col] else label
            resolver.element_labels[key] = label or key
            if resolver.partner(key) is None:
                message = (
                    f"element '{label or key}' is not a partner in the workspace (no partner has "
                    "this id or name), so its connections cannot be loaded. Add it as a partner "
                    "first (Data > Upload or Edit), or correct its Label to the partner's name."
                )
                kept_out[num] = message
                problems.append(
                    Problem(
                        elements.source,
                        num,
                        "Label",
                        label or key,
                        message,
                        "error",
                        "unknown_partner",
                    )
                )
        counts[elements.source] = {
            "read": elements.read,
            "loaded": elements.read - len(kept_out),
            "rejected": len(kept_out),
        }
        rejected[elements.source] = _rejected_frame(elements, kept_out)

    header = connections.header
    taken: set[int] = set()
    keys = [header_key(h) for h in header]
    from_col, to_col = keys.index("from"), keys.index("to")
    taken |= {from_col, to_col}
    level_col = _column(header, _LEVEL_COLUMNS, taken)
    trust_col = _column(header, _TRUST_COLUMNS, taken)
    since_col = _column(header, _SINCE_COLUMNS, taken)
    note_col = _column(header, _NOTE_COLUMNS, taken)
    tags_col = _column(header, ("tags", "relationship_type"), taken | {level_col or -1})
    direction_col = _column(header, ("direction",), taken)

    rows: list[tuple[int, list[str]]] = []
    origin: dict[int, int] = {}  # relationship row -> its connections sheet row
    sheet_rows: dict[int, list[int]] = {}
    for num, cells in connections.rows:
        level_text = cells[level_col] if level_col is not None else ""
        level = s.LEVELS.match(level_text) or ""
        types = split_list(cells[tags_col]) if tags_col is not None else []
        if level_text and not level:
            types.insert(0, level_text)  # a Kumu Type such as "Referral" is what they do
            level = level_default
        elif not level:
            level = level_default
        sources = [x.strip() for x in cells[from_col].split("|") if x.strip()] or [""]
        targets = [x.strip() for x in cells[to_col].split("|") if x.strip()] or [""]
        mutual = direction_col is not None and cells[direction_col].strip().lower() == "mutual"
        for src in sources:
            for dst in targets:
                pairs = [(src, dst)] + ([(dst, src)] if mutual else [])
                for a, b in pairs:
                    pa, pb = resolver.partner(a), resolver.partner(b)
                    record = {
                        s.SOURCE_ID: pa or a,
                        s.TARGET_ID: pb or b,
                        s.LEVEL: level,
                        s.REL_TYPE: "|".join(types),
                        s.TRUST: cells[trust_col] if trust_col is not None else "",
                        s.SINCE: cells[since_col] if since_col is not None else "",
                        s.NOTES: cells[note_col] if note_col is not None else "",
                    }
                    internal = len(rows) + 1
                    rows.append((internal, [record[c] for c in s.RELATIONSHIPS_SPEC.column_names]))
                    origin[internal] = num
                    sheet_rows.setdefault(num, []).append(internal)
    raw = RawTable(
        connections.source,
        list(s.RELATIONSHIPS_SPEC.column_names),
        rows,
        encoding="utf-8",
        delimiter=None,
    )
    start = base
    if mode == "replace":
        start = Workspace(partners=base.partners, services=base.services)
    ws = load_tables(
        {s.RELATIONSHIPS: raw}, base=start, mode="merge", source=f"Kumu sheets {connections.source}"
    )
    column_names = {
        s.SOURCE_ID: "From",
        s.TARGET_ID: "To",
        s.LEVEL: "Type",
        s.TRUST: "Strength",
        s.SINCE: "Since",
        s.REL_TYPE: "Tags",
        s.NOTES: "Description",
    }
    for p in ws.problems:
        if p.file != connections.source or p.row is None or p.row not in origin:
            problems.append(p)
            continue
        sheet_row = origin[p.row]
        if p.kind == "unknown_partner":
            col = "From" if p.column == s.SOURCE_ID else "To"
            problems.append(
                Problem(
                    p.file,
                    sheet_row,
                    col,
                    p.value,
                    f"'{p.value}' matches no partner in the workspace (by id, by element, or by "
                    "name), so this connection was kept out. Add the partner first, or correct "
                    "the name.",
                    "error",
                    "unknown_partner",
                )
            )
        elif p.column == s.LEVEL and p.kind == "missing_value":
            problems.append(
                Problem(
                    p.file,
                    sheet_row,
                    "Type",
                    p.value or None,
                    "this connection does not say its level (cooperation, coordination or "
                    "collaboration), so it was kept out. Put the level in a 'Type' or 'Level' "
                    "column, or choose a level for such connections.",
                    "error",
                    "missing_value",
                )
            )
        else:
            problems.append(
                Problem(
                    p.file,
                    sheet_row,
                    column_names.get(p.column or "", p.column),
                    p.value,
                    p.message,
                    p.severity,
                    p.kind,
                )
            )
    bad_internal = set()
    df = ws.rejected.get(s.RELATIONSHIPS)
    if df is not None and not df.empty:
        bad_internal = {int(x) for x in df["row"]}
    kept_out_rows: dict[int, str] = {}
    for num, made in sheet_rows.items():
        if df is not None and all(i in bad_internal for i in made):
            kept_out_rows[num] = str(df.loc[df["row"] == made[0], "reason"].iloc[0])
    counts[connections.source] = {
        "read": connections.read,
        "loaded": connections.read - len(kept_out_rows),
        "rejected": len(kept_out_rows),
    }
    rejected[connections.source] = _rejected_frame(connections, kept_out_rows)
    ws.problems = list(dict.fromkeys(problems))
    ws.counts = counts
    ws.rejected = rejected
    return ws


def _rejected_frame(table: RawTable, kept_out: Mapping[int, str]) -> pd.DataFrame:
    columns = ["row", *[h for h in table.header if h], "reason"]
    records = [
        {"row": num, **dict(zip(table.header, cells, strict=False)), "reason": kept_out[num]}
        for num, cells in table.rows
        if num in kept_out
    ]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["row"] = frame["row"].astype("Int64")
    return frame
