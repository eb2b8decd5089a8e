"""The draft partnership agreement (MOU): what the workspace and the recommendation put in
it, every party and field in the exports, and user text that cannot break them."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import replace

import pytest
from docx import Document

from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.partnership import agreement as ag
from mapping.partnership.recommend import LEADERSHIP_TEXT, recommend_collaboration
from mapping.partnership.recommend_report import markdown_escape
from tests.unit.helpers import csv, load

DAY = dt.date(2026, 3, 10)
ANSWERS = {
    "goal": "new_program",
    "knows_community_needs": True,
    "communication_agreement": True,
    "exchanges_information": True,
    "named_leads": True,
    "trust": "medium",
    "partner_count": 3,
}
NASTY = "<b>Hope</b> & *Co* | [x](http://evil) # 1. \x07"


def _ws() -> Workspace:
    return load(
        csv(
            "partner_id,name,sector,city,state,zip",
            f'P1,"{NASTY}",Victim services,Pittsburgh,PA,15222',
            "P2,Three Rivers Legal Aid,Legal aid,Pittsburgh,PA,15219",
            "P3,Job Center,Workforce development,Butler,PA,16001",
        ),
        csv(
            "service_id,partner_id,category",
            "S1,P1,Shelter",
            "S2,P1,Crisis line",
            "S3,P2,Immigration legal aid",
        ),
    )


def _draft() -> ag.AgreementDraft:
    return ag.draft_agreement(
        _ws(), recommend_collaboration(ANSWERS), partnership="Valley Partnership", today=DAY
    )


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_draft_takes_the_parties_and_their_roles_from_the_workspace() -> None:
    d = _draft()
    assert [(p.partner_id, p.sector) for p in d.parties] == [
        ("P1", "Victim services"),
        ("P2", "Legal aid"),
        ("P3", "Workforce development"),
    ]
    assert d.parties[0].role.startswith("Offers Crisis line, Shelter. Refers survivors")
    assert d.parties[1].role.startswith("Offers Immigration legal aid.")
    assert d.parties[2].role.startswith("Refers survivors")  # offers nothing yet
    assert all(p.signatory == "" for p in d.parties)  # nobody is named for them
    assert d.partnership == "Valley Partnership"
    assert (d.effective_date, d.review_date, d.prepared) == (
        "2026-03-10",
        "2027-03-10",
        "2026-03-10",
    )
    assert "the Pittsburgh, PA area" in d.mission


def test_the_draft_follows_the_recommendation() -> None:
    rec = recommend_collaboration(ANSWERS)
    d = _draft()
    assert d.level.startswith(f"We work together at the {rec.recommended_level} level")
    assert "Our goal calls for collaboration" in d.level
    assert d.leadership.startswith(LEADERSHIP_TEXT[rec.leadership][0])
    assert "Lead organization(s): (to be agreed)." in d.leadership
    assert d.decisions.startswith("Consensus.") and "Gradients of Agreement" in d.decisions
    bare = ag.draft_agreement(_ws(), None, today=DAY)
    assert (bare.level, bare.leadership, bare.decisions) == ("", "", "")
    assert "no client data" in bare.confidentiality.lower()
    assert "confidential locations" in bare.confidentiality.lower()


def test_every_party_and_every_field_is_in_the_markdown() -> None:
    d = replace(
        _draft(),
        meetings="Second Tuesday of each month\nat the library",
        documents="Shared drive: Partnership",
        parties=tuple(
            replace(p, signatory=f"Signer {i}", title="Director")
            for i, p in enumerate(_draft().parties)
        ),
    )
    md = ag.agreement_markdown(d)
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    assert headings == [
        r"1\. Parties",
        r"2\. Shared mission",
        r"3\. Vision",
        r"4\. Core values",
        r"5\. How closely we work together",
        r"6\. Roles and responsibilities",
        r"7\. Leadership",
        r"8\. How we make decisions",
        r"9\. Meetings",
        r"10\. Communication",
        r"11\. Shared documents",
        r"12\. Protocols",
        r"13\. Confidentiality",
        r"14\. Stakeholders who are not signing members",
        r"15\. Term, review and withdrawal",
        r"16\. Signatures",
    ]
    assert md.startswith("# Memorandum of Understanding: Valley Partnership")
    assert md.count("Not legal advice.") == 2  # at the top and at the end
    for i, party in enumerate(d.parties):
        assert f"For {markdown_escape(party.name)}" in md
        assert f"Name: Signer {i}" in md
    assert md.count("Title: Director") == 3
    assert md.count(r"Signature: \_\_\_") == 3
    assert "Second Tuesday of each month\n\nat the library" in md  # a line per paragraph
    assert "Takes effect on: March 10, 2026. Reviewed together by: March 10, 2027." in md
    assert md.count("- ") >= len(ag.CONFIDENTIALITY)


def test_user_text_cannot_change_the_markdown() -> None:
    md = ag.agreement_markdown(_draft())
    assert not re.search(r"(?<!\\)<b", md) and not re.search(r"(?<!\\)\]\(", md)
    assert r"\<b\>Hope\</b\> \& \*Co\* \| \[x\](http://evil) # 1. |" in md
    assert "\x07" not in md
    # the name in a table cell does not add a column
    row = next(line for line in md.splitlines() if "Hope" in line and line.startswith("| "))
    assert row.count(" | ") == 1


def test_user_text_is_plain_text_in_the_word_document() -> None:
    data = ag.agreement_docx(_draft())
    text = _docx_text(data)
    assert "Memorandum of Understanding: Valley Partnership" in text
    assert "<b>Hope</b> & *Co* | [x](http://evil) # 1." in text  # literally, in a run
    assert "\x07" not in text
    assert text.count("Not legal advice.") == 2
    for p in _draft().parties:
        assert p.name.replace("\x07", "").strip() in text.replace("\x07", "")
    assert text.count("Signature: ") == 3


def test_empty_fields_say_to_be_agreed() -> None:
    d = replace(_draft(), mission="  ", confidentiality="", parties=())
    md = ag.agreement_markdown(d)
    body = md.split(r"## 2\. Shared mission", 1)[1]
    assert body.lstrip().startswith("(to be agreed)")
    assert md.count("(to be agreed)") >= 5  # parties, mission, roles, confidentiality, lead


def test_parties_can_be_chosen_and_keep_their_edits() -> None:
    ws = _ws()
    d = _draft()
    edited = replace(d, parties=(replace(d.parties[0], role="We host."), *d.parties[1:]))
    fewer = ag.with_parties(edited, ws, ["P3", "P1"])
    assert [p.partner_id for p in fewer.parties] == ["P3", "P1"]
    assert fewer.parties[1].role == "We host."
    back = ag.with_parties(fewer, ws, ["P1", "P2", "P3", "P9"])  # P9 is not a partner
    assert [p.partner_id for p in back.parties] == ["P1", "P2", "P3"]
    assert back.parties[1].role.startswith("Offers Immigration legal aid.")


def test_a_saved_draft_reads_back_and_a_broken_one_says_so() -> None:
    d = _draft()
    again = ag.AgreementDraft.from_json(json.loads(json.dumps(d.to_json())))
    assert again == d
    with pytest.raises(ag.AgreementError, match="cannot be read"):
        ag.AgreementDraft.from_json(["not", "a", "draft"])
    partial = ag.AgreementDraft.from_json({"mission": "Ours", "parties": [{"name": ""}, 3]})
    assert (partial.mission, partial.parties) == ("Ours", ())


def test_too_long_a_field_is_refused() -> None:
    ag.check_draft(_draft())
    with pytest.raises(ag.AgreementError, match="'Meetings' is longer than 4000"):
        ag.check_draft(replace(_draft(), meetings="x" * 4001))
    long_role = replace(_draft().parties[1], role="y" * 4001)
    with pytest.raises(ag.AgreementError, match="role of Three Rivers Legal Aid"):
        ag.check_draft(replace(_draft(), parties=(long_role,)))


def test_the_sample_draft_names_every_partner(sample_ws: Workspace) -> None:
    d = ag.draft_agreement(sample_ws)
    assert len(d.parties) == len(sample_ws.partners)
    text = _docx_text(ag.agreement_docx(d))
    for name in sample_ws.partners[s.NAME]:
        assert f"For {name}" in text


# issue 17: vision and core values beside the mission, protocols, and the stakeholders
# who are not signing members
def test_the_draft_has_vision_values_protocols_and_stakeholders(sample_ws: Workspace) -> None:
    draft = ag.draft_agreement(sample_ws)
    assert draft.vision.startswith("A community in") and draft.core_values.count("\n") == 3
    blocks = {b.text: i for i, b in enumerate(ag.agreement_blocks(draft)) if b.kind == "heading"}
    listed = [b for b in ag.agreement_blocks(draft) if b.kind == "bullets"]
    assert any("Survivor leaders" in item for b in listed for item in b.items)
    assert any("Referrals:" in item for b in listed for item in b.items)
    assert "14. Stakeholders who are not signing members" in blocks
