"""WellSky Community Services exports: organization, location, physical address, phone and
services files with upper-case headers.

The files are recognised by their columns, whatever they are called:

* organizations: ``ID``, ``NAME`` (no ``ORGANIZATION_ID``), with ``DESCRIPTION``,
  ``EMAIL``, ``URL``, ``ISACTIVE``;
* locations: ``ID``, ``ORGANIZATION_ID`` and ``LATITUDE``/``LONGITUDE`` (or ``NAME``, with
  no taxonomy column), ``ISACTIVE``;
* physical addresses: ``LOCATION_ID``, ``ADDRESS_1`` (``ADDRESS_2``, ``CITY``,
  ``STATE_PROVINCE``, ``POSTAL_CODE``);
* phones: ``NUMBER`` with ``ORGANIZATION_ID``, ``LOCATION_ID`` or ``SERVICE_ID``;
* services: ``ID``, ``ORGANIZATION_ID`` and a taxonomy column (``TAXONOMY_CODE``,
  ``TAXONOMY_NAME`` or ``TAXONOMY_TERM``, ``TAXONOMY_DEFINITION``), ``NAME``,
  ``DESCRIPTION``, ``ELIGIBILITY``, ``LOCATION_ID`` (where it is offered), ``ISACTIVE``.

Mapping: an organization is a partner, placed at its first location that has an address
or coordinates; a service is a service at its ``LOCATION_ID`` (at the partner's location
when blank). Several rows with the same service ``ID`` and location (one per taxonomy
term) are one service; a service offered at several locations gets the id
``<ID>@<LOCATION_ID>``. Ids are WellSky's, unchanged.

A record whose ``ISACTIVE`` is false (or whose ``STATUS`` says inactive or deleted) is
kept out and listed, with the locations and services under it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
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
    put_place,
)

LABEL: Final = "WellSky Community Services export"
ORGANIZATIONS, LOCATIONS, ADDRESSES, PHONES, SERVICES = (
    "organizations",
    "locations",
    "addresses",
    "phones",
    "services",
)
_TAXONOMY = ("TAXONOMY_CODE", "TAXONOMY_NAME", "TAXONOMY_TERM", "TAXONOMY_DEFINITION")
_FALSE = frozenset({"false", "f", "no", "n", "0", "inactive", "deleted"})
_LOCATION = PlaceColumns(
    ("ADDRESS_1", "ADDRESS_2"), "CITY", "STATE_PROVINCE", "POSTAL_CODE", "LATITUDE", "LONGITUDE"
)
_ADDRESS = replace(_LOCATION, latitude="", longitude="")  # the physical addresses file
_STREET = _LOCATION.blanked


def _upper(table: RawTable) -> bool:
    letters = "".join(h for h in table.header if h)
    return bool(letters) and letters == letters.upper()


def _kind(table: RawTable) -> str | None:
    sheet = Sheet(table)
    if not _upper(table):
        return None
    has_tax = any(sheet.has(t) for t in _TAXONOMY)
    if sheet.has("ID", "ORGANIZATION_ID") and has_tax:
        return SERVICES
    if sheet.has("LOCATION_ID", "ADDRESS_1"):
        return ADDRESSES
    if sheet.has("NUMBER") and (
        sheet.has("ORGANIZATION_ID") or sheet.has("LOCATION_ID") or sheet.has("SERVICE_ID")
    ):
        return PHONES
    if sheet.has("ID", "ORGANIZATION_ID"):
        return LOCATIONS
    if sheet.has("ID", "NAME"):
        return ORGANIZATIONS
    return None


def find_wellsky(tables: Mapping[str, RawTable]) -> dict[str, RawTable]:
    """The WellSky tables among ``tables``, by kind (the first of each kind)."""
    found: dict[str, RawTable] = {}
    for table in tables.values():
        kind = _kind(table)
        if kind and kind not in found:
            found[kind] = table
    return found


def looks_like_wellsky(tables: Mapping[str, RawTable]) -> bool:
    """True for upper-case organization and services files, one of them with ISACTIVE."""
    found = find_wellsky(tables)
    return (
        ORGANIZATIONS in found
        and SERVICES in found
        and any(Sheet(t).has("ISACTIVE") for t in found.values())
    )


class _WellSky:
    def __init__(self, tables: dict[str, RawTable]) -> None:
        self.sheets = {
            k: Sheet(t, street=_STREET if k in (ADDRESSES, LOCATIONS) else ())
            for k, t in tables.items()
        }
        order = (ORGANIZATIONS, LOCATIONS, ADDRESSES, PHONES, SERVICES)
        self.d = Directory(LABEL, [self.sheets[k] for k in order if k in self.sheets])

    def _inactive(self, sheet: Sheet, num: int, cells: list[str], what: str) -> bool:
        return self.d.keep_out_closed(
            sheet,
            num,
            cells,
            ("ISACTIVE", "STATUS"),
            _FALSE,
            lambda _: f"this {what} is marked inactive in WellSky",
        )

    def _belongs_out(
        self,
        sheet: Sheet,
        num: int,
        cells: list[str],
        column: str,
        owners: dict[str, int],
        what: str,
    ) -> bool:
        """Keep out a row whose organization or location was kept out."""
        owner_sheet = self.sheets[ORGANIZATIONS if column == "ORGANIZATION_ID" else LOCATIONS]
        ref = sheet.get(cells, column)
        if ref in owners and self.d.is_out(owner_sheet, owners[ref]):
            self.d.keep_out_under(
                sheet, num, sheet.column(column), ref, what, f"{owner_sheet.file} row {owners[ref]}"
            )
            return True
        return False

    def build(self) -> Directory:
        d = self.d
        org = self.sheets[ORGANIZATIONS]
        org_rows: dict[str, int] = {}
        partners: dict[str, Built] = {}
        for num, cells in org.rows:
            ref = org.get(cells, "ID")
            org_rows.setdefault(ref, num)
            if self._inactive(org, num, cells, "organization"):
                continue
            partner = Built((org.file, num))
            partner.take(s.PARTNER_ID, org, num, cells, "ID")
            partner.take(s.NAME, org, num, cells, "NAME")
            partner.take(s.NOTES, org, num, cells, "DESCRIPTION")
            partner.take(s.CONTACT_EMAIL, org, num, cells, "EMAIL")
            partner.take(s.WEBSITE, org, num, cells, "URL")
            partners[ref] = partner
            d.partners.append(partner)
        places = self._locations(org_rows)
        self._place_partners(partners, places)
        self._phones(partners, places)
        self._services(org_rows, places)
        return d

    def _locations(self, org_rows: dict[str, int]) -> dict[str, tuple[str, Built]]:
        """location id -> (organization id, its place)."""
        places: dict[str, tuple[str, Built]] = {}
        loc = self.sheets.get(LOCATIONS)
        self.loc_rows: dict[str, int] = {}
        if loc is None:
            return places
        for num, cells in loc.rows:
            ref = loc.get(cells, "ID")
            self.loc_rows.setdefault(ref, num)
            if self._inactive(loc, num, cells, "location") or self._belongs_out(
                loc, num, cells, "ORGANIZATION_ID", org_rows, "location"
            ):
                continue
            place = Built((loc.file, num))
            put_place(place, loc, num, cells, _LOCATION)
            places[ref] = (loc.get(cells, "ORGANIZATION_ID"), place)
        addresses = self.sheets.get(ADDRESSES)
        if addresses is not None:
            for num, cells in addresses.rows:
                ref = addresses.get(cells, "LOCATION_ID")
                if self._belongs_out(
                    addresses, num, cells, "LOCATION_ID", self.loc_rows, "address"
                ):
                    continue
                if ref not in places or places[ref][1].cells.get(s.ADDRESS):
                    continue
                put_place(places[ref][1], addresses, num, cells, _ADDRESS)
        return places

    def _place_partners(
        self, partners: dict[str, Built], places: dict[str, tuple[str, Built]]
    ) -> None:
        self.main: dict[str, str] = {}
        for loc_ref, (org_ref, place) in places.items():
            if org_ref in partners and org_ref not in self.main and place.cells:
                self.main[org_ref] = loc_ref
                copy_place(partners[org_ref], place)

    def _phones(self, partners: dict[str, Built], places: dict[str, tuple[str, Built]]) -> None:
        phones = self.sheets.get(PHONES)
        if phones is None:
            return
        for num, cells in phones.rows:
            org_ref = phones.get(cells, "ORGANIZATION_ID")
            loc_ref = phones.get(cells, "LOCATION_ID")
            if not org_ref and loc_ref in places and self.main.get(places[loc_ref][0]) == loc_ref:
                org_ref = places[loc_ref][0]
            partner = partners.get(org_ref)
            if partner is not None and s.PHONE not in partner.cells:
                partner.take(s.PHONE, phones, num, cells, "NUMBER")

    def _services(self, org_rows: dict[str, int], places: dict[str, tuple[str, Built]]) -> None:
        d, svc = self.d, self.sheets[SERVICES]
        groups: dict[tuple[str, str], list[tuple[int, list[str]]]] = defaultdict(list)
        for num, cells in svc.rows:
            if self._inactive(svc, num, cells, "service"):
                continue
            if self._belongs_out(svc, num, cells, "ORGANIZATION_ID", org_rows, "service"):
                continue
            if self._belongs_out(svc, num, cells, "LOCATION_ID", self.loc_rows, "service"):
                continue
            groups[(svc.get(cells, "ID"), svc.get(cells, "LOCATION_ID"))].append((num, cells))
        locations_of: dict[str, int] = defaultdict(int)
        for ref, _ in groups:
            locations_of[ref] += 1
        for (ref, loc_ref), rows in groups.items():
            num, cells = rows[0]
            service = Built((svc.file, num))
            sid = f"{ref}@{loc_ref}" if locations_of[ref] > 1 and loc_ref else ref
            service.put(s.SERVICE_ID, sid, svc, num, svc.column("ID"))
            service.take(s.PARTNER_ID, svc, num, cells, "ORGANIZATION_ID")
            service.take(s.NAME, svc, num, cells, "NAME")
            service.take(s.DESCRIPTION, svc, num, cells, "DESCRIPTION")
            service.take(s.ELIGIBILITY, svc, num, cells, "ELIGIBILITY")
            for n, c in rows:
                code = svc.get(c, "TAXONOMY_CODE")
                name, column = svc.first(c, "TAXONOMY_NAME", "TAXONOMY_TERM", "TAXONOMY_DEFINITION")
                if code or name:
                    service.terms.append((name, code))
                    service.origins.setdefault("taxonomy", (svc.file, n, column))
            if loc_ref in places and loc_ref != self.main.get(places[loc_ref][0]):
                copy_place(service, places[loc_ref][1])
            d.services.append(service)


def wellsky_directory(tables: Mapping[str, RawTable], **options: Unpack[Finishing]) -> Directory:
    """Partners and services from WellSky files (see the module docstring), not checked yet.

    Raises:
        DataFileError: no organizations file or no services file among the tables.
    """
    found = find_wellsky(tables)
    if ORGANIZATIONS not in found or SERVICES not in found:
        raise DataFileError(
            "a WellSky export needs its organization file (ID, NAME) and its services file "
            "(ID, ORGANIZATION_ID, TAXONOMY_CODE); select all of its CSV files together."
        )
    return finish(_WellSky(found).build(), **options)
