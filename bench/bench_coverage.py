"""Coverage-gap benchmark: 33,000 ZIP areas x 1k / 10k / 50k services in 20 categories.

Gaps in people (issue 18): the same analysis weighed by residents (2020 Census by ZCTA)
timed against the unweighted one in the same run (target: within 1.2x); and the greedy
suggestion of where to add a provider for one category over every area, against the
brute-force greedy (haversine from every candidate to every uncovered area at each step) on
a sample, whose answer must be identical.

Our k-d tree on 3-D unit vectors is timed on every area; two baselines measured in the
same run on a sample of areas (their time grows linearly with the areas, so it is scaled
up to all areas): the naive pure-Python double loop, and brute-force numpy haversine.
Both baselines also check our answers on their sample: the nearest distance agrees to
1e-6 miles and the count of providers within reach is identical.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.common import median_seconds, print_table
from bench.synthetic import synthetic_files
from mapping.analysis.coverage import (
    AREA,
    IS_GAP,
    NEAREST_MILES,
    PROVIDERS_WITHIN,
    Weights,
    area_candidates,
    category_radii,
    find_coverage_gaps,
    people_by_category,
    place_services,
    suggest_sites,
    suggest_sites_brute,
)
from mapping.data import schema as s
from mapping.places import population
from mapping.places.gazetteer import EARTH_RADIUS_MILES, get_gazetteer, haversine_miles

ROOT = Path(__file__).resolve().parents[1]
ZCTA_FILE = Path("census_zcta_gazetteer_2010ish") / "Gaz_zcta_national.txt"
# $REALDATA_DIR, else ../shared/realdata next to the checkout (or next to its worktree folder).
REALDATA_DIRS = [
    *([Path(os.environ["REALDATA_DIR"])] if os.environ.get("REALDATA_DIR") else []),
    ROOT.parent / "shared" / "realdata",
    ROOT.parent.parent / "shared" / "realdata",
]
CATEGORIES = list(s.CATEGORIES.labels[:20])


def census_areas() -> tuple[pd.DataFrame, str]:
    """The Census ZCTA gazetteer's 33,120 areas (read by header), else the offline one."""
    found = [d / ZCTA_FILE for d in REALDATA_DIRS if (d / ZCTA_FILE).is_file()]
    if found:
        raw = pd.read_csv(found[0], sep="\t", dtype={"GEOID": str})
        raw.columns = [c.strip() for c in raw.columns]
        raw = raw.dropna(subset=["GEOID"])
        areas = pd.DataFrame(
            {
                AREA: raw["GEOID"],
                s.LATITUDE: raw["INTPTLAT"].astype(float),
                s.LONGITUDE: raw["INTPTLONG"].astype(float),
            }
        )
        return areas.reset_index(drop=True), "Census ZCTA 2010"
    return get_gazetteer().areas()[[AREA, s.LATITUDE, s.LONGITUDE]], "zipcodes package"


def services_at(n: int) -> pd.DataFrame:
    """Synthetic services in Pennsylvania and its neighbours, 20 categories, placed."""
    files = synthetic_files(n, states=("PA", "NY", "OH", "NJ", "MD", "WV"))
    partners, services = files[s.PARTNERS], files[s.SERVICES]
    rng = np.random.default_rng(n)
    services[s.CATEGORY] = rng.choice(CATEGORIES, n)
    at_partner = services[s.ZIP] == ""
    by_id = partners.set_index(s.PARTNER_ID)
    for col in (s.ZIP, s.STATE, s.LATITUDE, s.LONGITUDE):
        values = services[s.PARTNER_ID].map(by_id[col]).fillna("")
        if col in services.columns:
            services[col] = services[col].where(~at_partner, values)
        else:
            services[col] = values.where(at_partner, "")
    for col in (s.LATITUDE, s.LONGITUDE):
        services[col] = pd.to_numeric(services[col], errors="coerce")
    return place_services(services)


