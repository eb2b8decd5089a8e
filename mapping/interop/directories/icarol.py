"""iCarol resource exports: one CSV with a row per agency, site, program and program at a
site, as 211 lines using iCarol download them.

The columns read (https://www.icarol.com resource data export; names as exported):

* ``TaxonomyLevelName``: Agency, Site, Program or ProgramAtSite;
* ``ResourceAgencyNum`` (the record's number), ``ParentAgencyNum`` (its agency),
  ``ConnectsToSiteNum`` and ``ConnectsToProgramNum`` (a program at a site names both);
* ``PublicName``, ``AgencyDescription``, ``PhysicalAddress1``/``2``, ``PhysicalCity``,
  ``PhysicalCounty``, ``PhysicalStateProvince``, ``PhysicalPostalCode``, ``Latitude``,
  ``Longitude``, ``PhysicalAddressIsPrivate``, ``Phone1Number``, ``EmailAddressMain``,
  ``WebsiteAddress``, ``Eligibility``, ``LanguagesOffered``, ``TaxonomyCodes`` and
  ``TaxonomyTerms`` (';'-separated, in the same order);
* ``AgencyStatus``, ``MadeInactiveOn`` and ``ExcludeFromWebsite``.

``-1`` stands for a blank cell in iCarol's number and coordinate columns, and is read as
blank everywhere.

Mapping: an **Agency** is a partner (its own address); a **ProgramAtSite** is a service at
its site (its own address, else the site's), of its program (whose name, description and
taxonomy fill what it leaves blank); a **Program** offered at no site is a service at its
agency's location. A **Site** gives the address of the programs offered there; a site
with none is reported. Ids are iCarol's numbers, unchanged.

An inactive record (``AgencyStatus`` Inactive, or a ``MadeInactiveOn`` date) is kept out
and listed, and so are the records under it; one excluded from the public website is
kept out and listed too, unless ``include_hidden`` loads it (with a warning).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final, Unpack

from mapping.data import schema as s
from mapping.data.errors import DataFileError
from mapping.data.reading import RawTable
from mapping.interop.directories.flat import (
    Built,
    Directory,
    Finishing,
    PlaceColumns,
    Sheet,
    copy_place,
    finish,
    is_true,
    mark_private,
    put_place,
    split_values,
)

LABEL: Final = "iCarol resource export"
LEVEL = "TaxonomyLevelName"
NUM = "ResourceAgencyNum"
PARENT = "ParentAgencyNum"
SITE = "ConnectsToSiteNum"
PROGRAM = "ConnectsToProgramNum"
REQUIRED: Final = (LEVEL, NUM, PARENT, "PublicName")
_PLACE = PlaceColumns(
    ("PhysicalAddress1", "PhysicalAddress2"),
    "PhysicalCity",
    "PhysicalStateProvince",
    "PhysicalPostalCode",
    "Latitude",
    "Longitude",
)
_STREET = _PLACE.blanked
_RANK = {"agency": 0, "site": 1, "program": 2, "programatsite": 3}
_INACTIVE_WORDS = frozenset({"inactive", "deleted", "closed", "disabled"})


def looks_like_icarol(tables: Mapping[str, RawTable]) -> bool:
    """True when a table has iCarol's record-level and number columns."""
    return find_icarol(tables) is not None


def find_icarol(tables: Mapping[str, RawTable]) -> RawTable | None:
    for table in tables.values():
        if Sheet(table).has(*REQUIRED):
            return table
    return None


def _level(value: str) -> str:
    return value.replace(" ", "").lower()


def _terms(sheet: Sheet, cells: Sequence[str]) -> list[tuple[str, str]]:
    codes = split_values(sheet.get(cells, "TaxonomyCodes"))
    names = split_values(sheet.get(cells, "TaxonomyTerms"))
    if len(codes) == len(names):
        return list(zip(names, codes, strict=True))
    return [(n, "") for n in names] + [("", c) for c in codes]


