"""Ties rated from both sides: each partner rates its own relationships (issue 17).

In the spirit of PARTNER's network surveys, each partner rates a relationship on three
trust dimensions (reliability, support of the mission, openness to discussion) and three
value dimensions (resources, involvement, influence), on a four-point scale from "not at
all" to "a great deal", with the level as it sees it. Both sides of a tie rate it, so the
app can show where they see it differently: a different level, or a dimension rated
``s.TRUST_GAP`` (2) or more points apart (the project's own convention, the same as for
the trust column of relationships.csv).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from mapping.data import schema as s
from mapping.data import tables
from mapping.data.errors import MappingError
from mapping.data.store import WorkspaceStore


@dataclass(frozen=True)
class Dimension:
    key: str
    kind: str  # "trust" or "value"
    label: str
    question: str


DIMENSIONS: Final = (
    Dimension("reliability", "trust", "reliability", "They follow through on commitments."),
    Dimension("mission", "trust", "support of the mission", "They support the mission we share."),
    Dimension("openness", "trust", "openness to discussion", "They are open to discussion."),
    Dimension(
        "resources", "value", "resources", "They bring resources (staff, space, funds, data)."
    ),
    Dimension("involvement", "value", "involvement", "They take part in the work."),
    Dimension("influence", "value", "influence", "They have influence in the community."),
)
DIMENSION_KEYS: Final = tuple(d.key for d in DIMENSIONS)
SCALE: Final = {1: "Not at all", 2: "A small amount", 3: "A fair amount", 4: "A great deal"}
COLUMNS: Final = ("rater_id", "other_id", "level", *DIMENSION_KEYS, "rated_at")


# ---- issue 17: the table of tie ratings (mapping.data.tables)
class RatingError(MappingError):
    """A tie rating cannot be saved (no partner, the same partner twice, a bad value)."""


class TieRatings:
    """Each partner's ratings of its ties, in the workspace database of ``store``."""

    def __init__(self, store: WorkspaceStore) -> None:
        self.store = store

    def save(self, rater: str, other: str, level: str, ratings: Mapping[str, int | None]) -> None:
        """Store (or replace) ``rater``'s view of its tie with ``other``.

        Raises:
            RatingError: a partner missing, the same partner twice, an unknown level,
                an unknown dimension or a value outside 1-4; the message says which.
        """
        if not rater or not other:
            raise RatingError("choose your organization and the partner you rate.")
        if rater == other:
            raise RatingError("rate a relationship with another partner, not your own.")
        if level and level not in s.LEVELS.labels:
            raise RatingError(f"level {level!r} is not one of {', '.join(s.LEVELS.labels)}.")
        unknown = [k for k in ratings if k not in DIMENSION_KEYS]
        if unknown:
            raise RatingError(
                f"unknown dimension {unknown[0]!r}; the dimensions are {', '.join(DIMENSION_KEYS)}."
            )
        values: list[int | None] = []
        for key in DIMENSION_KEYS:
            value = ratings.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4
            ):
                raise RatingError(f"{key}: a rating is 1 to 4 (or left out), got {value!r}.")
            values.append(value)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.store.transaction() as conn:
            conn.upsert(
                tables.tie_ratings,
                dict(zip(COLUMNS, (rater, other, level, *values, now), strict=True)),
            )

    def frame(self) -> pd.DataFrame:
        """Every rating: columns :data:`COLUMNS` (dimensions Int64, <NA> when not rated)."""
        with self.store.connect() as conn:
            rows = conn.execute(
                f"SELECT {', '.join(COLUMNS)} FROM tie_ratings ORDER BY rater_id, other_id"
            ).fetchall()
        out = pd.DataFrame(rows, columns=list(COLUMNS))
        return out.astype(dict.fromkeys(DIMENSION_KEYS, "Int64"))


def two_sides(ratings: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Where the two sides of a tie see it differently, one row per measure that differs.

    Columns: partner_a, partner_b (names; A before B by id), measure, a_says, b_says.
    A measure differs when the levels differ, or two ratings are ``s.TRUST_GAP`` or more
    apart. Only ties both sides rated are compared.
    """
    columns = ["partner_a", "partner_b", "measure", "a_says", "b_says"]
    if ratings.empty:
        return pd.DataFrame(columns=columns)
    by_pair: dict[tuple[str, str], Any] = {
        (str(r["rater_id"]), str(r["other_id"])): r for _, r in ratings.iterrows()
    }
    rows = []
    for (rater, other), mine in sorted(by_pair.items()):
        if rater > other or (other, rater) not in by_pair:
            continue
        theirs = by_pair[(other, rater)]
        a, b = names.get(rater, rater), names.get(other, other)
        if mine["level"] and theirs["level"] and mine["level"] != theirs["level"]:
            rows.append((a, b, "level", mine["level"], theirs["level"]))
        for dim in DIMENSIONS:
            x, y = mine[dim.key], theirs[dim.key]
            if pd.isna(x) or pd.isna(y) or abs(int(x) - int(y)) < s.TRUST_GAP:
                continue
            rows.append((a, b, f"{dim.label} ({dim.kind})", SCALE[int(x)], SCALE[int(y)]))
    return pd.DataFrame(rows, columns=columns)


def two_sides_reading(ratings: pd.DataFrame, differ: pd.DataFrame) -> str:
    """One sentence that reads the comparison."""
    if ratings.empty:
        return "No partner has rated its relationships yet."
    pairs = {
        tuple(sorted((str(r), str(o))))
        for r, o in zip(ratings["rater_id"], ratings["other_id"], strict=True)
    }
    both = sum(
        1
        for a, b in pairs
        if ((ratings["rater_id"] == a) & (ratings["other_id"] == b)).any()
        and ((ratings["rater_id"] == b) & (ratings["other_id"] == a)).any()
    )
    ties = differ[["partner_a", "partner_b"]].drop_duplicates()
    return (
        f"{len(ratings)} ratings cover {len(pairs)} ties, {both} rated by both sides; "
        f"the two sides see {len(ties)} of them differently."
    )
