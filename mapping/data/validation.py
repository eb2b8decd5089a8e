"""Check one table row by row against the data contract, as a report rather than a crash.

:func:`validate_table` turns a :class:`~mapping.data.reading.RawTable` into a clean frame plus
a list of :class:`~mapping.data.errors.Problem`. Rows with an error are kept out (and kept in
``rejected`` so they can be fixed and loaded again); every other row loads, with warnings
saying what was changed. For every table, rows read = rows loaded + rows rejected.

Work is column-wise: each distinct value of a column is normalised once, so a 50,000-row
services file costs about as many normaliser calls as it has distinct values.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mapping.data import normalize as n
from mapping.data import schema as s
from mapping.data.errors import Problem, Severity
from mapping.data.headers import map_header
from mapping.data.reading import RawTable, paused_gc
from mapping.data.rejected import rejected_frame
from mapping.data.shifted import realign_shifted
from mapping.data.text_keys import clean_text, identity_key, identity_keys
from mapping.data.workspace import column_dtype, conform, empty_frame

# Coordinates that are within range but clearly not meant: the "null island" default.
_NULL_ISLAND = (0.0, 0.0)


@dataclass
class Context:
    """What a table is checked against: the partners that exist, and those kept out."""

    partner_ids: set[str] = field(default_factory=set)
    rejected_partners: dict[str, int] = field(default_factory=dict)
    partners_file: str = s.PARTNERS


@dataclass
class TableResult:
    """The outcome of checking one table."""

    frame: pd.DataFrame
    problems: list[Problem]
    read: int
    rejected: pd.DataFrame
    present_columns: set[str]
    rejected_ids: dict[str, int] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {"read": self.read, "loaded": len(self.frame), "rejected": len(self.rejected)}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "partner"


@dataclass
class _Rows:
    """Column-wise working state of one table."""

    source: str
    numbers: list[int]
    raw: dict[str, list[str]]
    # The checked values of each column, as numpy arrays (of Python objects, or bool).
    values: dict[str, np.ndarray] = field(default_factory=dict)
    problems: dict[int, list[Problem]] = field(default_factory=lambda: defaultdict(list))
    errors: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # Contract columns the file does not have (blank in every row).
    absent: set[str] = field(default_factory=set)
    # (codes, distinct values) of columns still exactly their normalised distinct values
    # spread back to the rows; dropped when a value of the column is changed.
    coded: dict[str, tuple[np.ndarray, list[object]]] = field(default_factory=dict)

    def add(
        self,
        i: int,
        column: str | None,
        value: str | None,
        cell_or_message: n.Cell | str,
        severity: Severity | None = None,
        kind: str = "",
    ) -> None:
        if isinstance(cell_or_message, n.Cell):
            message, sev, kind = (
                cell_or_message.message,
                cell_or_message.severity,
                cell_or_message.kind,
            )
        else:
            message, sev = cell_or_message, severity
        assert sev in ("error", "warning")
        self.problems[i].append(
            Problem(self.source, self.numbers[i], column, value, message, sev, kind or "other")
        )
        if sev == "error":
            self.errors[i] = True


def _normalizer(spec: s.FileSpec, column: s.Column) -> Callable[[str], n.Cell]:
    name, kind = column.name, column.kind
    if name == s.SECTOR:
        return lambda v: n.normalize_term(v, s.SECTORS, file=spec.name)
    if name == s.CATEGORY:
        return lambda v: n.normalize_category(v, file=spec.name)
    if name == s.LEVEL:
        return lambda v: n.normalize_term(v, s.LEVELS, file=spec.name)
    if name == s.LANGUAGES:
        return lambda v: n.normalize_list(v, s.LANGUAGES_VOCAB, warn_unknown=False)
    if name == s.POPULATIONS:
        return lambda v: n.normalize_list(v, s.POPULATIONS_VOCAB, warn_unknown=True)
    if name == s.REL_TYPE:
        return lambda v: n.normalize_list(v, s.RELATIONSHIP_TYPES, warn_unknown=True)
    if name == s.FUNDS:
        return lambda v: n.normalize_list(v, s.CATEGORIES, warn_unknown=True)
    if name == s.EXPERTISE:
        return lambda v: n.normalize_list(v, None, warn_unknown=False)
    if name == s.PHONE:
        return n.normalize_phone
    if name in (s.LATITUDE, s.LONGITUDE):
        return lambda v: n.normalize_coordinate(v, column=name)
    if name == s.RADIUS:
        return n.normalize_radius
    if name == s.TRUST:
        return n.normalize_trust
    if kind == "bool":
        return lambda v: n.normalize_bool(v, column=name)
    if kind == "zip":
        return n.normalize_zip
    if kind == "state":
        return n.normalize_state
    if kind == "email":
        return n.normalize_email
    if kind == "url":
        return n.normalize_url
    return n.Cell


def _object_array(values: list[object] | list[str] | np.ndarray) -> np.ndarray:
    """A list as a 1-d numpy array of Python objects (never turned into a 2-d array); such
    an array is returned as it is."""
    if isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1:
        return values
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _mask_ssn(text: str) -> str:
    return s.SSN_VALUE.sub(lambda m: "***-**-" + m.group(0)[-4:], text)


def validate_table(
    raw: RawTable,
    spec: s.FileSpec,
    context: Context | None = None,
    *,
    defaults: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> TableResult:
    """Check ``raw`` against ``spec``; see the module docstring for the rules.

    ``defaults`` fills blank (or missing) cells, e.g. ``{"sector": "Government"}`` for a
    directory of job centers that has no sector column; ``overrides`` replaces a column in
    every row (the IPEDS directory's SECTOR column holds codes, not our sectors).
    """
    with paused_gc():  # thousands of small objects per column: see reading.paused_gc
        return _validate_table(raw, spec, context, defaults=defaults, overrides=overrides)


def _validate_table(
    raw: RawTable,
    spec: s.FileSpec,
    context: Context | None = None,
    *,
    defaults: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> TableResult:
    context = context or Context()
    where, header_problems = map_header(raw, spec)
    count = raw.read
    fixed, shift_problems = realign_shifted(raw, where, spec)
    header_problems.extend(shift_problems)
    if fixed:
        records = [fixed.get(num, cells) for num, cells in raw.rows]
        columns = {name: [cells[i] for cells in records] for name, i in where.items()}
    else:
        columns = {name: raw.column(i) for name, i in where.items()}
    rows = _Rows(
        raw.source,
        raw.numbers(),
        columns,
        errors=np.zeros(count, dtype=bool),
    )
    position = {num: i for i, num in enumerate(rows.numbers)} if raw.problems else {}
    for p in raw.problems:  # reading findings (extra cells) are row warnings
        if p.row in position and p.row not in fixed:
            rows.problems[position[p.row]].append(p)
    present = set(where)
    for name, default in (defaults or {}).items():
        if name in spec.column_names and default:
            col = rows.raw.setdefault(name, [""] * count)
            rows.raw[name] = [v or default for v in col]
            present.add(name)
    for name, value in (overrides or {}).items():
        if name in spec.column_names:
            rows.raw[name] = [value] * count
            present.add(name)

    # A partners list without ids (a public directory) gets ids made from the names.
    if spec.name == s.PARTNERS and s.PARTNER_ID not in rows.raw and s.NAME in rows.raw:
        used: set[str] = set(context.partner_ids)
        ids = []
        for name in rows.raw[s.NAME]:
            base = _slug(name)
            candidate, k = base, 2
            while candidate in used:
                candidate, k = f"{base}-{k}", k + 1
            used.add(candidate)
            ids.append(candidate)
        rows.raw[s.PARTNER_ID] = ids
        present.add(s.PARTNER_ID)
        header_problems.append(
            Problem(
                raw.source,
                None,
                s.PARTNER_ID,
                None,
                "the file has no partner_id column, so ids were made from the organization "
                "names (e.g. 'legal-aid-society'). Add a partner_id column to choose your own, "
                "so that services and relationships can refer to them.",
                "warning",
                "generated_ids",
            )
        )

    missing = [c for c in spec.required if c not in rows.raw]
    # findings of reading about the whole file (e.g. its encoding) come first
    problems: list[Problem] = [p for p in raw.problems if p.row is None] + header_problems
    if missing:
        for c in missing:
            problems.append(
                Problem(
                    raw.source,
                    None,
                    c,
                    None,
                    f"the required column '{c}' is missing, so none of the {count} rows could be "
                    f"loaded. Add a '{c}' column ({spec.column(c).description}) - the template "
                    "on the Data page has every column.",
                    "error",
                    "missing_column",
                )
            )
        rows.errors[:] = True
    for name in spec.column_names:
        if name not in rows.raw:
            rows.raw[name] = [""] * count
            rows.absent.add(name)

    if not missing:
        _check_cells(rows, spec)
        _check_required(rows, spec)
        if s.CONFIDENTIAL in spec.column_names:
            _check_location(rows, spec, context, present)
        _check_client_values(rows, spec)
        _check_keys(rows, spec, context)

    kept = ~rows.errors
    if missing or not kept.any():
        frame = empty_frame(spec)
    else:
        names = [*spec.column_names] + ([s.AT_PARTNER_LOCATION] if spec.name == s.SERVICES else [])
        index, which = pd.RangeIndex(int(kept.sum())), None if kept.all() else kept
        data = {name: _frame_column(rows, spec, name, which, index) for name in names}
        frame = conform(pd.DataFrame(data, index=index), spec)
    rejected = rejected_frame(spec, rows.errors, rows.numbers, rows.raw, rows.problems, problems)
    rejected_ids: dict[str, int] = {}
    if spec.name == s.PARTNERS:
        for i in map(int, np.flatnonzero(rows.errors)):
            pid = rows.raw[s.PARTNER_ID][i]
            if pid:
                rejected_ids.setdefault(str(pid), rows.numbers[i])
    for i in range(count):
        problems.extend(rows.problems.get(i, ()))
    return TableResult(frame, problems, count, rejected, present, rejected_ids)


def _frame_column(
    rows: _Rows, spec: s.FileSpec, name: str, kept: np.ndarray | None, index: pd.RangeIndex
) -> np.ndarray | pd.Series:
    """One column for the frame (rows ``kept``, all when None), without per-cell conversion
    when it is blank in every row (the file lacks it) or made of a few distinct texts."""
    values = rows.values[name]
    if name in rows.absent and len(values):
        first = values[0]
        dtype = column_dtype(spec, name)
        if dtype == "str" and first == "" and (values == "").all():
            return pd.Series("", index=index, dtype="str")
        if dtype == "float64" and isinstance(first, float) and pd.isna(values).all():
            return np.full(len(index), np.nan)
    coded = rows.coded.get(name)
    if coded is not None and column_dtype(spec, name) == "str":
        codes, labels = coded  # the distinct values are made text once, taken for each row
        if all(isinstance(v, str) for v in labels):
            text = pd.Series(labels, dtype="str").array
            return pd.Series(text.take(codes if kept is None else codes[kept]), index=index)
    return values if kept is None else values[kept]


def _check_cells(rows: _Rows, spec: s.FileSpec) -> None:
    for column in spec.columns:
        texts = rows.raw[column.name]
        fn = _normalizer(spec, column)
        if fn is n.Cell:  # free text and ids are taken as they are
            rows.values[column.name] = _object_array(texts)
            continue
        # Each distinct value is normalised once; values and findings are spread back to
        # the rows with numpy (a 50,000-row file has a few thousand distinct values).
        uniques: list[str] | np.ndarray
        if column.name in rows.absent:  # blank in every row: one value to normalise
            codes, uniques = np.zeros(len(texts), dtype=np.intp), [""]
        else:
            codes, uniques = pd.factorize(_object_array(texts), use_na_sentinel=False)
        cells = [fn(str(u)) for u in uniques]
        labels = [c.value for c in cells]
        rows.values[column.name] = _object_array(labels)[codes]
        rows.coded[column.name] = (codes, labels)
        bad = np.array([not c.ok for c in cells], dtype=bool)
        if bad.any():
            for i in map(int, np.flatnonzero(bad[codes])):
                rows.add(i, column.name, texts[i], cells[codes[i]])


def _check_required(rows: _Rows, spec: s.FileSpec) -> None:
    for name in spec.required:
        texts = rows.raw[name]
        if "" not in texts:  # a scan of the list at C speed; most files fill every one
            continue
        for i in map(int, np.flatnonzero(_object_array(texts) == "")):
            rows.add(
                i,
                name,
                "",
                f"'{name}' is required and is empty; the row was kept "
                f"out. Fill it in ({spec.column(name).description})",
                "error",
                "missing_value",
            )


def _check_location(rows: _Rows, spec: s.FileSpec, context: Context, present: set[str]) -> None:
    """Confidential locations lose street-level detail; coordinates are checked as pairs.

    A merge that only marks an existing partner confidential (no ZIP or city column in the
    file) keeps the partner's ZIP code and city: no "cannot be placed" warning for it."""
    says_where = bool({s.ZIP, s.CITY} & present)
    known = context.partner_ids if spec.name == s.PARTNERS else set()
    lat, lon = rows.values[s.LATITUDE], rows.values[s.LONGITUDE]
    conf = rows.values[s.CONFIDENTIAL]
    for i in _location_rows_to_look_at(rows):
        conf_text = rows.raw[s.CONFIDENTIAL][i]
        private = conf[i] is True or (conf[i] is None and bool(conf_text))
        if private:
            # Never stored, never echoed: drop street-level values and any finding quoting them.
            street = [c for c in s.STREET_LEVEL_COLUMNS if rows.raw[c][i]]
            rows.problems[i] = [
                p for p in rows.problems.get(i, []) if p.column not in s.STREET_LEVEL_COLUMNS
            ]
            for c in s.STREET_LEVEL_COLUMNS:
                rows.raw[c][i] = ""
            rows.values[s.ADDRESS][i] = ""
            rows.coded.pop(s.ADDRESS, None)
            lat[i] = lon[i] = math.nan
            if street and conf[i] is True:
                rows.add(
                    i,
                    street[0],
                    None,
                    "this location is marked confidential, so its street address and "
                    "exact coordinates were not stored; it is shown only at its ZIP code "
                    "or city. Nothing to fix.",
                    "warning",
                    "confidential_stripped",
                )
            kept_from_base = not says_where and rows.raw[s.PARTNER_ID][i] in known
            if (
                conf[i] is True
                and not (rows.values[s.ZIP][i] or rows.raw[s.CITY][i])
                and (not kept_from_base)
            ):
                rows.add(
                    i,
                    s.ZIP,
                    "",
                    "this confidential location has no ZIP code or city, "
                    "so it cannot be placed even approximately. Add its ZIP code.",
                    "warning",
                    "confidential_unplaced",
                )
            continue
        a, b = lat[i], lon[i]
        a_nan, b_nan = (
            isinstance(a, float) and math.isnan(a),
            isinstance(b, float) and math.isnan(b),
        )
        if a_nan and b_nan:
            continue
        raw_pair = f"{rows.raw[s.LATITUDE][i]}, {rows.raw[s.LONGITUDE][i]}"
        if a_nan != b_nan:
            if rows.raw[s.LATITUDE][i] and rows.raw[s.LONGITUDE][i]:
                lat[i] = lon[i] = math.nan  # the unparseable one was already reported
                continue
            given = s.LATITUDE if not a_nan else s.LONGITUDE
            rows.add(
                i,
                given,
                raw_pair,
                "only one of latitude and longitude is given; both "
                "were left out, so the row is placed by its ZIP code or city. Give both, "
                "or neither.",
                "warning",
                "bad_coordinate",
            )
            lat[i] = lon[i] = math.nan
            continue
        assert isinstance(a, float) and isinstance(b, float)
        message = ""
        us_row = bool(rows.values[s.ZIP][i]) or rows.values[s.STATE][i] in s.US_STATES
        if (a, b) == _NULL_ISLAND:
            message = (
                "0, 0 is a placeholder, not a place (it is in the Atlantic Ocean); the "
                "coordinates were left out, so the row is placed by its ZIP code or "
                "city. Leave them empty instead of 0."
            )
        elif not -90 <= a <= 90 and -90 <= b <= 90 and -180 <= a <= 180 and (b > 0 or not us_row):
            message = (
                f"latitude {a:g} is outside -90 to 90, and the pair looks swapped "
                f"(latitude {b:g}, longitude {a:g} would be valid); both were left "
                "out. Swap the two columns, or leave them empty to place the row by "
                "its ZIP code."
            )
        elif not -90 <= a <= 90:
            message = (
                f"expected a latitude between -90 and 90, got {a:g}; both coordinates "
                "were left out. Correct it, or leave it empty to place the row by its "
                "ZIP code."
            )
        elif not -180 <= b <= 180:
            message = (
                f"expected a longitude between -180 and 180, got {b:g}; both "
                "coordinates were left out. Correct it, or leave it empty to place "
                "the row by its ZIP code."
            )
        elif us_row and a < 0 < b and -90 <= b <= 90:
            message = (
                f"latitude {a:g} and longitude {b:g} look swapped for a US address "
                "(US latitudes are positive, longitudes negative); both were left "
                "out. Swap the two columns, or leave them empty to place the row by "
                "its ZIP code."
            )
        if message:
            rows.add(i, s.LATITUDE, raw_pair, message, "warning", "bad_coordinate")
            lat[i] = lon[i] = math.nan
    # Checked values are True, False or None: True where confidential.
    rows.values[s.CONFIDENTIAL] = np.asarray(_object_array(conf) == True, dtype=bool)  # noqa: E712
    if spec.name == s.SERVICES:
        own = np.zeros(len(rows.numbers), dtype=bool)
        for c in s.LOCATION_COLUMNS:
            if c != s.CONFIDENTIAL and c not in rows.absent:  # a lacking column is blank
                own |= _object_array(rows.raw[c]) != ""
        rows.values[s.AT_PARTNER_LOCATION] = ~own


def _location_rows_to_look_at(rows: _Rows) -> list[int]:
    """Rows the location check must look at one by one: confidential ones, and those whose
    coordinates are not a plain, plausible pair (found with numpy; most rows are neither)."""
    conf = _object_array(rows.values[s.CONFIDENTIAL])
    if s.CONFIDENTIAL in rows.absent:
        marked = np.zeros(len(rows.numbers), dtype=bool)
    else:
        marked = _object_array(rows.raw[s.CONFIDENTIAL]) != ""
    private = (conf == True) | (pd.isna(conf) & marked)  # noqa: E712 - elementwise
    a = np.asarray(rows.values[s.LATITUDE], dtype=float)
    b = np.asarray(rows.values[s.LONGITUDE], dtype=float)
    both_nan = np.isnan(a) & np.isnan(b)
    zip_given = _object_array(rows.values[s.ZIP]) != ""
    us_state = pd.Series(rows.values[s.STATE], dtype=object).isin(s.US_STATES).to_numpy()
    us_row = zip_given | us_state
    with np.errstate(invalid="ignore"):
        plain = (
            ~np.isnan(a)
            & ~np.isnan(b)
            & (np.abs(a) <= 90)
            & (np.abs(b) <= 180)
            & ~((a == 0) & (b == 0))
            & ~(us_row & (a < 0) & (b > 0) & (b <= 90))
        )
    return [int(i) for i in np.flatnonzero(private | ~(both_nan | plain))]


def _may_hold_ssn(texts: list[str]) -> bool:
    """Whether a cell may be an SSN: one search of the cells joined by NUL (not a digit)."""
    joined = "\x00".join(texts)
    return "-" in joined and s.SSN_VALUE.search(joined) is not None


def _check_client_values(rows: _Rows, spec: s.FileSpec) -> None:
    # Only columns with a value that has a hyphen and the number's shape are read row by row.
    text_columns = [
        c.name
        for c in spec.columns
        if c.kind in ("text", "list") and _may_hold_ssn(rows.raw[c.name])
    ]
    for i in range(len(rows.numbers)) if text_columns else ():
        for name in text_columns:
            text = rows.raw[name][i]
            if text and s.SSN_VALUE.search(text):
                masked = _mask_ssn(text)
                rows.coded.pop(name, None)
                rows.raw[name][i] = masked
                rows.values[name][i] = masked
                rows.add(
                    i,
                    name,
                    masked,
                    "this looks like a Social Security number. This tool maps "
                    "organizations, never clients: the row was kept out and the number "
                    "was not stored. Remove it from the file.",
                    "error",
                    "client_data",
                )


_REFS = {s.SERVICES: (s.PARTNER_ID,), s.RELATIONSHIPS: (s.SOURCE_ID, s.TARGET_ID)}


def _normalize_ids(rows: _Rows, spec: s.FileSpec, context: Context) -> None:
    """Ids as people mean them: full-width forms and invisible characters made plain
    (``ＰＯ１`` is ``PO1``), and an id that differs from a known partner's only by case
    or look-alike letters taken as that partner's, each with a warning."""
    known = {identity_key(pid): pid for pid in context.partner_ids}
    partner_cols = {s.PARTNER_ID} if spec.name == s.PARTNERS else set(_REFS.get(spec.name, ()))
    for col in dict.fromkeys((*spec.key, *_REFS.get(spec.name, ()))):
        values = rows.values[col]
        for i, value in enumerate(values):
            text = str(value)
            plain = text if text.isascii() and text.isprintable() else clean_text(text)
            if col in partner_cols and plain not in context.partner_ids:
                plain = known.get(identity_key(plain), plain)
            if plain != text:
                values[i] = plain
                rows.add(
                    i,
                    col,
                    text,
                    f"the id '{text}' was read as '{plain}' (ids that differ only by case, "
                    "full-width or invisible characters or look-alike letters are one id). "
                    f"Write it as '{plain}' to keep this message away.",
                    "warning",
                    "id_normalized",
                )


def _identity_keys(values: np.ndarray) -> np.ndarray:
    """:func:`~mapping.data.text_keys.identity_key` of every value, each distinct one once."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return _object_array(identity_keys([str(u) for u in uniques]))[codes]


def _check_keys(rows: _Rows, spec: s.FileSpec, context: Context) -> None:
    _normalize_ids(rows, spec, context)
    seen: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
    key_cols = spec.key
    keys = pd.DataFrame({c: _object_array(rows.values[c]) for c in key_cols}, dtype=object)
    # Ids that differ only by case or look-alike letters are one id: repeats are found on
    # their identity keys (each distinct id keyed once, spread back with numpy). Only rows
    # whose key is repeated (pandas finds them) are looked at one by one.
    same_keys = pd.DataFrame({c: _identity_keys(keys[c].to_numpy()) for c in key_cols})
    repeated = same_keys.duplicated(keep=False).to_numpy()
    for i in map(int, np.flatnonzero(repeated)):
        key = tuple(str(v) for v in keys.iloc[i])
        if not all(key):
            continue
        same = tuple(identity_key(v) for v in key)
        if same in seen:
            row, first = seen[same]
            label = " -> ".join(key)
            what = "relationship" if spec.name == s.RELATIONSHIPS else f"{key_cols[0]}"
            alike = (
                f" ('{' -> '.join(first)}' there differs only by case or look-alike letters)"
                if first != key
                else ""
            )
            rows.add(
                i,
                key_cols[0],
                label,
                f"{what} '{label}' is already used on row {row}{alike}; the first one was "
                "kept. Give each row its own id, or delete the repeat."
                if spec.name != s.RELATIONSHIPS
                else f"the relationship {label} is already recorded on row {row}{alike}; the "
                "first one was kept. Delete the repeat, or merge the two rows.",
                "error",
                "duplicate_id",
            )
        else:
            seen[same] = (rows.numbers[i], key)
    refs = _REFS
    for col in refs.get(spec.name, ()):
        values = _object_array(rows.values[col])
        # Each distinct id is looked up once (no conversion of the column to Arrow text).
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        known = np.fromiter((u in context.partner_ids for u in uniques), bool, len(uniques))
        unknown = ~known[codes] & (values != "")
        for i in map(int, np.flatnonzero(unknown)):
            pid = str(values[i])
            if not pid or pid in context.partner_ids:
                continue
            if pid in context.rejected_partners:
                msg = (
                    f"partner '{pid}' was kept out ({context.partners_file} row "
                    f"{context.rejected_partners[pid]}), so this row cannot load. Fix "
                    "that partner's row first; this row will then load too."
                )
            else:
                msg = (
                    f"no partner has partner_id '{pid}'. Add the partner to "
                    f"{context.partners_file}, or correct the id."
                )
            rows.add(i, col, pid, msg, "error", "unknown_partner")
    if spec.name == s.RELATIONSHIPS:
        same = _object_array(rows.values[s.SOURCE_ID]) == _object_array(rows.values[s.TARGET_ID])
        for i in map(int, np.flatnonzero(same)):
            a, b = rows.values[s.SOURCE_ID][i], rows.values[s.TARGET_ID][i]
            if a and a == b:
                rows.add(
                    i,
                    s.TARGET_ID,
                    str(b),
                    "a partner cannot have a relationship with "
                    "itself. Correct source_id or target_id.",
                    "error",
                    "self_link",
                )
