"""The Agreement page's blocks: the draft MOU's fields, the parties and their roles, saving
it for everyone, the preview and the exports.

The draft lives in session state (``AGREEMENT_DRAFT``, kept when the person visits another
page or presents) and, once the facilitator saves it, in the workspace database, so every
link opens on the same draft. Editing a field changes only this browser's copy until then.
Signatories' names are people's names: they are shown and exported only where contact
details may be seen (``ui.permissions.contacts_visible``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from mapping.data.errors import MappingError
from mapping.data.workspace import Workspace
from mapping.partnership import agreement as ag
from mapping.partnership import recommend as r
from ui import loaders, permissions
from ui import state as k
from ui.layout import flash, show_error
from ui.panels import recommend
from ui.text import escape_markdown

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TAB_DRAFT, TAB_PREVIEW = "Draft", "Preview and export"
ROLE, SIGNATORY, TITLE = "role and responsibilities", "signs for it (name)", "their title"


def tabs() -> list[str]:
    """While presenting, the document itself; otherwise its fields too."""
    return [TAB_PREVIEW] if permissions.is_presenting() else [TAB_DRAFT, TAB_PREVIEW]


def _field(name: str) -> str:
    return k.AGREEMENT_FIELD_PREFIX + name


def _when(saved_at: str) -> str:
    try:
        return dt.datetime.fromisoformat(saved_at).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return "an earlier meeting"


# ------------------------------------------------------------------------------ the recommendation
def current_recommendation(ws: Workspace) -> tuple[r.Recommendation | None, str, str]:
    """(recommendation, where its answers come from in words, the partnership's name).

    The answers the facilitator saved for everyone, else those on the Recommendation page
    in this browser tab, else what the workspace records; None when there are none.
    """
    try:
        saved = recommend.saved_answers()
    except MappingError as exc:
        show_error(exc)
        saved = None
    if saved is not None:
        return (
            r.recommend_collaboration(saved.answers),
            f"the answers the facilitator saved for everyone on {_when(saved.saved_at)}",
            saved.partnership,
        )
    answers = st.session_state.get(k.RECOMMEND_ANSWERS)
    if isinstance(answers, dict) and answers:
        return (
            r.recommend_collaboration(answers),
            "the answers on the Recommendation page in this browser tab (not saved for everyone)",
            str(st.session_state.get(k.RECOMMEND_NAME, "")),
        )
    prefill = {key: p.value for key, p in r.prefill_answers(ws).items()}
    if not prefill:
        return None, "", ""
    return (
        r.recommend_collaboration(prefill),
        "what the workspace records (the group has not answered the Recommendation page's "
        "questions yet)",
        "",
    )


# ------------------------------------------------------------------------------ the draft in state
def saved_draft() -> ag.AgreementDraft | None:
    data = loaders.get_store().get_setting(ag.SETTING_KEY)
    return None if data is None else ag.AgreementDraft.from_json(data)


def _apply(draft: ag.AgreementDraft, origin: str) -> None:
    """Put a draft into session state and into every widget."""
    state = st.session_state
    state[k.AGREEMENT_DRAFT] = draft
    state[k.AGREEMENT_ORIGIN] = origin
    state[k.AGREEMENT_PARTNERSHIP] = draft.partnership
    state[k.AGREEMENT_PARTIES] = [p.partner_id for p in draft.parties]
    for name, _, _ in ag.TEXT_FIELDS:
        state[_field(name)] = getattr(draft, name)
    state[k.AGREEMENT_EFFECTIVE] = _day(draft.effective_date)
    state[k.AGREEMENT_REVIEW] = _day(draft.review_date, years=1)
    state[k.AGREEMENT_ROLES_BASE] = draft.parties
    state.pop(k.AGREEMENT_ROLES, None)


def _day(value: str, years: int = 0) -> dt.date:
    """A stored date, or today (plus ``years``) when it is not a date."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        today = dt.date.today()
        return today + dt.timedelta(days=365 * years)


def _fresh(ws: Workspace) -> tuple[ag.AgreementDraft, str]:
    rec, source, name = current_recommendation(ws)
    draft = ag.draft_agreement(ws, rec, partnership=name)
    origin = (
        f"A first draft from the workspace; how closely you work, who leads and how you "
        f"decide come from {source}."
        if rec is not None
        else "A first draft from the workspace. Answer the Recommendation page's questions to "
        "fill in how closely you work, who leads and how you decide."
    )
    return draft, origin


def init_draft(ws: Workspace) -> None:
    """First visit: the saved draft, else a fresh one. Later: restore lost widgets."""
    state = st.session_state
    if k.AGREEMENT_DRAFT not in state:
        saved = None
        try:
            saved = saved_draft()
        except MappingError as exc:
            show_error(exc)
        if saved is not None:
            _apply(
                saved, f"The draft the facilitator saved for everyone (prepared {saved.prepared})."
            )
        else:
            _apply(*_fresh(ws))
        return
    draft: ag.AgreementDraft = state[k.AGREEMENT_DRAFT]
    restore = {
        k.AGREEMENT_PARTNERSHIP: draft.partnership,
        k.AGREEMENT_PARTIES: [p.partner_id for p in draft.parties],
        k.AGREEMENT_EFFECTIVE: _day(draft.effective_date),
        k.AGREEMENT_REVIEW: _day(draft.review_date, years=1),
        **{_field(name): getattr(draft, name) for name, _, _ in ag.TEXT_FIELDS},
    }
    for key, value in restore.items():
        if key not in state:  # not rendered on the last run (another page, presenting)
            state[key] = value
    if k.AGREEMENT_ROLES not in state:
        state[k.AGREEMENT_ROLES_BASE] = draft.parties


def current_draft() -> ag.AgreementDraft:
    """The draft as it is on screen now."""
    return st.session_state[k.AGREEMENT_DRAFT]  # type: ignore[no-any-return]


def _date_text(key: str, fallback: str) -> str:
    value = st.session_state.get(key)
    return value.isoformat() if isinstance(value, dt.date) else fallback


def _read_widgets(parties: tuple[ag.Party, ...]) -> ag.AgreementDraft:
    state = st.session_state
    base = current_draft()
    fields = {
        name: str(state.get(_field(name), getattr(base, name)) or "")
        for name, _, _ in ag.TEXT_FIELDS
    }
    return replace(
        base,
        partnership=str(state.get(k.AGREEMENT_PARTNERSHIP) or ""),
        parties=parties,
        effective_date=_date_text(k.AGREEMENT_EFFECTIVE, base.effective_date),
        review_date=_date_text(k.AGREEMENT_REVIEW, base.review_date),
        prepared=dt.date.today().isoformat(),
        **fields,
    )


def _parties_changed(ws: Workspace) -> None:
    ids = [str(p) for p in st.session_state.get(k.AGREEMENT_PARTIES) or []]
    draft = ag.with_parties(current_draft(), ws, ids)
    st.session_state[k.AGREEMENT_DRAFT] = draft
    st.session_state[k.AGREEMENT_ROLES_BASE] = draft.parties
    st.session_state.pop(k.AGREEMENT_ROLES, None)


# ------------------------------------------------------------------------------ the fields
def draft_fields(ws: Workspace) -> None:
    """Every field of the draft, editable; updates the draft in session state."""
    st.caption(str(st.session_state.get(k.AGREEMENT_ORIGIN, "")))
    st.text_input(
        "Name of the partnership",
        key=k.AGREEMENT_PARTNERSHIP,
        max_chars=120,
        placeholder="e.g. Allegheny Survivor Employment Partnership",
    )
    names = ws.partner_names()
    draft = current_draft()
    known = list(names) + [p.partner_id for p in draft.parties if p.partner_id not in names]
    st.multiselect(
        "Parties (the organizations that sign)",
        known,
        format_func=lambda p: names.get(
            p, next((x.name for x in draft.parties if x.partner_id == p), p)
        ),
        key=k.AGREEMENT_PARTIES,
        on_change=_parties_changed,
        args=(ws,),
        help="Every partner of the workspace to start with; remove those that will not sign.",
    )
    gone = [p for p in draft.parties if p.partner_id not in names]
    if gone:  # a saved draft outlives edits of the workspace: say so (issue 13)
        listed = ", ".join(escape_markdown(f"{p.name} ({p.partner_id})") for p in gone)
        st.warning(
            f"{len(gone)} of the parties are no longer in the workspace: {listed}. Remove "
            "them from the parties, or add them back on the Data page.",
            icon=":material/warning:",
        )
    base: tuple[ag.Party, ...] = st.session_state.get(k.AGREEMENT_ROLES_BASE, draft.parties)
    parties = base
    for name, heading, help_text in ag.TEXT_FIELDS:
        st.text_area(
            heading,
            key=_field(name),
            max_chars=ag.MAX_FIELD,
            height=150 if name == "confidentiality" else 100,
            help=help_text,
        )
        if name == "level":
            parties = roles_editor(base)
        if name == "term":
            c1, c2 = st.columns(2)
            c1.date_input("Takes effect on", key=k.AGREEMENT_EFFECTIVE)
            c2.date_input("Reviewed together by", key=k.AGREEMENT_REVIEW)
    st.session_state[k.AGREEMENT_DRAFT] = _read_widgets(parties)


def roles_editor(base: tuple[ag.Party, ...]) -> tuple[ag.Party, ...]:
    """Each party's role (and, where contacts may be seen, who signs): a table to edit."""
    st.markdown("**Roles and responsibilities**")
    signers = permissions.contacts_visible()
    table = pd.DataFrame(
        {
            "partner": [p.name for p in base],
            "sector": [p.sector for p in base],
            ROLE: [p.role for p in base],
            **(
                {SIGNATORY: [p.signatory for p in base], TITLE: [p.title for p in base]}
                if signers
                else {}
            ),
        }
    )
    edited = st.data_editor(
        table,
        key=k.AGREEMENT_ROLES,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=["partner", "sector"],
        column_config={
            ROLE: st.column_config.TextColumn(ROLE, width="large", max_chars=ag.MAX_FIELD),
            SIGNATORY: st.column_config.TextColumn(SIGNATORY, max_chars=80),
            TITLE: st.column_config.TextColumn(TITLE, max_chars=80),
        },
    )
    if not signers:
        st.caption("Who signs for each partner is shown only where contact details may be seen.")
    out = []
    for i, p in enumerate(base):
        row = edited.iloc[i]
        out.append(
            replace(
                p,
                role=_cell(row[ROLE]),
                signatory=_cell(row[SIGNATORY]) if signers else p.signatory,
                title=_cell(row[TITLE]) if signers else p.title,
            )
        )
    return tuple(out)


def _cell(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


# ------------------------------------------------------------------------------ save, reload
def _save() -> None:
    if not permissions.can_edit():
        st.session_state[k.AGREEMENT_RESULT] = ("error", "Only the facilitator can save the draft.")
        return
    draft = current_draft()
    ag.check_draft(draft)
    loaders.get_store().set_setting(ag.SETTING_KEY, draft.to_json())
    st.session_state[k.AGREEMENT_ORIGIN] = "The draft saved for everyone, as on screen."
    st.session_state[k.AGREEMENT_RESULT] = (
        "success",
        "Saved: everyone who opens the Agreement page now starts from this draft.",
    )


def _reload() -> None:
    saved = saved_draft()
    if saved is not None:
        _apply(saved, f"The draft the facilitator saved for everyone (prepared {saved.prepared}).")
        st.session_state[k.AGREEMENT_RESULT] = ("success", "The saved draft is back on screen.")


def _start_over(ws: Workspace) -> None:
    _apply(*_fresh(ws))
    st.session_state[k.AGREEMENT_RESULT] = (
        "success",
        "Started over from the workspace and the recommendation.",
    )


def actions(ws: Workspace) -> None:
    flash(k.AGREEMENT_RESULT)
    saved = None
    try:
        saved = saved_draft()
    except MappingError as exc:
        show_error(exc)
    c1, c2, c3 = st.columns(3)
    if permissions.can_edit():
        c1.button(
            "Save this draft for everyone",
            type="primary",
            on_click=_save,
            key=k.AGREEMENT_SAVE,
            icon=":material/save:",
        )
    else:
        c1.caption("Only the facilitator can save the draft for everyone; you can still export it.")
    if saved is not None:
        c2.button(
            "Put the saved draft back",
            on_click=_reload,
            key=k.AGREEMENT_LOAD_SAVED,
            icon=":material/history:",
        )
    c3.button(
        "Start over from the workspace",
        on_click=_start_over,
        args=(ws,),
        key=k.AGREEMENT_RESET,
        icon=":material/restart_alt:",
    )


# ------------------------------------------------------------------------------ preview, export
def for_export() -> ag.AgreementDraft:
    """The draft as this session may export it: signatories only where contacts are seen."""
    draft = current_draft()
    if permissions.contacts_visible():
        return draft
    return replace(draft, parties=tuple(replace(p, signatory="", title="") for p in draft.parties))


def draft_for_report() -> ag.AgreementDraft | None:
    """The draft for the meeting report: this session's, else the one saved for everyone,
    as this session may export it."""
    if k.AGREEMENT_DRAFT in st.session_state:
        return for_export()
    try:
        saved = saved_draft()
    except MappingError as exc:
        show_error(exc)
        return None
    if saved is None or permissions.contacts_visible():
        return saved
    return replace(saved, parties=tuple(replace(p, signatory="", title="") for p in saved.parties))


def preview() -> None:
    draft = for_export()
    ag.check_draft(draft)
    st.warning(ag.NOT_LEGAL_ADVICE, icon=":material/gavel:")
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download as Word (.docx)",
        partial(ag.agreement_docx, draft),  # built only when clicked
        "partnership-agreement-draft.docx",
        DOCX_MIME,
        key=k.AGREEMENT_DOCX,
        on_click="ignore",
        icon=":material/description:",
    )
    text = ag.agreement_markdown(draft)
    c2.download_button(
        "Download as Markdown (.md)",
        text,
        "partnership-agreement-draft.md",
        "text/markdown",
        key=k.AGREEMENT_MARKDOWN,
        on_click="ignore",
        icon=":material/download:",
    )
    with st.container(border=True):
        # The Markdown escapes every user text; '$' would still start LaTeX in Streamlit.
        st.markdown(text.replace("$", "\\$"))
