"""Geocoding benchmark: speed of offline placement, and its accuracy on real colleges.

Speed: :func:`mapping.places.geocoding.geocode_frame` (vectorised look-ups of distinct values)
against a row-by-row loop over the same gazetteer, in the same run.
Accuracy: IPEDS HD2022 colleges placed from their ZIP code (or city) alone, against the
coordinates the Department of Education publishes.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.common import median_seconds, print_table
from bench.synthetic import synthetic_files
from mapping.data import schema as s
from mapping.places.accuracy import ipeds_accuracy
from mapping.places.gazetteer import get_gazetteer
from mapping.places.geocoding import geocode_frame

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "ipeds_hd2022"


def _row_by_row(df: pd.DataFrame) -> list[tuple[float, float] | None]:
    """The baseline: one gazetteer look-up per row, ZIP first, then city."""
    gaz = get_gazetteer()
    out = []
    for z, city, state in zip(df[s.ZIP], df[s.CITY], df[s.STATE], strict=True):
        out.append(gaz.zip_point(z) or gaz.city_point(city, state))
    return out


def run() -> None:
    start = time.perf_counter()
    get_gazetteer()
    build = time.perf_counter() - start
    rows = []
    for n in (1_000, 10_000, 50_000):
        files = synthetic_files(n)
        services, partners = files[s.SERVICES], files[s.PARTNERS]
        df = pd.DataFrame(
            {
                s.ZIP: np.where(services[s.ZIP] != "", services[s.ZIP], partners[s.ZIP].iloc[0]),
                s.CITY: "Pittsburgh",
                s.STATE: "PA",
            }
        )
        t_fast = median_seconds(lambda d=df: geocode_frame(d), repeat=3)
        t_loop = median_seconds(lambda d=df: _row_by_row(d), repeat=1, warmup=0)
        rows.append((n, t_fast, t_loop, t_loop / t_fast, n / t_fast))
    print_table(
        f"Offline placement (gazetteer indexed once in {build:.2f} s; medians)",
        ["rows", "geocode_frame s", "row-by-row loop s", "x faster", "rows/s"],
        rows,
    )
    if not REALDATA.is_dir():
        print(f"\n(IPEDS accuracy skipped: {REALDATA} not found)")
        return
    acc = []
    for file, label in (
        ("hd2022_address_subset.csv", "all colleges"),
        ("hd2022_public_2yr_colleges.csv", "community colleges"),
    ):
        for use_zip, how in ((True, "ZIP centre"), (False, "city centre (ZIP ignored)")):
            a = ipeds_accuracy(REALDATA / file, use_zip=use_zip)
            acc.append((label, how, *a.as_row()))
    print_table(
        "Accuracy vs published coordinates, IPEDS HD2022 (miles)",
        ["set", "placed by", "rows", "placed", "median", "90th pct", "99th pct", "share <= 5 mi"],
        acc,
    )


if __name__ == "__main__":
    run()
