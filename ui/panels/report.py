"""The Meeting report page's blocks: what goes in, and the download.

The report (``mapping.meeting.meeting_report``) holds only what this session may see: contact
details only where ``ui.permissions.contacts_visible`` allows and when asked for; votes
only once their results are shown; self-assessments only as the partnership's average.
Its parts come from the cached analyses on every rerun; the HTML itself (about 5 MB, with
plotly.js inside) is rendered only when the button is pressed.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from mapping.analysis import change as ch
from mapping.analysis import coverage as cov
from mapping.data.workspace import Workspace
from mapping.meeting import meeting_report as mr
from mapping.meeting.kickoff import Meeting
from mapping.partnership import agreement as ag
from mapping.partnership import assessments as am
from mapping.partnership import partner_answers as pa
from ui import loaders, permissions
from ui import state as k
from ui.panels import agreement as agreement_panels
from ui.panels import self_assessment as ap

NO_MEETING = 0


def _meetings() -> dict[int, Meeting]:
    return {m.id: m for m in loaders.get_meetings().meetings()}


def options(ws: Workspace) -> tuple[str, list[str], int, bool]:
    """The report's options: (partnership name, sections, kickoff meeting id, contacts)."""
    _, _, saved_name = agreement_panels.current_recommendation(ws)
    if k.REPORT_PARTNERSHIP not in st.session_state:
        st.session_state[k.REPORT_PARTNERSHIP] = saved_name
    st.text_input(
        "Name of the partnership (the report's title)",
        key=k.REPORT_PARTNERSHIP,
        max_chars=120,
        placeholder="e.g. Allegheny Survivor Employment Partnership",
    )
    sections = st.multiselect(
        "What goes in",
        list(mr.SECTIONS),
        default=list(mr.SECTIONS),
        format_func=lambda key: mr.SECTIONS[key],
        key=k.REPORT_SECTIONS,
    )
    meetings = _meetings()
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    meeting = c1.selectbox(
        "Meeting notes from",
        [NO_MEETING, *meetings],
        format_func=lambda i: "No meeting notes" if i == NO_MEETING else meetings[i].label,
        index=1 if meetings else 0,
        key=k.REPORT_MEETING,
    )
    contacts = False
    if permissions.contacts_visible():
        contacts = c2.checkbox(
            "Include contact names, emails and phones",
            value=False,
            key=k.REPORT_CONTACTS,
            help="Off by default: the report is easily forwarded.",
        )
    else:
        c2.caption("Contact names, emails and phone numbers are left out.")
    return (
        str(st.session_state.get(k.REPORT_PARTNERSHIP) or ""),
        list(sections),
        int(meeting or NO_MEETING),
        bool(contacts),
    )


def build_content(
    ws: Workspace, partnership: str, sections: list[str], meeting_id: int, contacts: bool
) -> mr.ReportContent:
    """Everything the report shows, gathered from the cached analyses and the database."""
    content = mr.ReportContent(
        ws=ws,
        partnership=partnership,
        prepared=dt.date.today(),
        sections=sections,
        include_contacts=contacts and permissions.contacts_visible(),
    )
    present, _ = loaders.region_counties(ws)
    radii = loaders.radius_overrides()
    if present:
        content.areas, content.gaps = loaders.coverage_gaps(ws, tuple(sorted(present)), radii)
        content.weights = cov.resident_weights(content.areas)
        if "departure" in sections:
            content.risks = loaders.departure_risks(ws, tuple(present), radii)
    if "relationships" in sections:
        content.network = loaders.partner_network(ws)
    rec, source, _ = agreement_panels.current_recommendation(ws)
    content.recommendation = rec
    content.agreement = agreement_panels.draft_for_report()
    content.recommendation_note = f"From {source}." if source else ""
    polls = loaders.get_polls()
    content.decision_rule = polls.decision_rule()
    partner_store = pa.PartnerAnswers(loaders.get_store())
    content.partner_answers = partner_store.all()
    content.partner_answers_anonymous = partner_store.anonymous()
    snapshots = ch.Snapshots(loaders.get_store()).all()
    if snapshots and "change" in sections:
        content.change = ch.compare(snapshots[0], ch.Snapshot.of(ws, "now"))
    content.proposals = [
        (p, polls.tally(p.id)) for p in polls.proposals() if p.revealed or not p.is_open
    ]
    if meeting_id != NO_MEETING:
        meetings = loaders.get_meetings()
        content.meeting = meetings.get(meeting_id)
        content.notes = meetings.notes(meeting_id)
    ids = ap.partner_ids(ws)
    store = loaders.get_assessments()
    trauma = store.all(am.TRAUMA)
    content.trauma = am.partner_latest(trauma, ids)
    content.trauma_partnership = am.latest(trauma).get(am.PARTNERSHIP)
    checklists = store.all(am.SUSTAINABILITY)
    content.sustainability = am.partner_latest(checklists, ids)
    content.sustainability_partnership = am.latest(checklists).get(am.PARTNERSHIP)
    return content


