"""Write a Workspace as an Open Referral HSDS 3.0 package: CSV files and datapackage.json.

The package is plain HSDS 3.0 for other systems (a 211 line, a city directory, an HSDS
validator), and :func:`mapping.interop.hsds.import_hsds` reads it back with nothing lost:

* Every partner is an organization with one location, its *partner location*; a service at
  its partner's location is linked there by ``service_at_location``, a service elsewhere
  gets its own location. Ids are the dashboard's own partner and service ids.
* What HSDS has no column for (a partner's sector, a service's category, populations,
  trauma-informed care, radius, capacity, and which location is the partner's) is written
  as HSDS attributes: rows of ``attributes.csv`` linking the organization, service or
  location to a term of this dashboard's taxonomy (``taxonomies.csv`` id
  ``community-resource-map``). Other HSDS tools see ordinary taxonomy terms ("Legal aid").
* **Confidential locations** are written with no street address (``address_1`` empty) and
  no coordinates, only city, state and ZIP code, and are marked three ways: the location's
  name ends in "(confidential location)", its description says so
  (:data:`~mapping.interop.hsds.package.CONFIDENTIAL_NOTE`), and a ``confidential_location``
  attribute with value ``true`` links it; the importer reads the attribute (and the name).
* Relationships between partners have no HSDS table; they travel as this dashboard's own
  ``relationships.csv`` (docs/data-format.md), listed in datapackage.json. HSDS tools
  ignore it.

CSV files are UTF-8 with CRLF line ends (RFC 4180). Cells that Excel would run as a
formula are prefixed with an apostrophe (see :mod:`mapping.data.exports`); phone numbers such as
``+44 1234 234567`` are left alone.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from mapping.data import schema as s
from mapping.data.exports import frame_csv
from mapping.data.normalize import split_list
from mapping.data.workspace import Workspace
from mapping.interop.address_text import split_street_lines
from mapping.interop.hsds.package import (
    CONFIDENTIAL_NOTE,
    DASHBOARD_TAXONOMY_ID,
    DASHBOARD_TAXONOMY_NAME,
    F_BARRIERS,
    F_CAPACITY,
    F_CATEGORY,
    F_CONFIDENTIAL,
    F_EXPERTISE,
    F_FUNDS,
    F_PARTNER_LOCATION,
    F_POPULATION,
    F_RADIUS,
    F_SECTOR,
    F_SUCCESSES,
    F_TRAUMA,
    ORGANIZATION_VALUE_FIELDS,
    RELATIONSHIPS_FILE,
    TERM_ID_PREFIX,
)

HSDS_VERSION = "3.0.0"
CONFIDENTIAL_SUFFIX = " (confidential location)"

# HSDS 3.0 tables written, in the specification's column order (required columns marked).
_TABLES: dict[str, tuple[str, tuple[tuple[str, bool], ...]]] = {
    "organizations.csv": (
        "organization",
        (
            ("id", True),
            ("name", True),
            ("alternate_name", False),
            ("description", True),
            ("email", False),
            ("website", False),
            ("tax_status", False),
            ("tax_id", False),
            ("year_incorporated", False),
            ("legal_status", False),
            ("logo", False),
            ("uri", False),
            ("parent_organization_id", False),
        ),
    ),
    "services.csv": (
        "service",
        (
            ("id", True),
            ("organization_id", True),
            ("program_id", False),
            ("name", True),
            ("alternate_name", False),
            ("description", False),
            ("url", False),
            ("email", False),
            ("status", True),
            ("interpretation_services", False),
            ("application_process", False),
            ("fees_description", False),
            ("wait_time", False),
            ("fees", False),
            ("accreditations", False),
            ("eligibility_description", False),
            ("minimum_age", False),
            ("maximum_age", False),
            ("assured_date", False),
            ("assurer_email", False),
            ("licenses", False),
            ("alert", False),
            ("last_modified", False),
        ),
    ),
    "locations.csv": (
        "location",
        (
            ("id", True),
            ("location_type", True),
            ("url", False),
            ("organization_id", False),
            ("name", False),
            ("alternate_name", False),
            ("description", False),
            ("transportation", False),
            ("latitude", False),
            ("longitude", False),
            ("external_identifier", False),
            ("external_identifier_type", False),
        ),
    ),
    "addresses.csv": (
        "address",
        (
            ("id", True),
            ("location_id", False),
            ("attention", False),
            ("address_1", True),
            ("address_2", False),
            ("city", True),
            ("region", False),
            ("state_province", True),
            ("postal_code", True),
            ("country", True),
            ("address_type", True),
        ),
    ),
    "service_at_location.csv": (
        "service_at_location",
        (("id", True), ("service_id", True), ("location_id", True), ("description", False)),
    ),
    "phones.csv": (
        "phone",
        (
            ("id", True),
            ("location_id", False),
            ("service_id", False),
            ("organization_id", False),
            ("contact_id", False),
            ("service_at_location_id", False),
            ("number", True),
            ("extension", False),
            ("type", False),
            ("description", False),
        ),
    ),
    "contacts.csv": (
        "contact",
        (
            ("id", True),
            ("organization_id", False),
            ("service_id", False),
            ("service_at_location_id", False),
            ("location_id", False),
            ("name", False),
            ("title", False),
            ("department", False),
            ("email", False),
        ),
    ),
    "languages.csv": (
        "language",
        (
            ("id", True),
            ("service_id", False),
            ("location_id", False),
            ("phone_id", False),
            ("name", False),
            ("code", False),
            ("note", False),
        ),
    ),
    "taxonomies.csv": (
        "taxonomy",
        (("id", True), ("name", True), ("description", True), ("uri", False), ("version", False)),
    ),
    "taxonomy_terms.csv": (
        "taxonomy_term",
        (
            ("id", True),
            ("code", False),
            ("name", True),
            ("description", True),
            ("parent_id", False),
            ("taxonomy", False),
            ("language", False),
            ("taxonomy_id", False),
            ("term_uri", False),
        ),
    ),
    "attributes.csv": (
        "attribute",
        (
            ("id", True),
            ("link_id", True),
            ("taxonomy_term_id", True),
            ("link_type", False),
            ("link_entity", True),
            ("value", False),
        ),
    ),
}
_FOREIGN_KEYS = {
    "services.csv": (("organization_id", "organization"),),
    "locations.csv": (("organization_id", "organization"),),
    "addresses.csv": (("location_id", "location"),),
    "service_at_location.csv": (("service_id", "service"), ("location_id", "location")),
    "phones.csv": (("organization_id", "organization"),),
    "contacts.csv": (("organization_id", "organization"),),
    "languages.csv": (("service_id", "service"), ("location_id", "location")),
    "taxonomy_terms.csv": (("taxonomy_id", "taxonomy"),),
    "attributes.csv": (("taxonomy_term_id", "taxonomy_term"),),
}
# This dashboard's fields that carry a value, and how their term reads in other tools.
_VALUE_TERMS = {
    F_TRAUMA: "Trauma-informed care (true or false)",
    F_RADIUS: "Service radius in miles",
    F_CAPACITY: "Capacity",
    F_CONFIDENTIAL: "Confidential location: street address and coordinates withheld",
    F_PARTNER_LOCATION: "The partner organization's own location",
    F_EXPERTISE: "Skills and areas of expertise to share (separated by |)",
    F_FUNDS: "Service categories the organization funds (separated by |)",
    F_SUCCESSES: "Successes the organization has experienced",
    F_BARRIERS: "Barriers the organization has experienced",
}
_TERM_DESCRIPTIONS = {
    F_SECTOR: "Sector of the organization (community resource map)",
    F_CATEGORY: "Service category (community resource map)",
    F_POPULATION: "Group served (community resource map)",
}
_FORMULA_START = ("=", "@", "\t", "\r")
_PHONE_OR_NUMBER = re.compile(r"^[+\-][\d\s().\-/]+$")


def hsds_safe(value: str) -> str:
    """Prefix a cell Excel would run as a formula with an apostrophe; the dashboard's
    readers remove it again. '+1 412 555 0100' and '-79.99' are left as they are."""
    if value.startswith(_FORMULA_START) or (
        value.startswith(("+", "-")) and not _PHONE_OR_NUMBER.match(value)
    ):
        return "'" + value
    return value


def _text(value: object) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value).removesuffix(".0")
    return str(value)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "term"


def _language_code(label: str) -> str:
    term = next((t for t in s.LANGUAGES_VOCAB.terms if t.label == label), None)
    if term is None:
        return ""
    return next((syn for syn in term.synonyms if re.fullmatch(r"[a-z]{2}", syn)), "")


class _Writer:
    """Rows of each table, built from a workspace."""

    def __init__(self, ws: Workspace, include_contacts: bool) -> None:
        self.ws = ws
        self.include_contacts = include_contacts
        self.rows: dict[str, list[dict[str, str]]] = {name: [] for name in _TABLES}
        self.terms: dict[str, dict[str, str]] = {}

    def add(self, table: str, **cells: object) -> None:
        self.rows[table].append({k: _text(v) for k, v in cells.items()})

    def term(self, code: str, label: str) -> str:
        """The id of this dashboard's term (code, label), added to taxonomy_terms once."""
        if code in _VALUE_TERMS:
            term_id, name, description = f"{TERM_ID_PREFIX}field:{code}", _VALUE_TERMS[code], ""
        else:
            term_id, name = f"{TERM_ID_PREFIX}{code}:{_slug(label)}", label
            description = _TERM_DESCRIPTIONS[code]
        if term_id not in self.terms:
            self.terms[term_id] = {
                "id": term_id,
                "code": code,
                "name": name,
                "description": description or name,
                "taxonomy": DASHBOARD_TAXONOMY_NAME,
                "language": "en",
                "taxonomy_id": DASHBOARD_TAXONOMY_ID,
            }
        return term_id

    def attribute(
        self, entity: str, link: str, code: str, label: str = "", value: str = ""
    ) -> None:
        self.add(
            "attributes.csv",
            id=f"attribute-{len(self.rows['attributes.csv']) + 1}",
            link_id=link,
            taxonomy_term_id=self.term(code, label),
            link_entity=entity,
            value=value,
        )

    def location(self, loc_id: str, org: str, name: str, row: pd.Series, *, partner: bool) -> None:
        """A location (and its address) from a row's location columns."""
        private = bool(row[s.CONFIDENTIAL])
        lat, lon = row[s.LATITUDE], row[s.LONGITUDE]
        self.add(
            "locations.csv",
            id=loc_id,
            location_type="physical",
            organization_id=org,
            name=name + (CONFIDENTIAL_SUFFIX if private else ""),
            description=CONFIDENTIAL_NOTE if private else "",
            latitude="" if private else lat,
            longitude="" if private else lon,
        )
        street = "" if private else row[s.ADDRESS]
        # Address lines stay apart (issue 16): "401 NW 2nd Avenue" and "North tower, suite
        # n314" go to address_1 and address_2, which the import joins again.
        line_1, line_2 = split_street_lines(street)
        if any((street, row[s.CITY], row[s.STATE], row[s.ZIP])):
            self.add(
                "addresses.csv",
                id=f"address-{loc_id}",
                location_id=loc_id,
                address_1=line_1,
                address_2=line_2,
                city=row[s.CITY],
                state_province=row[s.STATE],
                postal_code=row[s.ZIP],
                country="US",
                address_type="physical",
            )
        if partner:
            self.attribute("location", loc_id, F_PARTNER_LOCATION, value="true")
        if private:
            self.attribute("location", loc_id, F_CONFIDENTIAL, value="true")

    def languages(self, owner: str, labels: list[str], *, service: bool) -> None:
        for i, label in enumerate(labels, start=1):
            self.add(
                "languages.csv",
                id=f"language-{owner}-{i}",
                service_id=owner if service else "",
                location_id="" if service else f"partner-location-{owner}",
                name=label,
                code=_language_code(label),
            )

    def partners(self) -> None:
        for _, p in self.ws.partners.iterrows():
            pid = p[s.PARTNER_ID]
            email = p[s.CONTACT_EMAIL] if self.include_contacts else ""
            self.add(
                "organizations.csv",
                id=pid,
                name=p[s.NAME],
                description=p[s.NOTES],
                email=email,
                website=p[s.WEBSITE],
            )
            self.location(f"partner-location-{pid}", pid, p[s.NAME], p, partner=True)
            self.attribute("organization", pid, F_SECTOR, p[s.SECTOR])
            for code, column in ORGANIZATION_VALUE_FIELDS:
                if p[column]:
                    self.attribute("organization", pid, code, value=p[column])
            for pop in split_list(p[s.POPULATIONS]):
                self.attribute("organization", pid, F_POPULATION, pop)
            self.languages(pid, split_list(p[s.LANGUAGES]), service=False)
            if self.include_contacts and p[s.PHONE]:
                self.add(
                    "phones.csv",
                    id=f"phone-{pid}",
                    organization_id=pid,
                    number=p[s.PHONE],
                    type="voice",
                )
            if self.include_contacts and p[s.CONTACT_NAME]:
                self.add(
                    "contacts.csv",
                    id=f"contact-{pid}",
                    organization_id=pid,
                    name=p[s.CONTACT_NAME],
                    email=email,
                )

    def services(self) -> None:
        for _, v in self.ws.services.iterrows():
            sid, pid = v[s.SERVICE_ID], v[s.PARTNER_ID]
            self.add(
                "services.csv",
                id=sid,
                organization_id=pid,
                name=v[s.NAME],
                description=v[s.DESCRIPTION],
                status="active",
                fees_description=v[s.COST],
                eligibility_description=v[s.ELIGIBILITY],
            )
            if v[s.AT_PARTNER_LOCATION]:
                loc_id = f"partner-location-{pid}"
            else:
                loc_id = f"service-location-{sid}"
                self.location(loc_id, pid, v[s.NAME] or sid, v, partner=False)
            self.add(
                "service_at_location.csv",
                id=f"service-at-location-{sid}",
                service_id=sid,
                location_id=loc_id,
            )
            self.attribute("service", sid, F_CATEGORY, v[s.CATEGORY])
            for pop in split_list(v[s.POPULATIONS]):
                self.attribute("service", sid, F_POPULATION, pop)
            trauma = v[s.TRAUMA_INFORMED]
            if trauma is not pd.NA and not pd.isna(trauma):
                self.attribute("service", sid, F_TRAUMA, value="true" if trauma else "false")
            if not pd.isna(v[s.RADIUS]):
                self.attribute("service", sid, F_RADIUS, value=_text(float(v[s.RADIUS])))
            if v[s.CAPACITY]:
                self.attribute("service", sid, F_CAPACITY, value=v[s.CAPACITY])
            self.languages(sid, split_list(v[s.LANGUAGES]), service=True)

    def frames(self) -> dict[str, pd.DataFrame]:
        self.partners()
        self.services()
        self.rows["taxonomy_terms.csv"] = list(self.terms.values())
        self.rows["taxonomies.csv"] = [
            {
                "id": DASHBOARD_TAXONOMY_ID,
                "name": DASHBOARD_TAXONOMY_NAME,
                "description": "Sectors, service categories, groups served and other fields of "
                "the community resource map dashboard that HSDS has no column for.",
                "version": "1",
            }
        ]
        out = {}
        for name, (_, fields) in _TABLES.items():
            columns = [f for f, _ in fields]
            records = self.rows[name]
            out[name] = pd.DataFrame(
                {c: [r.get(c, "") for r in records] for c in columns}, dtype=object
            )
        return out


