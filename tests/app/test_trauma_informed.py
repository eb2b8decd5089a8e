"""Trauma-informed: filling in a self-assessment, the radars and suggestions, change over
time; stakeholders see their own answers and the average of enough partners, never
another organization's."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from mapping.data.store import WorkspaceStore
from mapping.partnership import assessments as am
from mapping.partnership import trauma_informed as ti
from tests.app.conftest import figures, frame_with, texts
from tests.app.meeting import facilitator_passcode_only, make_app, shown, widget_keys
from ui import state as k

PAGE = "pages/trauma_informed.py"
SECRET = "Our intake still asks for the whole story"
COALITION = "Allegheny Anti-Trafficking Coalition (P01)"


def _seed(db: Path, *subjects: str, day: str = "2026-03-10", rating: int = 2) -> None:
    store = am.Assessments(WorkspaceStore(db))
    for subject in subjects:
        store.save(
            am.TRAUMA,
            subject,
            f"Partner {subject}",
            day,
            dict.fromkeys(ti.KEYS, rating),
            note=SECRET,
        )


def _fill(at: AppTest, subject: str, ratings: dict[str, int]) -> AppTest:
    at.selectbox(key=k.TRAUMA_SUBJECT).set_value(subject).run()
    for key, value in ratings.items():
        at.radio(key=k.TRAUMA_RATING_PREFIX + key).set_value(value)
    at.text_area(key=k.TRAUMA_NOTE).input("Start with intake")
    at.button(key=k.TRAUMA_SUBMIT).click().run()
    assert not at.exception, at.exception
    return at


def stakeholder(**kwargs: object) -> AppTest:
    return make_app(PAGE, secrets=facilitator_passcode_only(), **kwargs)  # type: ignore[arg-type]


def test_an_empty_page_says_how_to_start(db_path: Path) -> None:
    at = make_app(PAGE)
    assert not at.exception
    assert "No self-assessment yet" in texts(at)
    assert [t.label for t in at.tabs] == ["Results", "Over time", "Fill in", "All assessments"]
    assert at.selectbox(key=k.TRAUMA_VIEW).value == am.PARTNERSHIP


def test_a_partner_fills_in_and_sees_its_radar_and_suggestions(db_path: Path) -> None:
    ratings = dict.fromkeys(ti.KEYS, 4) | {"safety_spaces": 1, "safety_planning": 2}
    at = _fill(make_app(PAGE), "P02", ratings)
    assert "Saved the self-assessment of Safe Harbor Shelter (26 of 26 statements rated)" in texts(
        at
    )
    saved = am.Assessments(WorkspaceStore(db_path)).history(am.TRAUMA, "P02")
    assert [(a.answers["safety_spaces"], a.note, a.role) for a in saved] == [
        (1, "Start with intake", "facilitator")
    ]
    assert at.selectbox(key=k.TRAUMA_VIEW).value == "P02"  # the results of what was saved
    principles, rs = figures(at)[:2]
    assert principles["data"][0]["r"] == [2.3, 4.0, 4.0, 4.0, 4.0, 4.0, 2.3]
    assert principles["data"][0]["theta"][0] == "Safety"
    assert rs["data"][0]["r"] == [4.0] * 5
    table = frame_with(at, "dimension")
    assert table.iloc[0, 1] == 2.3
    page = texts(at)
    assert "**Safety**: 2.3 of 5 (starting)" in page
    assert ti.STATEMENT["safety_spaces"].suggestion in page
    assert ti.TRAINING[ti.SAFETY] in page
    assert "Start with intake" in page  # the note, as plain text


def test_stakeholders_see_their_own_and_an_average_only_of_three_or_more(db_path: Path) -> None:
    _seed(db_path, "P01", "P03")
    at = stakeholder()
    assert not at.exception
    assert at.selectbox(key=k.TRAUMA_VIEW).options == ["The partnership"]
    assert "2 partner(s) have filled in the self-assessment" in texts(at)
    assert not figures(at) and SECRET not in shown(at)
    assert [t.label for t in at.tabs] == ["Results", "Over time", "Fill in"]
    assert (
        "The partnership as a whole (with the group)"
        not in at.selectbox(key=k.TRAUMA_SUBJECT).options
    )  # only the facilitator fills that in
    _fill(at, "P04", dict.fromkeys(ti.KEYS, 5))
    assert at.selectbox(key=k.TRAUMA_VIEW).options == [
        "The partnership",
        "Sexual Assault Response Center of Western PA (P04)",
    ]
    at.selectbox(key=k.TRAUMA_VIEW).set_value(am.PARTNERSHIP).run()
    assert "Average of 3 partners" in [t["name"] for t in figures(at)[0]["data"]]
    assert figures(at)[0]["data"][0]["r"][0] == 3.0  # (2 + 2 + 5) / 3
    assert SECRET not in shown(at)


def test_a_forged_link_does_not_show_another_organization(db_path: Path) -> None:
    _seed(db_path, "P01")
    at = stakeholder(query={k.TRAUMA_VIEW: COALITION, k.TRAUMA_TAB: "All assessments"})
    assert not at.exception
    assert at.selectbox(key=k.TRAUMA_VIEW).value == am.PARTNERSHIP
    assert SECRET not in shown(at) and not figures(at)
    assert not {k.TRAUMA_DELETE, k.TRAUMA_CSV} & widget_keys(at)
    # the facilitator opening the same link does see it
    lead = make_app(PAGE, query={k.TRAUMA_VIEW: COALITION})
    assert lead.selectbox(key=k.TRAUMA_VIEW).value == "P01"
    assert SECRET in texts(lead)


def test_the_facilitator_sees_change_over_time(db_path: Path) -> None:
    _seed(db_path, "P01", day="2026-03-10", rating=2)
    _seed(db_path, "P01", day="2026-09-15", rating=3)
    at = make_app(PAGE, query={k.TRAUMA_VIEW: COALITION})
    assert at.selectbox(key=k.TRAUMA_COMPARE).value == "2026-03-10"
    change = frame_with(at, "before", "now", "change")
    assert len(change) == 10 and set(change["change"]) == {1.0}
    assert "From 2026-03-10 to 2026-09-15: 10 improved" in texts(at)
    compare = next(
        f for f in figures(at) if f["layout"]["title"]["text"] == "2026-03-10 and 2026-09-15"
    )
    assert [t["name"] for t in compare["data"]] == ["2026-03-10", "2026-09-15"]


def test_the_partnership_over_time_uses_each_partners_latest(db_path: Path) -> None:
    _seed(db_path, "P01", "P02", "P03", day="2026-03-10", rating=2)
    _seed(db_path, "P01", day="2026-09-15", rating=5)
    at = make_app(PAGE)
    change = frame_with(at, "before", "now", "change").set_index("dimension")
    assert change.loc["Safety", "before"] == 2.0 and change.loc["Safety", "now"] == 3.0


def test_the_facilitator_lists_downloads_and_deletes(db_path: Path) -> None:
    _seed(db_path, "P01", "P02")
    at = make_app(PAGE)
    table = frame_with(at, "partner", "date", "filled in by")
    assert list(table["partner_id"]) == ["P02", "P01"]
    at.selectbox(key=k.TRAUMA_DELETE_PICK).set_value(1).run()
    at.button(key=k.TRAUMA_DELETE).click().run()
    assert "Deleted Partner P01, 2026-03-10." in texts(at)
    assert [a.subject for a in am.Assessments(WorkspaceStore(db_path)).all(am.TRAUMA)] == ["P02"]


def test_nothing_is_filled_in_while_presenting(db_path: Path) -> None:
    _seed(db_path, "P01")
    at = make_app(PAGE, query={"present": "1", k.TRAUMA_VIEW: COALITION})
    assert not at.exception
    assert not {k.TRAUMA_SUBMIT, k.TRAUMA_SUBJECT, k.TRAUMA_DELETE} & widget_keys(at)
    assert "Fill in" not in [t.label for t in at.tabs]
    assert at.selectbox(key=k.TRAUMA_VIEW).value == "P01"  # the facilitator chose to show it
    assert "Filling in is hidden while presenting" in texts(at)
