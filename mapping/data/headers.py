"""Reading a table's header: which column of the file is which column of the data contract
(synonyms, case and spacing ignored), and headers that name client data."""

from __future__ import annotations

import functools

from mapping.data import schema as s
from mapping.data.errors import Problem
from mapping.data.reading import RawTable


def header_key(text: str) -> str:
    """A header cell as a column-name key: 'Zip Code ' -> 'zip_code'."""
    return s.normalize_key(text.replace("\ufeff", "")).replace(" ", "_")


@functools.cache
def header_synonyms(spec: s.FileSpec) -> dict[str, str]:
    """Header key -> the contract column it names (the column's name or a synonym)."""
    table: dict[str, str] = {}
    for col in spec.columns:
        table.setdefault(col.name, col.name)
        for syn in col.synonyms:
            table.setdefault(header_key(syn), col.name)
    return table


_synonyms = header_synonyms


def is_client_data_header(text: str) -> bool:
    key = header_key(text)
    return any(p.search(key) for p in s.CLIENT_DATA_PATTERNS)


def map_header(raw: RawTable, spec: s.FileSpec) -> tuple[dict[str, int], list[Problem]]:
    """Which raw column holds each contract column, and problems with the header."""
    synonyms = _synonyms(spec)
    where: dict[str, int] = {}
    problems: list[Problem] = []
    ignored: list[str] = []
    for i, text in enumerate(raw.header):
        if not text:
            continue
        if is_client_data_header(text):
            problems.append(
                Problem(
                    raw.source,
                    None,
                    text,
                    None,
                    f"column '{text}' looks like information about clients. This tool maps "
                    "organizations and their services, never the people they serve, so the "
                    "column was refused and none of its values were stored. Delete the column "
                    "from the file.",
                    "error",
                    "client_data",
                )
            )
            continue
        name = synonyms.get(header_key(text))
        if name is None:
            ignored.append(text)
        elif name in where:
            problems.append(
                Problem(
                    raw.source,
                    None,
                    text,
                    None,
                    f"column '{text}' is a second '{name}' column (the first is "
                    f"'{raw.header[where[name]]}'); only the first was loaded. Delete or rename "
                    "one of them.",
                    "warning",
                    "duplicate_column",
                )
            )
        else:
            where[name] = i
    if ignored:
        names = ", ".join(f"'{c}'" for c in ignored)
        problems.append(
            Problem(
                raw.source,
                None,
                ignored[0],
                None,
                f"{len(ignored)} column(s) are not part of the {spec.name} format and were not "
                f"loaded: {names}. Rename a column to a name from docs/data-format.md if it "
                "should be loaded.",
                "warning",
                "unknown_column",
            )
        )
    return where, problems


def columns_found(raw: RawTable, spec: s.FileSpec) -> set[str]:
    """The contract columns a table's header provides (by name or synonym)."""
    return set(map_header(raw, spec)[0])