def hsds_frames(ws: Workspace, *, include_contacts: bool = False) -> dict[str, pd.DataFrame]:
    """The HSDS 3.0 tables of a workspace (file name -> text frame, spec column order)."""
    return _Writer(ws, include_contacts).frames()


def _csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(list(df.columns))
    for record in df.itertuples(index=False):
        writer.writerow([hsds_safe(str(v)) for v in record])
    return buf.getvalue().encode("utf-8")


def datapackage(frames: dict[str, pd.DataFrame]) -> dict[str, object]:
    """datapackage.json for the package: each resource's fields, keys and references."""
    resources: list[dict[str, object]] = []
    for name, (resource, fields) in _TABLES.items():
        schema: dict[str, object] = {
            "fields": [
                {
                    "name": f,
                    "type": "number" if f in ("latitude", "longitude") else "string",
                    "constraints": {"required": req},
                }
                for f, req in fields
            ],
            "primaryKey": "id",
        }
        keys = _FOREIGN_KEYS.get(name)
        if keys:
            schema["foreignKeys"] = [
                {"fields": f, "reference": {"resource": res, "fields": "id"}} for f, res in keys
            ]
        resources.append(
            {
                "name": resource,
                "path": name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
                "rows": len(frames[name]),
            }
        )
    resources.append(
        {
            "name": "partnership_relationship",
            "path": RELATIONSHIPS_FILE,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "description": "Not part of HSDS: the working relationships between the "
            "organizations (source_id, target_id, level, type, trust, since, notes), in the "
            "community resource map's own format.",
            "schema": {
                "fields": [
                    {"name": c.name, "type": "string", "constraints": {"required": c.required}}
                    for c in s.RELATIONSHIPS_SPEC.columns
                ]
            },
        }
    )
    return {
        "name": "community-resource-map-hsds",
        "title": "Community resource map (Open Referral HSDS 3.0)",
        "description": (
            "Partners and services of a community resource map, in the Open Referral Human "
            "Services Data Specification 3.0 (https://docs.openreferral.org). Sectors, "
            "categories and other fields HSDS has no column for are attributes linked to "
            f"terms of the '{DASHBOARD_TAXONOMY_ID}' taxonomy. Confidential locations have no "
            "street address or coordinates and are marked by a 'confidential_location' "
            "attribute and by their name and description."
        ),
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "resources": resources,
    }


def _package(ws: Workspace, include_contacts: bool) -> Iterator[tuple[str, bytes]]:
    frames = hsds_frames(ws, include_contacts=include_contacts)
    for name, df in frames.items():
        yield name, _csv_bytes(df)
    relationships = ws.relationships
    yield RELATIONSHIPS_FILE, frame_csv(relationships, s.RELATIONSHIPS_SPEC)
    yield "datapackage.json", (json.dumps(datapackage(frames), indent=2) + "\n").encode("utf-8")


def export_hsds(ws: Workspace, folder: str | Path, *, include_contacts: bool = False) -> list[Path]:
    """Write the workspace as an HSDS 3.0 package into ``folder`` (created if needed).

    Returns the files written. With ``include_contacts=False`` contact names, emails and
    phone numbers are left out. See the module docstring for what goes where.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in _package(ws, include_contacts):
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def hsds_zip(ws: Workspace, *, include_contacts: bool = False) -> bytes:
    """The HSDS 3.0 package as a zip (for a download button)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _package(ws, include_contacts):
            zf.writestr(name, data)
    return buf.getvalue()
