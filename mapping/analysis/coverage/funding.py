"""Funding opportunities per category: who in the partnership funds what, beside the gaps.

The guide asks for funders and funding sources in the resource map (issue 17). A funder is
a partner whose sector is "Funder", or any partner (a county office, a United Way) that
lists the service categories it funds in the ``funds`` column. Beside each category's gap
(people with no provider within reach) the table names the partners that fund it, so a gap
with a funder is an opportunity to raise at the meeting, and a gap without one is a search
for a new funder.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from mapping.analysis.coverage.people import people_text
from mapping.data import schema as s
from mapping.data.normalize import split_list

FUNDER_SECTOR = "Funder"
FUNDING_COLUMNS = (
    s.CATEGORY,
    "gap_people",
    "providers",
    "funders",
    "funded_by",
)


def funders(partners: pd.DataFrame) -> pd.DataFrame:
    """One row per funder: partner_id, name, sector, funds (the categories, comma-separated;
    empty when a partner of the Funder sector has not said what it funds)."""
    funds = partners[s.FUNDS].fillna("").astype(str)
    mine = partners[(partners[s.SECTOR] == FUNDER_SECTOR) | (funds != "")]
    return pd.DataFrame(
        {
            s.PARTNER_ID: mine[s.PARTNER_ID],
            s.NAME: mine[s.NAME],
            s.SECTOR: mine[s.SECTOR],
            "funds": mine[s.FUNDS].map(lambda v: ", ".join(split_list(v))),
        }
    ).reset_index(drop=True)


def funding_by_category(
    partners: pd.DataFrame,
    services: pd.DataFrame,
    categories: Sequence[str],
    people: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per category: gap_people (people with no provider within reach, from
    ``people``, the output of ``people_by_category``; NaN without it), providers (partners
    offering it), funders (how many partners fund it) and funded_by (their names).

    The rows are ``categories`` and then any category a partner funds that is not among
    them, in the category list's order."""
    by_category = funders_by_category(partners)
    funded_only = [c for c in s.CATEGORIES.labels if c in by_category and c not in categories]
    order = [*categories, *funded_only, *(c for c in by_category if c not in s.CATEGORIES.labels)]
    offered = services.groupby(s.CATEGORY)[s.PARTNER_ID].nunique().to_dict()
    gap = (
        dict(zip(people[s.CATEGORY], people["gap_people"], strict=True))
        if people is not None and not people.empty
        else {}
    )
    rows = [
        {
            s.CATEGORY: c,
            "gap_people": gap.get(c, float("nan")),
            "providers": int(offered.get(c, 0)),
            "funders": len(by_category.get(c, [])),
            "funded_by": ", ".join(sorted(by_category.get(c, []))),
        }
        for c in dict.fromkeys(order)
    ]
    return pd.DataFrame(rows, columns=list(FUNDING_COLUMNS))


def funders_by_category(partners: pd.DataFrame) -> dict[str, list[str]]:
    """Category -> the names of the partners that fund it (one pass, no row loop)."""
    funds = partners[s.FUNDS].fillna("").astype(str)
    mine = partners[funds != ""]
    if mine.empty:
        return {}
    names = mine[s.NAME].astype(str).where(mine[s.NAME] != "", mine[s.PARTNER_ID].astype(str))
    pairs = pd.DataFrame(
        {s.CATEGORY: funds[funds != ""].str.split(s.LIST_SEPARATOR), "name": names}
    ).explode(s.CATEGORY)
    pairs = pairs[pairs[s.CATEGORY] != ""]
    return {str(c): list(g) for c, g in pairs.groupby(s.CATEGORY, sort=False)["name"]}


def funding_reading(table: pd.DataFrame, funder_count: int, noun: str = "residents") -> str:
    """One sentence: which gaps a partner funds, and which have no funder yet."""
    if funder_count == 0:
        return (
            "No partner says what it funds yet: add funders (sector 'Funder') and the "
            "categories each funds (the funds column, or the organization form)."
        )
    gaps = table[table["gap_people"].fillna(0) > 0].sort_values("gap_people", ascending=False)
    funded = gaps[gaps["funders"] > 0]
    unfunded = gaps[gaps["funders"] == 0]
    if gaps.empty:
        listed = table[table["funders"] > 0]
        return (
            f"{funder_count} partner(s) fund {len(listed)} categor"
            f"{'y' if len(listed) == 1 else 'ies'}; none of the categories here leaves "
            f"{noun} without a provider within reach."
        )
    parts = []
    if not funded.empty:
        top = funded.iloc[0]
        parts.append(
            f"{len(funded)} of the {len(gaps)} categories with a gap have a funder in the "
            f"partnership; the largest is {top[s.CATEGORY]} ({people_text(top['gap_people'])} "
            f"{noun} out of reach), funded by {top['funded_by']}"
        )
    else:
        parts.append(
            f"None of the {len(gaps)} categories with a gap has a funder in the partnership"
        )
    if not unfunded.empty:
        names = ", ".join(unfunded[s.CATEGORY].head(3))
        more = f" and {len(unfunded) - 3} more" if len(unfunded) > 3 else ""
        parts.append(f"no partner funds {names}{more} yet")
    return "; ".join(parts) + "."
