"""Every online answer is kept in the database, so a place is looked up once ever."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mapping.data import tables

if TYPE_CHECKING:
    from mapping.data.store import WorkspaceStore


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
            conn.upsert(
                tables.geocode_cache,
                {
                    "query": query,
                    "found": int(result.found),
                    "latitude": None if math.isnan(result.latitude) else result.latitude,
                    "longitude": None if math.isnan(result.longitude) else result.longitude,
                    "precision": result.precision,
                    "provider": result.provider,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
                },
            )

    def revision(self) -> str:
        """Changes whenever the cache does (part of the map's cache key)."""
        if self.store is None:
            return f"memory:{len(self._memory)}"
        with self.store.connect() as conn:  # an answer added, replaced or forgotten moves it
            n, latest = conn.execute(
                "SELECT COUNT(*), COALESCE(MAX(created_at), '') FROM geocode_cache"
            ).fetchone()
        return f"{n}:{latest}"

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
