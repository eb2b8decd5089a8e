"""A partnership's own need layer: a table of area -> value that weighs the coverage gaps.

For example counts of limited-English households or people in poverty by ZIP code (from
the Census Bureau's American Community Survey), or a partner's own referral counts. The
table is keyed by ZIP code or by county and is checked like every upload
(:class:`mapping.data.errors.Problem`: file, row, column, value and how to fix it; good
rows load, every row kept out is listed, rows read = loaded + kept out).

Rules:

* **The key.** A column named ``zip`` (or zip_code, zipcode, postal_code, zcta) or
  ``county`` (a county as the app names it, "Allegheny County, PA"; or a county name with a
  ``state`` column). A ZIP code Excel shortened ("2134") is padded with its leading zeros
  (a warning); ZIP+4 keeps its first five digits; "ZCTA5 15213" is read as 15213. A ZIP
  the gazetteer does not know, or a county it does not know, keeps the row out.
* **The value.** One numeric column (chosen when there are several): a number of zero or
  more; thousands separators are allowed. A blank, a word or a negative keeps the row out.
* **Each area once.** A repeated ZIP or county keeps the later row out (add them up first).
* **Onto the app's ZIP areas** (:func:`need_per_area`): a delivery ZIP's value is its own;
  a PO-box ZIP's value goes to the nearest delivery ZIP area of its state (as residents do,
  :mod:`mapping.places.population`); a county's value is shared among its delivery ZIP
  areas in proportion to their residents (2020 Census), equally if it has none.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from mapping.data.errors import Problem, Severity
from mapping.data.reading import RawTable
from mapping.places.gazetteer import get_gazetteer
from mapping.places.population import area_residents, nearest_delivery_areas

KEY_ZIP = "ZIP"
KEY_COUNTY = "county"
SETTING = "need_layers"  # the workspace setting that keeps the uploaded layers
MAX_LAYERS = 8
MAX_NAME = 60

_ZIP_NAMES = {"zip", "zipcode", "zip_code", "zip5", "postal_code", "postcode", "zcta", "zcta5"}
_COUNTY_NAMES = {"county", "county_name", "county_label"}
_STATE_NAMES = {"state", "state_code", "st"}
_ZIP_TEXT = re.compile(r"^(?:ZCTA5\s*)?(\d{3,5})(?:-\d{4})?$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


@dataclass(frozen=True)
class NeedLayer:
    """An uploaded need layer: its name (what the numbers count, e.g. "households in
    poverty"), where it came from (file name and column), ZIP- or county-keyed values."""

    name: str
    source: str
    key: str  # KEY_ZIP or KEY_COUNTY
    values: Mapping[str, float]
    uploaded: str = ""  # ISO date

    @property
    def total(self) -> float:
        return float(sum(self.values.values()))

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "key": self.key,
            "values": dict(self.values),
            "uploaded": self.uploaded,
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> NeedLayer:
        return cls(
            str(value["name"]),
            str(value.get("source", "")),
            str(value.get("key", KEY_ZIP)),
            {str(k): float(v) for k, v in dict(value.get("values", {})).items()},
            str(value.get("uploaded", "")),
        )


@dataclass
class NeedReading:
    """What reading an uploaded need table gave: the layer (None when no row loaded), the
    problems, and the counts that reconcile (read = loaded + kept_out)."""

    layer: NeedLayer | None
    problems: list[Problem] = field(default_factory=list)
    read: int = 0
    loaded: int = 0

    @property
    def kept_out(self) -> int:
        return self.read - self.loaded


def key_columns(table: RawTable) -> tuple[str | None, str | None, str | None]:
    """(zip column, county column, state column) of a table, each None when absent."""
    by_norm = {_norm(h): h for h in table.header}
    zip_col = next((by_norm[n] for n in _ZIP_NAMES if n in by_norm), None)
    county = next((by_norm[n] for n in _COUNTY_NAMES if n in by_norm), None)
    state = next((by_norm[n] for n in _STATE_NAMES if n in by_norm), None)
    return zip_col, county, state


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def value_columns(table: RawTable) -> list[str]:
    """The columns that could hold the values: not a key, mostly numbers; best first."""
    keys = set(key_columns(table)) - {None}
    scored = []
    for i, h in enumerate(table.header):
        if h in keys:
            continue
        cells = [cells[i].strip() for _, cells in table.rows if i < len(cells) and cells[i].strip()]
        if cells and sum(map(_is_number, cells)) / len(cells) >= 0.5:
            scored.append(h)
    return scored


def _county_labels() -> dict[str, str]:
    """The app's county labels, keyed case-insensitively."""
    areas = get_gazetteer().areas()
    labels = {f"{c}, {st}" for c, st in zip(areas["county"], areas["state"], strict=True) if c}
    return {lab.lower(): lab for lab in labels}


def _delivery_and_known() -> tuple[set[str], set[str]]:
    gaz = get_gazetteer()
    return set(gaz.areas()["area"]), set(gaz.zips.index)


def read_need_layer(
    table: RawTable, name: str, value_column: str | None = None, *, today: dt.date | None = None
) -> NeedReading:
    """Check an uploaded need table and turn it into a :class:`NeedLayer`.

    Parameters:
        table: the uploaded table (``mapping.data.loading.read_any``).
        name: what the values count, shown in every sentence ("households in poverty").
        value_column: the column with the values (default: the only numeric one).
    """
    file = table.source
    problems: list[Problem] = list(table.problems)
    label = " ".join(name.split())[:MAX_NAME]

    def whole(message: str, column: str | None = None) -> NeedReading:
        problems.append(Problem(file, None, column, None, message, "error", "need"))
        return NeedReading(None, problems, table.read, 0)

    if not label:
        return whole(
            "the layer has no name. Say what the numbers count, e.g. 'households in poverty'."
        )
    zip_col, county_col, state_col = key_columns(table)
    if zip_col is None and county_col is None:
        return whole(
            f"no column says which area each row is for (columns: {', '.join(table.header)}). "
            "Name one column 'zip' (5-digit ZIP codes) or 'county' ('Allegheny County, PA')."
        )
    candidates = value_columns(table)
    if value_column is None:
        if len(candidates) != 1:
            listed = ", ".join(candidates) if candidates else "none"
            return whole(
                f"choose the column with the values (numeric columns: {listed}). Keep one "
                "column of numbers beside the area, or choose it in the app."
            )
        value_column = candidates[0]
    if value_column not in table.header:
        return whole(
            f"there is no column {value_column!r}. Columns: {', '.join(table.header)}.",
            value_column,
        )
    key = KEY_ZIP if zip_col is not None else KEY_COUNTY
    key_col = zip_col if zip_col is not None else county_col
    assert key_col is not None
    ki = table.header.index(key_col)
    vi = table.header.index(value_column)
    si = table.header.index(state_col) if state_col is not None else None
    delivery, known = _delivery_and_known() if key == KEY_ZIP else (set(), set())
    counties = _county_labels() if key == KEY_COUNTY else {}
    values: dict[str, float] = {}
    first_row: dict[str, int] = {}

    def cell(cells: list[str], i: int) -> str:
        return cells[i].strip() if i < len(cells) else ""

    for row, cells in table.rows:

        def bad(column: str, value: str, message: str, severity: Severity = "error") -> None:
            problems.append(Problem(file, row, column, value, message, severity, "need"))  # noqa: B023

        raw_key = cell(cells, ki)
        raw_value = cell(cells, vi)
        if key == KEY_ZIP:
            m = _ZIP_TEXT.match(raw_key)
            if not raw_key:
                bad(key_col, raw_key, "the ZIP code is empty; the row was kept out. Fill it in.")
                continue
            if not m:
                bad(
                    key_col,
                    raw_key,
                    "expected a 5-digit ZIP code such as 15213; the row was kept out. Correct it.",
                )
                continue
            area = m.group(1).zfill(5)
            if len(m.group(1)) < 5:
                bad(
                    key_col,
                    raw_key,
                    f"read as ZIP {area}: a spreadsheet had dropped its leading zeros. Format "
                    "the column as text to keep them.",
                    "warning",
                )
            if area not in known:
                bad(
                    key_col,
                    raw_key,
                    f"ZIP {area} is not a known US ZIP code; the row was kept out. Check it.",
                )
                continue
        else:
            state = cell(cells, si).upper() if si is not None else ""
            if not raw_key:
                bad(key_col, raw_key, "the county is empty; the row was kept out. Fill it in.")
                continue
            tries = [raw_key]
            if state and "," not in raw_key:
                tries += [f"{raw_key}, {state}", f"{raw_key} County, {state}"]
            found = next((counties[t.lower()] for t in tries if t.lower() in counties), None)
            if found is None:
                near = difflib.get_close_matches(tries[-1].lower(), list(counties), n=1)
                hint = f" Did you mean {counties[near[0]]!r}?" if near else ""
                bad(
                    key_col,
                    raw_key,
                    "unknown county; the row was kept out. Write it as 'Allegheny County, "
                    f"PA' (or the name with a state column).{hint}",
                )
                continue
            area = found
        if not raw_value:
            bad(value_column, raw_value, "the value is empty; the row was kept out. Give a "
                "number, 0 if there is none.")  # fmt: skip
            continue
        if not _is_number(raw_value):
            bad(
                value_column,
                raw_value,
                "expected a number of 0 or more (such as 1250); the row was kept out.",
            )
            continue
        if area in first_row:
            bad(
                key_col,
                raw_key,
                f"{area} was already given in row {first_row[area]}; this row was kept out. "
                "Give each area once (add the numbers up).",
            )
            continue
        number = float(raw_value.replace(",", ""))
        first_row[area] = row
        values[area] = number
    layer = (
        NeedLayer(
            label,
            f"{file}, column '{value_column}'",
            key,
            values,
            (today or dt.date.today()).isoformat(),
        )
        if values
        else None
    )
    if key == KEY_ZIP and values:
        outside = sorted(a for a in values if a not in delivery)
        if outside:
            problems.append(
                Problem(
                    file,
                    None,
                    key_col,
                    ", ".join(outside[:5]) + (" ..." if len(outside) > 5 else ""),
                    f"{len(outside)} ZIP code(s) are PO-box or single-organisation ZIPs: "
                    "their values count in the nearest delivery ZIP area of the same state.",
                    "warning",
                    "need",
                )
            )
    return NeedReading(layer, problems, table.read, len(values))


def need_per_area(layer: NeedLayer, areas: pd.DataFrame) -> np.ndarray:
    """The layer's value for each of ``areas`` (a frame with an ``area`` column, e.g. from
    ``coverage.region_areas``), in their order; 0 where the layer says nothing."""
    ids = areas["area"].astype(str).to_numpy()
    if layer.key == KEY_ZIP:
        values = pd.Series(dict(layer.values), dtype=float)
        delivery, _ = _delivery_and_known()
        other = values[~values.index.isin(delivery)]
        if len(other):
            target = nearest_delivery_areas(other.index)
            moved = other[(target != "").to_numpy()].groupby(target[target != ""].to_numpy()).sum()
            values = values[values.index.isin(delivery)].add(moved, fill_value=0)
        return values.reindex(ids).fillna(0).to_numpy(dtype=float)
    # Every delivery area of each county, so a county's value is shared over the whole
    # county, also when the region holds only part of it.
    gaz_areas = get_gazetteer().areas()
    every = pd.DataFrame(
        {
            "area": gaz_areas["area"],
            "label": [
                f"{c}, {st}" if c else ""
                for c, st in zip(gaz_areas["county"], gaz_areas["state"], strict=True)
            ],
            "residents": area_residents(gaz_areas["area"]),
        }
    )
    every = every[every["label"].isin(set(layer.values))]
    totals = every.groupby("label")["residents"].transform("sum")
    sizes = every.groupby("label")["residents"].transform("size")
    share = np.where(totals > 0, every["residents"] / totals.where(totals > 0, 1), 1 / sizes)
    per_area = pd.Series(
        share * every["label"].map(dict(layer.values)).to_numpy(dtype=float),
        index=every["area"].to_numpy(),
    )
    return per_area.reindex(ids).fillna(0).to_numpy(dtype=float)


def layers_from_setting(value: object) -> dict[str, NeedLayer]:
    """The stored need layers (the workspace setting :data:`SETTING`), by name."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for name, item in value.items():
        if isinstance(item, dict) and "values" in item:
            out[str(name)] = NeedLayer.from_json(item)
    return out


def setting_with(layers: Mapping[str, NeedLayer], layer: NeedLayer) -> dict[str, Any]:
    """The setting after adding (or replacing, by name) ``layer``; the oldest goes when
    there would be more than :data:`MAX_LAYERS`."""
    kept = {n: v for n, v in layers.items() if n != layer.name}
    names = list(kept)[-(MAX_LAYERS - 1) :] if MAX_LAYERS > 1 else []
    out = {n: kept[n].as_json() for n in names}
    out[layer.name] = layer.as_json()
    return out


def setting_without(layers: Mapping[str, NeedLayer], name: str) -> dict[str, Any]:
    """The setting after removing the layer ``name``."""
    return {n: v.as_json() for n, v in layers.items() if n != name}
