"""How far offline placement is from the truth: a ZIP or city centre vs published points;
and which given coordinates are far from their own ZIP code (:func:`far_from_zip`).

The accuracy measures are used by the accuracy test and ``bench/bench_geocoding.py`` on the
US Department of Education's college directory (IPEDS HD2022), which publishes each
college's coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import get_gazetteer, haversine_miles
from mapping.places.geocoding import FAR_FROM_ZIP_MILES, GEO_PRECISION, geocode_frame

FAR_COLUMN = "miles from ZIP centre"


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


def far_from_zip(ws: Workspace, *, miles: float = FAR_FROM_ZIP_MILES) -> pd.DataFrame:
    """Partners and services whose own coordinates are more than ``miles`` (miles) from the
    centre of their own ZIP code: a typo in either, or a point geocoded somewhere else.

    The geocoding step flags them too, but only once the Map places the rows; this check runs
    on any workspace, so the Import tab can say it before anything is saved (issue 16).
    Services at their partner's location carry the partner's point and are not repeated.
    Columns: kind, id, name, zip, city, miles from ZIP centre (rounded to 0.1), farthest first.
    """
    frames = []
    for kind, df, key in (
        ("partner", ws.partners, s.PARTNER_ID),
        ("service", ws.services, s.SERVICE_ID),
    ):
        if df.empty:
            continue
        own = df
        if s.AT_PARTNER_LOCATION in df.columns:
            own = df[~df[s.AT_PARTNER_LOCATION].astype(bool)]
        lat = pd.to_numeric(own[s.LATITUDE], errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(own[s.LONGITUDE], errors="coerce").to_numpy(dtype=float)
        has = ~np.isnan(lat) & ~np.isnan(lon) & (own[s.ZIP].to_numpy(dtype=object) != "")
        if not has.any():
            continue
        sub = own[has]
        zlat, zlon = get_gazetteer().zip_points(sub[s.ZIP])
        distance = haversine_miles(lat[has], lon[has], zlat, zlon)
        far = ~np.isnan(distance) & (distance > miles)
        if far.any():
            rows = sub[far]
            frames.append(
                pd.DataFrame(
                    {
                        "kind": kind,
                        "id": rows[key].to_numpy(),
                        "name": rows[s.NAME].to_numpy(),
                        "zip": rows[s.ZIP].to_numpy(),
                        "city": rows[s.CITY].to_numpy(),
                        FAR_COLUMN: np.round(distance[far], 1),
                    }
                )
            )
    if not frames:
        return pd.DataFrame(
            {c: pd.Series(dtype="str") for c in ("kind", "id", "name", "zip", "city")}
            | {FAR_COLUMN: pd.Series(dtype="float64")}
        )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(FAR_COLUMN, ascending=False, kind="stable").reset_index(drop=True)
