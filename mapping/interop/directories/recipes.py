"""Recipes: read any directory by saying which of its columns is which.

A :class:`Recipe` names, for each thing the dashboard needs (:data:`TARGETS`: the name,
the parent organization, the address, the ZIP code, the category or taxonomy term ...),
the column or columns of the file that hold it, and how to get the value out
(:class:`FieldRule`), as the open-source hsds-transformer's mapping files do with their
input field, split and strip:

* **join**: several columns are joined with a separator ("Address 1" + "Address 2");
* **split**: the cell is cut at a separator ("Food; Shelter" gives two terms); ``part``
  keeps one piece (1 the first, -1 the last), 0 keeps them all (a list target such as the
  taxonomy or languages gets every piece; any other target the first);
* **strip**: characters taken off both ends of each piece (spaces always are).

Rows: when a *parent organization* column is given, every row is a service of that
organization (partners are its distinct values, placed at their first service's
location); otherwise every row is an organization with one service at its location.
Ids: the *id* column when given, else made from the names (the same file gives the same
ids again, so a merge updates rather than duplicates).

A recipe is saved under a name in the workspace's settings (:data:`SETTING`), offered
again for a file with the same headers, and written to and read from a small JSON file
(:func:`recipe_json`, :func:`read_recipe`) so it can be shared with another partnership.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol, Unpack

from mapping.data import schema as s
from mapping.data.errors import DataFileError
from mapping.data.headers import header_key
from mapping.data.reading import RawTable
from mapping.interop.address_text import parse_address
from mapping.interop.directories.flat import (
    Built,
    Directory,
    Finishing,
    Sheet,
    copy_place,
    finish,
)

SETTING: Final = "import_recipes"
FORMAT_TAG: Final = "resource-map column recipe"
VERSION: Final = 1
LABEL: Final = "Directory read with a recipe"

# target -> (label shown in the app, contract column it fills, or '' for a special target)
TARGETS: Final = {
    "name": ("Name (of the service, or of the organization)", s.NAME),
    "parent": ("Parent organization (the organization a service belongs to)", ""),
    "address": ("Street address (or the whole address in one cell)", s.ADDRESS),
    "city": ("City", s.CITY),
    "state": ("State", s.STATE),
    "zip": ("ZIP code", s.ZIP),
    "taxonomy": ("Category or taxonomy term(s)", ""),
    "taxonomy_code": ("Taxonomy code(s), e.g. AIRS BD-1800.2000", ""),
    "latitude": ("Latitude", s.LATITUDE),
    "longitude": ("Longitude", s.LONGITUDE),
    "phone": ("Phone", s.PHONE),
    "email": ("Email", s.CONTACT_EMAIL),
    "website": ("Website", s.WEBSITE),
    "description": ("Description", s.DESCRIPTION),
    "eligibility": ("Eligibility", s.ELIGIBILITY),
    "languages": ("Languages", s.LANGUAGES),
    "confidential": ("Confidential location (yes/no): no street address kept", s.CONFIDENTIAL),
    "id": ("Record id (keeps ids stable between imports)", ""),
}
MAIN_TARGETS: Final = ("name", "parent", "address", "zip", "taxonomy")
_LISTS = frozenset({"taxonomy", "taxonomy_code", "languages"})
_PLACE = ("address", "city", "state", "zip", "latitude", "longitude", "confidential")
_PARTNER_ONLY = {"phone", "email", "website"}

# Header names a target is guessed from (header_key form), best first.
_GUESS: Final = {
    "name": ("service_name", "program_name", "program", "service", "name", "title"),
    "parent": (
        "parent_organization",
        "organization_name",
        "organization",
        "agency_name",
        "agency",
        "provider_name",
        "provider",
        "org_name",
    ),
    "address": ("address", "street_address", "address_1", "address1", "street", "full_address"),
    "city": ("city", "town"),
    "state": ("state", "state_province", "st"),
    "zip": ("zip", "zip_code", "zipcode", "postal_code", "postcode"),
    "taxonomy": (
        "category",
        "categories",
        "taxonomy",
        "taxonomy_terms",
        "service_type",
        "service_types",
        "type",
    ),
    "taxonomy_code": ("taxonomy_code", "taxonomy_codes", "airs_code"),
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "lng", "long", "x"),
    "phone": ("phone", "phone_number", "telephone"),
    "email": ("email", "email_address", "e_mail"),
    "website": ("website", "url", "web_site", "web"),
    "description": ("description", "details", "summary"),
    "eligibility": ("eligibility", "who_is_eligible"),
    "languages": ("languages", "language", "languages_spoken"),
    "confidential": ("confidential", "confidential_location", "confidential_address", "private"),
}


@dataclass(frozen=True)
class FieldRule:
    """Where one target's value comes from (see the module docstring)."""

    columns: tuple[str, ...]
    join: str = " "
    split: str = ""
    part: int = 0
    strip: str = ""

    def values(self, sheet: Sheet, cells: Sequence[str]) -> list[str]:
        joined = self.join.join(v for v in (sheet.get(cells, c) for c in self.columns) if v)
        pieces = [joined] if not self.split else joined.split(self.split)
        out = [p.strip().strip(self.strip).strip() if self.strip else p.strip() for p in pieces]
        out = [p for p in out if p]
        if self.part:
            index = self.part - 1 if self.part > 0 else self.part
            return [out[index]] if -len(out) <= index < len(out) else []
        return out


