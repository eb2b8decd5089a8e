"""Read an Open Referral HSDS package as it really arrives: a folder, a zip or loose CSVs.

HSDS (the Human Services Data Specification, https://docs.openreferral.org) describes a
resource directory as linked tables. Three generations are in use, and this module reads
them all into one shape (:class:`HsdsPackage`, tables keyed by *entity*):

* **HSDS 3.x**: ``organizations``, ``services``, ``locations``, ``addresses``,
  ``service_at_location``, ``phones``, ``languages``, ``taxonomy_terms``, ``taxonomies``
  and ``attributes`` (which link taxonomy terms to services), usually with a
  ``datapackage.json`` that names each resource's file.
* **HSDS 2.0**: ``physical_addresses``/``postal_addresses``, ``services_at_location``,
  ``services_taxonomy`` and ``taxonomy``.
* **HSDS 1.x / Ohana API**: services carry ``location_id``; ``addresses`` and
  ``mail_addresses``; ``taxonomy`` with ``taxonomy_id``; ``taxonomy_ids`` and ``keywords``
  on services.

Flat exports made *for* HSDS conversion (the hsds-transformer's inputs: ``organization_uuid``,
``location_address`` ...) and human-readable headers ("Organization ID", "Title") are read
through the column aliases in :data:`FIELDS`.

Reading reports what real exports get wrong, as :class:`~mapping.data.errors.Problem` records
naming the file, row and column: rows with more or fewer cells than the header, cells padded
with spaces, and a literal backslash-n (``\\n``) where a line break was meant. Those are
fixed on the way in (trimmed, turned into real line breaks) and reported once per column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mapping.data import schema as s
from mapping.data.errors import DataFileError, Problem
from mapping.data.headers import header_key
from mapping.data.reading import (
    CHECK_EVERY,
    MAX_BYTES,
    checkpoint,
    clean_cell,
    decode_text,
    sniff_delimiter,
    zip_members,
)
from mapping.interop.hsds.datapackage import read_datapackage

# ------------------------------------------------------------------ this dashboard's fields
# HSDS has no column for a partner's sector, a service's category, populations, trauma-
# informed care, radius, capacity, or a confidential location. The export writes them as
# HSDS *attributes* that link a term of this taxonomy to the organization, service or
# location; the importer reads them back. Other HSDS tools see ordinary taxonomy terms.
DASHBOARD_TAXONOMY_ID = "community-resource-map"
DASHBOARD_TAXONOMY_NAME = "Community resource map"
TERM_ID_PREFIX = "crm:"
F_SECTOR = "sector"
F_CATEGORY = "category"
F_POPULATION = "population"
F_TRAUMA = "trauma_informed"
F_RADIUS = "service_radius_miles"
F_CAPACITY = "capacity"
F_CONFIDENTIAL = "confidential_location"
F_PARTNER_LOCATION = "partner_location"
# An organization's expertise, what it funds, its successes and barriers (issue 17): HSDS
# has no field for them, so each travels as one value attribute (lists joined by |).
F_EXPERTISE = "expertise"
F_FUNDS = "funds"
F_SUCCESSES = "successes"
F_BARRIERS = "barriers"
ORGANIZATION_VALUE_FIELDS = (
    (F_EXPERTISE, s.EXPERTISE),
    (F_FUNDS, s.FUNDS),
    (F_SUCCESSES, s.SUCCESSES),
    (F_BARRIERS, s.BARRIERS),
)
# The relationships between partners travel in the package as this dashboard's own
# relationships.csv (docs/data-format.md): HSDS has no table for links between organizations.
RELATIONSHIPS_FILE = s.RELATIONSHIPS
CONFIDENTIAL_NOTE = (
    "Confidential location: the street address and exact coordinates are withheld to keep "
    "the people it serves safe; it is shown only at its city or ZIP code."
)

# Header keys of columns that hold a street address or coordinates: a confidential
# location's values in them are never quoted back (problems, rows kept out).
STREET_KEYS = frozenset(
    {
        *("address", "address_1", "address1", "address_2", "address2", "address_3"),
        *("address_4", "street", "location_address", "physical_address", "full_address"),
        *("mailing_address", "latitude", "longitude", "lat", "lon", "long", "lng"),
    }
)

# ------------------------------------------------------------------ entities and columns
ORGANIZATION = "organization"
SERVICE = "service"
LOCATION = "location"
ADDRESS = "address"
POSTAL_ADDRESS = "postal_address"
SERVICE_AT_LOCATION = "service_at_location"
PHONE = "phone"
CONTACT = "contact"
LANGUAGE = "language"
TAXONOMY_TERM = "taxonomy_term"
TAXONOMY = "taxonomy"
ATTRIBUTE = "attribute"
SERVICE_TAXONOMY = "service_taxonomy"
ELIGIBILITY = "eligibility"

# File stems (any case, singular or plural) and the entity each holds.
_STEMS: dict[str, str] = {
    "organization": ORGANIZATION,
    "organizations": ORGANIZATION,
    "organisation": ORGANIZATION,
    "organisations": ORGANIZATION,
    "service": SERVICE,
    "services": SERVICE,
    "location": LOCATION,
    "locations": LOCATION,
    "address": ADDRESS,
    "addresses": ADDRESS,
    "physical_address": ADDRESS,
    "physical_addresses": ADDRESS,
    "postal_address": POSTAL_ADDRESS,
    "postal_addresses": POSTAL_ADDRESS,
    "mail_address": POSTAL_ADDRESS,
    "mail_addresses": POSTAL_ADDRESS,
    "service_at_location": SERVICE_AT_LOCATION,
    "service_at_locations": SERVICE_AT_LOCATION,
    "services_at_location": SERVICE_AT_LOCATION,
    "services_at_locations": SERVICE_AT_LOCATION,
    "phone": PHONE,
    "phones": PHONE,
    "contact": CONTACT,
    "contacts": CONTACT,
    "language": LANGUAGE,
    "languages": LANGUAGE,
    "taxonomy_term": TAXONOMY_TERM,
    "taxonomy_terms": TAXONOMY_TERM,
    "taxonomies": TAXONOMY,
    "taxonomy": TAXONOMY,  # 2.0 and Ohana: a list of terms; decided by its header
    "attribute": ATTRIBUTE,
    "attributes": ATTRIBUTE,
    "service_taxonomy": SERVICE_TAXONOMY,
    "services_taxonomy": SERVICE_TAXONOMY,
    "eligibility": ELIGIBILITY,
    "eligibilities": ELIGIBILITY,
}
# HSDS tables the dashboard has no place for, and what they hold (said in the report).
NOT_USED: dict[str, str] = {
    "schedules": "opening hours",
    "regular_schedules": "opening hours",
    "holiday_schedules": "holiday hours",
    "programs": "programs",
    "funding": "funding sources",
    "service_areas": "service areas",
    "required_documents": "required documents",
    "accessibility": "accessibility details",
    "accessibility_for_disabilities": "accessibility details",
    "metadata": "change history",
    "meta_table_descriptions": "table descriptions",
    "cost_options": "cost options",
    "organization_identifiers": "organization identifiers",
    "payments_accepted": "payment options",
    "url": "extra web addresses",
    "urls": "extra web addresses",
    "units": "units of measure",
    "service_capacity": "service capacity",
}

# Each entity's fields and the header names that may hold them, in order of preference.
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    ORGANIZATION: {
        "id": ("id", "organization_id", "organization_uuid", "org_id", "uuid"),
        "name": ("name", "organization_name", "title", "org_name"),
        "description": ("description", "organization_description", "body"),
        "email": ("email", "organization_email"),
        "website": ("website", "url", "organization_url", "website_address"),
        "phone": ("phone", "phones", "phone_number", "organization_phone"),
        "address": ("physical_address", "address", "organization_address"),
        "mailing_address": ("mailing_address", "postal_address"),
    },
    SERVICE: {
        "id": ("id", "service_uuid", "services_id", "service_id"),
        "organization_id": ("organization_id", "organization_uuid"),
        "location_id": ("location_id",),
        "name": ("name", "service_name", "title"),
        "description": ("description", "service_description"),
        "eligibility": ("eligibility_description", "eligibility"),
        "fees": ("fees_description", "fees"),
        "email": ("email", "service_email"),
        "url": ("url", "service_url", "website_address"),
        "status": ("status",),
        "languages": ("languages",),
        "taxonomy_ids": ("taxonomy_ids",),
        "terms": (
            "keywords",
            "service_type",
            "category",
            "categories",
            "service_category",
            "taxonomy",
        ),
    },
    LOCATION: {
        "id": ("id", "location_uuid", "location_id"),
        "organization_id": ("organization_id", "organization_uuid"),
        "name": ("name", "location_name"),
        "description": ("description", "location_description"),
        "location_type": ("location_type",),
        "latitude": ("latitude", "lat"),
        "longitude": ("longitude", "long", "lng", "lon"),
        "address": ("location_address", "address", "physical_address", "full_address"),
        "address_1": ("address_1", "address1", "street"),
        "city": ("city",),
        "state_province": ("state_province", "state"),
        "postal_code": ("postal_code", "zip", "zip_code", "zipcode"),
        "phones": ("phones", "phone", "phone_number"),
        "languages": ("languages",),
    },
    ADDRESS: {
        "id": ("id",),
        "location_id": ("location_id",),
        "organization_id": ("organization_id",),
        "address_1": ("address_1", "address1", "address", "street"),
        "address_2": ("address_2", "address2"),
        "city": ("city",),
        "state_province": ("state_province", "state", "province"),
        "postal_code": ("postal_code", "zip", "zip_code", "postcode", "zipcode"),
        "country": ("country",),
        "address_type": ("address_type",),
    },
    POSTAL_ADDRESS: {},  # the same fields as ADDRESS (set below)
    SERVICE_AT_LOCATION: {
        "id": ("id",),
        "service_id": ("service_id",),
        "location_id": ("location_id",),
        "description": ("description",),
    },
    PHONE: {
        "id": ("id",),
        "organization_id": ("organization_id",),
        "location_id": ("location_id",),
        "service_id": ("service_id",),
        "contact_id": ("contact_id",),
        "service_at_location_id": ("service_at_location_id",),
        "number": ("number", "phone_number", "phone"),
        "extension": ("extension",),
        "type": ("type", "number_type"),
    },
    CONTACT: {
        "id": ("id",),
        "organization_id": ("organization_id",),
        "location_id": ("location_id",),
        "service_id": ("service_id",),
        "service_at_location_id": ("service_at_location_id",),
        "name": ("name",),
        "email": ("email",),
    },
    LANGUAGE: {
        "id": ("id",),
        "service_id": ("service_id",),
        "location_id": ("location_id",),
        "phone_id": ("phone_id",),
        "name": ("name", "language"),
        "code": ("code",),
    },
    TAXONOMY_TERM: {
        "id": ("id", "taxonomy_id"),
        "code": ("code",),
        "name": ("name", "term"),
        "parent_id": ("parent_id",),
        "taxonomy": ("taxonomy", "vocabulary"),
        "taxonomy_id": ("taxonomy_id",),
    },
    TAXONOMY: {"id": ("id",), "name": ("name",), "uri": ("uri",)},
    ATTRIBUTE: {
        "id": ("id",),
        "link_id": ("link_id",),
        "taxonomy_term_id": ("taxonomy_term_id",),
        "link_type": ("link_type",),
        "link_entity": ("link_entity",),
        "value": ("value",),
    },
    SERVICE_TAXONOMY: {
        "id": ("id",),
        "service_id": ("service_id",),
        "taxonomy_id": ("taxonomy_id", "taxonomy_term_id"),
        "taxonomy_detail": ("taxonomy_detail",),
    },
    ELIGIBILITY: {
        "id": ("id",),
        "service_id": ("service_id",),
        "eligibility": ("eligibility",),
    },
}

FIELDS[POSTAL_ADDRESS] = FIELDS[ADDRESS]


@dataclass
class HsdsTable:
    """One HSDS table: its rows as text, and which column holds each field.

    ``rows`` holds ``(row_number, cells)`` (row 1 is the first record under the header;
    blank records keep their number). ``where`` maps a field of :data:`FIELDS` to the
    column index that holds it.
    """

    file: str
    entity: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    where: dict[str, int] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.where

    def get(self, cells: list[str], name: str) -> str:
        i = self.where.get(name)
        return cells[i] if i is not None else ""

    def column(self, name: str) -> str:
        """The header text of a field's column (for messages), or the field name."""
        i = self.where.get(name)
        return self.header[i] if i is not None else name

    def record(self, cells: list[str]) -> dict[str, str]:
        return dict(zip(self.header, cells, strict=False))

    @property
    def unused_columns(self) -> list[str]:
        """Columns that hold data the dashboard does not read (empty ones lose nothing)."""
        used = set(self.where.values())
        return [
            h
            for i, h in enumerate(self.header)
            if h and i not in used and any(cells[i] for _, cells in self.rows)
        ]


