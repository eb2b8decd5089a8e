"""Seeded synthetic workspaces of any size, in the sample community's region and taxonomy."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mapping.data import schema as s
from mapping.places.gazetteer import get_gazetteer


def synthetic_files(
    n_services: int,
    *,
    n_partners: int | None = None,
    seed: int = 7,
    states: tuple[str, ...] = ("PA",),
) -> dict[str, pd.DataFrame]:
    """Partners and services tables (text cells, contract columns) for benchmarks.

    Partners sit at real ZIP centres of ``states`` (a quarter with coordinates given,
    the rest ZIP only); services are at their partner's location, or at their own ZIP.
    """
    rng = np.random.default_rng(seed)
    areas = get_gazetteer().areas(states=states)
    n_partners = n_partners or max(10, n_services // 5)
    pick = areas.sample(n_partners, replace=True, random_state=seed).reset_index(drop=True)
    given = rng.random(n_partners) < 0.25
    partners = pd.DataFrame(
        {
            s.PARTNER_ID: [f"P{i:06d}" for i in range(n_partners)],
            s.NAME: [f"Organization {i}" for i in range(n_partners)],
            s.SECTOR: rng.choice(list(s.SECTORS.labels[:-1]), n_partners),
            s.CITY: pick["city"].str.title(),
            s.STATE: pick["state"],
            s.ZIP: pick["area"],
            s.LATITUDE: np.where(
                given, (pick["latitude"] + rng.normal(0, 0.01, n_partners)).round(5).astype(str), ""
            ),
            s.LONGITUDE: np.where(
                given,
                (pick["longitude"] + rng.normal(0, 0.01, n_partners)).round(5).astype(str),
                "",
            ),
            s.LANGUAGES: rng.choice(["English", "English|Spanish", "Spanish"], n_partners),
        }
    )
    owner = rng.integers(0, n_partners, n_services)
    own_site = rng.random(n_services) < 0.3
    sites = areas.sample(n_services, replace=True, random_state=seed + 1).reset_index(drop=True)
    services = pd.DataFrame(
        {
            s.SERVICE_ID: [f"S{i:07d}" for i in range(n_services)],
            s.PARTNER_ID: partners[s.PARTNER_ID].to_numpy()[owner],
            s.CATEGORY: rng.choice(list(s.CATEGORIES.labels), n_services),
            s.NAME: [f"Service {i}" for i in range(n_services)],
            s.ZIP: np.where(own_site, sites["area"], ""),
            s.STATE: np.where(own_site, sites["state"], ""),
            s.LANGUAGES: rng.choice(["English", "English|Spanish", ""], n_services),
            s.TRAUMA_INFORMED: rng.choice(["true", "false", ""], n_services),
        }
    )
    return {s.PARTNERS: partners, s.SERVICES: services}