def download(ws: Workspace) -> None:
    partnership, sections, meeting_id, contacts = options(ws)
    if not sections:
        st.info("Choose at least one part for the report.", icon=":material/info:")
        return
    content = build_content(ws, partnership, sections, meeting_id, contacts)
    st.download_button(
        "Download the meeting report (HTML)",
        partial(mr.meeting_report_html, content),  # built only when clicked
        f"meeting-report-{dt.date.today().isoformat()}.html",
        "text/html",
        key=k.REPORT_DOWNLOAD,
        type="primary",
        on_click="ignore",
        icon=":material/summarize:",
    )
    st.caption(
        "One file of about 5 MB with every chart inside: it opens in any browser, also "
        "offline, and can be forwarded or printed."
    )


def contents(ws: Workspace) -> None:
    """What the report will hold, part by part, from what the workspace has now."""
    st.subheader("What the report holds")
    polls = loaders.get_polls().proposals()
    shown = sum(1 for p in polls if p.revealed or not p.is_open)
    store = loaders.get_assessments()
    ids = ap.partner_ids(ws)
    trauma = len(am.partner_latest(store.all(am.TRAUMA), ids))
    checks = len(am.partner_latest(store.all(am.SUSTAINABILITY), ids))
    rec, source, _ = agreement_panels.current_recommendation(ws)
    drafted = k.AGREEMENT_DRAFT in st.session_state or (
        loaders.get_store().get_setting(ag.SETTING_KEY) is not None
    )
    rows = {
        "overview": f"{len(ws.partners)} partners and {len(ws.services)} services, by sector "
        "and by category, and the list of partners (no street addresses).",
        "map": "Every partner on a simple map that needs no internet (no streets); confidential "
        "locations only at their ZIP-code or city centre.",
        "gaps": "Where no partner is near enough, per service, and the services only one "
        "partner offers.",
        "relationships": f"The network of {len(ws.relationships)} recorded relationships and "
        "the partners who bridge sectors.",
        "recommendation": (
            f"How closely to work together, who leads and how to decide, from {source}."
            if rec is not None
            else "Nothing yet: the Recommendation page's questions are not answered."
        ),
        "agreement": "The draft agreement on the Agreement page (yours, else the one saved for "
        "everyone), without signatories' names unless contact details are included."
        if drafted
        else "Nothing yet: no agreement has been drafted on the Agreement page.",
        "decisions": f"{shown} vote(s) whose results are shown or closed (open, hidden votes "
        "stay out).",
        "meeting": "The kickoff meeting chosen above: who was there, the group agreements "
        "and the notes."
        if loaders.get_meetings().meetings()
        else "No kickoff meeting is recorded yet (Kickoff page).",
        "assessments": f"The partnership's average of the trauma-informed self-assessment "
        f"({trauma} partners) and the sustainability checklist ({checks} partners), each "
        f"only once at least {am.MIN_GROUP} partners answered.",
        "departure": "What the partnership would lose if each partner left, riskiest first.",
    }
    st.markdown("\n".join(f"- **{mr.SECTIONS[key]}**: {text}" for key, text in rows.items()))
