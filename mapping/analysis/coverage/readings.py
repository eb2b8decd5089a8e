"""One-sentence readings of the coverage tables, in plain language, for beside each chart."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from mapping.analysis.coverage.gaps import IS_GAP, NEAREST_MILES, RADIUS_MILES
from mapping.data import schema as s


# ------------------------------------------------------------------------------ readings
def category_phrase(category: str) -> str:
    """A category as it reads inside a sentence: 'legal aid', but 'ESL' and 'GED'."""
    first = category.split(maxsplit=1)[0]
    return category if first.isupper() else category[0].lower() + category[1:]


def _join(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _miles(x: float) -> str:
    return f"{x:.0f}" if x >= 10 else f"{x:.1f}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def gaps_reading(summary: pd.DataFrame) -> str:
    """One sentence on the widest gap (from :func:`coverage_by_category`)."""
    if summary.empty:
        return "There are no areas or categories to compare."
    with_gaps = summary[summary["gap_areas"] > 0]
    if with_gaps.empty:
        return (
            f"Every one of the {int(summary['areas'].iloc[0]):,} ZIP areas has a provider of each "
            f"of the {len(summary)} categories within reach."
        )
    top = with_gaps.sort_values("gap_areas", ascending=False, kind="stable").iloc[0]
    sentence = (
        f"{int(top['gap_areas']):,} of {int(top['areas']):,} ZIP areas have no "
        f"{category_phrase(str(top[s.CATEGORY]))} provider within "
        f"{_miles(float(top[RADIUS_MILES]))} miles"
    )
    if len(with_gaps) > 1:
        sentence += (
            f"; {len(with_gaps)} of {len(summary)} categories leave at least one area "
            "without a provider in reach"
        )
    return sentence + "."


def gap_layer_reading(gaps: pd.DataFrame, category: str) -> str:
    """One sentence for the map's gap layer: how many ZIP areas of the region have no
    provider of ``category`` within reach."""
    g = gaps[gaps[s.CATEGORY] == category]
    phrase = category_phrase(category)
    if g.empty:
        return f"No ZIP areas to compare for {phrase}."
    n_gaps = int(g[IS_GAP].sum())
    radius = float(g[RADIUS_MILES].iloc[0])
    if not n_gaps:
        return f"Every one of the {len(g):,} ZIP areas has {phrase} within reach."
    return (
        f"{n_gaps:,} of {len(g):,} ZIP areas have no {phrase} within {_miles(radius)} miles "
        "(or the service's own reach): they are marked on the map."
    )


def distance_reading(gaps: pd.DataFrame, category: str) -> str:
    """One sentence on the distances to the nearest provider of one category."""
    g = gaps[gaps[s.CATEGORY] == category]
    phrase = category_phrase(category)
    if g.empty:
        return f"No areas to measure for {phrase}."
    d = g[NEAREST_MILES]
    if d.isna().all():
        return f"No partner offers {phrase}, so every one of the {len(g):,} ZIP areas is a gap."
    radius = float(g[RADIUS_MILES].iloc[0])
    beyond = int((d > radius).sum())
    sentence = (
        f"Half of the {len(g):,} ZIP areas are within {_miles(float(d.median()))} miles of "
        f"{'an' if phrase[0] in 'aeiouAEIOU' else 'a'} {phrase} provider; the farthest is "
        f"{_miles(float(d.max()))} miles away"
    )
    if beyond:
        sentence += f", and {beyond:,} {'is' if beyond == 1 else 'are'} beyond the "
        sentence += f"{_miles(radius)}-mile radius"
    return sentence + "."


def providers_reading(df: pd.DataFrame) -> str:
    """One sentence on single points of failure (from :func:`providers_per_category`)."""
    single = df[df["providers"] == 1]
    none = df[df["providers"] == 0]
    if df.empty:
        return "No categories to count."
    parts = []
    if len(single):
        named = [
            f"{c}: {p}" for c, p in zip(single[s.CATEGORY], single["only_provider"], strict=True)
        ]
        shown = "; ".join(named[:5]) + ("; ..." if len(named) > 5 else "")
        parts.append(
            f"{_plural(len(single), 'category has', 'categories have')} a single provider, a "
            f"single point of failure ({shown})"
        )
    if len(none):
        names = none[s.CATEGORY].tolist()
        listed = f" ({_join(names, 'or')})" if len(names) <= 5 else ""
        parts.append(f"nobody offers {_plural(len(none), 'category', 'categories')}{listed}")
    if not parts:
        return f"Every one of the {len(df)} categories has at least two providers."
    return _capital("; ".join(parts)) + "."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def depth_reading(summary: pd.DataFrame) -> str:
    """One sentence on areas that depend on a single provider (from coverage_by_category)."""
    if summary.empty or summary["one_provider_areas"].sum() == 0:
        return "No ZIP area depends on a single provider for any category."
    top = summary.sort_values("one_provider_areas", ascending=False, kind="stable").iloc[0]
    return (
        f"In {int(top['one_provider_areas']):,} of {int(top['areas']):,} ZIP areas only one "
        f"partner offers {category_phrase(str(top[s.CATEGORY]))} within reach: if it stopped, "
        "those areas would have none."
    )


def language_reading(df: pd.DataFrame, providers: pd.DataFrame | None = None) -> str:
    """One sentence on the main language other than English (from language_coverage).

    The categories missing in that language are named most-offered first (from
    :func:`providers_per_category`, when given): six legal-aid providers and none in
    Spanish is the finding that matters.
    """
    langs = [v for v in dict.fromkeys(df["language"]) if v != "English"]
    if df.empty or not langs:
        return "No service lists a language other than English."
    lang = langs[0]
    sub = df[df["language"] == lang]
    missing = sub.loc[sub["providers"] == 0, s.CATEGORY].tolist()
    if not missing:
        return f"Every category offered is offered in {lang} by at least one partner."
    if providers is not None:
        total = dict(zip(providers[s.CATEGORY], providers["providers"], strict=True))
        missing.sort(key=lambda c: -int(total.get(c, 0)))
    more = f" and {len(missing) - 4} more" if len(missing) > 4 else ""
    return (
        f"{len(missing)} of {len(sub)} categories are offered by no partner in {lang}: "
        f"{', '.join(missing[:4])}{more}."
    )


def population_reading(df: pd.DataFrame) -> str:
    """One sentence on groups nobody names (from population_coverage)."""
    if df.empty:
        return "No categories to compare."
    totals = df.groupby("population", sort=False)["providers"].sum()
    nobody = [str(p) for p, n in totals.items() if n == 0]
    if not nobody:
        return "Every group of people is listed by at least one service."
    return (
        f"No service lists {_join(nobody[:5], 'or')}"
        f"{f' (and {len(nobody) - 5} more groups)' if len(nobody) > 5 else ''} among the "
        "people it serves."
    )


def trauma_reading(df: pd.DataFrame) -> str:
    """One sentence on trauma-informed services (from trauma_informed_coverage)."""
    total = int(df["services"].sum()) if not df.empty else 0
    if total == 0:
        return "No services to count."
    yes, no, unknown = (
        int(df[c].sum()) for c in ("trauma_informed", "not_trauma_informed", "unknown")
    )
    sentence = (
        f"{yes:,} of {total:,} services are marked trauma-informed; {no:,} are not and "
        f"{unknown:,} do not say"
    )
    lost = (df["areas_served"] - df["areas_served_trauma_informed"]).tolist()
    if lost and max(lost) > 0:
        i = lost.index(max(lost))
        sentence += (
            f". {int(df['areas_served'].iloc[i]):,} ZIP areas have a "
            f"{category_phrase(str(df[s.CATEGORY].iloc[i]))} provider within reach, but only "
            f"{int(df['areas_served_trauma_informed'].iloc[i]):,} a trauma-informed one"
        )
    return sentence + "."
