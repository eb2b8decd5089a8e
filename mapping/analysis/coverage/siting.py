"""Where to add a provider: the few places that would bring the most people within reach.

For one category, each candidate place (an existing partner's site, or a ZIP area's
centre) would reach the areas within the category's radius if a service were added
there. Choosing the k places that together reach the most people now out of reach is the
*maximal covering location problem*, which is NP-hard; this module uses the standard
**greedy heuristic** (Church and ReVelle 1974): take the place that reaches the most
uncovered people, count those people as reached, and repeat. Greedy is guaranteed to reach
at least 1 - 1/e (63%) of what the best k places would, and is usually much closer; it
is a suggestion to discuss, not an optimum.

Speed: which uncovered areas each candidate would reach comes from one k-d tree query
(a sparse candidates x areas matrix); each greedy step is then one sparse matrix-vector
product. ``bench/bench_coverage.py`` times it on 33,000 areas beside
:func:`suggest_sites_brute` (haversine from every candidate to every area, every step),
which the unit tests check it against.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.spatial import cKDTree

from mapping.analysis.coverage.gaps import (
    AREA,
    IS_GAP,
    NOT_PLACED,
    PLACED_BY,
    RADIUS_MILES,
    miles_to_chord,
    place_services,
    unit_vectors,
)
from mapping.analysis.coverage.people import Weights, people_text
from mapping.analysis.coverage.readings import category_phrase
from mapping.data import schema as s
from mapping.data.errors import AnalysisError
from mapping.places.gazetteer import haversine_miles

SITE = "site"
SITE_KIND = "kind"
KIND_PARTNER = "partner site"
KIND_AREA = "ZIP centre"
CANDIDATE_COLUMNS = (SITE, s.NAME, SITE_KIND, s.LATITUDE, s.LONGITUDE)
SUGGESTION_COLUMNS = (
    "rank",
    SITE,
    s.NAME,
    SITE_KIND,
    s.LATITUDE,
    s.LONGITUDE,
    "new_people",
    "new_areas",
    "cumulative_people",
    "share_of_gap",
)
HEURISTIC_NOTE = (
    "A greedy heuristic: each place is the one that brings the most people still out of "
    "reach within reach, given the places above it. It is a suggestion to discuss, not a "
    "proven best choice."
)


def area_candidates(areas: pd.DataFrame) -> pd.DataFrame:
    """Every ZIP area's centre as a candidate place (site = the ZIP, name = its city)."""
    ids = areas[AREA].astype(str).tolist()
    cities = (
        areas["city"].fillna("").astype(str).str.title().tolist()
        if "city" in areas.columns
        else [""] * len(ids)
    )
    return pd.DataFrame(
        {
            SITE: ids,
            s.NAME: [
                f"ZIP {a}, {c}" if c else f"ZIP {a}" for a, c in zip(ids, cities, strict=True)
            ],
            SITE_KIND: KIND_AREA,
            s.LATITUDE: areas[s.LATITUDE].to_numpy(dtype=float),
            s.LONGITUDE: areas[s.LONGITUDE].to_numpy(dtype=float),
        }
    )[list(CANDIDATE_COLUMNS)]


def partner_candidates(partners: pd.DataFrame) -> pd.DataFrame:
    """Every partner's own location as a candidate place (confidential ones at their ZIP or
    city centre, as the analysis places them; partners that cannot be placed are left out)."""
    placed = place_services(partners)
    placed = placed[placed[PLACED_BY] != NOT_PLACED]
    return pd.DataFrame(
        {
            SITE: placed[s.PARTNER_ID].astype(str).to_numpy(),
            s.NAME: placed[s.NAME].astype(str).to_numpy(),
            SITE_KIND: KIND_PARTNER,
            s.LATITUDE: placed[s.LATITUDE].to_numpy(dtype=float),
            s.LONGITUDE: placed[s.LONGITUDE].to_numpy(dtype=float),
        }
    )[list(CANDIDATE_COLUMNS)].reset_index(drop=True)


def _uncovered(
    gaps: pd.DataFrame, areas: pd.DataFrame, category: str
) -> tuple[pd.DataFrame, float]:
    g = gaps[(gaps[s.CATEGORY] == category)]
    if g.empty:
        raise AnalysisError(
            f"there are no gaps computed for {category!r}: choose a category of the analysis."
        )
    radius = float(g[RADIUS_MILES].iloc[0])
    centres = areas[[AREA, s.LATITUDE, s.LONGITUDE]].astype({AREA: "str"}).drop_duplicates(AREA)
    out = g.loc[g[IS_GAP].to_numpy(dtype=bool), [AREA]].merge(centres, on=AREA, how="left")
    return out.dropna(subset=[s.LATITUDE, s.LONGITUDE]).reset_index(drop=True), radius