class _ICarol:
    def __init__(self, table: RawTable, include_hidden: bool) -> None:
        self.sheet = Sheet(table, blank={"-1"}, street=_STREET)
        self.d = Directory(LABEL, [self.sheet])
        self.include_hidden = include_hidden
        self.records: dict[str, tuple[int, list[str]]] = {}
        self.level: dict[str, str] = {}

    def _status(self, num: int, cells: list[str]) -> None:
        """Keep out an inactive record, or a hidden one; warn when a hidden one loads."""
        sh = self.sheet
        status = sh.get(cells, "AgencyStatus")
        inactive_on = sh.get(cells, "MadeInactiveOn")
        if status.lower() in _INACTIVE_WORDS or inactive_on:
            column, value = (
                ("AgencyStatus", status)
                if status.lower() in _INACTIVE_WORDS
                else ("MadeInactiveOn", inactive_on)
            )
            when = f" since {inactive_on}" if inactive_on else ""
            self.d.keep_out(
                sh,
                num,
                sh.column(column),
                value,
                f"this record is inactive in iCarol{when}, so it was kept out (with the records "
                "under it). Nothing to fix if it has closed; reactivate it in iCarol otherwise.",
                "inactive_record",
            )
        elif is_true(sh.get(cells, "ExcludeFromWebsite")):
            column = sh.column("ExcludeFromWebsite")
            if self.include_hidden:
                self.d.warn(
                    sh,
                    num,
                    column,
                    "yes",
                    "this record is excluded from the 211's public website; it was loaded as "
                    "asked. Check it may be shown to the partnership.",
                    "excluded_record",
                )
            else:
                self.d.keep_out(
                    sh,
                    num,
                    column,
                    "yes",
                    "this record is excluded from the 211's public website, so it was kept out "
                    "(with the records under it). Tick 'Also load records hidden from the "
                    "public website' to load it.",
                    "excluded_record",
                )

    def _parent_out(self, num: int, cells: list[str], *links: str) -> bool:
        """Keep out a record whose agency, site or program was kept out."""
        sh = self.sheet
        for link in links:
            ref = sh.get(cells, link)
            if ref in self.records and self.d.is_out(sh, self.records[ref][0]):
                row = self.records[ref][0]
                self.d.keep_out_under(
                    sh, num, sh.column(link), ref, "record", f"record {ref} (row {row})"
                )
                return True
        return False

    def _private(self, num: int, cells: list[str], row: Built) -> None:
        column = "PhysicalAddressIsPrivate"
        mark_private(row, self.sheet, num, cells, column, source=column)

    def _place(self, num: int, cells: list[str], row: Built) -> bool:
        self._private(num, cells, row)
        return put_place(row, self.sheet, num, cells, _PLACE)

    def _describe(self, row: Built, num: int, cells: list[str]) -> None:
        sh = self.sheet
        row.take(s.NAME, sh, num, cells, "PublicName")
        row.take(s.DESCRIPTION, sh, num, cells, "AgencyDescription")
        row.take(s.ELIGIBILITY, sh, num, cells, "Eligibility")
        row.take(s.LANGUAGES, sh, num, cells, "LanguagesOffered")
        terms = _terms(sh, cells)
        if terms:
            row.terms = terms
            row.origins["taxonomy"] = (sh.file, num, sh.column("TaxonomyTerms"))

    def _fill_from(self, row: Built, ref: str) -> None:
        """Fill what a program at a site leaves blank from its program."""
        if ref not in self.records:
            return
        num, cells = self.records[ref]
        program = Built((self.sheet.file, num))
        self._describe(program, num, cells)
        for column, value in program.cells.items():
            if column not in row.cells:
                row.cells[column] = value
                row.origins[column] = program.origins[column]
        if not row.terms:
            row.terms = program.terms
            if "taxonomy" in program.origins:
                row.origins["taxonomy"] = program.origins["taxonomy"]

    def build(self) -> Directory:
        sh, d = self.sheet, self.d
        for num, cells in sh.rows:
            ref = sh.get(cells, NUM)
            self.level[ref] = _level(sh.get(cells, LEVEL))
            if ref:
                self.records.setdefault(ref, (num, cells))
        for num, cells in sh.rows:
            self._status(num, cells)
        ordered = sorted(sh.rows, key=lambda r: _RANK.get(_level(sh.get(r[1], LEVEL)), 4))
        sites: dict[str, Built] = {}
        programs_at_sites: set[str] = set()
        used_sites: set[str] = set()
        for num, cells in ordered:
            if d.is_out(sh, num):
                continue
            level = _level(sh.get(cells, LEVEL))
            ref = sh.get(cells, NUM)
            if level == "agency":
                partner = Built((sh.file, num))
                partner.put(s.PARTNER_ID, ref, sh, num, sh.column(NUM))
                partner.take(s.NAME, sh, num, cells, "PublicName")
                partner.take(s.NOTES, sh, num, cells, "AgencyDescription")
                partner.take(s.PHONE, sh, num, cells, "Phone1Number")
                partner.take(s.CONTACT_EMAIL, sh, num, cells, "EmailAddressMain")
                partner.take(s.WEBSITE, sh, num, cells, "WebsiteAddress")
                partner.take(s.LANGUAGES, sh, num, cells, "LanguagesOffered")
                self._place(num, cells, partner)
                d.partners.append(partner)
            elif level == "site":
                if self._parent_out(num, cells, PARENT):
                    continue
                site = Built((sh.file, num))
                self._place(num, cells, site)
                sites[ref] = site
            elif level == "programatsite":
                if self._parent_out(num, cells, PARENT, SITE, PROGRAM):
                    continue
                service = Built((sh.file, num))
                service.put(s.SERVICE_ID, ref, sh, num, sh.column(NUM))
                service.take(s.PARTNER_ID, sh, num, cells, PARENT)
                self._describe(service, num, cells)
                self._fill_from(service, sh.get(cells, PROGRAM))
                site_ref = sh.get(cells, SITE)
                if not self._place(num, cells, service) and site_ref in sites:
                    copy_place(service, sites[site_ref])
                used_sites.add(site_ref)
                programs_at_sites.add(sh.get(cells, PROGRAM))
                d.services.append(service)
            elif level != "program":
                d.keep_out(
                    sh,
                    num,
                    sh.column(LEVEL),
                    sh.get(cells, LEVEL),
                    "expected Agency, Site, Program or ProgramAtSite as the record level, so "
                    "this record was kept out. Correct the TaxonomyLevelName.",
                    "unknown_level",
                )
        for num, cells in ordered:
            ref = sh.get(cells, NUM)
            if d.is_out(sh, num) or _level(sh.get(cells, LEVEL)) != "program":
                continue
            if self._parent_out(num, cells, PARENT) or ref in programs_at_sites:
                continue
            service = Built((sh.file, num))
            service.put(s.SERVICE_ID, ref, sh, num, sh.column(NUM))
            service.take(s.PARTNER_ID, sh, num, cells, PARENT)
            self._describe(service, num, cells)
            d.services.append(service)
        unused = [sites[r].home[1] for r in sites if r not in used_sites]
        if unused:
            d.warn(
                sh,
                unused[0],
                sh.column(SITE),
                None,
                f"{len(unused)} site(s) (rows {', '.join(map(str, unused[:20]))}) have no "
                "program at them (no ProgramAtSite record), so they are not on the map. Nothing "
                "to fix if that is right.",
                "location_not_used",
            )
        return d


def icarol_directory(
    tables: Mapping[str, RawTable],
    *,
    include_hidden: bool = False,
    **options: Unpack[Finishing],
) -> Directory:
    """Partners and services from an iCarol export (see the module docstring); not checked
    yet (:func:`mapping.interop.directories.flat.load_directory` does that)."""
    table = find_icarol(tables)
    if table is None:
        raise DataFileError(
            "no iCarol resource export was found: it has the columns "
            f"{', '.join(REQUIRED)}. Export 'all resources' from iCarol as CSV."
        )
    return finish(_ICarol(table, include_hidden).build(), **options)
