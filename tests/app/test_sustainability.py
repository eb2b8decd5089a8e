"""Sustainability: what if a partner leaves (chart, ranked list, one partner in detail), the
checklist filled in per partner and for the partnership, and who sees what."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from mapping.data.store import WorkspaceStore
from mapping.partnership import assessments as am
from tests import sample_facts as F
from tests.app.conftest import figures, frame_with, texts
from tests.app.meeting import facilitator_passcode_only, make_app, shown, widget_keys
from ui import state as k

PAGE = "pages/sustainability.py"
SECRET = "Our backup is on leave"


def _seed(db: Path, *subjects: str) -> None:
    store = am.Assessments(WorkspaceStore(db))
    for subject in subjects:
        store.save(
            am.SUSTAINABILITY,
            subject,
            f"Partner {subject}",
            "2026-03-10",
            {"backup_contact": True, "funding": False},
            note=SECRET,
        )


def stakeholder(**kwargs: object) -> AppTest:
    return make_app(PAGE, secrets=facilitator_passcode_only(), **kwargs)  # type: ignore[arg-type]


def test_the_risk_chart_and_the_ranked_list(db_path: Path) -> None:
    at = make_app(PAGE)
    assert not at.exception
    risk = figures(at)[0]
    sole, gaps, cut = risk["data"]
    assert sole["name"] == "Services only they offer"
    assert sole["y"][-1] == "Immigrant Justice Project" and sole["x"][-1] == 1
    assert gaps["x"][-1] == 209
    assert max(cut["x"]) == 2  # Allegheny County Human Services links two partners
    table = frame_with(at, "rank", "partner", "what would be lost")
    assert len(table) == 41 and table["partner"].iloc[0] == "Immigrant Justice Project"
    assert f"{F.PARTNERS_LEAVING_A_HOLE} of {F.PARTNERS} partners would leave a hole" in texts(at)


def test_one_partner_in_detail(db_path: Path) -> None:
    at = make_app(PAGE, query={k.SUSTAIN_PARTNER: "Greater Pittsburgh Food Network (P42)"})
    assert at.selectbox(key=k.SUSTAIN_PARTNER).value == "P42"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["ZIP-area gaps that would open"] == "125"
    assert metrics["Partners cut off"] == "1"
    detail = frame_with(at, "ZIP area", "nearest without it (miles)")
    assert len(detail) == 125 and set(detail["service"]) == {"Food", "Food pantry"}
    assert (detail["nearest without it (miles)"] >= detail["nearest now (miles)"]).all()
    assert "St. Brigid Community Pantry" in texts(at)


def test_a_stakeholder_fills_in_their_checklist_and_sees_only_it(db_path: Path) -> None:
    _seed(db_path, "P01")
    at = stakeholder(query={k.SUSTAIN_TAB: "All checklists"})  # a forged link changes nothing
    assert [t.label for t in at.tabs] == ["If a partner leaves", "Checklist", "Fill in"]
    subject = at.selectbox(key=k.SUSTAIN_SUBJECT)
    assert "The partnership as a whole (with the group)" not in subject.options
    subject.set_value("P10").run()
    at.radio(key=k.SUSTAIN_ITEM_PREFIX + "backup_contact").set_value(True)
    at.radio(key=k.SUSTAIN_ITEM_PREFIX + "funding").set_value(False)
    at.button(key=k.SUSTAIN_SUBMIT).click().run()
    assert not at.exception
    assert (
        "Saved the checklist of Three Rivers Hospitality Employers Alliance: 1 of 7 in place"
        in texts(at)
    )
    assert "2 partner(s) have filled in the checklist" in texts(at)
    yours = frame_with(at, "partner", "in place")
    assert list(yours["partner"]) == ["Three Rivers Hospitality Employers Alliance"]
    assert SECRET not in shown(at) and "Partner P01" not in shown(at)
    assert not {k.SUSTAIN_DELETE, k.SUSTAIN_CSV} & widget_keys(at)


def test_the_facilitator_sees_every_checklist_and_fills_in_the_partnership(db_path: Path) -> None:
    _seed(db_path, "P01", "P02")
    at = make_app(PAGE)
    chart = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith("The sustain"))
    assert [t["name"] for t in chart["data"]] == ["in place", "not yet", "not sure"]
    assert f"{F.PARTNERS - 2} of {F.PARTNERS} partners have not filled in their checklist yet" in (
        texts(at)
    )
    table = frame_with(at, "partner", "in place")
    assert list(table["in place"]) == ["1 of 7", "1 of 7"]
    at.selectbox(key=k.SUSTAIN_SUBJECT).set_value(am.PARTNERSHIP).run()
    assert k.SUSTAIN_ITEM_PREFIX + "shared_documents" in widget_keys(at)
    assert k.SUSTAIN_ITEM_PREFIX + "backup_contact" not in widget_keys(at)
    at.radio(key=k.SUSTAIN_ITEM_PREFIX + "shared_documents").set_value(True)
    at.radio(key=k.SUSTAIN_ITEM_PREFIX + "roles_written").set_value(False)
    at.button(key=k.SUSTAIN_SUBMIT).click().run()
    page = texts(at)
    assert "Saved the checklist of The partnership as a whole: 1 of 3 in place" in page
    assert "**1 of 3 in place**" in page
    assert "Write each partner's role and responsibilities in the agreement" in page


def test_presenting_shows_the_risks_but_no_forms(db_path: Path) -> None:
    at = make_app(PAGE, query={"present": "1"})
    assert not at.exception and figures(at)
    assert not {k.SUSTAIN_SUBMIT, k.SUSTAIN_SUBJECT, k.SUSTAIN_DELETE} & widget_keys(at)
    assert figures(at)[0]["layout"]["font"]["size"] == 22
