"""Partner pairs: the level each pair has now, disagreements, and which could deepen next."""

from __future__ import annotations

import csv as csvlib
from pathlib import Path

import pandas as pd
import pytest

from mapping import partner_pairs
from mapping.data.workspace import Workspace
from mapping.partnership import pairs as pp
from tests import sample_facts as F
from tests.unit.helpers import csv, load

PARTNERS = csv(
    "partner_id,name,sector",
    "P1,Safe Harbor,Victim services",
    "P2,Job Center,Workforce development",
    "P3,Legal Aid,Legal aid",
    "P4,Community College,Education",
    "P5,Clinic,Health",
)


def pairs_of(*rows: str) -> pd.DataFrame:
    ws = load(PARTNERS, relationships=csv("source_id,target_id,level,type,trust", *rows))
    assert not ws.errors, ws.errors
    return partner_pairs(ws)


def by_pair(df: pd.DataFrame) -> dict[tuple[str, str], dict[str, object]]:
    return {(r["partner_a"], r["partner_b"]): r for r in df.to_dict("records")}


def test_one_row_per_pair_with_each_partners_record() -> None:
    df = pairs_of(
        "P1,P2,collaboration,Joint program|MOU,4",
        "P2,P1,coordination,Referral,3",
        "P3,P1,cooperation,Referral,3",
        "P4,P5,coordination,Information exchange,4",
        "P5,P4,coordination,Joint outreach,4",
    )
    assert list(df.columns) == list(pp.PAIR_COLUMNS)
    rows = by_pair(df)
    assert set(rows) == {("P1", "P2"), ("P1", "P3"), ("P4", "P5")}
    seen = rows[("P1", "P2")]
    assert seen == {
        "partner_a": "P1",
        "partner_b": "P2",
        "name_a": "Safe Harbor",
        "name_b": "Job Center",
        "level_now": "coordination",
        "level_a": "collaboration",
        "level_b": "coordination",
        "seen_differently": True,
        "together": "Referral|MOU|Joint program",
        "trust": 3,
        "next_level": "",
        "status": "seen differently",
        "why": "Safe Harbor records collaboration, Job Center records coordination: agree "
        "first on where you stand (counted as coordination, the lower of the two).",
    }
    one_side = rows[("P1", "P3")]
    assert (one_side["level_a"], one_side["level_b"]) == ("", "cooperation")
    assert one_side["why"] == (
        "Could deepen to coordination: trust is 3 of 4. Still to build: regular information "
        "exchange and named leads in each organization. Only Legal Aid recorded it: ask "
        "Safe Harbor how they see it."
    )
    both = rows[("P4", "P5")]
    assert both["status"] == "could deepen next" and not both["seen_differently"]
    assert both["why"] == (
        "Could deepen to collaboration: trust is 4 of 4. Still to build: a written agreement "
        "(MOU), well-defined roles, a new common mission and shared decision-making."
    )
    # could deepen next first, then seen differently
    assert list(df["status"]) == ["could deepen next", "could deepen next", "seen differently"]


@pytest.mark.parametrize(
    ("row", "status", "next_level"),
    [
        ("P1,P2,cooperation,Referral,2", "build trust first", "coordination"),
        ("P1,P2,cooperation,Referral,3", "could deepen next", "coordination"),
        ("P1,P2,cooperation,Referral,", "build trust first", "coordination"),
        ("P1,P2,coordination,Referral|MOU,3", "build trust first", "collaboration"),
        ("P1,P2,coordination,Referral,4", "could deepen next", "collaboration"),
        ("P1,P2,collaboration,Joint program|MOU,4", "deepest level", ""),
        ("P1,P2,collaboration,Joint program,4", "check the recorded level", ""),
    ],
)
def test_trust_decides_which_pairs_could_deepen(row: str, status: str, next_level: str) -> None:
    (pair,) = pairs_of(row, row.replace("P1,P2", "P2,P1")).to_dict("records")
    assert (pair["status"], pair["next_level"]) == (status, next_level)
    assert "Only" not in pair["why"]  # both partners recorded it


def test_evidence_in_the_data_is_named() -> None:
    (pair,) = pairs_of("P1,P2,coordination,MOU|Referral,2").to_dict("records")
    assert pair["why"] == (
        "Before collaboration, build trust (now 2 of 4; collaboration needs 4 or more). "
        "Already there: a written agreement (MOU) (MOU). Only Safe Harbor recorded it: ask "
        "Job Center how they see it."
    )
    (blank,) = pairs_of("P1,P2,cooperation,,").to_dict("records")
    assert blank["why"].startswith(
        "Before coordination, build trust (no trust rating recorded; coordination needs 3 or more)."
    )


