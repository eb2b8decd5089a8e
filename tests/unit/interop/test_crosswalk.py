"""Taxonomy terms from Open Eligibility, AIRS and local lists to dashboard categories."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapping.data import schema as s
from mapping.data.store import WorkspaceStore
from mapping.interop import crosswalk as cw


@pytest.mark.parametrize(
    ("name", "code", "category", "how"),
    [
        # Open Eligibility names (Ohana's taxonomy.csv).
        ("Food Pantry", "", "Food pantry", cw.BY_NAME),
        ("Help Pay for Housing", "", "Rental assistance", cw.BY_NAME),
        ("Help Escape Violence", "", "Safety planning", cw.BY_NAME),
        ("English as a Second Language (ESL)", "", "ESL", cw.BY_NAME),
        ("Citizenship & Immigration", "", "Immigration legal aid", cw.BY_NAME),
        ("Transit", "", "Transportation", cw.BY_NAME),  # an OE top level = a category group
        # Plurals and AIRS names.
        ("Food Pantries", "", "Food pantry", cw.BY_NAME),
        ("Domestic Violence Shelters", "", "Shelter", cw.BY_NAME),
        # AIRS codes: specific codes first, the name when the code is not listed.
        ("Emergency Shelter Beds", "BH-1800.8500", "Shelter", cw.BY_CODE),
        ("BD-1800.2000 Food Pantries", "", "Food pantry", cw.BY_NAME),  # code inside the name
        ("Lunch Bunch", "BD-5000.8300", "Food", cw.BY_CODE),
        ("Soup Kitchens", "BD-5000.8300", "Food", cw.BY_NAME),  # the name is as good
        ("Zoning Appeals", "F", "Legal", cw.BY_BRANCH),  # only the top branch says anything
        # A category named inside a longer term.
        ("Community Counselling Services", "", "Mental health", cw.BY_WORDS),
        ("Mental Health Drop-in", "", "Mental health", cw.BY_WORDS),  # not plain "Health"
        # Nothing to go on.
        ("Older Adults", "", None, cw.NOT_MAPPED),
        ("Medical-Legal Partnership", "", None, cw.NOT_MAPPED),  # names two categories
        ("Tax Clinic", "", None, cw.NOT_MAPPED),  # "clinic" alone is too general
        ("", "", None, cw.NOT_MAPPED),
    ],
)
def test_map_term(name: str, code: str, category: str | None, how: str) -> None:
    assert cw.map_term(name, code) == cw.TermMatch(category, how)


def test_parents_are_tried_when_the_term_says_nothing() -> None:
    disaster = cw.map_term("Disaster Response", parents=[("Emergency", "")])
    assert disaster == cw.TermMatch("Emergency", cw.BY_PARENT)
    # A specific parent beats a broad AIRS branch of the term itself.
    match = cw.map_term("Odd program", "B", parents=[("Food Pantries", "")])
    assert match == cw.TermMatch("Food pantry", cw.BY_PARENT)


def test_the_users_mapping_comes_first() -> None:
    user = {cw.term_key("Food Pantries"): "Food", "lawyer referral service": "Legal"}
    assert cw.map_term("Food Pantries", user_map=user) == cw.TermMatch("Food", cw.BY_USER)
    assert cw.map_term("Lawyer Referral Services", user_map=user).category == "Legal"
    # A saved value that is no longer a category is ignored.
    assert cw.map_term("Older Adults", user_map={"older adult": "Nope"}).category is None


def test_every_crosswalk_target_is_a_category() -> None:
    targets = set(cw.TERM_NAMES.values()) | set(cw.AIRS_CODES.values())
    assert targets <= set(s.CATEGORIES.labels)
    for code in cw.AIRS_CODES:
        assert cw.AIRS_CODE.match(code), code


@pytest.mark.parametrize(
    ("categories", "sector"),
    [
        (["Legal", "Immigration legal aid", "Shelter"], "Legal aid"),
        (["Mental health", "Substance use", "Medical care"], "Mental health"),
        (["Job training", "Legal"], "Workforce development"),  # a tie: first seen
        (["Shelter", "Crisis line", "Case management"], None),  # they say little
        ([], None),
    ],
)
def test_infer_sector(categories: list[str], sector: str | None) -> None:
    assert cw.infer_sector(categories) == sector


def test_term_keys_forgive_case_plurals_and_punctuation() -> None:
    assert cw.term_key("Food Pantries") == cw.term_key("food pantry") == "food pantry"
    assert cw.term_key("", "BD-1800") == "bd 1800"


def test_the_mapping_is_saved_in_the_workspace_settings(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "w.sqlite3")
    assert cw.load_term_map(store) == {}
    cw.save_term_map(store, {"lawyer referral service": "legal", "older adult": "Seniors?"})
    assert cw.load_term_map(store) == {"lawyer referral service": "Legal"}
    again = WorkspaceStore(tmp_path / "w.sqlite3")  # another session, same file
    cw.save_term_map(again, {"pet fostering": "Care", "lawyer referral service": ""})
    assert cw.load_term_map(store) == {"pet fostering": "Care"}
