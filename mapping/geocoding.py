"""Place every partner and service on the map, and say honestly how precisely.

Each row goes through these steps in order and keeps the first that places it:

1. **given**: coordinates in the file (checked: in range, not 0,0; flagged, but kept,
   when more than :data:`FAR_FROM_ZIP_MILES` from the centre of the row's own ZIP code,
   a real fault in 211 exports);
2. **cache**: a street-level result found online earlier, saved in the workspace
   database (table ``geocode_cache``), so nothing is ever asked twice;
3. **zip**: the centre of its ZIP code (offline gazetteer, :mod:`mapping.gazetteer`);
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
import datetime as dt
import math
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np
import pandas as pd

from mapping import schema as s
from mapping.errors import GeocodingError
from mapping.gazetteer import get_gazetteer, haversine_miles
from mapping.normalize import normalize_zip
from mapping.workspace import Workspace

if TYPE_CHECKING:
    from mapping.store import WorkspaceStore

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

# ------------------------------------------------------------------ settings
SETTINGS_KEY: Final = "geocoder"
API_KEY_ENV: Final = "RESOURCE_MAP_GEOCODER_API_KEY"
NOMINATIM_POLICY: Final = "https://operations.osmfoundation.org/policies/nominatim/"


@dataclass(frozen=True)
class Provider:
    """An online geocoding service geopy can talk to."""

    label: str
    geopy_name: str
    needs_key: bool = False
    extra: tuple[tuple[str, Any], ...] = ()  # provider-specific geocode() arguments


PROVIDERS: Final[dict[str, Provider]] = {
    "nominatim": Provider(
        "Nominatim (OpenStreetMap; free, 1 request per second)",
        "nominatim",
        extra=(("country_codes", "us"),),
    ),
    "photon": Provider("Photon (komoot, OpenStreetMap data; free)", "photon"),
    "arcgis": Provider("ArcGIS World Geocoding (Esri)", "arcgis"),
    "opencage": Provider("OpenCage (needs an API key)", "opencage", needs_key=True),
    "locationiq": Provider("LocationIQ (needs an API key)", "locationiq", needs_key=True),
    "googlev3": Provider("Google Maps (needs an API key)", "googlev3", needs_key=True),
}

# Placeholder agents from geopy's and Nominatim's documentation, and words of our own hint.
_SAMPLE_AGENT = re.compile(
    r"^\s*$|geopy|example|sample|my[-_ ]?app|my[-_ ]?application|my_user_agent|"
    r"your[-_ ]?(org|app|name|email)|change[-_ ]?me|\btest\b|specify_your",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class GeocoderSettings:
    """Workspace-wide settings of the online geocoder (kept in the workspace database).

    ``domain`` is blank for the provider's public service, or a host[:port] of one's own
    (e.g. a partnership's own Nominatim), optionally starting with ``http://``.
    The API key of a keyed provider is read from the environment variable
    :data:`API_KEY_ENV` and never stored in the shared database.
    """

    online: bool = False
    provider: str = "nominatim"
    user_agent: str = ""
    timeout: float = 10.0
    domain: str = ""
    min_delay_seconds: float = 1.0

    def problem(self) -> str | None:
        """Why the online geocoder cannot be used as configured, or None."""
        provider = PROVIDERS.get(self.provider)
        if provider is None:
            names = ", ".join(PROVIDERS)
            return f"the online geocoder '{self.provider}' is not one of {names}; pick one."
        if _SAMPLE_AGENT.search(self.user_agent):
            shown = f"'{self.user_agent}' is a sample" if self.user_agent.strip() else "is empty"
            return (
                f"the online geocoder's user agent {shown}. Set it (Map page > Placement "
                "> Online geocoder settings) to your partnership's name and a contact "
                "email, such as 'Three Rivers Partnership resource map (you@yourdomain.org)'"
                f": the service's usage policy requires it ({NOMINATIM_POLICY})."
            )
        if provider.needs_key and not os.environ.get(API_KEY_ENV):
            return (
                f"{provider.label.split(' (')[0]} needs an API key: set the environment "
                f"variable {API_KEY_ENV} where the app runs, or choose Nominatim."
            )
        if not 0 < self.timeout <= 120:
            return f"the timeout must be above 0 and at most 120 seconds, got {self.timeout:g}."
        return None


def load_settings(store: WorkspaceStore) -> GeocoderSettings:
    """The workspace's geocoder settings (defaults where never set)."""
    saved = store.get_setting(SETTINGS_KEY, {}) or {}
    names = {f.name for f in dataclasses.fields(GeocoderSettings)}
    return GeocoderSettings(**{k: v for k, v in saved.items() if k in names})


def save_settings(store: WorkspaceStore, settings: GeocoderSettings) -> None:
    """Store the geocoder settings for every session of this workspace."""
    store.set_setting(SETTINGS_KEY, dataclasses.asdict(settings))


# ------------------------------------------------------------------ the cache
_CACHE_SQL = """CREATE TABLE IF NOT EXISTS geocode_cache (
    query TEXT PRIMARY KEY,
    found INTEGER NOT NULL,
    latitude REAL,
    longitude REAL,
    precision TEXT NOT NULL,
    provider TEXT NOT NULL,
    created_at TEXT NOT NULL)"""


@dataclass(frozen=True)
class CachedResult:
    """One saved online answer: a place, or "no match" (so it is not asked again)."""

    found: bool
    latitude: float
    longitude: float
    precision: str
    provider: str


class GeocodeCache:
    """Online answers kept in the workspace database, or in memory without a store."""

    def __init__(self, store: WorkspaceStore | None = None) -> None:
        self.store = store
        self._memory: dict[str, CachedResult] = {}
        if store is not None:
            with store.transaction() as conn:
                conn.execute(_CACHE_SQL)

    def get_many(self, queries: Iterable[str]) -> dict[str, CachedResult]:
        """The saved answers for these queries (missing ones are absent)."""
        wanted = list(dict.fromkeys(q for q in queries if q))
        if self.store is None:
            return {q: self._memory[q] for q in wanted if q in self._memory}
        out: dict[str, CachedResult] = {}
        with self.store.connect() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    "SELECT query, found, latitude, longitude, precision, provider "
                    f"FROM geocode_cache WHERE query IN ({marks})",
                    chunk,
                ).fetchall()
                for q, found, lat, lon, prec, prov in rows:
                    out[q] = CachedResult(
                        bool(found),
                        math.nan if lat is None else float(lat),
                        math.nan if lon is None else float(lon),
                        str(prec),
                        str(prov),
                    )
        return out

    def put(self, query: str, result: CachedResult) -> None:
        if self.store is None:
            self._memory[query] = result
            return
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO geocode_cache VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    query,
                    int(result.found),
                    None if math.isnan(result.latitude) else result.latitude,
                    None if math.isnan(result.longitude) else result.longitude,
                    result.precision,
                    result.provider,
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                ),
            )

    def revision(self) -> str:
        """Changes whenever the cache does (part of the map's cache key)."""
        if self.store is None:
            return f"memory:{len(self._memory)}"
        with self.store.connect() as conn:
            try:
                n, top = conn.execute(
                    "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM geocode_cache"
                ).fetchone()
            except sqlite3.OperationalError:  # created by another process since
                return "0:0"
        return f"{n}:{top}"

    def counts(self) -> dict[str, int]:
        """How many addresses were found and how many had no match."""
        if self.store is None:
            found = sum(r.found for r in self._memory.values())
            return {"found": found, "no_match": len(self._memory) - found}
        with self.store.connect() as conn:
            found, total = conn.execute(
                "SELECT COALESCE(SUM(found), 0), COUNT(*) FROM geocode_cache"
            ).fetchone()
        return {"found": int(found), "no_match": int(total) - int(found)}

    def clear(self) -> None:
        """Forget every saved answer (they will be asked again)."""
        self._memory.clear()
        if self.store is not None:
            with self.store.transaction() as conn:
                conn.execute("DELETE FROM geocode_cache")


