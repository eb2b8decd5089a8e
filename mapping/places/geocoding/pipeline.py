"""Place every partner and service on the map, and say honestly how precisely.

Each row goes through these steps in order and keeps the first that places it:

1. **given**: coordinates in the file (checked: in range, not 0,0; flagged, but kept,
   when more than :data:`FAR_FROM_ZIP_MILES` from the centre of the row's own ZIP code,
   a real fault in 211 exports);
2. **cache**: a street-level result found online earlier, saved in the workspace
   database (table ``geocode_cache``), so nothing is ever asked twice;
3. **zip**: the centre of its ZIP code (offline gazetteer, :mod:`mapping.places.gazetteer`);
4. **city**: the centre of its city and state;
5. **online**: the online geocoder (geopy; Nominatim by default), only when switched on.
   It is asked about rows that have a street address (to place them at street level
   instead of at their ZIP centre) and about rows the offline steps could not place;
6. otherwise the row is **not placed**, and its note says why and how to fix it.

A confidential location (``confidential_location`` true) is never placed at street level
and never sent online: given coordinates and any address are ignored, and it is placed at
its ZIP code or city centre only.

The result columns are ``latitude``, ``longitude``, :data:`GEO_PRECISION` (one of
:data:`PRECISIONS`), :data:`GEO_SOURCE` (the step that placed it), :data:`GEO_NOTE` (a
sentence for people) and :data:`GEO_FLAGGED` (coordinates to check).

Online use follows Nominatim's usage policy (https://operations.osmfoundation.org/
policies/nominatim/): an identifying user agent, at most one request per second, results
cached. Only this module imports geopy, and only when the online geocoder is used.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np
import pandas as pd

from mapping.data import schema as s
from mapping.data.normalize import normalize_zip
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import get_gazetteer, haversine_miles
from mapping.places.geocoding.cache import CachedResult, GeocodeCache
from mapping.places.geocoding.online import (
    OnlineGeocoder,
    OnlineResult,
    Progress,
    Query,
    look_up_online,
)
from mapping.places.geocoding.settings import PROVIDERS, GeocoderSettings, load_settings

if TYPE_CHECKING:
    from mapping.data.store import WorkspaceStore


# ------------------------------------------------------------------ result columns
GEO_PRECISION: Final = "geo_precision"
GEO_SOURCE: Final = "geo_source"
GEO_NOTE: Final = "geo_note"
GEO_FLAGGED: Final = "geo_flagged"
GEO_COLUMNS: Final = (GEO_PRECISION, GEO_SOURCE, GEO_NOTE, GEO_FLAGGED)

Precision = Literal["given", "street", "zip", "city", "none"]
PRECISIONS: Final[dict[str, str]] = {
    "given": "coordinates from the file",
    "street": "street address",
    "zip": "ZIP code centre",
    "city": "city centre",
    "none": "not placed",
}
SOURCES: Final[dict[str, str]] = {
    "file": "the file",
    "cache": "saved online look-up",
    "zip": "offline ZIP list",
    "city": "offline city list",
    "online": "online geocoder",
    "none": "-",
}
FAR_FROM_ZIP_MILES: Final = 25.0


# ------------------------------------------------------------------ the pipeline
def _text(df: pd.DataFrame, column: str) -> np.ndarray:
    if column not in df.columns:
        return np.array([""] * len(df), dtype=object)
    col = df[column]
    return np.asarray(col.astype(object).where(col.notna(), "").astype(str).str.strip())


def _zip5(values: np.ndarray) -> np.ndarray:
    """5-digit ZIPs: ZIP+4 cut, lost leading zeros restored, spaces removed; '' if unusable."""
    fixed = {v: normalize_zip(v).value for v in pd.unique(values)}
    return np.array([fixed[v] for v in values], dtype=object)


def _states(values: np.ndarray) -> np.ndarray:
    fixed = {v: (s.STATES_VOCAB.match(v) or v.upper()) if v else "" for v in pd.unique(values)}
    return np.array([fixed[v] for v in values], dtype=object)


def _bools(df: pd.DataFrame, column: str) -> np.ndarray:
    if column not in df.columns:
        return np.zeros(len(df), dtype=bool)
    col = df[column]
    if col.dtype == bool:
        return col.to_numpy(dtype=bool)
    words = col.astype(object).where(col.notna(), "").astype(str).str.strip().str.lower()
    return np.asarray(words.isin(s.TRUE_WORDS), dtype=bool)


def _numbers(df: pd.DataFrame, column: str) -> np.ndarray:
    if column not in df.columns:
        return np.full(len(df), np.nan)
    return np.asarray(pd.to_numeric(df[column], errors="coerce"), dtype=float)


def query_text(address: str, city: str, state: str, zip5: str) -> str:
    """The one-line address sent online: '1200 Penn Ave, Pittsburgh, PA 15222'."""
    tail = " ".join(p for p in (state, zip5) if p)
    return ", ".join(p for p in (address, city, tail) if p)


def query_key(text: str) -> str:
    """The cache key of a query: lower case, single spaces, no stray punctuation."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w#/&,.-]+", " ", text.lower())).strip(" ,")


