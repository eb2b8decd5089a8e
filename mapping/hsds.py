"""Import an Open Referral HSDS package as a Workspace.

:func:`import_hsds` reads a folder or zip (see :mod:`mapping.hsds_format` for the layouts),
turns organizations into partners and services into services (one service row per
location it is offered at), and passes those tables through the same checks as any upload
(:func:`mapping.loading.load_tables`), so every rule of the data contract applies. What
the checks find is reported against the HSDS file, row and column the value came from.

Mapping, in short:

* **Partner** = organization. Its location is the organization's *main location*: the one
  this dashboard's export marked, else its first location that can be placed (an address
  or coordinates), else its first location. Phone: the organization's first voice number,
  else its main location's. Contact: ``organizations.email`` and the first contact's name.
  HSDS has no sector: it comes from this dashboard's attribute, else from the categories
  of the organization's services (``crosswalk.infer_sector``), else ``default_sector``,
  else "Other", and each guess is reported.
* **Service** = service x location (``service_at_location``; 1.x: ``services.location_id``).
  A service at its organization's main location is "at the partner's location". Its id is
  the HSDS id, or ``<service id>@<location id>`` when it is offered at several locations.
  Category: this dashboard's attribute, else its taxonomy terms through
  :func:`mapping.crosswalk.map_term` (the user's saved mapping first), else a category
  named in the service's name (reported), else ``default_category``; a service with none
  is kept out and its terms are listed as unmapped.
* **Confidential location**: this dashboard's ``confidential_location`` attribute, or an
  address or location name that says so ("Confidential", "Undisclosed location", "address
  withheld"). Street address and coordinates are then dropped, as for any upload.

**Counts** are reported per HSDS file read (``ws.counts["services.csv"]`` counts rows of
the HSDS services file, not service rows of the workspace): read = loaded + rejected.
*Rejected* rows were refused because of a problem in the data (a missing or repeated id,
a reference to an id that does not exist, no category, or the row they belong to was
refused); each has an error in the report and is in ``ws.rejected[file]`` with its HSDS
columns and the reason. *Loaded* rows were accepted; details the dashboard has no column
for (a second phone number, unused locations) are named in warnings. The dashboard's own
``relationships.csv`` inside a package is counted as usual.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mapping import crosswalk as cw
from mapping import schema as s
from mapping.address_text import AddressParts, is_po_box, parse_address, parse_one_line
from mapping.errors import Problem
from mapping.hsds_format import (
    ADDRESS,
    ATTRIBUTE,
    CONTACT,
    DASHBOARD_TAXONOMY_ID,
    DASHBOARD_TAXONOMY_NAME,
    ELIGIBILITY,
    F_CAPACITY,
    F_CATEGORY,
    F_CONFIDENTIAL,
    F_PARTNER_LOCATION,
    F_POPULATION,
    F_RADIUS,
    F_SECTOR,
    F_TRAUMA,
    LANGUAGE,
    LOCATION,
    ORGANIZATION,
    PHONE,
    POSTAL_ADDRESS,
    SERVICE,
    SERVICE_AT_LOCATION,
    SERVICE_TAXONOMY,
    STREET_KEYS,
    TAXONOMY_TERM,
    TERM_ID_PREFIX,
    HsdsPackage,
    HsdsTable,
    read_hsds_package,
)
from mapping.loading import Mode, load_tables
from mapping.normalize import parse_number
from mapping.reading import RawTable, read_table
from mapping.validation import header_key
from mapping.workspace import Workspace

_CONFIDENTIAL_TEXT = re.compile(
    r"\b(confidential|undisclosed|not disclosed|withheld|suppressed|private address|"
    r"address (is )?(hidden|private))\b",
    re.IGNORECASE,
)
_CONFIDENTIAL_NAME = re.compile(
    r"\b(confidential|undisclosed) (location|address|site|shelter)\b", re.IGNORECASE
)
_PHONE_LABEL = re.compile(r"^\s*([A-Za-z ]+):\s*(.+)$")
_CLOSED = ("inactive", "defunct", "temporarily closed", "closed")
_FAX = re.compile(r"fax|tdd|tty", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"[,;|\n]")
_LINE_SPLIT = re.compile(r"[;|\n]")
_SERVICE_COLUMNS = {  # contract column -> the HSDS field it comes from
    s.SERVICE_ID: "id",
    s.PARTNER_ID: "organization_id",
    s.NAME: "name",
    s.DESCRIPTION: "description",
    s.ELIGIBILITY: "eligibility",
    s.COST: "fees",
}


@dataclass(frozen=True)
class Term:
    """A taxonomy term as a service uses it."""

    key: str  # crosswalk.term_key
    name: str
    code: str
    taxonomy: str
    file: str
    row: int | None
    column: str = "name"
    parents: tuple[tuple[str, str], ...] = ()
    dashboard_field: str = ""  # set for this dashboard's own terms
    value: str = ""


@dataclass
class _Place:
    """Where a location is, with the HSDS cell each part came from."""

    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    latitude: str = ""
    longitude: str = ""
    confidential: bool = False
    origins: dict[str, tuple[str, int, str]] = field(default_factory=dict)

    @property
    def placeable(self) -> bool:
        coords = parse_number(self.latitude) is not None and parse_number(self.longitude)
        return bool(self.zip or self.city or self.street or coords)

    def cells(self) -> dict[str, str]:
        return {
            s.ADDRESS: self.street,
            s.CITY: self.city,
            s.STATE: self.state,
            s.ZIP: self.zip,
            s.LATITUDE: self.latitude,
            s.LONGITUDE: self.longitude,
            s.CONFIDENTIAL: "true" if self.confidential else "",
        }


@dataclass
class _Row:
    """One row of the partners or services table being built, with where each cell came
    from in the package."""

    cells: dict[str, str]
    home: tuple[str, int]  # (file, row) of the organization or service
    origins: dict[str, tuple[str, int, str]] = field(default_factory=dict)


def _split_list(text: str) -> list[str]:
    return [p.strip() for p in _LIST_SPLIT.split(text) if p.strip()]


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Import:
    """The state of one import; see the module docstring for the rules."""

    def __init__(
        self,
        pkg: HsdsPackage,
        term_map: Mapping[str, str],
        default_category: str | None,
        default_sector: str | None,
    ) -> None:
        self.pkg = pkg
        self.term_map = dict(term_map)
        self.default_category = s.CATEGORIES.match(default_category or "") or ""
        self.default_sector = s.SECTORS.match(default_sector or "") or ""
        self.problems: list[Problem] = list(pkg.problems)
        self.rejected: dict[str, dict[int, str]] = defaultdict(dict)  # file -> row -> reason
        # (file, row) -> (owner file, owner row, linking column, id): a phone belongs to its
        # organization, a link to its service; refused owners refuse their rows.
        self.owner: dict[tuple[str, int], tuple[str, int, str, str]] = {}
        self.t = pkg.tables
        self.reading_location = ""
        self.location_problems: dict[str, list[Problem]] = defaultdict(list)
        self.term_matches: dict[tuple[str, str, tuple[tuple[str, str], ...]], cw.TermMatch] = {}
        self.term_cache: dict[tuple[str, str], Term | None] = {}
        # Rows that hold a confidential location's street address or coordinates: never
        # quoted in a problem, and blanked in the rows kept out.
        self.private_rows: set[tuple[str, int]] = set()
        self.org_places: dict[str, _Place] = {}
        self.dash_terms: dict[str, tuple[str, str] | None] = {}

    # ------------------------------------------------------------------ helpers
    def add(
        self,
        file: str,
        row: int | None,
        column: str | None,
        value: str | None,
        message: str,
        severity: str,
        kind: str,
    ) -> None:
        assert severity in ("error", "warning")
        problem = Problem(file, row, column, value, message, severity, kind)  # type: ignore[arg-type]
        if self.reading_location and severity == "warning":
            # Said only if the location is used: an unused one is reported as such.
            self.location_problems[self.reading_location].append(problem)
        else:
            self.problems.append(problem)

    def reject(
        self, table: HsdsTable, row: int, column: str | None, value: str, message: str, kind: str
    ) -> None:
        if row in self.rejected[table.file]:
            return
        self.rejected[table.file][row] = message
        self.add(table.file, row, column, value, message, "error", kind)

    def _index(self, entity: str) -> dict[str, tuple[int, list[str]]]:
        """id -> (row, cells) of a table; rows without an id or with a repeated id are
        rejected."""
        table = self.t.get(entity)
        out: dict[str, tuple[int, list[str]]] = {}
        if table is None:
            return out
        if not table.has("id"):
            if entity in (ORGANIZATION, SERVICE, LOCATION):
                for num, _ in table.rows:
                    self.reject(
                        table,
                        num,
                        None,
                        "",
                        f"{table.file} has no id column, so other files cannot refer to its "
                        "rows. Add an 'id' column with a unique id on every row.",
                        "missing_column",
                    )
            return out
        for num, cells in table.rows:
            key = table.get(cells, "id")
            if not key:
                self.reject(
                    table,
                    num,
                    table.column("id"),
                    "",
                    "the id is empty, so other files cannot refer to this row and it was kept "
                    "out. Give it a unique id.",
                    "missing_value",
                )
            elif key in out:
                self.reject(
                    table,
                    num,
                    table.column("id"),
                    key,
                    f"id '{key}' is already used on row {out[key][0]}; the first one was kept. "
                    "Give each row its own id.",
                    "duplicate_id",
                )
            else:
                out[key] = (num, cells)
        return out

    def _own(self, table: HsdsTable, num: int, field_name: str, value: str, entity: str) -> None:
        """Row ``num`` of ``table`` belongs to the ``entity`` row with id ``value``."""
        index = (
            self.services
            if entity == SERVICE
            else (self.locations if entity == LOCATION else self.orgs)
        )
        self.owner[(table.file, num)] = (
            self.t[entity].file,
            index[value][0],
            table.column(field_name),
            value,
        )

    def _dangling(
        self, table: HsdsTable, num: int, column: str, value: str, target: str, what: str
    ) -> None:
        self.reject(
            table,
            num,
            table.column(column),
            value,
            f"no {target} has id '{value}', so this {what} was kept out. Correct the id, or "
            f"add the missing {target} to the package.",
            "dangling_id",
        )

    # ------------------------------------------------------------------ run
    def build(self) -> None:
        """Read every table and build the partner and service rows (no checks yet)."""
        self.orgs = self._index(ORGANIZATION)
        self._check_parent_organizations()
        self.services = self._index(SERVICE)
        self.locations = self._index(LOCATION)
        self.terms_by_id = self._index(TAXONOMY_TERM)
        self._read_attributes()
        self._read_addresses()
        self._read_places()
        self._read_phones_contacts_languages()
        self._choose_main_locations()
        self._read_service_links()
        self.service_terms = self._service_terms()
        self.service_rows_built = self._build_services()
        self.partner_rows_built = self._build_partners()

    def load(self, base: Workspace | None, mode: Mode) -> Workspace:
        """Check the built rows like any upload and report against the HSDS files."""
        partner_rows, service_rows = self.partner_rows_built, self.service_rows_built
        tables: dict[str, RawTable] = {}
        org_table = self.t[ORGANIZATION]
        tables[s.PARTNERS] = self._raw(
            org_table.file, s.PARTNERS_SPEC, partner_rows, internal=False
        )
        service_table = self.t.get(SERVICE)
        if service_table is not None:
            tables[s.SERVICES] = self._raw(
                service_table.file, s.SERVICES_SPEC, service_rows, internal=True
            )
        if self.pkg.relationships is not None:
            tables[s.RELATIONSHIPS] = read_table(self.pkg.relationships, s.RELATIONSHIPS)
        ws = load_tables(tables, base=base, mode=mode, source=self.pkg.source)
        self._after_load(ws, partner_rows, service_rows)
        return ws

    def _check_parent_organizations(self) -> None:
        table = self.t[ORGANIZATION]
        if "parent_organization_id" not in {h.strip().lower() for h in table.header}:
            return
        col = next(
            i for i, h in enumerate(table.header) if h.strip().lower() == "parent_organization_id"
        )
        for org, (num, cells) in self.orgs.items():
            parent = cells[col]
            if parent and parent not in self.orgs:
                self.add(
                    table.file,
                    num,
                    table.header[col],
                    parent,
                    f"no organization has id '{parent}', so the parent organization of '{org}' "
                    "is not in the package. The dashboard does not use parent organizations, so "
                    "nothing was lost; correct the id for other tools.",
                    "warning",
                    "dangling_id",
                )

    # ------------------------------------------------------------------ attributes
    def _dashboard_term(self, cells: list[str]) -> tuple[str, str] | None:
        """(field, label) for a term of this dashboard's taxonomy, else None."""
        terms = self.t[TAXONOMY_TERM]
        term_id = terms.get(cells, "id")
        vocab = terms.get(cells, "taxonomy_id") or terms.get(cells, "taxonomy")
        if term_id.startswith(TERM_ID_PREFIX) or vocab in (
            DASHBOARD_TAXONOMY_ID,
            DASHBOARD_TAXONOMY_NAME,
        ):
            return terms.get(cells, "code"), terms.get(cells, "name")
        return None

    def _read_attributes(self) -> None:
        """Attributes link terms to services (taxonomy), or carry this dashboard's fields."""
        self.linked_terms: dict[str, list[tuple[str, int, str]]] = defaultdict(
            list
        )  # service id -> (term id, row, value)
        self.dash: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(
            list
        )  # (entity id, field) -> (label/value, file, row)
        table = self.t.get(ATTRIBUTE)
        if table is None:
            return
        known = {ORGANIZATION: self.orgs, SERVICE: self.services, LOCATION: self.locations}
        for num, cells in table.rows:
            link, term_id = table.get(cells, "link_id"), table.get(cells, "taxonomy_term_id")
            if num in self.rejected[table.file]:
                continue
            if term_id not in self.terms_by_id:
                self._dangling(
                    table, num, "taxonomy_term_id", term_id, "taxonomy term", "attribute"
                )
                continue
            entity = next((e for e, idx in known.items() if link in idx), None)
            if entity is None:
                self._dangling(
                    table, num, "link_id", link, "service, organization or location", "attribute"
                )
                continue
            self._own(table, num, "link_id", link, entity)
            if term_id not in self.dash_terms:
                self.dash_terms[term_id] = self._dashboard_term(self.terms_by_id[term_id][1])
            dash = self.dash_terms[term_id]
            if dash:
                code, label = dash
                value = table.get(cells, "value") or label
                self.dash[(link, code)].append((value, table.file, num))
            elif entity == SERVICE:
                self.linked_terms[link].append((term_id, num, table.get(cells, "value")))
            else:
                self.unused_attributes.append(num)

    unused_attributes: list[int]

    def _dash_values(self, entity_id: str, code: str) -> list[tuple[str, str, int]]:
        return self.dash.get((entity_id, code), [])

    def _dash_true(self, entity_id: str, code: str) -> bool:
        return any(
            v.strip().lower() in s.TRUE_WORDS for v, _, _ in self._dash_values(entity_id, code)
        )

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

    # ------------------------------------------------------------------ services and terms
    def _read_service_links(self) -> None:
        """service id -> its location ids, from service_at_location or services.location_id."""
        self.service_locations: dict[str, list[tuple[str, str, int]]] = defaultdict(
            list
        )  # -> (loc, file, row)
        sal = self.t.get(SERVICE_AT_LOCATION)
        if sal is not None:
            seen: set[tuple[str, str]] = set()
            for num, cells in sal.rows:
                if num in self.rejected[sal.file]:
                    continue
                sid, loc = sal.get(cells, "service_id"), sal.get(cells, "location_id")
                if sid not in self.services:
                    self._dangling(
                        sal, num, "service_id", sid, "service", "link of a service to a location"
                    )
                    continue
                if loc not in self.locations:
                    self._dangling(
                        sal, num, "location_id", loc, "location", "link of a service to a location"
                    )
                    continue
                self._own(sal, num, "service_id", sid, SERVICE)
                if (sid, loc) in seen:
                    self.add(
                        sal.file,
                        num,
                        sal.column("location_id"),
                        loc,
                        f"service '{sid}' is already linked to location '{loc}' on an earlier "
                        "row; this repeat was ignored. Nothing to fix.",
                        "warning",
                        "duplicate_link",
                    )
                    continue
                seen.add((sid, loc))
                self.service_locations[sid].append((loc, sal.file, num))
        services = self.t.get(SERVICE)
        if services is not None and services.has("location_id"):
            for sid, (num, cells) in self.services.items():
                loc = services.get(cells, "location_id")
                if not loc or any(loc == x for x, _, _ in self.service_locations[sid]):
                    continue
                if loc in self.locations:
                    self.service_locations[sid].append((loc, services.file, num))
                else:
                    self.add(
                        services.file,
                        num,
                        services.column("location_id"),
                        loc,
                        f"no location has id '{loc}', so the service is placed at its "
                        "organization's location instead. Correct the location_id.",
                        "warning",
                        "dangling_id",
                    )

    def _term_from_row(self, term_id: str, file: str, row: int, value: str = "") -> Term | None:
        key = (term_id, value)
        if key not in self.term_cache:
            self.term_cache[key] = self._read_term(term_id, value)
        return self.term_cache[key]

    def _read_term(self, term_id: str, value: str) -> Term | None:
        found = self.terms_by_id.get(term_id)
        if found is None:
            return None
        table = self.t[TAXONOMY_TERM]
        cells = found[1]
        parents: list[tuple[str, str]] = []
        parent = table.get(cells, "parent_id")
        seen = {term_id}
        while parent and parent in self.terms_by_id and parent not in seen and len(parents) < 10:
            seen.add(parent)
            p_cells = self.terms_by_id[parent][1]
            parents.append((table.get(p_cells, "name"), table.get(p_cells, "code")))
            parent = table.get(p_cells, "parent_id")
        name, code = cw.split_code(table.get(cells, "name"), table.get(cells, "code"))
        taxonomy = table.get(cells, "taxonomy") or ("AIRS" if cw.AIRS_CODE.match(code) else "")
        return Term(
            cw.term_key(name, code),
            name,
            code,
            taxonomy,
            table.file,
            found[0],
            table.column("name"),
            tuple(parents),
            value=value,
        )

    def _service_terms(self) -> dict[str, list[Term]]:
        out: dict[str, list[Term]] = defaultdict(list)
        services = self.t.get(SERVICE)
        if services is None:
            return out
        for sid, links in self.linked_terms.items():
            for term_id, _, value in links:
                term = self._term_from_row(term_id, self.t[TAXONOMY_TERM].file, 0, value)
                if term:
                    out[sid].append(term)
        st = self.t.get(SERVICE_TAXONOMY)
        if st is not None:
            for num, cells in st.rows:
                sid, term_id = st.get(cells, "service_id"), st.get(cells, "taxonomy_id")
                if sid not in self.services:
                    self._dangling(st, num, "service_id", sid, "service", "taxonomy link")
                    continue
                term = self._term_from_row(term_id, st.file, num)
                if term is None:
                    self._dangling(
                        st, num, "taxonomy_id", term_id, "taxonomy term", "taxonomy link"
                    )
                    continue
                self._own(st, num, "service_id", sid, SERVICE)
                out[sid].append(term)
        for sid, (num, cells) in self.services.items():
            for term_id in _split_list(services.get(cells, "taxonomy_ids")):
                term = self._term_from_row(term_id, services.file, num)
                if term is None:
                    self.add(
                        services.file,
                        num,
                        services.column("taxonomy_ids"),
                        term_id,
                        f"no taxonomy term has id '{term_id}'; it was ignored. Correct the id, "
                        "or add the term to the taxonomy file.",
                        "warning",
                        "dangling_id",
                    )
                else:
                    out[sid].append(term)
            column = services.column("terms")
            # Ohana's keywords are comma-separated; a "Service type" cell is one value that
            # may itself hold commas ("Policy, impact litigation, support or other").
            splitter = _LIST_SPLIT if header_key(column) == "keywords" else _LINE_SPLIT
            for text in (p.strip() for p in splitter.split(services.get(cells, "terms"))):
                if not text:
                    continue
                name, code = cw.split_code(text)
                out[sid].append(
                    Term(cw.term_key(name, code), name, code, column, services.file, num, column)
                )
        return out

    def _map(self, term: Term) -> cw.TermMatch:
        """The category of a term (each distinct term is mapped once per import)."""
        key = (term.name, term.code, term.parents)
        found = self.term_matches.get(key)
        if found is None:
            found = cw.map_term(term.name, term.code, user_map=self.term_map, parents=term.parents)
            self.term_matches[key] = found
        return found

    def _category(self, sid: str, name: str) -> tuple[str, str, list[Term]]:
        """(category, how, terms) of a service; category '' when none was found."""
        own = self._dash_values(sid, F_CATEGORY)
        if own:
            return own[0][0], "this dashboard", []
        terms = self.service_terms.get(sid, [])
        rank = {
            cw.BY_USER: 0,
            cw.BY_NAME: 1,
            cw.BY_CODE: 2,
            cw.BY_WORDS: 3,
            cw.BY_PARENT: 4,
            cw.BY_BRANCH: 5,
        }
        best: tuple[int, str, str] | None = None
        for term in terms:
            match = self._map(term)
            if match.category and (best is None or rank[match.how] < best[0]):
                best = (rank[match.how], match.category, match.how)
        if best:
            return best[1], best[2], terms
        guess = cw.category_in_text(name)
        if guess:
            return guess, "service name", terms
        if self.default_category:
            return self.default_category, "default", terms
        return "", "", terms

    def _build_services(self) -> list[_Row]:
        rows: list[_Row] = []
        self.service_rows: dict[str, list[int]] = defaultdict(list)  # service id -> internal rows
        self.service_categories: dict[str, list[str]] = defaultdict(list)  # org id -> categories
        self.uncategorized: dict[str, list[str]] = {}
        table = self.t.get(SERVICE)
        if table is None:
            return rows
        loc_table = self.t.get(LOCATION)
        for sid, (num, cells) in self.services.items():
            org = table.get(cells, "organization_id")
            locs = self.service_locations.get(sid, [])
            if not org and locs and loc_table is not None:
                org = loc_table.get(self.locations[locs[0][0]][1], "organization_id")
            if not org:
                self.reject(
                    table,
                    num,
                    table.column("organization_id"),
                    "",
                    "this service names no organization, so it has no partner and was kept "
                    "out. Fill in organization_id.",
                    "missing_value",
                )
                continue
            if org not in self.orgs:
                self._dangling(table, num, "organization_id", org, "organization", "service")
                continue
            name = _one_line(table.get(cells, "name"))
            status = table.get(cells, "status").lower()
            if status in _CLOSED:
                self.add(
                    table.file,
                    num,
                    table.column("status"),
                    status,
                    f"this service is marked '{status}' in the package; it was loaded so that "
                    "nothing is lost. Delete it on the Edit tab if it no longer runs.",
                    "warning",
                    "inactive_service",
                )
            category, how, terms = self._category(sid, name)
            home = (table.file, num)
            if category:
                self.service_categories[org].append(category)
                if how in ("service name", "default"):
                    self.add(
                        table.file,
                        num,
                        table.column("name"),
                        name,
                        (
                            "no taxonomy term of this service maps to a dashboard category, so "
                            f"'{category}' was taken from its name. Check it, or map its terms "
                            "in the Import section of the Data page."
                            if how == "service name"
                            else "no taxonomy term of this service maps to a dashboard category, "
                            f"so it got the category you chose for such services, '{category}'."
                        ),
                        "warning",
                        "category_guessed",
                    )
            else:
                self.uncategorized[sid] = [t.name for t in terms]
            base_cells = {
                s.SERVICE_ID: sid,
                s.PARTNER_ID: org,
                s.CATEGORY: category,
                s.NAME: name,
                s.DESCRIPTION: table.get(cells, "description"),
                s.ELIGIBILITY: table.get(cells, "eligibility") or self.eligibility.get(sid, ""),
                s.COST: table.get(cells, "fees"),
            }
            origins = {
                c: (table.file, num, table.column(f))
                for c, f in _SERVICE_COLUMNS.items()
                if table.has(f)
            }
            self._dashboard_service_fields(sid, base_cells, origins)
            languages = [n for n, _, _ in self.languages.get((SERVICE, sid), [])]
            languages += _split_list(table.get(cells, "languages"))
            targets = locs or [("", "", 0)]
            main = self.main.get(org)
            for loc, _, _ in targets:
                cell_row = dict(base_cells)
                row_origins = dict(origins)
                row_langs = list(languages)
                if len(targets) > 1:
                    cell_row[s.SERVICE_ID] = f"{sid}@{loc}"
                if loc and loc != main:
                    place = self.places[loc]
                    cell_row.update(place.cells())
                    row_origins.update(place.origins)
                    row_langs += [n for n, _, _ in self.languages.get((LOCATION, loc), [])]
                    if loc_table is not None:
                        row_langs += _split_list(loc_table.get(self.locations[loc][1], "languages"))
                cell_row[s.LANGUAGES] = "|".join(dict.fromkeys(row_langs))
                if not category:
                    row_origins[s.CATEGORY] = (table.file, num, "taxonomy terms")
                rows.append(_Row(cell_row, home, row_origins))
                self.service_rows[sid].append(len(rows))
        return rows

    eligibility: dict[str, str]

    def _dashboard_service_fields(
        self, sid: str, cells: dict[str, str], origins: dict[str, tuple[str, int, str]]
    ) -> None:
        for code, column in (
            (F_TRAUMA, s.TRAUMA_INFORMED),
            (F_RADIUS, s.RADIUS),
            (F_CAPACITY, s.CAPACITY),
        ):
            values = self._dash_values(sid, code)
            if values:
                cells[column] = values[0][0]
                origins[column] = (values[0][1], values[0][2], "value")
        pops = self._dash_values(sid, F_POPULATION)
        if pops:
            cells[s.POPULATIONS] = "|".join(v for v, _, _ in pops)
            origins[s.POPULATIONS] = (pops[0][1], pops[0][2], "taxonomy_term_id")

    def _org_phone(self, org: str, cells: list[str]) -> tuple[str, tuple[str, int, str] | None]:
        table = self.t[ORGANIZATION]
        own = table.get(cells, "phone")
        if own:
            return _pick_labelled_phone(own), (table.file, self.orgs[org][0], table.column("phone"))
        candidates = list(self.phones.get((ORGANIZATION, org), []))
        main = self.main.get(org)
        if main:
            candidates += self.phones.get((LOCATION, main), [])
        voice = [c for c in candidates if not _FAX.search(c[2])] or candidates
        phone_file = self.t[PHONE].file if PHONE in self.t else ""
        if voice:
            self.phones_used.add(voice[0][1])
            return voice[0][0], (phone_file, voice[0][1], self.t[PHONE].column("number"))
        loc_table = self.t.get(LOCATION)
        if main and loc_table is not None and loc_table.has("phones"):
            text = loc_table.get(self.locations[main][1], "phones")
            if text:
                return _pick_labelled_phone(text), (
                    loc_table.file,
                    self.locations[main][0],
                    loc_table.column("phones"),
                )
        return "", None

    def _build_partners(self) -> list[_Row]:
        rows: list[_Row] = []
        table = self.t[ORGANIZATION]
        loc_table = self.t.get(LOCATION)
        for org, (num, cells) in self.orgs.items():
            origins: dict[str, tuple[str, int, str]] = {
                s.PARTNER_ID: (table.file, num, table.column("id")),
                s.NAME: (table.file, num, table.column("name")),
            }
            out = {
                s.PARTNER_ID: org,
                s.NAME: _one_line(table.get(cells, "name")),
                s.NOTES: table.get(cells, "description"),
                s.WEBSITE: table.get(cells, "website"),
            }
            for c, f in ((s.NOTES, "description"), (s.WEBSITE, "website")):
                if table.has(f):
                    origins[c] = (table.file, num, table.column(f))
            sector = self._sector(org, num, out[s.NAME])
            out[s.SECTOR] = sector[0]
            if sector[1]:
                origins[s.SECTOR] = sector[1]
            pops = self._dash_values(org, F_POPULATION)
            if pops:
                out[s.POPULATIONS] = "|".join(v for v, _, _ in pops)
                origins[s.POPULATIONS] = (pops[0][1], pops[0][2], "taxonomy_term_id")
            main = self.main.get(org)
            place = self.places.get(main) if main else None
            if place is None or not place.placeable:
                org_place = self._org_place(org, cells)
                if org_place is not None:
                    place = org_place
            if place is not None:
                out.update(place.cells())
                origins.update(place.origins)
            contacts = self.contacts.get((ORGANIZATION, org), []) + (
                self.contacts.get((LOCATION, main), []) if main else []
            )
            email = table.get(cells, "email")
            if email:
                origins[s.CONTACT_EMAIL] = (table.file, num, table.column("email"))
            if contacts:
                c_name, c_email, c_row = contacts[0]
                self.contacts_used.add(c_row)
                out[s.CONTACT_NAME] = _one_line(c_name)
                origins[s.CONTACT_NAME] = (self.t[CONTACT].file, c_row, "name")
                if not email and c_email:
                    email = c_email
                    origins[s.CONTACT_EMAIL] = (self.t[CONTACT].file, c_row, "email")
            out[s.CONTACT_EMAIL] = email
            phone, phone_origin = self._org_phone(org, cells)
            out[s.PHONE] = phone
            if phone_origin:
                origins[s.PHONE] = phone_origin
            langs = [n for n, _, _ in self.languages.get((LOCATION, main), [])] if main else []
            if main and loc_table is not None:
                langs += _split_list(loc_table.get(self.locations[main][1], "languages"))
            out[s.LANGUAGES] = "|".join(dict.fromkeys(langs))
            rows.append(_Row(out, (table.file, num), origins))
        return rows

    def _org_place(self, org: str, cells: list[str]) -> _Place | None:
        """A place from addresses hung on the organization itself (1.x, flat exports)."""
        table = self.t[ORGANIZATION]
        num = self.orgs[org][0]
        place = _Place()
        self.org_places[org] = place
        self.reading_location = f"organization {org}"  # warnings wait, as for locations
        rows = self.org_addresses.get(org, [])
        if rows:
            a_num, a_cells, a_table = rows[0]
            self._place_from_address(a_num, a_cells, a_table, place)
            for extra in rows[1:]:
                self.extra_addresses.append((extra[2].file, extra[0]))
        else:
            for name in ("address", "mailing_address"):
                text = table.get(cells, name)
                if text:
                    parts = parse_one_line(text)
                    self._report_parse(table.file, num, table.column(name), text, parts)
                    place.street = "" if is_po_box(parts.street) else _one_line(parts.street)
                    place.city, place.state, place.zip = (
                        _one_line(parts.city),
                        parts.state,
                        parts.zip,
                    )
                    for c in (s.ADDRESS, s.CITY, s.STATE, s.ZIP):
                        place.origins[c] = (table.file, num, table.column(name))
                    if _CONFIDENTIAL_TEXT.search(text):
                        place.confidential = True
                        self._report_confidential(table.file, num, table.column(name))
                    break
        self.reading_location = ""
        if place.confidential:
            self.private_rows.add((table.file, num))
            self.private_rows.update((r[2].file, r[0]) for r in rows)
        if is_po_box(place.street):
            place.street = ""
        return place if place.placeable else None

    def _sector(self, org: str, num: int, name: str) -> tuple[str, tuple[str, int, str] | None]:
        own = self._dash_values(org, F_SECTOR)
        if own:
            return own[0][0], (own[0][1], own[0][2], "taxonomy_term_id")
        file = self.t[ORGANIZATION].file
        inferred = cw.infer_sector(self.service_categories.get(org, []))
        if inferred:
            message = (
                f"HSDS has no sector, so '{inferred}' was worked out from the categories of this "
                "organization's services. Check it on the Edit tab."
            )
            sector = inferred
        elif self.default_sector:
            sector = self.default_sector
            message = (
                f"HSDS has no sector, and this organization's services do not point to one, so it "
                f"got the sector you chose, '{sector}'."
            )
        else:
            sector = "Other"
            message = (
                "HSDS has no sector, and this organization's services do not point to one, so it "
                "was set to 'Other'. Choose its sector on the Edit tab, or choose a sector for "
                "such organizations before importing."
            )
        self.add(file, num, "sector", sector, message, "warning", "sector_guessed")
        return sector, None

    # ------------------------------------------------------------------ to raw tables
    def _raw(self, label: str, spec: s.FileSpec, rows: list[_Row], *, internal: bool) -> RawTable:
        header = list(spec.column_names)
        raw_rows = []
        for i, row in enumerate(rows, start=1):
            number = i if internal else row.home[1]
            raw_rows.append((number, [str(row.cells.get(c, "") or "") for c in header]))
        return RawTable(label, header, raw_rows, encoding="utf-8", delimiter=None)

    # ------------------------------------------------------------------ after the checks
    def _after_load(self, ws: Workspace, partners: list[_Row], services: list[_Row]) -> None:
        org_file = self.t[ORGANIZATION].file
        svc_file = self.t[SERVICE].file if SERVICE in self.t else None
        by_number = {
            org_file: {row.home[1]: row for row in partners},
            **({svc_file: dict(enumerate(services, start=1))} if svc_file else {}),
        }
        remapped: list[Problem] = []
        for p in ws.problems:
            source_rows = (
                by_number.get(p.file)
                if p.file in (org_file, svc_file) and p.file != s.RELATIONSHIPS
                else None
            )
            if source_rows is None or p.row is None or p.row not in source_rows:
                remapped.append(p)
                continue
            row = source_rows[p.row]
            if p.column == s.CATEGORY and p.kind == "missing_value":
                terms = self.uncategorized.get(row.cells[s.SERVICE_ID].split("@")[0], [])
                shown = "; ".join(dict.fromkeys(terms))
                reason = (
                    f"none of its taxonomy terms ({shown}) maps to a dashboard category"
                    if terms
                    else "it has no taxonomy term, and its name names no category"
                )
                remapped.append(
                    Problem(
                        row.home[0],
                        row.home[1],
                        "taxonomy terms",
                        shown or None,
                        f"this service has no dashboard category: {reason}, so it was kept out. "
                        "Map its terms in the Import section of the Data page (your choice is "
                        "remembered), or choose a category for services without one.",
                        "error",
                        "no_category",
                    )
                )
                continue
            origin = row.origins.get(p.column or "")
            if origin is None:
                remapped.append(
                    Problem(
                        row.home[0], row.home[1], p.column, p.value, p.message, p.severity, p.kind
                    )
                )
            else:
                remapped.append(
                    Problem(origin[0], origin[1], origin[2], p.value, p.message, p.severity, p.kind)
                )
        unique = list(dict.fromkeys((*self.problems, *remapped)))
        # Rows of the built tables that were kept out, back to their HSDS rows.
        rejected_orgs = self._rejected_numbers(ws, s.PARTNERS)
        for number in rejected_orgs:
            self.rejected[org_file].setdefault(number, self._reason(ws, s.PARTNERS, number))
        if svc_file:
            bad_internal = set(self._rejected_numbers(ws, s.SERVICES))
            for sid, internal in self.service_rows.items():
                if internal and all(i in bad_internal for i in internal):
                    number = self.services[sid][0]
                    reason = (
                        "no dashboard category (map its taxonomy terms)"
                        if sid in self.uncategorized
                        else self._reason(ws, s.SERVICES, internal[0])
                    )
                    self.rejected[svc_file].setdefault(number, reason)
        self._orphan_locations(unique)
        self._propagate(unique)
        self._summaries(unique)
        ws.problems = unique
        self._counts(ws)

    def _rejected_numbers(self, ws: Workspace, file: str) -> list[int]:
        df = ws.rejected.get(file)
        return [] if df is None or df.empty else [int(x) for x in df["row"]]

    def _reason(self, ws: Workspace, file: str, number: int) -> str:
        df = ws.rejected[file]
        return str(df.loc[df["row"] == number, "reason"].iloc[0])

    def _propagate(self, problems: list[Problem]) -> None:
        """Rows that belong to a refused row are refused too (a phone of a refused
        organization, a link of a refused service)."""
        for (file, num), (owner_file, owner_row, column, value) in list(self.owner.items()):
            if num in self.rejected[file] or owner_row not in self.rejected.get(owner_file, {}):
                continue
            message = (
                f"this row belongs to {owner_file} row {owner_row}, which was kept out, so it was "
                "kept out too. Fix that row and import again."
            )
            self.rejected[file][num] = message
            problems.append(Problem(file, num, column, value, message, "error", "parent_rejected"))

    def _used_locations(self) -> set[str]:
        """Main locations, and locations of services that were built (not refused)."""
        used = set(self.main.values())
        for sid, links in self.service_locations.items():
            if sid in self.service_rows:
                used.update(loc for loc, _, _ in links)
        return used

    def _orphan_locations(self, problems: list[Problem]) -> None:
        """Locations whose organization does not exist: kept when a service uses them."""
        table = self.t.get(LOCATION)
        if table is None:
            return
        used = self._used_locations()
        for loc in self.orphans:
            num, cells = self.locations[loc]
            org = table.get(cells, "organization_id")
            col = table.column("organization_id")
            if loc in used:
                problems.append(
                    Problem(
                        table.file,
                        num,
                        col,
                        org,
                        f"no organization has id '{org}', so this location belongs to no partner; "
                        "it is still used for the services linked to it. Correct the "
                        "organization_id.",
                        "warning",
                        "dangling_id",
                    )
                )
            else:
                self._dangling(table, num, "organization_id", org, "organization", "location")
                problems.append(self.problems.pop())

    def _summaries(self, problems: list[Problem]) -> None:
        """Warnings for what was read but has no place in the dashboard."""
        for org, place in self.org_places.items():
            problems.extend(_private_safe(self.location_problems[f"organization {org}"], place))
        loc_table = self.t.get(LOCATION)
        if loc_table is not None:
            used = self._used_locations()
            for loc in self.locations:
                if loc in used:
                    problems.extend(_private_safe(self.location_problems[loc], self.places[loc]))
            for org, locs in self.by_org.items():
                unused = [loc for loc in locs if loc not in used]
                if not unused or org not in self.main:
                    continue
                rows = [self.locations[loc][0] for loc in unused]
                names = [loc_table.get(self.locations[loc][1], "name") or loc for loc in unused]
                shown = "; ".join(names[:5]) + (
                    f" and {len(names) - 5} more" if len(names) > 5 else ""
                )
                main_row = self.locations[self.main[org]][0]
                problems.append(
                    Problem(
                        loc_table.file,
                        rows[0],
                        loc_table.column("name"),
                        shown,
                        f"organization '{org}' has {len(locs)} locations; the partner is placed at "
                        f"row {main_row}, and {len(unused)} other location(s) (rows "
                        f"{_ranges(rows)}) have no service linked to them, so they are not on the "
                        "map. Link services to them in service_at_location.csv to map them.",
                        "warning",
                        "location_not_used",
                    )
                )
            loose = [
                loc
                for loc, (_, cells) in self.locations.items()
                if loc not in used and not loc_table.get(cells, "organization_id")
            ]
            if loose:
                rows = [self.locations[loc][0] for loc in loose]
                problems.append(
                    Problem(
                        loc_table.file,
                        rows[0],
                        loc_table.column("organization_id"),
                        None,
                        f"{len(loose)} location(s) (rows {_ranges(rows)}) belong to no "
                        "organization and no service is linked to them, so they are not on the "
                        "map. Fill in their organization_id, or link services to them.",
                        "warning",
                        "location_not_used",
                    )
                )
        for entity, used_rows, what in (
            (PHONE, self.phones_used, "phone numbers"),
            (CONTACT, self.contacts_used, "contacts"),
        ):
            table = self.t.get(entity)
            if table is None:
                continue
            left = [
                n
                for n, _ in table.rows
                if n not in used_rows and n not in self.rejected[table.file]
            ]
            if left:
                keep = (
                    "one public phone per partner"
                    if entity == PHONE
                    else "one contact person per partner"
                )
                problems.append(
                    Problem(
                        table.file,
                        left[0],
                        None,
                        None,
                        f"{len(left)} of {len(table.rows)} {what} (rows {_ranges(left)}) were read "
                        f"but not kept: the dashboard keeps {keep} (the organization's first). "
                        "Nothing to fix; they stay in your HSDS files.",
                        "warning",
                        "not_kept",
                    )
                )
        if self.extra_addresses:
            by_file: dict[str, list[int]] = defaultdict(list)
            for file, num in self.extra_addresses:
                by_file[file].append(num)
            for file, nums in by_file.items():
                problems.append(
                    Problem(
                        file,
                        nums[0],
                        None,
                        None,
                        f"{len(nums)} address(es) (rows {_ranges(nums)}) were not needed: the "
                        "dashboard keeps one address per location (the physical one). Nothing "
                        "to fix.",
                        "warning",
                        "not_kept",
                    )
                )
        if self.unused_attributes:
            table = self.t[ATTRIBUTE]
            problems.append(
                Problem(
                    table.file,
                    self.unused_attributes[0],
                    None,
                    None,
                    f"{len(self.unused_attributes)} attribute(s) (rows "
                    f"{_ranges(self.unused_attributes)}) describe organizations or locations "
                    "with terms the dashboard has no column for; they were not kept. Nothing to "
                    "fix.",
                    "warning",
                    "not_kept",
                )
            )
        if self.pkg.not_used:
            files = ", ".join(f"{f} ({what})" for f, what in self.pkg.not_used.items())
            first = next(iter(self.pkg.not_used))
            problems.append(
                Problem(
                    first,
                    None,
                    None,
                    None,
                    f"{len(self.pkg.not_used)} file(s) of the package are not used, because the "
                    f"dashboard has no place for what they hold: {files}. Nothing to fix; they "
                    "stay in your package.",
                    "warning",
                    "file_not_used",
                )
            )
        for table in self.t.values():
            unused = table.unused_columns
            if unused:
                problems.append(
                    Problem(
                        table.file,
                        None,
                        unused[0],
                        None,
                        f"{len(unused)} column(s) hold data the dashboard does not use: "
                        f"{', '.join(repr(h) for h in unused)}. Nothing to fix; they stay in "
                        "your HSDS files.",
                        "warning",
                        "unused_columns",
                    )
                )
        for term in self.unmapped_terms():
            problems.append(
                Problem(
                    term.file,
                    term.row or None,
                    term.column,
                    term.name,
                    f"taxonomy term '{term.name}' maps to no dashboard category, so "
                    f"{self.term_counts[term.key]} service(s) that use it have none. Map it "
                    "in the Import section of the Data page; your choice is remembered for "
                    "the next import.",
                    "warning",
                    "unmapped_term",
                )
            )

    term_counts: dict[str, int]

    def unmapped_terms(self) -> list[Term]:
        """Terms that map to no category, used by services that got none, most used first."""
        counts: dict[str, int] = defaultdict(int)
        first: dict[str, Term] = {}
        for sid, terms in self.service_terms.items():
            if sid not in self.uncategorized:
                continue
            for term in {t.key: t for t in terms}.values():
                counts[term.key] += 1
                first.setdefault(term.key, term)
        self.term_counts = counts
        out = [t for k, t in first.items() if self._map(t).category is None]
        return sorted(out, key=lambda t: (-counts[t.key], t.name.lower()))

    def term_table(self) -> pd.DataFrame:
        """Every term services use, with its category and how it was found."""
        counts: dict[str, int] = defaultdict(int)
        missing: dict[str, int] = defaultdict(int)
        first: dict[str, Term] = {}
        for sid, terms in self.service_terms.items():
            for term in {t.key: t for t in terms}.values():
                counts[term.key] += 1
                first.setdefault(term.key, term)
                if sid in self.uncategorized:
                    missing[term.key] += 1
        records = []
        for key, term in first.items():
            match = self._map(term)
            records.append(
                {
                    "term": term.name,
                    "code": term.code,
                    "taxonomy": term.taxonomy,
                    "services": counts[key],
                    "services without a category": missing[key],
                    "category": match.category or "",
                    "how": match.how,
                    "key": key,
                }
            )
        columns = [
            "term",
            "code",
            "taxonomy",
            "services",
            "services without a category",
            "category",
            "how",
            "key",
        ]
        df = pd.DataFrame.from_records(records, columns=columns)
        if df.empty:
            return df
        return df.sort_values(
            ["category", "services without a category", "services"],
            ascending=[True, False, False],
            key=lambda c: c.map(bool) if c.name == "category" else c,
        ).reset_index(drop=True)

    # ------------------------------------------------------------------ counts
    def _counts(self, ws: Workspace) -> None:
        counts: dict[str, dict[str, int]] = {}
        rejected: dict[str, pd.DataFrame] = {}
        for table in self.t.values():
            bad = self.rejected.get(table.file, {})
            read = len(table.rows)
            counts[table.file] = {"read": read, "loaded": read - len(bad), "rejected": len(bad)}
            records = []
            for num, cells in table.rows:
                if num in bad:
                    record = table.record(cells)
                    if (table.file, num) in self.private_rows:
                        record = {
                            h: "" if header_key(h) in STREET_KEYS else v for h, v in record.items()
                        }
                    records.append({"row": num, **record, "reason": bad[num]})
            frame = pd.DataFrame.from_records(
                records, columns=["row", *[h for h in table.header if h], "reason"]
            )
            frame["row"] = frame["row"].astype("Int64")
            rejected[table.file] = frame
        if s.RELATIONSHIPS in ws.counts:
            counts[s.RELATIONSHIPS] = ws.counts[s.RELATIONSHIPS]
            rejected[s.RELATIONSHIPS] = ws.rejected[s.RELATIONSHIPS]
        ws.counts = counts
        ws.rejected = rejected