# ------------------------------------------------------------------ rate limiting
class RateLimiter:
    """At most one request per ``min_interval`` seconds, shared by every caller.

    ``clock`` and ``sleep`` are injectable so tests run without real waiting.
    """

    def __init__(
        self,
        min_interval: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval = min_interval
        self.clock = clock
        self.sleep = sleep
        self._next = -math.inf
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Block until the next request may go; returns the seconds waited."""
        with self._lock:
            delay = self._next - self.clock()
            if delay > 0:
                self.sleep(delay)
            self._next = self.clock() + self.min_interval
            return max(delay, 0.0)

    def defer(self, seconds: float) -> None:
        """Send nothing for ``seconds`` from now (a server's Retry-After)."""
        with self._lock:
            self._next = max(self._next, self.clock() + seconds)


_LIMITERS: dict[tuple[str, str], RateLimiter] = {}
_LIMITERS_LOCK = threading.Lock()


def shared_limiter(settings: GeocoderSettings) -> RateLimiter:
    """The process-wide limiter of one service (never re-created per page run)."""
    key = (settings.provider, settings.domain)
    with _LIMITERS_LOCK:
        limiter = _LIMITERS.get(key)
        if limiter is None:
            limiter = _LIMITERS[key] = RateLimiter(settings.min_delay_seconds)
        limiter.min_interval = max(settings.min_delay_seconds, 0.0)
        return limiter


# ------------------------------------------------------------------ the online geocoder
Outcome = Literal["found", "no_match", "failed"]


@dataclass(frozen=True)
class OnlineResult:
    """The answer to one online look-up."""

    outcome: Outcome
    latitude: float = math.nan
    longitude: float = math.nan
    precision: str = "none"
    message: str = ""


_CITY_TYPES = frozenset(
    {
        "city",
        "town",
        "village",
        "hamlet",
        "municipality",
        "county",
        "state",
        "administrative",
        "suburb",
        "neighbourhood",
        "quarter",
        "locality",
        "country",
    }
)


def _result_precision(raw: object, has_street: bool) -> str:
    """street, zip or city, from what kind of place the service says it found."""
    kind = ""
    if isinstance(raw, dict):
        kind = str(raw.get("addresstype") or raw.get("type") or "").lower()
        props = raw.get("properties")
        if isinstance(props, dict) and not kind:  # Photon (GeoJSON)
            kind = str(props.get("type") or "").lower()
    if kind == "postcode":
        return "zip"
    if kind in _CITY_TYPES or not has_street:
        return "city"
    return "street"


def build_geocoder(settings: GeocoderSettings) -> Any:
    """The geopy geocoder these settings describe.

    Raises:
        GeocodingError: the settings cannot be used (see :meth:`GeocoderSettings.problem`).
    """
    problem = settings.problem()
    if problem:
        raise GeocodingError(problem)
    from geopy.adapters import RequestsAdapter
    from geopy.geocoders import get_geocoder_for_service

    def adapter(*, proxies: Any, ssl_context: Any) -> Any:
        # No hidden retries in urllib3 (it would sleep out a 429's Retry-After itself,
        # outside our rate limiter): every retry goes through OnlineGeocoder.lookup.
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)

    provider = PROVIDERS[settings.provider]
    cls = get_geocoder_for_service(provider.geopy_name)
    kwargs: dict[str, Any] = {
        "user_agent": settings.user_agent,
        "timeout": settings.timeout,
        "adapter_factory": adapter,
    }
    domain = settings.domain.strip().rstrip("/")
    if domain:
        scheme, _, host = domain.rpartition("://")
        kwargs["domain"] = host
        kwargs["scheme"] = scheme or "https"
    if provider.needs_key:
        kwargs["api_key"] = os.environ[API_KEY_ENV]
    return cls(**kwargs)


class OnlineGeocoder:
    """One geopy geocoder behind the rate limiter, with errors sorted per row.

    A row's outcome is "found", "no_match" (the service answered: nothing there) or
    "failed" (no answer: timeout, refused connection, server error; try again later).
    HTTP 429 is retried after the server's Retry-After (at most ``max_retries`` times).
    A refused user agent or API key stops the whole run with a :class:`GeocodingError`.
    """

    def __init__(
        self,
        settings: GeocoderSettings,
        *,
        geocoder: Any = None,
        limiter: RateLimiter | None = None,
        max_retries: int = 2,
        max_retry_after: float = 120.0,
    ) -> None:
        self.settings = settings
        self.geocoder = geocoder if geocoder is not None else build_geocoder(settings)
        self.limiter = limiter if limiter is not None else shared_limiter(settings)
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self.provider = PROVIDERS.get(settings.provider, PROVIDERS["nominatim"])

    @property
    def name(self) -> str:
        return self.provider.label.split(" (")[0]

    def lookup(self, query: str, *, has_street: bool = True) -> OnlineResult:
        """Ask the service about one address (waits for the rate limiter first)."""
        from geopy import exc

        for attempt in range(self.max_retries + 1):
            self.limiter.wait()
            try:
                location = self.geocoder.geocode(
                    query,
                    exactly_one=True,
                    timeout=self.settings.timeout,
                    **dict(self.provider.extra),
                )
            except exc.GeocoderRateLimited as error:
                wait = float(error.retry_after or self.limiter.min_interval * 2 ** (attempt + 1))
                if wait > self.max_retry_after or attempt == self.max_retries:
                    return OnlineResult(
                        "failed",
                        message=f"{self.name} is limiting requests (HTTP 429) and asked to "
                        f"wait {wait:g} s; try again later",
                    )
                self.limiter.defer(wait)
                continue
            except (
                exc.GeocoderAuthenticationFailure,
                exc.GeocoderInsufficientPrivileges,
                exc.GeocoderQuotaExceeded,
            ) as error:
                raise GeocodingError(
                    f"{self.name} refused the request ({error}). Check the user agent "
                    f"and, for a keyed service, the API key in {API_KEY_ENV}; for "
                    f"Nominatim see {NOMINATIM_POLICY}."
                ) from error
            except exc.GeocoderTimedOut:
                return OnlineResult(
                    "failed",
                    message=f"{self.name} did not answer within {self.settings.timeout:g} s",
                )
            except exc.GeocoderUnavailable as error:
                return OnlineResult(
                    "failed", message=f"{self.name} could not be reached ({_short(error)})"
                )
            except exc.GeocoderServiceError as error:
                return OnlineResult(
                    "failed", message=f"{self.name} answered with an error ({_short(error)})"
                )
            if location is None:
                return OnlineResult("no_match", message=f"{self.name} found no match")
            return OnlineResult(
                "found",
                float(location.latitude),
                float(location.longitude),
                _result_precision(getattr(location, "raw", None), has_street),
            )
        raise AssertionError("unreachable")  # pragma: no cover


def _short(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


@dataclass(frozen=True)
class Progress:
    """How far an online run has got; ``seconds_left`` is an estimate."""

    done: int
    total: int
    found: int
    no_match: int
    failed: int
    elapsed: float
    seconds_left: float
    stopped: bool = False
    finished: bool = False
    message: str = ""

    @property
    def fraction(self) -> float:
        return 1.0 if self.total == 0 else self.done / self.total

    def describe(self) -> str:
        """'120 of 400 addresses looked up (97 found, 20 no match, 3 failed); about 5 min left'."""
        head = f"{self.done:,} of {self.total:,} addresses looked up"
        parts = f"{self.found:,} found, {self.no_match:,} no match, {self.failed:,} failed"
        tail = ""
        if not self.finished and not self.stopped and self.done < self.total:
            tail = f"; about {_duration(self.seconds_left)} left"
        return f"{head} ({parts}){tail}"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(round(seconds), 1)} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


@dataclass(frozen=True)
class Query:
    """One distinct address to ask online about."""

    text: str
    key: str
    has_street: bool


def look_up_online(
    queries: Sequence[Query],
    online: OnlineGeocoder,
    cache: GeocodeCache,
    *,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    clock: Callable[[], float] = time.monotonic,
    max_failures_in_a_row: int = 5,
) -> tuple[dict[str, OnlineResult], Progress]:
    """Ask about each query not already cached; every answer is saved as it arrives.

    Stops early when ``should_stop()`` turns true, or after ``max_failures_in_a_row``
    service failures (the service is down: no point asking 1,000 more times).
    Returns the answers by query key, and the final progress.
    """
    cached = cache.get_many(q.key for q in queries)
    todo = [q for q in {q.key: q for q in queries}.values() if q.key not in cached]
    results: dict[str, OnlineResult] = {}
    start = clock()
    counts = {"found": 0, "no_match": 0, "failed": 0}
    failures_in_a_row = 0
    stopped = False
    message = ""

    def snapshot(done: int, *, finished: bool = False) -> Progress:
        elapsed = clock() - start
        per = max(elapsed / done if done else 0.0, online.limiter.min_interval)
        return Progress(
            done,
            len(todo),
            counts["found"],
            counts["no_match"],
            counts["failed"],
            elapsed,
            per * (len(todo) - done),
            stopped,
            finished,
            message,
        )

    if progress:
        progress(snapshot(0))
    done = 0
    for q in todo:
        if should_stop is not None and should_stop():
            stopped = True
            message = "Stopped. Everything looked up so far is saved."
            break
        result = online.lookup(q.text, has_street=q.has_street)
        results[q.key] = result
        counts[result.outcome] += 1
        done += 1
        if result.outcome == "failed":
            failures_in_a_row += 1
        else:
            failures_in_a_row = 0
            cache.put(
                q.key,
                CachedResult(
                    result.outcome == "found",
                    result.latitude,
                    result.longitude,
                    result.precision,
                    online.settings.provider,
                ),
            )
        if progress:
            progress(snapshot(done))
        if failures_in_a_row >= max_failures_in_a_row:
            stopped = True
            message = (
                f"Stopped after {failures_in_a_row} failed look-ups in a row ({result.message})."
                " Everything found so far is saved; try again later."
            )
            break
    final = snapshot(done, finished=not stopped)
    if progress:
        progress(final)
    return results, final


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


# ------------------------------------------------------------------ background runs
class GeocodeJob:
    """An online run in a background thread, which a page can watch and stop.

    The page starts it, shows :meth:`snapshot` every second, and :meth:`stop` sets a
    flag checked before each request. Answers are saved as they arrive, so stopping (or
    a crash) loses nothing.
    """

    def __init__(
        self,
        queries: Sequence[Query],
        online: OnlineGeocoder,
        cache: GeocodeCache,
    ) -> None:
        self.queries = list(queries)
        self.online = online
        self.cache = cache
        self._stop = threading.Event()
        self._progress = Progress(0, len(self.queries), 0, 0, 0, 0.0, 0.0)
        self._thread: threading.Thread | None = None
        self.error: str = ""
        self._lock = threading.Lock()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="geocode-job", daemon=True)
        self._thread.start()

    def run(self) -> Progress:
        try:
            _, final = look_up_online(
                self.queries,
                self.online,
                self.cache,
                progress=self._update,
                should_stop=self._stop.is_set,
            )
        except GeocodingError as error:
            self.error = str(error)
            with self._lock:
                final = dataclasses.replace(self._progress, stopped=True, message=str(error))
                self._progress = final
        return final

    def _update(self, p: Progress) -> None:
        with self._lock:
            self._progress = p

    def snapshot(self) -> Progress:
        with self._lock:
            return self._progress

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


