"""The page x role matrix: which pages exist, who the roles are, what each may see and do.

``tests/app/test_every_page.py`` and ``tests/app/test_every_download.py`` run every page of
the navigation registry (``ui/navigation.py``, read from its source so that a new page
cannot escape) for every role, and look at everything the page sends to the browser:
markdown, tables, the map's HTML and its click-back, chart JSON, and the bytes of every
download button (zips, workbooks and Word files are unpacked).
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

import ui.panels.map as map_panel
from mapping.data import schema as s
from mapping.data.sample import load_sample
from mapping.data.store import WorkspaceStore
from mapping.meeting.kickoff import Meetings
from mapping.meeting.polls import OUTCOMES, Polls
from mapping.partnership import agreement as ag
from tests.app.meeting import VOTER_A, both_passcodes, make_app
from tests.unit.helpers import csv, load
from ui import permissions
from ui import state as k


# ------------------------------------------------------------------------------ roles
@dataclass(frozen=True)
class Role:
    name: str
    secrets: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    shared: bool = False  # the facilitator shares contact details with stakeholders
    sees_contacts: bool = False
    may: frozenset[str] = frozenset()  # which kinds of write: edit, facilitate, take_part
    signed_out: bool = False


ROLES = (
    Role("facilitator", sees_contacts=True, may=frozenset({"edit", "facilitate", "take_part"})),
    Role(
        "stakeholder",
        secrets=both_passcodes(),
        state={k.ACCESS_ROLE: permissions.STAKEHOLDER},
        may=frozenset({"take_part"}),
    ),
    Role(
        "stakeholder_shared",
        secrets=both_passcodes(),
        state={k.ACCESS_ROLE: permissions.STAKEHOLDER},
        shared=True,
        sees_contacts=True,
        may=frozenset({"take_part"}),
    ),
    Role("anonymous", secrets=both_passcodes(), signed_out=True),
    Role("presenting", query={"present": "1"}, may=frozenset({"facilitate"})),
)
ROLE_IDS = [r.name for r in ROLES]

# Widgets that write, by the grant they need (ui.permissions). Names ending in "_" are
# prefixes (one widget per file, proposal, note...).
EDIT = (
    k.DATA_UPLOAD,
    k.DATA_UPLOAD_COMMIT,
    k.DATA_REJECTED_RETRY_PREFIX,
    k.DATA_REJECTED_EDITOR_PREFIX,
    k.DATA_EDITOR_PREFIX,
    k.DATA_EDIT_SAVE,
    k.DATA_UNDO,
    k.DATA_RESTORE,
    k.DATA_RESET_SAMPLE,
    k.DATA_START_EMPTY,
    k.IMPORT_UPLOAD_PREFIX,
    k.IMPORT_COMMIT,
    k.IMPORT_SAVE_MAP,
    k.IMPORT_SAVED_MAP,
    k.DATA_SUBMISSION_APPROVE_PREFIX,
    k.DATA_SUBMISSION_REJECT_PREFIX,
    k.DATA_SHARE_CONTACTS,
    k.DATA_SHARE_SAVE,
    k.DATA_CLEAR_LOCKOUTS,
    k.GAPS_RADII_SAVE,
    k.GAPS_RADII_RESET,
    k.MAP_FIX_SAVE_PREFIX,
    k.MAP_GEO_SAVE,
    k.MAP_GEO_START,
    k.MAP_GEO_STOP,
    k.MAP_GEO_FORGET,
    k.KICKOFF_NEW_SUBMIT,
    k.KICKOFF_SETUP_SAVE,
    k.KICKOFF_NOTE_DELETE_PREFIX,
    k.AGREEMENT_SAVE,
    k.RECOMMEND_SAVE,
)
FACILITATE = (  # open, reveal and close a vote; drive the kickoff round
    k.DECIDE_NEW_SUBMIT,
    k.DECIDE_REVEAL_PREFIX,
    k.DECIDE_CLOSE_PREFIX,
    k.KICKOFF_START,
    k.KICKOFF_PAUSE,
    k.KICKOFF_NEXT,
    k.KICKOFF_PREVIOUS,
    k.KICKOFF_NEXT_QUESTION,
    k.KICKOFF_PREVIOUS_QUESTION,
)
TAKE_PART = (
    k.ORG_SUBMIT,
    k.KICKOFF_NOTE_ADD,
    k.DECIDE_VOTE_SUBMIT_PREFIX,
    k.TRAUMA_SUBMIT,
    k.SUSTAIN_SUBMIT,
)
WRITES = {"edit": EDIT, "facilitate": FACILITATE, "take_part": TAKE_PART}


def forbidden_widgets(role: Role, keys: set[str]) -> set[str]:
    """The write widgets among ``keys`` that ``role`` may not have."""
    banned = [name for kind, names in WRITES.items() if kind not in role.may for name in names]
    return {
        key
        for key in keys
        for name in banned
        if key == name or (name.endswith("_") and key.startswith(name))
    }


# ------------------------------------------------------------------------------ the data
SECRET_NAME = "Dana Secretname"
SECRET_EMAIL = "dana.secret@@clinic"
SECRET_PHONE = "412-555-0999"


def contact_values() -> set[str]:
    """Every contact name, email and phone of the sample, and of the partner added here."""
    partners = load_sample().partners
    values = {SECRET_NAME, SECRET_EMAIL, SECRET_PHONE}
    for col in s.CONTACT_COLUMNS:
        values |= {v for v in partners[col] if len(v) > 3}
    return values


def clicked_partner() -> str:
    """A sample partner with every contact detail and an address: the one clicked on the map."""
    p = load_sample().partners
    full = p[(p[s.CONTACT_NAME] != "") & (p[s.CONTACT_EMAIL] != "") & (p[s.PHONE] != "")]
    return str(full[~full[s.CONFIDENTIAL]].iloc[0][s.PARTNER_ID])


def seed(db_path: Path, role: Role) -> None:
    """The sample plus a partner whose email is a problem, a meeting with a note, a vote,
    and a saved agreement whose signatory is a contact person."""
    ws = load(
        csv(
            "partner_id,name,sector,contact_name,contact_email,phone",
            f"P90,Eastside Clinic,Health,{SECRET_NAME},{SECRET_EMAIL},{SECRET_PHONE}",
        ),
        base=load_sample(),
        mode="merge",
    )
    store = WorkspaceStore(db_path)
    store.save(ws, action="test", note="bad email")
    meeting = Meetings(store).create("Kickoff", "2026-03-02", ["Ana", "Ben"])
    Meetings(store).add_note(meeting, 0, "We refer each other weekly.", author="Ana")
    polls = Polls(store)
    proposal = polls.create("Meet monthly")
    polls.vote(proposal, VOTER_A, 5, name="Ana")
    decided = polls.create("Share a calendar")
    polls.vote(decided, VOTER_A, 1, name="Ben")
    polls.close(decided, next(iter(OUTCOMES)), "agreed")
    draft = ag.draft_agreement(ws)
    signer = str(load_sample().partners.iloc[0][s.CONTACT_NAME])
    parties = tuple(
        type(p)(**{**p.__dict__, "signatory": signer, "title": "Director"}) for p in draft.parties
    )
    store.set_setting(
        ag.SETTING_KEY, type(draft)(**{**draft.__dict__, "parties": parties}).to_json()
    )
    if role.shared:
        store.set_setting(permissions.CONTACTS_SETTING, True)


# ------------------------------------------------------------------------------ capture
@dataclass
class Capture:
    """The bytes of every download button drawn in a run, by key."""

    downloads: dict[str, bytes] = field(default_factory=dict)

    def record(self, kwargs: dict[str, Any], args: tuple[Any, ...]) -> None:
        data = kwargs.get("data", args[0] if args else None)
        if callable(data):  # built when clicked: build it now, as a click would
            data = data()
        if isinstance(data, str):
            data = data.encode("utf-8")
        elif hasattr(data, "getvalue"):
            data = data.getvalue()
        elif hasattr(data, "read"):
            data = data.read()
        key = str(kwargs.get("key") or kwargs.get("label") or len(self.downloads))
        self.downloads[key] = bytes(data or b"")


def unpack(data: bytes) -> str:
    """A download as text: zips (workspace, HSDS, .xlsx, .docx) unpacked, XML unescaped."""
    if data.startswith(b"PK"):
        parts = []
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in zf.namelist():
                parts.append(unpack(zf.read(name)))
        return "\n".join(parts)
    return html.unescape(data.decode("utf-8-sig", errors="replace"))


@pytest.fixture
def capture(monkeypatch: pytest.MonkeyPatch) -> Iterator[Capture]:
    """Record every download button's data, and click a partner on the map.

    The map's click-back is what streamlit-folium returns: the popup text of the point
    clicked. The real map is still drawn (its HTML is checked); the return value is that
    of a click on :func:`clicked_partner`.
    """
    cap = Capture()
    module_button = st.download_button
    method = DeltaGenerator.download_button

    def on_module(*args: Any, **kwargs: Any) -> Any:
        cap.record(kwargs, args[1:])
        return module_button(*args, **kwargs)

    def on_container(self: DeltaGenerator, *args: Any, **kwargs: Any) -> Any:
        cap.record(kwargs, args[1:])
        return method(self, *args, **kwargs)

    real_map: Callable[..., Any] = map_panel.st_folium
    pid = clicked_partner()

    def clicked_map(*args: Any, **kwargs: Any) -> Any:
        real_map(*args, **kwargs)
        return {"last_object_clicked_popup": f"Some Shelter\nPartner ID: {pid}"}

    monkeypatch.setattr(st, "download_button", on_module)
    monkeypatch.setattr(DeltaGenerator, "download_button", on_container)
    monkeypatch.setattr(map_panel, "st_folium", clicked_map)
    yield cap


# Forged URL parameters: the URL only chooses what to look at; none of these may grant
# anything (a role, presenting off, contacts on, a tab a role may not have).
FORGED = {
    "role": "facilitator",
    "access_role": "facilitator",
    "data_share_contacts": "true",
    "data_download_contacts": "true",
    "report_contacts": "true",
    "contacts": "1",
    "edit": "1",
}
# Session state a session may carry from before (a box ticked before presenting).
TICKED = {k.DATA_DOWNLOAD_CONTACTS: True, k.REPORT_CONTACTS: True, k.DECIDE_VOTER: VOTER_A}


def open_as(role: Role, page: str, db_path: Path, tab: str | None = None) -> AppTest:
    seed(db_path, role)
    query = {**FORGED, **role.query}
    if tab is not None:
        query[tab_key(page)] = tab
    return make_app(
        page,
        secrets=role.secrets or None,
        query=query,
        state={**TICKED, **role.state, k.MAP_DETAIL: clicked_partner()},
    )


TAB_KEYS = {
    "pages/data.py": k.DATA_TAB,
    "pages/kickoff.py": k.KICKOFF_TAB,
    "pages/recommend.py": k.RECOMMEND_TAB,
    "pages/trauma_informed.py": k.TRAUMA_TAB,
    "pages/sustainability.py": k.SUSTAIN_TAB,
    "pages/agreement.py": k.AGREEMENT_TAB,
}


def tab_key(page: str) -> str:
    return TAB_KEYS.get(page, f"{Path(page).stem}_tab")
