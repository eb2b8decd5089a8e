"""VisionLink (Community OS) exports: agencies, services and sites, as separate files or
joined in one.

Columns are prefixed by the record they describe (names as exported):

* agencies: ``Agency_Id``, ``Agency_Status`` (active, deleted, disabled),
  ``AgencySystem_Name``, ``AgencySystem_Description``, ``AgencySystem_Websiteurl``,
  ``AgencySystem_PhoneMain``, ``AgencySystem_EmailAddress``,
  ``AgencySystem_PhysicalAddressConfidential`` and the address
  ``AgencyAddressus_AgencyAddressus_address_1`` (``_address_2``, ``_city``, ``_state``,
  ``_zip``, ``_latitude``, ``_longitude``);
* services: ``Service_Id``, ``Service_AgencyId``, ``Service_Status``,
  ``ServiceSystem_Name``, ``ServiceSystem_Description``, ``ServiceSystem_Eligibility``,
  ``ServiceTaxonomy_ModuleServicepost`` (taxonomy codes, or "code name", ';'-separated),
  ``ServiceSite_ServiceSite`` (the ids of its sites, ';'- or ','-separated);
* sites: ``Site_Id``, ``Site_AgencyId``, ``Site_Status``, ``SiteSystem_Name``,
  ``SiteSystem_PhysicalAddressConfidential`` and ``SiteAddressus_SiteAddressus_address_1``
  (and so on, as for agencies).

In a joined file a row carries an agency, a service and a site together: the service is
offered at that site. An agency is a partner (at its own address); a service is a service
at each of its sites (``<Service_Id>@<Site_Id>`` when there are several), or at its
agency's location when it names none. Ids are VisionLink's, unchanged. A deleted or
disabled record is kept out and listed, with what belongs to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, Unpack

from mapping.data import schema as s
from mapping.data.errors import DataFileError
from mapping.data.reading import RawTable
from mapping.interop.crosswalk import split_code
from mapping.interop.directories.flat import (
    Built,
    Directory,
    Finishing,
    PlaceColumns,
    Sheet,
    copy_place,
    finish,
    mark_private,
    put_place,
    split_values,
)

LABEL: Final = "VisionLink export"
_OUT = frozenset({"deleted", "disabled", "inactive"})
_PLACES = {
    kind: PlaceColumns(
        (prefix + "address_1", prefix + "address_2"),
        prefix + "city",
        prefix + "state",
        prefix + "zip",
        prefix + "latitude",
        prefix + "longitude",
    )
    for kind, prefix in (
        ("agency", "AgencyAddressus_AgencyAddressus_"),
        ("site", "SiteAddressus_SiteAddressus_"),
    )
}
_STREET = tuple(column for place in _PLACES.values() for column in place.blanked)


def looks_like_visionlink(tables: Mapping[str, RawTable]) -> bool:
    """True when a table has VisionLink's Agency_Id or Service_Id with its system columns."""
    for table in tables.values():
        sheet = Sheet(table)
        if sheet.has("Agency_Id", "AgencySystem_Name") or sheet.has(
            "Service_Id", "ServiceSystem_Name"
        ):
            return True
    return False


def _ids(text: str) -> list[str]:
    return [v for v in re.split(r"\s*[;,|]\s*", text.strip()) if v]


