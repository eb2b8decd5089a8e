"""Change over time: compare the partnership at two moments (issue 17).

The Levels of Collaboration scale is used pre and post; funders ask what changed. A
*snapshot* keeps what a comparison needs from one moment (partners, ties with their
level and trust, the service categories and languages offered), under a name the
facilitator chooses ("kickoff", "six months"). Snapshots live in their own table, so they
outlast the workspace's pruned versions; a kept version can be compared too.

:func:`compare` says, between two snapshots: partners who joined or left, ties new and
lost, ties that deepened or loosened, levels, average trust and density (ties among all
possible pairs), and coverage gained or lost (service categories and languages offered by
at least one partner).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

from mapping.analysis.network.graph import relationship_pairs
from mapping.data import schema as s
from mapping.data import tables
from mapping.data.errors import MappingError
from mapping.data.normalize import split_list
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace

LEVEL_RANK: Final = {lv: i for i, lv in enumerate(s.LEVELS.labels)}
MAX_NAME: Final = 60


# ---- issue 17: the table of named snapshots (mapping.data.tables)
class SnapshotError(MappingError):
    """A snapshot cannot be saved or read (no name, unknown name)."""


@dataclass(frozen=True)
class Snapshot:
    """What the partnership looked like at one moment."""

    name: str
    taken_at: str
    partners: dict[str, str]  # id -> name
    ties: dict[tuple[str, str], tuple[str, float]]  # (a, b) -> (level, trust or NaN)
    categories: frozenset[str] = field(default_factory=frozenset)
    languages: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, ws: Workspace, name: str, taken_at: str = "") -> Snapshot:
        pairs = relationship_pairs(ws.relationships) if not ws.relationships.empty else None
        ties: dict[tuple[str, str], tuple[str, float]] = {}
        if pairs is not None:
            for a, b, level, trust in zip(
                pairs["partner_a"], pairs["partner_b"], pairs["level"], pairs["trust"], strict=True
            ):
                ties[(str(a), str(b))] = (str(level), float(trust))
        services = ws.services
        categories = set()
        languages = set()
        if not services.empty:
            for value in services[s.CATEGORY].tolist():
                categories.update(split_list(value))
            for value in services[s.LANGUAGES].tolist():
                languages.update(split_list(value))
        return cls(
            name=name,
            taken_at=taken_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            partners={str(k): str(v) for k, v in ws.partner_names().items()},
            ties=ties,
            categories=frozenset(categories),
            languages=frozenset(languages),
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "partners": self.partners,
                "ties": [
                    [a, b, lv, None if math.isnan(tr) else tr]
                    for (a, b), (lv, tr) in self.ties.items()
                ],
                "categories": sorted(self.categories),
                "languages": sorted(self.languages),
            }
        )

    @classmethod
    def from_json(cls, name: str, taken_at: str, raw: str) -> Snapshot:
        data = json.loads(raw)
        return cls(
            name=name,
            taken_at=taken_at,
            partners={str(k): str(v) for k, v in data["partners"].items()},
            ties={
                (str(a), str(b)): (str(lv), math.nan if tr is None else float(tr))
                for a, b, lv, tr in data["ties"]
            },
            categories=frozenset(data.get("categories", ())),
            languages=frozenset(data.get("languages", ())),
        )

    # --------------------------------------------------------------- figures
    @property
    def density(self) -> float:
        n = len(self.partners)
        return len(self.ties) / (n * (n - 1) / 2) if n > 1 else 0.0

    @property
    def average_trust(self) -> float:
        given = [tr for _, tr in self.ties.values() if not math.isnan(tr)]
        return sum(given) / len(given) if given else math.nan

    def level_counts(self) -> dict[str, int]:
        counts = Counter(lv for lv, _ in self.ties.values())
        return {lv: counts.get(lv, 0) for lv in s.LEVELS.labels}


class Snapshots:
    """Named snapshots in the workspace database of ``store``."""

    def __init__(self, store: WorkspaceStore) -> None:
        self.store = store

    def save(self, name: str, ws: Workspace, version: int | None = None) -> Snapshot:
        """Keep the partnership as it is now under ``name`` (replacing a snapshot of that name).

        Raises:
            SnapshotError: the name is empty or longer than :data:`MAX_NAME` characters.
        """
        clean = " ".join(str(name or "").split())
        if not clean:
            raise SnapshotError("give the snapshot a name, for example 'kickoff'.")
        if len(clean) > MAX_NAME:
            raise SnapshotError(
                f"a snapshot name has at most {MAX_NAME} characters; this one has {len(clean)}."
            )
        snap = Snapshot.of(ws, clean)
        with self.store.transaction() as conn:
            conn.upsert(
                tables.snapshots,
                {
                    "name": clean,
                    "taken_at": snap.taken_at,
                    "version": version,
                    "data": snap.to_json(),
                },
            )
        return snap

    def all(self) -> list[Snapshot]:
        """Every snapshot, oldest first."""
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT name, taken_at, data FROM snapshots ORDER BY taken_at, name"
            ).fetchall()
        return [Snapshot.from_json(str(n), str(t), str(d)) for n, t, d in rows]

    def get(self, name: str) -> Snapshot:
        for snap in self.all():
            if snap.name == name:
                return snap
        raise SnapshotError(f"there is no snapshot named {name!r}.")

    def remove(self, name: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM snapshots WHERE name = ?", (name,))


# ----------------------------------------------------------------------------- compare
@dataclass(frozen=True)
class Change:
    """What changed between two snapshots."""

    before: Snapshot
    after: Snapshot
    joined: list[str]  # partner names
    left: list[str]
    new_ties: list[tuple[str, str, str]]  # (name a, name b, level)
    lost_ties: list[tuple[str, str, str]]
    deeper: list[tuple[str, str, str, str]]  # (name a, name b, level before, level after)
    looser: list[tuple[str, str, str, str]]
    categories_gained: list[str]
    categories_lost: list[str]
    languages_gained: list[str]
    languages_lost: list[str]

    def summary(self) -> pd.DataFrame:
        """metric, before, after, change: the figures a funder's report needs."""
        b, a = self.before, self.after
        rows: list[dict[str, Any]] = [
            _row("partners", len(b.partners), len(a.partners)),
            _row("ties", len(b.ties), len(a.ties)),
        ]
        bl, al = b.level_counts(), a.level_counts()
        rows += [_row(f"ties at {lv}", bl[lv], al[lv]) for lv in s.LEVELS.labels]
        rows += [
            _row("average trust (1-4)", _round(b.average_trust), _round(a.average_trust)),
            _row("density (%)", _round(100 * b.density, 1), _round(100 * a.density, 1)),
            _row("service categories offered", len(b.categories), len(a.categories)),
            _row("languages offered", len(b.languages), len(a.languages)),
        ]
        return pd.DataFrame(rows, columns=["metric", "before", "after", "change"])

    def level_frame(self) -> pd.DataFrame:
        """level, before, after: ties per level at the two moments (for a chart)."""
        bl, al = self.before.level_counts(), self.after.level_counts()
        return pd.DataFrame(
            {
                "level": list(s.LEVELS.labels),
                self.before.name: [bl[lv] for lv in s.LEVELS.labels],
                self.after.name: [al[lv] for lv in s.LEVELS.labels],
            }
        )

    def details(self) -> pd.DataFrame:
        """One row per change: what, partners, from, to."""
        rows = [("partner joined", n, "", "") for n in self.joined]
        rows += [("partner left", n, "", "") for n in self.left]
        rows += [("new tie", f"{x} and {y}", "", lv) for x, y, lv in self.new_ties]
        rows += [("tie lost", f"{x} and {y}", lv, "") for x, y, lv in self.lost_ties]
        rows += [("tie deepened", f"{x} and {y}", f, t) for x, y, f, t in self.deeper]
        rows += [("tie loosened", f"{x} and {y}", f, t) for x, y, f, t in self.looser]
        rows += [("category now offered", c, "", "") for c in self.categories_gained]
        rows += [("category no longer offered", c, "", "") for c in self.categories_lost]
        rows += [("language now offered", c, "", "") for c in self.languages_gained]
        rows += [("language no longer offered", c, "", "") for c in self.languages_lost]
        return pd.DataFrame(rows, columns=["change", "who or what", "from", "to"])


