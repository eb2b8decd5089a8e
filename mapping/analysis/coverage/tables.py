"""Coverage tables for the Gaps page and the report: per category, per county, distances,
providers per category, and language, population and trauma-informed coverage."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from mapping.analysis.coverage.gaps import (
    AREA,
    COUNTY_LABEL,
    IS_GAP,
    NEAREST_MILES,
    NEAREST_PARTNER,
    PROVIDERS_WITHIN,
    RADIUS_MILES,
    _analysis_inputs,
    _column,
    _ordered_categories,
    _providers,
    _text,
    find_coverage_gaps,
)
from mapping.data import schema as s
from mapping.data.normalize import split_list


# ------------------------------------------------------------------------------ summaries
def gaps_table(
    gaps: pd.DataFrame, areas: pd.DataFrame, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The gaps as people read them: area, city, county, category, nearest_miles (one
    decimal), nearest_partner (its name), providers_within_radius, radius_miles, is_gap."""
    place = areas[[AREA, "city", COUNTY_LABEL]].astype({AREA: "str"}).drop_duplicates(AREA)
    out = gaps.merge(place, on=AREA, how="left")
    named = names or {}
    out["nearest_partner"] = out[NEAREST_PARTNER].map(lambda p: named.get(p, p))
    out[NEAREST_MILES] = out[NEAREST_MILES].round(1)
    out["city"] = out["city"].fillna("").astype(str).str.title()
    return out.rename(columns={COUNTY_LABEL: "county"})[
        [
            AREA,
            "city",
            "county",
            s.CATEGORY,
            NEAREST_MILES,
            "nearest_partner",
            PROVIDERS_WITHIN,
            RADIUS_MILES,
            IS_GAP,
        ]
    ]


def coverage_by_category(gaps: pd.DataFrame) -> pd.DataFrame:
    """One row per category: radius_miles, areas, gap_areas, one_provider_areas,
    served_areas (two or more providers), share_gap (0-1), median_miles, farthest_miles."""
    cols = [
        s.CATEGORY,
        RADIUS_MILES,
        "areas",
        "gap_areas",
        "one_provider_areas",
        "served_areas",
        "share_gap",
        "median_miles",
        "farthest_miles",
    ]
    if gaps.empty:
        return pd.DataFrame(columns=cols)
    g = gaps.assign(
        _gap=gaps[IS_GAP].astype(int),
        _one=(gaps[PROVIDERS_WITHIN] == 1).astype(int),
        _more=(gaps[PROVIDERS_WITHIN] >= 2).astype(int),
    )
    out = g.groupby(s.CATEGORY, sort=False).agg(
        radius_miles=(RADIUS_MILES, "first"),
        areas=(AREA, "size"),
        gap_areas=("_gap", "sum"),
        one_provider_areas=("_one", "sum"),
        served_areas=("_more", "sum"),
        median_miles=(NEAREST_MILES, "median"),
        farthest_miles=(NEAREST_MILES, "max"),
    )
    out["share_gap"] = out["gap_areas"] / out["areas"]
    return out.reset_index()[cols]


