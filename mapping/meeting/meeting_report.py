"""The meeting report: one self-contained HTML file for stakeholders who missed the meeting.

Everything the report needs is inside the file: the styles, the plotly.js library, and
every chart's data, so it opens later in any browser with no network at all (nothing is
fetched: no CDN, no map tiles, no web fonts; a Content-Security-Policy in the file forbids
any request). Each chart is followed by the same numbers as a table.

Safety: every piece of user text (partner names, notes, proposals, the partnership's name)
is HTML-escaped; chart JSON is written so no text can close its ``<script>``. Confidential
locations appear only at their ZIP-code or city centre, and the report never lists street
addresses. Contact names, emails and phone numbers are left out unless asked for.
Self-assessments appear only as the partnership's average, and only when at least
:data:`mapping.partnership.assessments.MIN_GROUP` partners filled them in, so no single
organization's answers can be read from the report.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

import pandas as pd

from mapping.analysis import coverage as cov
from mapping.analysis import departure as dep
from mapping.analysis import network as net
from mapping.analysis import overview
from mapping.analysis.change import Change, change_reading
from mapping.charts import assessment as assessment_charts
from mapping.charts import change as change_charts
from mapping.charts import coverage as coverage_charts
from mapping.charts import network as network_charts
from mapping.charts import overview as overview_charts
from mapping.charts import polls as poll_charts
from mapping.charts import recommend as recommend_charts
from mapping.charts import report as report_charts
from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.meeting.kickoff import Meeting, Note
from mapping.meeting.polls import (
    DEFAULT_RULE,
    OUTCOMES,
    Proposal,
    Tally,
    read_tally,
    tally_frame,
)
from mapping.partnership import partner_answers as pa
from mapping.partnership import sustainability as sus
from mapping.partnership import trauma_informed as ti
from mapping.partnership.agreement import AgreementDraft, agreement_blocks
from mapping.partnership.assessments import MIN_GROUP, Assessment
from mapping.partnership.partner_answers import PartnerAnswer
from mapping.partnership.recommend import Recommendation, readiness_reading
from mapping.partnership.recommend_report import Block, report_blocks

SECTIONS: Final[dict[str, str]] = {
    "overview": "Partners and services",
    "map": "Where the partners are",
    "gaps": "Coverage gaps",
    "relationships": "Relationships",
    "recommendation": "How we will work together",
    "partners": "Each partner's answers",
    "change": "Change over time",
    "agreement": "Our agreement (draft)",
    "decisions": "Decisions and votes",
    "meeting": "Meeting notes",
    "assessments": "Partnership health",
    "departure": "If a partner left",
}
MAX_PROPOSAL_CHARTS: Final = 6
MAX_BROKERS: Final = 10
MAX_LISTED_PARTNERS: Final = 500

CSP: Final = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:"
)
STYLE: Final = """
body { font-family: Arial, Helvetica, sans-serif; color: #111; margin: 0; line-height: 1.45; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 30px; margin: 0 0 6px; }
h2 { font-size: 24px; margin: 40px 0 8px; padding-top: 14px; border-top: 2px solid #332288; }
h3 { font-size: 19px; margin: 24px 0 6px; }
p.lead { font-weight: bold; font-size: 17px; }
.note { color: #444; font-size: 14px; }
.notice { background: #f3f0ff; border-left: 4px solid #332288; padding: 10px 14px; }
table { border-collapse: collapse; margin: 8px 0 18px; font-size: 14px; width: 100%; }
th, td { border: 1px solid #bbb; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; }
.chart { width: 100%; min-height: 320px; }
nav ol { columns: 2; }
@media print { .chart { page-break-inside: avoid; } h2 { page-break-before: auto; } }
"""


def _e(value: object) -> str:
    """User text, escaped for HTML."""
    return html.escape(str(value), quote=True)


@dataclass
class ReportContent:
    """What goes into the report. Parts left as None (or empty) are said to be missing."""

    ws: Workspace
    partnership: str = ""
    prepared: dt.date = field(default_factory=dt.date.today)
    sections: Sequence[str] = tuple(SECTIONS)
    include_contacts: bool = False
    areas: pd.DataFrame | None = None  # the region's ZIP areas (coverage.region_areas)
    gaps: pd.DataFrame | None = None  # coverage.find_coverage_gaps for those areas
    weights: cov.Weights | None = None  # residents (or a need layer): the gaps in people
    network: Mapping[str, Any] | None = None  # metrics, pairs, layout, summary
    recommendation: Recommendation | None = None
    recommendation_note: str = ""  # where the answers came from, in words
    proposals: Sequence[tuple[Proposal, Tally]] = ()  # only votes whose results are shown
    decision_rule: str = DEFAULT_RULE  # how the group decides (polls.DECISION_RULES)
    partner_answers: Sequence[PartnerAnswer] = ()  # each organization's own answers
    partner_answers_anonymous: bool = True  # leave organization names out
    change: Change | None = None  # from the first named snapshot to now
    meeting: Meeting | None = None
    notes: Sequence[Note] = ()
    trauma: Sequence[Assessment] = ()  # each partner's latest trauma-informed assessment
    trauma_partnership: Assessment | None = None  # the partnership's own, if any
    sustainability: Sequence[Assessment] = ()  # each partner's latest checklist
    sustainability_partnership: Assessment | None = None
    risks: pd.DataFrame | None = None  # departure.find_departure_risks
    agreement: AgreementDraft | None = None  # the draft MOU


class _Html:
    """Collects the body and the charts of the report."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.charts = 0

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def p(self, text: str, cls: str = "") -> None:
        attr = f' class="{cls}"' if cls else ""
        self.add(f"<p{attr}>{_e(text)}</p>")

    def h(self, level: int, text: str, anchor: str = "") -> None:
        ident = f' id="{_e(anchor)}"' if anchor else ""
        self.add(f"<h{level}{ident}>{_e(text)}</h{level}>")

    def bullets(self, items: Sequence[str]) -> None:
        if items:
            self.add("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>")

    def table(self, df: pd.DataFrame, caption: str = "") -> None:
        head = "".join(f"<th>{_e(c)}</th>" for c in df.columns)
        rows = []
        for rec in df.itertuples(index=False):
            cells = []
            for v in rec:
                numeric = isinstance(v, (int, float)) and not isinstance(v, bool)
                cells.append(
                    f'<td class="num">{_e(_fmt(v))}</td>' if numeric else f"<td>{_e(_fmt(v))}</td>"
                )
            rows.append("<tr>" + "".join(cells) + "</tr>")
        cap = f"<caption>{_e(caption)}</caption>" if caption else ""
        self.add(
            f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def chart(self, fig: Any, reading: str, table: pd.DataFrame | None = None) -> None:
        """A reading, the chart, and its numbers as a table (the accessible alternative)."""
        self.charts += 1
        ident = f"chart-{self.charts}"
        self.p(reading, "lead")
        self.add(
            f'<div id="{ident}" class="chart" role="img" aria-label="{_e(reading)}"></div>'
            f"<script>(function(){{var f={report_charts.figure_json(fig)};"
            f'Plotly.newPlot("{ident}",f.data,f.layout,{_config()});}})();</script>'
        )
        if table is not None:
            self.table(table, "The numbers in the chart")

    def blocks(self, blocks: Sequence[Block]) -> None:
        """Blocks of :mod:`mapping.partnership.recommend_report` as HTML."""
        for b in blocks:
            if b.kind in ("title", "heading"):
                self.h(3, b.text)
            elif b.kind == "text":
                self.p(b.text)
            elif b.kind in ("bullets", "checklist"):
                self.bullets(list(b.items))
            elif b.kind == "numbered":
                self.add("<ol>" + "".join(f"<li>{_e(i)}</li>" for i in b.items) + "</ol>")
            else:
                self.table(pd.DataFrame(list(b.rows), columns=list(b.header)))


def _config() -> str:
    import json

    return json.dumps(report_charts.CONFIG)


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# ------------------------------------------------------------------------------ sections
def _overview(out: _Html, c: ReportContent) -> None:
    ws = c.ws
    out.p(
        f"{len(ws.partners)} partners, {len(ws.services)} services and "
        f"{overview.relationships_phrase(ws.relationships)} (workspace version "
        f"{ws.version if ws.version is not None else '-'})."
    )
    sectors = overview.partners_by_sector(ws.partners)
    out.chart(overview_charts.sector_bar(sectors), overview.sector_reading(sectors), sectors)
    cats = overview.services_by_category(ws.services)
    shown = cats[cats["services"] > 0]
    out.chart(overview_charts.category_bar(shown), overview.category_reading(cats), shown)
    columns = [
        s.NAME,
        s.SECTOR,
        s.CITY,
        s.ZIP,
        s.WEBSITE,
        s.LANGUAGES,
        s.POPULATIONS,
        s.EXPERTISE,
        s.FUNDS,
    ]
    if c.include_contacts:
        columns += list(s.CONTACT_COLUMNS)
    partners = ws.partners[columns].copy()
    for col in (s.LANGUAGES, s.POPULATIONS, s.EXPERTISE, s.FUNDS):
        partners[col] = partners[col].str.replace(s.LIST_SEPARATOR, ", ", regex=False)
    out.h(3, "The partners")
    if len(partners) > MAX_LISTED_PARTNERS:
        out.p(f"The first {MAX_LISTED_PARTNERS} of {len(partners)} partners.", "note")
    out.table(partners.head(MAX_LISTED_PARTNERS))
    out.p(
        "Contact names, emails and phone numbers are included."
        if c.include_contacts
        else "Contact names, emails and phone numbers are left out of this report.",
        "note",
    )


def partner_points(partners: pd.DataFrame) -> pd.DataFrame:
    """Where to draw each partner on the offline map: name, sector, latitude, longitude,
    approximate, where. Confidential locations and partners without coordinates are at
    their ZIP-code (else city) centre; partners that cannot be placed are left out."""
    placed = cov.place_services(partners)
    conf = placed[s.CONFIDENTIAL].astype(bool)
    how = placed[cov.PLACED_BY]
    where = [
        (
            "exact place"
            if h == cov.PLACED_COORDINATES
            else f"approximate: {h}" + (" (confidential location)" if secret else "")
        )
        for h, secret in zip(how, conf, strict=True)
    ]
    out = pd.DataFrame(
        {
            s.NAME: placed[s.NAME].astype(str),
            s.SECTOR: placed[s.SECTOR].astype(str),
            s.LATITUDE: placed[s.LATITUDE],
            s.LONGITUDE: placed[s.LONGITUDE],
            "approximate": (how != cov.PLACED_COORDINATES) | conf,
            "where": where,
        }
    )
    return out[how != cov.NOT_PLACED].reset_index(drop=True)


def _map(out: _Html, c: ReportContent) -> None:
    points = partner_points(c.ws.partners)
    left = len(c.ws.partners) - len(points)
    approx = int(points["approximate"].sum())
    reading = (
        f"{len(points)} partners placed, {approx} of them approximately (at their ZIP-code or "
        "city centre: confidential locations always are)."
    )
    fig = report_charts.partner_locations(points, c.areas)
    table = points.assign(
        latitude=points[s.LATITUDE].round(3), longitude=points[s.LONGITUDE].round(3)
    )[[s.NAME, s.SECTOR, "where", s.LATITUDE, s.LONGITUDE]]
    out.chart(fig, reading, table)
    out.p(
        "This map works offline, so it has no streets or borders: each mark sits at its "
        "longitude and latitude, with the centres of the region's ZIP areas in grey for its "
        "shape. Open marks are approximate places."
        + (f" {left} partner(s) have no location that can be placed." if left else ""),
        "note",
    )


def _gaps(out: _Html, c: ReportContent) -> None:
    if c.gaps is None or c.gaps.empty:
        out.p("No coverage gaps were computed: no service has a location that can be placed.")
        return
    summary = cov.coverage_by_category(c.gaps)
    areas = len(c.areas) if c.areas is not None else summary["areas"].max()
    out.p(
        f"For each of {areas} ZIP areas in the region and each service category: is a partner "
        "near enough (within the category's distance, or the service's own reach)?"
    )
    table = summary[
        [s.CATEGORY, cov.RADIUS_MILES, "gap_areas", "one_provider_areas", "served_areas"]
    ].rename(
        columns={
            cov.RADIUS_MILES: "miles",
            "gap_areas": "ZIP areas: no provider",
            "one_provider_areas": "ZIP areas: only one",
            "served_areas": "ZIP areas: two or more",
        }
    )
    if c.weights is None:
        out.chart(coverage_charts.depth_bar(summary), cov.depth_reading(summary), table)
    else:
        people = cov.people_by_category(c.gaps, c.weights)
        noun = c.weights.noun
        out.p(cov.people_gaps_reading(people, c.weights), "lead")
        for column, label in (
            ("gap_people", "no provider"),
            ("one_provider_people", "only one"),
            ("served_people", "two or more"),
        ):
            table[f"{noun}: {label}"] = people[column].round(0).astype("int64").to_numpy()
        out.chart(
            coverage_charts.people_depth_bar(people, noun),
            cov.people_depth_reading(people, c.weights),
            table,
        )
        if c.areas is not None:
            out.p(cov.weights_note(c.weights, c.areas), "note")
    per = cov.providers_per_category(c.ws.services, c.ws.partners)
    out.h(3, "Single points of failure")
    out.chart(coverage_charts.providers_bar(per), cov.providers_reading(per), per)


def _relationships(out: _Html, c: ReportContent) -> None:
    n = c.network
    if not n or not len(n["metrics"]):
        out.p("No partners or relationships to show.")
        return
    out.chart(
        network_charts.network_graph(n["layout"], n["metrics"], n["pairs"]),
        net.network_reading(n["summary"]),
        n["metrics"][[s.NAME, s.SECTOR, "degree", "component"]].rename(
            columns={"degree": "relationships", "component": "connected group"}
        ),
    )
    out.h(3, "Partners who bridge sectors")
    out.p(net.broker_reading(n["metrics"]))
    brokers = (
        n["metrics"]
        .sort_values(["cross_sector_pairs", "betweenness"], ascending=[False, False])
        .head(MAX_BROKERS)
    )
    out.table(
        brokers[[s.NAME, s.SECTOR, "sectors_reached", "cross_sector_pairs"]].rename(
            columns={
                "sectors_reached": "other sectors among its partners",
                "cross_sector_pairs": "pairs it could introduce",
            }
        )
    )


def _recommendation(out: _Html, c: ReportContent) -> None:
    rec = c.recommendation
    if rec is None:
        out.p("The group has not answered the recommendation's questions yet.")
        return
    if c.recommendation_note:
        out.p(c.recommendation_note, "note")
    table = pd.DataFrame(rec.needs_table())
    out.chart(recommend_charts.readiness_bar(table), readiness_reading(rec), table)
    blocks = report_blocks(rec, partnership=c.partnership, prepared=c.prepared)
    # Drop the notes' own title and preamble: the report has its heading.
    start = next(i for i, b in enumerate(blocks) if b.kind == "heading")
    out.blocks([b for b in blocks[start:] if b.text != "Our answers" and b.kind != "table"])


def _partners(out: _Html, c: ReportContent) -> None:
    """Each partner's answers: the spread per question and what it adds up to (issue 17)."""
    if not c.partner_answers:
        out.p("No organization has answered the questions for itself yet.")
        return
    room = c.recommendation.answers if c.recommendation is not None else None
    rec, items = pa.recommend_from_partners(list(c.partner_answers), room)
    out.chart(
        recommend_charts.answers_spread_bar(pa.yes_no_frame(items)),
        pa.spread_reading(items, len(c.partner_answers)),
        pa.spread_frame(items),
    )
    out.h(3, "What each partner seeks")
    names = c.ws.partner_names()
    out.table(pa.goals_frame(c.partner_answers, names, anonymous=c.partner_answers_anonymous))
    out.h(3, f"From the partners' own answers: {rec.title}")
    out.p(rec.headline)
    talk = [step.text for step in rec.next_steps if step.talk_first]
    if talk:
        out.h(3, "Talk about these first")
        out.bullets(talk)


def _change(out: _Html, c: ReportContent) -> None:
    """Change over time: the figures a funder's report needs, and every change (issue 17)."""
    change = c.change
    if change is None:
        out.p(
            "No snapshot is saved yet: save one on the Relationships page (Change over "
            "time), for example at the kickoff, to compare with later."
        )
        return
    out.chart(
        change_charts.level_change_bar(change.level_frame()),
        change_reading(change),
        change.summary(),
    )
    details = change.details()
    if not details.empty:
        out.h(3, "Every change")
        out.table(details)


def _agreement(out: _Html, c: ReportContent) -> None:
    draft = c.agreement
    if draft is None:
        out.p("No agreement has been drafted yet.")
        return
    if not c.include_contacts:  # who signs is a person's name: a contact detail
        draft = replace(
            draft, parties=tuple(replace(p, signatory="", title="") for p in draft.parties)
        )
    blocks = agreement_blocks(draft)
    out.blocks([b for b in blocks if b.kind != "title"])


def _decisions(out: _Html, c: ReportContent) -> None:
    if not c.proposals:
        out.p("No vote has been closed or shown yet.")
        return
    rows = []
    for p, tally in c.proposals:
        rows.append(
            {
                "proposal": p.title,
                "status": p.status,
                "votes": tally.total,
                "outcome": OUTCOMES.get(p.outcome, "") or ("open" if p.is_open else ""),
                "note": p.outcome_note,
                "reading": read_tally(tally, c.decision_rule).sentence,
            }
        )
    out.table(pd.DataFrame(rows))
    for p, tally in list(c.proposals)[:MAX_PROPOSAL_CHARTS]:
        out.h(3, p.title)
        if p.details:
            out.p(p.details)
        frame = tally_frame(tally)
        out.chart(poll_charts.tally_bar(frame), read_tally(tally, c.decision_rule).sentence, frame)


def _meeting(out: _Html, c: ReportContent) -> None:
    m = c.meeting
    if m is None:
        out.p("No kickoff meeting is recorded yet.")
        return
    out.h(3, f"{m.title} ({m.held_on})")
    out.p("At the table: " + (", ".join(m.attendees) or "not recorded") + ".")
    if m.agreements:
        out.p("Group agreements:")
        out.bullets(list(m.agreements))
    for i, question in enumerate(m.questions):
        these = [n for n in c.notes if n.question_index == i]
        out.h(3, f"{i + 1}. {question}")
        out.bullets(
            [f"{n.speaker + ': ' if n.speaker else ''}{n.text}" for n in these] or ["(no notes)"]
        )


def _trauma(out: _Html, c: ReportContent) -> None:
    out.h(3, "Trauma-informed self-assessment")
    n = len(c.trauma)
    if n < MIN_GROUP:
        out.p(
            f"{n} partner(s) have filled in the self-assessment; the partnership's average is "
            f"shown once at least {MIN_GROUP} have, so no single organization's answers can be "
            "read from it."
        )
    else:
        ratings = [a.answers for a in c.trauma]
        scores = ti.partnership_scores(ratings)
        series = {f"Average of {n} partners": scores}
        if c.trauma_partnership is not None:
            series["The partnership, assessed together"] = ti.score_dimensions(
                c.trauma_partnership.answers
            )
        for dims, title in (
            (ti.PRINCIPLES, "SAMHSA's six principles"),
            (ti.FOUR_RS, "The four Rs"),
        ):
            table = ti.scores_frame(series, dims)
            out.chart(
                assessment_charts.radar(table, title=title),
                ti.scores_reading(scores, "The partnership", dims),
                table,
            )
        tips = ti.suggestions(ti.mean_ratings(ratings))
        if tips:
            out.h(3, "Where to grow first")
            for tip in tips:
                out.p(f"{tip.dimension} ({tip.score:.1f} of 5):")
                out.bullets(list(tip.actions))
    out.h(3, "Sustainability checklist")
    m = len(c.sustainability)
    if m < MIN_GROUP:
        out.p(
            f"{m} partner(s) have filled in the checklist; the count per item is shown once at "
            f"least {MIN_GROUP} have."
        )
    else:
        table = sus.checklist_frame([a.answers for a in c.sustainability])
        out.chart(
            assessment_charts.checklist_bar(table),
            sus.checklist_reading(table, m),
            table.drop(columns=["not assessed"]),
        )
    whole = c.sustainability_partnership
    if whole is not None:
        out.p(f"For the partnership as a whole (assessed on {whole.assessed_on}):")
        out.bullets(
            [f"{i.short}: {sus.status(whole.answers.get(i.key))}" for i in sus.PARTNERSHIP_ITEMS]
        )
        todo = sus.missing_items(whole.answers, sus.PARTNERSHIP_ITEMS)
        if todo:
            out.p("Next steps:")
            out.bullets([i.suggestion for i in todo])


def _departure(out: _Html, c: ReportContent) -> None:
    risks = c.risks
    if risks is None or risks.empty:
        out.p("No partners to analyse.")
        return
    table = dep.risk_table(risks)
    if table.empty:
        out.p(dep.risks_reading(risks), "lead")
        return
    out.chart(assessment_charts.risk_chart(risks), dep.risks_reading(risks), table)


_RENDER = {
    "overview": _overview,
    "map": _map,
    "gaps": _gaps,
    "relationships": _relationships,
    "recommendation": _recommendation,
    "partners": _partners,
    "change": _change,
    "agreement": _agreement,
    "decisions": _decisions,
    "meeting": _meeting,
    "assessments": _trauma,
    "departure": _departure,
}


def meeting_report_html(content: ReportContent) -> str:
    """The report as one self-contained HTML document (see the module docstring)."""
    name = " ".join(str(content.partnership).split()) or "Our partnership"
    chosen = [k for k in SECTIONS if k in set(content.sections)]
    out = _Html()
    out.add(f"<h1>{_e(name)}: meeting report</h1>")
    out.p(
        f"Prepared on {content.prepared.isoformat()} with the community resource map "
        "dashboard, for partners who could not be at the meeting. It works offline: keep it, "
        "forward it, or print it.",
        "note",
    )
    out.add(
        '<p class="notice">This report describes organizations and services, never clients. '
        "Confidential locations are shown only at their ZIP-code or city centre.</p>"
    )
    out.add(
        "<nav><ol>"
        + "".join(f'<li><a href="#{k}">{_e(SECTIONS[k])}</a></li>' for k in chosen)
        + "</ol></nav>"
    )
    for key in chosen:
        out.h(2, SECTIONS[key], key)
        _RENDER[key](out, content)
    body = "\n".join(out.parts)
    script = report_charts.plotly_js() if out.charts else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(name)}: meeting report</title>"
        f"<style>{STYLE}</style>"
        + (f'<script type="text/javascript">{script}</script>' if script else "")
        + f"</head><body><main>{body}</main></body></html>\n"
    )
