"""How far offline placement is from the truth: a ZIP or city centre vs published points.

Used by the accuracy test and ``bench/bench_geocoding.py`` on the US Department of
Education's college directory (IPEDS HD2022), which publishes each college's coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mapping.data import schema as s
from mapping.places.gazetteer import haversine_miles
from mapping.places.geocoding import GEO_PRECISION, geocode_frame


@dataclass(frozen=True)
class Accuracy:
    """Errors in miles of the rows placed, against the published coordinates."""

    rows: int
    placed: int
    median_miles: float
    p90_miles: float
    p99_miles: float
    within_5_miles: float  # share of placed rows

    def as_row(self) -> tuple[int, int, float, float, float, float]:
        return (
            self.rows,
            self.placed,
            self.median_miles,
            self.p90_miles,
            self.p99_miles,
            self.within_5_miles,
        )


def placement_errors(
    df: pd.DataFrame, true_lat: pd.Series, true_lon: pd.Series, *, use_zip: bool = True
) -> Accuracy:
    """Geocode ``df`` offline (ZIP, else city; or city only) and measure the distances."""
    frame = df if use_zip else df.assign(**{s.ZIP: ""})
    placed = geocode_frame(frame.drop(columns=[s.LATITUDE, s.LONGITUDE], errors="ignore"))
    lat = pd.to_numeric(true_lat, errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(true_lon, errors="coerce").to_numpy(dtype=float)
    ok = (placed[GEO_PRECISION] != "none").to_numpy() & ~np.isnan(lat) & ~np.isnan(lon)
    miles = haversine_miles(
        placed[s.LATITUDE].to_numpy(dtype=float)[ok],
        placed[s.LONGITUDE].to_numpy(dtype=float)[ok],
        lat[ok],
        lon[ok],
    )
    return Accuracy(
        len(df),
        int(ok.sum()),
        float(np.median(miles)),
        float(np.percentile(miles, 90)),
        float(np.percentile(miles, 99)),
        float((miles <= 5).mean()),
    )


def ipeds_accuracy(path: Path, *, use_zip: bool = True) -> Accuracy:
    """Accuracy on an IPEDS HD extract (columns ZIP, CITY, STABBR, LATITUDE, LONGITUD)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = pd.DataFrame({s.ZIP: raw["ZIP"], s.CITY: raw["CITY"], s.STATE: raw["STABBR"]})
    return placement_errors(df, raw["LATITUDE"], raw["LONGITUD"], use_zip=use_zip)
