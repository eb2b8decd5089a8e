"""Home page: purpose, counts, the two charts (read from their figure JSON), data quality."""

from __future__ import annotations

from mapping.data import schema as s
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from tests import sample_facts as F
from tests.app.conftest import figures, frame_with, texts
from tests.unit.helpers import csv, load


def test_home_on_the_sample_community(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page()
    page = texts(at)
    assert "Community resource map" in page
    assert "sample community" in page
    assert (
        f"{F.PARTNERS} partners from {F.SECTORS} sectors; the largest is {F.LARGEST_SECTOR} "
        f"with {F.LARGEST_SECTOR_PARTNERS}" in page
    )
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Partners": f"{F.PARTNERS}",
        "Services": f"{F.SERVICES}",
        "Relationships (partner pairs)": f"{F.PAIRS}",
        "Problems to look at": "0",
    }
    sectors, categories = figures(at)
    bars = dict(zip(sectors["data"][0]["y"], sectors["data"][0]["x"], strict=True))
    assert bars["Victim services"] == 8 and bars["Law enforcement"] == 2
    assert bars["Other"] == 0
    cat = dict(zip(categories["data"][0]["y"], categories["data"][0]["x"], strict=True))
    assert cat["Immigration legal aid (Legal)"] == 2
    assert sum(cat.values()) == F.SERVICES
    assert "Every row of the last load was taken in" in page


def test_home_lists_every_problem_and_filters_by_severity(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    ws = load(csv("partner_id,name,sector,zip", "P1,A,Health,ABC", "P2,,Health,15222"))
    WorkspaceStore(db_path).save(ws, action="test", note="bad file")
    at = open_page()
    table = frame_with(at, "severity", "message")
    assert list(table["severity"]) == ["warning", "error"]
    assert list(table["row"]) == [1, 2]
    at.segmented_control(key="home_problem_severity").set_value(["errors"]).run()
    assert list(frame_with(at, "severity", "message")["column"]) == [s.NAME]


def test_home_on_an_empty_workspace(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).save(Workspace(), action="empty", note="Empty")
    at = open_page()
    assert "The workspace is empty" in texts(at)
    assert not at.get("plotly_chart")
