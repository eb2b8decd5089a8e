"""What if a partner leaves: what the partnership would lose, from the data.

Staff turnover, funding cuts and crises take partners out of a partnership
(docs/domain.md#if-a-partner-leaves,
"making it last"). For each partner this module measures three losses:

* **Services only it offers**: categories with exactly one provider
  (:func:`mapping.analysis.coverage.providers_per_category`).
* **Gaps that would open**: ZIP areas that have a provider of a category within reach now
  and would have none without this partner. For one partner (:func:`partner_departure`),
  :func:`mapping.analysis.coverage.find_coverage_gaps` is run again without the partner's services
  and compared with the gaps now; only an area reached by exactly one provider can become
  a gap, so the re-run covers just those areas and the categories the partner offers. For
  the ranking of every partner (:func:`find_departure_risks`), one pass of
  :func:`mapping.analysis.coverage.reach_codes` (which provider reaches which area, the pairs behind
  ``find_coverage_gaps``' counts) names the single provider of each such area: the same
  answer as one re-run per partner, which ``bench/bench_departure.py`` times as the
  baseline and ``tests/unit/analysis/test_departure.py`` checks against.
* **Relationships that would lose their only bridge**: a partner whose removal splits its
  connected group of the network (a cut vertex, networkx's articulation points) leaves the
  partners beyond it without any path to the others; every pair of partners on two sides
  of the split could no longer reach each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from mapping.analysis import coverage as cov
from mapping.analysis.network import build_graph
from mapping.data import schema as s
from mapping.data.normalize import split_list

RISK_COLUMNS = (
    s.PARTNER_ID,
    s.NAME,
    s.SECTOR,
    "services",
    "only_provider_of",
    "only_provider_count",
    "gap_areas",
    "gap_categories",
    "gap_people",
    "is_bridge",
    "cut_off",
    "cut_off_names",
    "pairs_disconnected",
    "ties",
    "losses",
    "what_would_be_lost",
)
NOTHING_LOST = (
    "Nothing would be left uncovered: other partners offer the same services within reach, "
    "and the network stays connected."
)


@dataclass(frozen=True)
class Departure:
    """What the partnership would lose if one partner left."""

    partner_id: str
    name: str
    only_provider_of: list[str]
    new_gaps: pd.DataFrame  # area, category, nearest_miles (now), nearest_miles_after
    cut_off: list[str]  # partners that would lose their only link to the others
    pairs_disconnected: int
    ties: int
    gap_counts: dict[str, int] = field(default_factory=dict)  # category -> new gap areas
    people_lost: float = 0.0  # residents (or need) of the areas that would lose a service
    people_counts: dict[str, float] = field(default_factory=dict)  # category -> people

    @property
    def is_bridge(self) -> bool:
        return bool(self.cut_off)


# ------------------------------------------------------------------------------ pieces
def _sole_providers(services: pd.DataFrame) -> dict[str, list[str]]:
    """partner_id -> the categories it alone offers (placed on the map or not)."""
    present = set(services[s.CATEGORY].astype(str))
    offered = [c for c in s.CATEGORIES.labels if c in present]
    offered += sorted(c for c in present - set(offered) if c)
    per = cov.providers_per_category(services, None, offered)  # no names: the id is kept
    out: dict[str, list[str]] = {}
    for cat, n, who in per[[s.CATEGORY, "providers", "only_provider"]].itertuples(index=False):
        if n == 1:
            out.setdefault(str(who), []).append(str(cat))
    return out


def _candidates(gaps: pd.DataFrame) -> pd.DataFrame:
    """The (area, category) rows a single departure can turn into a gap: one provider."""
    return gaps.loc[
        gaps[cov.PROVIDERS_WITHIN] == 1, [cov.AREA, s.CATEGORY, cov.NEAREST_MILES]
    ].reset_index(drop=True)


def _new_gaps(
    placed: pd.DataFrame,
    areas: pd.DataFrame,
    radii: Mapping[str, float] | float | None,
    candidates: pd.DataFrame,
    partner_id: str,
) -> pd.DataFrame:
    """Areas and categories that would have no provider within reach without the partner."""
    cols = [cov.AREA, s.CATEGORY, cov.NEAREST_MILES, "nearest_miles_after"]
    mine = placed[s.PARTNER_ID].astype(str) == partner_id
    cats = set(placed.loc[mine, s.CATEGORY].astype(str))
    rows = candidates[candidates[s.CATEGORY].isin(cats)]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    order = [c for c in dict.fromkeys(candidates[s.CATEGORY]) if c in set(rows[s.CATEGORY])]
    where = areas[areas[cov.AREA].astype(str).isin(set(rows[cov.AREA]))]
    after = cov.find_coverage_gaps(placed[~mine], where, radii, categories=order)
    merged = rows.merge(
        after[[cov.AREA, s.CATEGORY, cov.IS_GAP, cov.NEAREST_MILES]].rename(
            columns={cov.NEAREST_MILES: "nearest_miles_after"}
        ),
        on=[cov.AREA, s.CATEGORY],
        how="left",
        validate="one_to_one",
    )
    opened = merged[merged[cov.IS_GAP].fillna(False).astype(bool)]
    return opened[cols].reset_index(drop=True)


def _opened_by(
    placed: pd.DataFrame,
    areas: pd.DataFrame,
    radii: Mapping[str, float] | float | None,
    gaps: pd.DataFrame,
) -> pd.DataFrame:
    """Every (area, category) reached by exactly one provider, with that provider: the
    gaps its leaving would open. Columns partner_id, area, category."""
    cols = [s.PARTNER_ID, cov.AREA, s.CATEGORY]
    cats = list(dict.fromkeys(gaps[s.CATEGORY].astype(str)))
    if not cats or areas.empty:
        return pd.DataFrame(columns=cols)
    r = cov.reach_codes(placed, areas, radii, categories=cats)
    if not len(r.area):
        return pd.DataFrame(columns=cols)
    n_areas = len(r.area_ids)
    cell = r.category * n_areas + r.area
    _, first, count = np.unique(cell, return_index=True, return_counts=True)
    single = first[count == 1]
    return pd.DataFrame(
        {
            s.PARTNER_ID: r.providers[r.provider[single]].astype(str),
            cov.AREA: r.area_ids[r.area[single]].astype(str),
            s.CATEGORY: np.asarray(r.categories, dtype=object)[r.category[single]].astype(str),
        }
    )


def _bridges(graph: nx.Graph) -> dict[str, tuple[list[str], int]]:
    """Cut vertex -> (partners that would lose every path to the rest of its group, pairs
    of partners that could no longer reach each other)."""
    out: dict[str, tuple[list[str], int]] = {}
    if graph.number_of_edges() == 0:
        return out
    for v in nx.articulation_points(graph):
        group = nx.node_connected_component(graph, v) - {v}
        pieces = sorted(
            nx.connected_components(graph.subgraph(group)), key=lambda c: (-len(c), min(c))
        )
        sizes = [len(p) for p in pieces]
        total = sum(sizes)
        pairs = (total * total - sum(n * n for n in sizes)) // 2
        cut = sorted(n for p in pieces[1:] for n in p)
        out[str(v)] = (cut, int(pairs))
    return out


def _sentence(
    only: list[str],
    gap_counts: Mapping[str, int],
    cut_names: list[str],
    pairs: int,
    people: tuple[float, Mapping[str, float], str] | None = None,
) -> str:
    parts = []
    if only:
        parts.append(f"the only provider of {_join(only)}")
    if gap_counts and people is not None:
        lost, per_cat, noun = people
        detail = ", ".join(f"{cat} {round(per_cat.get(cat, 0)):,}" for cat in gap_counts)
        total = sum(gap_counts.values())
        parts.append(
            f"{round(lost):,} {noun} would lose their only provider of a service within reach "
            f"({detail}; {total} ZIP-area gap{'s' if total != 1 else ''})"
        )
    elif gap_counts:
        total = sum(gap_counts.values())
        detail = ", ".join(f"{cat} {n}" for cat, n in gap_counts.items())
        parts.append(f"{total} ZIP-area gap{'s' if total != 1 else ''} would open ({detail})")
    if cut_names:
        n = len(cut_names)
        shown = _join(cut_names[:5]) + (f" and {n - 5} more" if n > 5 else "")
        parts.append(
            f"{n} partner{'s' if n != 1 else ''} would lose {'their' if n != 1 else 'its'} only "
            f"link to the others ({shown}); {pairs} pair{'s' if pairs != 1 else ''} of "
            "partners could no longer reach each other"
        )
    if not parts:
        return NOTHING_LOST
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _people_lost(new: pd.DataFrame, people: Mapping[str, float]) -> tuple[float, dict[str, float]]:
    """The people of the areas that would lose a service: in any category (each area once)
    and per category."""
    weight = new[cov.AREA].astype(str).map(lambda a: float(people.get(a, 0.0)))
    per_cat = weight.groupby(new[s.CATEGORY].astype(str), sort=False).sum()
    areas = dict(zip(new[cov.AREA].astype(str), weight, strict=True))
    return float(sum(areas.values())), {str(c): float(v) for c, v in per_cat.items()}


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ------------------------------------------------------------------------------ analysis
def _prepare(
    services: pd.DataFrame,
    areas: pd.DataFrame | None,
    radius_miles: float | Mapping[str, float] | None,
    gaps: pd.DataFrame | None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    placed = cov.place_services(services) if cov.PLACED_BY not in services.columns else services
    placed = placed[placed[cov.PLACED_BY] != cov.NOT_PLACED]
    if areas is None:
        areas = cov.default_areas(placed)
    if gaps is None:
        gaps = cov.find_coverage_gaps(placed, areas, radius_miles)
    return placed, areas, gaps


def partner_departure(
    partner_id: str,
    services: pd.DataFrame,
    partners: pd.DataFrame,
    relationships: pd.DataFrame,
    areas: pd.DataFrame | None = None,
    radius_miles: float | Mapping[str, float] | None = None,
    *,
    gaps: pd.DataFrame | None = None,
    people: Mapping[str, float] | None = None,
) -> Departure:
    """What would be lost if ``partner_id`` left (parameters as :func:`find_departure_risks`)."""
    placed, areas, gaps = _prepare(services, areas, radius_miles, gaps)
    names = dict(zip(partners[s.PARTNER_ID].astype(str), partners[s.NAME].astype(str), strict=True))
    new = _new_gaps(placed, areas, radius_miles, _candidates(gaps), partner_id)
    graph = build_graph(partners, relationships)
    cut, pairs = _bridges(graph).get(partner_id, ([], 0))
    counts = new[s.CATEGORY].value_counts(sort=False)
    lost, per_cat = _people_lost(new, people) if people is not None else (0.0, {})
    return Departure(
        partner_id,
        names.get(partner_id, partner_id),
        _sole_providers(services).get(partner_id, []),
        new,
        cut,
        pairs,
        int(graph.degree(partner_id)) if partner_id in graph else 0,
        {str(c): int(counts[c]) for c in dict.fromkeys(new[s.CATEGORY])},
        lost,
        per_cat,
    )


def find_departure_risks(
    services: pd.DataFrame,
    partners: pd.DataFrame,
    relationships: pd.DataFrame,
    areas: pd.DataFrame | None = None,
    radius_miles: float | Mapping[str, float] | None = None,
    *,
    gaps: pd.DataFrame | None = None,
    people: Mapping[str, float] | None = None,
    people_noun: str = "residents",
) -> pd.DataFrame:
    """What the partnership would lose if each partner left, riskiest first.

    Parameters:
        services: the services (placed by :func:`mapping.analysis.coverage.place_services` or not).
        partners, relationships: the workspace's tables (the network).
        areas, radius_miles: as for :func:`mapping.analysis.coverage.find_coverage_gaps`; the areas
            stay the same when a partner leaves (default: the counties the services are in).
        gaps: ``find_coverage_gaps`` for these services, areas and radii, when already
            computed (the Gaps page's cached result), else computed here.
        people: residents (or need) per area id (``coverage.Weights.values``): the
            sentence then says how many ``people_noun`` would lose their only provider.

    Returns:
        One row per partner: partner_id, name, sector, services (how many it offers),
        only_provider_of (categories, |-joined), only_provider_count, gap_areas (ZIP area
        and category pairs that would lose their only provider within reach),
        gap_categories (|-joined), gap_people (the people of the areas that would lose a
        service, each area once; 0 without ``people``), is_bridge, cut_off (partners that
        would lose their only link to the others), cut_off_names (|-joined),
        pairs_disconnected, ties, losses (how many of the three kinds of loss: 0-3) and
        what_would_be_lost (a sentence). Sorted by losses, then services only it offers,
        people who would lose a service, gaps, partners cut off.
    """
    placed, areas, gaps = _prepare(services, areas, radius_miles, gaps)
    opened = _opened_by(placed, areas, radius_miles, gaps)
    order = {c: i for i, c in enumerate(dict.fromkeys(gaps[s.CATEGORY].astype(str)))}
    per_partner = {str(pid): group for pid, group in opened.groupby(s.PARTNER_ID, sort=False)}
    sole = _sole_providers(services)
    graph = build_graph(partners, relationships)
    bridges = _bridges(graph)
    names = {str(n): str(graph.nodes[n].get("name", n)) for n in graph.nodes}
    all_services = services[s.PARTNER_ID].astype(str).value_counts()
    rows = []
    table = partners[[s.PARTNER_ID, s.NAME, s.SECTOR]].astype(str)
    for pid, name, sector in table.itertuples(index=False):
        only = sole.get(pid, [])
        new = per_partner.get(pid, opened.iloc[:0])
        counts = new[s.CATEGORY].value_counts()
        gap_counts = {
            str(c): int(counts[c]) for c in sorted(counts.index, key=lambda c: order.get(c, 0))
        }
        cut, pairs = bridges.get(pid, ([], 0))
        cut_names = [names.get(c, c) for c in cut]
        lost, per_cat = _people_lost(new, people) if people is not None else (0.0, {})
        in_people = (lost, per_cat, people_noun) if people is not None else None
        rows.append(
            {
                s.PARTNER_ID: pid,
                s.NAME: name or pid,
                s.SECTOR: sector,
                "services": int(all_services.get(pid, 0)),
                "only_provider_of": s.LIST_SEPARATOR.join(only),
                "only_provider_count": len(only),
                "gap_areas": len(new),
                "gap_categories": s.LIST_SEPARATOR.join(gap_counts),
                "gap_people": lost,
                "is_bridge": bool(cut),
                "cut_off": len(cut),
                "cut_off_names": s.LIST_SEPARATOR.join(cut_names),
                "pairs_disconnected": pairs,
                "ties": int(graph.degree(pid)) if pid in graph else 0,
                "losses": int(bool(only)) + int(bool(len(new))) + int(bool(cut)),
                "what_would_be_lost": _sentence(only, gap_counts, cut_names, pairs, in_people),
            }
        )
    out = pd.DataFrame(rows, columns=list(RISK_COLUMNS))
    if out.empty:
        return out
    out = out.sort_values(
        ["losses", "only_provider_count", "gap_people", "gap_areas", "cut_off", s.NAME],
        ascending=[False, False, False, False, False, True],
        kind="stable",
    )
    return out.reset_index(drop=True).astype(
        {
            "services": "int64",
            "only_provider_count": "int64",
            "gap_areas": "int64",
            "cut_off": "int64",
            "pairs_disconnected": "int64",
            "ties": "int64",
            "losses": "int64",
            "gap_people": "float64",
        }
    )


def at_risk(risks: pd.DataFrame) -> pd.DataFrame:
    """The partners whose leaving would cost something (losses > 0), in ranked order."""
    return risks[risks["losses"] > 0].reset_index(drop=True)


def risks_reading(risks: pd.DataFrame) -> str:
    """One sentence reading the risk chart."""
    if risks.empty:
        return "No partners are loaded yet."
    risky = at_risk(risks)
    if risky.empty:
        return (
            f"If any one of the {len(risks)} partners left, nothing would be left uncovered "
            "and the network would stay connected."
        )
    sole = int((risky["only_provider_count"] > 0).sum())
    gaps = int((risky["gap_areas"] > 0).sum())
    bridges = int(risky["is_bridge"].sum())
    top = risky.iloc[0]
    most = float(risky["gap_people"].max()) if "gap_people" in risky.columns else 0.0
    people = f" (up to {round(most):,} residents losing a service)" if most > 0 else ""
    return (
        f"{len(risky)} of {len(risks)} partners would leave a hole if they left: {sole} "
        f"{'is' if sole == 1 else 'are'} the only provider of a service, {gaps} would open "
        f"gaps in reach{people}, and {bridges} {'is' if bridges == 1 else 'are'} the only "
        f"bridge to other partners. The most would be lost without {top[s.NAME]}."
    )


def risk_table(risks: pd.DataFrame) -> pd.DataFrame:
    """The ranked list as people read it: rank, partner, sector, what would be lost, and
    the three counts."""
    risky = at_risk(risks)
    people = (
        risky["gap_people"]
        if "gap_people" in risky.columns
        else pd.Series(0.0, index=risky.index, dtype=float)
    )
    out = pd.DataFrame(
        {
            "rank": range(1, len(risky) + 1),
            "partner": risky[s.NAME],
            "sector": risky[s.SECTOR],
            "services only they offer": risky["only_provider_of"].map(
                lambda v: ", ".join(split_list(v))
            ),
            "ZIP-area gaps": risky["gap_areas"],
            "residents who would lose a service": people.round(0).astype("int64"),
            "partners cut off": risky["cut_off"],
            "what would be lost": risky["what_would_be_lost"],
        }
    )
    return out.reset_index(drop=True)
