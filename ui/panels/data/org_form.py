"""The organization form: one partner fills in its own resource map in plain questions.

The form is plain widgets (no grid), so that a partner who has never seen a CSV can use
it, and so that tests can drive every field by its key.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.data import schema as s
from mapping.data.errors import MappingError
from mapping.data.normalize import split_list
from mapping.data.submission import organization_workspace
from mapping.data.workspace import Workspace
from mapping.partnership import partner_answers as pa
from ui import loaders, permissions
from ui import state as k
from ui.layout import flash
from ui.panels.partner_questions import (
    fill_partner_questions,
    partner_answers_in,
    partner_questions,
)
from ui.text import escape_markdown

NEW = "__new__"
TRUST_LABELS = {1: "1 - low", 2: "2", 3: "3", 4: "4 - high"}
TI_LABELS = {"true": "Yes", "false": "No", "": "Not sure"}
_PARTNER_FIELDS = {
    k.ORG_ID: s.PARTNER_ID,
    k.ORG_NAME: s.NAME,
    k.ORG_ADDRESS: s.ADDRESS,
    k.ORG_CITY: s.CITY,
    k.ORG_STATE: s.STATE,
    k.ORG_ZIP: s.ZIP,
    k.ORG_CONTACT_NAME: s.CONTACT_NAME,
    k.ORG_CONTACT_EMAIL: s.CONTACT_EMAIL,
    k.ORG_PHONE: s.PHONE,
    k.ORG_WEBSITE: s.WEBSITE,
    k.ORG_NOTES: s.NOTES,
    k.ORG_SUCCESSES: s.SUCCESSES,
    k.ORG_BARRIERS: s.BARRIERS,
}
_PARTNER_LISTS = {k.ORG_EXPERTISE: s.EXPERTISE, k.ORG_FUNDS: s.FUNDS}
_SERVICE_TEXT = (s.NAME, s.DESCRIPTION, s.ELIGIBILITY, s.COST, s.CAPACITY, s.ZIP)
_HIDDEN_LOCATION = (s.ADDRESS, s.CITY, s.STATE, s.LATITUDE, s.LONGITUDE, s.CONFIDENTIAL)


def _svc(i: int, field: str) -> str:
    return f"{k.ORG_SERVICE_PREFIX}{i}_{field}"


def _rel(pid: str, field: str) -> str:
    return f"{k.ORG_REL_PREFIX}{pid}_{field}"


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _prefill(ws: Workspace, pid: str) -> None:
    """Fill every widget of the form from the workspace (or blank for a new partner)."""
    state = st.session_state
    row = ws.partners[ws.partners[s.PARTNER_ID] == pid]
    rec = row.iloc[0].to_dict() if len(row) else {}
    hidden = set() if permissions.contacts_visible() else set(s.CONTACT_COLUMNS)
    for key, col in _PARTNER_FIELDS.items():
        state[key] = "" if col in hidden else _text(rec.get(col, ""))
    state[k.ORG_SECTOR] = rec.get(s.SECTOR) or None
    state[k.ORG_CONFIDENTIAL] = bool(rec.get(s.CONFIDENTIAL, False))
    state[k.ORG_LANGUAGES] = split_list(rec.get(s.LANGUAGES, ""))
    state[k.ORG_POPULATIONS] = split_list(rec.get(s.POPULATIONS, ""))
    for key, col in _PARTNER_LISTS.items():
        state[key] = split_list(rec.get(col, ""))
    services = ws.services[ws.services[s.PARTNER_ID] == pid] if pid != NEW else ws.services[:0]
    state[k.ORG_SERVICE_COUNT] = max(len(services), 1)
    for i, (_, svc) in enumerate(services.iterrows()):
        own = not bool(svc[s.AT_PARTNER_LOCATION])
        state[_svc(i, "id")] = svc[s.SERVICE_ID]
        state[_svc(i, s.CATEGORY)] = svc[s.CATEGORY]
        for col in _SERVICE_TEXT:
            state[_svc(i, col)] = _text(svc[col]) if (col != s.ZIP or own) else ""
        state[_svc(i, "hidden")] = {c: _text(svc[c]) for c in _HIDDEN_LOCATION} if own else {}
        state[_svc(i, s.RADIUS)] = _text(svc[s.RADIUS])
        state[_svc(i, s.LANGUAGES)] = split_list(svc[s.LANGUAGES])
        state[_svc(i, s.POPULATIONS)] = split_list(svc[s.POPULATIONS])
        state[_svc(i, s.TRAUMA_INFORMED)] = _text(svc[s.TRAUMA_INFORMED])
        state[_svc(i, "remove")] = False
    if services.empty:
        _blank_service(0)
    rels = ws.relationships[ws.relationships[s.SOURCE_ID] == pid]
    state[k.ORG_PARTNERS] = list(rels[s.TARGET_ID])
    for _, r in rels.iterrows():
        state[_rel(r[s.TARGET_ID], s.LEVEL)] = r[s.LEVEL]
        state[_rel(r[s.TARGET_ID], s.REL_TYPE)] = split_list(r[s.REL_TYPE])
        state[_rel(r[s.TARGET_ID], s.TRUST)] = None if pd.isna(r[s.TRUST]) else int(r[s.TRUST])
    _prefill_answers(pid)


def _blank_service(i: int) -> None:
    state = st.session_state
    state[_svc(i, "id")] = ""
    state[_svc(i, s.CATEGORY)] = None
    for col in (*_SERVICE_TEXT, s.RADIUS, s.TRAUMA_INFORMED):
        state[_svc(i, col)] = ""
    state[_svc(i, "hidden")] = {}
    state[_svc(i, s.LANGUAGES)] = []
    state[_svc(i, s.POPULATIONS)] = []
    state[_svc(i, "remove")] = False


def _add_service() -> None:
    n = st.session_state.get(k.ORG_SERVICE_COUNT, 1)
    _blank_service(n)
    st.session_state[k.ORG_SERVICE_COUNT] = n + 1


def _partner_fields(ws: Workspace) -> None:
    c1, c2 = st.columns([1, 3])
    c1.text_input(
        "Short id (partner_id)",
        key=k.ORG_ID,
        disabled=st.session_state.get(k.ORG_PICK, NEW) != NEW,
        help="A short code others refer to, such as P12. It cannot change later.",
    )
    c2.text_input("Organization name", key=k.ORG_NAME)
    st.selectbox(
        "Sector",
        s.SECTORS.labels,
        index=None,
        key=k.ORG_SECTOR,
        placeholder="Choose the sector that fits best",
    )
    conf = st.checkbox(
        "Our location is confidential (a shelter or safe house)",
        key=k.ORG_CONFIDENTIAL,
        help="The street address is then never stored or shown; the map shows "
        "the organization only at its ZIP code.",
    )
    c1, c2, c3, c4 = st.columns([3, 2, 1, 1])
    c1.text_input("Street address", key=k.ORG_ADDRESS, disabled=conf)
    c2.text_input("City", key=k.ORG_CITY)
    c3.text_input("State", key=k.ORG_STATE)
    c4.text_input("ZIP code", key=k.ORG_ZIP)
    if not permissions.contacts_visible():
        st.caption(
            "Contact details on file are not shown to you. Leave these empty to keep them, "
            "or type new ones to replace them."
        )
    c1, c2, c3 = st.columns(3)
    c1.text_input("Contact person", key=k.ORG_CONTACT_NAME)
    c2.text_input("Contact email", key=k.ORG_CONTACT_EMAIL)
    c3.text_input("Phone", key=k.ORG_PHONE)
    st.text_input("Website", key=k.ORG_WEBSITE)
    st.multiselect(
        "Languages your staff speak",
        s.LANGUAGES_VOCAB.labels,
        accept_new_options=True,
        key=k.ORG_LANGUAGES,
    )
    st.multiselect(
        "Who you serve", s.POPULATIONS_VOCAB.labels, accept_new_options=True, key=k.ORG_POPULATIONS
    )
    _bring_fields(ws)
    st.text_area("Notes (never about clients)", key=k.ORG_NOTES)


def _bring_fields(ws: Workspace) -> None:
    """What the organization brings and has lived through (issue 17); the expertise
    other partners listed is offered as choices, so the same skill is written one way."""
    known = sorted(
        {item for v in ws.partners[s.EXPERTISE] for item in split_list(v)}
        | set(st.session_state.get(k.ORG_EXPERTISE, [])),
        key=str.casefold,
    )
    st.multiselect(
        "Skills and areas of expertise you can share with partners",
        known,
        accept_new_options=True,
        key=k.ORG_EXPERTISE,
        help="For example trauma-informed care training, grant writing, Spanish "
        "interpretation. Type a new one and press Enter.",
    )
    st.multiselect(
        "If you fund services: the categories you fund",
        s.CATEGORIES.labels,
        key=k.ORG_FUNDS,
        help="Funders (foundations, United Ways, public grant makers) and partners that "
        "give grants. The Gaps page shows who funds each gap.",
    )
    c1, c2 = st.columns(2)
    c1.text_area(
        "Successes you have had serving survivors or working with partners",
        key=k.ORG_SUCCESSES,
        help="Never client information.",
    )
    c2.text_area(
        "Barriers you have met (funding, staffing, eligibility rules, referrals)",
        key=k.ORG_BARRIERS,
        help="Never client information.",
    )


def _service_fields(i: int) -> None:
    with st.container(border=True):
        c1, c2 = st.columns([2, 3])
        c1.selectbox(
            f"Service {i + 1}: category",
            s.CATEGORIES.labels,
            index=None,
            key=_svc(i, s.CATEGORY),
            placeholder="What kind of service?",
        )
        c2.text_input("Name of the service", key=_svc(i, s.NAME))
        st.text_input("What it does", key=_svc(i, s.DESCRIPTION))
        c1, c2, c3 = st.columns(3)
        c1.text_input("ZIP code, if offered somewhere else", key=_svc(i, s.ZIP))
        c2.text_input(
            "Reaches how far (miles)",
            key=_svc(i, s.RADIUS),
            help="For outreach, hotlines or home visits; leave empty if on site.",
        )
        c3.radio(
            "Trauma-informed staff?",
            list(TI_LABELS),
            format_func=TI_LABELS.__getitem__,
            key=_svc(i, s.TRAUMA_INFORMED),
            horizontal=True,
        )
        c1, c2 = st.columns(2)
        c1.multiselect(
            "Languages", s.LANGUAGES_VOCAB.labels, accept_new_options=True, key=_svc(i, s.LANGUAGES)
        )
        c2.multiselect(
            "Who it serves",
            s.POPULATIONS_VOCAB.labels,
            accept_new_options=True,
            key=_svc(i, s.POPULATIONS),
        )
        c1, c2, c3 = st.columns(3)
        c1.text_input("Who is eligible", key=_svc(i, s.ELIGIBILITY))
        c2.text_input("Cost", key=_svc(i, s.COST))
        c3.text_input("Capacity", key=_svc(i, s.CAPACITY))
        st.checkbox("Remove this service", key=_svc(i, "remove"))


def _relationship_fields(ws: Workspace, pid: str) -> None:
    names = ws.partner_names()
    others = [p for p in names if p != pid]
    chosen = st.multiselect(
        "Organizations you already work with",
        others,
        format_func=lambda p: names.get(p, p),
        key=k.ORG_PARTNERS,
    )
    with st.expander("What the three levels mean"):
        for term in s.LEVELS.terms:
            st.markdown(f"- **{term.label.capitalize()}**: {term.description}")
    for target in chosen:
        c1, c2, c3 = st.columns([2, 3, 2])
        c1.selectbox(
            f"With {names.get(target, target)}",
            s.LEVELS.labels,
            index=None,
            key=_rel(target, s.LEVEL),
            placeholder="Level",
        )
        c2.multiselect(
            "What you do together", s.RELATIONSHIP_TYPES.labels, key=_rel(target, s.REL_TYPE)
        )
        c3.select_slider(
            "Trust",
            [None, 1, 2, 3, 4],
            key=_rel(target, s.TRUST),
            format_func=lambda v: "not said" if v is None else TRUST_LABELS[v],
        )


def collect(pid: str) -> tuple[dict[str, object], list[dict[str, object]], list[dict[str, object]]]:
    """The form's values as contract records (partner, services, relationships)."""
    state = st.session_state
    partner: dict[str, object] = {col: state.get(key, "") for key, col in _PARTNER_FIELDS.items()}
    partner[s.PARTNER_ID] = pid
    partner[s.SECTOR] = state.get(k.ORG_SECTOR) or ""
    partner[s.CONFIDENTIAL] = "true" if state.get(k.ORG_CONFIDENTIAL) else "false"
    if state.get(k.ORG_CONFIDENTIAL):
        partner[s.ADDRESS] = ""
    partner[s.LANGUAGES] = s.LIST_SEPARATOR.join(state.get(k.ORG_LANGUAGES, []))
    partner[s.POPULATIONS] = s.LIST_SEPARATOR.join(state.get(k.ORG_POPULATIONS, []))
    for key, col in _PARTNER_LISTS.items():
        partner[col] = s.LIST_SEPARATOR.join(state.get(key, []))
    services = []
    for i in range(state.get(k.ORG_SERVICE_COUNT, 1)):
        if state.get(_svc(i, "remove")) or not state.get(_svc(i, s.CATEGORY)):
            continue
        rec: dict[str, object] = {
            s.SERVICE_ID: state.get(_svc(i, "id"), ""),
            s.CATEGORY: state.get(_svc(i, s.CATEGORY)),
        }
        for col in (*_SERVICE_TEXT, s.RADIUS, s.TRAUMA_INFORMED):
            rec[col] = state.get(_svc(i, col), "")
        hidden = state.get(_svc(i, "hidden")) or {}
        if rec[s.ZIP] and hidden:
            rec.update(hidden)  # keep the rest of the service's own location
        rec[s.LANGUAGES] = s.LIST_SEPARATOR.join(state.get(_svc(i, s.LANGUAGES), []))
        rec[s.POPULATIONS] = s.LIST_SEPARATOR.join(state.get(_svc(i, s.POPULATIONS), []))
        services.append(rec)
    rels = []
    for target in state.get(k.ORG_PARTNERS, []):
        trust = state.get(_rel(target, s.TRUST))
        rels.append(
            {
                s.TARGET_ID: target,
                s.LEVEL: state.get(_rel(target, s.LEVEL)) or "",
                s.REL_TYPE: s.LIST_SEPARATOR.join(state.get(_rel(target, s.REL_TYPE), [])),
                s.TRUST: "" if trust is None else str(trust),
            }
        )
    return partner, services, rels


