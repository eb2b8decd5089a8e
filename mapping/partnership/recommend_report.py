"""The recommendation as meeting notes: Markdown and a Word document.

Both are rendered from one list of blocks (:func:`report_blocks`), so they always say the
same thing: the answers and where each came from, the recommendation, its reasons, the
next steps as a checklist, the leadership and decision-making advice, and optionally the
partner pairs.

Safety: partner names and the partnership's name are user text. In Markdown every
character that could start a link, an image, emphasis, code, a table cell, raw HTML or a
heading/list/quote at the start of a line is backslash-escaped (CommonMark treats a
backslash before ASCII punctuation as a literal), and line breaks are folded into spaces,
so no user text can change the document's structure. In Word, text goes into plain runs
(python-docx escapes XML); control characters that XML 1.0 forbids are removed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from mapping.partnership.recommend import (
    DECISION_TEXT,
    GRADIENTS_OF_AGREEMENT,
    GRADIENTS_SOURCE,
    LEADERSHIP_TEXT,
    LEVEL_DOES,
    QUESTION_SHORT,
    QUESTIONS,
    Prefill,
    Reason,
    Recommendation,
    answer_label,
    short_answer,
)

MAX_PAIR_ROWS = 200  # longer pair lists are cut, with a note, to keep the notes readable
FRAMEWORK = (
    "This recommendation follows the guide's three levels of partnership, from least to "
    "most integrated: cooperation, then coordination, then collaboration. Other "
    "frameworks order cooperating and coordinating differently."
)

BlockKind = Literal["title", "heading", "text", "bullets", "checklist", "numbered", "table"]


@dataclass(frozen=True)
class Block:
    """One piece of the report: a title, heading, paragraph, list or table."""

    kind: BlockKind
    text: str = ""
    items: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


# ----------------------------------------------------------------------------- escaping
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def plain_text(value: object) -> str:
    """One line of text: whitespace (line breaks included) folded, control chars removed."""
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def markdown_escape(value: object) -> str:
    """``value`` as literal Markdown text that cannot change the document's structure."""
    text = _MD_INLINE.sub(r"\\\1", plain_text(value))
    text = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _MD_ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


# ----------------------------------------------------------------------------- content
def _because(reason: Reason, answers: Mapping[str, Any]) -> str:
    given = [f"{QUESTION_SHORT[k]}: {short_answer(k, answers[k])}" for k in reason.answers]
    return f"{reason.text} (Because you answered {'; '.join(given)}.)"


def answer_source(key: str, value: Any, prefill: Mapping[str, Prefill]) -> str:
    """Where an answer came from, in words: the workspace (with its evidence) or the group."""
    suggested = prefill.get(key)
    if suggested is None:
        return "" if value is None else "Answered by the group"
    if value == suggested.value:
        return f"Pre-filled from the workspace: {suggested.note}"
    return (
        f"Changed by the group; the workspace suggested "
        f"'{answer_label(key, suggested.value)}' ({suggested.note})"
    )


def report_blocks(
    rec: Recommendation,
    *,
    partnership: str = "",
    prefill: Mapping[str, Prefill] | None = None,
    pairs: pd.DataFrame | None = None,
    pairs_reading: str = "",
    prepared: dt.date | None = None,
) -> list[Block]:
    """The report's content, in order.

    ``pairs`` is :func:`mapping.partnership.pairs.partner_pairs`."""
    prefill = prefill or {}
    name = plain_text(partnership) or "our partnership"
    day = (prepared or dt.date.today()).isoformat()
    blocks = [
        Block("title", f"How we will work together: {name}"),
        Block("text", f"Prepared on {day} with the community resource map dashboard."),
        Block("text", FRAMEWORK),
        Block("heading", "Recommendation"),
        Block("text", rec.headline),
        Block(
            "table",
            header=("Level", "What partners do", "Needs in place", "Readiness", "Our goal"),
            rows=tuple(
                (
                    row["level"],
                    LEVEL_DOES[row["level"]],
                    f"{row['in place']} of {row['needed']}",
                    f"{row['readiness %']}% ({row['status']})",
                    row["your goal"],
                )
                for row in rec.needs_table()
            ),
        ),
    ]
    if rec.contradictions:
        blocks += [
            Block("heading", "Answers to talk about first"),
            Block("bullets", items=tuple(_because(r, rec.answers) for r in rec.contradictions)),
        ]
    blocks.append(Block("heading", "Why"))
    if rec.reasons:
        blocks.append(Block("bullets", items=tuple(_because(r, rec.answers) for r in rec.reasons)))
    else:
        blocks.append(Block("text", "No questions are answered yet."))
    blocks.append(Block("heading", "Next steps"))
    if rec.next_steps:
        blocks.append(
            Block(
                "checklist",
                items=tuple(
                    f"{st.text} (needed for {st.level}"
                    + ("" if st.answered else "; not answered yet, it may already be in place")
                    + ")"
                    for st in rec.next_steps
                ),
            )
        )
    else:
        blocks.append(
            Block("text", "Nothing to build first: everything your goal's level needs is in place.")
        )
    lead_title, lead_text = LEADERSHIP_TEXT[rec.leadership]
    blocks += [
        Block("heading", f"Who leads: {lead_title}"),
        Block("text", lead_text),
        *_advice(rec.leadership_reasons, rec.answers, rec.leadership_pros, rec.leadership_cons),
    ]
    decision_title, decision_text = DECISION_TEXT[rec.decision_making]
    blocks += [
        Block("heading", f"How we decide: {decision_title}"),
        Block("text", decision_text),
        *_advice(rec.decision_reasons, rec.answers, rec.decision_pros, rec.decision_cons),
        Block("text", rec.gradients_reason),
    ]
    if rec.use_gradients:
        blocks.append(Block("numbered", items=GRADIENTS_OF_AGREEMENT))
        blocks.append(Block("text", GRADIENTS_SOURCE))
    if rec.assumptions:
        blocks += [
            Block("heading", "What we assumed"),
            Block("bullets", items=tuple(rec.assumptions)),
        ]
    blocks += [
        Block("heading", "Our answers"),
        Block(
            "table",
            header=("Question", "Answer", "Where it came from"),
            rows=tuple(
                (
                    q.text,
                    answer_label(q.key, rec.answers.get(q.key)),
                    answer_source(q.key, rec.answers.get(q.key), prefill),
                )
                for q in QUESTIONS
            ),
        ),
    ]
    if pairs is not None and not pairs.empty:
        blocks += _pair_blocks(pairs, pairs_reading)
    return blocks