class _VisionLink:
    def __init__(self, tables: Mapping[str, RawTable]) -> None:
        self.sheets = [
            Sheet(t, street=_STREET)
            for t in tables.values()
            if Sheet(t).has("Agency_Id") or Sheet(t).has("Service_Id") or Sheet(t).has("Site_Id")
        ]
        self.d = Directory(LABEL, self.sheets)
        # record id -> (sheet, row) of its first row
        self.homes: dict[str, dict[str, tuple[Sheet, int]]] = {"agency": {}, "site": {}}

    def _out(self, sheet: Sheet, num: int, cells: list[str], what: str) -> bool:
        title = what.capitalize()
        return self.d.keep_out_closed(
            sheet,
            num,
            cells,
            (f"{title}_Status", f"{title}Option_Status"),
            _OUT,
            lambda value: f"this {what} is {value.lower()} in VisionLink",
        )

    def _owner_out(self, sheet: Sheet, num: int, what: str, kind: str, ref: str) -> bool:
        home = self.homes[kind].get(ref)
        if home is None or not self.d.is_out(*home):
            return False
        if not self.d.is_out(sheet, num):
            self.d.keep_out_under(
                sheet, num, None, ref, what, f"{kind} {ref} ({home[0].file} row {home[1]})"
            )
        return True

    def _place(self, row: Built, sheet: Sheet, num: int, cells: list[str], kind: str) -> None:
        confidential = f"{kind.capitalize()}System_PhysicalAddressConfidential"
        mark_private(row, sheet, num, cells, confidential)
        put_place(row, sheet, num, cells, _PLACES[kind])

    def build(self) -> Directory:
        partners: dict[str, Built] = {}
        sites: dict[str, Built] = {}
        services: dict[str, tuple[Sheet, int, list[str], list[str]]] = {}
        for sheet in self.sheets:  # agencies and sites first: services point to them
            for num, cells in sheet.rows:
                ref = sheet.get(cells, "Agency_Id")
                if ref and ref not in self.homes["agency"]:
                    self.homes["agency"][ref] = (sheet, num)
                    if not self._out(sheet, num, cells, "agency"):
                        partner = Built((sheet.file, num))
                        partner.put(s.PARTNER_ID, ref, sheet, num, sheet.column("Agency_Id"))
                        partner.take(s.NAME, sheet, num, cells, "AgencySystem_Name")
                        partner.take(s.NOTES, sheet, num, cells, "AgencySystem_Description")
                        partner.take(s.WEBSITE, sheet, num, cells, "AgencySystem_Websiteurl")
                        partner.take(s.PHONE, sheet, num, cells, "AgencySystem_PhoneMain")
                        partner.take(
                            s.CONTACT_EMAIL, sheet, num, cells, "AgencySystem_EmailAddress"
                        )
                        self._place(partner, sheet, num, cells, "agency")
                        partners[ref] = partner
                        self.d.partners.append(partner)
                site = sheet.get(cells, "Site_Id")
                if site and site not in self.homes["site"]:
                    self.homes["site"][site] = (sheet, num)
                    owner = sheet.get(cells, "Site_AgencyId") or ref
                    if not self._out(sheet, num, cells, "site") and not self._owner_out(
                        sheet, num, "site", "agency", owner
                    ):
                        place = Built((sheet.file, num))
                        self._place(place, sheet, num, cells, "site")
                        sites[site] = place
        for sheet in self.sheets:
            for num, cells in sheet.rows:
                sid = sheet.get(cells, "Service_Id")
                if not sid or self.d.is_out(sheet, num):
                    continue
                at = _ids(sheet.get(cells, "ServiceSite_ServiceSite")) or _ids(
                    sheet.get(cells, "Site_Id")
                )
                if sid in services:
                    services[sid][3].extend(a for a in at if a not in services[sid][3])
                    continue
                services[sid] = (sheet, num, cells, at)
        for sid, (sheet, num, cells, at) in services.items():
            agency = sheet.get(cells, "Service_AgencyId") or sheet.get(cells, "Agency_Id")
            if self._out(sheet, num, cells, "service") or self._owner_out(
                sheet, num, "service", "agency", agency
            ):
                continue
            kept = [a for a in at if a in sites]
            if at and not kept:
                self.d.warn(
                    sheet,
                    num,
                    sheet.column("ServiceSite_ServiceSite"),
                    "; ".join(at),
                    "none of this service's sites was loaded, so it is placed at its agency's "
                    "location. Link it to an active site in VisionLink if that is wrong.",
                    "location_not_used",
                )
            for site in kept or [""]:
                service = Built((sheet.file, num))
                service.put(
                    s.SERVICE_ID,
                    f"{sid}@{site}" if len(kept) > 1 else sid,
                    sheet,
                    num,
                    sheet.column("Service_Id"),
                )
                service.put(s.PARTNER_ID, agency, sheet, num, sheet.column("Service_AgencyId"))
                service.take(s.NAME, sheet, num, cells, "ServiceSystem_Name")
                service.take(s.DESCRIPTION, sheet, num, cells, "ServiceSystem_Description")
                service.take(s.ELIGIBILITY, sheet, num, cells, "ServiceSystem_Eligibility")
                column = "ServiceTaxonomy_ModuleServicepost"
                for text in split_values(sheet.get(cells, column)):
                    name, code = split_code(text)
                    service.terms.append((name, code))
                if service.terms:
                    service.origins["taxonomy"] = (sheet.file, num, sheet.column(column))
                if site:
                    copy_place(service, sites[site])
                self.d.services.append(service)
        return self.d


def visionlink_directory(tables: Mapping[str, RawTable], **options: Unpack[Finishing]) -> Directory:
    """Partners and services from VisionLink files (see the module docstring), not checked.

    Raises:
        DataFileError: no table has VisionLink's Agency_Id or Service_Id columns.
    """
    if not looks_like_visionlink(tables):
        raise DataFileError(
            "no VisionLink export was found: its files have the columns Agency_Id and "
            "AgencySystem_Name (agencies) or Service_Id and ServiceSystem_Name (services)."
        )
    return finish(_VisionLink(tables).build(), **options)
