"""Import an Open Referral HSDS package as a Workspace.

:func:`import_hsds` reads a folder or zip (see :mod:`mapping.interop.hsds.package` for the layouts),
turns organizations into partners and services into services (one service row per
location it is offered at), and passes those tables through the same checks as any upload
(:func:`mapping.data.loading.load_tables`), so every rule of the data contract applies. What
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
  :func:`mapping.interop.crosswalk.map_term` (the user's saved mapping first), else a category
  named in the service's name (reported), else ``default_category``; a service with none
  loads as "Not yet categorised" (``schema.UNCATEGORISED``, reported), its terms are listed
  as unmapped and kept in ``ws.uncategorised_terms`` so that it can be categorised per term
  later (:mod:`mapping.interop.categorise`).
* **Confidential location**: this dashboard's ``confidential_location`` attribute, or an
  address or location name that says so ("Confidential", "Undisclosed location", "address
  withheld"). Street address and coordinates are then dropped, as for any upload.

**Counts** are reported per HSDS file read (``ws.counts["services.csv"]`` counts rows of
the HSDS services file, not service rows of the workspace): read = loaded + rejected.
*Rejected* rows were refused because of a problem in the data (a missing or repeated id,
a reference to an id that does not exist, or the row they belong to was
refused); each has an error in the report and is in ``ws.rejected[file]`` with its HSDS
columns and the reason. *Loaded* rows were accepted; details the dashboard has no column
for (a second phone number, unused locations) are named in warnings. The dashboard's own
``relationships.csv`` inside a package is counted as usual.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from mapping.data import schema as s
from mapping.data.loading import Mode, load_tables
from mapping.data.reading import RawTable, read_table
from mapping.data.workspace import Workspace
from mapping.interop.hsds.package import (
    ELIGIBILITY,
    LOCATION,
    ORGANIZATION,
    SERVICE,
    TAXONOMY_TERM,
    HsdsPackage,
    read_hsds_package,
)
from mapping.interop.hsds.problems import ProblemsStep


class _Import(ProblemsStep):
    """The state of one import; see the module docstring for the rules."""

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


# The Import tab first lists the terms of a package (hsds_terms), then previews the import
# with the same choices (hsds_workspace): both need the same build, the slow half of an
# import. The build hsds_terms made waits here, keyed by the package's digest and the
# choices, and the next hsds_workspace with that key takes it (once: loading changes it).
_BUILT: dict[tuple[object, ...], _Import] = {}
_BUILT_LOCK = threading.Lock()


def _build_key(
    package: HsdsPackage,
    term_map: Mapping[str, str],
    default_category: str | None,
    default_sector: str | None,
) -> tuple[object, ...] | None:
    if not package.digest:
        return None
    return (package.digest, tuple(sorted(term_map.items())), default_category, default_sector)


def _built(
    package: HsdsPackage,
    term_map: Mapping[str, str],
    default_category: str | None,
    default_sector: str | None,
) -> _Import:
    key = _build_key(package, term_map, default_category, default_sector)
    with _BUILT_LOCK:
        waiting = _BUILT.pop(key, None) if key else None
    if waiting is not None:
        return waiting
    imp = _Import(package, term_map, default_category, default_sector)
    _prepare(imp)
    imp.build()
    return imp


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

    ``term_map`` maps :func:`mapping.interop.crosswalk.term_key` keys to categories (the user's
    saved choices); ``default_category`` is given to services no term maps and whose name
    names no category; ``default_sector`` to organizations whose sector cannot be worked
    out (else "Other"). ``base`` and ``mode`` merge into an existing workspace as
    :func:`mapping.data.loading.load_tables` does.
    """
    imp = _built(package, term_map or {}, default_category, default_sector)
    ws = imp.load(base, mode)
    ws.source = f"HSDS package {package.source} ({package.layout})"
    loaded = set(ws.services[s.SERVICE_ID])
    ws.uncategorised_terms = {
        sid: terms for sid, terms in imp.uncategorised_terms.items() if sid in loaded
    }
    return ws


def hsds_terms(package: HsdsPackage, term_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Every taxonomy term the package's services use, with the category it maps to.

    Columns: term, code, taxonomy, services (how many use it), services without a
    category (how many have no category because nothing maps), category ('' when
    unmapped), how, key (what to save the user's choice under). Unmapped terms first.
    """
    term_map = term_map or {}
    imp = _built(package, term_map, None, None)
    table = imp.term_table()
    key = _build_key(package, term_map, None, None)
    if key:
        with _BUILT_LOCK:
            _BUILT.clear()  # one waits at a time: the last package listed
            _BUILT[key] = imp
    return table


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

    The result is what :func:`mapping.data.loading.load_workspace` returns for a dashboard
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