def naive(services: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The double loop: every area against every service, in pure Python."""
    radii = category_radii(CATEGORIES)
    rows = []
    svc = list(
        zip(
            services[s.CATEGORY],
            services[s.PARTNER_ID],
            services[s.LATITUDE],
            services[s.LONGITUDE],
            strict=True,
        )
    )
    for area, alat, alon in zip(areas[AREA], areas[s.LATITUDE], areas[s.LONGITUDE], strict=True):
        best = dict.fromkeys(CATEGORIES, math.inf)
        within: dict[str, set[str]] = {c: set() for c in CATEGORIES}
        p1, l1 = math.radians(alat), math.radians(alon)
        for cat, pid, lat, lon in svc:
            p2 = math.radians(lat)
            a = (
                math.sin((p2 - p1) / 2) ** 2
                + math.cos(p1) * math.cos(p2) * math.sin((math.radians(lon) - l1) / 2) ** 2
            )
            d = 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(min(1.0, a)))
            best[cat] = min(best[cat], d)
            if d <= radii[cat]:
                within[cat].add(pid)
        rows += [(area, c, best[c], len(within[c])) for c in CATEGORIES]
    return pd.DataFrame(rows, columns=[AREA, s.CATEGORY, NEAREST_MILES, PROVIDERS_WITHIN])


def numpy_brute(services: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Vectorised haversine, one category at a time, areas in chunks."""
    radii = category_radii(CATEGORIES)
    out = []
    alat, alon = areas[s.LATITUDE].to_numpy(), areas[s.LONGITUDE].to_numpy()
    for cat in CATEGORIES:
        sub = services[services[s.CATEGORY] == cat]
        _, who = np.unique(sub[s.PARTNER_ID].to_numpy(dtype=str), return_inverse=True)
        slat, slon = sub[s.LATITUDE].to_numpy(), sub[s.LONGITUDE].to_numpy()
        for start in range(0, len(alat), 256):
            d = haversine_miles(
                alat[start : start + 256, None], alon[start : start + 256, None], slat, slon
            )
            hit = d <= radii[cat]
            counts = [len(np.unique(who[row])) for row in hit]
            out.append(
                pd.DataFrame(
                    {
                        AREA: areas[AREA].to_numpy()[start : start + 256],
                        s.CATEGORY: cat,
                        NEAREST_MILES: d.min(axis=1),
                        PROVIDERS_WITHIN: counts,
                    }
                )
            )
    return pd.concat(out, ignore_index=True)


def _agree(ours: pd.DataFrame, base: pd.DataFrame) -> float:
    merged = base.merge(ours, on=[AREA, s.CATEGORY], suffixes=("_base", ""))
    assert len(merged) == len(base)
    assert (merged[f"{PROVIDERS_WITHIN}_base"] == merged[PROVIDERS_WITHIN]).all()
    return float((merged[f"{NEAREST_MILES}_base"] - merged[NEAREST_MILES]).abs().max())


def run() -> None:
    areas, source = census_areas()
    get_gazetteer()  # built once per process (about a second); not part of any timing
    rows = []
    for n, naive_areas in ((1_000, 100), (10_000, 10), (50_000, 3)):
        start = time.perf_counter()
        services = services_at(n)
        t_place = time.perf_counter() - start
        t_ours = median_seconds(lambda sv=services: find_coverage_gaps(sv, areas), repeat=3)
        ours = find_coverage_gaps(services, areas)
        assert len(ours) == len(areas) * len(CATEGORIES)
        sample = areas.sample(naive_areas, random_state=1)
        start = time.perf_counter()
        base = naive(services, sample)
        t_naive = (time.perf_counter() - start) * len(areas) / naive_areas
        err_naive = _agree(ours, base)
        brute_sample = areas.sample(2_000, random_state=2)
        start = time.perf_counter()
        brute = numpy_brute(services, brute_sample)
        t_brute = (time.perf_counter() - start) * len(areas) / len(brute_sample)
        err_brute = _agree(ours, brute)
        rows.append(
            (
                n,
                len(areas),
                t_place,
                t_ours,
                t_naive,
                t_brute,
                t_naive / t_ours,
                max(err_naive, err_brute),
            )
        )
    print_table(
        f"Coverage gaps: every area ({source}) x {len(CATEGORIES)} categories, median of 3; "
        "baselines timed on a sample of areas and scaled to all",
        [
            "services",
            "areas",
            "placing s (once)",
            "find_coverage_gaps s",
            "naive Python loop s (scaled)",
            "numpy brute force s (scaled)",
            "x faster than naive",
            "max diff miles",
        ],
        rows,
    )
    run_people()


def census_weights(areas: pd.DataFrame) -> Weights:
    """Residents per area: the bench's areas are ZCTAs, so each takes its own 2020 count."""
    ids = pd.Index(areas[AREA].astype(str), dtype=object)
    values = population.zcta_residents().reindex(ids).fillna(0).astype(float)
    return Weights(values, population.RESIDENTS, population.SOURCE)


def weighted_gaps(services: pd.DataFrame, areas: pd.DataFrame, w: Weights) -> pd.DataFrame:
    """The people-weighted analysis: the gaps, then the people out of reach per category."""
    return people_by_category(find_coverage_gaps(services, areas), w)


SITING_CATEGORY = "Food pantry"  # 10 miles: many areas out of reach, many candidates each
SITING_COUNT = 5


def run_people() -> None:
    areas, source = census_areas()
    areas = areas.merge(
        get_gazetteer().zips[["city"]], left_on=AREA, right_index=True, how="left"
    ).fillna({"city": ""})
    w = census_weights(areas)
    services = services_at(50_000)
    t_plain = median_seconds(lambda: find_coverage_gaps(services, areas), repeat=5)
    t_people = median_seconds(lambda: weighted_gaps(services, areas, w), repeat=5)
    summary = weighted_gaps(services, areas, w)
    assert len(summary) == len(CATEGORIES)
    print_table(
        f"Gaps in people: {len(areas):,} areas ({source}) x {len(CATEGORIES)} categories x "
        "50,000 services, median of 5, same run",
        ["analysis", "seconds", "x the unweighted analysis"],
        [
            ("find_coverage_gaps (ZIP areas)", t_plain, 1.0),
            ("+ people_by_category (residents)", t_people, t_people / t_plain),
        ],
    )

    gaps = find_coverage_gaps(services, areas, categories=[SITING_CATEGORY])
    candidates = area_candidates(areas)
    t_fast = median_seconds(
        lambda: suggest_sites(gaps, areas, w, SITING_CATEGORY, candidates, count=SITING_COUNT),
        repeat=3,
    )
    uncovered = int(gaps[IS_GAP].sum())
    sample = areas.sample(2_000, random_state=3).reset_index(drop=True)
    sample_gaps = gaps[gaps[AREA].isin(set(sample[AREA]))]
    sample_candidates = area_candidates(sample)
    start = time.perf_counter()
    brute = suggest_sites_brute(
        sample_gaps, sample, w, SITING_CATEGORY, sample_candidates, count=SITING_COUNT
    )
    t_brute = time.perf_counter() - start
    fast = suggest_sites(
        sample_gaps, sample, w, SITING_CATEGORY, sample_candidates, count=SITING_COUNT
    )
    pd.testing.assert_frame_equal(fast, brute)  # the same places, in the same order
    t_fast_sample = median_seconds(
        lambda: suggest_sites(
            sample_gaps, sample, w, SITING_CATEGORY, sample_candidates, count=SITING_COUNT
        ),
        repeat=3,
    )
    # The brute force measures every candidate against every uncovered area at each step:
    # its time grows with candidates x areas, so the sample's time is scaled by both.
    scale = (len(areas) / len(sample)) ** 2
    print_table(
        f"Where to add a provider: {SITING_CATEGORY}, {SITING_COUNT} places, every area's "
        f"centre a candidate ({len(areas):,}; {uncovered:,} areas out of reach); brute force "
        "on a sample of 2,000 areas (identical answer), scaled by candidates x areas",
        ["method", "areas", "seconds", "x faster than brute force"],
        [
            ("greedy, k-d tree + sparse matrix", len(areas), t_fast, t_brute * scale / t_fast),
            (
                "greedy, k-d tree + sparse matrix",
                len(sample),
                t_fast_sample,
                t_brute / t_fast_sample,
            ),
            ("greedy, brute-force haversine", len(sample), t_brute, 1.0),
            ("greedy, brute-force haversine (scaled)", len(areas), t_brute * scale, 1.0),
        ],
    )


if __name__ == "__main__":
    run()
