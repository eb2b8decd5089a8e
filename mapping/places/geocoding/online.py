"""The online geocoder (through geopy): one shared rate limiter per service, Retry-After,
stopping, and a plain-language progress line. Only this module imports geopy."""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from mapping.data.errors import GeocodingError
from mapping.places.geocoding.cache import CachedResult, GeocodeCache
from mapping.places.geocoding.settings import (
    API_KEY_ENV,
    NOMINATIM_POLICY,
    PROVIDERS,
    GeocoderSettings,
)

if TYPE_CHECKING:
    pass


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
