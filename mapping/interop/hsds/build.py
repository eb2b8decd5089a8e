"""Import step: the partner and service rows of the workspace, built from the indexed
tables (before the checks every upload goes through)."""

from __future__ import annotations

from collections import defaultdict

from mapping.data import schema as s
from mapping.data.reading import RawTable
from mapping.interop import crosswalk as cw
from mapping.interop.address_text import is_po_box, parse_one_line
from mapping.interop.hsds.base import (
    _CLOSED,
    _CONFIDENTIAL_TEXT,
    _FAX,
    _SERVICE_COLUMNS,
    _one_line,
    _pick_labelled_phone,
    _Place,
    _Row,
    _split_list,
)
from mapping.interop.hsds.package import (
    CONTACT,
    F_CAPACITY,
    F_POPULATION,
    F_RADIUS,
    F_SECTOR,
    F_TRAUMA,
    LOCATION,
    ORGANIZATION,
    ORGANIZATION_VALUE_FIELDS,
    PHONE,
    SERVICE,
)
from mapping.interop.hsds.taxonomy import TermsStep


class BuildStep(TermsStep):
    """Partner and service rows."""

    def _build_services(self) -> list[_Row]:
        rows: list[_Row] = []
        self.service_rows: dict[str, list[int]] = defaultdict(list)  # service id -> internal rows
        self.service_categories: dict[str, list[str]] = defaultdict(list)  # org id -> categories
        self.uncategorized = {}
        self.uncategorised_terms: dict[str, tuple[str, ...]] = {}  # service row id -> terms
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
                # Never kept out for its category alone (issue 16): it loads as "Not yet
                # categorised", is listed, and is categorised per term later.
                self.uncategorized[sid] = [t.name for t in terms]
                category = s.UNCATEGORISED
                shown = "; ".join(dict.fromkeys(t.name for t in terms))
                self.add(
                    table.file,
                    num,
                    "taxonomy terms",
                    shown or None,
                    (
                        f"none of this service's taxonomy terms ({shown}) maps to a dashboard "
                        if shown
                        else "this service has no taxonomy term, and its name names no "
                    )
                    + f"category, so it was loaded as '{s.UNCATEGORISED}'. Choose a category "
                    "for its terms under 'Services not yet categorised' on the Import tab (all "
                    "services with the same term at once), or on the Edit tab.",
                    "warning",
                    "uncategorised",
                )
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
                if sid in self.uncategorized:
                    row_origins[s.CATEGORY] = (table.file, num, "taxonomy terms")
                    self.uncategorised_terms[cell_row[s.SERVICE_ID]] = tuple(
                        dict.fromkeys(self.uncategorized[sid])
                    )
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
            for code, column in ORGANIZATION_VALUE_FIELDS:
                values = self._dash_values(org, code)
                if values:
                    out[column] = values[0][0]
                    origins[column] = (values[0][1], values[0][2], "value")
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
