"""Services "not yet categorised": the terms they came with, and categorising them per term.

An imported service none of whose taxonomy terms maps to a dashboard category loads as
``schema.UNCATEGORISED`` (issue 16: a service is never kept out for its category alone).
Its terms travel in ``Workspace.uncategorised_terms`` and, once imported, in a setting of
the workspace database (:data:`PENDING_SETTING`), so that a person can later choose a
category for a *term* and every service with that term gets it at once
(:func:`categorise_by_term`). The choice is also remembered in the crosswalk
(:func:`mapping.interop.crosswalk.save_term_map`) for the next import.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pandas as pd

from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.interop.crosswalk import SettingsStore, term_key

PENDING_SETTING = "uncategorised_service_terms"
NO_TERM = "(no taxonomy term)"


def load_pending_terms(store: SettingsStore) -> dict[str, tuple[str, ...]]:
    """service_id -> term names of services imported without a category."""
    raw = store.get_setting(PENDING_SETTING, {}) or {}
    return {str(k): tuple(str(t) for t in v) for k, v in raw.items()}


def save_pending_terms(
    store: SettingsStore, ws: Workspace, *, replace: bool
) -> dict[str, tuple[str, ...]]:
    """Remember the terms of ``ws``'s uncategorised services after an import.

    ``replace``: the import replaced the workspace, so earlier entries are dropped. Entries
    of services that are no longer uncategorised are dropped too. Returns what is stored.
    """
    current = {} if replace else load_pending_terms(store)
    current.update(ws.uncategorised_terms)
    waiting = set(uncategorised(ws.services)[s.SERVICE_ID])
    kept = {sid: terms for sid, terms in sorted(current.items()) if sid in waiting}
    store.set_setting(PENDING_SETTING, {sid: list(terms) for sid, terms in kept.items()})
    return kept


def uncategorised(services: pd.DataFrame) -> pd.DataFrame:
    """The services not yet categorised."""
    return services[services[s.CATEGORY] == s.UNCATEGORISED]


def uncategorised_list(ws: Workspace, terms: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Services not yet categorised: service_id, service, partner, taxonomy terms."""
    df = uncategorised(ws.services)
    names = ws.partner_names()
    return pd.DataFrame(
        {
            s.SERVICE_ID: df[s.SERVICE_ID].tolist(),
            "service": df[s.NAME].tolist(),
            "partner": [names.get(p, p) for p in df[s.PARTNER_ID]],
            "taxonomy terms": ["; ".join(terms.get(sid, ())) for sid in df[s.SERVICE_ID]],
        }
    )


def term_counts(ws: Workspace, terms: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Terms of the services not yet categorised, most used first: term, services."""
    counts: Counter[str] = Counter()
    for sid in uncategorised(ws.services)[s.SERVICE_ID]:
        counts.update(dict.fromkeys(terms.get(sid, ()) or (NO_TERM,), 1))
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    return pd.DataFrame(rows, columns=["term", "services"])


def categorise_by_term(
    ws: Workspace, terms: Mapping[str, tuple[str, ...]], choices: Mapping[str, str]
) -> tuple[Workspace, int]:
    """Give each uncategorised service the category chosen for one of its terms.

    ``choices`` maps a term name (as in :func:`term_counts`, :data:`NO_TERM` included) to
    a category label; a service takes the choice of its first term that has one. Returns
    the new workspace (partners and relationships unchanged) and how many services changed.

    Raises:
        KeyError: a chosen category is not a category label.
    """
    chosen = {t: s.CATEGORIES.term(c).label for t, c in choices.items() if c}
    services = ws.services.copy()
    changed = 0
    for i in uncategorised(services).index:
        sid = str(services.at[i, s.SERVICE_ID])
        for term in terms.get(sid, ()) or (NO_TERM,):
            if term in chosen:
                services.at[i, s.CATEGORY] = chosen[term]
                changed += 1
                break
    out = Workspace(
        partners=ws.partners,
        services=services,
        relationships=ws.relationships,
        problems=ws.problems,
        counts=ws.counts,
        rejected=ws.rejected,
        source=ws.source,
        version=ws.version,
    )
    return out, changed


def term_map_updates(choices: Mapping[str, str]) -> dict[str, str]:
    """The crosswalk entries (term key -> category) that remember ``choices``."""
    return {term_key(t): c for t, c in choices.items() if c and t != NO_TERM and term_key(t)}