@dataclass
class _Frame:
    """The columns the pipeline reads, cleaned, as arrays."""

    address: np.ndarray
    city: np.ndarray
    state: np.ndarray
    zip5: np.ndarray
    zip_raw: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    confidential: np.ndarray
    query: np.ndarray = field(init=False)
    key: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.address = np.where(self.confidential, "", self.address)
        # Work on distinct addresses only: a 211 export repeats them a lot.
        combined = pd.Series(
            self.address + "\x1f" + self.city + "\x1f" + self.state + "\x1f" + self.zip5
        )
        codes, uniques = pd.factorize(combined)
        texts = [query_text(*u.split("\x1f")) for u in uniques]
        keys = [query_key(q) for q in texts]
        self.query = np.array(texts, dtype=object)[codes] if len(codes) else np.array([], object)
        self.key = np.array(keys, dtype=object)[codes] if len(codes) else np.array([], object)


def _city_points(city: np.ndarray, state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised city centres, looking each distinct (city, state) up once."""
    codes, uniques = pd.factorize(pd.Series(city + "\x1f" + state))
    pairs = [u.split("\x1f") for u in uniques]
    lat, lon = get_gazetteer().city_points([p[0] for p in pairs], [p[1] for p in pairs])
    if not len(codes):
        return np.array([], float), np.array([], float)
    return lat[codes], lon[codes]


def _read(df: pd.DataFrame) -> _Frame:
    zip_raw = _text(df, s.ZIP)
    return _Frame(
        address=_text(df, s.ADDRESS),
        city=_text(df, s.CITY),
        state=_states(_text(df, s.STATE)),
        zip5=_zip5(zip_raw),
        zip_raw=zip_raw,
        lat=_numbers(df, s.LATITUDE),
        lon=_numbers(df, s.LONGITUDE),
        confidential=_bools(df, s.CONFIDENTIAL),
    )


def online_queries(df: pd.DataFrame) -> list[Query]:
    """The distinct queries the online step would ask about for ``df`` (cache ignored).

    Rows with a street address and no coordinates of their own (to place them at street
    level), and rows the offline steps cannot place. Never a confidential location.
    """
    f = _read(df)
    gaz = get_gazetteer()
    zlat, _ = gaz.zip_points(f.zip5)
    clat, _ = _city_points(f.city, f.state)
    return _queries(f, _valid_given(f), ~np.isnan(zlat) | ~np.isnan(clat))


def _queries(f: _Frame, given: np.ndarray, offline: np.ndarray) -> list[Query]:
    has_street = f.address != ""
    ask = ~f.confidential & ~given & (f.key != "") & (has_street | ~offline)
    out: dict[str, Query] = {}
    for i in np.flatnonzero(ask):
        out.setdefault(str(f.key[i]), Query(str(f.query[i]), str(f.key[i]), bool(has_street[i])))
    return list(out.values())


def _valid_given(f: _Frame) -> np.ndarray:
    ok = ~np.isnan(f.lat) & ~np.isnan(f.lon)
    ok &= (np.abs(f.lat) <= 90) & (np.abs(f.lon) <= 180) & ~((f.lat == 0) & (f.lon == 0))
    return np.asarray(ok & ~f.confidential)


def _place(name: str, state: str) -> str:
    return f"{name.title() if name.isupper() else name}, {state}"


def geocode_frame(
    df: pd.DataFrame,
    online: bool = False,
    *,
    store: WorkspaceStore | None = None,
    cache: GeocodeCache | None = None,
    settings: GeocoderSettings | None = None,
    geocoder: OnlineGeocoder | None = None,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> pd.DataFrame:
    """``df`` with every row placed as well as possible (see the module docstring).

    Works on ``ws.partners``, ``ws.services`` or any frame with some of the location
    columns (address, city, state, zip, latitude, longitude, confidential_location).

    Parameters:
        online: also ask the online geocoder (slow: one request per second).
        store: the workspace database, for the saved look-ups and the settings.
        cache: where saved look-ups live (default: the store's, else in memory).
        settings: the online geocoder's settings (default: the store's).
        geocoder: an :class:`OnlineGeocoder` to use instead of building one.
        progress, should_stop: called during the online step (see :func:`look_up_online`).

    Returns:
        A copy with ``latitude``, ``longitude`` (WGS84 degrees) and the :data:`GEO_COLUMNS`.
        Confidential rows come back with a blank address and approximate coordinates.

    Raises:
        GeocodingError: ``online`` is true and the online geocoder is not usable as
            configured (for example its user agent is missing).
    """
    cache = cache if cache is not None else GeocodeCache(store)
    f = _read(df)
    n = len(df)
    gaz = get_gazetteer()
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    precision = np.array(["none"] * n, dtype=object)
    source = np.array(["none"] * n, dtype=object)
    notes = np.array([""] * n, dtype=object)
    flagged = np.zeros(n, dtype=bool)

    zlat, zlon = gaz.zip_points(f.zip5)
    clat, clon = _city_points(f.city, f.state)
    zip_known = ~np.isnan(zlat)
    city_known = ~np.isnan(clat)

    # 1. given coordinates
    given = _valid_given(f)
    lat[given], lon[given] = f.lat[given], f.lon[given]
    precision[given], source[given] = "given", "file"
    far = np.full(n, np.nan)
    far[given & zip_known] = haversine_miles(
        f.lat[given & zip_known],
        f.lon[given & zip_known],
        zlat[given & zip_known],
        zlon[given & zip_known],
    )
    flagged = given & (far > FAR_FROM_ZIP_MILES)
    bad_given = ~f.confidential & ~np.isnan(f.lat) & ~np.isnan(f.lon) & ~given

    # 2. saved street-level look-ups
    eligible = ~f.confidential & ~given & (f.key != "")
    saved = cache.get_many(f.key[eligible])
    street_hit = np.array(
        [bool(eligible[i]) and _is_street(saved.get(str(f.key[i]))) for i in range(n)],
        dtype=bool,
    )
    for i in np.flatnonzero(street_hit):
        hit = saved[str(f.key[i])]
        lat[i], lon[i] = hit.latitude, hit.longitude
        precision[i], source[i] = "street", "cache"

    # 3. ZIP centre, 4. city centre
    todo = np.isnan(lat)
    by_zip = todo & zip_known
    lat[by_zip], lon[by_zip] = zlat[by_zip], zlon[by_zip]
    precision[by_zip], source[by_zip] = "zip", "zip"
    by_city = todo & ~zip_known & city_known
    lat[by_city], lon[by_city] = clat[by_city], clon[by_city]
    precision[by_city], source[by_city] = "city", "city"

    # saved answers that are less than street level (rows the offline steps missed)
    for i in np.flatnonzero(np.isnan(lat) & eligible):
        town = saved.get(str(f.key[i]))
        if town is not None and town.found:
            lat[i], lon[i] = town.latitude, town.longitude
            precision[i], source[i] = town.precision, "cache"

    # 5. online
    answers: dict[str, OnlineResult] = {}
    service = ""
    if online:
        chosen = geocoder
        if chosen is None:
            config = settings or (load_settings(store) if store is not None else None)
            chosen = OnlineGeocoder(config or GeocoderSettings(online=True))
        service = chosen.name
        answers, _ = look_up_online(
            _queries(f, given, zip_known | city_known),
            chosen,
            cache,
            progress=progress,
            should_stop=should_stop,
        )
        for i in np.flatnonzero(eligible):
            got = answers.get(str(f.key[i]))
            if got is None or got.outcome != "found":
                continue
            if got.precision == "street" or np.isnan(lat[i]):
                lat[i], lon[i] = got.latitude, got.longitude
                precision[i], source[i] = got.precision, "online"

    # notes, row by row (cheap: string formatting only)
    facts = _Facts(f, far, flagged, bad_given, zip_known, city_known, saved, answers, online)
    for row in range(n):
        notes[row] = _note(row, facts, str(precision[row]), str(source[row]), service)

    out = df.copy()
    out[s.LATITUDE] = lat
    out[s.LONGITUDE] = lon
    if s.ADDRESS in out.columns:
        out.loc[f.confidential, s.ADDRESS] = ""
    out[GEO_PRECISION] = precision.astype(str)
    out[GEO_SOURCE] = source.astype(str)
    out[GEO_NOTE] = notes.astype(str)
    out[GEO_FLAGGED] = flagged
    return out


def _is_street(hit: CachedResult | None) -> bool:
    return hit is not None and hit.found and hit.precision == "street"


@dataclass
class _Facts:
    """What the pipeline learned about every row, for writing the notes."""

    f: _Frame
    far: np.ndarray
    flagged: np.ndarray
    bad_given: np.ndarray
    zip_known: np.ndarray
    city_known: np.ndarray
    saved: dict[str, CachedResult]
    answers: dict[str, OnlineResult]
    online: bool


def _provider_name(key: str) -> str:
    provider = PROVIDERS.get(key)
    return provider.label.split(" (")[0] if provider else "the online geocoder"


def _note(i: int, x: _Facts, precision: str, source: str, service: str) -> str:
    """The sentence that says how (and how well) row ``i`` was placed, and what to do."""
    f = x.f
    zip5, city, state, zip_raw = str(f.zip5[i]), str(f.city[i]), str(f.state[i]), str(f.zip_raw[i])
    if f.confidential[i]:
        if precision == "zip":
            return f"Confidential location: shown only at the centre of ZIP code {zip5}."
        if precision == "city":
            return f"Confidential location: shown only at the centre of {_place(city, state)}."
        return (
            "Confidential location without a known ZIP code or city, so it is not on the "
            "map. Add its ZIP code (never its street address)."
        )
    if precision == "given":
        if x.flagged[i]:
            return (
                f"Placed at the coordinates given in the file, but they are "
                f"{x.far[i]:,.0f} miles from the centre of its ZIP code {zip5}. Check them "
                "(exports from 211 directories often carry wrong coordinates), or clear "
                "them to place the row by its ZIP code."
            )
        return "Placed at the coordinates given in the file."
    prefix = ""
    if x.bad_given[i]:
        prefix = (
            f"The coordinates in the file ({f.lat[i]:g}, {f.lon[i]:g}) are not a valid "
            "place and were ignored. "
        )
    key = str(f.key[i])
    answer, hit = x.answers.get(key), x.saved.get(key)
    if source in ("cache", "online"):
        what = {"street": "its street address", "zip": "its ZIP code area"}.get(
            precision, "its town or city"
        )
        if source == "online":
            return f"{prefix}Placed at {what} (found online with {service})."
        name = _provider_name(hit.provider if hit else "")
        return f"{prefix}Placed at {what} (found online with {name} earlier, and saved)."
    why = ""
    if f.address[i]:
        if answer is not None and answer.outcome == "failed":
            why = (
                f" The online look-up of its street address failed ({answer.message}); "
                "it will be tried again next time."
            )
        elif (answer is not None and answer.outcome == "no_match") or (
            hit is not None and not hit.found
        ):
            why = " The online geocoder found no match for its street address: check it."
        elif (answer is not None and answer.outcome == "found") or hit is not None:
            why = " The online geocoder found only the town, not the street address: check it."
        elif not x.online:
            why = " Switch on the online geocoder to place it at its street address."
    if precision == "zip":
        not_street = ", not at its street address" if f.address[i] else ""
        return f"{prefix}Placed at the centre of ZIP code {zip5}{not_street}.{why}"
    if precision == "city":
        bad_zip = ""
        if zip_raw and not zip5:
            bad_zip = f" '{zip_raw}' is not a 5-digit ZIP code: correct it."
        elif zip5:
            bad_zip = f" ZIP code {zip5} is not in the offline ZIP list: check it."
        return f"{prefix}Placed at the centre of {_place(city, state)}.{bad_zip}{why}"
    reasons = []
    if zip_raw and not zip5:
        reasons.append(f"'{zip_raw}' is not a 5-digit ZIP code")
    elif zip5 and not x.zip_known[i]:
        reasons.append(f"ZIP code {zip5} is not a known US ZIP code")
    else:
        reasons.append("it has no ZIP code")
    if city and state and not x.city_known[i]:
        reasons.append(f"'{_place(city, state)}' is not a known US city")
    elif city and not state:
        reasons.append(f"the city '{city}' has no state")
    elif not city:
        reasons.append("no city")
    if answer is not None and answer.outcome != "found":
        reasons.append(f"online: {answer.message}")
    fix = "Correct the ZIP code (or the city and state), or type its latitude and longitude."
    if not x.online and f.address[i]:
        fix += " The online geocoder may also find its street address."
    return f"{prefix}Not on the map: {'; '.join(reasons)}. {fix}"


def geocode_workspace(
    ws: Workspace,
    online: bool = False,
    *,
    store: WorkspaceStore | None = None,
    **kwargs: Any,
) -> Workspace:
    """A copy of ``ws`` whose partners and services are geocoded (:func:`geocode_frame`).

    One cache is shared by both tables, so an address is looked up online only once.
    """
    cache = kwargs.pop("cache", None) or GeocodeCache(store)
    partners = geocode_frame(ws.partners, online, store=store, cache=cache, **kwargs)
    services = geocode_frame(ws.services, online, store=store, cache=cache, **kwargs)
    return dataclasses.replace(ws, partners=partners, services=services)


def is_geocoded(df: pd.DataFrame) -> bool:
    """True when ``df`` already has the geocoding columns."""
    return all(c in df.columns for c in GEO_COLUMNS)


def placement_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Rows per precision, in :data:`PRECISIONS` order: precision, placed at, rows."""
    counts = df[GEO_PRECISION].value_counts() if len(df) else pd.Series(dtype=int)
    return pd.DataFrame(
        {
            "precision": list(PRECISIONS),
            "placed at": list(PRECISIONS.values()),
            "rows": [int(counts.get(p, 0)) for p in PRECISIONS],
        }
    )
