"""Import step: where each location is (addresses, coordinates, confidential places), its
phones, contacts and languages, and each organization's main location."""

from __future__ import annotations

from collections import defaultdict

from mapping.data import schema as s
from mapping.interop.address_text import AddressParts, is_po_box, parse_address, parse_one_line
from mapping.interop.hsds.base import (
    _CONFIDENTIAL_NAME,
    _CONFIDENTIAL_TEXT,
    ImportBase,
    _one_line,
    _Place,
)
from mapping.interop.hsds.package import (
    ADDRESS,
    CONTACT,
    F_CONFIDENTIAL,
    F_PARTNER_LOCATION,
    LANGUAGE,
    LOCATION,
    ORGANIZATION,
    PHONE,
    POSTAL_ADDRESS,
    SERVICE,
    HsdsTable,
)


class PlacesStep(ImportBase):
    """Locations, addresses, phones, contacts and languages."""

    # ------------------------------------------------------------------ addresses
    def _read_addresses(self) -> None:
        """Each location's physical and postal address rows; organization-level addresses
        (a 1.x export that hangs them on the organization)."""
        self.addresses: dict[str, list[tuple[str, int, list[str], HsdsTable]]] = defaultdict(list)
        self.org_addresses: dict[str, list[tuple[int, list[str], HsdsTable]]] = defaultdict(list)
        for entity in (ADDRESS, POSTAL_ADDRESS):
            table = self.t.get(entity)
            if table is None:
                continue
            for num, cells in table.rows:
                loc, org = table.get(cells, "location_id"), table.get(cells, "organization_id")
                kind = table.get(cells, "address_type").lower() or (
                    "physical" if entity == ADDRESS else "postal"
                )
                if loc and loc in self.locations:
                    self.addresses[loc].append((kind, num, cells, table))
                    self._own(table, num, "location_id", loc, LOCATION)
                elif org and org in self.orgs and not loc:
                    self.org_addresses[org].append((num, cells, table))
                    self._own(table, num, "organization_id", org, ORGANIZATION)
                elif loc:
                    self._dangling(table, num, "location_id", loc, "location", "address")
                elif org:
                    self._dangling(table, num, "organization_id", org, "organization", "address")
                else:
                    self.reject(
                        table,
                        num,
                        table.column("location_id"),
                        "",
                        "this address names no location, so it belongs to nothing and was kept "
                        "out. Fill in location_id.",
                        "missing_value",
                    )

    def _place_from_address(
        self, num: int, cells: list[str], table: HsdsTable, place: _Place
    ) -> None:
        street = table.get(cells, "address_1")
        second = table.get(cells, "address_2")
        parts = parse_address(
            street,
            table.get(cells, "city"),
            table.get(cells, "state_province"),
            table.get(cells, "postal_code"),
        )
        col = table.column("address_1")
        if parts.how:
            self._report_parse(table.file, num, col, street, parts)
        street_text = _one_line(parts.street)
        if second and not parts.how and not _CONFIDENTIAL_TEXT.search(second):
            street_text = (
                f"{street_text}, {_one_line(second)}" if street_text else _one_line(second)
            )
        place.street = street_text
        place.city, place.state, place.zip = _one_line(parts.city), parts.state, parts.zip
        for contract, name in (
            (s.ADDRESS, "address_1"),
            (s.CITY, "city"),
            (s.STATE, "state_province"),
            (s.ZIP, "postal_code"),
        ):
            # A part recovered from address_1 is reported there; a given one in its column.
            own = table.get(cells, name) if name != "address_1" else street
            place.origins[contract] = (table.file, num, table.column(name) if own else col)
        if _CONFIDENTIAL_TEXT.search(f"{street} {second}"):
            place.confidential = True
            self._report_confidential(table.file, num, col)

    def _report_parse(
        self, file: str, num: int, column: str, text: str, parts: AddressParts
    ) -> None:
        found = ", ".join(
            f"{label} '{value}'"
            for label, value in (
                ("street", parts.street),
                ("city", parts.city),
                ("state", parts.state),
                ("ZIP", parts.zip),
            )
            if value
        )
        if parts.how == "run_together":
            lead = "the address lines are run together without separators"
        else:
            lead = "the whole address is written in one cell"
        dropped = f" '{parts.dropped}' before the street was left out." if parts.dropped else ""
        if not parts.placeable:
            message = (
                f"{lead}, and it gives only {found or 'nothing usable'}, so this location cannot "
                "be placed on the map. Add the street address, city and ZIP code."
            )
        else:
            message = (
                f"{lead}; it was read as {found}.{dropped} Check it, and put street, city, "
                "state and ZIP code in their own columns (address_1, city, state_province, "
                "postal_code)."
            )
        self.add(file, num, column, text, message, "warning", "one_line_address")

    def _report_confidential(self, file: str, num: int, column: str) -> None:
        self.add(
            file,
            num,
            column,
            None,
            "this location says it is confidential, so it was marked confidential: its street "
            "address and exact coordinates are not stored, and it is shown only at its ZIP code "
            "or city. Nothing to fix.",
            "warning",
            "confidential_marked",
        )

    # ------------------------------------------------------------------ places
    def _read_places(self) -> None:
        self.places: dict[str, _Place] = {}
        table = self.t.get(LOCATION)
        if table is None:
            return
        for loc_id, (num, cells) in self.locations.items():
            self.reading_location = loc_id
            place = _Place()
            rows = self.addresses.get(loc_id, [])
            physical = [r for r in rows if r[0] != "postal"]
            postal = [r for r in rows if r[0] == "postal"]
            candidates = physical or postal
            if candidates:
                chosen = candidates[0]
                kind, a_num, a_cells, a_table = chosen
                self._place_from_address(a_num, a_cells, a_table, place)
                if kind == "postal":
                    if is_po_box(place.street):
                        place.street = ""
                    self.add(
                        a_table.file,
                        a_num,
                        a_table.column("address_type") if a_table.has("address_type") else None,
                        kind,
                        "this location has no physical address, so its mailing address was used to "
                        "place it (a P.O. box only by its city and ZIP code). Add the street "
                        "address people visit, if there is one.",
                        "warning",
                        "postal_address_used",
                    )
                for extra in rows:
                    if extra is not chosen:
                        self.extra_addresses.append((extra[3].file, extra[1]))
            elif table.has("address") or table.has("address_1") or table.has("city"):
                self._place_from_location_columns(table, num, cells, place)
            lat, lon = table.get(cells, "latitude"), table.get(cells, "longitude")
            if lat or lon:
                place.latitude, place.longitude = lat, lon
                place.origins[s.LATITUDE] = (table.file, num, table.column("latitude"))
                place.origins[s.LONGITUDE] = (table.file, num, table.column("longitude"))
            name = table.get(cells, "name")
            if (
                self._dash_true(loc_id, F_CONFIDENTIAL)
                or _CONFIDENTIAL_NAME.search(name)
                or _CONFIDENTIAL_TEXT.search(table.get(cells, "address"))
            ) and not place.confidential:
                place.confidential = True
                if not self._dash_true(loc_id, F_CONFIDENTIAL):
                    self._report_confidential(table.file, num, table.column("name"))
            if place.confidential:
                place.origins.setdefault(s.CONFIDENTIAL, (table.file, num, table.column("name")))
                self.private_rows.add((table.file, num))
                self.private_rows.update((a[3].file, a[1]) for a in rows)
            self.places[loc_id] = place
        self.reading_location = ""

    extra_addresses: list[tuple[str, int]]

    def _place_from_location_columns(
        self, table: HsdsTable, num: int, cells: list[str], place: _Place
    ) -> None:
        one = table.get(cells, "address")
        if one:
            parts = parse_one_line(one)
            col = table.column("address")
            self._report_parse(table.file, num, col, one, parts)
            place.street, place.city, place.state, place.zip = (
                _one_line(parts.street),
                _one_line(parts.city),
                parts.state,
                parts.zip,
            )
            for contract in (s.ADDRESS, s.CITY, s.STATE, s.ZIP):
                place.origins[contract] = (table.file, num, col)
            return
        parts = parse_address(
            table.get(cells, "address_1"),
            table.get(cells, "city"),
            table.get(cells, "state_province"),
            table.get(cells, "postal_code"),
        )
        if parts.how:
            self._report_parse(
                table.file, num, table.column("address_1"), table.get(cells, "address_1"), parts
            )
        place.street, place.city, place.state, place.zip = (
            parts.street,
            parts.city,
            parts.state,
            parts.zip,
        )
        for contract, name in (
            (s.ADDRESS, "address_1"),
            (s.CITY, "city"),
            (s.STATE, "state_province"),
            (s.ZIP, "postal_code"),
        ):
            place.origins[contract] = (table.file, num, table.column(name))

    # ------------------------------------------------------------------ phones, contacts, languages
    def _read_phones_contacts_languages(self) -> None:
        self.phones: dict[tuple[str, str], list[tuple[str, int, str]]] = defaultdict(
            list
        )  # (entity, id) -> (number, row, type)
        self.contacts: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(list)
        self.languages: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(
            list
        )  # -> (name, file, row)
        self.phones_used: set[int] = set()
        self.contacts_used: set[int] = set()
        org_first = [
            (ORGANIZATION, "organization_id", self.orgs),
            (LOCATION, "location_id", self.locations),
            (SERVICE, "service_id", self.services),
        ]
        for entity, refs in (
            (PHONE, org_first),
            (CONTACT, org_first),
            (LANGUAGE, org_first[::-1]),
        ):
            table = self.t.get(entity)
            if table is None:
                continue
            for num, cells in table.rows:
                if num in self.rejected[table.file]:
                    continue
                target = None
                given = []
                for kind, col, idx in refs:
                    value = table.get(cells, col)
                    if value:
                        given.append((col, value))
                        if value in idx and target is None:
                            target = (kind, value)
                if target is None and given:
                    col, value = given[0]
                    what = {PHONE: "phone number", CONTACT: "contact", LANGUAGE: "language"}[entity]
                    self._dangling(
                        table, num, col, value, col.removesuffix("_id").replace("_", " "), what
                    )
                    continue
                if target is None:
                    continue  # a phone of a contact or service-at-location only: not used
                kind, value = target
                self._own(table, num, f"{kind}_id", value, kind)
                index_of = {c[1]: c[2] for c in refs}
                for col, other in given:
                    if other not in index_of[col]:
                        self.add(
                            table.file,
                            num,
                            table.column(col),
                            other,
                            f"no {col.removesuffix('_id').replace('_', ' ')} has id '{other}'; "
                            f"the row was linked by its {kind}_id instead. Correct the id.",
                            "warning",
                            "dangling_id",
                        )
                if entity == PHONE:
                    number = table.get(cells, "number")
                    ext = table.get(cells, "extension")
                    if number and ext:
                        number = f"{number} ext. {ext}"
                    if number:
                        self.phones[target].append((number, num, table.get(cells, "type")))
                elif entity == CONTACT:
                    contact = (table.get(cells, "name"), table.get(cells, "email"), num)
                    self.contacts[target].append(contact)
                else:
                    name = table.get(cells, "name") or table.get(cells, "code")
                    if name:
                        self.languages[target].append((name, table.file, num))

    # ------------------------------------------------------------------ main locations
    def _choose_main_locations(self) -> None:
        self.main: dict[str, str] = {}
        self.by_org: dict[str, list[str]] = defaultdict(list)
        table = self.t.get(LOCATION)
        if table is None:
            return
        for loc_id, (_, cells) in self.locations.items():
            org = table.get(cells, "organization_id")
            if org and org in self.orgs:
                self.by_org[org].append(loc_id)
            elif org:
                self.orphans.append(loc_id)
        for org, locs in self.by_org.items():
            flagged = [loc for loc in locs if self._dash_true(loc, F_PARTNER_LOCATION)]
            usable = [
                loc
                for loc in locs
                if self.places[loc].placeable
                and table.get(self.locations[loc][1], "location_type").lower()
                not in ("virtual", "postal")
            ]
            self.main[org] = (flagged or usable or locs)[0]

    orphans: list[str]
