"""Meeting notes: Markdown and Word hold the same content, and user text cannot break them."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document

from mapping.charts import recommend as charts
from mapping.data.workspace import Workspace
from mapping.partnership import pairs as pp
from mapping.partnership import recommend as r
from mapping.partnership import recommend_report as report

DAY = dt.date(2026, 11, 27)
HOSTILE = "# Evil\n- [x](javascript:alert(1)) <script>alert(1)</script> | *bold* `code` _u_ &amp;"
ANSWERS = {
    "goal": "new_program",
    "knows_community_needs": True,
    "communication_agreement": True,
    "trust": "medium",
    "exchanges_information": True,
    "named_leads": True,
    "partner_count": 12,
}
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@pytest.fixture(scope="module")
def rec() -> r.Recommendation:
    return r.recommend_collaboration(ANSWERS)


@pytest.fixture(scope="module")
def pairs(sample_ws: Workspace):  # type: ignore[no-untyped-def]
    return pp.partner_pairs(sample_ws)


def test_markdown_has_every_part(rec: r.Recommendation, pairs) -> None:  # type: ignore[no-untyped-def]
    prefill = {"partner_count": r.Prefill(12, "The workspace lists 12 partner organizations.")}
    md = report.report_markdown(
        rec, partnership="Valley Partnership", prefill=prefill, pairs=pairs, prepared=DAY
    )
    lines = md.splitlines()
    assert lines[0] == "# How we will work together: Valley Partnership"
    assert "Prepared on 2026-11-27 with the community resource map dashboard." in lines
    headings = [ln for ln in lines if ln.startswith("## ")]
    assert headings == [
        "## Recommendation",
        "## Why",
        "## Next steps",
        "## Who leads: Core group",
        "## How we decide: Representative",
        "## What we assumed",
        "## Our answers",
        "## Partner pairs",
    ]
    assert report.markdown_escape(rec.headline) in lines
    checklist = [ln for ln in lines if ln.startswith("- [ ] ")]
    assert len(checklist) == len(rec.next_steps) == 5
    assert any("Draft a Memorandum of Understanding" in ln for ln in checklist)
    # reasons say which answers they rest on
    assert any(
        ln.startswith("- Toward collaboration") or "Because you answered" in ln for ln in lines
    )
    assert sum("Because you answered" in ln for ln in lines) == len(
        rec.reasons + rec.leadership_reasons + rec.decision_reasons
    )
    # the answers table: every question, with where each answer came from
    answers = lines[lines.index("## Our answers") + 2 :]
    rows = answers[2 : 2 + len(r.QUESTIONS)]
    assert len(rows) == 14
    assert rows[-3].startswith(
        "| How many organizations are in the partnership? | 12 organizations"
    )
    assert (
        "Pre-filled from the workspace: The workspace lists 12 partner organizations." in rows[-3]
    )
    assert "| Not answered |" in rows[-2]
    # Gradients of Agreement scale, numbered
    assert "1. Whole-hearted endorsement" in lines and "8. Veto" in lines
    pair_rows = [ln for ln in lines[lines.index("## Partner pairs") :] if ln.startswith("| ")]
    assert len(pair_rows) == 1 + len(pairs)


def test_user_text_cannot_change_the_markdown_structure(rec: r.Recommendation) -> None:
    pairs = pp.partner_pairs(Workspace())
    md = report.report_markdown(rec, partnership=HOSTILE, pairs=pairs, prepared=DAY)
    first = md.splitlines()[0]
    assert first == (
        r"# How we will work together: # Evil - \[x\](javascript:alert(1)) "
        r"\<script\>alert(1)\</script\> \| \*bold\* \`code\` \_u\_ \&amp;"
    )
    assert "<script>" not in md and not re.search(r"(?<!\\)\]\(", md)  # no raw tag, no link
    assert sum(ln.startswith("# ") for ln in md.splitlines()) == 1


def test_markdown_escape_at_line_start() -> None:
    assert report.markdown_escape("# title") == r"\# title"
    assert report.markdown_escape("- item") == r"\- item"
    assert report.markdown_escape("1. first") == r"1\. first"
    assert report.markdown_escape("> quote") == r"\> quote"
    assert (
        report.markdown_escape("St. Brigid's - Pantry (North)") == "St. Brigid's - Pantry (North)"
    )
    assert report.markdown_escape("a\nb\r\n\tc\x00d") == "a b c d"


def test_partner_names_in_tables_keep_the_columns(rec: r.Recommendation) -> None:
    from tests.unit.helpers import csv, load

    ws = load(
        csv("partner_id,name,sector", "P1,A | B *Org*,Legal aid", "P2,[C](http://x) <b>,Health"),
        relationships=csv("source_id,target_id,level,trust", "P1,P2,cooperation,3"),
    )
    pairs = pp.partner_pairs(ws)
    md = report.report_markdown(rec, pairs=pairs, prepared=DAY)
    table = [
        ln
        for ln in md.splitlines()[md.splitlines().index("## Partner pairs") :]
        if ln.startswith("|")
    ]
    assert len(table) == 3
    assert {len(UNESCAPED_PIPE.findall(ln)) for ln in table} == {6}
    assert r"A \| B \*Org\*" in table[2] and r"\[C\](http://x) \<b\>" in table[2]


def _docx_text(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    doc = Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def test_word_document_says_the_same(rec: r.Recommendation, pairs) -> None:  # type: ignore[no-untyped-def]
    data = report.report_docx(rec, partnership=HOSTILE + "\x0b\x01", pairs=pairs, prepared=DAY)
    assert data[:2] == b"PK"
    paragraphs, tables = _docx_text(data)
    assert paragraphs[0] == (
        "How we will work together: # Evil - [x](javascript:alert(1)) "
        "<script>alert(1)</script> | *bold* `code` _u_ &amp;"
    )
    assert rec.headline in paragraphs
    assert [p for p in paragraphs if p.startswith("☐ ")] == [
        "☐ " + st.text + f" (needed for {st.level}"
        + ("" if st.answered else "; not answered yet, it may already be in place") + ")"
        for st in rec.next_steps
    ]  # fmt: skip
    readiness, answers, pair_table = tables
    assert readiness[0] == ["Level", "What partners do", "Needs in place", "Readiness", "Our goal"]
    assert [row[0] for row in readiness[1:]] == list(r.LEVELS)
    assert readiness[3][2:] == ["4 of 9", "44% (not yet)", "yes"]
    assert len(answers) == 1 + len(r.QUESTIONS)
    assert len(pair_table) == 1 + len(pairs)
    md_blocks = report.report_blocks(rec, pairs=pairs, prepared=DAY)
    assert sum(len(b.items) for b in md_blocks if b.kind == "bullets") == sum(
        doc_p.style.name == "List Bullet" for doc_p in Document(io.BytesIO(data)).paragraphs
    )


def test_long_pair_lists_are_cut_with_a_note(rec: r.Recommendation, pairs) -> None:  # type: ignore[no-untyped-def]
    many = pairs.sample(n=report.MAX_PAIR_ROWS + 30, replace=True, random_state=1)
    md = report.report_markdown(rec, pairs=many, prepared=DAY)
    assert "… and 30 more pairs: see the dashboard." in md


def test_answer_source(rec: r.Recommendation) -> None:
    prefill = {"trust": r.Prefill("high", "Median 4 of 4.")}
    assert (
        report.answer_source("trust", "high", prefill)
        == "Pre-filled from the workspace: Median 4 of 4."
    )
    assert report.answer_source("trust", "medium", prefill) == (
        "Changed by the group; the workspace suggested 'High: we rely on each other and talk "
        "openly about problems' (Median 4 of 4.)"
    )
    assert report.answer_source("goal", "new_program", prefill) == "Answered by the group"
    assert report.answer_source("goal", None, prefill) == ""


# ------------------------------------------------------------------------- charts
def test_readiness_chart_shows_the_table(rec: r.Recommendation) -> None:
    import pandas as pd

    table = pd.DataFrame(rec.needs_table())
    bar = charts.readiness_bar(table).data[0]
    assert list(bar["y"]) == ["collaboration (your goal)", "coordination", "cooperation"]
    assert list(bar["x"]) == [44, 100, 100]
    assert list(bar["text"]) == [
        "44% · 4 of 9",
        "100% · ready",
        "100% · ready",
    ]
    assert list(bar.marker.pattern.shape) == ["/", "", ""]  # not by colour alone


def test_pairs_chart_stacks_every_status(pairs) -> None:  # type: ignore[no-untyped-def]
    summary = pp.pairs_summary(pairs)
    fig = charts.pairs_bar(summary)
    assert [t.name for t in fig.data] == list(pp.STATUSES)
    for trace in fig.data:
        expected = summary.set_index("level")[trace.name]
        assert dict(zip(trace.y, trace.x, strict=True)) == expected.to_dict()
    assert len({t.marker.pattern.shape for t in fig.data}) == len(pp.STATUSES)
    assert fig.layout.showlegend is True
