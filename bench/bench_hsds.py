"""HSDS import benchmark: import and place a 20,000-service package, against plain pandas.

The baseline is what the same CSVs cost to read with ``pandas.read_csv`` and nothing else
(no joins, no checks), in the same process. The import is :func:`mapping.interop.hsds.import_hsds`
(reading, layout, taxonomy crosswalk, every contract check, the problem report). Placing
rows on the map is one separate call, :func:`geocode_step` (the geocoding pipeline, offline).
"""

from __future__ import annotations

import io
import time

import pandas as pd

from bench.common import median_seconds, print_table
from bench.hsds_synthetic import synthetic_hsds
from mapping import import_hsds
from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import get_gazetteer
from mapping.places.geocoding import geocode_workspace


def geocode_step(ws: Workspace) -> Workspace:
    """THE geocoding step of the benchmark: place every partner and service offline
    (coordinates given, else ZIP centre, else city centre), as the Map page does, with
    :func:`mapping.places.geocoding.geocode_workspace` and an in-memory look-up cache."""
    return geocode_workspace(ws)


def _read_with_pandas(files: dict[str, bytes]) -> int:
    total = 0
    for data in files.values():
        df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, on_bad_lines="skip")
        total += len(df)
    return total


def run(n_services: int = 20_000) -> None:
    start = time.perf_counter()
    get_gazetteer()  # built once per process; not part of any timed step
    build = time.perf_counter() - start
    rows = []
    for layout in ("3.0", "2.0"):
        files = synthetic_hsds(n_services, layout=layout)
        size = sum(len(b) for b in files.values()) / 2**20
        t_pandas = median_seconds(lambda f=files: _read_with_pandas(f), repeat=5)
        t_import = median_seconds(lambda f=files: import_hsds(f), repeat=3)
        ws = import_hsds(files, default_category="Care")
        before = int(ws.services[s.LATITUDE].notna().sum())
        t_place = median_seconds(
            lambda w=ws: geocode_step(
                w.__class__(
                    partners=w.partners.copy(),
                    services=w.services.copy(),
                    relationships=w.relationships,
                )
            ),
            repeat=5,
        )
        placed = geocode_step(ws)
        after = int(placed.services[s.LATITUDE].notna().sum())
        rows.append(
            (
                f"HSDS {layout}",
                len(files),
                f"{size:.1f}",
                f"{len(ws.partners):,} / {len(ws.services):,}",
                len(ws.problems),
                t_pandas,
                t_import,
                t_place,
                t_import + t_place,
                (t_import + t_place) / t_pandas,
                f"{before:,} -> {after:,}",
            )
        )
    print_table(
        f"Importing a {n_services:,}-service HSDS package (median of runs, same process; "
        f"gazetteer index built once beforehand in {build:.2f} s)",
        [
            "layout",
            "files",
            "MiB",
            "partners / services",
            "problems",
            "pandas.read_csv s",
            "import_hsds s",
            "geocode_step s",
            "import + place s",
            "x pandas",
            "services with coordinates",
        ],
        rows,
    )


if __name__ == "__main__":
    run()
