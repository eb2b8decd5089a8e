"""The Decide page's blocks: the scale, new proposals, the live vote, the history."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from mapping.charts.polls import tally_bar
from mapping.meeting import poll_extras as px
from mapping.meeting import polls as pl
from mapping.meeting.polls import PollError, Proposal
from ui import loaders, permissions
from ui import state as k
from ui.layout import chart_block, flash, guard, say
from ui.text import escape_markdown

# How often each open Decide page asks the database for the tally (seconds). One small
# query per page per refresh; bench/bench_polls.py measures the cost.
REFRESH_SECONDS = 2


# A confirmation stays this long: the live view refreshes every REFRESH_SECONDS, and a
# message that vanished at the next refresh could go unread.
MESSAGE_SECONDS = 12


def _flash() -> None:
    flash(k.DECIDE_RESULT, keep_seconds=MESSAGE_SECONDS)


def _say(kind: str, text: str) -> None:
    say(k.DECIDE_RESULT, kind, text)


# ------------------------------------------------------------------------------ the scale
def scale_explainer() -> None:
    with st.expander("The eight points of the scale", icon=":material/linear_scale:"):
        st.markdown(
            "Instead of yes or no, everyone says how much they agree (Gradients of "
            "Agreement, Kaner et al.). A spread towards 1-3 says *decide*; votes at 5, 7 "
            "or 8 say *keep talking*. The group decides by the rule it chose; the guide's "
            "is a majority."
        )
        st.dataframe(
            pd.DataFrame(
                [{"point": g.point, "gradient": g.label, "it means": g.meaning} for g in pl.SCALE]
            ),
            hide_index=True,
            key="decide_scale_table",
        )
        st.caption(pl.SCALE_SOURCE)


# ------------------------------------------------------------------------------ new proposals
def _create() -> None:
    if not permissions.can_facilitate():
        _say("error", "Only the facilitator can put a proposal to the group.")
        return
    try:
        polls = loaders.get_polls()
        pid = polls.create(
            str(st.session_state.get(k.DECIDE_NEW_TITLE, "")),
            str(st.session_state.get(k.DECIDE_NEW_DETAILS, "")),
        )
    except PollError as exc:
        _say("error", str(exc))
        return
    st.session_state[k.DECIDE_PROPOSAL] = polls.get(pid).label
    _say(
        "success",
        f"Proposal #{pid} is open for votes. Its results stay hidden until you show them.",
    )


def new_proposal(has_open: bool) -> None:
    """The facilitator's form for a new proposal."""
    if not permissions.can_facilitate():
        return
    # Folded while presenting: the room looks at the vote, not at the form.
    expanded = not has_open and not permissions.is_presenting()
    with (
        st.expander("Put a proposal to the group", expanded=expanded, icon=":material/add:"),
        st.form(k.DECIDE_NEW_FORM, clear_on_submit=True, border=False),
    ):
        st.text_input(
            "The proposal, in one sentence",
            key=k.DECIDE_NEW_TITLE,
            max_chars=pl.MAX_TITLE,
            placeholder="We meet monthly, on the second Tuesday, rotating the host.",
        )
        st.text_area(
            "Details (optional)",
            key=k.DECIDE_NEW_DETAILS,
            max_chars=pl.MAX_DETAILS,
            placeholder="What it would change, who would do what, by when.",
        )
        st.form_submit_button(
            "Open the vote", key=k.DECIDE_NEW_SUBMIT, on_click=_create, type="primary"
        )


# ------------------------------------------------------------------------------ which proposal
def pick_proposal() -> Proposal | None:
    """The proposal to show, from the URL or the newest open one."""
    proposals = loaders.get_polls().proposals()
    if not proposals:
        st.info(
            "No proposal yet. The facilitator writes one here; everyone then rates it from "
            "their own phone or laptop.",
            icon=":material/how_to_vote:",
        )
        return None
    _remember_record(proposals)
    by_label = {p.label: p for p in proposals}
    label = st.selectbox(
        "Proposal",
        list(by_label),
        key=k.DECIDE_PROPOSAL,
        bind="query-params",
        format_func=lambda x: x + ("" if by_label[x].is_open else " (closed)"),
    )
    return by_label.get(str(label)) if label else None