def _private_safe(problems: list[Problem], place: _Place) -> list[Problem]:
    """Problems of a location, without its street address or coordinates if it is
    confidential (a one-line address would quote the street; it is not reported)."""
    if not place.confidential:
        return problems
    out = []
    for p in problems:
        if p.kind == "one_line_address":
            continue
        quoted = p.value and (
            header_key(p.column or "") in STREET_KEYS or (place.street and place.street in p.value)
        )
        out.append(dataclasses.replace(p, value=None) if quoted else p)
    return out


def _pick_labelled_phone(text: str) -> str:
    """'tdd: 800-955-8771, main: 352-567-9044' -> '352-567-9044' (main, else first voice)."""
    parts = [p.strip() for p in re.split(r"[,;\n]", text) if p.strip()]
    labelled = [
        (m.group(1).strip().lower(), m.group(2).strip())
        for p in parts
        if (m := _PHONE_LABEL.match(p))
    ]
    if not labelled:
        return parts[0] if parts else ""
    for label, number in labelled:
        if label in ("main", "voice", "phone", "office"):
            return number
    voice = [n for label, n in labelled if not _FAX.search(label)]
    return (voice or [labelled[0][1]])[0]


def _ranges(numbers: Iterable[int]) -> str:
    """'2-5, 9, 11-12' for [2, 3, 4, 5, 9, 11, 12] (at most 8 ranges, then '...')."""
    nums = sorted(set(numbers))
    spans: list[str] = []
    start = prev = nums[0]
    for n in [*nums[1:], math.inf]:
        if n == prev + 1:
            prev = int(n)
            continue
        spans.append(f"{start}-{prev}" if prev != start else f"{start}")
        if n is math.inf:
            break
        start = prev = int(n)
    return ", ".join(spans[:8]) + (", ..." if len(spans) > 8 else "")