def _round(value: float, digits: int = 2) -> float:
    return value if math.isnan(value) else round(value, digits)


def _row(metric: str, before: float, after: float) -> dict[str, Any]:
    if isinstance(before, float) and (math.isnan(before) or math.isnan(after)):
        change: Any = math.nan
    else:
        change = round(after - before, 2)
    return {"metric": metric, "before": before, "after": after, "change": change}


def compare(before: Snapshot, after: Snapshot) -> Change:
    """What changed from ``before`` to ``after`` (see the module docstring)."""
    names = {**before.partners, **after.partners}

    def pair_names(key: tuple[str, str]) -> tuple[str, str]:
        return names.get(key[0], key[0]), names.get(key[1], key[1])

    deeper: list[tuple[str, str, str, str]] = []
    looser: list[tuple[str, str, str, str]] = []
    for key in sorted(set(before.ties) & set(after.ties)):
        was, now = before.ties[key][0], after.ties[key][0]
        if was in LEVEL_RANK and now in LEVEL_RANK and was != now:
            target = deeper if LEVEL_RANK[now] > LEVEL_RANK[was] else looser
            target.append((*pair_names(key), was, now))
    return Change(
        before=before,
        after=after,
        joined=sorted(names[p] for p in set(after.partners) - set(before.partners)),
        left=sorted(names[p] for p in set(before.partners) - set(after.partners)),
        new_ties=[
            (*pair_names(k), after.ties[k][0]) for k in sorted(set(after.ties) - set(before.ties))
        ],
        lost_ties=[
            (*pair_names(k), before.ties[k][0]) for k in sorted(set(before.ties) - set(after.ties))
        ],
        deeper=deeper,
        looser=looser,
        categories_gained=sorted(after.categories - before.categories),
        categories_lost=sorted(before.categories - after.categories),
        languages_gained=sorted(after.languages - before.languages),
        languages_lost=sorted(before.languages - after.languages),
    )


def change_reading(change: Change) -> str:
    """One sentence that reads the comparison."""
    b, a = change.before, change.after
    parts = [
        f"From {b.name} to {a.name}: {len(change.joined)} partners joined and "
        f"{len(change.left)} left",
        f"{len(change.new_ties)} new ties and {len(change.lost_ties)} lost",
        f"{len(change.deeper)} ties deepened and {len(change.looser)} loosened",
        f"density went from {100 * b.density:.1f}% to {100 * a.density:.1f}%",
    ]
    if not (math.isnan(b.average_trust) or math.isnan(a.average_trust)):
        parts.append(f"average trust from {b.average_trust:.2f} to {a.average_trust:.2f}")
    gained, lost = len(change.categories_gained), len(change.categories_lost)
    parts.append(f"{gained} service categories gained and {lost} lost")
    return "; ".join(parts) + "."
