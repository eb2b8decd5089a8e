"""The offline meeting report: self-contained, every user text escaped, confidential
locations approximate, contacts and single partners' self-assessments left out."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from html import escape as html_escape
from pathlib import Path

import pandas as pd
import pytest

from mapping.analysis import coverage as cov
from mapping.analysis import network as net
from mapping.analysis.departure import find_departure_risks
from mapping.data import schema as s
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.meeting import meeting_report as mr
from mapping.meeting.kickoff import Meetings
from mapping.meeting.polls import Polls
from mapping.partnership import assessments as am
from mapping.partnership import trauma_informed as ti
from mapping.partnership.agreement import draft_agreement
from mapping.partnership.recommend import prefill_answers, recommend_collaboration
from mapping.places.gazetteer import get_gazetteer
from tests import sample_facts as F

EVIL = "</script><img src=x onerror=alert(1)>"
SECRET_NOTE = "Our director may leave in May"


def _ws(sample_ws: Workspace) -> Workspace:
    partners = sample_ws.partners.copy()
    partners.loc[0, s.NAME] = f"Coalition {EVIL}"
    return Workspace(partners, sample_ws.services, sample_ws.relationships, version=7)


def _assessments(store: WorkspaceStore, partners: int) -> am.Assessments:
    a = am.Assessments(store)
    for i in range(partners):
        a.save(
            am.TRAUMA,
            f"P0{i + 1}",
            f"Partner {i + 1}",
            "2026-03-10",
            dict.fromkeys(ti.KEYS, 2 + i % 3),
            note=SECRET_NOTE,
        )
        a.save(am.SUSTAINABILITY, f"P0{i + 1}", f"Partner {i + 1}", "2026-03-10", {"funding": True})
    return a


@pytest.fixture(scope="module")
def analyses(sample_ws: Workspace) -> dict[str, object]:
    placed = cov.place_services(sample_ws.services)
    areas = cov.region_areas(counties=cov.counties_present(placed))
    gaps = cov.find_coverage_gaps(placed, areas, {})
    graph = net.build_graph(sample_ws.partners, sample_ws.relationships)
    return {
        "areas": areas,
        "gaps": gaps,
        "risks": find_departure_risks(
            placed, sample_ws.partners, sample_ws.relationships, areas, {}, gaps=gaps
        ),
        "network": {
            "metrics": net.relationship_metrics(sample_ws.partners, sample_ws.relationships),
            "pairs": net.relationship_pairs(sample_ws.relationships),
            "layout": net.network_layout(graph),
            "summary": net.network_summary(sample_ws.partners, sample_ws.relationships),
        },
    }


def _content(
    ws: Workspace, analyses: dict[str, object], tmp_path: Path, **kw: object
) -> mr.ReportContent:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    polls = Polls(store)
    pid = polls.create(f"Meet monthly {EVIL}")
    polls.vote(pid, "device-token-0001", 2, name="Ana")
    polls.close(pid, "adopted", note="Starting in April")
    meetings = Meetings(store)
    mid = meetings.create("Kickoff", dt.date(2026, 3, 10), ["Coalition", "Job Center"])
    meetings.add_note(mid, 0, f"We will show up {EVIL}", speaker="Coalition")
    assessments = _assessments(store, int(str(kw.pop("assessed", 3))))
    trauma = assessments.all(am.TRAUMA)
    checks = assessments.all(am.SUSTAINABILITY)
    return mr.ReportContent(
        ws=ws,
        partnership=f"Valley {EVIL}",
        prepared=dt.date(2026, 3, 11),
        areas=analyses["areas"],  # type: ignore[arg-type]
        gaps=analyses["gaps"],  # type: ignore[arg-type]
        network=analyses["network"],  # type: ignore[arg-type]
        recommendation=recommend_collaboration(
            {k: p.value for k, p in prefill_answers(ws).items()}
        ),
        recommendation_note="From the answers saved for everyone.",
        proposals=[(polls.get(pid), polls.tally(pid))],
        meeting=meetings.get(mid),
        notes=meetings.notes(mid),
        trauma=am.partner_latest(trauma),
        sustainability=am.partner_latest(checks),
        risks=analyses["risks"],  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def report(sample_ws: Workspace, analyses: dict[str, object], tmp_path: Path) -> str:
    return mr.meeting_report_html(_content(_ws(sample_ws), analyses, tmp_path))


def test_the_report_needs_nothing_from_the_network(report: str) -> None:
    assert report.startswith("<!DOCTYPE html>")
    assert f'content="{mr.CSP}"' in report and "default-src 'none'" in mr.CSP
    # no element loads anything: no src or href to another file, no stylesheet link
    assert not re.search(
        r"<(script|img|iframe|link|source|video|audio)\b[^>]*\s(src|href)=", report
    )
    assert "<link" not in report and "@import" not in report
    body = report.split("<main>", 1)[1]
    hrefs = re.findall(r'href="([^"]*)"', body)
    assert hrefs and all(h.startswith("#") for h in hrefs)  # the table of contents
    # plotly.js itself is inside, once; every chart is drawn from its own inline data
    assert report.count("<script") == report.count("Plotly.newPlot") + 1
    assert report.count('class="chart"') == report.count("Plotly.newPlot") >= 10
    assert len(report) > 4_000_000


def test_every_user_text_is_escaped(report: str) -> None:
    assert EVIL not in report
    assert "<img" not in report and "onerror=alert(1)>" not in report
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in report
    # chart data holds no '<' at all (it is written as a JSON escape), so no text can
    # close its script element
    body = report.split("<main>", 1)[1]  # past plotly.js
    data = re.findall(r"var f=(.*?);Plotly\.newPlot", body, flags=re.S)
    assert len(data) == report.count("Plotly.newPlot")
    assert all("<" not in d for d in data)
    assert any("\\u003cextra\\u003e" in d for d in data)  # hover markup, escaped
    assert body.count("</script>") == body.count("<script")


def test_confidential_locations_are_only_at_their_zip_centre(sample_ws: Workspace) -> None:
    points = mr.partner_points(sample_ws.partners).set_index(s.NAME)
    shelter = points.loc["Safe Harbor Shelter"]
    lat, lon = get_gazetteer().zip_point("15206")
    assert (shelter[s.LATITUDE], shelter[s.LONGITUDE]) == pytest.approx((lat, lon))
    assert bool(shelter["approximate"])
    assert shelter["where"] == "approximate: ZIP centre (confidential location)"
    coalition = points.loc["Allegheny Anti-Trafficking Coalition"]
    assert coalition["where"] == "exact place" and not coalition["approximate"]


def test_no_street_address_and_no_contacts_unless_asked(
    sample_ws: Workspace, analyses: dict[str, object], tmp_path: Path, report: str
) -> None:
    addresses = [a for a in sample_ws.partners[s.ADDRESS] if a]
    emails = [e for e in sample_ws.partners[s.CONTACT_EMAIL] if e]
    assert addresses and emails
    assert not any(a in report for a in addresses)
    assert not any(e in report for e in emails)
    assert "Contact names, emails and phone numbers are left out of this report." in report
    with_contacts = mr.meeting_report_html(
        _content(_ws(sample_ws), analyses, tmp_path / "b", include_contacts=True)
    )
    assert all(e in with_contacts for e in emails)
    assert not any(a in with_contacts for a in addresses)


def test_self_assessments_only_as_an_average_of_enough_partners(
    sample_ws: Workspace, analyses: dict[str, object], tmp_path: Path, report: str
) -> None:
    assert "Average of 3 partners" in report
    assert SECRET_NOTE not in report
    assert "Partner 1" not in report  # no partner's own answers
    few = mr.meeting_report_html(_content(_ws(sample_ws), analyses, tmp_path / "c", assessed=2))
    assert "Average of 2 partners" not in few
    assert "2 partner(s) have filled in the self-assessment" in few
    assert "2 partner(s) have filled in the checklist" in few


def test_votes_notes_and_the_recommendation_are_in(report: str) -> None:
    assert "Meet monthly &lt;/script&gt;" in report
    assert "Adopted" in report and "Starting in April" in report
    assert "Coalition: We will show up &lt;/script&gt;" in report
    assert "What is your personal commitment to supporting survivors?" in report
    assert "From the answers saved for everyone." in report
    assert "Who leads: " in report
    assert f"{F.PARTNERS_LEAVING_A_HOLE} of {F.PARTNERS} partners would leave a hole" in report
    assert (
        "<h1>Valley &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;: meeting report</h1>"
        in report
    )


def test_only_the_chosen_sections_and_no_library_without_charts(
    sample_ws: Workspace, analyses: dict[str, object], tmp_path: Path
) -> None:
    html = mr.meeting_report_html(
        _content(_ws(sample_ws), analyses, tmp_path, sections=["meeting", "decisions"])
    )
    headings = re.findall(r'<h2 id="([a-z]+)">', html)
    assert headings == ["decisions", "meeting"]  # in the report's order
    assert "Plotly.newPlot" in html  # the vote's chart
    notes_only = mr.meeting_report_html(
        _content(_ws(sample_ws), analyses, tmp_path / "d", sections=["meeting"])
    )
    assert "Plotly" not in notes_only and len(notes_only) < 20_000


def test_missing_parts_say_so(sample_ws: Workspace) -> None:
    html = mr.meeting_report_html(mr.ReportContent(ws=sample_ws, prepared=dt.date(2026, 1, 1)))
    for text in (
        "No coverage gaps were computed",
        "No partners or relationships to show.",
        "The group has not answered the recommendation&#x27;s questions yet.",
        "No vote has been closed or shown yet.",
        "No kickoff meeting is recorded yet.",
        "No partners to analyse.",
    ):
        assert text in html, text
    assert "<h1>Our partnership: meeting report</h1>" in html


def test_the_gaps_are_told_in_residents_with_their_source(
    sample_ws: Workspace, analyses: dict[str, object]
) -> None:
    areas = analyses["areas"]
    html = mr.meeting_report_html(
        mr.ReportContent(
            ws=sample_ws,
            sections=["gaps"],
            areas=areas,  # type: ignore[arg-type]
            gaps=analyses["gaps"],  # type: ignore[arg-type]
            weights=cov.resident_weights(areas),  # type: ignore[arg-type]
        )
    )
    assert (
        "909,478 of the region&#x27;s 2,023,672 residents (45%) live where no childcare "
        "provider is within 10 miles" in html
    )
    assert "2,023,672 residents in 209 ZIP areas (2020 Census, Table P1" in html
    assert "How many partners reach the residents" in html
    assert "ZIP areas: no provider" in html  # the ZIP counts stay in the table


def test_an_empty_departure_table_reads_as_good_news(sample_ws: Workspace) -> None:
    risks = pd.DataFrame(
        {s.NAME: ["A"], s.SECTOR: ["Health"], "losses": [0], "only_provider_count": [0],
         "gap_areas": [0], "is_bridge": [False], "cut_off": [0], "only_provider_of": [""],
         "what_would_be_lost": ["-"]}
    )  # fmt: skip
    html = mr.meeting_report_html(
        mr.ReportContent(ws=sample_ws, sections=["departure"], risks=risks)
    )
    assert "nothing would be left uncovered" in html and "Plotly" not in html


def test_the_agreement_is_in_the_report_escaped_and_without_signatories(
    sample_ws: Workspace,
) -> None:
    draft = draft_agreement(sample_ws, partnership=f"Valley {EVIL}")
    first = replace(draft.parties[0], role=f"Hosts {EVIL}", signatory="Dana Signer")
    draft = replace(draft, parties=(first, *draft.parties[1:]), meetings=f"Tuesdays {EVIL}")
    content = mr.ReportContent(ws=sample_ws, sections=["agreement"], agreement=draft)
    html = mr.meeting_report_html(content)
    assert EVIL not in html and "<img" not in html
    assert "<td>Hosts &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</td>" in html
    assert "<p>Tuesdays &lt;/script&gt;" in html
    assert html.count("Not legal advice.") == 2
    for heading in ("1. Parties", "6. Roles and responsibilities", "16. Signatures"):
        assert f"<h3>{heading}</h3>" in html
    for name in sample_ws.partners[s.NAME]:
        assert f"For {html_escape(name)}" in html
    assert "Dana Signer" not in html and "Name: ______" in html
    signed = mr.meeting_report_html(replace(content, include_contacts=True))
    assert "Name: Dana Signer" in signed
    none = mr.meeting_report_html(replace(content, agreement=None))
    assert "No agreement has been drafted yet." in none


def test_the_overview_counts_relationships_as_the_network_does(sample_ws) -> None:  # type: ignore[no-untyped-def]
    html = mr.meeting_report_html(mr.ReportContent(ws=sample_ws, sections=["overview"]))
    from tests import sample_facts as facts

    assert (
        f"{facts.PAIRS} relationships between pairs of partners ({facts.RELATIONSHIPS} rows "
        "recorded" in html
    )


# ---- issue 17: the meeting report carries the spread of each partner's answers
def test_report_carries_each_partners_answers(sample_ws: Workspace) -> None:
    from mapping.partnership.partner_answers import PartnerAnswer

    ws = sample_ws
    answers = [
        PartnerAnswer("P01", {"goal": "new_program", "named_leads": True}, ""),
        PartnerAnswer("P02", {"goal": "share_resources", "named_leads": False}, ""),
    ]
    html_text = mr.meeting_report_html(
        mr.ReportContent(ws=ws, sections=["partners"], partner_answers=answers)
    )
    assert html_escape("Each partner's answers") in html_text
    assert "2 partners answered" in html_text
    assert "Talk about named leads first" in html_text
    assert "Partner 1" in html_text  # anonymous unless the facilitator chose otherwise
    empty = mr.meeting_report_html(mr.ReportContent(ws=ws, sections=["partners"]))
    assert "No organization has answered the questions for itself yet." in empty


def test_report_carries_the_change_over_time(sample_ws: Workspace) -> None:
    from mapping.analysis import change as ch

    before = ch.Snapshot.of(
        Workspace(sample_ws.partners, sample_ws.services, sample_ws.relationships.iloc[:40]),
        "kickoff",
    )
    change = ch.compare(before, ch.Snapshot.of(sample_ws, "now"))
    html_text = mr.meeting_report_html(
        mr.ReportContent(ws=sample_ws, sections=["change"], change=change)
    )
    assert "Change over time" in html_text
    assert html_escape(ch.change_reading(change)) in html_text
    assert "new tie" in html_text and "Ties per level, then and now" in html_text
    empty = mr.meeting_report_html(mr.ReportContent(ws=sample_ws, sections=["change"]))
    assert "No snapshot is saved yet" in empty