@dataclass(frozen=True)
class Recipe:
    """A named column mapping, made for a file with ``headers`` (header_key form)."""

    name: str
    headers: tuple[str, ...]
    fields: tuple[tuple[str, FieldRule], ...] = field(default_factory=tuple)

    @property
    def rules(self) -> dict[str, FieldRule]:
        return dict(self.fields)

    def columns(self) -> list[str]:
        """Every column the recipe reads, in order."""
        return list(dict.fromkeys(c for _, rule in self.fields for c in rule.columns))


# ---------------------------------------------------------------------------- files
def recipe_dict(recipe: Recipe) -> dict[str, Any]:
    return {
        "format": FORMAT_TAG,
        "version": VERSION,
        "name": recipe.name,
        "headers": list(recipe.headers),
        "fields": {
            target: {
                "columns": list(rule.columns),
                "join": rule.join,
                "split": rule.split,
                "part": rule.part,
                "strip": rule.strip,
            }
            for target, rule in recipe.fields
        },
    }


def recipe_json(recipe: Recipe) -> str:
    """The recipe as a small JSON file, to download and share."""
    return json.dumps(recipe_dict(recipe), indent=2, ensure_ascii=False)


def _recipe_from(raw: object, where: str) -> Recipe:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_TAG:
        raise DataFileError(
            f'{where}: this is not a column recipe of this dashboard (it has no "format": '
            f'"{FORMAT_TAG}"). Download a recipe from the Import tab and upload that file.'
        )
    name = str(raw.get("name") or "").strip()
    fields = raw.get("fields")
    if not name or not isinstance(fields, dict):
        raise DataFileError(f"{where}: the recipe has no name or no fields; download it again.")
    rules: list[tuple[str, FieldRule]] = []
    for target, spec in fields.items():
        if target not in TARGETS:
            raise DataFileError(
                f"{where}: field '{target}' is not one the dashboard knows; expected one of "
                f"{', '.join(TARGETS)}."
            )
        if not isinstance(spec, dict) or not isinstance(spec.get("columns"), list):
            raise DataFileError(f"{where}: field '{target}' has no list of columns.")
        try:
            part = int(spec.get("part", 0) or 0)
        except (TypeError, ValueError):
            raise DataFileError(
                f"{where}: field '{target}' has part {spec.get('part')!r}; expected a whole "
                "number (1 the first piece, -1 the last, 0 all)."
            ) from None
        columns = tuple(str(c) for c in spec["columns"] if str(c).strip())
        if columns:
            rules.append(
                (
                    target,
                    FieldRule(
                        columns,
                        str(spec.get("join", " ")),
                        str(spec.get("split", "")),
                        part,
                        str(spec.get("strip", "")),
                    ),
                )
            )
    if "name" not in dict(rules):
        raise DataFileError(f"{where}: the recipe says no column holds the name.")
    headers = tuple(str(h) for h in raw.get("headers") or ())
    return Recipe(name, headers, tuple(rules))


def read_recipe(data: str | bytes, name: str = "the recipe") -> Recipe:
    """A recipe from its JSON file.

    Raises:
        DataFileError: not JSON, not a recipe, or a field the dashboard does not know.
    """
    try:
        raw = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise DataFileError(
            f"{name}: not a JSON file. A recipe is the .json file the Import tab downloads."
        ) from None
    return _recipe_from(raw, name)


# ---------------------------------------------------------------------------- storage
class SettingsStore(Protocol):
    def get_setting(self, key: str, default: Any = None) -> Any: ...
    def set_setting(self, key: str, value: Any) -> None: ...


def load_recipes(store: SettingsStore) -> list[Recipe]:
    """The recipes saved in the workspace, by name; unreadable ones are skipped."""
    out: list[Recipe] = []
    for key, raw in sorted((store.get_setting(SETTING, {}) or {}).items()):
        try:
            out.append(_recipe_from(raw, f"saved recipe '{key}'"))
        except DataFileError:
            continue
    return out


