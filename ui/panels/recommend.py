"""The Recommendation page's blocks: questionnaire, recommendation, partner pairs, notes.

The answers live in session state (``RECOMMEND_ANSWERS``, kept when the person visits
another page) and, once the facilitator saves them, in the workspace database, so every
link opens on the same answers. Each question's widget holds "yes" / "no" / "unsure"
(or a choice, or a number); "unsure" and an empty number mean "not answered".
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from mapping.charts import recommend as charts
from mapping.data.errors import MappingError
from mapping.data.workspace import Workspace
from mapping.partnership import pairs as pp
from mapping.partnership import partner_answers as pa
from mapping.partnership import recommend as r
from mapping.partnership import recommend_report as report
from ui import loaders, permissions
from ui import state as k
from ui.layout import chart_block, flash, say, show_error
from ui.panels import partner_questions as pq
from ui.panels.partner_questions import UNSURE_LABEL, from_widget, to_widget

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ------------------------------------------------------------------------------ answers
def _apply(answers: dict[str, Any], prefill: dict[str, r.Prefill], name: str, origin: str) -> None:
    """Put a set of answers into session state and into the question widgets."""
    state = st.session_state
    state[k.RECOMMEND_ANSWERS] = dict(answers)
    state[k.RECOMMEND_PREFILL] = dict(prefill)
    state[k.RECOMMEND_NAME] = name
    state[k.RECOMMEND_ORIGIN] = origin
    for key, widget in k.RECOMMEND_QUESTION_WIDGETS.items():
        state[widget] = to_widget(key, answers.get(key))
    state[k.RECOMMEND_PARTNERSHIP] = name


def _when(saved_at: str) -> str:
    try:
        return dt.datetime.fromisoformat(saved_at).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return "an earlier meeting"


def saved_answers() -> r.SavedAnswers | None:
    """The answers the facilitator saved for everyone, or None."""
    data = loaders.get_store().get_setting(r.SETTING_KEY)
    return None if data is None else r.SavedAnswers.from_json(data)


def _use_saved(saved: r.SavedAnswers) -> None:
    _apply(
        saved.answers,
        saved.prefill,
        saved.partnership,
        f"These are the answers the facilitator saved for everyone on {_when(saved.saved_at)}.",
    )


def _use_workspace(ws: Workspace) -> None:
    prefill = r.prefill_answers(ws)
    _apply(
        {key: p.value for key, p in prefill.items()},
        prefill,
        "",
        f"{len(prefill)} of {len(r.QUESTIONS)} answers are pre-filled from the workspace "
        "(each says so); the others are open.",
    )


def init_answers(ws: Workspace) -> None:
    """First visit: the saved answers, else the workspace's. Later: restore the widgets."""
    state = st.session_state
    if k.RECOMMEND_ANSWERS not in state:
        saved = None
        try:
            saved = saved_answers()
        except MappingError as exc:
            show_error(exc)
        if saved is not None:
            _use_saved(saved)
        else:
            _use_workspace(ws)
        return
    answers = state[k.RECOMMEND_ANSWERS]
    for key, widget in k.RECOMMEND_QUESTION_WIDGETS.items():
        if widget not in state:  # it was not rendered on another page: restore it
            state[widget] = to_widget(key, answers.get(key))
    if k.RECOMMEND_PARTNERSHIP not in state:
        state[k.RECOMMEND_PARTNERSHIP] = state.get(k.RECOMMEND_NAME, "")


def current_answers() -> dict[str, Any]:
    """The answers now on screen (given ones only), kept in session state."""
    state = st.session_state
    answers = {
        key: from_widget(key, state.get(widget))
        for key, widget in k.RECOMMEND_QUESTION_WIDGETS.items()
    }
    answers = {key: v for key, v in answers.items() if v is not None}
    state[k.RECOMMEND_ANSWERS] = answers
    state[k.RECOMMEND_NAME] = state.get(k.RECOMMEND_PARTNERSHIP, "")
    return answers


