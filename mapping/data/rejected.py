"""The rows a check kept out, as a table to fix and load again.

:func:`rejected_frame` is the last step of :func:`mapping.data.validation.validate_table`:
one record per row with an error, its cells as they were read (street-level cells of a
location that may be confidential left empty: kept out, but still never stored) and the
reasons it was kept out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from mapping.data import normalize as n
from mapping.data import schema as s
from mapping.data.errors import Problem


def maybe_confidential(text: str) -> bool:
    """True unless ``text`` clearly says "not confidential" (blank, false, no...)."""
    return bool(text) and n.normalize_bool(text, column=s.CONFIDENTIAL).value is not False


def rejected_frame(
    spec: s.FileSpec,
    errors: np.ndarray,
    numbers: Sequence[int],
    raw: Mapping[str, Sequence[str]],
    row_problems: Mapping[int, Sequence[Problem]],
    file_problems: list[Problem],
) -> pd.DataFrame:
    """The rows marked in ``errors`` (by position) with their row ``numbers``, ``raw``
    cells by column and the error messages of ``row_problems`` (by position), else of
    ``file_problems`` (e.g. a missing required column)."""
    idx = np.flatnonzero(errors)
    cols = ["row", *spec.column_names, "reason"]
    if not len(idx):
        return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "row" else "str") for c in cols})
    file_errors = [p.message for p in file_problems if p.severity == "error"]
    records = []
    for i in map(int, idx):
        reasons = [p.message for p in row_problems.get(i, []) if p.severity == "error"]
        record: dict[str, object] = {"row": numbers[i]}
        for name in spec.column_names:
            record[name] = raw[name][i]
        if s.CONFIDENTIAL in spec.column_names and maybe_confidential(raw[s.CONFIDENTIAL][i]):
            for name in s.STREET_LEVEL_COLUMNS:  # kept out, but still never stored
                record[name] = ""
        record["reason"] = " / ".join(reasons or file_errors)
        records.append(record)
    df = pd.DataFrame.from_records(records, columns=cols)
    df["row"] = df["row"].astype("Int64")
    return df