def coverage_by_county(gaps: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """One row per category and county: county_label, areas, gap_areas, share_gap (0-1)."""
    labels = areas[[AREA, COUNTY_LABEL]].astype({AREA: "str"}).drop_duplicates(AREA)
    g = gaps.merge(labels, on=AREA, how="left")
    out = (
        g.assign(_gap=g[IS_GAP].astype(int))
        .groupby([s.CATEGORY, COUNTY_LABEL], sort=False)
        .agg(areas=(AREA, "size"), gap_areas=("_gap", "sum"))
        .reset_index()
    )
    out["share_gap"] = out["gap_areas"] / out["areas"]
    return out


_NICE_WIDTHS = (1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 250.0, 500.0)


def distance_bins(gaps: pd.DataFrame, category: str, *, bins: int = 12) -> pd.DataFrame:
    """How many areas are how far from the nearest provider of one category.

    Returns one row per band of miles (about ``bins`` bands of a round width): from_miles,
    to_miles, miles (label such as "5-10"), within_radius and beyond_radius (areas whose
    nearest provider is within / beyond the category's radius). Empty when nobody offers it.
    """
    g = gaps[(gaps[s.CATEGORY] == category) & gaps[NEAREST_MILES].notna()]
    cols = ["from_miles", "to_miles", "miles", "within_radius", "beyond_radius"]
    if g.empty:
        return pd.DataFrame(columns=cols)
    d = g[NEAREST_MILES].to_numpy(dtype=float)
    radius = float(g[RADIUS_MILES].iloc[0])
    top = max(float(d.max()), 1e-9)
    width = next((w for w in _NICE_WIDTHS if top / w <= bins), _NICE_WIDTHS[-1])
    n = max(1, math.ceil(top / width + 1e-9))
    if d.max() >= n * width:
        n += 1
    band = np.minimum((d // width).astype(int), n - 1)
    within = d <= radius
    rows = []
    for i in range(n):
        lo, hi = i * width, (i + 1) * width
        rows.append(
            {
                "from_miles": lo,
                "to_miles": hi,
                "miles": f"{lo:g}-{hi:g}",
                "within_radius": int(((band == i) & within).sum()),
                "beyond_radius": int(((band == i) & ~within).sum()),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def providers_per_category(
    services: pd.DataFrame,
    partners: pd.DataFrame | None = None,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per category: group, providers (distinct partners), services, and when there
    is exactly one provider its name in ``only_provider`` (a single point of failure).

    Default categories: the whole taxonomy, so categories nobody offers show as 0.
    """
    cats = list(categories) if categories is not None else list(s.CATEGORIES.labels)
    names = _partner_names(partners)
    provider = pd.Series(_providers(services), index=services.index)
    by_cat = _text(services, s.CATEGORY)
    rows = []
    for c in cats:
        who = provider[by_cat == c]
        distinct = sorted(set(who))
        rows.append(
            {
                s.CATEGORY: c,
                "group": _group(c),
                "providers": len(distinct),
                "services": len(who),
                "only_provider": names.get(distinct[0], distinct[0]) if len(distinct) == 1 else "",
            }
        )
    return pd.DataFrame(
        rows, columns=[s.CATEGORY, "group", "providers", "services", "only_provider"]
    ).astype({"providers": "int64", "services": "int64"})


def _group(category: str) -> str:
    try:
        return s.CATEGORIES.term(category).group
    except KeyError:
        return ""


def _partner_names(partners: pd.DataFrame | None) -> dict[str, str]:
    if partners is None or partners.empty or s.NAME not in partners.columns:
        return {}
    return dict(zip(_text(partners, s.PARTNER_ID), _text(partners, s.NAME), strict=True))


def _service_lists(
    services: pd.DataFrame, partners: pd.DataFrame | None, column: str
) -> list[list[str]]:
    """Each service's list (languages or populations), its partner's when left blank."""
    own = _text(services, column)
    inherited = own
    if partners is not None and column in partners.columns and not partners.empty:
        by_partner = dict(zip(_text(partners, s.PARTNER_ID), _text(partners, column), strict=True))
        fallback = _text(services, s.PARTNER_ID).map(lambda p: by_partner.get(p, ""))
        inherited = own.where(own != "", fallback)
    return [split_list(v) for v in inherited]


def _offered_in(
    services: pd.DataFrame,
    partners: pd.DataFrame | None,
    column: str,
    values: Sequence[str],
    categories: Sequence[str] | None,
    value_name: str,
    *,
    by_group: bool = False,
) -> pd.DataFrame:
    cats = (
        list(categories)
        if categories is not None
        else _ordered_categories(_text(services, s.CATEGORY))
    )
    lists = _service_lists(services, partners, column)
    provider = _providers(services)
    by_cat = _text(services, s.CATEGORY).to_numpy()
    row_of = _group if by_group else (lambda c: c)
    keep = set(cats)
    seen: dict[tuple[str, str], set[str]] = {}
    for cat, items, who in zip(by_cat, lists, provider, strict=True):
        if cat not in keep:
            continue
        for item in items:
            seen.setdefault((row_of(cat), item), set()).add(who)
    row_name = "group" if by_group else s.CATEGORY
    row_labels = list(dict.fromkeys(row_of(c) for c in cats))
    rows = [
        {row_name: r, value_name: v, "providers": len(seen.get((r, v), ()))}
        for r in row_labels
        for v in values
    ]
    return pd.DataFrame(rows, columns=[row_name, value_name, "providers"]).astype(
        {"providers": "int64"}
    )


def as_matrix(df: pd.DataFrame, rows: str, columns: str, values: str = "providers") -> pd.DataFrame:
    """A long table as a matrix with ``rows`` as its first column, both axes in the order
    they first appear (the table beside a heatmap)."""
    ys = list(dict.fromkeys(df[rows]))
    xs = list(dict.fromkeys(df[columns]))
    wide = df.pivot(index=rows, columns=columns, values=values).loc[ys, xs]
    wide.columns.name = None
    return wide.reset_index()


def language_coverage(
    services: pd.DataFrame,
    partners: pd.DataFrame | None = None,
    categories: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Providers offering each category in each language: columns category, language,
    providers. A service with no languages listed takes its partner's.

    Default languages: those any service or partner lists, most common first.
    """
    if languages is None:
        counts: dict[str, int] = {}
        for items in _service_lists(services, partners, s.LANGUAGES):
            for item in items:
                counts[item] = counts.get(item, 0) + 1
        languages = sorted(counts, key=lambda v: (-counts[v], v))
    return _offered_in(services, partners, s.LANGUAGES, languages, categories, "language")


def population_coverage(
    services: pd.DataFrame,
    partners: pd.DataFrame | None = None,
    categories: Sequence[str] | None = None,
    populations: Sequence[str] | None = None,
    *,
    by_group: bool = False,
) -> pd.DataFrame:
    """Providers offering each category to each group of people: columns category,
    population, providers; with ``by_group``, per category group (Open Eligibility:
    Housing, Legal, ...) instead: columns group, population, providers (partners offering
    any category of the group). A service with no groups listed takes its partner's.

    Default populations: the whole list, so groups nobody names show as 0.
    """
    pops = list(populations) if populations is not None else list(s.POPULATIONS_VOCAB.labels)
    return _offered_in(
        services, partners, s.POPULATIONS, pops, categories, "population", by_group=by_group
    )


def trauma_informed_coverage(
    services: pd.DataFrame,
    areas: pd.DataFrame | None = None,
    radius_miles: float | Mapping[str, float] | None = None,
    *,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Per category: services marked trauma-informed, not, or not saying; and how many
    areas have any provider, and a trauma-informed one, within reach.

    Columns: category, services, trauma_informed, not_trauma_informed, unknown, areas,
    areas_served, areas_served_trauma_informed.
    """
    placed, areas, cats = _analysis_inputs(services, areas, categories)
    flag = _column(placed, s.TRAUMA_INFORMED, pd.NA).astype("boolean")
    all_gaps = find_coverage_gaps(placed, areas, radius_miles, categories=cats)
    ti_gaps = find_coverage_gaps(
        placed[flag.fillna(False).to_numpy(dtype=bool)], areas, radius_miles, categories=cats
    )
    by_cat = _text(placed, s.CATEGORY)
    rows = []
    for c in cats:
        f = flag[by_cat == c]
        rows.append(
            {
                s.CATEGORY: c,
                "services": len(f),
                "trauma_informed": int(f.eq(True).sum()),
                "not_trauma_informed": int(f.eq(False).sum()),
                "unknown": int(f.isna().sum()),
                "areas": int((all_gaps[s.CATEGORY] == c).sum()),
                "areas_served": int(((all_gaps[s.CATEGORY] == c) & ~all_gaps[IS_GAP]).sum()),
                "areas_served_trauma_informed": int(
                    ((ti_gaps[s.CATEGORY] == c) & ~ti_gaps[IS_GAP]).sum()
                ),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            s.CATEGORY,
            "services",
            "trauma_informed",
            "not_trauma_informed",
            "unknown",
            "areas",
            "areas_served",
            "areas_served_trauma_informed",
        ],
    )
