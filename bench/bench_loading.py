"""Loading benchmark: rows per second for 50,000 services, against plain pandas.read_csv."""

from __future__ import annotations

import io

import pandas as pd

from bench.common import median_seconds, print_table
from bench.synthetic import synthetic_files
from mapping.data import schema as s
from mapping.data.loading import load_tables
from mapping.data.reading import read_table


def run() -> None:
    rows = []
    for n in (1_000, 10_000, 50_000):
        files = synthetic_files(n)
        blobs = {f: df.to_csv(index=False).encode() for f, df in files.items()}
        services = blobs[s.SERVICES]
        t_pandas = median_seconds(lambda b=services: pd.read_csv(io.BytesIO(b), dtype=str))
        t_read = median_seconds(lambda b=services: read_table(b, s.SERVICES))
        partners = read_table(blobs[s.PARTNERS], s.PARTNERS)

        def full(b: bytes = services, p=partners, n: int = n) -> None:  # type: ignore[no-untyped-def]
            ws = load_tables({s.PARTNERS: p, s.SERVICES: read_table(b, s.SERVICES)})
            assert ws.counts[s.SERVICES]["loaded"] == n

        t_full = median_seconds(full, repeat=3)
        rows.append(
            (n, len(services) // 1024, t_pandas, t_read, t_full, n / t_full, t_full / t_pandas)
        )
    print_table(
        "Loading services.csv (median of runs; same file, same process)",
        [
            "services",
            "KiB",
            "pandas.read_csv s",
            "read only s",
            "read + check + build s",
            "rows/s (checked)",
            "x pandas",
        ],
        rows,
    )


if __name__ == "__main__":
    run()
