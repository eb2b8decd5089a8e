"""What the two self-assessment pages share: who may fill in and see what, saving, and the
facilitator's list of every assessment.

Who may do what (the role is ``ui.access``'s):

* Anyone taking part fills in **their own organization's** assessment (the role cannot
  say which organization a stakeholder belongs to, so they choose it; each saved
  assessment records who filled it in, and the facilitator sees every one and can delete
  one). The facilitator also fills in the partnership's own assessment, with the group.
* The **facilitator** sees every partner's answers. A **stakeholder** sees the
  assessments saved in their own browser session, and the partnership's average once at
  least :data:`mapping.partnership.assessments.MIN_GROUP` partners answered, so no single
  organization's answers can be read from it.
* Nothing is filled in while presenting (the form is a write on a shared screen).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from mapping.data import schema as s
from mapping.data.errors import AssessmentError
from mapping.data.workspace import Workspace
from mapping.partnership import assessments as am
from ui import loaders, permissions
from ui.layout import say
from ui.text import escape_markdown

PARTNERSHIP_VIEW = am.PARTNERSHIP  # the view of the partnership: its average and own rating


def mine(key: str) -> set[int]:
    """Ids of the assessments saved in this browser session."""
    value = st.session_state.get(key)
    return set(value) if isinstance(value, (set, list, tuple)) else set()


def sees_everything() -> bool:
    """The facilitator sees every partner's answers (presenting or not)."""
    return permissions.can_facilitate()


def visible(assessments: list[am.Assessment], mine_key: str) -> list[am.Assessment]:
    """The assessments this session may read one by one."""
    if sees_everything():
        return assessments
    own = mine(mine_key)
    return [a for a in assessments if a.id in own]


def group_visible(n: int) -> bool:
    """Whether this session may see an average over ``n`` partners."""
    return sees_everything() or n >= am.MIN_GROUP


def can_fill_in() -> bool:
    return permissions.can_contribute()


def names_of(ws: Workspace) -> dict[str, str]:
    return {PARTNERSHIP_VIEW: am.PARTNERSHIP_NAME, **ws.partner_names()}


def label_for(names: Mapping[str, str]) -> Callable[[str], str]:
    """How a subject is named in a selector: stable, so a link keeps it."""

    def _label(subject: str) -> str:
        if subject == PARTNERSHIP_VIEW:
            return "The partnership"
        return f"{names.get(subject, subject)} ({subject})"

    return _label


def partner_options(ws: Workspace) -> list[str]:
    names = ws.partner_names()
    return sorted(names, key=lambda p: (names[p].lower(), p))


def view_options(ws: Workspace, seen: list[am.Assessment]) -> list[str]:
    """The partnership, then every partner whose assessment this session may read."""
    ids = {a.subject for a in seen if a.subject != PARTNERSHIP_VIEW}
    known = [p for p in partner_options(ws) if p in ids]
    gone = sorted(ids - set(known))  # partners no longer in the workspace
    return [PARTNERSHIP_VIEW, *known, *gone]


def privacy_note() -> None:
    if sees_everything():
        st.caption(
            "As the facilitator you see every organization's answers. Stakeholders see their "
            f"own and the partnership's average once at least {am.MIN_GROUP} partners "
            "answered."
        )
    else:
        st.caption(
            "Your organization's answers are seen by the facilitator and by you in this "
            f"browser tab. Everyone sees the partnership's average once at least "
            f"{am.MIN_GROUP} partners answered, so no single organization's answers can be "
            "read from it."
        )


def save(
    kind: str,
    subject: str | None,
    names: Mapping[str, str],
    answers: Mapping[str, Any],
    *,
    day: dt.date | None,
    by: str,
    note: str,
    mine_key: str,
    result_key: str,
) -> int | None:
    """Save an assessment for this session (after the role checks); returns its id."""
    if not can_fill_in():
        say(result_key, "error", "Sign in to fill in an assessment (not while presenting).")
        return None
    if subject is None or (subject != PARTNERSHIP_VIEW and subject not in names):
        say(result_key, "error", "Choose the organization you fill it in for first.")
        return None
    if subject == PARTNERSHIP_VIEW and not permissions.can_edit():
        say(
            result_key,
            "error",
            "Only the facilitator fills in the partnership's own assessment, with the group.",
        )
        return None
    try:
        aid = loaders.get_assessments().save(
            kind,
            subject,
            names.get(subject, subject),
            day or dt.date.today(),
            answers,
            note=note,
            submitted_by=by,
            role=permissions.current_role() or "",
        )
    except AssessmentError as exc:
        say(result_key, "error", str(exc))
        return None
    st.session_state[mine_key] = sorted(mine(mine_key) | {aid})
    return aid


def all_assessments(
    kind: str,
    every: list[am.Assessment],
    columns: dict[str, str],
    *,
    csv_key: str,
    pick_key: str,
    delete_key: str,
    result_key: str,
    file_name: str,
) -> None:
    """The facilitator's list: every assessment with its answers, as CSV, and deleting one."""
    if not sees_everything():
        return
    if not every:
        st.info("Nothing is saved yet.", icon=":material/info:")
        return
    table = am.frame(list(reversed(every)), columns)
    st.caption(
        f"{len(every)} saved, newest first. One per organization and date: filling in again "
        "on the same date replaces that day's answers."
    )
    st.dataframe(table, hide_index=True, width="stretch", key=f"{csv_key}_table")
    st.download_button(
        "Download every answer (CSV)",
        am.frame_csv(table),
        file_name,
        "text/csv",
        key=csv_key,
        on_click="ignore",
        icon=":material/download:",
    )
    if not permissions.can_edit():
        return
    by_id = {a.id: a for a in every}
    with st.expander("Delete an assessment", icon=":material/delete:"):
        pick = st.selectbox(
            "Assessment",
            list(reversed(list(by_id))),
            format_func=lambda i: (
                f"#{i}: {by_id[i].label}"
                + (f" (filled in by {by_id[i].submitted_by})" if by_id[i].submitted_by else "")
            ),
            index=None,
            key=pick_key,
            placeholder="Choose one to delete",
        )
        deleting = st.button("Delete it", key=delete_key, disabled=pick is None)
        if deleting and permissions.can_edit() and pick is not None:
            loaders.get_assessments().delete(int(pick))
            say(result_key, "success", f"Deleted {by_id[int(pick)].label}.")
            st.rerun()


def note_of(a: am.Assessment) -> None:
    """The note saved with an assessment, shown as plain text."""
    if a.note:
        who = f" ({escape_markdown(a.submitted_by)})" if a.submitted_by else ""
        st.markdown(f"**Their note{who}:** {escape_markdown(a.note)}")


def partner_ids(ws: Workspace) -> set[str]:
    return set(ws.partners[s.PARTNER_ID].astype(str))