def _signature(p: Proposal) -> tuple[str, bool]:
    return (p.status, bool(p.revealed))


def _remember_record(proposals: list[Proposal]) -> None:
    """What the record below (table and downloads) shows, as of this whole-page run."""
    st.session_state[k.DECIDE_RECORD_SEEN] = {p.id: _signature(p) for p in proposals}
    st.session_state.pop(k.DECIDE_RECORD_STALE, None)


def _record_is_stale(p: Proposal) -> bool:
    """True when the record below was drawn before this session changed it, or before
    anyone opened, showed, hid or closed this proposal (the live view reruns alone)."""
    if st.session_state.get(k.DECIDE_RECORD_STALE):
        return True
    seen = st.session_state.get(k.DECIDE_RECORD_SEEN)
    return isinstance(seen, dict) and p.id in seen and seen[p.id] != _signature(p)


def _record_changed() -> None:
    st.session_state[k.DECIDE_RECORD_STALE] = True


# ------------------------------------------------------------------------------ voting
def _cast(proposal_id: int, token: str) -> None:
    point = st.session_state.get(f"{k.DECIDE_VOTE_POINT_PREFIX}{proposal_id}")
    name = str(st.session_state.get(f"{k.DECIDE_VOTE_NAME_PREFIX}{proposal_id}") or "")
    if not permissions.can_take_part():
        _say("error", "Sign in to vote.")
        return
    if point is None:
        _say("error", "Choose a point on the scale first.")
        return
    reason = str(st.session_state.get(f"{k.DECIDE_VOTE_REASON_PREFIX}{proposal_id}") or "")
    partner = str(st.session_state.get(f"{k.DECIDE_VOTE_PARTNER_PREFIX}{proposal_id}") or "")
    address, devices = permissions.device_address(), loaders.get_device_votes()
    try:
        devices.check(proposal_id, address, token, name)
        changed = _extras().vote(
            loaders.get_polls(),
            proposal_id,
            token,
            int(point),
            name=name,
            reason=reason,
            partner_id=partner,
        )
        devices.record(proposal_id, address, token)
    except PollError as exc:
        _say("error", f"Your vote was not recorded: {exc}")
        return
    _record_changed()
    verb = "now" if changed else "recorded:"
    _say("success", f"Your vote is {verb} {pl.point_label(int(point))}.")


def _vote_form(p: Proposal, token: str | None) -> None:
    if not permissions.can_take_part():
        return
    if token is None:
        st.caption("Getting this device ready to vote...")
        return
    mine = loaders.get_polls().my_vote(p.id, token)
    with st.form(f"{k.DECIDE_VOTE_FORM_PREFIX}{p.id}", border=True):
        st.radio(
            "How much do you agree?",
            pl.POINTS,
            index=None if mine is None else mine.point - 1,
            format_func=lambda x: f"{pl.point_label(x)}: {pl.gradient(x).meaning}",
            key=f"{k.DECIDE_VOTE_POINT_PREFIX}{p.id}",
        )
        st.text_input(
            "Your name (optional; leave empty to vote anonymously)",
            value=mine.name if mine else "",
            max_chars=pl.MAX_NAME,
            key=f"{k.DECIDE_VOTE_NAME_PREFIX}{p.id}",
        )
        _vote_extras(p)
        st.form_submit_button(
            "Change my vote" if mine else "Cast my vote",
            key=f"{k.DECIDE_VOTE_SUBMIT_PREFIX}{p.id}",
            on_click=_cast,
            args=(p.id, token),
            type="primary",
        )
    if mine:
        st.caption(
            f"Your vote: {pl.point_label(mine.point)}. You can change it until the "
            "facilitator closes the vote."
        )


# ------------------------------------------------------------------------------ facilitation
def _reveal(proposal_id: int, show: bool) -> None:
    if not permissions.can_facilitate():
        _say("error", "Only the facilitator can show or hide the results.")
        return
    loaders.get_polls().reveal(proposal_id, show)
    _record_changed()


