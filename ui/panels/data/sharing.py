"""The Data page's meeting-room tabs: organization forms waiting for approval, and the
sharing settings (who sees contact details, sign-in lock-outs, how access is set up)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.data import schema as s
from mapping.data.approvals import PENDING, Submission, SubmissionError
from mapping.data.errors import AnswerError, MappingError
from mapping.data.workspace import Workspace
from mapping.partnership import partner_answers as pa
from mapping.partnership.recommend import QUESTION_SHORT, answer_label
from ui import loaders, permissions, presentation
from ui import state as k
from ui.layout import flash
from ui.text import escape_markdown


# ------------------------------------------------------------------------------ submissions
def _approve(submission_id: int) -> None:
    if not permissions.can_edit():
        st.session_state[k.DATA_SUBMISSION_RESULT] = (
            "error",
            "Only the facilitator can approve a submission.",
        )
        return
    note = str(st.session_state.get(f"{k.DATA_SUBMISSION_NOTE_PREFIX}{submission_id}") or "")
    try:
        version = pa.approve_with_answers(
            loaders.get_queue(), submission_id, loaders.current_workspace(), note=note
        )
    except MappingError as exc:
        st.session_state[k.DATA_SUBMISSION_RESULT] = ("error", str(exc))
        return
    st.session_state[k.DATA_SUBMISSION_RESULT] = (
        "success",
        f"Submission #{submission_id} is in the workspace (version {version}). Undo it "
        "under History if needed.",
    )


def _reject(submission_id: int) -> None:
    if not permissions.can_edit():
        st.session_state[k.DATA_SUBMISSION_RESULT] = (
            "error",
            "Only the facilitator can reject a submission.",
        )
        return
    note = str(st.session_state.get(f"{k.DATA_SUBMISSION_NOTE_PREFIX}{submission_id}") or "")
    try:
        loaders.get_queue().reject(submission_id, note=note)
    except SubmissionError as exc:
        st.session_state[k.DATA_SUBMISSION_RESULT] = ("error", str(exc))
        return
    st.session_state[k.DATA_SUBMISSION_RESULT] = (
        "success",
        f"Submission #{submission_id} was turned down; it stays listed with your note.",
    )


def _changes(sub: Submission, ws: Workspace) -> tuple[str, Workspace]:
    preview = loaders.get_queue().preview(sub, ws)
    known = sub.partner_id in set(ws.partners[s.PARTNER_ID])
    before_services = int((ws.services[s.PARTNER_ID] == sub.partner_id).sum())
    before_rels = int((ws.relationships[s.SOURCE_ID] == sub.partner_id).sum())
    what = (
        f"{'Updates' if known else 'Adds'} **{sub.org_name}** ({sub.partner_id}): "
        f"{len(sub.services)} service(s) (now {before_services}), "
        f"{len(sub.relationships)} relationship(s) it describes (now {before_rels})."
    )
    return what, preview


def _answers(sub: Submission) -> bool:
    """Show the answers ``sub`` carries, which approving saves; False if they cannot be
    saved (then it cannot be approved as it is)."""
    try:
        answers = pa.answers_of(sub)
    except AnswerError as exc:
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        return False
    if answers:
        st.markdown(
            "**Its answers to the recommendation's questions** (saved for "
            f"{escape_markdown(sub.partner_id)} when you approve):\n\n"
            + "\n".join(
                f"- {escape_markdown(QUESTION_SHORT[key].capitalize())}: "
                f"{escape_markdown(answer_label(key, value))}"
                for key, value in answers.items()
            )
        )
    return True


def _one(sub: Submission, ws: Workspace) -> None:
    with st.expander(sub.label, expanded=True, icon=":material/inbox:"):
        what, preview = _changes(sub, ws)
        st.markdown(what)
        if sub.keep_contacts:
            st.caption(
                "Sent by someone who cannot see contact details: contact fields left "
                "empty keep what the workspace has."
            )
        new = preview.partners[preview.partners[s.PARTNER_ID] == sub.partner_id]
        st.dataframe(
            presentation.for_display(new), hide_index=True, key=f"data_submission_{sub.id}_org"
        )
        services = preview.services[preview.services[s.PARTNER_ID] == sub.partner_id]
        if len(services):
            st.dataframe(
                services.drop(columns=[s.AT_PARTNER_LOCATION], errors="ignore"),
                hide_index=True,
                key=f"data_submission_{sub.id}_services",
            )
        answers_ok = _answers(sub)
        if preview.errors:
            st.error(
                "It cannot be added as it is: "
                + "; ".join(str(p) for p in preview.errors[:5])
                + ". Reject it with a note saying what to correct."
            )
        st.text_input(
            "Note to the sender (optional)", key=f"{k.DATA_SUBMISSION_NOTE_PREFIX}{sub.id}"
        )
        c1, c2 = st.columns(2)
        c1.button(
            "Approve: add it to the workspace",
            key=f"{k.DATA_SUBMISSION_APPROVE_PREFIX}{sub.id}",
            on_click=_approve,
            args=(sub.id,),
            type="primary",
            disabled=bool(preview.errors) or not answers_ok,
            icon=":material/check:",
        )
        c2.button(
            "Reject",
            key=f"{k.DATA_SUBMISSION_REJECT_PREFIX}{sub.id}",
            on_click=_reject,
            args=(sub.id,),
            icon=":material/close:",
        )


def submissions_section(ws: Workspace) -> None:
    """Organization forms sent by stakeholders, for the facilitator to approve."""
    flash(k.DATA_SUBMISSION_RESULT)
    queue = loaders.get_queue()
    if not permissions.can_edit():
        n = queue.pending_count()
        st.info(
            "Stakeholders send their organization's resource map with the **Organization "
            "form**; the facilitator reviews it here before it enters the workspace. "
            f"{n} form(s) are waiting.",
            icon=":material/inbox:",
        )
        return
    pending = queue.submissions(PENDING)
    if not pending:
        st.success("No organization form is waiting for approval.", icon=":material/inbox:")
    else:
        st.markdown(
            f"**{len(pending)}** organization form(s) waiting. Approving one applies it to "
            "the workspace as it is now, as a new version you can undo."
        )
        for sub in pending:
            _one(sub, ws)
    decided = [x for x in queue.submissions() if x.status != PENDING]
    if decided:
        st.markdown("**Decided**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "submission": x.id,
                        "organization": f"{x.org_name} ({x.partner_id})",
                        "sent by": x.submitted_by,
                        "sent (UTC)": x.created_at,
                        "decision": x.status,
                        "decided (UTC)": x.decided_at,
                        "note": x.decision_note,
                        "version": x.version,
                    }
                    for x in reversed(decided)
                ]
            ),
            hide_index=True,
            key="data_submissions_decided",
        )


# ------------------------------------------------------------------------------ sharing
def _save_sharing() -> None:
    if not permissions.can_edit():
        st.session_state[k.DATA_SHARE_RESULT] = (
            "error",
            "Only the facilitator can change who sees what.",
        )
        return
    on = bool(st.session_state.get(k.DATA_SHARE_CONTACTS))
    permissions.share_contacts(on)
    st.session_state[k.DATA_SHARE_RESULT] = (
        "success",
        "Stakeholders now see contact details."
        if on
        else "Contact details are now hidden from stakeholders.",
    )


def _clear_lockouts() -> None:
    if not permissions.can_edit():
        return
    freed = loaders.get_limiter().clear()
    st.session_state[k.DATA_SHARE_RESULT] = ("success", f"Lock-outs cleared ({freed} device(s)).")


def _access_summary() -> str:
    _, declared, _ = permissions.passcode_config()
    parts = []
    if permissions.FACILITATOR in declared:
        parts.append("The facilitator signs in with a passcode.")
    elif permissions.oidc_configured():
        parts.append("The facilitator signs in with an account listed in the settings.")
    else:
        parts.append("The facilitator is whoever uses the computer that runs the dashboard.")
    if permissions.STAKEHOLDER in declared:
        parts.append("Stakeholders sign in with their own passcode.")
    elif permissions.oidc_configured():
        parts.append("Stakeholders sign in with their organization account.")
    else:
        parts.append("Anyone with the link takes part as a stakeholder, without signing in.")
    return " ".join(parts)


def sharing_section() -> None:
    """Who sees what and who changes what: readable by everyone, changed by the facilitator."""
    flash(k.DATA_SHARE_RESULT)
    shared = permissions.contacts_shared()
    st.markdown(
        "**Who changes what.** Only the facilitator edits the workspace, runs votes and "
        "the kickoff round, and approves organization forms. Stakeholders look, vote, add "
        "meeting notes and send their own organization's form for approval."
    )
    st.markdown(f"**How people sign in.** {_access_summary()}")
    st.markdown(
        "**Contact details** (contact names, emails, phone numbers) are "
        + ("shown to" if shared else "hidden from")
        + " stakeholders, and always hidden in presentation mode."
    )
    if not permissions.can_edit():
        return
    st.toggle(
        "Stakeholders see contact names, emails and phone numbers",
        value=shared,
        key=k.DATA_SHARE_CONTACTS,
        on_change=_save_sharing,
        help="Off by default: a link can travel beyond the partnership.",
    )
    locked = loaders.get_limiter().locked_count()
    st.markdown(
        f"**Sign-in lock-outs.** {locked} device(s) are waiting after too many wrong passcodes."
    )
    st.button(
        "Clear every lock-out",
        key=k.DATA_CLEAR_LOCKOUTS,
        on_click=_clear_lockouts,
        disabled=locked == 0,
        icon=":material/lock_reset:",
    )
    st.caption(
        "Passcodes are set in .streamlit/secrets.toml as hashes (`make passcode`); see the "
        "README, *Roles and passcodes*."
    )