# ------------------------------------------------------------------------------ questions
def _prefill_note(key: str, value: Any) -> str:
    suggested = st.session_state.get(k.RECOMMEND_PREFILL, {}).get(key)
    if suggested is None:
        return ""
    note = report.markdown_escape(suggested.note)  # saved notes come from the shared database
    if value == suggested.value:
        return f":material/database: **Pre-filled from the workspace.** {note}"
    return (
        f":material/edit: **Changed by the group.** The workspace suggested "
        f"“{r.answer_label(key, suggested.value)}”: {note}"
    )


def questionnaire() -> None:
    st.markdown(
        "About ten minutes. Answer for the partnership as a whole, together. "
        f"**{UNSURE_LABEL}** is a fine answer: it counts as not in place yet, and the plan "
        "says so. The recommendation updates as you answer."
    )
    st.caption(st.session_state.get(k.RECOMMEND_ORIGIN, ""))
    # pairwise MOUs are shown as a hint, never as an answer (issue 17)
    evidence = report.markdown_escape(r.agreement_evidence(loaders.current_workspace()))
    section = ""
    for q in r.QUESTIONS:
        if q.section != section:
            section = q.section
            st.subheader(section)
        widget = k.RECOMMEND_QUESTION_WIDGETS[q.key]
        with st.container(border=True):
            if q.options:
                value = st.radio(
                    f"**{q.text}**",
                    pq.options(q),
                    format_func=partial(pq.label, q),
                    key=widget,
                    horizontal=pq.is_yes_no(q),
                )
            else:
                value = st.number_input(
                    f"**{q.text}**",
                    min_value=r.MIN_PARTNERS,
                    step=1,
                    placeholder=UNSURE_LABEL,
                    key=widget,
                )
            st.caption(f"Why we ask: {q.why}")
            note = _prefill_note(q.key, from_widget(q.key, value))
            if note:
                st.caption(note)
            if evidence and q.key in ("goal", "written_agreement"):
                st.caption(f":material/info: **What the workspace shows.** {evidence}")


def summary(rec: r.Recommendation) -> None:
    """The recommendation so far, under the questions."""
    st.info(f"**So far:** {rec.headline} See the **Recommendation** tab for why.")


# ------------------------------------------------------------------------------ result
def _because(reason: r.Reason, answers: dict[str, Any]) -> str:
    given = "; ".join(
        f"{r.QUESTION_SHORT[key]}: **{r.short_answer(key, answers[key])}**"
        for key in reason.answers
    )
    return f"- {reason.text}  \n  :gray[*Because you answered* {given}]"