# ---------------------------------------------------------------------------- public API
def _prepare(imp: _Import) -> None:
    imp.unused_attributes = []
    imp.extra_addresses = []
    imp.orphans = []
    imp.eligibility = {}
    table = imp.t.get(ELIGIBILITY)
    if table is not None and table.has("eligibility"):
        for _, cells in table.rows:
            sid, text = table.get(cells, "service_id"), table.get(cells, "eligibility")
            if sid and text:
                imp.eligibility.setdefault(sid, text)


def hsds_workspace(
    package: HsdsPackage,
    *,
    term_map: Mapping[str, str] | None = None,
    default_category: str | None = None,
    default_sector: str | None = None,
    base: Workspace | None = None,
    mode: Mode = "replace",
) -> Workspace:
    """The Workspace an HSDS package gives (see the module docstring).

    ``term_map`` maps :func:`mapping.crosswalk.term_key` keys to categories (the user's
    saved choices); ``default_category`` is given to services no term maps and whose name
    names no category; ``default_sector`` to organizations whose sector cannot be worked
    out (else "Other"). ``base`` and ``mode`` merge into an existing workspace as
    :func:`mapping.loading.load_tables` does.
    """
    imp = _Import(package, term_map or {}, default_category, default_sector)
    _prepare(imp)
    imp.build()
    ws = imp.load(base, mode)
    ws.source = f"HSDS package {package.source} ({package.layout})"
    return ws


