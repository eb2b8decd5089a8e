"""Gaps in people: the residents (or the need) of the areas with no provider within reach.

An empty rural ZIP area and a dense neighbourhood count the same in ZIP areas; here each
area weighs as much as the people who live there (2020 Census residents,
:mod:`mapping.places.population`) or the partnership's own need layer
(:mod:`mapping.places.need`). :class:`Weights` says which, with its source and year, so
every sentence can name them. ZIP-area counts stay in the tables beside the people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mapping.analysis.coverage.gaps import (
    AREA,
    COUNTY_LABEL,
    IS_GAP,
    PROVIDERS_WITHIN,
    RADIUS_MILES,
)
from mapping.analysis.coverage.readings import category_phrase
from mapping.data import schema as s
from mapping.places import population
from mapping.places.need import NeedLayer, need_per_area

PEOPLE = "people"


@dataclass(frozen=True)
class Weights:
    """How much each area weighs: ``values`` (index: area) counts ``noun`` (plural, as it
    reads in a sentence: "residents", "households in poverty"); ``source`` names where the
    numbers come from, with their year."""

    values: pd.Series
    noun: str
    source: str
    is_residents: bool = True

    def of(self, area_ids: pd.Series | np.ndarray) -> np.ndarray:
        """The weight of each area, in the order given (0 for an area not in ``values``)."""
        ids = pd.Index(np.asarray(area_ids).astype(str), dtype=object)
        return self.values.reindex(ids).fillna(0).to_numpy(dtype=float)

    @property
    def total(self) -> float:
        return float(self.values.sum())


def resident_weights(areas: pd.DataFrame) -> Weights:
    """Residents of each area (2020 Census, Table P1; see :mod:`mapping.places.population`)."""
    ids = areas[AREA].astype(str).to_numpy()
    values = pd.Series(population.area_residents(ids), index=pd.Index(ids, dtype=object))
    return Weights(values[~values.index.duplicated()], population.RESIDENTS, population.SOURCE)


def need_weights(areas: pd.DataFrame, layer: NeedLayer) -> Weights:
    """The need layer's value for each area (a county's value shared by residents)."""
    ids = areas[AREA].astype(str).to_numpy()
    values = pd.Series(need_per_area(layer, areas), index=pd.Index(ids, dtype=object))
    how = (
        "by ZIP code"
        if layer.key == "ZIP"
        else "by county, shared among its ZIP areas by residents (2020 Census)"
    )
    source = f"Need layer '{layer.name}': {layer.source}, uploaded {layer.uploaded}, {how}."
    return Weights(values[~values.index.duplicated()], layer.name, source, is_residents=False)


def weights_note(weights: Weights, areas: pd.DataFrame) -> str:
    """Where the numbers of people come from, with the year, for beside the numbers: for
    residents, how many the region has and how they were matched to ZIP areas."""
    if weights.is_residents:
        return population.region_note(areas[AREA].astype(str).to_numpy())
    return weights.source + " ZIP areas the layer does not list count as 0."


def people_by_category(gaps: pd.DataFrame, weights: Weights) -> pd.DataFrame:
    """One row per category: radius_miles, areas, gap_areas, people (the region's total),
    gap_people (in areas with no provider within reach), share_gap_people (0-1),
    one_provider_people (in areas only one partner reaches), served_people (two or more)."""
    cols = [
        s.CATEGORY,
        RADIUS_MILES,
        "areas",
        "gap_areas",
        PEOPLE,
        "gap_people",
        "share_gap_people",
        "one_provider_people",
        "served_people",
    ]
    if gaps.empty:
        return pd.DataFrame(columns=cols)
    w = weights.of(gaps[AREA].to_numpy())
    g = pd.DataFrame(
        {
            s.CATEGORY: gaps[s.CATEGORY].to_numpy(),
            RADIUS_MILES: gaps[RADIUS_MILES].to_numpy(),
            "_gap": gaps[IS_GAP].to_numpy(dtype=bool).astype(int),
            PEOPLE: w,
            "gap_people": np.where(gaps[IS_GAP].to_numpy(dtype=bool), w, 0.0),
            "one_provider_people": np.where(gaps[PROVIDERS_WITHIN].to_numpy() == 1, w, 0.0),
            "served_people": np.where(gaps[PROVIDERS_WITHIN].to_numpy() >= 2, w, 0.0),
        }
    )
    out = g.groupby(s.CATEGORY, sort=False).agg(
        radius_miles=(RADIUS_MILES, "first"),
        areas=("_gap", "size"),
        gap_areas=("_gap", "sum"),
        people=(PEOPLE, "sum"),
        gap_people=("gap_people", "sum"),
        one_provider_people=("one_provider_people", "sum"),
        served_people=("served_people", "sum"),
    )
    total = out[PEOPLE].where(out[PEOPLE] > 0)
    out["share_gap_people"] = (out["gap_people"] / total).fillna(0.0)
    return out.reset_index()[cols]


def people_by_county(gaps: pd.DataFrame, areas: pd.DataFrame, weights: Weights) -> pd.DataFrame:
    """One row per category and county: county_label, areas, gap_areas, people, gap_people,
    share_gap (0-1, of the people)."""
    labels = areas[[AREA, COUNTY_LABEL]].astype({AREA: "str"}).drop_duplicates(AREA)
    g = gaps.merge(labels, on=AREA, how="left")
    w = weights.of(g[AREA].to_numpy())
    gap = g[IS_GAP].to_numpy(dtype=bool)
    out = (
        g.assign(_gap=gap.astype(int), _w=w, _gw=np.where(gap, w, 0.0))
        .groupby([s.CATEGORY, COUNTY_LABEL], sort=False)
        .agg(
            areas=(AREA, "size"),
            gap_areas=("_gap", "sum"),
            people=("_w", "sum"),
            gap_people=("_gw", "sum"),
        )
        .reset_index()
    )
    out["share_gap"] = (out["gap_people"] / out[PEOPLE].where(out[PEOPLE] > 0)).fillna(0.0)
    return out


def people_text(n: float) -> str:
    """A number of people as it reads: whole numbers with thousands separators."""
    return f"{round(float(n)):,}"


def _share(part: float, whole: float) -> str:
    if whole <= 0:
        return "0%"
    share = 100 * part / whole
    return f"{share:.0f}%" if share >= 1 or share == 0 else "under 1%"


def _miles(x: float) -> str:
    return f"{x:.0f}" if x >= 10 else f"{x:.1f}"


def _verb(weights: Weights) -> str:
    return "live" if weights.is_residents else "are"


def people_gaps_reading(summary: pd.DataFrame, weights: Weights) -> str:
    """One sentence on the gap that leaves the most people without a provider within reach
    (from :func:`people_by_category`)."""
    if summary.empty:
        return "There are no areas or categories to compare."
    total = float(summary[PEOPLE].iloc[0])
    noun = weights.noun
    with_gaps = summary[summary["gap_people"] > 0]
    if with_gaps.empty:
        return (
            f"Every one of the {people_text(total)} {noun} of the region has a provider of each "
            f"of the {len(summary)} categories within reach."
        )
    top = with_gaps.sort_values("gap_people", ascending=False, kind="stable").iloc[0]
    gap = float(top["gap_people"])
    sentence = (
        f"{people_text(gap)} of the region's {people_text(top[PEOPLE])} {noun} "
        f"({_share(gap, float(top[PEOPLE]))}) {_verb(weights)} where no "
        f"{category_phrase(str(top[s.CATEGORY]))} provider is within "
        f"{_miles(float(top[RADIUS_MILES]))} miles"
    )
    if len(with_gaps) > 1:
        sentence += (
            f"; for {len(with_gaps)} of {len(summary)} categories some {noun} have none within "
            "reach"
        )
    return sentence + "."


def people_depth_reading(summary: pd.DataFrame, weights: Weights) -> str:
    """One sentence on the people who depend on a single partner for a category."""
    if summary.empty or summary["one_provider_people"].sum() == 0:
        return f"No {weights.noun} depend on a single partner for any category within reach."
    top = summary.sort_values("one_provider_people", ascending=False, kind="stable").iloc[0]
    n = float(top["one_provider_people"])
    return (
        f"{people_text(n)} {weights.noun} ({_share(n, float(top[PEOPLE]))} of the region) "
        f"depend on one partner for {category_phrase(str(top[s.CATEGORY]))}: if it stopped, "
        "they would have none within reach."
    )


def people_layer_reading(gaps: pd.DataFrame, category: str, weights: Weights) -> str:
    """One sentence for the map's gap layer, in people."""
    g = gaps[gaps[s.CATEGORY] == category]
    phrase = category_phrase(category)
    if g.empty:
        return f"No ZIP areas to compare for {phrase}."
    w = weights.of(g[AREA].to_numpy())
    gap = float(w[g[IS_GAP].to_numpy(dtype=bool)].sum())
    total = float(w.sum())
    radius = float(g[RADIUS_MILES].iloc[0])
    if gap == 0:
        return (
            f"All of the region's {people_text(total)} {weights.noun} have {phrase} within reach."
        )
    return (
        f"{people_text(gap)} of the region's {people_text(total)} {weights.noun} "
        f"({_share(gap, total)}) {_verb(weights)} where no {phrase} provider is within "
        f"{_miles(radius)} miles: the marked areas, larger where more {weights.noun} "
        f"{_verb(weights)}."
    )
