"""Issue 17's partner columns: expertise, funds, successes, barriers, and the Funder sector."""

from __future__ import annotations

import pytest

from mapping.data import schema as s
from tests.unit.helpers import csv, load

HEADER = "partner_id,name,sector,zip,skills,funding_priorities,successes,challenges"


def test_the_columns_load_under_their_own_names_and_common_synonyms() -> None:
    ws = load(
        csv(
            HEADER,
            "P1,River Foundation,Community foundation,15222,Grant writing; evaluation,"
            '"emergency shelter|esl",Funded a navigator,Grants skip partnering time',
        )
    )
    row = ws.partners.iloc[0]
    assert row[s.SECTOR] == "Funder"
    assert row[s.EXPERTISE] == "Grant writing|evaluation"
    assert row[s.FUNDS] == "Shelter|ESL"
    assert row[s.SUCCESSES] == "Funded a navigator"
    assert row[s.BARRIERS] == "Grants skip partnering time"
    assert ws.problems == []


@pytest.mark.parametrize(
    "written", ["United Way", "Philanthropy", "grant maker", "Funders", "private foundation"]
)
def test_funders_are_recognised_as_the_funder_sector(written: str) -> None:
    assert s.SECTORS.match(written) == "Funder"


def test_an_unknown_funded_category_is_kept_with_a_warning_naming_row_column_and_value() -> None:
    ws = load(csv("partner_id,name,sector,funds", "P1,Fund,Funder,Shelter|Bus passes for all"))
    assert ws.partners.iloc[0][s.FUNDS] == "Shelter|Bus passes for all"  # kept as written
    (problem,) = ws.problems
    assert problem.severity == "warning"
    assert (problem.file, problem.row, problem.column) == (s.PARTNERS, 1, s.FUNDS)
    assert "'Bus passes for all'" in problem.message and "category list" in problem.message


def test_the_data_format_names_every_new_column_and_the_funder_sector() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "data-format.md").read_text()
    for column in (s.EXPERTISE, s.FUNDS, s.SUCCESSES, s.BARRIERS):
        assert f"`{column}`" in doc
    assert "Funder" in doc


def test_the_template_loads_cleanly_and_only_a_funder_row_would_fund() -> None:
    from mapping.data.exports import template_frame

    partners = template_frame(s.PARTNERS_SPEC)
    assert list(partners[s.FUNDS]) == ["", ""]
    assert set(s.PARTNERS_SPEC.column_names) <= set(partners.columns)