def _result(
    candidates: pd.DataFrame, picks: list[tuple[int, float, int]], gap_total: float
) -> pd.DataFrame:
    rows = []
    cumulative = 0.0
    for rank, (j, gain, n_areas) in enumerate(picks, start=1):
        cumulative += gain
        c = candidates.iloc[j]
        rows.append(
            {
                "rank": rank,
                SITE: str(c[SITE]),
                s.NAME: str(c[s.NAME]),
                SITE_KIND: str(c[SITE_KIND]),
                s.LATITUDE: float(c[s.LATITUDE]),
                s.LONGITUDE: float(c[s.LONGITUDE]),
                "new_people": gain,
                "new_areas": n_areas,
                "cumulative_people": cumulative,
                "share_of_gap": cumulative / gap_total if gap_total > 0 else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=list(SUGGESTION_COLUMNS)).astype(
        {"rank": "int64", "new_areas": "int64"}
    )


def _check_candidates(candidates: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in CANDIDATE_COLUMNS if c not in candidates.columns]
    if missing:
        raise AnalysisError(
            f"the candidate places lack the column {missing[0]!r}: use area_candidates or "
            "partner_candidates."
        )
    ok = candidates[s.LATITUDE].notna() & candidates[s.LONGITUDE].notna()
    return candidates[ok].reset_index(drop=True)


def suggest_sites(
    gaps: pd.DataFrame,
    areas: pd.DataFrame,
    weights: Weights,
    category: str,
    candidates: pd.DataFrame,
    *,
    count: int = 5,
) -> pd.DataFrame:
    """The ``count`` places (from ``candidates``) that would bring the most people within
    reach of ``category``, chosen greedily (see the module docstring).

    Parameters:
        gaps: :func:`find_coverage_gaps` for ``areas`` (its radius for the category is used).
        areas: the region's areas with their centres (area, latitude, longitude).
        weights: residents or a need layer (:mod:`mapping.analysis.coverage.people`).
        candidates: columns site, name, kind, latitude, longitude
            (:func:`area_candidates`, :func:`partner_candidates`).

    Returns:
        One row per suggested place, best first: rank, site, name, kind, latitude,
        longitude, new_people (brought within reach by this place, beyond those above it),
        new_areas (uncovered ZIP areas with people it reaches), cumulative_people and
        share_of_gap (0-1, of the people out of reach now). Fewer rows when fewer places
        would reach anyone.

    Raises:
        AnalysisError: the category is not in ``gaps``, or candidates lack a column.
    """
    candidates = _check_candidates(candidates)
    uncovered, radius = _uncovered(gaps, areas, category)
    w = weights.of(uncovered[AREA].to_numpy())
    keep = w > 0
    uncovered, w = uncovered[keep].reset_index(drop=True), w[keep]
    gap_total = float(w.sum())
    if uncovered.empty or candidates.empty:
        return _result(candidates, [], gap_total)
    tree = cKDTree(
        unit_vectors(
            uncovered[s.LATITUDE].to_numpy(dtype=float),
            uncovered[s.LONGITUDE].to_numpy(dtype=float),
        )
    )
    cand_xyz = unit_vectors(
        candidates[s.LATITUDE].to_numpy(dtype=float),
        candidates[s.LONGITUDE].to_numpy(dtype=float),
    )
    hits = tree.query_ball_point(
        cand_xyz, float(miles_to_chord(radius)), return_sorted=False, workers=-1
    )
    lengths = np.fromiter((len(h) for h in hits), dtype=np.int64, count=len(hits))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    indices = (
        np.concatenate([np.asarray(h, dtype=np.int64) for h in hits])
        if lengths.sum()
        else np.zeros(0, dtype=np.int64)
    )
    reach = sparse.csr_matrix(
        (np.ones(len(indices)), indices, indptr), shape=(len(candidates), len(uncovered))
    )
    alive = w.copy()
    picks: list[tuple[int, float, int]] = []
    for _ in range(count):
        gains = reach @ alive
        j = int(np.argmax(gains))
        if gains[j] <= 0:
            break
        cols = indices[indptr[j] : indptr[j + 1]]
        cols = cols[alive[cols] > 0]
        picks.append((j, float(alive[cols].sum()), len(cols)))
        alive[cols] = 0.0
    return _result(candidates, picks, gap_total)


def suggest_sites_brute(
    gaps: pd.DataFrame,
    areas: pd.DataFrame,
    weights: Weights,
    category: str,
    candidates: pd.DataFrame,
    *,
    count: int = 5,
) -> pd.DataFrame:
    """:func:`suggest_sites` by brute force: every step measures the great-circle distance
    from every candidate to every uncovered area (the baseline of tests and bench)."""
    candidates = _check_candidates(candidates)
    uncovered, radius = _uncovered(gaps, areas, category)
    w = weights.of(uncovered[AREA].to_numpy())
    keep = w > 0
    uncovered, w = uncovered[keep].reset_index(drop=True), w[keep]
    gap_total = float(w.sum())
    alat = uncovered[s.LATITUDE].to_numpy(dtype=float)
    alon = uncovered[s.LONGITUDE].to_numpy(dtype=float)
    clat = candidates[s.LATITUDE].to_numpy(dtype=float)
    clon = candidates[s.LONGITUDE].to_numpy(dtype=float)
    alive = w.copy()
    picks: list[tuple[int, float, int]] = []
    for _ in range(count):
        best, best_gain = -1, 0.0
        for j in range(len(candidates)):
            near = haversine_miles(clat[j], clon[j], alat, alon) <= radius
            gain = float(alive[near].sum())
            if gain > best_gain:
                best, best_gain = j, gain
        if best < 0:
            break
        near = (haversine_miles(clat[best], clon[best], alat, alon) <= radius) & (alive > 0)
        picks.append((best, float(alive[near].sum()), int(near.sum())))
        alive[near] = 0.0
    return _result(candidates, picks, gap_total)


def siting_reading(suggestions: pd.DataFrame, category: str, weights: Weights) -> str:
    """One sentence on the suggested places (from :func:`suggest_sites`)."""
    phrase = category_phrase(category)
    if suggestions.empty:
        return (
            f"No place would bring more {weights.noun} within reach of {phrase}: none are "
            "out of reach, or no candidate place is near them."
        )
    first = suggestions.iloc[0]
    last = suggestions.iloc[-1]
    n = len(suggestions)
    sentence = (
        f"A {phrase} service at {first[s.NAME]} would bring {people_text(first['new_people'])} "
        f"{weights.noun} within reach"
    )
    if n > 1:
        sentence += (
            f"; the {n} places together would reach {people_text(last['cumulative_people'])} "
            f"({float(last['share_of_gap']):.0%} of those out of reach now)"
        )
    return sentence + "."
