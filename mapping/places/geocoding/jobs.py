"""Looking places up online in the background, so the page stays usable meanwhile."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mapping.data.errors import GeocodingError
from mapping.data.workspace import Workspace
from mapping.places.geocoding.cache import GeocodeCache
from mapping.places.geocoding.online import OnlineGeocoder, Progress, Query, look_up_online
from mapping.places.geocoding.pipeline import online_queries

if TYPE_CHECKING:
    pass


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