def hsds_terms(package: HsdsPackage, term_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Every taxonomy term the package's services use, with the category it maps to.

    Columns: term, code, taxonomy, services (how many use it), services without a
    category (how many have no category because nothing maps), category ('' when
    unmapped), how, key (what to save the user's choice under). Unmapped terms first.
    """
    imp = _Import(package, term_map or {}, None, None)
    _prepare(imp)
    imp.build()
    return imp.term_table()


def import_hsds(
    path: str | Path | bytes | Mapping[str, bytes],
    *,
    name: str | None = None,
    term_map: Mapping[str, str] | None = None,
    default_category: str | None = None,
    default_sector: str | None = None,
    base: Workspace | None = None,
    mode: Mode = "replace",
) -> Workspace:
    """Import an HSDS package (a folder, a zip path or bytes, or loose files) as a Workspace.

    The result is what :func:`mapping.loading.load_workspace` returns for a dashboard
    folder: partners, services and relationships that passed every check, ``problems``
    naming the HSDS file, row and column, and ``counts`` per HSDS file read (read = loaded
    + rejected). See :func:`hsds_workspace` for the options.

    Raises:
        DataFileError: the package cannot be read or has no organizations table.
    """
    package = read_hsds_package(path, name)
    return hsds_workspace(
        package,
        term_map=term_map,
        default_category=default_category,
        default_sector=default_sector,
        base=base,
        mode=mode,
    )
