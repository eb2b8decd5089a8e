"""Residents per delivery ZIP area, offline, from the 2020 Census.

The counts are the Census Bureau's 2020 Demographic and Housing Characteristics table P1
(total population) for every ZIP Code Tabulation Area (ZCTA), shipped as
``data/census/zcta_population_2020.csv.gz`` (built by ``scripts/make_population.py``; about
150 KB, read once, no network).

A ZCTA is the Census Bureau's approximation of a ZIP code's delivery area, built from the
blocks where people live; the app's areas are delivery ZIP codes (STANDARD, active; see
:meth:`mapping.places.gazetteer.Gazetteer.areas`). They are matched like this, so every
resident is counted once, where they live:

* A delivery ZIP with a ZCTA of the same code has that ZCTA's residents.
* A ZCTA whose code is not a delivery ZIP (its ZIP is a PO-box or single-organisation
  ZIP in the gazetteer: 4,280 ZCTAs, 2.4 million people, mostly small towns whose mail goes
  to post-office boxes) has its residents added to the nearest delivery ZIP area of the
  same state, measured between the gazetteer's centres.
* A delivery ZIP with no ZCTA (a PO-box-like or new ZIP: 312 of about 29,800) has no
  residents of its own; it is still analysed, and counts only what was added to it.
* A ZCTA that cannot be placed (no centre in the gazetteer, or no delivery ZIP in its
  state) is left out and counted in :func:`matching_summary`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from mapping.places.gazetteer import get_gazetteer

POPULATION_FILE = (
    Path(__file__).resolve().parents[2] / "data" / "census" / ("zcta_population_2020.csv.gz")
)
YEAR = 2020
SOURCE = (
    "Residents: U.S. Census Bureau, 2020 Census, Demographic and Housing Characteristics "
    "(DHC), Table P1, per ZIP Code Tabulation Area (public domain). A PO-box ZIP's "
    "residents count in the nearest delivery ZIP area."
)
SOURCE_SHORT = "2020 Census"
RESIDENTS = "residents"

# How an area's residents were found (the ``matched_by`` column).
MATCHED_ZCTA = "ZCTA"
MATCHED_NONE = "no ZCTA"


@functools.cache
def zcta_residents() -> pd.Series:
    """Residents per ZCTA (index: 5-digit text), as published."""
    table = pd.read_csv(POPULATION_FILE, dtype=str, compression="gzip")
    return pd.Series(
        table["residents"].astype("int64").to_numpy(),
        index=pd.Index(table["zcta"], dtype=object),
        name="residents",
    )


def _unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    phi, lmb = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(phi) * np.cos(lmb), np.cos(phi) * np.sin(lmb), np.sin(phi)))


def nearest_delivery_areas(codes: pd.Index | list[str]) -> pd.Series:
    """For ZIP codes that are not delivery areas: the nearest delivery ZIP area of the same
    state (by the gazetteer's centres), "" when the code has no centre or its state has no
    delivery area. Index: the codes."""
    gaz = get_gazetteer()
    areas = gaz.areas()
    wanted = pd.Index(codes, dtype=object)
    known = gaz.zips.reindex(wanted)
    out = pd.Series("", index=wanted, dtype=object)
    ok = known["latitude"].notna().to_numpy()
    for state, group in known[ok].groupby("state", sort=False):
        pool = areas[areas["state"] == state]
        if pool.empty:
            continue
        tree = cKDTree(_unit(pool["latitude"].to_numpy(), pool["longitude"].to_numpy()))
        _, idx = tree.query(_unit(group["latitude"].to_numpy(), group["longitude"].to_numpy()))
        out.loc[group.index] = pool["area"].to_numpy()[np.asarray(idx, dtype=int)]
    return out


@dataclass(frozen=True)
class Matching:
    """How the ZCTAs were matched to delivery ZIP areas (for the notes beside the numbers)."""

    zctas: int
    residents: int
    same_code: int  # ZCTAs whose code is a delivery ZIP
    folded: int  # ZCTAs added to the nearest delivery ZIP area
    folded_residents: int
    unplaced: int  # ZCTAs left out (no centre)
    unplaced_residents: int
    areas_without_zcta: int  # delivery ZIPs with no ZCTA of their own


@functools.cache
def _matched() -> tuple[pd.DataFrame, Matching]:
    zcta = zcta_residents()
    areas = get_gazetteer().areas()[["area", "state"]].copy()
    own = zcta.reindex(areas["area"]).to_numpy()
    has_own = ~np.isnan(own)
    areas["own_residents"] = np.where(has_own, own, 0).astype("int64")
    areas["matched_by"] = np.where(has_own, MATCHED_ZCTA, MATCHED_NONE)
    others = zcta[~zcta.index.isin(set(areas["area"]))]
    target = nearest_delivery_areas(others.index)
    placed = target != ""
    added = others[placed.to_numpy()].groupby(target[placed].to_numpy()).sum()
    areas["added_residents"] = areas["area"].map(added).fillna(0).astype("int64")
    areas[RESIDENTS] = areas["own_residents"] + areas["added_residents"]
    lost = others[~placed.to_numpy()]
    matching = Matching(
        zctas=len(zcta),
        residents=int(zcta.sum()),
        same_code=int(has_own.sum()),
        folded=int(placed.sum()),
        folded_residents=int(others[placed.to_numpy()].sum()),
        unplaced=len(lost),
        unplaced_residents=int(lost.sum()),
        areas_without_zcta=int((~has_own).sum()),
    )
    return areas.set_index("area"), matching


def area_residents(area_ids: pd.Series | list[str] | np.ndarray) -> np.ndarray:
    """Residents (2020 Census) of each delivery ZIP area, in the order given; 0 for a code
    that is not a delivery area."""
    table, _ = _matched()
    found = table[RESIDENTS].reindex(pd.Index(np.asarray(area_ids).astype(str), dtype=object))
    return found.fillna(0).to_numpy(dtype=float)


def residents_table(area_ids: pd.Series | list[str] | np.ndarray) -> pd.DataFrame:
    """Per area: area, residents, own_residents (its ZCTA's), added_residents (from PO-box
    ZCTAs nearby), matched_by ("ZCTA" or "no ZCTA")."""
    table, _ = _matched()
    ids = pd.Index(np.asarray(area_ids).astype(str), dtype=object)
    out = table.reindex(ids)[[RESIDENTS, "own_residents", "added_residents", "matched_by"]]
    out = out.fillna({RESIDENTS: 0, "own_residents": 0, "added_residents": 0})
    out["matched_by"] = out["matched_by"].fillna(MATCHED_NONE)
    out = out.astype({RESIDENTS: "int64", "own_residents": "int64", "added_residents": "int64"})
    return out.rename_axis("area").reset_index()


def matching_summary() -> Matching:
    """How the Census ZCTAs were matched to the app's delivery ZIP areas, nationally."""
    return _matched()[1]


def region_note(area_ids: pd.Series | list[str] | np.ndarray) -> str:
    """One sentence on how the residents of these areas were counted (for beside the
    numbers), naming the source and year."""
    t = residents_table(area_ids)
    total = int(t[RESIDENTS].sum())
    none = int((t["matched_by"] == MATCHED_NONE).sum())
    added = int(t["added_residents"].sum())
    text = (
        f"{total:,} residents in {len(t):,} ZIP areas ({SOURCE_SHORT}, Table P1, by ZIP Code "
        "Tabulation Area)."
    )
    if added:
        text += (
            f" {added:,} of them live where mail goes to PO-box ZIPs and are counted in the "
            "nearest delivery ZIP area."
        )
    if none:
        text += (
            f" {none:,} ZIP area{'s have' if none != 1 else ' has'} no Census tabulation area "
            f"of {'their' if none != 1 else 'its'} own (PO-box or new ZIPs) and count only "
            "residents added from such nearby ZIPs, if any."
        )
    return text
