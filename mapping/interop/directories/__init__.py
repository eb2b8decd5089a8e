"""Flat directory exports from 211 systems, and any other directory read with a recipe.

``icarol``, ``wellsky`` and ``visionlink`` recognise their exports by their headers and
build partners and services from them without renaming anything; ``recipes`` reads any
other directory with a column mapping the user made (and saved, shared, uploaded again);
``flat`` checks what they build like any upload and reports against the exported files.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Final

from mapping.data.errors import DataFileError
from mapping.data.loading import Mode, read_any
from mapping.data.reading import RawTable, decode_text, read_csv_text
from mapping.data.workspace import Workspace
from mapping.interop.directories import icarol, recipes, visionlink, wellsky
from mapping.interop.directories.flat import Directory, load_directory

ICAROL: Final = "icarol"
WELLSKY: Final = "wellsky"
VISIONLINK: Final = "visionlink"
RECIPE: Final = "recipe"
LABELS: Final = {
    ICAROL: "iCarol resource export (one CSV of agencies, sites and programs)",
    WELLSKY: "WellSky Community Services export (organization, location, address, phone and "
    "services files)",
    VISIONLINK: "VisionLink export (agencies, services and sites; separate or joined)",
    RECIPE: "Another directory: choose which column is which (a recipe)",
}
# Kinds of problems these imports report, for the Import tab's summary.
KIND_LABELS: Final = {
    "inactive_record": "inactive or deleted record",
    "excluded_record": "hidden from the public website",
    "unknown_level": "unknown record level",
    "sector_guessed": "sector worked out (the file has none)",
}


_PEEK_BYTES = 16384
_TEXT = (".csv", ".tsv", ".txt")


def _head(data: bytes, name: str) -> RawTable:
    text = decode_text(data[:_PEEK_BYTES])[0]
    first = text.splitlines()[0] if text.strip() else ""
    try:
        header = read_csv_text(first + "\n", name).header if first else []
    except DataFileError:
        header = []  # not a text table: the chosen format's reader says so
    return RawTable(name, header, [])


def peek_tables(files: Mapping[str, bytes]) -> dict[str, RawTable]:
    """The headers of the uploaded tables (no rows), read cheaply: the first line of each
    CSV, in a zip too; workbooks are read whole. Enough for :func:`detect_directory`."""
    out: dict[str, RawTable] = {}
    for name, data in files.items():
        lower = name.lower()
        if lower.endswith(_TEXT):
            out[name] = _head(data, name)
        elif lower.endswith(".zip"):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    for info in zf.infolist():
                        inner = PurePosixPath(info.filename).name
                        if info.is_dir() or not inner.lower().endswith(_TEXT):
                            continue
                        if inner.startswith(("._", "~$")):
                            continue
                        with zf.open(info) as member:
                            out[inner] = _head(member.read(_PEEK_BYTES), inner)
            except zipfile.BadZipFile:
                continue
        elif lower.endswith((".xlsx", ".xlsm")):
            try:
                out.update(read_any(data, name))
            except DataFileError:
                continue
    return out


def detect_directory(tables: Mapping[str, RawTable]) -> str | None:
    """ICAROL, WELLSKY or VISIONLINK when the tables' headers are such an export."""
    if icarol.looks_like_icarol(tables):
        return ICAROL
    if visionlink.looks_like_visionlink(tables):
        return VISIONLINK
    if wellsky.looks_like_wellsky(tables):
        return WELLSKY
    return None


def build_directory(
    fmt: str,
    tables: Mapping[str, RawTable],
    *,
    term_map: Mapping[str, str] | None = None,
    default_category: str | None = None,
    default_sector: str | None = None,
    include_hidden: bool = False,
    recipe: str = "",
) -> Directory:
    """The partners and services ``tables`` give as format ``fmt`` (not checked yet).

    Raises:
        DataFileError: the tables are not that format, or the recipe does not fit them.
    """
    if fmt == ICAROL:
        return icarol.icarol_directory(
            tables,
            term_map=term_map,
            default_category=default_category,
            default_sector=default_sector,
            include_hidden=include_hidden,
        )
    if fmt == WELLSKY:
        return wellsky.wellsky_directory(
            tables,
            term_map=term_map,
            default_category=default_category,
            default_sector=default_sector,
        )
    if fmt == VISIONLINK:
        return visionlink.visionlink_directory(
            tables,
            term_map=term_map,
            default_category=default_category,
            default_sector=default_sector,
        )
    if fmt == RECIPE:
        if not recipe:
            raise DataFileError("choose which column is which before importing this file.")
        return recipes.recipe_directory(
            tables,
            recipes.read_recipe(recipe),
            term_map=term_map,
            default_category=default_category,
            default_sector=default_sector,
        )
    raise DataFileError(f"unknown directory format '{fmt}'.")


def import_directory(
    fmt: str,
    tables: Mapping[str, RawTable],
    *,
    base: Workspace | None = None,
    mode: Mode = "replace",
    term_map: Mapping[str, str] | None = None,
    default_category: str | None = None,
    default_sector: str | None = None,
    include_hidden: bool = False,
    recipe: str = "",
) -> Workspace:
    """The workspace a directory export gives, checked like any upload (see ``flat``)."""
    directory = build_directory(
        fmt,
        tables,
        term_map=term_map,
        default_category=default_category,
        default_sector=default_sector,
        include_hidden=include_hidden,
        recipe=recipe,
    )
    return load_directory(directory, base=base, mode=mode)