def org_form_section(ws: Workspace) -> None:
    flash(k.ORG_RESULT)
    names = ws.partner_names()
    pick = st.selectbox(
        "Your organization",
        [NEW, *names],
        format_func=lambda p: "A new organization" if p == NEW else f"{names[p]} ({p})",
        key=k.ORG_PICK,
    )
    if st.session_state.get(k.ORG_LOADED_FOR) != pick:
        _prefill(ws, pick)
        st.session_state[k.ORG_LOADED_FOR] = pick
    st.markdown("##### About your organization")
    _partner_fields(ws)
    st.markdown("##### Your services")
    st.caption("One block per service. Leave the category empty to skip a block.")
    for i in range(st.session_state.get(k.ORG_SERVICE_COUNT, 1)):
        _service_fields(i)
    st.button(
        "Add another service", on_click=_add_service, key=k.ORG_ADD_SERVICE, icon=":material/add:"
    )
    pid = pick if pick != NEW else str(st.session_state.get(k.ORG_ID, "")).strip()
    st.markdown("##### Who you work with")
    _relationship_fields(ws, pid)
    _answers_section()
    direct = permissions.can_edit()
    if not direct:
        st.text_input("Your name (so the facilitator knows who sent it)", key=k.ORG_SUBMITTED_BY)
    label = "Submit our resource map" if direct else "Send to the facilitator for approval"
    if not st.button(label, type="primary", key=k.ORG_SUBMIT):
        return
    if not pid:
        st.error("Give your organization a short id (partner_id), such as P50.")
        return
    if pick == NEW and pid in names:
        st.error(
            escape_markdown(
                f"The id '{pid}' is already used by {names[pid]}. Choose another one, or "
                "pick that organization at the top of the form."
            )
        )
        return
    partner, services, rels = collect(pid)
    result = organization_workspace(ws, partner, services, rels)
    if result.errors:
        st.error("Not saved yet: please fix these first.")
        for problem in result.errors:
            st.markdown(
                "- "
                + escape_markdown(
                    f"{problem.message} ({problem.file}, item {problem.row}, {problem.column})"
                )
            )
        return
    answers = _form_answers()
    if answers is None:
        return
    if not permissions.can_edit():
        _send_for_approval(partner, services, rels, answers)
        return
    version = loaders.get_store().save(
        result, action="organization form", note=str(partner.get(s.NAME) or pid)
    )
    thanks = (
        f"Thank you: the resource map of {partner.get(s.NAME) or pid} is saved (version {version})."
    )
    st.session_state[k.ORG_RESULT] = _save_answers(pid, answers, thanks)
    st.session_state.pop(k.ORG_LOADED_FOR, None)
    st.rerun()


