"""Meeting report: the options, what the report will hold, and who may add contact details.
(The file itself is tested in tests/unit/meeting/test_meeting_report.py and, downloaded and opened
offline, in tests/e2e/test_keep_it_going.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mapping.data.store import WorkspaceStore
from mapping.meeting import meeting_report as mr
from mapping.meeting.kickoff import Meetings
from tests import sample_facts as F
from tests.app.conftest import texts
from tests.app.meeting import facilitator_passcode_only, make_app, widget_keys
from ui import state as k

PAGE = "pages/report.py"


def test_the_facilitator_chooses_what_goes_in(db_path: Path) -> None:
    Meetings(WorkspaceStore(db_path)).create("Kickoff", dt.date(2026, 3, 10), ["A", "B"])
    at = make_app(PAGE)
    assert not at.exception
    assert at.multiselect(key=k.REPORT_SECTIONS).value == list(mr.SECTIONS)
    assert at.selectbox(key=k.REPORT_MEETING).value == 1  # the latest meeting
    assert at.checkbox(key=k.REPORT_CONTACTS).value is False  # contacts off by default
    assert k.REPORT_DOWNLOAD in widget_keys(at)
    page = texts(at)
    assert f"{F.PARTNERS} partners and {F.SERVICES} services" in page
    assert "The kickoff meeting chosen above" in page
    at.multiselect(key=k.REPORT_SECTIONS).set_value([]).run()
    assert "Choose at least one part for the report." in texts(at)
    assert k.REPORT_DOWNLOAD not in widget_keys(at)


def test_stakeholders_and_a_shared_screen_get_no_contact_details(db_path: Path) -> None:
    for at in (
        make_app(PAGE, secrets=facilitator_passcode_only()),
        make_app(PAGE, query={"present": "1"}),
    ):
        assert not at.exception
        assert k.REPORT_CONTACTS not in widget_keys(at)
        assert k.REPORT_DOWNLOAD in widget_keys(at)
        assert "Contact names, emails and phone numbers are left out." in texts(at)
        assert "No kickoff meeting is recorded yet" in texts(at)