def test_no_relationships_no_pairs() -> None:
    df = partner_pairs(Workspace())
    assert df.empty and list(df.columns) == list(pp.PAIR_COLUMNS)
    assert pp.pairs_reading(df) == (
        "No relationships are recorded yet, so there are no pairs to compare."
    )
    assert pp.pairs_summary(df)["total"].tolist() == [0, 0, 0]


def test_sample_pairs_summary_reading_and_filters(sample_ws: Workspace) -> None:
    df = partner_pairs(sample_ws)
    assert len(df) == F.PAIRS
    summary = pp.pairs_summary(df)
    assert summary.to_dict("records") == [
        {"level": "cooperation", "could deepen next": 23, "seen differently": 1,
         "check the recorded level": 0, "build trust first": 8, "deepest level": 0,
         "total": 32},
        {"level": "coordination", "could deepen next": 7, "seen differently": 2,
         "check the recorded level": 0, "build trust first": 26, "deepest level": 0,
         "total": 35},
        {"level": "collaboration", "could deepen next": 0, "seen differently": 0,
         "check the recorded level": 2, "build trust first": 0, "deepest level": 3,
         "total": 5},
    ]  # fmt: skip
    assert pp.pairs_reading(df) == (
        f"{F.PAIRS} pairs of partners work together: 32 at cooperation, 35 at coordination and "
        "5 at collaboration; 30 could deepen next, and 3 are seen differently by the two "
        "partners; 2 are recorded at a level the rest of the record does not support: "
        "check them together."
    )
    different = pp.filter_pairs(df, status="seen differently")
    assert sorted(zip(different["partner_a"], different["partner_b"], strict=True)) == [
        ("P01", "P08"),
        ("P01", "P10"),
        ("P07", "P23"),
    ]
    with_p01 = pp.filter_pairs(df, partner="P01")
    assert len(with_p01) == 16  # with the funder since issue 17
    assert ((with_p01["partner_a"] == "P01") | (with_p01["partner_b"] == "P01")).all()
    table = pp.pairs_table(different)
    assert list(table.columns) == list(pp.TABLE_COLUMNS.values())
    assert "not recorded" not in set(table["As B recorded it"])


def _emon_workspace(realdata: Path, case: str) -> tuple[Workspace, list[tuple[str, str, str]]]:
    """An EMON network as a workspace: report frequency 1 (continuously) -> collaboration,
    2 -> coordination, 3-4 -> cooperation (a fixture mapping, to get real reciprocal reports
    that disagree)."""
    folder = realdata / "statnet_org_networks"
    with open(folder / f"emon_{case}_nodes.csv", encoding="utf-8") as fh:
        nodes = list(csvlib.DictReader(fh))
    with open(folder / f"emon_{case}_edges.csv", encoding="utf-8") as fh:
        edges = list(csvlib.DictReader(fh))
    level = {1: "collaboration", 2: "coordination", 3: "cooperation", 4: "cooperation"}
    ties = [
        (
            f"V{int(e['tail_id']):02d}",
            f"V{int(e['head_id']):02d}",
            level[int(float(e["Frequency"]))],
        )
        for e in edges
    ]
    partners = ["partner_id,name,sector"] + [
        f"V{int(n['vertex_id']):02d},{n['vertex.names'].replace('.', ' ').strip()},Government"
        for n in nodes
    ]
    rels = ["source_id,target_id,level"] + [",".join(t) for t in ties]
    return load(csv(*partners), relationships=csv(*rels)), ties


@pytest.mark.realdata
@pytest.mark.parametrize("case", ["Texas", "MtStHelens", "Cheyenne"])
def test_real_directed_networks(realdata: Path, case: str) -> None:
    ws, ties = _emon_workspace(realdata, case)
    assert not ws.errors
    df = partner_pairs(ws)
    recorded = {(a, b): lv for a, b, lv in ties}
    unordered = {tuple(sorted((a, b))) for a, b, _ in ties}
    assert len(df) == len(unordered)
    rank = {"cooperation": 0, "coordination": 1, "collaboration": 2}
    for row in df.to_dict("records"):
        a, b = row["partner_a"], row["partner_b"]
        assert a < b
        levels = [lv for lv in (recorded.get((a, b)), recorded.get((b, a))) if lv]
        assert row["level_now"] == min(levels, key=rank.__getitem__)
        assert row["seen_differently"] == (len(set(levels)) == 2)
        assert (row["status"] == "seen differently") == row["seen_differently"]
    assert df["seen_differently"].any()


