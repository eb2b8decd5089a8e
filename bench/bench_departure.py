"""What-if-a-partner-leaves benchmark: find_departure_risks against re-running the gaps.

The baseline is the plain way to answer "what gaps would open if this partner left": run
find_coverage_gaps again without the partner's services, for every category and area, once
per partner, and compare with the gaps now. Measured in the same run: the same re-run
restricted to the areas one provider reaches and the categories the partner offers (what
``partner_departure`` does for one partner), and ``find_departure_risks`` (one pass of
reach_codes for every partner, plus the network's cut vertices). Every method's gap counts
are checked equal on the partners timed. The baselines are timed on a sample of partners
and scaled up to all when there are many.
"""

from __future__ import annotations

import time
from functools import partial

import numpy as np
import pandas as pd

from bench.common import median_seconds, print_table
from bench.synthetic import synthetic_files
from mapping.analysis import coverage as cov
from mapping.analysis.departure import _candidates, _new_gaps, find_departure_risks
from mapping.data import schema as s
from mapping.data.sample import load_sample

SAMPLED = 12  # partners timed for the baselines on large inputs


def _relationships(partners: pd.DataFrame, seed: int) -> pd.DataFrame:
    """About two ties per partner, among nearby ids (so the network has bridges)."""
    rng = np.random.default_rng(seed)
    ids = partners[s.PARTNER_ID].to_numpy()
    n = len(ids)
    a = rng.integers(0, n, 2 * n)
    b = np.clip(a + rng.integers(1, 6, 2 * n), 0, n - 1)
    keep = a != b
    return pd.DataFrame(
        {s.SOURCE_ID: ids[a[keep]], s.TARGET_ID: ids[b[keep]], s.LEVEL: "cooperation"}
    )


def _synthetic(
    n_partners: int, n_services: int
) -> tuple[str, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    files = synthetic_files(n_services, n_partners=n_partners, seed=n_partners)
    partners, services = files[s.PARTNERS], files[s.SERVICES]
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
    label = f"synthetic PA, {n_partners:,} partners"
    return label, partners, services, _relationships(partners, n_partners)


def _naive(placed: pd.DataFrame, areas: pd.DataFrame, gaps: pd.DataFrame, pid: str) -> int:
    cats = list(dict.fromkeys(gaps[s.CATEGORY]))
    after = cov.find_coverage_gaps(placed[placed[s.PARTNER_ID] != pid], areas, {}, categories=cats)
    return int((~gaps[cov.IS_GAP].to_numpy() & after[cov.IS_GAP].to_numpy()).sum())


def _restricted(
    placed: pd.DataFrame, areas: pd.DataFrame, candidates: pd.DataFrame, pid: str
) -> int:
    return len(_new_gaps(placed, areas, {}, candidates, pid))


def _timed(fn, pids: list[str]) -> tuple[float, dict[str, int]]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    counts = {pid: fn(pid) for pid in pids}
    return time.perf_counter() - start, counts


def run() -> None:
    sample = load_sample()
    cases = [("sample community", sample.partners, sample.services, sample.relationships)]
    cases += [_synthetic(200, 1_000), _synthetic(1_000, 5_000)]
    rows = []
    for label, partners, services, rels in cases:
        placed = cov.place_services(services)
        placed = placed[placed[cov.PLACED_BY] != cov.NOT_PLACED]
        areas = cov.region_areas(counties=cov.counties_present(placed))
        gaps = cov.find_coverage_gaps(placed, areas, {})
        t_ours = median_seconds(
            lambda p=placed, a=areas, g=gaps, pa=partners, r=rels: find_departure_risks(
                p, pa, r, a, {}, gaps=g
            ),
            repeat=3,
        )
        ours = find_departure_risks(placed, partners, rels, areas, {}, gaps=gaps).set_index(
            s.PARTNER_ID
        )
        ids = list(partners[s.PARTNER_ID])
        timed = ids if len(ids) <= 60 else list(pd.Series(ids).sample(SAMPLED, random_state=1))
        scale = len(ids) / len(timed)
        t_naive, naive = _timed(partial(_naive, placed, areas, gaps), timed)
        t_restricted, restricted = _timed(
            partial(_restricted, placed, areas, _candidates(gaps)), timed
        )
        for pid in timed:
            assert naive[pid] == restricted[pid] == ours.loc[pid, "gap_areas"], pid
        rows.append(
            (
                label,
                len(partners),
                len(services),
                len(areas),
                t_naive * scale,
                t_restricted * scale,
                t_ours,
                t_naive * scale / t_ours,
                f"{len(timed)} of {len(ids)}",
            )
        )
    print_table(
        "What if a partner leaves, every partner: re-running find_coverage_gaps (baseline) "
        "against find_departure_risks; median of 3 for ours, baselines scaled from the "
        "partners timed; gap counts identical",
        [
            "workspace",
            "partners",
            "services",
            "ZIP areas",
            "re-run per partner s",
            "restricted re-run s",
            "find_departure_risks s",
            "speed-up vs re-run",
            "partners checked",
        ],
        rows,
    )


if __name__ == "__main__":
    run()