def _advice(
    reasons: Sequence[Reason],
    answers: Mapping[str, Any],
    pros: Sequence[str],
    cons: Sequence[str],
) -> list[Block]:
    out = []
    if reasons:
        out += [
            Block("text", "Why:"),
            Block("bullets", items=tuple(_because(r, answers) for r in reasons)),
        ]
    out += [Block("text", "Pros:"), Block("bullets", items=tuple(pros))]
    out += [Block("text", "Cons, and what to watch for:"), Block("bullets", items=tuple(cons))]
    return out


def _pair_blocks(pairs: pd.DataFrame, reading: str) -> list[Block]:
    shown = pairs.head(MAX_PAIR_ROWS)
    blocks = [Block("heading", "Partner pairs")]
    if reading:
        blocks.append(Block("text", reading))
    blocks.append(
        Block(
            "table",
            header=("Partner A", "Partner B", "Level now", "Status", "What the data show"),
            rows=tuple(
                (str(r.name_a), str(r.name_b), str(r.level_now), str(r.status), str(r.why))
                for r in shown.itertuples(index=False)
            ),
        )
    )
    if len(pairs) > len(shown):
        blocks.append(
            Block("text", f"… and {len(pairs) - len(shown)} more pairs: see the dashboard.")
        )
    return blocks


# ----------------------------------------------------------------------------- Markdown
def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(markdown_escape(c) or " " for c in cells) + " |"


def render_markdown(blocks: Sequence[Block]) -> str:
    """Blocks as GitHub-flavoured Markdown (task lists for the checklist)."""
    lines: list[str] = []
    for b in blocks:
        if b.kind == "title":
            lines += [f"# {markdown_escape(b.text)}", ""]
        elif b.kind == "heading":
            lines += [f"## {markdown_escape(b.text)}", ""]
        elif b.kind == "text":
            lines += [markdown_escape(b.text), ""]
        elif b.kind == "bullets":
            lines += [*(f"- {markdown_escape(i)}" for i in b.items), ""]
        elif b.kind == "checklist":
            lines += [*(f"- [ ] {markdown_escape(i)}" for i in b.items), ""]
        elif b.kind == "numbered":
            lines += [*(f"{n}. {markdown_escape(i)}" for n, i in enumerate(b.items, 1)), ""]
        else:
            lines += [
                _md_row(b.header),
                "|" + "|".join("---" for _ in b.header) + "|",
                *(_md_row(r) for r in b.rows),
                "",
            ]
    return "\n".join(lines)


def report_markdown(rec: Recommendation, **kwargs: Any) -> str:
    """The recommendation as Markdown meeting notes (arguments as :func:`report_blocks`)."""
    return render_markdown(report_blocks(rec, **kwargs))


# ----------------------------------------------------------------------------- Word
def render_docx(blocks: Sequence[Block]) -> bytes:
    """Blocks as a Word document (.docx): headings, lists and tables of plain runs."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    for b in blocks:
        if b.kind == "title":
            doc.add_heading(plain_text(b.text), level=0)
        elif b.kind == "heading":
            doc.add_heading(plain_text(b.text), level=1)
        elif b.kind == "text":
            doc.add_paragraph(plain_text(b.text))
        elif b.kind == "bullets":
            for item in b.items:
                doc.add_paragraph(plain_text(item), style="List Bullet")
        elif b.kind == "checklist":
            for item in b.items:
                doc.add_paragraph("☐ " + plain_text(item))
        elif b.kind == "numbered":
            for item in b.items:
                doc.add_paragraph(plain_text(item), style="List Number")
        else:
            table = doc.add_table(rows=1, cols=len(b.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, b.header, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(plain_text(text)).bold = True
            for row in b.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = plain_text(text)
            doc.add_paragraph("")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def report_docx(rec: Recommendation, **kwargs: Any) -> bytes:
    """The recommendation as a Word document (arguments as :func:`report_blocks`)."""
    return render_docx(report_blocks(rec, **kwargs))