def _send_for_approval(
    partner: dict[str, object],
    services: list[dict[str, object]],
    rels: list[dict[str, object]],
    answers: dict[str, object] | None = None,
) -> None:
    """A stakeholder's form goes to the approval queue, not into the workspace."""
    if not permissions.can_take_part():
        st.error("Sign in to send your organization's resource map.")
        return
    sid = loaders.get_queue().submit(
        partner,
        services,
        rels,
        submitted_by=str(st.session_state.get(k.ORG_SUBMITTED_BY) or ""),
        keep_contacts=not permissions.contacts_visible(),
        answers=answers,
    )
    st.session_state[k.ORG_RESULT] = (
        f"Thank you: the resource map of {partner.get(s.NAME) or partner.get(s.PARTNER_ID)} "
        f"{'and its answers ' if answers else ''}"
        f"{'were' if answers else 'was'} sent to the facilitator (submission #{sid}). It "
        "enters the workspace once approved."
    )
    st.session_state.pop(k.ORG_LOADED_FOR, None)
    st.rerun()


# ---- issue 17: the organization's own answers to the recommendation's questions
def _answers_shown() -> bool:
    """Whether this person may see an organization's saved answers: not a stakeholder
    while the facilitator keeps the answers anonymous to the room."""
    if permissions.can_edit():
        return True
    return not pa.PartnerAnswers(loaders.get_store()).anonymous()


