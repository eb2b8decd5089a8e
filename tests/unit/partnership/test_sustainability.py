"""The sustainability checklist: its items, answers, and what it says."""

from __future__ import annotations

import pytest

from mapping.data.errors import AssessmentError
from mapping.partnership import sustainability as sus


def test_the_checklist_covers_what_domain_md_asks_for() -> None:
    partner = {i.key for i in sus.PARTNER_ITEMS}
    assert {
        "more_than_one_person",
        "backup_contact",
        "leadership_buy_in",
        "funding",
        "emergency_plan",
        "own_emergency_plan",  # issue 17: each organization's own plan
    } <= partner
    assert {"shared_documents", "roles_written"} <= {i.key for i in sus.PARTNERSHIP_ITEMS}
    assert not partner & set(sus.PARTNERSHIP_KEYS)
    assert all(i.suggestion and i.short for i in (*sus.PARTNER_ITEMS, *sus.PARTNERSHIP_ITEMS))


def test_validate_checklist_keeps_every_item() -> None:
    out = sus.validate_checklist({"backup_contact": True, "funding": False}, partnership=False)
    assert list(out) == list(sus.PARTNER_KEYS)
    assert out["backup_contact"] is True and out["funding"] is False
    assert out["emergency_plan"] is None
    whole = sus.validate_checklist({"shared_documents": True}, partnership=True)
    assert list(whole) == list(sus.PARTNERSHIP_KEYS)


@pytest.mark.parametrize(
    ("answers", "partnership", "message"),
    [
        ({"shared_documents": True}, False, "not an item of a partner's"),
        ({"backup_contact": True}, True, "not an item of the partnership-wide"),
        ({"funding": "yes"}, False, "expected yes \\(true\\) or not yet \\(false\\), got 'yes'"),
        ({"funding": 1}, False, "got 1"),
    ],
)
def test_validate_checklist_refuses_bad_answers(
    answers: dict[str, object], partnership: bool, message: str
) -> None:
    with pytest.raises(AssessmentError, match=message):
        sus.validate_checklist(answers, partnership=partnership)


def test_in_place_and_what_is_missing() -> None:
    answers = sus.validate_checklist(
        {"more_than_one_person": True, "backup_contact": None, "funding": False},
        partnership=False,
    )
    assert sus.in_place(answers, sus.PARTNER_ITEMS) == (1, 7)
    missing = [i.key for i in sus.missing_items(answers, sus.PARTNER_ITEMS)]
    # "not yet" first, then "not sure", each in checklist order
    assert missing == [
        "funding",
        "backup_contact",
        "leadership_buy_in",
        "duties_written",
        "emergency_plan",
        "own_emergency_plan",
    ]
    assert [sus.status(v) for v in (True, False, None)] == ["in place", "not yet", "not sure"]


def test_checklist_frame_counts_partners_per_item() -> None:
    a = {"backup_contact": True, "funding": False}
    b = {"backup_contact": True, "funding": True}
    c = {"backup_contact": False}
    table = sus.checklist_frame([a, b, c], not_assessed=4).set_index("item")
    row = table.loc["A named backup contact"]
    assert (row["in place"], row["not yet"], row["not sure"], row["not assessed"]) == (2, 1, 0, 4)
    row = table.loc["Funding for partnership time"]
    assert (row["in place"], row["not yet"], row["not sure"]) == (1, 1, 1)
    assert len(table) == len(sus.PARTNER_ITEMS)


def test_checklist_reading() -> None:
    table = sus.checklist_frame(
        [{"backup_contact": True, "funding": True}, {"backup_contact": True}]
    )
    assert sus.checklist_reading(table, 2) == (
        "Of 2 partners that filled in the checklist, 2 have a named backup contact; only 0 "
        "have more than one person involved."
    )
    one = sus.checklist_frame([{"backup_contact": True}, {"funding": True}])
    assert sus.checklist_reading(one, 2) == (
        "Of 2 partners that filled in the checklist, 1 has a named backup contact; only 0 "
        "have more than one person involved."
    )
    assert sus.checklist_reading(table, 0) == (
        "No partner has filled in its sustainability checklist yet."
    )
