"""What the map shows: the names and layers, filters, the rows to draw (confidential
locations only at their ZIP or city centre), the table under the map, and the details
beside it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from mapping.data import schema as s
from mapping.data.normalize import normalize_zip
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import get_gazetteer
from mapping.places.geocoding import (
    GEO_FLAGGED,
    GEO_NOTE,
    GEO_PRECISION,
    PRECISIONS,
    geocode_workspace,
    is_geocoded,
)

# ------------------------------------------------------------------ names shown on the map
PARTNERS_LAYER: Final = "Partners"
SERVICES_LAYER: Final = "Services"
RELATIONSHIPS_LAYER: Final = "Relationships"
AREAS_LAYER: Final = "Service areas"
GAPS_LAYER: Final = "Coverage gaps"
LAYER_NAMES: Final = (PARTNERS_LAYER, SERVICES_LAYER, RELATIONSHIPS_LAYER, AREAS_LAYER, GAPS_LAYER)
OSM_TILES: Final = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION: Final = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
TILES_NAME: Final = "Street map (needs internet)"
BLANK_NAME: Final = "No background"
MAP_ATTRIBUTION: Final = (
    "ZIP and city centres: zipcodes package, GeoNames (CC BY 4.0)"  # full text in the app
)
GAP_COLOR: Final = "#882255"
SITE_COLOR: Final = "#117733"  # Paul Tol's green: suggested places for a new provider
GAP_COLUMNS: Final = ("area", "latitude", "longitude", "category", "nearest_miles", "is_gap")
US_CENTRE: Final = (39.8, -98.6)
MILES_TO_METRES: Final = 1609.344

# Precision codes in the browser payload; the last two are confidential rows.
_PRECISION_CODES: Final = ("given", "street", "zip", "city")
_NOTES: Final = (
    "Placed at the coordinates given in the file",
    "Placed at its street address",
    "Placed at its ZIP code centre (not the exact address)",
    "Placed at its city centre (not the exact address)",
    "Approximate location (confidential): its ZIP code centre",
    "Approximate location (confidential): its city centre",
)
_APPROX_CODES: Final = (4, 5)
KIND_PARTNER: Final = "Partner"
KIND_SERVICE: Final = "Service"
_SELECTED = re.compile(r"(Partner|Service) ID: (.+)")


@dataclass(frozen=True)
class MapFilters:
    """What to show; an empty tuple means "all". Values are schema labels."""

    sectors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.sectors or self.categories or self.languages or self.populations)

    def describe(self) -> str:
        """'sector Legal aid or Housing; language Spanish' ('' when nothing is filtered)."""
        parts = [
            f"{name} {' or '.join(values)}"
            for name, values in (
                ("sector", self.sectors),
                ("category", self.categories),
                ("language", self.languages),
                ("population", self.populations),
            )
            if values
        ]
        return "; ".join(parts)


@dataclass(frozen=True)
class MapLayers:
    """Which layers are switched on when the map opens (all can be toggled on the map)."""

    partners: bool = True
    services: bool = True
    relationships: bool = True
    service_areas: bool = False
    gaps: bool = True


@dataclass
class MapData:
    """The placed, filtered points of a workspace: what the map and its table show.

    ``partners`` and ``services`` are on the map (placed); ``unplaced`` lists the rows
    that match the filters but could not be placed, with their note. ``relationships``
    has one row per pair of shown partners, with both ends' coordinates.
    """

    partners: pd.DataFrame
    services: pd.DataFrame
    relationships: pd.DataFrame
    unplaced: pd.DataFrame
    filters: MapFilters = field(default_factory=MapFilters)
    total_partners: int = 0
    total_services: int = 0


# ------------------------------------------------------------------ data
def _list_match(col: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    """Rows whose |-separated list shares a value with ``wanted``."""
    if col.empty:
        return pd.Series(False, index=col.index)
    items = col.astype(str).str.split(s.LIST_SEPARATOR).explode()
    return items.isin(set(wanted)).groupby(level=0).any().reindex(col.index, fill_value=False)


def approximate_confidential(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where every confidential row sits at its ZIP (else city) centre, no address.

    Defence in depth: a Workspace never holds their street address or coordinates, but a
    frame built elsewhere might, and the map must never show them.
    """
    out = df.copy()
    if s.CONFIDENTIAL not in out.columns or out.empty:
        return out
    conf = out[s.CONFIDENTIAL].fillna(False).astype(bool).to_numpy()
    if not conf.any():
        return out
    gaz = get_gazetteer()
    zips = [
        normalize_zip(str(z)).value if isinstance(z, str | int | float) else ""
        for z in out.loc[conf, s.ZIP]
    ]
    zlat, zlon = gaz.zip_points(zips)
    cities = out.loc[conf, s.CITY].astype(str).tolist() if s.CITY in out else [""] * len(zips)
    states = out.loc[conf, s.STATE].astype(str).tolist() if s.STATE in out else [""] * len(zips)
    clat, clon = gaz.city_points(cities, states)
    by_zip = ~np.isnan(zlat)
    lat = np.where(by_zip, zlat, clat)
    lon = np.where(by_zip, zlon, clon)
    out.loc[conf, s.LATITUDE] = lat
    out.loc[conf, s.LONGITUDE] = lon
    if s.ADDRESS in out.columns:
        out.loc[conf, s.ADDRESS] = ""
    if GEO_PRECISION in out.columns:
        out.loc[conf, GEO_PRECISION] = np.where(
            by_zip, "zip", np.where(np.isnan(clat), "none", "city")
        )
    return out


