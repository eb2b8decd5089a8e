"""What the two self-assessment pages share: their keys and tabs, who may fill in and see
what, the form and saving it, and the facilitator's list of every assessment.

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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import streamlit as st

from mapping.data import schema as s
from mapping.data.errors import AssessmentError
from mapping.data.workspace import Workspace
from mapping.partnership import assessments as am
from ui import loaders, permissions
from ui import state as k
from ui.layout import say
from ui.text import escape_markdown

PARTNERSHIP_VIEW = am.PARTNERSHIP  # the view of the partnership: its average and own rating
T = TypeVar("T")


@dataclass(frozen=True)
class PageKeys:
    """The widget and session-state keys of one page's form and list (see :meth:`of`)."""

    subject: str
    form: str
    date: str
    by: str
    note: str
    submit: str
    mine: str
    result: str
    csv: str
    delete_pick: str
    delete: str

    @classmethod
    def of(cls, page: str) -> PageKeys:
        """The keys ``ui.state`` declares for ``page``: ``<page>_SUBJECT``, ``<page>_FORM``
        ... (an AttributeError at import when one is missing)."""
        return cls(**{f.name: getattr(k, f"{page}_{f.name.upper()}") for f in fields(cls)})


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


def tabs(*always: str, fill: str, every: str) -> list[str]:
    """The page's tabs: ``always``, then the form and the facilitator's list for whom may."""
    out = list(always)
    if can_fill_in():
        out.append(fill)
    if sees_everything():
        out.append(every)
    return out


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


def form_intro(ws: Workspace, intro: str) -> dict[str, str] | None:
    """The form's introduction and the privacy note; the names the form offers, or None
    (and nothing shown) for a session that may not fill in."""
    if not can_fill_in():
        return None
    names = names_of(ws)
    st.markdown(intro)
    privacy_note()
    return names


def subject_picker(ws: Workspace, names: Mapping[str, str], keys: PageKeys) -> str | None:
    """Whom the form is filled in for: the partnership (the facilitator only), or a partner."""
    options = ([PARTNERSHIP_VIEW] if permissions.can_edit() else []) + partner_options(ws)
    return st.selectbox(
        "Filled in for",
        options,
        index=None,
        format_func=lambda p: (
            am.PARTNERSHIP_NAME + " (with the group)" if p == PARTNERSHIP_VIEW else names.get(p, p)
        ),
        placeholder="Choose your organization",
        key=keys.subject,
    )


@contextmanager
def form(
    keys: PageKeys,
    names: dict[str, str],
    on_submit: Callable[[dict[str, str]], None],
    *,
    date_label: str,
    note_label: str,
    note_placeholder: str,
    submit_label: str,
) -> Iterator[None]:
    """The form: date and who fills it in, then the questions (the ``with`` block's), a
    note and the button that calls ``on_submit(names)``."""
    with st.form(keys.form):
        c1, c2 = st.columns(2)
        c1.date_input(date_label, value=dt.date.today(), key=keys.date)
        c2.text_input("Filled in by (optional)", key=keys.by, max_chars=am.MAX_NAME)
        yield
        st.text_area(note_label, key=keys.note, max_chars=am.MAX_NOTE, placeholder=note_placeholder)
        st.form_submit_button(
            submit_label,
            type="primary",
            key=keys.submit,
            on_click=on_submit,
            args=(names,),
        )


def answer(text: str, choices: Sequence[T], label: Callable[[T], str], key: str) -> None:
    """One question's answers in a row, the last (not sure) chosen at first."""
    st.radio(text, choices, index=len(choices) - 1, format_func=label, horizontal=True, key=key)


def save_form(
    kind: str,
    subject: str | None,
    names: Mapping[str, str],
    answers: Mapping[str, Any],
    keys: PageKeys,
) -> int | None:
    """:func:`save` with the date, name and note the form holds."""
    state = st.session_state
    return save(
        kind,
        subject,
        names,
        answers,
        day=state.get(keys.date),
        by=str(state.get(keys.by) or ""),
        note=str(state.get(keys.note) or ""),
        mine_key=keys.mine,
        result_key=keys.result,
    )


def saved(keys: PageKeys, message: str, answer_keys: Iterable[str]) -> None:
    """Say the form was saved, and empty its answers for the next organization."""
    say(keys.result, "success", message)
    for key in answer_keys:
        st.session_state.pop(key, None)


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
    keys: PageKeys,
    *,
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
    st.dataframe(table, hide_index=True, width="stretch", key=f"{keys.csv}_table")
    st.download_button(
        "Download every answer (CSV)",
        am.frame_csv(table),
        file_name,
        "text/csv",
        key=keys.csv,
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
            key=keys.delete_pick,
            placeholder="Choose one to delete",
        )
        deleting = st.button("Delete it", key=keys.delete, disabled=pick is None)
        if deleting and permissions.can_edit() and pick is not None:
            loaders.get_assessments().delete(int(pick))
            say(keys.result, "success", f"Deleted {by_id[int(pick)].label}.")
            st.rerun()


def note_of(a: am.Assessment) -> None:
    """The note saved with an assessment, shown as plain text."""
    if a.note:
        who = f" ({escape_markdown(a.submitted_by)})" if a.submitted_by else ""
        st.markdown(f"**Their note{who}:** {escape_markdown(a.note)}")


def partner_ids(ws: Workspace) -> set[str]:
    return set(ws.partners[s.PARTNER_ID].astype(str))