def _prefill_answers(pid: str) -> None:
    """The organization's saved answers into its questions ("Not sure yet" for a new one,
    and when this person may not see them)."""
    saved: dict[str, object] = {}
    if pid != NEW and _answers_shown():
        store = pa.PartnerAnswers(loaders.get_store())
        saved = next((a.answers for a in store.all() if a.partner_id == pid), {})
    fill_partner_questions(k.ORG_ANSWER_Q_PREFIX, saved)


def _answers_section() -> None:
    st.markdown("##### How ready is your organization? (optional)")
    st.caption(
        "The questions of the Recommendation page, answered for your organization alone. "
        'Leave "Not sure yet" where you do not know: only the questions you answer are '
        "sent, and they replace your organization's earlier answers."
        + ("" if _answers_shown() else " Saved answers are not shown while they are anonymous.")
    )
    partner_questions(k.ORG_ANSWER_Q_PREFIX)


def _form_answers() -> dict[str, object] | None:
    """The answers given in the form, checked ({}: none); None after showing why they
    cannot be saved (then nothing is saved)."""
    try:
        return pa.check_answers(partner_answers_in(k.ORG_ANSWER_Q_PREFIX))
    except MappingError as exc:
        st.error(f"Not saved yet: {escape_markdown(str(exc))}", icon=":material/error:")
        return None


def _save_answers(pid: str, answers: dict[str, object], thanks: str) -> tuple[str, str]:
    """The facilitator's form: save the organization's answers after its map; the message
    to show (``thanks`` for the map, and what became of the answers)."""
    if not answers:
        return "success", thanks
    try:
        pa.PartnerAnswers(loaders.get_store()).save(pid, answers)
    except MappingError as exc:
        return "warning", f"{thanks} Its answers were not saved: {exc} Send them again."
    return "success", f"{thanks} Its answers to the recommendation's questions are saved too."