@pytest.mark.realdata
def test_real_health_department_network_at_scale(realdata: Path) -> None:
    folder = realdata / "statnet_org_networks"
    with open(folder / "lhds_local_health_departments_edges.csv", encoding="utf-8") as fh:
        edges = [(r["tail_name"], r["head_name"]) for r in csvlib.DictReader(fh)]
    names = sorted({n for e in edges for n in e})
    ws = load(
        csv("partner_id,name,sector", *(f"{n},Health department {n},Health" for n in names)),
        relationships=csv(
            "source_id,target_id,level", *(f"{a},{b},coordination" for a, b in edges)
        ),
    )
    assert ws.counts["relationships.csv"]["loaded"] == 2708
    df = partner_pairs(ws)
    assert len(df) == len({tuple(sorted(e)) for e in edges})
    assert set(df["status"]) == {"build trust first"}  # no trust is recorded


def test_pair_detail_escapes_names() -> None:
    from mapping.partnership.recommend_report import markdown_escape

    ws = load(
        csv("partner_id,name,sector", "P1,[Click](http://x) *A*,Legal aid", "P2,<b>B</b>,Health"),
        relationships=csv(
            "source_id,target_id,level,type,trust", "P1,P2,cooperation,Referral|Shared resources,3"
        ),
    )
    (pair,) = [row for _, row in partner_pairs(ws).iterrows()]
    text = pp.pair_detail(pair, escape=markdown_escape)
    assert text.startswith(
        r"**\[Click\](http://x) \*A\* and \<b\>B\</b\>** (level now: cooperation; could deepen "
        "next; together: Referral, Shared resources)\n\n"
    )
    assert "](" not in text.replace(r"\](", "")


# ------------------------------------------------------------------ issue 17: the guide
# DOMAIN.md "Levels of collaboration": collaboration needs "high trust", shared resources
# and "written protocols and plans, including a Memorandum of Understanding (MOU)".
def test_collaboration_with_low_trust_and_only_referrals_is_not_the_deepest_level() -> None:
    (pair,) = pairs_of("P1,P2,collaboration,Referral,1", "P2,P1,collaboration,Referral,1").to_dict(
        "records"
    )
    assert pair["status"] == "check the recorded level"
    assert "Already collaborating" not in pair["why"]
    assert pair["why"] == (
        "Recorded as collaboration, but collaboration needs high trust, shared resources and "
        "a written agreement; the record lacks high trust (1 of 4; collaboration needs 4), "
        "shared resources such as staff, space or funds and a written agreement (MOU). "
        "Check the level together, or build what is missing."
    )


def test_collaboration_with_everything_it_needs_is_the_deepest_level() -> None:
    (pair,) = pairs_of(
        "P1,P2,collaboration,Shared resources|MOU,4", "P2,P1,collaboration,MOU,4"
    ).to_dict("records")
    assert pair["status"] == "deepest level"
    assert pp.collaboration_missing({"Shared resources", "MOU"}, 4) == []
    assert pp.collaboration_missing({"Co-location", "MOU"}, None) == [
        "high trust (none recorded; collaboration needs 4)"
    ]


@pytest.mark.parametrize(
    ("row", "flagged"),
    [
        ("P1,P2,cooperation,MOU,2", True),
        ("P1,P2,cooperation,Joint program,3", True),
        ("P1,P2,coordination,Joint program,3", True),
        ("P1,P2,coordination,MOU,3", False),  # a written agreement fits coordination
        ("P1,P2,cooperation,Referral,3", False),
    ],
)
def test_work_of_a_deeper_level_recorded_at_a_lower_one_is_flagged(row: str, flagged: bool) -> None:
    (pair,) = pairs_of(row, row.replace("P1,P2", "P2,P1")).to_dict("records")
    assert (pair["status"] == "check the recorded level") is flagged
    if flagged:
        assert pair["why"].startswith(f"Recorded as {pair['level_now']}, but the record also shows")


# issue 17: ties rated from both sides - a trust gap of 2 or more is "seen differently"
def test_two_sides_that_rate_trust_far_apart_see_the_tie_differently() -> None:
    (pair,) = pairs_of("P1,P2,cooperation,Referral,4", "P2,P1,cooperation,Referral,1").to_dict(
        "records"
    )
    assert pair["status"] == "seen differently" and pair["seen_differently"]
    assert pair["why"] == (
        "Safe Harbor rates trust 4 of 4, Job Center rates it 1: talk about it first (the "
        "lower trust counts)."
    )
    (close,) = pairs_of("P1,P2,cooperation,Referral,4", "P2,P1,cooperation,Referral,3").to_dict(
        "records"
    )
    assert close["status"] == "could deepen next" and not close["seen_differently"]