def _close(proposal_id: int, suggested: str) -> None:
    if not permissions.can_facilitate():
        _say("error", "Only the facilitator can close a vote.")
        return
    outcome = st.session_state.get(f"{k.DECIDE_OUTCOME_PREFIX}{proposal_id}") or suggested
    note = str(st.session_state.get(f"{k.DECIDE_OUTCOME_NOTE_PREFIX}{proposal_id}") or "")
    try:
        loaders.get_polls().close(proposal_id, str(outcome), note)
    except PollError as exc:
        _say("error", str(exc))
        return
    _record_changed()
    _say("success", f"Proposal #{proposal_id} is closed: {pl.OUTCOMES[str(outcome)]}.")


def _release(proposal_id: int) -> None:
    if not permissions.can_facilitate():
        _say("error", "Only the facilitator can release a name.")
        return
    name = str(st.session_state.get(f"{k.DECIDE_RELEASE_NAME_PREFIX}{proposal_id}") or "")
    try:
        moved = loaders.get_polls().release_name(proposal_id, name)
    except PollError as exc:
        _say("error", str(exc))
        return
    if moved:
        _say(
            "success",
            f"'{name}' is released: the vote stays counted, and moves to the next phone or "
            "laptop that votes under that name.",
        )
    else:
        _say("info", f"Nobody has voted as '{name}' on this proposal.")


def _release_form(p: Proposal) -> None:
    """Someone switched phones: free their name so their vote can move with them."""
    names = loaders.get_polls().voter_names(p.id)
    if not names:
        return
    with st.expander("Someone switched phones?", icon=":material/phone_android:"):
        st.caption(
            "Release their name: their vote stays counted and moves to the next device that "
            "votes under that name."
        )
        st.selectbox("Name", names, key=f"{k.DECIDE_RELEASE_NAME_PREFIX}{p.id}")
        st.button(
            "Release this name",
            key=f"{k.DECIDE_RELEASE_PREFIX}{p.id}",
            on_click=_release,
            args=(p.id,),
            icon=":material/person_remove:",
        )


def _controls(p: Proposal, reading: pl.Reading) -> None:
    if not permissions.can_facilitate() or not p.is_open:
        return
    with st.container(border=True):
        st.markdown("**Facilitator**")
        st.button(
            "Hide the results" if p.revealed else "Show the results to everyone",
            key=f"{k.DECIDE_REVEAL_PREFIX}{p.id}",
            on_click=_reveal,
            args=(p.id, not p.revealed),
            icon=":material/visibility_off:" if p.revealed else ":material/visibility:",
        )
        suggested = reading.suggested_outcome if p.revealed else "more discussion"
        with st.form(f"{k.DECIDE_CLOSE_PREFIX}{p.id}_form", border=False):
            st.selectbox(
                "Outcome",
                list(pl.OUTCOMES),
                index=None,
                format_func=pl.OUTCOMES.__getitem__,
                placeholder=f"Suggested: {pl.OUTCOMES[suggested]}"
                if p.revealed
                else "Choose the outcome",
                key=f"{k.DECIDE_OUTCOME_PREFIX}{p.id}",
            )
            st.text_input("What was agreed (optional)", key=f"{k.DECIDE_OUTCOME_NOTE_PREFIX}{p.id}")
            st.form_submit_button(
                "Close and lock the vote",
                key=f"{k.DECIDE_CLOSE_PREFIX}{p.id}",
                on_click=_close,
                args=(p.id, suggested),
                icon=":material/lock:",
            )
        _release_form(p)


# ------------------------------------------------------------------------------ live view
def _when(iso: str | None) -> str:
    """'27 Nov 2026, 17:52 UTC' for a stored ISO time."""
    if not iso:
        return ""
    return dt.datetime.fromisoformat(iso).strftime("%d %b %Y, %H:%M UTC")


def _status(p: Proposal, tally: pl.Tally) -> str:
    votes = f"{tally.total} vote{'' if tally.total == 1 else 's'}"
    if not p.is_open:
        outcome = pl.OUTCOMES.get(p.outcome, p.outcome)
        note = f" {p.outcome_note}" if p.outcome_note else ""
        return f"Closed {_when(p.closed_at)} with {votes}. **Outcome: {outcome}.**{note}"
    if p.revealed:
        return f"Open: {votes} so far. Results update live; votes can change until it closes."
    return f"Open: {votes} so far. The results are hidden until the facilitator shows them."