def save_recipe(store: SettingsStore, recipe: Recipe) -> None:
    """Save (or replace) a recipe under its name."""
    saved = dict(store.get_setting(SETTING, {}) or {})
    saved[recipe.name] = recipe_dict(recipe)
    store.set_setting(SETTING, saved)


def delete_recipe(store: SettingsStore, name: str) -> None:
    saved = dict(store.get_setting(SETTING, {}) or {})
    saved.pop(name, None)
    store.set_setting(SETTING, saved)


def header_signature(header: Iterable[str]) -> tuple[str, ...]:
    """The headers of a file as a recipe remembers them."""
    return tuple(header_key(h) for h in header if h.strip())


def recipes_for(header: Sequence[str], recipes: Iterable[Recipe]) -> list[Recipe]:
    """Recipes that fit a file: made for the same headers first, then any whose columns
    the file has."""
    keys = header_signature(header)
    same, fitting = [], []
    for recipe in recipes:
        if set(recipe.headers) == set(keys):
            same.append(recipe)
        elif {header_key(c) for c in recipe.columns()} <= set(keys):
            fitting.append(recipe)
    return same + fitting


def guess_recipe(header: Sequence[str], name: str = "") -> Recipe:
    """A first mapping from the file's headers, for the user to correct."""
    by_key: dict[str, str] = {}
    for h in header:
        by_key.setdefault(header_key(h), h)
    rules: dict[str, FieldRule] = {}
    taken: set[str] = set()
    for target, names in _GUESS.items():
        for key in names:
            if key in by_key and by_key[key] not in taken:
                rules[target] = FieldRule((by_key[key],))
                taken.add(by_key[key])
                break
    if "name" not in rules and "parent" in rules:
        rules["name"] = rules.pop("parent")
    return Recipe(name, header_signature(header), tuple(rules.items()))


# ---------------------------------------------------------------------------- reading
def _slug(text: str) -> str:
    return s.normalize_key(text).replace(" ", "-")[:48].strip("-")


def _fitting_table(tables: Mapping[str, RawTable], recipe: Recipe) -> Sheet:
    needed = recipe.columns()
    best: tuple[int, Sheet] | None = None
    # The table the recipe was made for first (a workbook may have several that fit).
    ordered = sorted(
        tables.values(), key=lambda t: set(header_signature(t.header)) != set(recipe.headers)
    )
    for table in ordered:
        sheet = Sheet(table)
        missing = [c for c in needed if not sheet.has(c)]
        if not missing:
            return sheet
        if best is None or len(missing) < best[0]:
            best = (len(missing), sheet)
    if best is None:
        raise DataFileError("the upload holds no table to read with the recipe.")
    sheet = best[1]
    missing = [c for c in needed if not sheet.has(c)]
    raise DataFileError(
        f"{sheet.file}: recipe '{recipe.name}' reads the column(s) "
        f"{', '.join(repr(c) for c in missing)}, which this file does not have. Choose the "
        "columns again in the mapping step, or pick another recipe."
    )