def map_data(ws: Workspace, filters: MapFilters | None = None, *, store: Any = None) -> MapData:
    """The points of ``ws`` to map under ``filters`` (geocoding offline if not yet done).

    ``store`` (a WorkspaceStore) lets offline geocoding use the saved online look-ups.
    """
    filters = filters or MapFilters()
    if not (is_geocoded(ws.partners) and is_geocoded(ws.services)):
        ws = geocode_workspace(ws, store=store)
    partners = approximate_confidential(ws.partners)
    services = approximate_confidential(ws.services)
    by_id = partners.set_index(s.PARTNER_ID)
    services[s.SECTOR] = services[s.PARTNER_ID].map(by_id[s.SECTOR]).fillna("")
    services["partner_name"] = services[s.PARTNER_ID].map(by_id[s.NAME]).fillna("")
    for col in (s.LANGUAGES, s.POPULATIONS):  # a service says nothing: its partner's
        own = services[col].astype(str)
        services[col] = own.where(own != "", services[s.PARTNER_ID].map(by_id[col]).fillna(""))

    p_mask = pd.Series(True, index=partners.index)
    v_mask = pd.Series(True, index=services.index)
    if filters.sectors:
        p_mask &= partners[s.SECTOR].isin(filters.sectors)
        v_mask &= services[s.SECTOR].isin(filters.sectors)
    if filters.categories:
        v_mask &= services[s.CATEGORY].isin(filters.categories)
        offering = set(services.loc[services[s.CATEGORY].isin(filters.categories), s.PARTNER_ID])
        p_mask &= partners[s.PARTNER_ID].isin(offering)
    for col, wanted in ((s.LANGUAGES, filters.languages), (s.POPULATIONS, filters.populations)):
        if wanted:
            p_mask &= _list_match(partners[col], wanted)
            v_mask &= _list_match(services[col], wanted)
    partners, services = partners[p_mask], services[v_mask]

    p_placed = partners[s.LATITUDE].notna() & partners[s.LONGITUDE].notna()
    v_placed = services[s.LATITUDE].notna() & services[s.LONGITUDE].notna()
    unplaced = pd.concat(
        [
            pd.DataFrame(
                {
                    "kind": KIND_PARTNER,
                    "id": partners.loc[~p_placed, s.PARTNER_ID],
                    "name": partners.loc[~p_placed, s.NAME],
                    "note": partners.loc[~p_placed, GEO_NOTE],
                }
            ),
            pd.DataFrame(
                {
                    "kind": KIND_SERVICE,
                    "id": services.loc[~v_placed, s.SERVICE_ID],
                    "name": services.loc[~v_placed, s.NAME].where(
                        services.loc[~v_placed, s.NAME] != "",
                        services.loc[~v_placed, s.CATEGORY],
                    ),
                    "note": services.loc[~v_placed, GEO_NOTE],
                }
            ),
        ],
        ignore_index=True,
    )
    shown = partners[p_placed].reset_index(drop=True)
    return MapData(
        shown,
        services[v_placed].reset_index(drop=True),
        _relationship_lines(ws.relationships, shown),
        unplaced,
        filters,
        len(ws.partners),
        len(ws.services),
    )


