"""An offline US ZIP code and city gazetteer, indexed once.

The data come with the ``zipcodes`` package (no download at run time). Its per-call
``zipcodes.matching()`` scans every record (17.8 s for 50,000 look-ups, measured before this
index was built; bench/bench_geocoding.py),
so this module reads the whole list once into a pandas index (0.013 s for 50,000).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

ATTRIBUTION = (
    "ZIP code and city locations: the zipcodes package (MIT licence, Sean Pianka), with "
    "coordinates from GeoNames (CC BY 4.0, geonames.org) and ZIP lists from the USPS and "
    "unitedstateszipcodes.org. A ZIP code's point is its centre, not an address."
)
EARTH_RADIUS_MILES = 3958.7613

_CITY_WORDS = (
    ("saint", "st"),
    ("sainte", "ste"),
    ("mount", "mt"),
    ("fort", "ft"),
    ("township", "twp"),
    ("heights", "hts"),
)


def city_key(city: str, state: str = "") -> str:
    """A forgiving key for a city name: 'Mc Kees Rocks', 'McKees Rocks' -> 'mckeesrocks'."""
    words = re.sub(r"[^a-z0-9 ]+", " ", city.lower()).split()
    words = [dict(_CITY_WORDS).get(w, w) for w in words]
    return "".join(words) + ("|" + state.strip().upper() if state else "")


def haversine_miles(
    lat1: np.ndarray | float,
    lon1: np.ndarray | float,
    lat2: np.ndarray | float,
    lon2: np.ndarray | float,
) -> np.ndarray:
    """Great-circle distance in miles between (lat, lon) points in WGS84 degrees."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_MILES * np.arcsin(np.sqrt(np.clip(a, 0, 1))))


class Gazetteer:
    """ZIP and city look-ups. Build it once with :func:`get_gazetteer`.

    ``zips`` is indexed by 5-digit ZIP with columns latitude, longitude, city, state,
    county, zip_type ("STANDARD", "PO BOX", "UNIQUE", "MILITARY") and active.
    """

    def __init__(self, records: Iterable[dict[str, object]]) -> None:
        rows = []
        city_rows = []
        for r in records:
            lat, lon = r.get("lat"), r.get("long")
            if lat in ("", None) or lon in ("", None):
                continue
            z = str(r["zip_code"])
            rows.append(
                (
                    z,
                    float(str(lat)),
                    float(str(lon)),
                    str(r["city"]),
                    str(r["state"]),
                    str(r.get("county") or ""),
                    str(r.get("zip_code_type") or ""),
                    bool(r.get("active", True)),
                )
            )
            aliases = r.get("acceptable_cities")
            names = [r["city"], *(aliases if isinstance(aliases, list) else [])]
            for name in names:
                city_rows.append((city_key(str(name), str(r["state"])), z))
        self.zips = pd.DataFrame(
            rows,
            columns=[
                "zip",
                "latitude",
                "longitude",
                "city",
                "state",
                "county",
                "zip_type",
                "active",
            ],
        ).set_index("zip")
        cities = pd.DataFrame(city_rows, columns=["key", "zip"]).join(self.zips, on="zip")
        # A city's point: the mean of its delivery (STANDARD) ZIP centres, else of all.
        standard = cities[cities["zip_type"] == "STANDARD"]
        pick = pd.concat([standard, cities[~cities["key"].isin(standard["key"])]])
        self.cities = pick.groupby("key").agg(
            latitude=("latitude", "mean"),
            longitude=("longitude", "mean"),
            city=("city", "first"),
            state=("state", "first"),
            zips=("zip", "nunique"),
        )

    def zip_point(self, zip_code: str) -> tuple[float, float] | None:
        """(lat, lon) of a 5-digit ZIP's centre, or None if unknown."""
        try:
            row = self.zips.loc[zip_code]
        except KeyError:
            return None
        return float(row["latitude"].item()), float(row["longitude"].item())

    def city_point(self, city: str, state: str) -> tuple[float, float] | None:
        """(lat, lon) of a city (mean of its ZIP centres), or None if unknown."""
        if not city or not state:
            return None
        try:
            row = self.cities.loc[city_key(city, state)]
        except KeyError:
            return None
        return float(row["latitude"].item()), float(row["longitude"].item())

    def zip_points(self, zip_codes: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised :meth:`zip_point`: arrays of lat and lon, NaN where unknown."""
        found = self.zips.reindex(pd.Index(list(zip_codes), dtype=object))
        return (found["latitude"].to_numpy(dtype=float), found["longitude"].to_numpy(dtype=float))

    def city_points(
        self, cities: Iterable[str], states: Iterable[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised :meth:`city_point`: arrays of lat and lon, NaN where unknown."""
        keys = [city_key(c, st) if c and st else "" for c, st in zip(cities, states, strict=True)]
        found = self.cities.reindex(pd.Index(keys, dtype=object))
        return (found["latitude"].to_numpy(dtype=float), found["longitude"].to_numpy(dtype=float))

    def areas(
        self, states: Iterable[str] | None = None, counties: Iterable[str] | None = None
    ) -> pd.DataFrame:
        """Delivery ZIP areas (STANDARD, active) with their centres, optionally filtered.

        Returns columns area (the ZIP), latitude, longitude, city, state, county.
        """
        z = self.zips[(self.zips["zip_type"] == "STANDARD") & self.zips["active"]]
        if states is not None:
            z = z[z["state"].isin({st.upper() for st in states})]
        if counties is not None:
            z = z[z["county"].isin(set(counties))]
        out = z.reset_index().rename(columns={"zip": "area"})
        return out[["area", "latitude", "longitude", "city", "state", "county"]]


@functools.cache
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (about half a second to build, once)."""
    import zipcodes  # local: its import loads the whole data set

    return Gazetteer(zipcodes.list_all())  # type: ignore[no-untyped-call]
