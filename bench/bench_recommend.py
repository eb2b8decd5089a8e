"""Recommendation benchmark: partner pairs at scale, the rules, and the meeting notes.

Each table compares against a baseline measured in the same run:
* partner pairs vs a row-by-row ``iterrows`` version producing the same table (the obvious
  way to write it), and vs a bare pandas ``groupby`` that only forms the pairs (the floor);
* the rules vs validating the answers alone;
* the Word notes vs saving an empty python-docx document (the floor of any .docx).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from bench.common import median_seconds, print_table
from mapping.data import schema as s
from mapping.data.sample import load_sample
from mapping.data.workspace import Workspace, conform
from mapping.partnership.pairs import PAIR_COLUMNS, _pair_why, partner_pairs
from mapping.partnership.recommend import (
    LEVEL_RANK,
    prefill_answers,
    recommend_collaboration,
    validate_answers,
)
from mapping.partnership.recommend_report import report_docx, report_markdown

TYPES = ["Referral", "Information exchange", "Referral|Joint outreach", "MOU|Joint program", ""]


def synthetic_workspace(n_relationships: int, seed: int = 11) -> Workspace:
    """Partners and directed relationships (about 40% reported by both sides)."""
    rng = np.random.default_rng(seed)
    n_partners = max(20, n_relationships // 4)
    ids = np.array([f"P{i:06d}" for i in range(n_partners)])
    partners = pd.DataFrame(
        {s.PARTNER_ID: ids, s.NAME: [f"Org {i}" for i in range(n_partners)], s.SECTOR: "Health"}
    )
    n_pairs = int(n_relationships / 1.4)
    a = rng.integers(0, n_partners, n_pairs * 2)
    b = rng.integers(0, n_partners, n_pairs * 2)
    keep = a != b
    pairs = pd.DataFrame({"a": a[keep], "b": b[keep]})
    pairs = pairs.assign(lo=pairs.min(axis=1), hi=pairs.max(axis=1)).drop_duplicates(["lo", "hi"])
    pairs = pairs.head(n_pairs)
    back = pairs.sample(frac=0.4, random_state=seed)
    src = np.concatenate([pairs["a"], back["b"]])[:n_relationships]
    tgt = np.concatenate([pairs["b"], back["a"]])[:n_relationships]
    n = len(src)
    rel = pd.DataFrame(
        {
            s.SOURCE_ID: ids[src],
            s.TARGET_ID: ids[tgt],
            s.LEVEL: rng.choice(list(s.LEVELS.labels), n),
            s.REL_TYPE: rng.choice(TYPES, n),
            s.TRUST: pd.array(rng.integers(1, 5, n), dtype="Int64"),
        }
    )
    return Workspace(
        partners=conform(partners, s.PARTNERS_SPEC),
        relationships=conform(rel, s.RELATIONSHIPS_SPEC),
    )


def pairs_iterrows(ws: Workspace) -> pd.DataFrame:
    """Baseline: the same table, built row by row with iterrows and a dict of pairs."""
    names = ws.partner_names()
    found: dict[tuple[str, str], dict[str, object]] = {}
    for _, row in ws.relationships.iterrows():
        src, tgt = row[s.SOURCE_ID], row[s.TARGET_ID]
        key = (min(src, tgt), max(src, tgt))
        side = "a" if src == key[0] else "b"
        rec = found.setdefault(key, {})
        rec[f"level_{side}"] = row[s.LEVEL]
        rec[f"types_{side}"] = row[s.REL_TYPE]
        rec[f"trust_{side}"] = None if pd.isna(row[s.TRUST]) else int(row[s.TRUST])
    rows = []
    for (pa, pb), rec in found.items():
        la, lb = str(rec.get("level_a", "")), str(rec.get("level_b", ""))
        now = min((x for x in (la, lb) if x), key=LEVEL_RANK.__getitem__)
        types = set(str(rec.get("types_a", "")).split("|")) | set(
            str(rec.get("types_b", "")).split("|")
        )
        types.discard("")
        trusts = [t for t in (rec.get("trust_a"), rec.get("trust_b")) if t is not None]
        trust = min(trusts) if trusts else None  # type: ignore[type-var]
        na, nb = names.get(pa, pa), names.get(pb, pb)
        nxt, status, why = _pair_why(na, nb, la, lb, now, types, trust)  # type: ignore[arg-type]
        rows.append(
            (pa, pb, na, nb, now, la, lb, la != lb and bool(la and lb), "", trust, nxt, status, why)
        )
    return pd.DataFrame(rows, columns=list(PAIR_COLUMNS))


def pairs_groupby_floor(ws: Workspace) -> pd.DataFrame:
    """Floor: only form the unordered pairs and their lowest trust with pandas."""
    rel = ws.relationships
    lo = rel[[s.SOURCE_ID, s.TARGET_ID]].min(axis=1)
    hi = rel[[s.SOURCE_ID, s.TARGET_ID]].max(axis=1)
    return rel.groupby([lo, hi])[s.TRUST].min().reset_index()


def run() -> None:
    rows = []
    for n in (1_000, 10_000, 50_000):
        ws = synthetic_workspace(n)
        got = partner_pairs(ws)
        assert len(got) == len(pairs_iterrows(ws))
        t_floor = median_seconds(lambda w=ws: pairs_groupby_floor(w), repeat=3)
        t_ours = median_seconds(lambda w=ws: partner_pairs(w), repeat=3)
        t_naive = median_seconds(lambda w=ws: pairs_iterrows(w), repeat=1, warmup=0)
        rows.append((len(ws.relationships), len(got), t_floor, t_ours, t_naive, t_naive / t_ours))
    print_table(
        "Partner pairs (median s; same workspace, same process)",
        [
            "relationships",
            "pairs",
            "groupby floor s",
            "partner_pairs s",
            "iterrows baseline s",
            "x faster than iterrows",
        ],
        rows,
    )

    sample = load_sample()
    answers = {k: p.value for k, p in prefill_answers(sample).items()}
    t_validate = median_seconds(lambda: validate_answers(answers), repeat=2000, warmup=50)
    t_rules = median_seconds(lambda: recommend_collaboration(answers), repeat=2000, warmup=50)
    rec = recommend_collaboration(answers)
    pairs = partner_pairs(sample)

    def empty_docx() -> bytes:
        from docx import Document

        buf = io.BytesIO()
        Document().save(buf)
        return buf.getvalue()

    t_empty = median_seconds(empty_docx, repeat=7)
    t_docx = median_seconds(lambda: report_docx(rec, pairs=pairs), repeat=7)
    t_md = median_seconds(lambda: report_markdown(rec, pairs=pairs), repeat=7)
    print_table(
        "The rules and the meeting notes (sample community, 70 pairs; median ms)",
        ["step", "ms", "baseline", "baseline ms"],
        [
            ("recommend_collaboration", t_rules * 1e3, "validate_answers only", t_validate * 1e3),
            ("Word notes (.docx)", t_docx * 1e3, "empty .docx saved", t_empty * 1e3),
            ("Markdown notes", t_md * 1e3, "empty .docx saved", t_empty * 1e3),
        ],
    )


if __name__ == "__main__":
    run()
