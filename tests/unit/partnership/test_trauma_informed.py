"""The trauma-informed self-assessment: ratings, scores, the weakest principles and what to
do about them, and the tables and sentences beside the radar."""

from __future__ import annotations

import math

import pytest

from mapping.data.errors import AssessmentError
from mapping.partnership import trauma_informed as ti


def _all(value: int | None) -> dict[str, int | None]:
    return dict.fromkeys(ti.KEYS, value)


def _keys(dim: str) -> list[str]:
    return [q.key for q in ti.STATEMENTS if q.dimension == dim]


def test_every_principle_and_r_has_a_few_plain_statements_with_suggestions() -> None:
    assert (*ti.PRINCIPLES, *ti.FOUR_RS) == ti.DIMENSIONS
    assert len(ti.PRINCIPLES) == 6 and len(ti.FOUR_RS) == 4
    for dim in ti.DIMENSIONS:
        statements = [q for q in ti.STATEMENTS if q.dimension == dim]
        assert 2 <= len(statements) <= 3, dim
        assert dim in ti.TRAINING and dim in ti.DIMENSION_HELP and dim in ti.SHORT
        assert all(q.text.endswith(".") and q.suggestion.endswith(".") for q in statements)
    assert len(set(ti.KEYS)) == len(ti.KEYS)


def test_the_suggestions_name_the_practices_the_guide_asks_for() -> None:
    text = " ".join([*ti.TRAINING.values(), *(q.suggestion for q in ti.STATEMENTS)]).lower()
    for practice in (
        "motivational interviewing",
        "crisis intervention",
        "safety planning",
        "rotate facilitation",
        "survivor leaders",
    ):
        assert practice in text, practice


def test_validate_ratings_fills_every_key_and_keeps_not_sure_as_none() -> None:
    out = ti.validate_ratings({"safety_spaces": 4, "trust_decisions": None, "peer_staff": 2.0})
    assert set(out) == set(ti.KEYS)
    assert out["safety_spaces"] == 4 and out["peer_staff"] == 2
    assert isinstance(out["peer_staff"], int)
    assert out["trust_decisions"] is None and out["culture_center"] is None
    assert ti.rated_count(out) == 2


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"safety": 3}, "unknown statement 'safety'"),
        ({"safety_spaces": 0}, "expected a whole number from 1 to 5, got 0"),
        ({"safety_spaces": 6}, "got 6"),
        ({"safety_spaces": 2.5}, "got 2.5"),
        ({"safety_spaces": "3"}, "expected a rating from 1 to 5, got '3'"),
        ({"safety_spaces": True}, "got True"),
    ],
)
def test_validate_ratings_refuses_bad_answers_with_a_message(
    answers: dict[str, object], message: str
) -> None:
    with pytest.raises(AssessmentError, match=message):
        ti.validate_ratings(answers)


def test_a_dimension_scores_the_mean_of_its_rated_statements() -> None:
    ratings = _all(None)
    ratings.update(dict(zip(_keys(ti.SAFETY), (1, 4, None), strict=True)))
    ratings.update(dict.fromkeys(_keys(ti.REALIZE), 5))
    scores = ti.score_dimensions(ratings)
    assert scores[ti.SAFETY] == pytest.approx(2.5)
    assert scores[ti.REALIZE] == 5.0
    assert scores[ti.TRUST] is None  # nothing rated: no score, not zero
    assert ti.overall_score(scores) == pytest.approx(2.5)  # only safety among the six
    assert ti.overall_score(scores, ti.FOUR_RS) == 5.0
    assert ti.overall_score(ti.score_dimensions(_all(None))) is None


def test_the_partnership_score_counts_every_partner_once() -> None:
    # Partner A rates safety on one statement (1), partner B on all three (5, 5, 5): the
    # partnership's safety is the mean of 1 and 5, not of the four ratings.
    a = _all(None) | {_keys(ti.SAFETY)[0]: 1}
    b = _all(None) | dict.fromkeys(_keys(ti.SAFETY), 5)
    assert ti.partnership_scores([a, b])[ti.SAFETY] == pytest.approx(3.0)
    means = ti.mean_ratings([a, b])
    assert means[_keys(ti.SAFETY)[0]] == pytest.approx(3.0)
    assert means[_keys(ti.SAFETY)[1]] == 5.0
    assert means[_keys(ti.TRUST)[0]] is None


def test_the_weakest_principles_are_below_mostly_lowest_first_at_most_three() -> None:
    scores = {
        ti.SAFETY: 3.0,
        ti.TRUST: 2.0,
        ti.PEER: 4.0,  # "mostly": not weak
        ti.COLLABORATION: 3.0,
        ti.EMPOWERMENT: 1.5,
        ti.CULTURE: None,  # unscored: not listed
    }
    assert ti.weakest_dimensions(scores) == [ti.EMPOWERMENT, ti.TRUST, ti.SAFETY]
    assert ti.weakest_dimensions(scores, limit=5) == [
        ti.EMPOWERMENT,
        ti.TRUST,
        ti.SAFETY,
        ti.COLLABORATION,  # tie with safety: the principles' order
    ]
    assert ti.weakest_dimensions(dict.fromkeys(ti.PRINCIPLES, 4.5)) == []


