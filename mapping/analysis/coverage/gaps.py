"""Coverage gaps: how far each ZIP area is from the nearest provider of each service.

For every area and service category: the distance in miles to the nearest provider, how
many providers reach the area, and whether nobody does (a gap). A provider reaches an
area when the area's centre is within the category's radius (how far people can be
expected to travel for it: a crisis line serves a whole state, an ESL class must be near)
or within the service's own ``service_radius_miles`` when that is larger (a mobile or
outreach service comes to people). Providers are counted as partners: two sites of one
partner reaching the same area count once.

Distances are great-circle miles between centres. Nearest-neighbour and radius searches
use a k-d tree on 3-D unit vectors (the chord between two points grows with the great
circle between them, so the nearest by chord is the nearest on the globe);
bench/bench_coverage.py measures it (about 0.2 s for 33,000 areas x 50,000 services in 20
categories).

Services are placed for the analysis by what the data say: coordinates when given, else
the centre of their ZIP code, else of their city. A confidential location never has
coordinates, so it counts from its ZIP or city centre.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from mapping.data import schema as s
from mapping.data.errors import AnalysisError
from mapping.places.gazetteer import EARTH_RADIUS_MILES, Gazetteer, get_gazetteer

# ------------------------------------------------------------------------------ columns
AREA = "area"
COUNTY_LABEL = "county_label"
NEAREST_MILES = "nearest_miles"
PROVIDERS_WITHIN = "providers_within_radius"
IS_GAP = "is_gap"
RADIUS_MILES = "radius_miles"
NEAREST_PARTNER = "nearest_partner_id"
PLACED_BY = "placed_by"

GAP_COLUMNS = (
    AREA,
    s.CATEGORY,
    NEAREST_MILES,
    PROVIDERS_WITHIN,
    IS_GAP,
    RADIUS_MILES,
    NEAREST_PARTNER,
)
# What the map page draws as its gap layer (one row per area and category).
GAP_LAYER_COLUMNS = (AREA, s.LATITUDE, s.LONGITUDE, s.CATEGORY, NEAREST_MILES, IS_GAP)

PLACED_COORDINATES = "coordinates"
PLACED_ZIP = "ZIP centre"
PLACED_CITY = "city centre"
NOT_PLACED = ""

# Threads for the k-d tree queries: every core for big queries (the app's machine has two);
# one for small ones, where starting threads costs more than it saves (the sample's gaps:
# 48 ms with every core, 18 ms with one).
_PARALLEL_FROM = 10_000


def _workers(points: np.ndarray) -> int:
    return -1 if len(points) >= _PARALLEL_FROM else 1


# ------------------------------------------------------------------------------ geometry
def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """(n, 3) points on the unit sphere for (lat, lon) in WGS84 degrees."""
    phi = np.radians(np.asarray(lat, dtype=float))
    lmb = np.radians(np.asarray(lon, dtype=float))
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lmb), cos_phi * np.sin(lmb), np.sin(phi)))


def miles_to_chord(miles: np.ndarray | float) -> np.ndarray:
    """The straight-line (chord) distance on the unit sphere for a great-circle distance."""
    angle = np.clip(np.asarray(miles, dtype=float) / EARTH_RADIUS_MILES, 0.0, math.pi)
    return np.asarray(2.0 * np.sin(angle / 2.0))


def chord_to_miles(chord: np.ndarray | float) -> np.ndarray:
    """The great-circle distance in miles for a chord on the unit sphere."""
    half = np.clip(np.asarray(chord, dtype=float) / 2.0, 0.0, 1.0)
    return np.asarray(2.0 * EARTH_RADIUS_MILES * np.arcsin(half))


# ------------------------------------------------------------------------------ placing
def _column(df: pd.DataFrame, name: str, default: object) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series([default] * len(df), index=df.index)


def _text(df: pd.DataFrame, name: str) -> pd.Series:
    col = _column(df, name, "")
    return col.astype(object).where(col.notna(), "").astype(str).str.strip()


def place_services(services: pd.DataFrame, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """A copy of ``services`` with latitude/longitude for the analysis, and how each was placed.

    Coordinates are kept when given (and valid), except at a confidential location, which
    is placed at its ZIP or city centre like a service without coordinates. Otherwise the
    ZIP code's centre, else the city's (city and state both needed). Adds ``placed_by``:
    "coordinates", "ZIP centre", "city centre", or "" when the service cannot be placed
    (it then has NaN coordinates and is left out of distances).
    """
    out = services.copy()
    n = len(out)
    lat = pd.to_numeric(_column(out, s.LATITUDE, np.nan), errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(_column(out, s.LONGITUDE, np.nan), errors="coerce").to_numpy(dtype=float)
    confidential = _column(out, s.CONFIDENTIAL, False).fillna(False).astype(bool).to_numpy()
    given = (
        np.isfinite(lat)
        & np.isfinite(lon)
        & (np.abs(lat) <= 90)
        & (np.abs(lon) <= 180)
        & ~confidential
    )
    lat = np.where(given, lat, np.nan)
    lon = np.where(given, lon, np.nan)
    placed_by = np.where(given, PLACED_COORDINATES, NOT_PLACED).astype(object)
    need = ~given
    if need.any():
        gaz = gazetteer or get_gazetteer()
        zips = _text(out, s.ZIP).to_numpy()
        zlat, zlon = gaz.zip_points(zips[need])
        idx = np.flatnonzero(need)
        found = np.isfinite(zlat) & np.isfinite(zlon)
        lat[idx[found]], lon[idx[found]] = zlat[found], zlon[found]
        placed_by[idx[found]] = PLACED_ZIP
        rest = idx[~found]
        if len(rest):
            cities = _text(out, s.CITY).to_numpy()[rest]
            states = _text(out, s.STATE).str.upper().to_numpy()[rest]
            clat, clon = gaz.city_points(cities, states)
            ok = np.isfinite(clat) & np.isfinite(clon)
            lat[rest[ok]], lon[rest[ok]] = clat[ok], clon[ok]
            placed_by[rest[ok]] = PLACED_CITY
    out[s.LATITUDE] = lat if n else pd.Series(dtype="float64")
    out[s.LONGITUDE] = lon if n else pd.Series(dtype="float64")
    out[PLACED_BY] = pd.Series(placed_by, index=out.index, dtype=object).astype(str)
    return out


def _placed(services: pd.DataFrame) -> pd.DataFrame:
    """``services`` placed, unless it already went through :func:`place_services`."""
    if PLACED_BY in services.columns:
        return services
    return place_services(services)


# ------------------------------------------------------------------------------ areas
def county_label(county: str, state: str) -> str:
    """How a county is named in the app: 'Allegheny County, PA'."""
    return f"{county}, {state}" if county else f"{state} (county not recorded)"


@functools.cache
def _all_areas() -> tuple[pd.DataFrame, cKDTree]:
    areas = get_gazetteer().areas()
    areas[COUNTY_LABEL] = [
        county_label(c, st) for c, st in zip(areas["county"], areas["state"], strict=True)
    ]
    tree = cKDTree(unit_vectors(areas[s.LATITUDE].to_numpy(), areas[s.LONGITUDE].to_numpy()))
    return areas, tree


def _home_areas(placed: pd.DataFrame) -> pd.DataFrame:
    """The gazetteer area nearest to each placed service (its ZIP area, or the one around it)."""
    ok = placed[PLACED_BY] != NOT_PLACED
    areas, tree = _all_areas()
    if not ok.any():
        return areas.iloc[0:0]
    xyz = unit_vectors(
        placed.loc[ok, s.LATITUDE].to_numpy(), placed.loc[ok, s.LONGITUDE].to_numpy()
    )
    _, idx = tree.query(xyz, k=1, workers=_workers(xyz))
    return areas.iloc[np.asarray(idx, dtype=int)]


def counties_present(services: pd.DataFrame) -> list[str]:
    """The counties ('Allegheny County, PA') where the services are, most services first."""
    home = _home_areas(_placed(services))
    counts = home[COUNTY_LABEL].value_counts()
    return sorted(counts.index, key=lambda c: (-int(counts[c]), c))


def states_present(services: pd.DataFrame) -> list[str]:
    """The states where the services are, most services first."""
    home = _home_areas(_placed(services))
    counts = home["state"].value_counts()
    return sorted(counts.index, key=lambda c: (-int(counts[c]), c))


def state_counties(states: Iterable[str]) -> list[str]:
    """Every county of these states with delivery ZIP areas, by name."""
    areas, _ = _all_areas()
    wanted = {st.upper() for st in states}
    return sorted(areas.loc[areas["state"].isin(wanted), COUNTY_LABEL].unique())


def region_areas(
    counties: Iterable[str] | None = None, states: Iterable[str] | None = None
) -> pd.DataFrame:
    """The delivery ZIP areas of these counties ('Allegheny County, PA') and/or states.

    Returns columns area, latitude, longitude, city, state, county, county_label (centres
    from the offline gazetteer, :data:`mapping.places.gazetteer.ATTRIBUTION`).

    Raises:
        AnalysisError: a county or state name is not known.
    """
    areas, _ = _all_areas()
    keep = pd.Series(True, index=areas.index)
    if states is not None:
        given = {st.strip().upper(): st for st in states}
        wanted = set(given)
        unknown = sorted(given[st] for st in wanted - set(areas["state"]))
        if unknown:
            raise AnalysisError(
                f"unknown state(s) {', '.join(repr(u) for u in unknown)}: use two-letter "
                "codes such as 'PA'."
            )
        keep &= areas["state"].isin(wanted)
    if counties is not None:
        wanted_c = set(counties)
        unknown = sorted(wanted_c - set(areas[COUNTY_LABEL]))
        if unknown:
            raise AnalysisError(
                f"unknown county {unknown[0]!r}: write it as in the list, e.g. "
                "'Allegheny County, PA'."
            )
        keep &= areas[COUNTY_LABEL].isin(wanted_c)
    return areas[keep].reset_index(drop=True)


def default_areas(services: pd.DataFrame) -> pd.DataFrame:
    """The ZIP areas of every county where the services are (the analysis's default region)."""
    return region_areas(counties=counties_present(services))


# ------------------------------------------------------------------------------ radii
def _check_radius(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise AnalysisError(
            f"{where}: expected a distance in miles, got {value!r}. Give a number such as 15."
        )
    miles = float(value)
    if not math.isfinite(miles) or miles <= 0:
        raise AnalysisError(
            f"{where}: expected a distance in miles greater than 0, got {value!r}. "
            "Give a number such as 15."
        )
    return miles


def category_radii(
    categories: Iterable[str], radius_miles: float | Mapping[str, float] | None = None
) -> dict[str, float]:
    """The radius (miles) that counts as 'within reach' for each category.

    ``radius_miles`` None: each category's default (``schema.CATEGORIES``); a number: that
    for every category; a mapping: those categories changed, the others at their default.

    Raises:
        AnalysisError: a radius is not a positive number, or a category has no default.
    """
    overrides: Mapping[str, float] = {}
    if isinstance(radius_miles, Mapping):
        overrides = {str(c): _check_radius(v, f"radius for {c!r}") for c, v in radius_miles.items()}
        single = None
    elif radius_miles is None:
        single = None
    else:
        single = _check_radius(radius_miles, "radius_miles")
    out: dict[str, float] = {}
    for c in categories:
        if single is not None:
            out[c] = single
        elif c in overrides:
            out[c] = float(overrides[c])
        else:
            try:
                out[c] = float(s.CATEGORIES.term(c).radius_miles)
            except KeyError:
                raise AnalysisError(
                    f"category {c!r} is not in the category list, so it has no default "
                    f"radius. Correct the category, or give radius_miles={{{c!r}: 15}}."
                ) from None
    return out


def updated_radii(
    edited: pd.DataFrame, saved: Mapping[str, float], *, miles: str = "miles"
) -> dict[str, float]:
    """The radii to store after someone edited a table of them (columns category and
    ``miles``): the categories in the table as edited (only those that differ from their
    default are kept), the others as they were saved.

    Raises:
        AnalysisError: an edited distance is not a positive number.
    """
    shown = set(edited[s.CATEGORY])
    out = {str(c): float(m) for c, m in saved.items() if c not in shown}
    for c, m in zip(edited[s.CATEGORY], edited[miles], strict=True):
        if pd.isna(m):
            raise AnalysisError(
                f"the distance for {c!r} is empty. Give a number of miles such as 15."
            )
        value = _check_radius(m, f"the distance for {c!r}")
        try:
            default = float(s.CATEGORIES.term(str(c)).radius_miles)
        except KeyError:
            default = math.nan
        if value != default:
            out[str(c)] = value
    return out


def _ordered_categories(values: Iterable[str]) -> list[str]:
    order = {c: i for i, c in enumerate(s.CATEGORIES.labels)}
    # "Not yet categorised" is no category: it never counts as a provider of one.
    kept = {v for v in values if v and v != s.UNCATEGORISED}
    return sorted(kept, key=lambda c: (order.get(c, len(order)), c))


def _analysis_inputs(
    services: pd.DataFrame, areas: pd.DataFrame | None, categories: Sequence[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The placed services, the areas (default: the counties where they are) and the
    categories (default: those offered, in taxonomy order) every analysis starts from."""
    placed = _placed(services)
    if areas is None:
        areas = default_areas(placed)
    if categories is not None:
        return placed, areas, list(categories)
    return placed, areas, _ordered_categories(_text(placed, s.CATEGORY))


# ------------------------------------------------------------------------------ the analysis
def _empty_gaps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            AREA: pd.Series(dtype="str"),
            s.CATEGORY: pd.Series(dtype="str"),
            NEAREST_MILES: pd.Series(dtype="float64"),
            PROVIDERS_WITHIN: pd.Series(dtype="int64"),
            IS_GAP: pd.Series(dtype="bool"),
            RADIUS_MILES: pd.Series(dtype="float64"),
            NEAREST_PARTNER: pd.Series(dtype="str"),
        }
    )


def _check_areas(areas: pd.DataFrame) -> np.ndarray:
    missing = [c for c in (AREA, s.LATITUDE, s.LONGITUDE) if c not in areas.columns]
    if missing:
        raise AnalysisError(
            f"the areas table has no column {missing[0]!r}: it needs area, latitude and "
            "longitude (as returned by region_areas)."
        )
    lat = pd.to_numeric(areas[s.LATITUDE], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(areas[s.LONGITUDE], errors="coerce").to_numpy(dtype=float)
    bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise AnalysisError(
            f"area {areas[AREA].iloc[i]!r} (row {i + 1} of the areas table) has no valid "
            f"centre: latitude {areas[s.LATITUDE].iloc[i]!r}, longitude "
            f"{areas[s.LONGITUDE].iloc[i]!r}. Give decimal degrees or leave the area out."
        )
    return unit_vectors(lat, lon)


def _providers(df: pd.DataFrame) -> np.ndarray:
    """Who provides each service: its partner_id, else the service itself."""
    pid = _text(df, s.PARTNER_ID).to_numpy(dtype=object)
    own = _text(df, s.SERVICE_ID).to_numpy(dtype=object)
    fallback = np.array([f"#{i}" for i in range(len(df))], dtype=object)
    own = np.where(own == "", fallback, own)
    return np.where(pid == "", own, pid)


def _sites(placed: pd.DataFrame, radii: Mapping[str, float]) -> dict[str, pd.DataFrame]:
    """Distinct (provider, place) sites per category, with their reach in miles.

    Reach is the category's radius, or the service's own radius when larger; a provider
    with several services of one category at one place is one site (its largest reach).
    Returns {category: frame with provider, lat, lon, reach}, for categories in ``radii``.
    """
    usable = placed[placed[PLACED_BY] != NOT_PLACED]
    category = _text(usable, s.CATEGORY)
    keep = category.isin(list(radii)).to_numpy()
    usable, category = usable[keep], category[keep]
    own = pd.to_numeric(_column(usable, s.RADIUS, np.nan), errors="coerce").to_numpy(dtype=float)
    base = category.map(dict(radii)).to_numpy(dtype=float)
    reach = np.where(np.isfinite(own) & (own > base), own, base)
    table = pd.DataFrame(
        {
            "category": category.to_numpy(),
            "provider": _providers(usable),
            "lat": usable[s.LATITUDE].to_numpy(dtype=float),
            "lon": usable[s.LONGITUDE].to_numpy(dtype=float),
            "reach": reach,
        }
    )
    sites = table.groupby(["category", "provider", "lat", "lon"], as_index=False, sort=True)[
        "reach"
    ].max()
    return {
        str(c): pd.DataFrame(g).reset_index(drop=True)
        for c, g in sites.groupby("category", sort=False)
    }


def _site_arrays(sites: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xyz = unit_vectors(sites["lat"].to_numpy(), sites["lon"].to_numpy())
    return xyz, sites["reach"].to_numpy(dtype=float), sites["provider"].to_numpy(dtype=object)


def _count_reaching(
    area_xyz: np.ndarray,
    area_tree: cKDTree | None,
    site_xyz: np.ndarray,
    reach: np.ndarray,
    provider: np.ndarray,
    site_tree: cKDTree,
) -> np.ndarray:
    """Distinct providers whose sites reach each area."""
    counts = np.zeros(len(area_xyz), dtype=np.int64)
    radii = np.unique(reach)
    for r in radii:
        group = reach == r
        tree = site_tree if len(radii) == 1 else cKDTree(site_xyz[group])
        counts += np.asarray(
            tree.query_ball_point(
                area_xyz, float(miles_to_chord(r)), return_length=True, workers=_workers(area_xyz)
            ),
            dtype=np.int64,
        )
    # A provider with several sites in reach of one area was counted once per site.
    codes, per_provider = np.unique(provider, return_inverse=True)
    multi = np.bincount(per_provider, minlength=len(codes))[per_provider] > 1
    if multi.any():
        tree = area_tree if area_tree is not None else cKDTree(area_xyz)
        idx = np.flatnonzero(multi)
        hits = tree.query_ball_point(
            site_xyz[idx],
            miles_to_chord(reach[idx]),
            return_sorted=False,
            workers=_workers(idx),
        )
        lengths = np.fromiter((len(h) for h in hits), dtype=np.int64, count=len(hits))
        if lengths.sum():
            area_of = np.concatenate([np.asarray(h, dtype=np.int64) for h in hits])
            who = np.repeat(per_provider[idx].astype(np.int64), lengths)
            total = np.bincount(area_of, minlength=len(area_xyz))
            # Distinct (area, provider) pairs by sorting: numpy's hash-based np.unique is
            # ten times slower on a few million integers.
            keys = np.sort(area_of * len(codes) + who)
            first = np.ones(len(keys), dtype=bool)
            first[1:] = keys[1:] != keys[:-1]
            distinct = np.bincount(keys[first] // len(codes), minlength=len(area_xyz))
            counts -= total - distinct
    return counts


def find_coverage_gaps(
    services: pd.DataFrame,
    areas: pd.DataFrame | None = None,
    radius_miles: float | Mapping[str, float] | None = None,
    *,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Distance to the nearest provider, and the providers within reach, per area and category.

    Parameters:
        services: a services table (``Workspace.services``, or a geocoded one). Services
            with latitude/longitude are used where they are; the others are placed at
            their ZIP or city centre (:func:`place_services`); services that cannot be
            placed are left out.
        areas: columns area, latitude, longitude (WGS84 degrees), e.g. from
            :func:`region_areas`; default: the ZIP areas of every county where the
            services are (:func:`default_areas`).
        radius_miles: how near a provider must be to count (see :func:`category_radii`);
            a service's own ``service_radius_miles`` counts when it is larger.
        categories: the categories to analyse (also ones nobody offers: every area is
            then a gap); default: every category the services offer, in taxonomy order.

    Returns:
        One row per area and category (categories in order, areas in the order given):
        area, category, nearest_miles (NaN when nobody offers the category),
        providers_within_radius (distinct partners), is_gap (no provider within reach),
        radius_miles, nearest_partner_id.

    Raises:
        AnalysisError: a radius is not a positive number, or an area has no valid centre.
    """
    placed, areas, cats = _analysis_inputs(services, areas, categories)
    radii = category_radii(cats, radius_miles)
    if not cats or areas.empty:
        return _empty_gaps()
    area_xyz = _check_areas(areas)
    n_areas = len(area_xyz)
    sites = _sites(placed, radii)

    nearest = np.full((len(cats), n_areas), np.nan)
    counts = np.zeros((len(cats), n_areas), dtype=np.int64)
    nearest_who = np.full((len(cats), n_areas), "", dtype=object)
    area_tree: cKDTree | None = None
    for i, cat in enumerate(cats):
        if cat not in sites:
            continue
        site_xyz, reach, provider = _site_arrays(sites[cat])
        site_tree = cKDTree(site_xyz)
        chord, idx = site_tree.query(area_xyz, k=1, workers=_workers(area_xyz))
        nearest[i] = chord_to_miles(chord)
        nearest_who[i] = provider[np.asarray(idx, dtype=int)]
        if area_tree is None and len(np.unique(provider)) < len(provider):
            area_tree = cKDTree(area_xyz)
        counts[i] = _count_reaching(area_xyz, area_tree, site_xyz, reach, provider, site_tree)

    area_ids = areas[AREA].astype(str).to_numpy()
    return pd.DataFrame(
        {
            AREA: np.tile(area_ids, len(cats)),
            s.CATEGORY: np.repeat(np.asarray(cats, dtype=object), n_areas),
            NEAREST_MILES: nearest.ravel(),
            PROVIDERS_WITHIN: counts.ravel(),
            IS_GAP: counts.ravel() == 0,
            RADIUS_MILES: np.repeat([radii[c] for c in cats], n_areas).astype(float),
            NEAREST_PARTNER: nearest_who.ravel(),
        }
    ).astype({AREA: "str", s.CATEGORY: "str", NEAREST_PARTNER: "str"})


@dataclass(frozen=True)
class Reach:
    """Which areas each provider reaches with each category, as integer codes (what
    :func:`service_reach` returns as text): one entry per distinct (provider, category,
    area), sorted by provider, then category, then area."""

    providers: np.ndarray  # distinct provider ids (partner_id), sorted
    categories: list[str]
    area_ids: np.ndarray  # the areas' ids, in the areas table's order
    provider: np.ndarray  # int64 index into providers
    category: np.ndarray  # int64 index into categories
    area: np.ndarray  # int64 index into area_ids


def reach_codes(
    services: pd.DataFrame,
    areas: pd.DataFrame | None = None,
    radius_miles: float | Mapping[str, float] | None = None,
    *,
    categories: Sequence[str] | None = None,
) -> Reach:
    """:func:`service_reach` as integer codes, for analyses that combine many pairs."""
    placed, areas, cats = _analysis_inputs(services, areas, categories)
    radii = category_radii(cats, radius_miles)
    area_ids = areas[AREA].astype(str).to_numpy()
    who: list[np.ndarray] = []
    cat_of: list[np.ndarray] = []
    where: list[np.ndarray] = []
    if cats and not areas.empty:
        area_tree = cKDTree(_check_areas(areas))
        sites = _sites(placed, radii)
        for i, cat in enumerate(cats):
            if cat not in sites:
                continue
            site_xyz, reach, provider = _site_arrays(sites[cat])
            hits = area_tree.query_ball_point(
                site_xyz, miles_to_chord(reach), return_sorted=False, workers=_workers(site_xyz)
            )
            lengths = np.fromiter((len(h) for h in hits), dtype=np.int64, count=len(hits))
            if not lengths.sum():
                continue
            where.append(np.concatenate([np.asarray(h, dtype=np.int64) for h in hits]))
            who.append(np.repeat(provider, lengths))
            cat_of.append(np.full(int(lengths.sum()), i, dtype=np.int64))
    if not who:
        empty = np.zeros(0, dtype=np.int64)
        return Reach(np.array([], dtype=object), cats, area_ids, empty, empty, empty)
    providers, provider = np.unique(np.concatenate(who).astype(str), return_inverse=True)
    n_areas, n_cats = len(area_ids), max(len(cats), 1)
    # One entry per (provider, category, area): a provider's two sites reaching one area
    # count once. Sorting integer keys (numpy's hash-based unique is slower here).
    keys = np.sort(
        (provider.astype(np.int64) * n_cats + np.concatenate(cat_of)) * n_areas
        + np.concatenate(where)
    )
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    keys = keys[first]
    return Reach(
        providers.astype(object),
        cats,
        area_ids,
        keys // (n_cats * n_areas),
        (keys // n_areas) % n_cats,
        keys % n_areas,
    )


def service_reach(
    services: pd.DataFrame,
    areas: pd.DataFrame | None = None,
    radius_miles: float | Mapping[str, float] | None = None,
    *,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Which areas each provider reaches with each category (the pairs behind the counts
    of :func:`find_coverage_gaps`): columns provider (partner_id), category, area; one row
    per distinct triple. Parameters as for :func:`find_coverage_gaps`."""
    r = reach_codes(services, areas, radius_miles, categories=categories)
    return pd.DataFrame(
        {
            "provider": r.providers[r.provider].astype(str),
            s.CATEGORY: np.asarray(r.categories, dtype=object)[r.category].astype(str)
            if len(r.category)
            else np.array([], dtype=str),
            AREA: r.area_ids[r.area].astype(str),
        }
    ).astype({"provider": "str", s.CATEGORY: "str", AREA: "str"})


def gap_layer(gaps: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The map's gap layer: area, latitude, longitude, category, nearest_miles, is_gap."""
    centres = areas[[AREA, s.LATITUDE, s.LONGITUDE]].astype({AREA: "str"}).drop_duplicates(AREA)
    out = gaps.merge(centres, on=AREA, how="left", validate="many_to_one")
    return out[list(GAP_LAYER_COLUMNS)].reset_index(drop=True)