class _Reader:
    def __init__(self, sheet: Sheet, recipe: Recipe) -> None:
        self.sheet, self.rules = sheet, recipe.rules
        self.d = Directory(f"{sheet.file} (recipe '{recipe.name}')", [sheet])
        self.ids: dict[str, int] = {}
        self.one_line = 0

    def _unique(self, base: str) -> str:
        base = base or "row"
        self.ids[base] = self.ids.get(base, 0) + 1
        return base if self.ids[base] == 1 else f"{base}-{self.ids[base]}"

    def _put(self, row: Built, target: str, num: int, cells: list[str]) -> None:
        rule = self.rules.get(target)
        column = TARGETS[target][1]
        if rule is None or not column:
            return
        values = rule.values(self.sheet, cells)
        value = "|".join(values) if target in _LISTS else (values[0] if values else "")
        row.put(column, value, self.sheet, num, rule.columns[0])

    def _terms(self, row: Built, num: int, cells: list[str]) -> None:
        names = self.rules["taxonomy"].values(self.sheet, cells) if "taxonomy" in self.rules else []
        codes = (
            self.rules["taxonomy_code"].values(self.sheet, cells)
            if "taxonomy_code" in self.rules
            else []
        )
        if len(names) == len(codes):
            row.terms = list(zip(names, codes, strict=True))
        else:
            row.terms = [(n, "") for n in names] + [("", c) for c in codes]
        target = "taxonomy" if "taxonomy" in self.rules else "taxonomy_code"
        if target in self.rules:
            row.origins["taxonomy"] = (self.sheet.file, num, self.rules[target].columns[0])

    def _place(self, row: Built, num: int, cells: list[str]) -> None:
        for target in _PLACE:
            self._put(row, target, num, cells)
        if row.cells.get(s.CONFIDENTIAL, "").lower() in s.TRUE_WORDS:
            # A row kept out is listed without its street and coordinates.
            self.sheet.private.add(num)
            for target in ("address", "latitude", "longitude"):
                if target in self.rules:
                    self.sheet.street.update(header_key(c) for c in self.rules[target].columns)
        street = row.cells.get(s.ADDRESS, "")
        if street and not (row.cells.get(s.CITY) or row.cells.get(s.ZIP)):
            parts = parse_address(street)
            if parts.how:
                self.one_line += 1
                for column, value in (
                    (s.ADDRESS, parts.street),
                    (s.CITY, parts.city),
                    (s.STATE, parts.state),
                    (s.ZIP, parts.zip),
                ):
                    if value:
                        row.put(column, value, self.sheet, num, self.rules["address"].columns[0])
                    elif column == s.ADDRESS:
                        row.cells.pop(s.ADDRESS, None)

    def build(self) -> Directory:
        sheet, d = self.sheet, self.d
        partners: dict[str, Built] = {}
        parent_rule = self.rules.get("parent")
        for num, cells in sheet.rows:
            name_values = self.rules["name"].values(sheet, cells)
            name = name_values[0] if name_values else ""
            given_id = self.rules["id"].values(sheet, cells) if "id" in self.rules else []
            service = Built((sheet.file, num))
            for target in ("name", "description", "eligibility", "languages"):
                self._put(service, target, num, cells)
            self._terms(service, num, cells)
            self._place(service, num, cells)
            if parent_rule is not None:
                parents = parent_rule.values(sheet, cells)
                parent = parents[0] if parents else ""
                key = s.normalize_key(parent)
                if key and key not in partners:
                    partner = Built((sheet.file, num))
                    partner.put(
                        s.PARTNER_ID,
                        self._unique(_slug(parent)),
                        sheet,
                        num,
                        parent_rule.columns[0],
                    )
                    partner.put(s.NAME, parent, sheet, num, parent_rule.columns[0])
                    for target in _PARTNER_ONLY:
                        self._put(partner, target, num, cells)
                    copy_place(partner, service)
                    partners[key] = partner
                    d.partners.append(partner)
                if key:
                    pid = partners[key].cells[s.PARTNER_ID]
                    service.put(s.PARTNER_ID, pid, sheet, num, parent_rule.columns[0])
                    if all(
                        service.cells.get(c) == partners[key].cells.get(c)
                        for c in s.LOCATION_COLUMNS
                    ):
                        for c in s.LOCATION_COLUMNS:
                            service.cells.pop(c, None)
                else:
                    service.origins[s.PARTNER_ID] = (sheet.file, num, parent_rule.columns[0])
                sid = given_id[0] if given_id else self._unique(_slug(f"{parent} {name}"))
                id_rule = self.rules.get("id", self.rules["name"])
                service.put(s.SERVICE_ID, sid, sheet, num, id_rule.columns[0])
            else:
                partner = Built((sheet.file, num))
                pid = given_id[0] if given_id else self._unique(_slug(name))
                rule = self.rules["name"]
                partner.put(s.PARTNER_ID, pid, sheet, num, rule.columns[0])
                partner.put(s.NAME, name, sheet, num, rule.columns[0])
                partner.origins.setdefault(s.NAME, (sheet.file, num, rule.columns[0]))
                for target in _PARTNER_ONLY:
                    self._put(partner, target, num, cells)
                copy_place(partner, service)
                for c in s.LOCATION_COLUMNS:
                    service.cells.pop(c, None)
                d.partners.append(partner)
                service.put(s.PARTNER_ID, pid, sheet, num, rule.columns[0])
                service.put(s.SERVICE_ID, f"{pid}-service", sheet, num, rule.columns[0])
            d.services.append(service)
        if self.one_line:
            d.warn(
                sheet,
                None,
                self.rules["address"].columns[0],
                None,
                f"{self.one_line} address(es) held a whole address in one cell; the street, "
                "city, state and ZIP code were taken apart. Check them in the preview.",
                "one_line_address",
            )
        return d


def recipe_directory(
    tables: Mapping[str, RawTable],
    recipe: Recipe,
    **options: Unpack[Finishing],
) -> Directory:
    """Partners and services from the first table the recipe fits, not checked yet.

    Raises:
        DataFileError: no table has every column the recipe reads.
    """
    sheet = _fitting_table(tables, recipe)
    return finish(_Reader(sheet, recipe).build(), **options)
