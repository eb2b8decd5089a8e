"""The state every import step shares: the package's tables indexed by id, the problems
found so far, rows kept out and why, and small helpers (no HSDS step of its own)."""

from __future__ import annotations

import dataclasses
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mapping.data import schema as s
from mapping.data.errors import Problem
from mapping.data.headers import header_key
from mapping.data.normalize import parse_number
from mapping.interop import crosswalk as cw
from mapping.interop.hsds.package import (
    ATTRIBUTE,
    DASHBOARD_TAXONOMY_ID,
    DASHBOARD_TAXONOMY_NAME,
    LOCATION,
    ORGANIZATION,
    SERVICE,
    STREET_KEYS,
    TAXONOMY_TERM,
    TERM_ID_PREFIX,
    HsdsPackage,
    HsdsTable,
)

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


class ImportBase:
    """The state of one import; see the module docstring for the rules."""

    # Set by the steps (declared here so every step can read them).
    orgs: dict[str, tuple[int, list[str]]]
    services: dict[str, tuple[int, list[str]]]
    locations: dict[str, tuple[int, list[str]]]
    terms_by_id: dict[str, tuple[int, list[str]]]
    service_terms: dict[str, list[Term]]
    service_rows_built: list[_Row]
    partner_rows_built: list[_Row]
    term_counts: dict[str, int]
    uncategorized: dict[str, list[str]]

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
