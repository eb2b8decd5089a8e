"""Self-assessments in the workspace database: per partner and per date, kept over time."""

from __future__ import annotations

import datetime as dt

import pytest

from mapping.data.errors import AssessmentError
from mapping.data.store import WorkspaceStore
from mapping.partnership import assessments as am


@pytest.fixture
def store(db_location: str) -> am.Assessments:
    return am.Assessments(WorkspaceStore(db_location))


def test_saving_again_on_the_same_date_replaces_and_another_date_is_kept(
    store: am.Assessments,
) -> None:
    first = store.save(am.TRAUMA, "P01", "Coalition", "2026-03-10", {"safety_spaces": 2})
    same_day = store.save(
        am.TRAUMA, "P01", "Coalition", dt.date(2026, 3, 10), {"safety_spaces": 3}, note="again"
    )
    later = store.save(
        am.TRAUMA, "P01", "Coalition", "2026-09-15", {"safety_spaces": 5}, submitted_by="Ana"
    )
    assert same_day == first and later != first
    history = store.history(am.TRAUMA, "P01")
    assert [(a.assessed_on, a.answers["safety_spaces"], a.note) for a in history] == [
        ("2026-03-10", 3, "again"),
        ("2026-09-15", 5, ""),
    ]
    assert history[1].submitted_by == "Ana" and history[1].label == "Coalition, 2026-09-15"
    assert set(history[0].answers) == set(store.get(first).answers)  # every key stored
    store.delete(first)
    assert [a.assessed_on for a in store.history(am.TRAUMA, "P01")] == ["2026-09-15"]
    with pytest.raises(AssessmentError, match=f"no assessment #{first}"):
        store.get(first)


def test_the_two_kinds_and_the_partnership_are_kept_apart(store: am.Assessments) -> None:
    store.save(am.TRAUMA, "P01", "Coalition", "2026-03-10", {"safety_spaces": 2})
    store.save(am.SUSTAINABILITY, "P01", "Coalition", "2026-03-10", {"funding": True})
    store.save(am.SUSTAINABILITY, am.PARTNERSHIP, "", "2026-03-10", {"shared_documents": False})
    checks = store.all(am.SUSTAINABILITY)
    assert [(a.subject, a.is_partnership) for a in checks] == [("", True), ("P01", False)]
    assert checks[0].subject_name == am.PARTNERSHIP_NAME
    assert [a.kind for a in store.all(am.TRAUMA)] == [am.TRAUMA]


@pytest.mark.parametrize(
    ("kind", "subject", "answers", "day", "message"),
    [
        (am.TRAUMA, "P01", {}, "2026-01-01", "nothing is answered yet"),
        (am.TRAUMA, "P01", {"safety_spaces": None}, "2026-01-01", "nothing is answered yet"),
        (am.TRAUMA, "P01", {"safety_spaces": 9}, "2026-01-01", "got 9"),
        (am.TRAUMA, "P01", {"safety_spaces": 2}, "10/03/2026", "write it as YYYY-MM-DD"),
        (am.SUSTAINABILITY, "P01", {"shared_documents": True}, "2026-01-01", "not an item"),
        ("audit", "P01", {"x": 1}, "2026-01-01", "unknown kind of assessment 'audit'"),
    ],
)
def test_bad_assessments_are_refused(
    store: am.Assessments,
    kind: str,
    subject: str,
    answers: dict[str, object],
    day: str,
    message: str,
) -> None:
    with pytest.raises(AssessmentError, match=message):
        store.save(kind, subject, "Coalition", day, answers)
    assert store.all(kind) == []


def test_a_long_note_is_refused(store: am.Assessments) -> None:
    with pytest.raises(AssessmentError, match="keep the note under"):
        store.save(am.TRAUMA, "P01", "X", "2026-01-01", {"safety_spaces": 2}, note="x" * 2001)


def test_latest_per_partner_and_as_of_a_date(store: am.Assessments) -> None:
    store.save(am.TRAUMA, "P01", "A", "2026-01-10", {"safety_spaces": 1})
    store.save(am.TRAUMA, "P01", "A", "2026-06-10", {"safety_spaces": 5})
    store.save(am.TRAUMA, "P02", "B", "2026-03-01", {"safety_spaces": 3})
    store.save(am.TRAUMA, "P99", "Gone", "2026-03-01", {"safety_spaces": 3})
    store.save(am.TRAUMA, am.PARTNERSHIP, "", "2026-03-01", {"safety_spaces": 4})
    every = store.all(am.TRAUMA)
    assert am.dates(every) == ["2026-01-10", "2026-03-01", "2026-06-10"]
    latest = am.latest(every)
    assert latest["P01"].assessed_on == "2026-06-10"
    assert am.latest(every, on_or_before="2026-03-01")["P01"].assessed_on == "2026-01-10"
    assert "P02" not in am.latest(every, on_or_before="2026-02-01")
    partners = am.partner_latest(every, {"P01", "P02"})
    assert sorted((a.subject, a.assessed_on) for a in partners) == [
        ("P01", "2026-06-10"),
        ("P02", "2026-03-01"),
    ]
    assert len(am.partner_latest(every)) == 3  # without a filter: the departed partner too


def test_the_export_table_and_csv_escape_formulas(store: am.Assessments) -> None:
    store.save(
        am.SUSTAINABILITY,
        "P01",
        '=HYPERLINK("x")',
        "2026-01-01",
        {"funding": True, "backup_contact": False},
        note="+1 more",
    )
    table = am.frame(
        store.all(am.SUSTAINABILITY), {"funding": "Funding", "backup_contact": "Backup"}
    )
    assert list(table.columns) == [
        "partner",
        "partner_id",
        "date",
        "Funding",
        "Backup",
        "note",
        "filled in by",
        "role",
        "saved at (UTC)",
    ]
    assert (table["Funding"].iloc[0], table["Backup"].iloc[0]) == ("in place", "not yet")
    csv = am.frame_csv(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'+1 more" in csv