@st.fragment(run_every=REFRESH_SECONDS)
def live_proposal(proposal_id: int, token: str | None) -> None:
    """One proposal, refreshed every couple of seconds on every open page."""
    with guard():
        polls = loaders.get_polls()
        p = polls.get(proposal_id)
        if _record_is_stale(p):
            # The table and downloads under the live view are drawn by the whole page:
            # run it again so they say what was just done (issue 13).
            st.rerun(scope="app")
        tally = polls.tally(p.id)
        reading = pl.read_tally(tally, polls.decision_rule())
        _flash()
        (st.header if permissions.is_presenting() else st.subheader)(
            escape_markdown(p.title), anchor=False
        )
        if p.details:
            st.markdown(escape_markdown(p.details))
        st.markdown(_status(p, tally))
        presenting = permissions.is_presenting()
        if presenting:
            if p.is_open and st.context.url:
                st.subheader(f"Vote from your own phone or laptop: {st.context.url}", anchor=False)
        elif p.is_open:
            left, right = st.columns([3, 2], gap="medium")
            with left:
                _vote_form(p, token)
            with right:
                _controls(p, reading)
        if p.revealed or not p.is_open:
            df = pl.tally_frame(tally)
            chart_block(tally_bar(df), df, reading.sentence, key=f"decide_tally_{p.id}")
            _reasons(p)
        if presenting:
            _controls(p, reading)


# ------------------------------------------------------------------------------ history
def history() -> None:
    polls = loaders.get_polls()
    df = polls.history_frame()
    if df.empty:
        return
    st.subheader("Every proposal and its outcome")
    st.dataframe(df, hide_index=True, key="decide_history_table")
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download the proposals (CSV)",
        pl.frame_csv(df),
        "proposals.csv",
        "text/csv",
        key=k.DECIDE_HISTORY_CSV,
        icon=":material/download:",
    )
    c2.download_button(
        "Download every visible vote (CSV)",
        pl.frame_csv(polls.votes_frame()),
        "votes.csv",
        "text/csv",
        key=k.DECIDE_VOTES_CSV,
        icon=":material/download:",
        help="Votes of closed proposals and of open ones whose results are shown. Devices "
        "are never included; anonymous votes stay anonymous.",
    )


# ---- issue 17: how the group decides (its decision rule)
def _set_rule() -> None:
    if not permissions.can_facilitate():
        _say("error", "Only the facilitator can change how the group decides.")
        return
    rule = st.session_state.get(k.DECIDE_RULE)
    try:
        loaders.get_polls().set_decision_rule(str(rule))
    except PollError as exc:
        _say("error", str(exc))
        return
    _say("success", f"The group now decides by: {pl.DECISION_RULES[str(rule)].lower()}.")


def decision_rule() -> None:
    """The group's decision rule: shown to everyone, chosen by the facilitator."""
    polls = loaders.get_polls()
    rule = polls.decision_rule()
    if not permissions.can_facilitate():
        st.caption(f"How the group decides: {pl.DECISION_RULES[rule].lower()}.")
        return
    st.session_state.setdefault(k.DECIDE_RULE, rule)
    st.selectbox(
        "How the group decides",
        list(pl.DECISION_RULES),
        format_func=pl.DECISION_RULES.__getitem__,
        key=k.DECIDE_RULE,
        on_change=_set_rule,
        help="The guide: all members meet and come to a majority decision. The group can "
        "choose to ask for more: three quarters, or no veto.",
    )


# ---- issue 17: reasons with votes, representative mode, open-until deadline
def _extras() -> px.PollExtras:
    return px.PollExtras(loaders.get_store())


