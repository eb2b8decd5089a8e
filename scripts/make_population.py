"""Write data/census/zcta_population_2020.csv.gz, the residents of every ZIP Code Tabulation
Area, from the Census Bureau's 2020 DHC table P1 (run: python scripts/make_population.py
[path/to/DECENNIALDHC2020.P1-Data.csv]).

The input is the data.census.gov export described in
../shared/realdata/census_zcta_population_2020/SOURCE.txt (two header rows: codes, then
labels; GEO_ID 860Z200USzzzzz; P1_001N the total population). The output keeps every ZCTA
and its count unchanged, as two columns ``zcta,residents`` sorted by ZCTA, gzip-compressed
(about 150 KB), so the app reads it offline with no network; matching ZCTAs to the app's
delivery ZIP areas happens when it is read (``mapping.places.population``). The script
checks the numbers SOURCE.txt gives (rows, total, three ZCTAs) and refuses to write
otherwise.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = (
    ROOT.parent
    / "shared"
    / "realdata"
    / "census_zcta_population_2020"
    / "DECENNIALDHC2020.P1-Data.csv"
)
OUT = ROOT / "data" / "census" / "zcta_population_2020.csv.gz"
# From SOURCE.txt: what the published file holds.
EXPECTED_ROWS = 33_774
EXPECTED_TOTAL = 334_726_586
EXPECTED = {"10025": 95_424, "60629": 114_453, "90210": 21_134}


def read_p1(path: Path) -> pd.DataFrame:
    """The P1 export as zcta (5-digit text) and residents (int)."""
    raw = pd.read_csv(path, skiprows=[1], dtype=str, keep_default_na=False)
    bad = raw[~raw["GEO_ID"].str.fullmatch(r"860Z200US\d{5}")]
    if len(bad):
        raise SystemExit(f"{path}: unexpected GEO_ID {bad['GEO_ID'].iloc[0]!r}")
    out = pd.DataFrame(
        {"zcta": raw["GEO_ID"].str[-5:], "residents": pd.to_numeric(raw["P1_001N"]).astype("int64")}
    )
    return out.sort_values("zcta").reset_index(drop=True)


def check(table: pd.DataFrame) -> None:
    """The counts SOURCE.txt states; a different file is refused."""
    if len(table) != EXPECTED_ROWS or table["zcta"].duplicated().any():
        raise SystemExit(f"expected {EXPECTED_ROWS} unique ZCTAs, got {len(table)}")
    if int(table["residents"].sum()) != EXPECTED_TOTAL:
        raise SystemExit(f"expected {EXPECTED_TOTAL} residents, got {table['residents'].sum()}")
    got = dict(zip(table["zcta"], table["residents"], strict=True))
    for zcta, n in EXPECTED.items():
        if got.get(zcta) != n:
            raise SystemExit(f"ZCTA {zcta}: expected {n}, got {got.get(zcta)}")


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else DEFAULT_INPUT
    table = read_p1(source)
    check(table)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = table.to_csv(index=False, lineterminator="\n").encode("ascii")
    # mtime=0: the same input gives the same bytes, so the file only changes with the data.
    with OUT.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(text)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(table):,} ZCTAs, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