def _relationship_lines(rel: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of shown partners, at the deeper level either side describes."""
    cols = [s.SOURCE_ID, s.TARGET_ID, s.LEVEL, "lat1", "lon1", "lat2", "lon2", "name1", "name2"]
    if rel.empty or partners.empty:
        return pd.DataFrame(columns=cols)
    at = partners.set_index(s.PARTNER_ID)
    r = rel[rel[s.SOURCE_ID].isin(at.index) & rel[s.TARGET_ID].isin(at.index)].copy()
    r = r[r[s.SOURCE_ID] != r[s.TARGET_ID]]
    if r.empty:
        return pd.DataFrame(columns=cols)
    a = r[[s.SOURCE_ID, s.TARGET_ID]].min(axis=1)
    b = r[[s.SOURCE_ID, s.TARGET_ID]].max(axis=1)
    r[s.SOURCE_ID], r[s.TARGET_ID] = a, b
    r["_order"] = r[s.LEVEL].map(s.LEVEL_ORDER).fillna(0)
    r = r.sort_values("_order").drop_duplicates([s.SOURCE_ID, s.TARGET_ID], keep="last")
    out = r[[s.SOURCE_ID, s.TARGET_ID, s.LEVEL]].reset_index(drop=True)
    for end, col in (("1", s.SOURCE_ID), ("2", s.TARGET_ID)):
        ids = out[col]
        out[f"lat{end}"] = ids.map(at[s.LATITUDE]).to_numpy()
        out[f"lon{end}"] = ids.map(at[s.LONGITUDE]).to_numpy()
        out[f"name{end}"] = ids.map(at[s.NAME]).to_numpy()
    return out[cols]


def point_table(data: MapData) -> pd.DataFrame:
    """The points on the map as a table (the accessible alternative to the map)."""

    def placed(df: pd.DataFrame) -> pd.Series:
        label = df[GEO_PRECISION].map(PRECISIONS).fillna("")
        conf = df[s.CONFIDENTIAL].astype(bool)
        return label.where(~conf, label + " (approximate: confidential)")

    p, v = data.partners, data.services
    partners = pd.DataFrame(
        {
            "type": KIND_PARTNER,
            "id": p[s.PARTNER_ID],
            "name": p[s.NAME],
            "sector or category": p[s.SECTOR],
            "partner": p[s.NAME],
            "city": p[s.CITY],
            "zip": p[s.ZIP],
            "placed at": placed(p),
            "check coordinates": p[GEO_FLAGGED].astype(bool),
        }
    )
    services = pd.DataFrame(
        {
            "type": KIND_SERVICE,
            "id": v[s.SERVICE_ID],
            "name": v[s.NAME].where(v[s.NAME] != "", v[s.CATEGORY]),
            "sector or category": v[s.CATEGORY],
            "partner": v["partner_name"],
            "city": v[s.CITY],
            "zip": v[s.ZIP],
            "placed at": placed(v),
            "check coordinates": v[GEO_FLAGGED].astype(bool),
        }
    )
    return pd.concat([partners, services], ignore_index=True)


def selected_from_popup(text: object) -> tuple[str, str] | None:
    """(kind, id) of the point whose popup text the map sent back, or None."""
    if not isinstance(text, str):
        return None
    found = _SELECTED.findall(text)
    if not found:
        return None
    kind, ident = found[-1]
    return kind, ident.strip()


# ------------------------------------------------------------------ beside the map
def partner_services(ws: Workspace, partner_id: str) -> pd.DataFrame:
    """What one partner offers: one row per service, in file order."""
    v = ws.services[ws.services[s.PARTNER_ID] == partner_id]
    return pd.DataFrame(
        {
            "service": v[s.NAME].where(v[s.NAME] != "", v[s.CATEGORY]),
            "category": v[s.CATEGORY],
            "languages": v[s.LANGUAGES].str.replace(s.LIST_SEPARATOR, ", "),
            "who it serves": v[s.POPULATIONS].str.replace(s.LIST_SEPARATOR, ", "),
            "eligibility": v[s.ELIGIBILITY],
            "cost": v[s.COST],
            "reach (miles)": v[s.RADIUS],
            "trauma-informed": v[s.TRAUMA_INFORMED],
        }
    ).reset_index(drop=True)


def partner_relationships(ws: Workspace, partner_id: str) -> pd.DataFrame:
    """Who one partner works with, as it and they describe it (both directions)."""
    r = ws.relationships
    names = ws.partner_names()
    mine = r[(r[s.SOURCE_ID] == partner_id) | (r[s.TARGET_ID] == partner_id)]
    outgoing = mine[s.SOURCE_ID] == partner_id
    other = mine[s.TARGET_ID].where(outgoing, mine[s.SOURCE_ID])
    out = pd.DataFrame(
        {
            "with": other.map(names).fillna(other),
            "described by": np.where(outgoing, "this partner", "the other partner"),
            "level": mine[s.LEVEL],
            "what they do together": mine[s.REL_TYPE].str.replace(s.LIST_SEPARATOR, ", "),
            "trust (1-4)": mine[s.TRUST],
            "since": mine[s.SINCE],
        }
    )
    depth = pd.to_numeric(out["level"].map(s.LEVEL_ORDER), errors="coerce").fillna(0)
    out["_depth"] = depth.to_numpy(dtype=float)
    out = out.sort_values(["_depth", "with"], ascending=[False, True], kind="stable")
    return out.drop(columns="_depth").reset_index(drop=True)
