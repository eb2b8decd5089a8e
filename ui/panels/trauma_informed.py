"""The Trauma-informed page's blocks: whose results, the radars, where to grow first,
change over time, the self-assessment form, and the facilitator's list."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.charts.assessment import radar
from mapping.data.workspace import Workspace
from mapping.partnership import assessments as am
from mapping.partnership import trauma_informed as ti
from ui import permissions
from ui import state as k
from ui.layout import chart_block
from ui.panels import self_assessment as ap
from ui.text import escape_markdown

NOT_SURE = "Not sure"
CHOICES: list[int | None] = [*ti.SCALE, None]
TAB_RESULTS, TAB_TIME, TAB_FILL, TAB_ALL = "Results", "Over time", "Fill in", "All assessments"


KEYS = ap.PageKeys.of("TRAUMA")


def tabs() -> list[str]:
    return ap.tabs(TAB_RESULTS, TAB_TIME, fill=TAB_FILL, every=TAB_ALL)


def _choice_label(value: int | None) -> str:
    return NOT_SURE if value is None else f"{value} {ti.SCALE[value].lower()}"


def _block(fig: object, table: pd.DataFrame, reading: str, *, key: str) -> None:
    chart_block(fig, table, reading, key=key)


# ------------------------------------------------------------------------------ whose results
def view_picker(ws: Workspace, seen: list[am.Assessment]) -> str:
    """Whose results to show (kept in the URL): the partnership, or one partner."""
    names = ap.names_of(ws)
    options = ap.view_options(ws, seen)
    picked = st.selectbox(
        "Show the results of",
        options,
        format_func=ap.label_for(names),
        key=k.TRAUMA_VIEW,
        bind="query-params",
        help="The partnership's average, or one organization's own assessment"
        + (" (you see every one)." if ap.sees_everything() else " (those filled in here)."),
    )
    return str(picked) if picked is not None else ap.PARTNERSHIP_VIEW


def _radars(
    series: dict[str, dict[str, float | None]], reading_scores: dict[str, float | None], who: str
) -> None:
    for dims, title, key in (
        (ti.PRINCIPLES, "SAMHSA's six principles", "trauma_principles_chart"),
        (ti.FOUR_RS, "The four Rs", "trauma_rs_chart"),
    ):
        table = ti.scores_frame(series, dims)
        _block(
            radar(table, title=title), table, ti.scores_reading(reading_scores, who, dims), key=key
        )


def _suggestions(ratings: dict[str, float | None]) -> None:
    tips = ti.suggestions(ratings)
    st.subheader("Where to grow first")
    if not tips:
        st.success(
            "Every principle is rated 'mostly' or better. Keep it up, and assess again in six "
            "to twelve months.",
            icon=":material/check_circle:",
        )
        return
    for tip in tips:
        with st.container(border=True):
            st.markdown(
                f"**{tip.dimension}**: {tip.score:.1f} of 5 "
                f"({ti.SCALE[max(1, min(5, round(tip.score)))].lower()})  \n"
                f":gray[{ti.DIMENSION_HELP[tip.dimension]}]"
            )
            st.markdown("\n".join(f"- {a}" for a in tip.actions))
    rs = ti.suggestions(ratings, ti.FOUR_RS, limit=2)
    if rs:
        with st.expander("And on the four Rs"):
            for tip in rs:
                st.markdown(f"**{tip.dimension}** ({tip.score:.1f} of 5)")
                st.markdown("\n".join(f"- {a}" for a in tip.actions))


def results(
    ws: Workspace, subject: str, every: list[am.Assessment], seen: list[am.Assessment]
) -> None:
    latest = am.partner_latest(every, ap.partner_ids(ws))
    n = len(latest)
    average = ti.partnership_scores([a.answers for a in latest]) if n else {}
    show_average = n > 0 and ap.group_visible(n)
    if subject == ap.PARTNERSHIP_VIEW:
        _partnership_results(ws, latest, average, show_average, every)
        return
    own = am.latest([a for a in seen if a.subject == subject]).get(subject)
    if own is None:
        st.info("No self-assessment of this organization to show.", icon=":material/info:")
        return
    scores = ti.score_dimensions(own.answers)
    series = {own.subject_name: scores}
    if show_average and n > 1:
        series[f"Partnership average ({n} partners)"] = average
    cols = st.columns(3)
    cols[0].metric("Assessed on", own.assessed_on)
    overall = ti.overall_score(scores)
    cols[1].metric("Six principles, on average", f"{overall:.1f} of 5" if overall else "-")
    cols[2].metric("Statements rated", f"{ti.rated_count(own.answers)} of {len(ti.STATEMENTS)}")
    _radars(series, scores, own.subject_name)
    ap.note_of(own)
    _suggestions(own.answers)


def _partnership_results(
    ws: Workspace,
    latest: list[am.Assessment],
    average: dict[str, float | None],
    show_average: bool,
    every: list[am.Assessment],
) -> None:
    n = len(latest)
    together = am.latest(every).get(am.PARTNERSHIP)
    cols = st.columns(3)
    cols[0].metric("Partners assessed", f"{n} of {len(ws.partners)}")
    overall = ti.overall_score(average) if show_average else None
    cols[1].metric("Six principles, on average", f"{overall:.1f} of 5" if overall else "-")
    cols[2].metric("Latest", max((a.assessed_on for a in latest), default="-"))
    if n and not show_average:
        st.info(
            f"{n} partner(s) have filled in the self-assessment. The partnership's average "
            f"shows once at least {am.MIN_GROUP} have, so no single organization's answers "
            "can be read from it.",
            icon=":material/lock:",
        )
    elif n and n < am.MIN_GROUP:
        st.caption(
            f"Only you see this average: with fewer than {am.MIN_GROUP} partners it would "
            "reveal their answers to others."
        )
    series: dict[str, dict[str, float | None]] = {}
    if show_average:
        series[f"Average of {n} partners"] = average
    if together is not None:
        series[f"Assessed together ({together.assessed_on})"] = ti.score_dimensions(
            together.answers
        )
    if not series:
        st.info(
            "No self-assessment yet. Each partner fills in its own on the **Fill in** tab "
            "(about ten minutes); the facilitator can fill in the partnership's own with the "
            "group.",
            icon=":material/edit_note:",
        )
        return
    first = next(iter(series.values()))
    _radars(series, first, "The partnership")
    if show_average:
        _suggestions(ti.mean_ratings([a.answers for a in latest]))
    elif together is not None:
        _suggestions(together.answers)


# ------------------------------------------------------------------------------ over time
def _history(
    subject: str, every: list[am.Assessment], seen: list[am.Assessment], ws: Workspace
) -> dict[str, dict[str, float | None]]:
    """Scores per date: the partnership's average as of each date, or one subject's own."""
    if subject != ap.PARTNERSHIP_VIEW:
        return {a.assessed_on: ti.score_dimensions(a.answers) for a in seen if a.subject == subject}
    ids = ap.partner_ids(ws)
    partners = [a for a in every if a.subject in ids]
    out = {}
    for day in am.dates(partners):
        latest = am.partner_latest(list(am.latest(partners, on_or_before=day).values()), ids)
        if latest and ap.group_visible(len(latest)):
            out[day] = ti.partnership_scores([a.answers for a in latest])
    return out


def over_time(
    ws: Workspace, subject: str, every: list[am.Assessment], seen: list[am.Assessment]
) -> None:
    history = _history(subject, every, seen, ws)
    who = (
        "The partnership"
        if subject == ap.PARTNERSHIP_VIEW
        else ap.names_of(ws).get(subject, subject)
    )
    if len(history) < 2:
        if history:
            said = (
                f"{escape_markdown(who)} has one assessment so far (from "
                f"{next(iter(history))}), so there is nothing to compare it with yet."
            )
        else:
            said = f"{escape_markdown(who)} has no assessment yet, so there is nothing to compare."
        st.info(
            f"{said} Fill it in again in six to twelve months, and the change shows here.",
            icon=":material/history:",
        )
        return
    days = list(history)
    latest_day = days[-1]
    earlier = days[:-1]
    before = st.selectbox(
        f"Compare {latest_day} with",
        list(reversed(earlier)),
        key=k.TRAUMA_COMPARE,
        bind="query-params",
    )
    before = before if before in history else earlier[-1]
    change = ti.change_frame(history[before], history[latest_day])
    table = ti.scores_frame(
        {before: history[before], latest_day: history[latest_day]}, ti.DIMENSIONS
    )
    _block(
        radar(table, title=f"{before} and {latest_day}"),
        change,
        ti.change_reading(change, before, latest_day),
        key="trauma_change_chart",
    )
    overall = pd.DataFrame(
        {
            "date": days,
            "six principles": [
                round(v, 1) if (v := ti.overall_score(history[d])) is not None else None
                for d in days
            ],
            "four Rs": [
                round(v, 1) if (v := ti.overall_score(history[d], ti.FOUR_RS)) is not None else None
                for d in days
            ],
        }
    )
    st.caption("The average score on each date")
    st.dataframe(overall, hide_index=True, key="trauma_overall_table")


# ------------------------------------------------------------------------------ fill in
def _submit(names: dict[str, str]) -> None:
    state = st.session_state
    answers = {q.key: state.get(k.TRAUMA_RATING_PREFIX + q.key) for q in ti.STATEMENTS}
    subject = state.get(k.TRAUMA_SUBJECT)
    aid = ap.save_form(am.TRAUMA, subject, names, answers, KEYS)
    if aid is None:
        return
    state[k.TRAUMA_VIEW] = str(subject)
    rated = ti.rated_count(answers)
    ap.saved(
        KEYS,
        f"Saved the self-assessment of {names.get(str(subject), str(subject))} "
        f"({rated} of {len(ti.STATEMENTS)} statements rated). See it on the Results tab.",
        (k.TRAUMA_RATING_PREFIX + q.key for q in ti.STATEMENTS),
    )


def fill_in(ws: Workspace) -> None:
    names = ap.form_intro(
        ws,
        "Rate your organization on each statement, from **1 (not yet)** to **5 (fully)**. "
        f"**{NOT_SURE}** is fine: it leaves the statement out. About ten minutes.",
    )
    if names is None:
        return
    ap.subject_picker(ws, names, KEYS)
    with ap.form(
        KEYS,
        names,
        _submit,
        date_label="Date of the assessment",
        note_label="What will you change first? (optional)",
        note_placeholder="Never a client's name or details.",
        submit_label="Save the self-assessment",
    ):
        for group, dims in (
            ("SAMHSA's six principles", ti.PRINCIPLES),
            ("The four Rs", ti.FOUR_RS),
        ):
            st.subheader(group, anchor=False)
            for dim in dims:
                st.markdown(f"**{dim}**  \n:gray[{ti.DIMENSION_HELP[dim]}]")
                for q in ti.STATEMENTS:
                    if q.dimension != dim:
                        continue
                    ap.answer(q.text, CHOICES, _choice_label, k.TRAUMA_RATING_PREFIX + q.key)


COLUMNS = {q.key: f"{q.dimension}: {q.key}" for q in ti.STATEMENTS}


def all_assessments(every: list[am.Assessment]) -> None:
    ap.all_assessments(
        am.TRAUMA,
        every,
        COLUMNS,
        KEYS,
        file_name="trauma-informed-self-assessments.csv",
    )


def presenting_note() -> None:
    if permissions.is_presenting():
        st.caption(
            "Filling in is hidden while presenting: partners fill it in on their own screens."
        )


# ---- issue 17: the guide's table of trauma responses (Recognize)
def trauma_responses() -> None:
    with st.expander(
        "Recognize: how trauma can show, and what helps", icon=":material/psychology:"
    ):
        st.dataframe(
            pd.DataFrame(list(ti.TRAUMA_RESPONSES), columns=list(ti.TRAUMA_RESPONSE_COLUMNS)),
            hide_index=True,
            key="trauma_responses_table",
        )