def test_suggestions_start_with_the_lowest_statements_then_the_training() -> None:
    ratings = _all(5)
    safety = _keys(ti.SAFETY)  # spaces, speak up, planning
    ratings.update({safety[0]: 3, safety[1]: 4, safety[2]: 1})
    trust = _keys(ti.TRUST)
    ratings.update({trust[0]: 2, trust[1]: 2, trust[2]: 2})
    tips = ti.suggestions(ratings)
    assert [t.dimension for t in tips] == [ti.TRUST, ti.SAFETY]
    assert tips[0].score == pytest.approx(2.0)
    assert tips[0].actions == (
        *(ti.STATEMENT[k].suggestion for k in trust),
        ti.TRAINING[ti.TRUST],
    )
    # Safety: planning (1), then spaces (3); speak-up is rated 4 ("mostly") and left out.
    assert tips[1].actions == (
        ti.STATEMENT[safety[2]].suggestion,
        ti.STATEMENT[safety[0]].suggestion,
        ti.TRAINING[ti.SAFETY],
    )
    assert tips[1].score == pytest.approx(8 / 3)
    assert ti.suggestions(_all(4)) == []
    # The four Rs have their own suggestions.
    rs = ti.suggestions(_all(5) | {"resist_retelling": 1}, ti.FOUR_RS)
    assert [(t.dimension, t.actions[0]) for t in rs] == [
        (ti.RESIST, ti.STATEMENT["resist_retelling"].suggestion)
    ]


def test_scores_frame_is_the_table_beside_the_radar() -> None:
    a = ti.score_dimensions(_all(None) | dict.fromkeys(_keys(ti.SAFETY), 4))
    b = ti.score_dimensions(_all(2))
    table = ti.scores_frame({"A": a, "B": b}, ti.PRINCIPLES)
    assert list(table.columns) == ["dimension", "A", "B"]
    assert list(table["dimension"]) == [ti.SHORT[d] for d in ti.PRINCIPLES]
    assert table["A"].iloc[0] == 4.0 and math.isnan(table["A"].iloc[1])
    assert list(table["B"]) == [2.0] * 6


def test_change_between_two_assessments_and_its_sentence() -> None:
    before = ti.score_dimensions(_all(2))
    after = ti.score_dimensions(_all(2) | dict.fromkeys(_keys(ti.PEER), 4) | {"safety_spaces": 1})
    change = ti.change_frame(before, after)
    assert len(change) == 10
    row = change.set_index("dimension").loc[ti.SHORT[ti.PEER]]
    assert (row["before"], row["now"], row["change"]) == (2.0, 4.0, 2.0)
    assert change.set_index("dimension").loc[ti.SHORT[ti.SAFETY], "change"] == pytest.approx(-0.3)
    assert ti.change_reading(change, "2026-03-10", "2026-09-15") == (
        "From 2026-03-10 to 2026-09-15: 1 improved (most: peer support, +2.0); "
        "1 went down (most: safety, -0.3)."
    )
    same = ti.change_frame(before, before)
    assert ti.change_reading(same, "a", "b") == "From a to b, every score stayed the same."
    assert ti.change_reading(ti.change_frame({}, {}), "a", "b") == (
        "Nothing to compare between a and b yet."
    )


def test_the_reading_names_the_strongest_and_weakest() -> None:
    scores = ti.score_dimensions(_all(3) | dict.fromkeys(_keys(ti.CULTURE), 5))
    assert ti.scores_reading(scores, "Safe Harbor", ti.PRINCIPLES) == (
        "Safe Harbor scores 3.3 of 5 on average (partly): strongest on cultural, historical "
        "and gender issues (5.0), weakest on safety (3.0)."
    )
    assert ti.scores_reading({}, "X", ti.PRINCIPLES) == "X has no ratings yet."
    flat = ti.score_dimensions(_all(4))
    assert ti.scores_reading(flat, "X", ti.FOUR_RS) == (
        "X scores 4.0 of 5 on average (mostly), the same on each rated."
    )
    one = ti.score_dimensions(_all(None) | {"safety_spaces": 1, "safety_planning": 5})
    assert ti.scores_reading(one, "X", ti.PRINCIPLES) == (
        "X scores 3.0 of 5 (partly) on safety; the others are not rated yet."
    )
    two = ti.score_dimensions(_all(None) | {"safety_spaces": 1, "trust_decisions": 5})
    assert ti.scores_reading(two, "X", ti.PRINCIPLES) == (
        "X scores 3.0 of 5 on average (partly): strongest on trustworthiness and "
        "transparency (5.0), weakest on safety (1.0); 4 not rated yet."
    )


# issue 17: the guide's points under Recognize and Resist
def test_participant_feedback_is_asked_under_resist() -> None:
    statement = ti.STATEMENT["resist_feedback"]
    assert statement.dimension == ti.RESIST
    assert "participants for feedback" in statement.text


def test_the_trauma_responses_table_names_the_guides_examples() -> None:
    seen = " ".join(r[1] for r in ti.TRAUMA_RESPONSES).lower()
    for response in ("numbness", "hypervigilance", "decreased working memory"):
        assert response in seen
    assert all(len(r) == len(ti.TRAUMA_RESPONSE_COLUMNS) for r in ti.TRAUMA_RESPONSES)
