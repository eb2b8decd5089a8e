"""Presentation mode on every page: no contact data, no sidebar, no editing, larger charts;
and contact details hidden from stakeholders unless the facilitator shares them."""

from __future__ import annotations

import pandas as pd
import pytest

from mapping.charts import palette
from mapping.charts.base import PRESENT_FONT
from mapping.data import schema as s
from mapping.data.sample import load_sample
from mapping.data.store import WorkspaceStore
from tests import sample_facts as F
from tests.app.conftest import figures, texts
from tests.app.meeting import (
    PAGES,
    VOTER_A,
    facilitator_passcode_only,
    make_app,
    shown,
    widget_keys,
)
from tests.unit.helpers import csv, load
from ui import state as k

EDITING = {
    k.DATA_UPLOAD,
    k.DATA_EDIT_SAVE,
    k.DATA_UNDO,
    k.DATA_RESTORE,
    k.DATA_RESET_SAMPLE,
    k.DATA_START_EMPTY,
    k.ORG_SUBMIT,
    k.DATA_SHARE_CONTACTS,
    k.KICKOFF_NEW_SUBMIT,
    k.KICKOFF_NOTE_ADD,
    k.KICKOFF_SETUP_SAVE,
    k.GAPS_NEED_FILE,
    k.GAPS_NEED_SAVE,
    k.GAPS_NEED_REMOVE,
}


def _contacts() -> set[str]:
    partners = load_sample().partners
    values = set()
    for col in s.CONTACT_COLUMNS:
        values |= {v for v in partners[col] if v}
    return values


def _with_a_bad_email(db_path) -> None:  # type: ignore[no-untyped-def]
    """The sample, plus a partner whose email is reported as a problem (message and value)."""
    ws = load(
        csv(
            "partner_id,name,sector,contact_name,contact_email,phone",
            "P90,Eastside Clinic,Health,Dana Secretname,dana.secret@@clinic,412-555-0999",
        ),
        base=load_sample(),
        mode="merge",
    )
    WorkspaceStore(db_path).save(ws, action="test", note="bad email")


def _leaks(text: str) -> set[str]:
    return {v for v in _contacts() | {"Dana Secretname", "dana.secret@@clinic", "412-555-0999"}
            if v in text}  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_presentation_mode_hides_contact_data_on_every_page(db_path, page: str) -> None:  # type: ignore[no-untyped-def]
    _with_a_bad_email(db_path)
    normal = make_app(page, state={k.DECIDE_VOTER: VOTER_A})
    presenting = make_app(page, query={"present": "1"}, state={k.DECIDE_VOTER: VOTER_A})
    assert not normal.exception and not presenting.exception
    assert _leaks(shown(presenting)) == set()
    if page in ("pages/home.py", "pages/data.py"):  # the same page does show them otherwise
        assert "dana.secret@@clinic" in shown(normal)


@pytest.mark.parametrize("page", PAGES)
def test_presentation_mode_has_no_sidebar_and_no_editing(db_path, page: str) -> None:  # type: ignore[no-untyped-def]
    at = make_app(page, query={"present": "1"}, state={k.DECIDE_VOTER: VOTER_A})
    assert not at.sidebar.children
    assert at.toggle(key=k.PRESENT_TOGGLE).value is True  # the way out, in the page
    assert not EDITING & widget_keys(at)


def test_presentation_mode_keeps_facilitation_controls(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app("pages/decide.py")
    at.text_input(key=k.DECIDE_NEW_TITLE).input("Meet monthly")
    at.button(key=k.DECIDE_NEW_SUBMIT).click().run()
    shows = make_app("pages/decide.py", query={"present": "1"})
    keys = widget_keys(shows)
    assert f"{k.DECIDE_REVEAL_PREFIX}1" in keys and f"{k.DECIDE_CLOSE_PREFIX}1" in keys
    assert f"{k.DECIDE_VOTE_SUBMIT_PREFIX}1" not in keys  # people vote on their own device


def test_the_toggle_turns_presentation_on_and_off(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app("pages/data.py")
    assert k.DATA_EDIT_SAVE in widget_keys(at) and at.sidebar.children
    at.toggle(key=k.PRESENT_TOGGLE).set_value(True).run()
    assert at.session_state[k.PRESENTING] is True
    assert not at.sidebar.children and k.DATA_EDIT_SAVE not in widget_keys(at)
    assert "Editing and contact details are hidden while presenting" in texts(at)
    at.toggle(key=k.PRESENT_TOGGLE).set_value(False).run()
    assert at.sidebar.children and k.DATA_EDIT_SAVE in widget_keys(at)


def test_presented_charts_are_larger_and_high_contrast(db_path) -> None:  # type: ignore[no-untyped-def]
    normal = figures(make_app())
    shown_ = figures(make_app(query={"present": "1"}))
    assert len(normal) == len(shown_) == 2
    for before, after in zip(normal, shown_, strict=True):
        assert after["layout"]["font"]["size"] == PRESENT_FONT > before["layout"]["font"]["size"]
        assert after["layout"]["height"] > before["layout"]["height"]
        colors = after["data"][0]["marker"]["color"]
        assert colors == [palette.high_contrast(c) for c in before["data"][0]["marker"]["color"]]
    # the reading becomes a heading, and the table is still there (folded away)
    presenting = make_app(query={"present": "1"})
    assert any(
        f"{F.PARTNERS} partners from {F.SECTORS} sectors" in h.value for h in presenting.subheader
    )
    assert any(set(df.value.columns) >= {"sector", "partners"} for df in presenting.dataframe)


def test_stakeholders_see_contacts_only_when_the_facilitator_shares_them(db_path) -> None:  # type: ignore[no-untyped-def]
    _with_a_bad_email(db_path)
    stakeholder = make_app(secrets=facilitator_passcode_only())
    problems = next(df.value for df in stakeholder.dataframe if "message" in df.value.columns)
    assert "(hidden)" in set(problems["value"])
    assert not _leaks(shown(stakeholder))
    WorkspaceStore(db_path).set_setting("sharing.stakeholders_see_contacts", True)
    stakeholder.run()
    assert "dana.secret@@clinic" in shown(stakeholder)


def test_for_display_blanks_contact_values_in_problem_messages(db_path) -> None:  # type: ignore[no-untyped-def]
    _with_a_bad_email(db_path)
    at = make_app(query={"present": "1"})
    problems = next(df.value for df in at.dataframe if "message" in df.value.columns)
    row = problems[problems["column"] == s.CONTACT_EMAIL].iloc[0]
    assert row["value"] == "(hidden)"
    assert "'(hidden)' does not look like an email address" in row["message"]
    assert isinstance(problems, pd.DataFrame)
