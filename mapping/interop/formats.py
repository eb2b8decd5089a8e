"""Recognise what a set of uploaded files is, and import it whatever it is.

Three formats come in: this dashboard's own files (partners, services, relationships as
CSV, Excel or a zip), an Open Referral HSDS package (:mod:`mapping.interop.hsds`), and Kumu network
sheets (:mod:`mapping.interop.kumu`); and flat 211 directory exports (iCarol, WellSky,
VisionLink) or any other directory read with a recipe (:mod:`mapping.interop.directories`).
:func:`detect_format` guesses from file names and headers;
the user can override the guess, and :func:`import_files` does the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from mapping.data import schema as s
from mapping.data.errors import DataFileError
from mapping.data.loading import (
    Mode,
    assign_roles,
    lists_programs_of_providers,
    load_tables,
    named_by_its_file,
    read_any,
)
from mapping.data.reading import RawTable
from mapping.data.workspace import Workspace
from mapping.interop import directories
from mapping.interop.hsds import hsds_workspace
from mapping.interop.hsds.package import HsdsPackage, looks_like_hsds, read_hsds_package
from mapping.interop.kumu import import_kumu, looks_like_kumu

DASHBOARD: Final = "dashboard"
HSDS: Final = "hsds"
KUMU: Final = "kumu"
FORMAT_LABELS: Final = {
    DASHBOARD: "This dashboard's files (partners, services, relationships; CSV, Excel or zip)",
    HSDS: "Open Referral HSDS package (a zip of the folder, or all of its CSV files)",
    KUMU: "Kumu network sheets (Elements and Connections): relationships only",
    **directories.LABELS,
}


def read_all_tables(files: Mapping[str, bytes]) -> dict[str, RawTable]:
    """Every table in the files (sheets of workbooks, files of zips); unreadable files are
    skipped (the chosen format's reader reports them)."""
    tables: dict[str, RawTable] = {}
    for name, data in files.items():
        try:
            tables.update(read_any(data, name))
        except DataFileError:
            continue
    return tables


def detect_format(files: Mapping[str, bytes]) -> str:
    """DASHBOARD, HSDS, KUMU, a directory format, or RECIPE when nothing is recognised."""
    directory = directories.detect_directory(directories.peek_tables(files))
    if directory:
        return directory
    if looks_like_hsds(files):
        return HSDS
    tables = read_all_tables(files)
    if looks_like_kumu(tables):
        return KUMU
    try:
        roles = assign_roles(tables)
    except DataFileError:
        return DASHBOARD  # the import says which two files clash
    if not tables:
        return DASHBOARD
    if not roles:
        return directories.RECIPE
    # Roles guessed from headers alone, where a table lists programs of providers ("Program,
    # Provider, Street, ..."): the layout is not the dashboard's, so the column-mapping step
    # is offered (the format can still be changed by hand).
    guessed = [t for t in roles.values() if not named_by_its_file(t.source)]
    if len(guessed) == len(roles) and any(lists_programs_of_providers(t.header) for t in guessed):
        return directories.RECIPE
    return DASHBOARD


@dataclass(frozen=True)
class ImportOptions:
    """The choices an import may need. Blank means "not chosen"."""

    mode: Mode = "merge"
    term_map: tuple[tuple[str, str], ...] = ()
    default_category: str = ""
    default_sector: str = ""
    default_level: str = ""
    include_hidden: bool = False  # directory records hidden from the public website
    recipe: str = ""  # the column recipe (JSON) of a RECIPE import


def import_files(
    files: Mapping[str, bytes],
    fmt: str,
    base: Workspace,
    options: ImportOptions,
    *,
    package: HsdsPackage | None = None,
) -> Workspace:
    """The workspace that importing ``files`` as ``fmt`` into ``base`` would give.

    ``package`` is the HSDS package already read from ``files``, if the caller has it.

    Raises:
        DataFileError: the files are not readable as that format.
    """
    if fmt == HSDS:
        return hsds_workspace(
            package or read_hsds_package(dict(files)),
            term_map=dict(options.term_map),
            default_category=options.default_category or None,
            default_sector=options.default_sector or None,
            base=base,
            mode=options.mode,
        )
    if fmt == KUMU:
        return import_kumu(
            dict(files),
            base=base,
            mode=options.mode,
            default_level=options.default_level or None,
        )
    if fmt in directories.LABELS:
        return directories.import_directory(
            fmt,
            read_all_tables(files),
            base=base,
            mode=options.mode,
            term_map=dict(options.term_map),
            default_category=options.default_category or None,
            default_sector=options.default_sector or None,
            include_hidden=options.include_hidden,
            recipe=options.recipe,
        )
    if fmt != DASHBOARD:
        raise DataFileError(f"unknown format '{fmt}'; choose one of {', '.join(FORMAT_LABELS)}.")
    roles = assign_roles(read_all_tables(files))
    if not roles:
        raise DataFileError(
            "none of the files looks like partners, services or relationships. Name them "
            "partners.csv, services.csv and relationships.csv, or use the Upload tab to say "
            "which is which."
        )
    if options.mode == "replace" and s.PARTNERS not in roles:
        raise DataFileError("to replace the workspace, include a partners file.")
    defaults = {s.PARTNERS: {s.SECTOR: options.default_sector}} if options.default_sector else {}
    return load_tables(
        roles,
        base=base,
        mode=options.mode,
        defaults=defaults,
        source=", ".join(t.source for t in roles.values()),
    )
