"""What an adversarial run found, page by page (issue 12, "Also fix")."""

from __future__ import annotations

from pathlib import Path

from mapping.data.store import WorkspaceStore
from mapping.meeting.kickoff import Meetings
from tests.app.meeting import STAKEHOLDER_PASS, both_passcodes, make_app, sign_in
from ui import state as k

IMAGE_NOTE = "![pixel](https://tracker.example/p.png) <img src=https://tracker.example/i.png>"


def test_kickoff_notes_are_shown_as_text_never_as_markdown(db_path: Path) -> None:
    store = WorkspaceStore(db_path)
    meetings = Meetings(store)
    mid = meetings.create("Kickoff [link](https://x.example)", "2026-03-02", ["**Ana**", "Ben"])
    meetings.add_note(mid, 0, IMAGE_NOTE, speaker="![a](https://t.example/s.png)", author="_Bo_")
    for page_state in ({}, {k.KICKOFF_TAB: "Notes"}):
        at = make_app("pages/kickoff.py", secrets=both_passcodes(), query=page_state)
        sign_in(at, STAKEHOLDER_PASS)
        assert not at.exception
        rendered = [
            str(e.value)
            for kind in ("markdown", "header", "title", "subheader", "caption", "warning")
            for e in getattr(at, kind)
        ]
        with_note = [r for r in rendered if "tracker" in r]
        assert with_note, "the note is on the page"
        for text in with_note + [r for r in rendered if "t\\.example" in r or "t.example" in r]:
            assert "![" not in text and "](" not in text  # escaped: \!\[pixel\]\(...
        assert not [r for r in rendered if "**Ana**" in r]


def test_stakeholders_get_no_uploader_that_parses_files_on_the_server(db_path: Path) -> None:
    from tests.app.meeting import facilitator_passcode_only, widget_keys

    for state in ({}, {k.DATA_TAB: "Import"}):
        at = make_app("pages/data.py", secrets=facilitator_passcode_only(), query=state)
        assert not at.exception
        keys = widget_keys(at)
        assert not {key for key in keys if key.startswith((k.IMPORT_UPLOAD_PREFIX, k.DATA_UPLOAD))}
        assert "Only the facilitator can import files" in "\n".join(i.value for i in at.info)
    facilitator = make_app("pages/data.py")
    assert f"{k.IMPORT_UPLOAD_PREFIX}0" in widget_keys(facilitator)