def _bullets(items: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def recommendation_section(rec: r.Recommendation) -> None:
    st.markdown(f"### {rec.title}")
    st.info(rec.headline, icon=":material/handshake:")
    contradictions_section(rec)
    st.caption(report.FRAMEWORK)
    with st.expander("The three levels and what each needs, as the guide defines them"):
        for level in r.LEVELS:
            own = [req.need for req in r.REQUIREMENTS if req.level == level]
            st.markdown(
                f"**{level.capitalize()}**: {r.LEVEL_DOES[level]}  \n"
                f"Needs{' (on top of the levels above)' if level != r.COOPERATION else ''}: "
                f"{r.join_words(own)}."
            )
    table = pd.DataFrame(rec.needs_table())
    chart_block(
        charts.readiness_bar(table),
        table,
        r.readiness_reading(rec),
        key=k.RECOMMEND_READINESS_CHART,
    )
    st.subheader("Why")
    if rec.reasons:
        for reason in rec.reasons:
            st.markdown(_because(reason, rec.answers))
    else:
        st.caption("No questions are answered yet.")
    st.subheader("Next steps")
    if rec.next_steps:
        target = rec.goal_level or r.COOPERATION
        st.markdown(f"What to build to reach **{target}**, lowest level first:")
        st.markdown(
            "\n".join(
                f"- [ ] {step.text} *(needed for {step.level}"
                + ("" if step.answered else "; not answered yet, it may already be in place")
                + ")*"
                for step in rec.next_steps
            )
        )
    else:
        st.success(
            "Nothing to build first: everything your goal's level needs is in place.",
            icon=":material/check_circle:",
        )
    lead, decide = st.columns(2, gap="medium")
    with lead, st.container(border=True):
        title, text = r.LEADERSHIP_TEXT[rec.leadership]
        st.markdown(f"#### Who leads: {title}\n\n{text}")
        _advice(rec.leadership_reasons, rec.answers, rec.leadership_pros, rec.leadership_cons)
    with decide, st.container(border=True):
        title, text = r.DECISION_TEXT[rec.decision_making]
        st.markdown(f"#### How you decide: {title}\n\n{text}")
        _advice(rec.decision_reasons, rec.answers, rec.decision_pros, rec.decision_cons)
        st.markdown(
            rec.gradients_reason.replace("Gradients of Agreement", "**Gradients of Agreement**", 1)
        )
        with st.expander("The eight-point scale"):
            st.markdown("\n".join(f"{i}. {p}" for i, p in enumerate(r.GRADIENTS_OF_AGREEMENT, 1)))
            st.caption(r.GRADIENTS_SOURCE)
    if rec.assumptions:
        st.markdown("**What we assumed**\n\n" + _bullets(rec.assumptions))


def contradictions_section(rec: r.Recommendation) -> None:
    """Answers that do not fit together, shown before the plan (issue 17)."""
    if not rec.contradictions:
        return
    st.warning(
        "**Answers to talk about first.** Some answers do not fit together:\n\n"
        + "\n".join(_because(reason, rec.answers) for reason in rec.contradictions),
        icon=":material/forum:",
    )


def _advice(
    reasons: list[r.Reason], answers: dict[str, Any], pros: tuple[str, ...], cons: tuple[str, ...]
) -> None:
    if reasons:
        st.markdown("**Why**")
        for reason in reasons:
            st.markdown(_because(reason, answers))
    st.markdown("**Pros**\n\n" + _bullets(pros))
    st.markdown("**Cons, and what to watch for**\n\n" + _bullets(cons))


# ------------------------------------------------------------------------------ pairs
def pairs_section(ws: Workspace) -> None:
    pairs = loaders.current_pairs()
    if pairs.empty:
        st.info(
            "No relationships are recorded yet. Add them on the **Data** page (each "
            "organization's form asks who it works with and how closely).",
            icon=":material/info:",
        )
        return
    st.markdown(
        "Each pair of partners that work together, at the level they have now. Where the "
        "two partners recorded different levels, the lower one counts and the table says so."
    )
    chart_block(
        charts.pairs_bar(pp.pairs_summary(pairs)),
        pp.pairs_summary(pairs),
        pp.pairs_reading(pairs),
        key=k.RECOMMEND_PAIRS_CHART,
    )
    names = ws.partner_names()
    ids = sorted(set(pairs["partner_a"]) | set(pairs["partner_b"]), key=lambda p: names.get(p, p))
    c1, c2 = st.columns([3, 2])
    show = c1.radio(
        "Show",
        [pp.SHOW_ALL, *pp.STATUSES],
        format_func=lambda v: "all pairs" if v == pp.SHOW_ALL else v,
        horizontal=True,
        key=k.RECOMMEND_PAIRS_SHOW,
        bind="query-params",
    )
    partner = c2.selectbox(
        "Only pairs with",
        ids,
        index=None,
        format_func=lambda p: names.get(p, p),
        placeholder="All partners",
        key=k.RECOMMEND_PAIRS_PARTNER,
        bind="query-params",
    )
    shown = pp.filter_pairs(pairs, status=show or pp.SHOW_ALL, partner=partner or "")
    st.caption(
        f"Showing {len(shown)} of {len(pairs)} pairs. Select a row to read the whole explanation."
    )
    event = st.dataframe(
        pp.pairs_table(shown),
        hide_index=True,
        key=k.RECOMMEND_PAIRS_TABLE,
        on_select="rerun",
        selection_mode="single-row",
        column_config={"What the data show": st.column_config.TextColumn(width="large")},
    )
    selected = event.selection.rows if event is not None else []
    if selected and selected[0] < len(shown):
        st.info(pp.pair_detail(shown.iloc[selected[0]], escape=report.markdown_escape))


# ------------------------------------------------------------------------------ save, export
def _save(answers: dict[str, Any]) -> None:
    state = st.session_state
    saved = r.SavedAnswers(
        answers=answers,
        prefill=state.get(k.RECOMMEND_PREFILL, {}),
        partnership=str(state.get(k.RECOMMEND_PARTNERSHIP, "")),
        saved_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    loaders.get_store().set_setting(r.SETTING_KEY, saved.to_json())
    state[k.RECOMMEND_ORIGIN] = (
        f"These are the answers saved for everyone on {_when(saved.saved_at)}."
    )
    state[k.RECOMMEND_RESULT] = "Saved: everyone who opens this page now sees these answers."


def _reload_saved() -> None:
    try:
        saved = saved_answers()
    except MappingError as exc:
        st.session_state[k.RECOMMEND_RESULT] = str(exc)
        return
    if saved is not None:
        _use_saved(saved)
        st.session_state[k.RECOMMEND_RESULT] = "The saved answers are back on screen."


def _start_over(ws: Workspace) -> None:
    _use_workspace(ws)
    st.session_state[k.RECOMMEND_RESULT] = (
        "Started over: only the answers the workspace knows are filled in."
    )


def save_section(rec: r.Recommendation, ws: Workspace) -> None:
    flash(k.RECOMMEND_RESULT)
    st.text_input(
        "Name of the partnership (for the meeting notes)",
        key=k.RECOMMEND_PARTNERSHIP,
        max_chars=120,
        placeholder="e.g. Allegheny Survivor Employment Partnership",
    )
    name = str(st.session_state.get(k.RECOMMEND_PARTNERSHIP, ""))
    st.subheader("Share the answers")
    saved = None
    try:
        saved = saved_answers()
    except MappingError as exc:
        show_error(exc)
    if saved is None:
        st.info(
            "Not saved yet: others who open the link see only the answers the workspace knows.",
            icon=":material/info:",
        )
    elif saved.answers == rec.answers and saved.partnership == name:
        st.success(
            f"Everyone who opens this page sees these answers (saved {_when(saved.saved_at)}).",
            icon=":material/group:",
        )
    else:
        st.warning(
            f"These answers differ from the ones saved for everyone on {_when(saved.saved_at)}.",
            icon=":material/sync_problem:",
        )
        st.button(
            "Put the saved answers back on screen",
            on_click=_reload_saved,
            key=k.RECOMMEND_LOAD_SAVED,
        )
    c1, c2 = st.columns(2)
    if permissions.can_edit():
        c1.button(
            "Save these answers for everyone",
            type="primary",
            on_click=_save,
            args=(rec.answers,),
            key=k.RECOMMEND_SAVE,
            icon=":material/save:",
        )
    else:
        c1.caption("Only the facilitator can save answers for everyone.")
    c2.button(
        "Start over from the workspace data",
        on_click=_start_over,
        args=(ws,),
        key=k.RECOMMEND_RESET,
        icon=":material/restart_alt:",
    )
    st.subheader("Meeting notes")
    st.markdown(
        "The answers, the recommendation, its reasons, the next steps as a checklist, "
        "the leadership and decision-making advice, and the partner pairs."
    )
    pairs = loaders.current_pairs()
    options: dict[str, Any] = {
        "partnership": name,
        "prefill": st.session_state.get(k.RECOMMEND_PREFILL, {}),
        "pairs": pairs,
        "pairs_reading": pp.pairs_reading(pairs),
    }
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download as Word (.docx)",
        # built only when clicked: about 80 ms, too slow for every rerun (bench_recommend)
        partial(report.report_docx, rec, **options),
        "partnership-recommendation.docx",
        DOCX_MIME,
        key=k.RECOMMEND_DOCX,
        on_click="ignore",
        icon=":material/description:",
    )
    c2.download_button(
        "Download as Markdown (.md)",
        report.report_markdown(rec, **options),
        "partnership-recommendation.md",
        "text/markdown",
        key=k.RECOMMEND_MARKDOWN,
        on_click="ignore",
        icon=":material/download:",
    )


# ------------------------------------------------------------------------------ each partner
# issue 17: every organization answers for itself, beside the room's answers.
def _partner_store() -> pa.PartnerAnswers:
    return pa.PartnerAnswers(loaders.get_store())


def _send_partner_answers() -> None:
    if not permissions.can_take_part():
        say(k.RECOMMEND_PARTNER_RESULT, "error", "Sign in to send your organization's answers.")
        return
    state = st.session_state
    pid = state.get(k.RECOMMEND_PARTNER_ORG)
    answers = pq.partner_answers_in(k.RECOMMEND_PARTNER_Q_PREFIX)
    try:
        _partner_store().save(str(pid or ""), answers)
    except MappingError as exc:
        say(k.RECOMMEND_PARTNER_RESULT, "error", str(exc))
        return
    say(
        k.RECOMMEND_PARTNER_RESULT,
        "success",
        "Thank you: your organization's answers are in. Sending again replaces them.",
    )


def _set_anonymous() -> None:
    if permissions.can_edit():
        _partner_store().set_anonymous(bool(st.session_state.get(k.RECOMMEND_PARTNER_ANONYMOUS)))


def partner_form(ws: Workspace) -> None:
    """One organization answers the questions for itself."""
    names = ws.partner_names()
    if not names:
        st.info("Add partner organizations on the **Data** page first.", icon=":material/info:")
        return
    if not permissions.can_take_part():
        st.caption("Sign in to answer for your organization.")
        return
    with (
        st.expander("Answer for your organization", icon=":material/edit_note:"),
        st.form(k.RECOMMEND_PARTNER_FORM, border=False),
    ):
        st.selectbox(
            "Your organization",
            sorted(names, key=lambda p: names[p]),
            index=None,
            format_func=lambda p: names.get(p, p),
            placeholder="Choose your organization",
            key=k.RECOMMEND_PARTNER_ORG,
        )
        pq.partner_questions(k.RECOMMEND_PARTNER_Q_PREFIX)
        st.form_submit_button(
            "Send my organization's answers",
            key=k.RECOMMEND_PARTNER_SUBMIT,
            on_click=_send_partner_answers,
            icon=":material/send:",
        )


def partners_section(ws: Workspace, room: dict[str, Any]) -> None:
    """How each partner's answers spread, and the recommendation read from them."""
    flash(k.RECOMMEND_PARTNER_RESULT)
    st.markdown(
        "Each organization can answer for itself, beside the room's answers. A need counts "
        "as in place only when **most partners** say so; where partners disagree, the "
        "recommendation says *talk about it first*."
    )
    partner_form(ws)
    store = _partner_store()
    anonymous = store.anonymous()
    if permissions.can_edit():
        st.session_state[k.RECOMMEND_PARTNER_ANONYMOUS] = anonymous
        st.toggle(
            "Keep answers anonymous to the room (only the facilitator sees who answered what)",
            key=k.RECOMMEND_PARTNER_ANONYMOUS,
            on_change=_set_anonymous,
        )
    answers = store.all()
    unreadable = store.unreadable()
    if unreadable:
        st.warning(
            f"{len(unreadable)} organization(s) saved answers that can no longer be read: "
            "ask them to answer again.",
            icon=":material/warning:",
        )
    if not answers:
        st.info("No organization has answered for itself yet.", icon=":material/info:")
        return
    rec, items = pa.recommend_from_partners(answers, room)
    chart_block(
        charts.answers_spread_bar(pa.yes_no_frame(items)),
        pa.spread_frame(items),
        pa.spread_reading(items, len(answers)),
        key=k.RECOMMEND_PARTNER_CHART,
    )
    st.markdown("**What each partner seeks**")
    hide = anonymous and not permissions.can_edit()
    st.dataframe(
        pa.goals_frame(answers, ws.partner_names(), anonymous=hide),
        hide_index=True,
        key="recommend_partner_goals_table",
    )
    st.markdown(f"#### From the partners' own answers: {rec.title}")
    st.info(rec.headline, icon=":material/groups:")
    talk = [step.text for step in rec.next_steps if step.talk_first]
    if talk:
        st.markdown("**Talk about these first**\n\n" + _bullets(talk))
