"""Recipes: any directory read by saying which column is which; split, trim, join; saved
with the workspace, offered again for the same headers, downloaded and read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapping.data import schema as s
from mapping.data.errors import DataFileError
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.interop.directories import RECIPE
from mapping.interop.directories.recipes import (
    FieldRule,
    Recipe,
    guess_recipe,
    header_signature,
    load_recipes,
    read_recipe,
    recipe_json,
    recipes_for,
    save_recipe,
)
from mapping.interop.formats import ImportOptions, import_files, read_all_tables
from tests.unit.helpers import csv

DATA = Path(__file__).resolve().parents[2] / "data" / "directories"
COUNTY = "county_resource_list.csv"


def county() -> dict[str, bytes]:
    return {COUNTY: (DATA / COUNTY).read_bytes()}


def header() -> list[str]:
    return next(iter(read_all_tables(county()).values())).header


def county_recipe() -> Recipe:
    return Recipe(
        "County list",
        header_signature(header()),
        (
            ("name", FieldRule(("Program",))),
            ("parent", FieldRule(("Provider",), strip="*")),
            ("address", FieldRule(("Street", "Unit"), join=", ")),
            ("city", FieldRule(("City/State",), split=",", part=1)),
            ("state", FieldRule(("City/State",), split=",", part=-1)),
            ("zip", FieldRule(("Zip",))),
            ("taxonomy", FieldRule(("Service types",), split=";")),
            ("phone", FieldRule(("Phone",))),
        ),
    )


def run(recipe: Recipe, **options: object) -> Workspace:
    return import_files(
        county(),
        RECIPE,
        Workspace(),
        ImportOptions(mode="replace", recipe=recipe_json(recipe), **options),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("rule", "cells", "expected"),
    [
        (FieldRule(("a", "b"), join=", "), ["1 Main St", "Suite 2"], ["1 Main St, Suite 2"]),
        (FieldRule(("a", "b"), join=", "), ["1 Main St", ""], ["1 Main St"]),
        (FieldRule(("a",), split=";"), ["Food; Shelter ;", ""], ["Food", "Shelter"]),
        (FieldRule(("a",), split=",", part=1), ["Dayton, OH", ""], ["Dayton"]),
        (FieldRule(("a",), split=",", part=-1), ["Dayton, OH", ""], ["OH"]),
        (FieldRule(("a",), split=",", part=3), ["Dayton, OH", ""], []),
        (FieldRule(("a",), strip="*#"), ["**Food Bank#", ""], ["Food Bank"]),
    ],
)
def test_a_field_rule_joins_splits_and_trims(
    rule: FieldRule, cells: list[str], expected: list[str]
) -> None:
    from mapping.data.reading import RawTable
    from mapping.interop.directories.flat import Sheet

    sheet = Sheet(RawTable("f.csv", ["a", "b"], [(1, cells)]))
    assert rule.values(sheet, cells) == expected


def test_rows_become_services_of_their_parent_organization() -> None:
    ws = run(county_recipe())
    assert ws.counts == {COUNTY: {"read": 6, "loaded": 6, "rejected": 0}}
    partners = ws.partners.set_index(s.PARTNER_ID)
    assert list(partners[s.NAME]) == [
        "Dayton Food Bank (fictional)",
        "Miami Valley Legal Aid (fictional)",
        "Safe Passage Dayton (fictional)",
    ]
    assert partners.iloc[0][s.PHONE] == "937-555-0101"
    services = ws.services.set_index(s.NAME)
    assert services.loc["Mobile pantry", s.CATEGORY] == "Food pantry"
    assert services.loc["Mobile pantry", s.ADDRESS] == "56 Valley Street, Door B"
    assert services.loc["Mobile pantry", s.CITY] == "Kettering"
    assert services.loc["Eviction defense", s.STATE] == "OH"
    # The service at its organization's own address is at the partner's location.
    assert bool(services.loc["Weekly pantry", s.AT_PARTNER_LOCATION])
    # Two terms in one cell: the first that maps gives the category.
    assert services.loc["Court advocacy", s.CATEGORY] == "Victim advocacy"
    assert [p for p in ws.problems if p.severity == "error"] == []
    (waiting,) = [p for p in ws.problems if p.kind == "uncategorised"]
    assert (waiting.file, waiting.row, waiting.column, waiting.severity) == (
        COUNTY,
        6,
        "Service types",
        "warning",
    )


def test_the_same_file_gives_the_same_ids_so_a_merge_updates() -> None:
    first = run(county_recipe(), default_category="Care")
    again = import_files(
        county(),
        RECIPE,
        first,
        ImportOptions(mode="merge", recipe=recipe_json(county_recipe()), default_category="Care"),
    )
    assert len(again.partners) == len(first.partners) == 3
    assert len(again.services) == len(first.services) == 6


def test_without_a_parent_every_row_is_an_organization() -> None:
    recipe = Recipe(
        "orgs",
        (),
        (("name", FieldRule(("Provider",), strip="*")), ("address", FieldRule(("Whole",)))),
    )
    data = csv(
        "Provider,Whole,Kind",
        '**Tri-County Shelter,"10 Oak Street, Dayton, OH 45402",Shelter',
        'Hope Clinic,"22 Elm Street, Springfield, OH 45502",Clinic',
    )
    ws = import_files(
        {"orgs.csv": data},
        RECIPE,
        Workspace(),
        ImportOptions(mode="replace", recipe=recipe_json(recipe), default_category="Care"),
    )
    assert list(ws.partners[s.NAME]) == ["Tri-County Shelter", "Hope Clinic"]
    assert list(ws.partners[s.ZIP]) == ["45402", "45502"]
    assert list(ws.partners[s.CITY]) == ["Dayton", "Springfield"]
    assert list(ws.services[s.AT_PARTNER_LOCATION]) == [True, True]
    assert "one_line_address" in {p.kind for p in ws.problems}


def test_a_recipe_round_trips_through_its_file_and_the_settings(tmp_path: Path) -> None:
    recipe = county_recipe()
    assert read_recipe(recipe_json(recipe).encode()) == recipe
    store = WorkspaceStore(tmp_path / "ws.db")
    save_recipe(store, recipe)
    save_recipe(store, Recipe("Other list", ("x", "y"), (("name", FieldRule(("x",))),)))
    assert [r.name for r in load_recipes(store)] == ["County list", "Other list"]
    # Offered again for a file with the same headers, and not for another.
    assert [r.name for r in recipes_for(header(), load_recipes(store))] == ["County list"]
    # A file that has every column a recipe reads is offered it too, after exact matches.
    assert [r.name for r in recipes_for(["x", "z"], load_recipes(store))] == ["Other list"]
    assert recipes_for(["q"], load_recipes(store)) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not a JSON file"),
        ('{"name": "x"}', "not a column recipe"),
        (
            '{"format": "resource-map column recipe", "name": "x", "fields": '
            '{"colour": {"columns": ["a"]}}}',
            "field 'colour' is not one the dashboard knows",
        ),
        (
            '{"format": "resource-map column recipe", "name": "x", "fields": '
            '{"zip": {"columns": ["a"]}}}',
            "no column holds the name",
        ),
    ],
)
def test_a_bad_recipe_file_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        read_recipe(text, "shared.json")


def test_a_recipe_whose_column_is_missing_names_it() -> None:
    recipe = Recipe("old", (), (("name", FieldRule(("Service name",))),))
    with pytest.raises(DataFileError, match="'Service name', which this file does not have"):
        run(recipe)


def test_the_first_guess_comes_from_the_headers() -> None:
    guess = guess_recipe(["Program Name", "Organization", "Address", "ZIP Code", "Category"])
    assert {t: r.columns for t, r in guess.fields} == {
        "name": ("Program Name",),
        "parent": ("Organization",),
        "address": ("Address",),
        "zip": ("ZIP Code",),
        "taxonomy": ("Category",),
    }


def test_a_confidential_column_keeps_no_street_even_for_a_row_kept_out() -> None:
    recipe = Recipe(
        "shelters",
        (),
        (
            ("name", FieldRule(("Name",))),
            ("address", FieldRule(("Street",))),
            ("zip", FieldRule(("Zip",))),
            ("confidential", FieldRule(("Private",))),
            ("taxonomy", FieldRule(("Kind",))),
        ),
    )
    data = csv(
        "Name,Street,Zip,Private,Kind",
        "Safe Haven (fictional),9 Hidden Way,45402,yes,Shelter",
        ",10 Secret Road,45403,yes,Shelter",
    )
    ws = import_files(
        {"shelters.csv": data},
        RECIPE,
        Workspace(),
        ImportOptions(mode="replace", recipe=recipe_json(recipe)),
    )
    partner = ws.partners.iloc[0]
    assert (partner[s.ADDRESS], partner[s.ZIP], bool(partner[s.CONFIDENTIAL])) == (
        "",
        "45402",
        True,
    )
    kept_out = ws.rejected["shelters.csv"].iloc[0]
    assert (kept_out["Street"], kept_out["Zip"]) == ("", "45403")


def test_the_table_a_recipe_was_made_for_is_read_among_several() -> None:
    first = csv("Name,Kind,Zip", "Alpha Shelter,Shelter,45402")
    second = csv("Name,Kind,Zip,Notes", "Beta Pantry,Food Pantries,45403,x")
    tables = read_all_tables({"a.csv": first, "b.csv": second})
    recipe = Recipe(
        "second",
        header_signature(tables["b.csv"].header),
        (("name", FieldRule(("Name",))), ("taxonomy", FieldRule(("Kind",)))),
    )
    ws = import_files(
        {"a.csv": first, "b.csv": second},
        RECIPE,
        Workspace(),
        ImportOptions(mode="replace", recipe=recipe_json(recipe)),
    )
    assert list(ws.partners[s.NAME]) == ["Beta Pantry"]