def _vote_extras(p: Proposal) -> None:
    """Inside the vote form: the optional reason; the organization in representative mode."""
    opts = _extras().options(p.id)
    if opts.representative:
        ws = loaders.current_workspace()
        names = ws.partner_names()
        st.selectbox(
            "The organization you vote for (one vote per organization)",
            sorted(names, key=lambda x: names[x]),
            index=None,
            format_func=lambda x: names.get(x, x),
            placeholder="Choose your organization",
            key=f"{k.DECIDE_VOTE_PARTNER_PREFIX}{p.id}",
        )
    st.text_input(
        "Why (optional; shown with the results, without your name)",
        max_chars=px.MAX_REASON,
        key=f"{k.DECIDE_VOTE_REASON_PREFIX}{p.id}",
    )


def _reasons(p: Proposal) -> None:
    """The reasons given with the votes, shown with the results."""
    reasons = _extras().reasons(p.id)
    if reasons.empty:
        return
    st.markdown("**Reasons given**")
    st.dataframe(
        reasons[["point", "gradient", "reason"]],
        hide_index=True,
        key=f"decide_reasons_{p.id}",
    )


def _save_options(proposal_id: int) -> None:
    if not permissions.can_facilitate():
        _say("error", "Only the facilitator can change how this proposal is voted on.")
        return
    state = st.session_state
    day = state.get(f"{k.DECIDE_OPTIONS_UNTIL_DATE_PREFIX}{proposal_id}")
    time = state.get(f"{k.DECIDE_OPTIONS_UNTIL_TIME_PREFIX}{proposal_id}") or dt.time(23, 59)
    until = dt.datetime.combine(day, time, tzinfo=dt.UTC) if day else None
    opts = _extras().set_options(
        proposal_id,
        representative=bool(state.get(f"{k.DECIDE_OPTIONS_REPRESENTATIVE_PREFIX}{proposal_id}")),
        open_until=until,
    )
    mode = "one vote per organization" if opts.representative else "one vote per person"
    deadline = f", open until {opts.open_until.replace('T', ' ')} UTC" if until else ""
    _say("success", f"Proposal #{proposal_id}: {mode}{deadline}.")


def proposal_options(p: Proposal | None) -> None:
    """Everyone sees the mode and deadline; the facilitator sets them and sees, in
    representative mode, which organizations have not voted yet."""
    if p is None:
        return
    extras = _extras()
    opts = extras.options(p.id)
    facts = []
    if opts.representative:
        facts.append("each organization casts one vote")
    if opts.open_until:
        state = "closed" if opts.is_past() else "open"
        facts.append(f"voting {state} until {opts.open_until.replace('T', ' ')} UTC")
    if facts:
        st.caption("This proposal: " + "; ".join(facts) + ".")
    if not permissions.can_facilitate() or not p.is_open:
        return
    if opts.representative:
        names = loaders.current_workspace().partner_names()
        missing = sorted(
            (names[x] for x in set(names) - extras.voted_partners(p.id)), key=str.casefold
        )
        st.caption(
            f"Not voted yet ({len(missing)} of {len(names)}): " + ", ".join(missing)
            if missing
            else "Every organization has voted."
        )
    with (
        st.expander("Voting options", icon=":material/tune:"),
        st.form(f"{k.DECIDE_OPTIONS_FORM_PREFIX}{p.id}", border=False),
    ):
        st.checkbox(
            "Representative mode: each organization casts one vote",
            value=opts.representative,
            key=f"{k.DECIDE_OPTIONS_REPRESENTATIVE_PREFIX}{p.id}",
        )
        current = dt.datetime.fromisoformat(opts.open_until) if opts.open_until else None
        c1, c2 = st.columns(2)
        c1.date_input(
            "Open until (date, UTC; empty: until you close it)",
            value=current.date() if current else None,
            key=f"{k.DECIDE_OPTIONS_UNTIL_DATE_PREFIX}{p.id}",
        )
        c2.time_input(
            "Time (UTC)",
            value=current.time() if current else dt.time(23, 59),
            key=f"{k.DECIDE_OPTIONS_UNTIL_TIME_PREFIX}{p.id}",
        )
        st.form_submit_button(
            "Save the voting options",
            key=f"{k.DECIDE_OPTIONS_SAVE_PREFIX}{p.id}",
            on_click=_save_options,
            args=(p.id,),
        )