@dataclass
class HsdsPackage:
    """Every table of an HSDS package, and what reading it found."""

    source: str
    layout: str
    tables: dict[str, HsdsTable]
    relationships: bytes | None = None
    not_used: dict[str, str] = field(default_factory=dict)  # file -> what it holds
    problems: list[Problem] = field(default_factory=list)
    version: str = ""
    digest: str = ""  # of the files read: the same package read twice has the same digest

    def table(self, entity: str) -> HsdsTable | None:
        return self.tables.get(entity)

    @property
    def files(self) -> list[str]:
        return [t.file for t in self.tables.values()]


# ------------------------------------------------------------------ collecting the files
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


def _files_of(
    source: str | Path | bytes | Mapping[str, bytes], name: str | None
) -> dict[str, bytes]:
    """File name -> bytes of a folder, a zip (path or bytes) or loose files."""
    if isinstance(source, Mapping):
        files = {PurePosixPath(k).name: v for k, v in source.items()}
        zips = [k for k in files if k.lower().endswith(".zip")]
        if len(files) == 1 and zips:
            return _files_of(files[zips[0]], zips[0])
        return files
    if isinstance(source, str | Path) and Path(source).is_dir():
        out = {}
        for child in sorted(Path(source).iterdir()):
            if child.is_file() and not child.name.startswith((".", "~$")):
                out[child.name] = child.read_bytes()
        return out
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise DataFileError(f"{path}: no such folder or file. Check the path.")
        data, label = path.read_bytes(), path.name
    else:
        data, label = source, name or "upload"
    if len(data) > MAX_BYTES:
        raise DataFileError(
            f"{label}: the file is {len(data) // (1024 * 1024)} MB; up to "
            f"{MAX_BYTES // (1024 * 1024)} MB are accepted. Split the package."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return {label: data}
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zip_members(zf, label)
        # The shallowest copy of each name wins (a package zipped with its folder, or
        # macOS's __MACOSX shadow files, must not count twice).
        for info in sorted(infos, key=lambda i: (i.filename.count("/"), i.filename)):
            base = PurePosixPath(info.filename).name
            if base.startswith(("._", "~$", ".")) or "__MACOSX" in info.filename:
                continue
            if base not in out:
                if info.file_size > MAX_BYTES:
                    raise DataFileError(f"{label}: {base} is too large to read.")
                out[base] = zf.read(info)
    if not out:
        raise DataFileError(f"{label}: the zip is empty. Zip the folder of HSDS CSV files.")
    return out


def _datapackage_paths(data: bytes, problems: list[Problem]) -> tuple[dict[str, str], str]:
    """Resource file name -> entity (by the resource's name), and the HSDS version it names."""
    names, version = read_datapackage(data, problems)
    paths = {path: _STEMS[key] for path, key in names.items() if key in _STEMS}
    return paths, version


# ------------------------------------------------------------------ reading one table
def _summary(file: str, column: str, rows: list[int], first: str, kind: str) -> Problem:
    n = len(rows)
    if kind == "quoted":
        message = (
            f"{n} value(s) in column '{column}' were wrapped in quotation marks that are part "
            f"of the value (first at row {rows[0]}); the marks were removed. The tool that "
            "wrote the file quoted them twice."
        )
    elif kind == "padded":
        message = (
            f"{n} value(s) in column '{column}' had spaces at the start or end (first at row "
            f"{rows[0]}); they were trimmed so that ids still match. Nothing to fix here; the "
            "tool that wrote the file adds them."
        )
    else:
        message = (
            f"{n} value(s) in column '{column}' held a literal \\n (backslash-n) instead of a "
            f"line break (first at row {rows[0]}); it was read as a line break. Check the "
            "export settings of the tool that wrote the file."
        )
    # A street address or coordinates might be a confidential location's: not quoted.
    shown = None if header_key(column) in STREET_KEYS else first
    return Problem(file, rows[0], column, shown, message, "warning", kind)


# A row needs a closer look (cell by cell) only if a cell starts or ends with a space, starts
# with a quotation mark or an apostrophe, or holds a backslash or a non-breaking space.
_JOIN = "\x1f"
_NEEDS_LOOK = re.compile(r"(?:^|\x1f)[\s\"']|\s(?:\x1f|$)|\\|\u00a0")


def read_hsds_table(data: bytes, file: str, entity: str) -> tuple[HsdsTable, list[Problem]]:
    """Parse one HSDS CSV into an :class:`HsdsTable` and the problems reading found."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataFileError(f"{file}: this is not a CSV table. Export the table as CSV.")
    text, _ = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    problems: list[Problem] = []
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    padded: dict[int, list[int]] = {}
    literal: dict[int, list[int]] = {}
    quoted: dict[int, list[int]] = {}
    first_value: dict[tuple[str, int], str] = {}
    number = 0
    try:
        records = list(reader)
    except csv.Error as exc:
        raise DataFileError(
            f"{file}: this does not read as a CSV table ({exc}). Export the table as CSV."
        ) from exc
    for count, found in enumerate(records):
        if count % CHECK_EVERY == 0:
            checkpoint()
        record = found
        if header is None:
            if any(c.strip() for c in record):
                header = [clean_cell(c.replace("\ufeff", "")) for c in record]
            continue
        number += 1
        if not any(c.strip() for c in record):
            continue
        width = len(header)
        if len(record) != width:
            extra = [c.strip() for c in record[width:] if c.strip()]
            if len(record) > width and extra:
                shown = " | ".join(extra)
                problems.append(
                    Problem(
                        file,
                        number,
                        None,
                        shown,
                        f"this row has {len(record)} cells but the header has {width} "
                        f"columns; the extra value(s) '{shown}' were not read. A comma inside "
                        "a value that is not in quotes usually causes this: quote the value.",
                        "warning",
                        "row_length",
                    )
                )
            elif len(record) < width:
                problems.append(
                    Problem(
                        file,
                        number,
                        header[len(record)] or None,
                        None,
                        f"this row has {len(record)} cells but the header has {width} "
                        f"columns; the missing {width - len(record)} cell(s) from column "
                        f"'{header[len(record)]}' on were read as empty. Check that no value "
                        "was shifted into the wrong column.",
                        "warning",
                        "row_length",
                    )
                )
            record = (record + [""] * width)[:width]
        if not _NEEDS_LOOK.search(_JOIN.join(record)):
            rows.append((number, list(record)))  # nothing to trim, unquote or unescape
            continue
        cells = []
        for i, raw in enumerate(record):
            value = raw
            if "\\n" in value:
                value = value.replace("\\r\\n", "\n").replace("\\n", "\n")
                literal.setdefault(i, []).append(number)
                first_value.setdefault(("literal", i), raw.strip())
            if value != value.strip() and value.strip():
                padded.setdefault(i, []).append(number)
                first_value.setdefault(("padded", i), raw)
            inner = value.strip()
            if len(inner) >= 2 and inner[0] == inner[-1] == '"':
                value = inner[1:-1]
                quoted.setdefault(i, []).append(number)
                first_value.setdefault(("quoted", i), inner)
            cells.append(clean_cell(value))
        rows.append((number, cells))
    if header is None:
        raise DataFileError(f"{file}: the file is empty (no header row).")
    for i, nums in padded.items():
        problems.append(_summary(file, header[i], nums, first_value[("padded", i)], "padded"))
    for i, nums in quoted.items():
        problems.append(_summary(file, header[i], nums, first_value[("quoted", i)], "quoted"))
    for i, nums in literal.items():
        problems.append(
            _summary(file, header[i], nums, first_value[("literal", i)], "literal_newline")
        )
    table = HsdsTable(file, entity, header, rows)
    keys = {header_key(h): i for i, h in reversed(list(enumerate(header))) if h}
    for name, aliases in FIELDS.get(entity, {}).items():
        for alias in aliases:
            if alias in keys and keys[alias] not in table.where.values():
                table.where[name] = keys[alias]
                break
    # A column holds one field: in Ohana's taxonomy.csv "taxonomy_id" is the term's own id,
    # in 3.x taxonomy_terms.csv it is the vocabulary's (the term's id is "id").
    return table, problems


def _entity_of(file: str, header_line: str, named: str | None = None) -> str | None:
    """The entity a file holds: the datapackage.json resource name (``named``) or the file
    name, checked against the header. "taxonomy" is a list of terms in HSDS 2.0 and 1.x but
    the list of vocabularies in 3.x, so its header decides, whichever name said it."""
    entity = named or _STEMS.get(header_key(PurePosixPath(file).stem))
    if entity in (TAXONOMY, TAXONOMY_TERM):
        keys = {header_key(h) for h in next(csv.reader([header_line]), [])}
        if keys & {"parent_id", "parent_name", "vocabulary", "taxonomy_id", "code"}:
            return TAXONOMY_TERM
        if keys and keys <= {"id", "name", "uri", "description", "version"}:
            return TAXONOMY
    return entity


def _detect_layout(tables: dict[str, HsdsTable], version: str) -> str:
    files = {header_key(PurePosixPath(t.file).stem) for t in tables.values()}
    org = tables.get(ORGANIZATION)
    flat = org is not None and any(
        header_key(h).startswith(("organization_uuid", "organization_name")) for h in org.header
    )
    three = bool(files & {"service_at_location", "taxonomy_terms", "attributes", "taxonomies"})
    two = bool(files & {"services_at_location", "physical_addresses", "services_taxonomy"})
    if version.startswith("3") and not two:
        return f"HSDS {version}"
    if version.startswith("2") and not three:
        return f"HSDS {version}"
    if three:
        return "HSDS 3.x"
    if two:
        return "HSDS 2.0"
    if flat:
        return "flat directory export (HSDS-transformer input)"
    service = tables.get(SERVICE)
    if service is not None and service.has("location_id"):
        return "HSDS 1.x (Ohana API)"
    return "HSDS 1.x"


def read_hsds_package(
    source: str | Path | bytes | Mapping[str, bytes], name: str | None = None
) -> HsdsPackage:
    """Read an HSDS package from a folder, a zip (path or bytes) or loose files.

    ``source`` may also be a mapping of file name -> bytes (the CSVs of a folder uploaded
    together). ``name`` labels bytes in messages.

    Raises:
        DataFileError: nothing readable, or no organizations table.
    """
    if name:
        label = name
    elif isinstance(source, str | Path):
        label = Path(source).name
    elif isinstance(source, Mapping) and source:
        names = sorted(PurePosixPath(k).name for k in source)
        label = names[0] if len(names) == 1 else f"{len(names)} files ({names[0]} ...)"
    else:
        label = "upload"
    files = _files_of(source, name)
    problems: list[Problem] = []
    by_path: dict[str, str] = {}
    version = ""
    for fname, data in files.items():
        if fname.lower() == "datapackage.json":
            by_path, version = _datapackage_paths(data, problems)
    tables: dict[str, HsdsTable] = {}
    not_used: dict[str, str] = {}
    relationships: bytes | None = None
    for fname in sorted(files, key=str.lower):
        data = files[fname]
        lower = fname.lower()
        if lower == "datapackage.json" or not lower.endswith(_TEXT_SUFFIXES):
            if lower != "datapackage.json":
                not_used[fname] = "not a CSV table"
            continue
        if lower == RELATIONSHIPS_FILE:
            relationships = data
            continue
        head = decode_text(data[:4096])[0].splitlines()[0] if data.strip() else ""
        entity = _entity_of(fname, head, by_path.get(fname))
        stem = header_key(PurePosixPath(fname).stem)
        if entity is None:
            not_used[fname] = NOT_USED.get(stem, "not part of HSDS")
            continue
        if entity in tables:
            not_used[fname] = f"a second {entity.replace('_', ' ')} table"
            continue
        table, found = read_hsds_table(data, fname, entity)
        tables[entity] = table
        problems.extend(found)
    if ORGANIZATION not in tables:
        raise DataFileError(
            f"{label}: no organizations table was found. An HSDS package has organizations.csv "
            "(with services.csv, locations.csv ...); zip the whole folder, or select all of its "
            "CSV files at once."
        )
    layout = _detect_layout(tables, version)
    digest = hashlib.sha256()
    for fname in sorted(files):
        digest.update(fname.encode() + b"\x00" + files[fname] + b"\x00")
    return HsdsPackage(
        source=label,
        layout=layout,
        tables=tables,
        relationships=relationships,
        not_used=not_used,
        problems=problems,
        version=version if layout == f"HSDS {version}" else "",
        digest=digest.hexdigest(),
    )


def looks_like_hsds(files: Mapping[str, bytes]) -> bool:
    """True when loose files (or one zip) look like an HSDS package rather than this
    dashboard's own partners/services/relationships files."""
    try:
        names = _files_of(files, None)
    except DataFileError:
        return False
    stems = {header_key(PurePosixPath(n).stem) for n in names}
    if "datapackage" in stems:
        return True
    if "partners" in stems:
        return False
    hsds_only = {k for k, v in _STEMS.items() if v not in (ORGANIZATION, SERVICE)} | set(NOT_USED)
    if stems & hsds_only:
        return True
    for fname, data in names.items():
        if _STEMS.get(header_key(PurePosixPath(fname).stem)) == SERVICE:
            head = {header_key(h) for h in decode_text(data[:4096])[0].splitlines()[0].split(",")}
            return bool(head & {"organization_id", "organization_uuid"}) and not (
                head & {"category", "partner_id"}
            )
    return False