def workspace_queries(ws: Workspace, cache: GeocodeCache) -> list[Query]:
    """The distinct addresses of ``ws`` still to ask online about (not yet saved)."""
    both = online_queries(ws.partners) + online_queries(ws.services)
    unique = list({q.key: q for q in both}.values())
    saved = cache.get_many(q.key for q in unique)
    return [q for q in unique if q.key not in saved]


# ------------------------------------------------------------------ fixing placements
FIX_COLUMNS: Final = (s.ADDRESS, s.CITY, s.STATE, s.ZIP, s.LATITUDE, s.LONGITUDE)


def rows_to_check(geocoded: pd.DataFrame, raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Rows not placed, or with coordinates to check, as text cells ready to correct.

    ``geocoded`` is the table after :func:`geocode_frame`, ``raw`` the same table as
    text cells (:func:`mapping.editing.editable_frame`). Services at their partner's
    location are left out: correct the partner instead. Columns: the row's key, name,
    ``note``, then :data:`FIX_COLUMNS`.
    """
    key = s.SPECS[file].key[0]
    todo = (geocoded[GEO_PRECISION] == "none") | geocoded[GEO_FLAGGED].astype(bool)
    if s.AT_PARTNER_LOCATION in geocoded.columns:
        todo &= ~geocoded[s.AT_PARTNER_LOCATION].astype(bool)
    picked = geocoded.loc[todo, [key, s.NAME, GEO_NOTE]].rename(columns={GEO_NOTE: "note"})
    cells = raw.set_index(key)[list(FIX_COLUMNS)]
    out = picked.join(cells, on=key)
    for col in FIX_COLUMNS:
        out[col] = out[col].fillna("").astype(str)
    return out.reset_index(drop=True)


def apply_location_fixes(ws: Workspace, file: str, fixes: pd.DataFrame) -> Workspace:
    """The workspace with corrected location cells, re-checked like an upload.

    ``fixes`` has the file's key column and some of :data:`FIX_COLUMNS` (text). Check
    ``.errors`` of the result before saving it.
    """
    from mapping.editing import apply_edit, editable_frame

    key = s.SPECS[file].key[0]
    table = editable_frame(ws, file).set_index(key)
    cols = [c for c in FIX_COLUMNS if c in fixes.columns]
    update = fixes.set_index(key)[cols].astype(object).where(fixes.set_index(key)[cols].notna(), "")
    update = update[update.index.isin(table.index)]
    table.loc[update.index, cols] = update.astype(str).to_numpy()
    return apply_edit(ws, file, table.reset_index())
