"""Load a community's files into a Workspace: from a folder, a workbook, a zip or uploads.

Partners are checked first, then services and relationships against the partners that
loaded. In "merge" mode the incoming rows update the base workspace by id (only the
columns the incoming file has), and new ids are added; in "replace" mode the incoming
files are the whole workspace.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import pandas as pd

from mapping.data import schema as s
from mapping.data.errors import DataFileError, Problem
from mapping.data.headers import header_key, header_synonyms
from mapping.data.reading import RawTable, Source, read_tables, zip_members
from mapping.data.validation import Context, TableResult, validate_table
from mapping.data.workspace import Workspace, conform, resolve_service_locations

Mode = Literal["replace", "merge"]
_STEMS = {
    s.PARTNERS: ("partners", "partner", "organizations", "organisations", "orgs"),
    s.SERVICES: ("services", "service"),
    s.RELATIONSHIPS: ("relationships", "relationship", "connections", "links", "edges"),
}
_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
# Sheets or files that explain a workbook rather than hold one of the three tables.
_NOT_TABLES = (
    "lists",
    "list",
    "instructions",
    "readme",
    "help",
    "notes",
    "problems",
    "lookup",
    "lookups",
    "values",
)


def guess_role(name: str, header: list[str] | None = None) -> str | None:
    """Which contract file a table is (schema.PARTNERS, ...), from its name or header."""
    stem = header_key(Path(name.split(" [", maxsplit=1)[0]).stem)
    sheet = header_key(name.split(" [", 1)[1].rstrip("]")) if " [" in name else ""
    if (sheet or stem) in _NOT_TABLES:
        return None
    for candidate in (sheet, stem):
        for role, stems in _STEMS.items():
            if candidate and any(
                candidate == st or candidate.startswith(st + "_") or candidate.endswith("_" + st)
                for st in stems
            ):
                return role
    if header:
        return _role_from_header(header)
    return None


# Guessing from a header weighs every column (issue 16: a provider list with a "source"
# column, where its data came from, was taken for relationships and loaded nothing). A
# role is possible only with the columns it cannot do without; among the possible ones the
# header that names the most of its columns wins, its distinctive columns counting double.
_DISTINCTIVE = {
    s.PARTNERS: {s.SECTOR},
    s.SERVICES: {s.SERVICE_ID, s.CATEGORY},
    s.RELATIONSHIPS: {s.SOURCE_ID, s.TARGET_ID, s.LEVEL},
}


def _role_from_header(header: list[str]) -> str | None:
    keys = [header_key(h) for h in header if h]
    scores: dict[str, int] = {}
    for role in (s.PARTNERS, s.SERVICES, s.RELATIONSHIPS):
        synonyms = header_synonyms(s.SPECS[role])
        found = {synonyms[k] for k in keys if k in synonyms}
        if role == s.RELATIONSHIPS:
            possible = {s.SOURCE_ID, s.TARGET_ID} <= found  # a link needs both ends
        elif role == s.SERVICES:
            # Services belong to a partner; a bare "id" is any list's row id.
            possible = "service_id" in keys or {s.CATEGORY, s.PARTNER_ID} <= found
        else:
            possible = s.NAME in found or s.PARTNER_ID in found
        if possible:
            scores[role] = len(found) + len(found & _DISTINCTIVE[role])
    if not scores:
        return None
    return max(scores, key=lambda role: scores[role])  # a tie: partners, then services


def lists_programs_of_providers(header: list[str]) -> bool:
    """True when a header names both an organization and a program or service of it
    ("Program, Provider, ...") with no contract ids: each row is a service of an
    organization, which a partners file cannot say (the recipe step's parent column can)."""
    keys = {header_key(h) for h in header if h.strip()}
    partner_names = header_synonyms(s.PARTNERS_SPEC)
    service_names = header_synonyms(s.SERVICES_SPEC)
    organization = {k for k in keys if partner_names.get(k) == s.NAME}
    program = {k for k in keys if service_names.get(k) == s.NAME and k not in organization}
    return bool(organization and program) and not keys & {s.PARTNER_ID, s.SERVICE_ID}


def named_by_its_file(name: str) -> bool:
    """True when a table's file or sheet name says which contract file it is."""
    return guess_role(name) is not None


def _tables_in_zip(data: bytes, label: str) -> dict[str, RawTable]:
    out: dict[str, RawTable] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zip_members(zf, label):
            if not info.filename.lower().endswith(_TABLE_SUFFIXES):
                continue
            inner = Path(info.filename).name
            if inner.startswith(("._", "~$")):
                continue
            for sheet, table in read_tables(zf.read(info), inner).items():
                out[f"{inner} [{sheet}]" if sheet else inner] = table
    if not out:
        raise DataFileError(f"{label}: the zip holds no CSV or .xlsx files.")
    return out


def read_any(source: Source, name: str | None = None) -> dict[str, RawTable]:
    """Every table in a file: a CSV, each sheet of a workbook, or each file of a zip."""
    label = name or (Path(source).name if isinstance(source, str | Path) else "upload")
    if isinstance(source, str | Path) and Path(source).is_dir():
        return {}
    data = (
        source
        if isinstance(source, bytes)
        else (Path(source).read_bytes() if isinstance(source, str | Path) else source.read())
    )
    if label.lower().endswith(".zip"):
        return _tables_in_zip(data, label)
    tables = read_tables(data, label)
    return {
        (f"{label} [{sheet}]" if sheet and len(tables) > 1 else label): t
        for sheet, t in tables.items()
    }


def assign_roles(tables: Mapping[str, RawTable]) -> dict[str, RawTable]:
    """Pick the partners, services and relationships tables among ``tables``.

    Raises:
        DataFileError: two tables look like the same file, or none looks like partners.
    """
    roles: dict[str, RawTable] = {}
    for label, table in tables.items():
        role = guess_role(label, table.header)
        if role is None:
            continue
        if role in roles:
            raise DataFileError(
                f"both '{roles[role].source}' and '{table.source}' look like {role}. Load "
                "one of them at a time, or rename the other."
            )
        roles[role] = table
    return roles


def _upsert(
    base: pd.DataFrame, incoming: pd.DataFrame, key: tuple[str, ...], columns: set[str]
) -> pd.DataFrame:
    """Rows of ``incoming`` replace rows of ``base`` with the same key (only ``columns``);
    new keys are appended in incoming order."""
    if base.empty:
        return incoming.reset_index(drop=True)
    if incoming.empty:
        return base
    base_idx = base.set_index(list(key))
    inc_idx = incoming.set_index(list(key))
    common = inc_idx.index.intersection(base_idx.index)
    update_cols = [c for c in incoming.columns if c in columns and c not in key]
    out = base_idx.copy()
    if len(common) and update_cols:
        out.loc[common, update_cols] = inc_idx.loc[common, update_cols]
    new = inc_idx.loc[~inc_idx.index.isin(base_idx.index)]
    return pd.concat([out, new]).reset_index()[list(base.columns)]


def load_tables(
    tables: Mapping[str, RawTable],
    *,
    base: Workspace | None = None,
    mode: Mode = "replace",
    defaults: Mapping[str, Mapping[str, str]] | None = None,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    source: str = "",
) -> Workspace:
    """Check tables already assigned to contract files and build a Workspace.

    ``tables`` maps schema.PARTNERS / SERVICES / RELATIONSHIPS to raw tables; ``defaults``
    and ``overrides`` map a file to column defaults and overrides (see
    :func:`validate_table`).
    """
    defaults = defaults or {}
    overrides = overrides or {}
    start = base if (mode == "merge" and base is not None) else Workspace()
    problems: list[Problem] = []
    counts: dict[str, dict[str, int]] = {}
    rejected: dict[str, pd.DataFrame] = {}
    frames = {f: start.frame(f) for f in s.FILES}
    context = Context(partner_ids=set(frames[s.PARTNERS][s.PARTNER_ID].tolist()))

    for file in s.FILES:
        raw = tables.get(file)
        if raw is None:
            continue
        if file != s.PARTNERS:
            context.partner_ids = set(frames[s.PARTNERS][s.PARTNER_ID].tolist())
        result: TableResult = validate_table(
            raw, s.SPECS[file], context, defaults=defaults.get(file), overrides=overrides.get(file)
        )
        if file == s.PARTNERS:
            context.rejected_partners = result.rejected_ids
            context.partners_file = raw.source
        columns = set(result.present_columns)
        if file == s.SERVICES and columns & set(s.LOCATION_COLUMNS):
            columns.add(s.AT_PARTNER_LOCATION)
        frames[file] = _upsert(frames[file], result.frame, s.SPECS[file].key, columns)
        problems.extend(result.problems)
        counts[file] = result.counts
        rejected[file] = result.rejected

    services = resolve_service_locations(
        frames[s.PARTNERS], conform(frames[s.SERVICES], s.SERVICES_SPEC)
    )
    return Workspace(
        partners=conform(frames[s.PARTNERS], s.PARTNERS_SPEC),
        services=services,
        relationships=conform(frames[s.RELATIONSHIPS], s.RELATIONSHIPS_SPEC),
        problems=problems,
        counts=counts,
        rejected=rejected,
        source=source or ", ".join(t.source for t in tables.values()),
    )


def load_files(
    files: Mapping[str, Source],
    *,
    base: Workspace | None = None,
    mode: Mode = "replace",
    defaults: Mapping[str, Mapping[str, str]] | None = None,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> Workspace:
    """Load files given by contract role: ``{"partners.csv": path_or_bytes, ...}``.

    A role's value may be a path, bytes or a binary file; a workbook contributes its
    first sheet.
    """
    tables: dict[str, RawTable] = {}
    for role, src in files.items():
        if role not in s.SPECS:
            raise DataFileError(f"unknown file role '{role}'; use one of {', '.join(s.FILES)}.")
        label = Path(src).name if isinstance(src, str | Path) else role
        tables[role] = next(iter(read_tables(src, label).values()))
    return load_tables(tables, base=base, mode=mode, defaults=defaults, overrides=overrides)


def load_workspace(path: str | Path) -> Workspace:
    """Load a community's resource map from a folder, an .xlsx workbook or a .zip.

    A folder holds ``partners.csv``, ``services.csv`` and optionally
    ``relationships.csv`` (each may also be .xlsx, .tsv or .txt, any case); a workbook
    has sheets with those names; a zip holds the files.

    Raises:
        DataFileError: no partners table was found, or a file is not a table.
    """
    path = Path(path)
    tables: dict[str, RawTable] = {}
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.suffix.lower() in _TABLE_SUFFIXES and not child.name.startswith(("~$", ".")):
                role = guess_role(child.name)
                if role and role not in tables:
                    tables[role] = next(iter(read_tables(child).values()))
    elif path.is_file():
        tables = assign_roles(read_any(path))
    else:
        raise DataFileError(f"{path}: no such folder or file.")
    if s.PARTNERS not in tables:
        raise DataFileError(
            f"{path}: no partners file found. Expected partners.csv (or a sheet named "
            "'partners'), with services.csv and, optionally, relationships.csv beside it."
        )
    return load_tables(tables, source=str(path))
