"""The Workspace: a community's partners, services and relationships, with their report.

A Workspace is what every analysis takes. Frames always have every contract column, in
contract order, with these types: ids and text as ``str`` ('' when blank), coordinates and
radii as float (NaN when blank), ``trust`` as nullable ``Int64``, ``trauma_informed`` as
nullable ``boolean``, ``confidential_location`` as ``bool``; list columns hold canonical
values joined by ``|`` (split them with :func:`mapping.data.normalize.split_list`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mapping.data import schema as s
from mapping.data.errors import Problem


def column_dtype(spec: s.FileSpec, name: str) -> str:
    """The pandas dtype of a contract column."""
    if name == s.AT_PARTNER_LOCATION:
        return "bool"
    kind = spec.column(name).kind
    if kind == "float":
        return "float64"
    if kind == "int":
        return "Int64"
    if kind == "bool":
        return "bool" if name == s.CONFIDENTIAL else "boolean"
    return "str"


def frame_columns(spec: s.FileSpec) -> tuple[str, ...]:
    """The columns of a workspace frame: the contract's, plus derived ones for services."""
    if spec.name == s.SERVICES:
        return (*spec.column_names, s.AT_PARTNER_LOCATION)
    return spec.column_names


def conform(df: pd.DataFrame, spec: s.FileSpec) -> pd.DataFrame:
    """A copy of ``df`` with exactly the workspace columns and types (missing ones added)."""
    index = pd.RangeIndex(len(df))
    out: dict[str, pd.Series] = {}
    for name in frame_columns(spec):
        dtype = column_dtype(spec, name)
        col = df[name].reset_index(drop=True) if name in df.columns else None
        if dtype == "str":
            if col is None:
                out[name] = pd.Series([""] * len(df), index=index, dtype=str)
            elif col.dtype == "str" and not col.hasnans:
                out[name] = col  # already text with no gaps: nothing to convert
            else:
                out[name] = col.astype(object).where(col.notna(), "").astype(str)
        elif dtype == "float64":
            values = pd.to_numeric(col, errors="coerce") if col is not None else np.nan
            out[name] = pd.Series(values, index=index).astype("float64")
        elif dtype == "Int64":
            numbers = pd.to_numeric(col, errors="coerce") if col is not None else pd.NA
            out[name] = pd.Series(numbers, index=index).astype("Int64")
        elif dtype == "boolean":
            values = col if col is not None else pd.Series([pd.NA] * len(df), index=index)
            out[name] = values.astype("boolean")
        else:  # bool
            values = col.fillna(False) if col is not None else False
            out[name] = pd.Series(values, index=index).astype(bool)
    return strip_confidential(pd.DataFrame(out, index=index))


def strip_confidential(df: pd.DataFrame) -> pd.DataFrame:
    """Confidential rows without a street address or coordinates, whatever path they came
    by (a merge that marks an existing partner confidential, an edit, a form). In place."""
    if s.CONFIDENTIAL in df.columns and len(df):
        private = df[s.CONFIDENTIAL].fillna(False).to_numpy(dtype=bool)
        if private.any():
            for col in s.STREET_LEVEL_COLUMNS:
                if col in df.columns:
                    df.loc[private, col] = np.nan if df[col].dtype == "float64" else ""
    return df


def empty_frame(spec: s.FileSpec) -> pd.DataFrame:
    return conform(pd.DataFrame(), spec)


def resolve_service_locations(partners: pd.DataFrame, services: pd.DataFrame) -> pd.DataFrame:
    """Services 'at the partner's location' take the partner's location columns.

    A service at a confidential partner's location is confidential too. Returns a copy.
    """
    out = services.copy()
    mask = out[s.AT_PARTNER_LOCATION].to_numpy(dtype=bool)
    if not mask.any() or partners.empty:
        return out
    # Each service's partner is found once (by position); columns are then filled with numpy.
    ids = out[s.PARTNER_ID].to_numpy(dtype=object)[mask]
    where = pd.Index(partners[s.PARTNER_ID]).get_indexer(ids)
    found = where >= 0
    for col in s.LOCATION_COLUMNS:
        dtype = out[col].dtype
        kind: type
        blank: object
        if dtype == "bool":
            kind, blank = bool, False
        elif dtype == "float64":
            kind, blank = float, np.nan
        else:
            kind, blank = object, ""
        theirs = partners[col].to_numpy(dtype=kind, na_value=blank)
        values = out[col].to_numpy(dtype=kind, na_value=blank, copy=True)
        values[mask] = np.where(found, theirs[where], blank)
        out[col] = pd.Series(values, index=out.index, dtype=dtype if kind is object else kind)
    return strip_confidential(out)


@dataclass
class Workspace:
    """Partners, services and relationships, with the problems found loading them.

    ``counts[file]`` is ``{"read": n, "loaded": n, "rejected": n}`` for every file that was
    loaded; read = loaded + rejected always. ``rejected[file]`` keeps the rows that were
    kept out (with their row number) so they can be fixed and loaded again.
    """

    partners: pd.DataFrame = field(default_factory=lambda: empty_frame(s.PARTNERS_SPEC))
    services: pd.DataFrame = field(default_factory=lambda: empty_frame(s.SERVICES_SPEC))
    relationships: pd.DataFrame = field(default_factory=lambda: empty_frame(s.RELATIONSHIPS_SPEC))
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    rejected: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: str = ""
    version: int | None = None
    # Taxonomy terms of imported services "not yet categorised" (service_id -> term names),
    # so they can be categorised per term after the import (issue 16). Not stored with a
    # version: the app keeps them in a setting (mapping.interop.categorise).
    uncategorised_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def frame(self, file: str) -> pd.DataFrame:
        """The frame of one contract file (``schema.PARTNERS`` etc.)."""
        return {
            s.PARTNERS: self.partners,
            s.SERVICES: self.services,
            s.RELATIONSHIPS: self.relationships,
        }[file]

    @property
    def is_empty(self) -> bool:
        return self.partners.empty

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def partner_names(self) -> dict[str, str]:
        """partner_id -> name."""
        return dict(zip(self.partners[s.PARTNER_ID], self.partners[s.NAME], strict=True))

    def problems_frame(self) -> pd.DataFrame:
        """The problem report as a table (one row per problem)."""
        cols = ["severity", "file", "row", "column", "value", "message", "kind"]
        if not self.problems:
            return pd.DataFrame(
                {c: pd.Series(dtype="Int64" if c == "row" else "str") for c in cols}
            )
        df = pd.DataFrame({c: [getattr(p, c) for p in self.problems] for c in cols})
        df["row"] = df["row"].astype("Int64")
        return df
