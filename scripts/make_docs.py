"""Write docs/data-format.md from mapping/data/schema.py (run: python scripts/make_docs.py).

The column names, kinds, synonyms and every allowed value come from the schema, so the
document cannot drift from the code; tests/unit/test_docs.py checks it is up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mapping.data import schema as s  # noqa: E402

OUT = ROOT / "docs" / "data-format.md"

INTRO = """\
# Data format

A community's resource map is three tables. Save them as CSV (UTF-8 is best; Excel's
Windows encoding works too) or as sheets of one Excel workbook named `partners`,
`services` and `relationships`. The Data page has templates with one example row each.

* **Rows are checked one by one.** A row with an *error* is kept out and listed with the
  file, row, column, value and how to fix it; every other row loads. A *warning* means the
  row loaded and the message says what was changed or ignored. For each file,
  rows read = rows loaded + rows kept out. Row 1 is the first row under the header, so
  row *N* is line *N + 1* in Excel.
* **Headers are forgiving**: any case and spacing, and the synonyms listed below
  ("Organization Name", "Zip Code", "Postcode", "lat", "lng" ...). Columns that are not
  part of the format are reported and not loaded.
* **Delimiters and encodings**: comma, semicolon or tab; UTF-8 with or without a byte-order
  mark, Windows-1252, Latin-1, UTF-16; LF, CRLF or CR line endings. Blank lines are skipped.
* **Lists** (languages, populations, relationship types) are separated by `|`
  (`;` and `,` are accepted too).
* **Yes/no columns** accept true/false, yes/no, y/n, 1/0 and x; blank means unknown.
* **ZIP codes**: ZIP+4 is cut to five digits, and leading zeros Excel dropped are put back
  (2138 becomes 02138).

## Never client data

This tool maps organizations and their services, never the people they serve. A column
whose header looks like client information (client or victim names, dates of birth, Social
Security numbers, case numbers) is refused and none of its values are stored; a cell that
contains something shaped like a Social Security number keeps its row out.

## Confidential locations

Mark a shelter or safe house with `confidential_location = true`. Its street address and
exact coordinates are then **not stored at all**: the row is kept, placed only at its ZIP
code (or city), and shown, exported and geocoded only at that level. Give it a ZIP code so
it can be placed approximately. A value other than true/false in this column keeps the row
out, so that a private address is never shown by mistake.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _column_table(spec: s.FileSpec) -> str:
    lines = [
        "| column | required | kind | what it holds | example | also accepted as |",
        "|---|---|---|---|---|---|",
    ]
    for c in spec.columns:
        synonyms = ", ".join(f"`{x}`" for x in c.synonyms) or ""
        lines.append(
            f"| `{c.name}` | {'yes' if c.required else ''} | {c.kind} | "
            f"{_cell(c.description)} | `{_cell(c.example)}` | {synonyms} |"
        )
    return "\n".join(lines)


def _vocab_table(vocab: s.Vocabulary, *, group: bool = False, radius: bool = False) -> str:
    head = (
        ["value"]
        + (["group"] if group else [])
        + (["near enough (miles)"] if radius else [])
        + ["meaning", "also accepted"]
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for t in vocab.terms:
        cells = [f"`{t.label}`"]
        if group:
            cells.append(t.group)
        if radius:
            cells.append(f"{t.radius_miles:g}")
        cells += [_cell(t.description), _cell(", ".join(t.synonyms))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render() -> str:
    parts = [INTRO]
    for spec in (s.PARTNERS_SPEC, s.SERVICES_SPEC, s.RELATIONSHIPS_SPEC):
        parts.append(
            f"## {spec.name}\n\n{spec.purpose} Each row is identified by "
            f"{' + '.join(f'`{k}`' for k in spec.key)}.\n\n{_column_table(spec)}\n"
        )
    parts.append(
        "A service whose location columns are all blank is offered **at the partner's "
        "location** (and is confidential when the partner is).\n\n"
        "`relationships.csv` records a relationship as one partner (the source) sees it. "
        "When both partners record it and their levels differ, the dashboard lists the pair "
        "for discussion.\n"
    )
    parts.append("## Sectors\n\nOne per partner.\n\n" + _vocab_table(s.SECTORS) + "\n")
    parts.append(
        "## Service categories\n\nThe top level follows Open Eligibility "
        "(https://openeligibility.org): " + ", ".join(s.CATEGORY_GROUPS) + ". A category "
        "with the same name as its group means 'other help of that kind'. *Near enough* is "
        "the default distance within which a provider counts as serving an area in the gap "
        "analysis; it can be changed in the app, and a service's own "
        "`service_radius_miles` counts when given.\n\n"
        + _vocab_table(s.CATEGORIES, group=True, radius=True)
        + f"\n`{s.UNCATEGORISED}` is also accepted: an imported service whose taxonomy terms "
        "map to no category loads with it, is shown and listed, counts as a provider of no "
        "category, and waits to be categorised on the Data page's Import tab.\n"
    )
    parts.append(
        "## Relationship levels\n\nFrom least to most integrated, as the "
        "partnership guide defines them.\n\n" + _vocab_table(s.LEVELS) + "\n"
    )
    parts.append(
        "## Relationship types\n\nAny text is kept; these values are recognised "
        "(a close misspelling gets a suggestion).\n\n" + _vocab_table(s.RELATIONSHIP_TYPES) + "\n"
    )
    parts.append(
        "## Populations served\n\nAny text is kept; values outside this list get a "
        "warning because the gap analysis only counts these.\n\n"
        + _vocab_table(s.POPULATIONS_VOCAB)
        + "\n"
    )
    parts.append(
        "## Languages\n\nAny language is kept; these names and codes are "
        "recognised and written the same way everywhere.\n\n"
        + _vocab_table(s.LANGUAGES_VOCAB)
        + "\n"
    )
    return "\n".join(parts)


if __name__ == "__main__":
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
