"""Ties rated from both sides: PARTNER-style trust and value dimensions, and where the two
sides of a tie see it differently (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapping.data.store import WorkspaceStore
from mapping.partnership import tie_ratings as tr

NAMES = {"P1": "Legal Aid", "P2": "Job Center", "P3": "Safe Harbor"}


@pytest.fixture
def ratings(tmp_path: Path) -> tr.TieRatings:
    return tr.TieRatings(WorkspaceStore(tmp_path / "db.sqlite3"))


def test_the_dimensions_follow_partners_trust_and_value() -> None:
    assert [(d.kind, d.key) for d in tr.DIMENSIONS] == [
        ("trust", "reliability"),
        ("trust", "mission"),
        ("trust", "openness"),
        ("value", "resources"),
        ("value", "involvement"),
        ("value", "influence"),
    ]


def test_two_sides_that_differ_are_shown_measure_by_measure(ratings: tr.TieRatings) -> None:
    ratings.save("P1", "P2", "coordination", {"reliability": 4, "resources": 3, "openness": 2})
    ratings.save("P2", "P1", "cooperation", {"reliability": 1, "resources": 2, "openness": 3})
    ratings.save("P1", "P3", "cooperation", {"reliability": 4})  # only one side
    frame = ratings.frame()
    assert len(frame) == 3 and str(frame["reliability"].dtype) == "Int64"
    differ = tr.two_sides(frame, NAMES)
    assert differ.to_dict("records") == [
        {"partner_a": "Legal Aid", "partner_b": "Job Center", "measure": "level",
         "a_says": "coordination", "b_says": "cooperation"},
        {"partner_a": "Legal Aid", "partner_b": "Job Center",
         "measure": "reliability (trust)", "a_says": "A great deal", "b_says": "Not at all"},
    ]  # fmt: skip
    assert tr.two_sides_reading(frame, differ) == (
        "3 ratings cover 2 ties, 1 rated by both sides; the two sides see 1 of them differently."
    )


def test_rating_again_replaces(ratings: tr.TieRatings) -> None:
    ratings.save("P1", "P2", "", {"influence": 1})
    ratings.save("P1", "P2", "collaboration", {"influence": 4})
    frame = ratings.frame()
    assert frame[["level", "influence"]].values.tolist() == [["collaboration", 4]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("", "P2", "", {}), "choose your organization"),
        (("P1", "P1", "", {}), "not your own"),
        (("P1", "P2", "partnership", {}), "level 'partnership' is not one of"),
        (("P1", "P2", "", {"trustworthy": 3}), "unknown dimension 'trustworthy'"),
        (("P1", "P2", "", {"reliability": 5}), "reliability: a rating is 1 to 4"),
    ],
)
def test_bad_ratings_are_refused(ratings: tr.TieRatings, args: tuple, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(tr.RatingError, match=message):
        ratings.save(*args)


def test_no_ratings_yet(ratings: tr.TieRatings) -> None:
    frame = ratings.frame()
    assert tr.two_sides(frame, NAMES).empty
    assert tr.two_sides_reading(frame, tr.two_sides(frame, NAMES)) == (
        "No partner has rated its relationships yet."
    )
