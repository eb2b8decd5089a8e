"""One-sentence readings of the network tables, in plain language, for beside each chart."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from mapping.analysis.network.graph import _partner_table, relationship_pairs
from mapping.data import schema as s


# ------------------------------------------------------------------------------ readings
def _name(metrics: pd.DataFrame, pid: str) -> str:
    row = metrics.loc[metrics[s.PARTNER_ID] == pid, s.NAME]
    return str(row.iloc[0]) if len(row) else pid


def network_reading(summary: Mapping[str, object]) -> str:
    """One sentence on the whole network (from :func:`network_summary`)."""
    n = int(str(summary["partners"]))
    if n == 0:
        return "No partners are loaded yet."
    ties = int(str(summary["ties"]))
    comps = int(str(summary["components"]))
    isolates = int(str(summary["isolates"]))
    density = float(str(summary["density"]))
    sentence = (
        f"{n} partners share {ties} working relationships ({density:.0%} of all possible pairs)"
    )
    if comps == 1:
        sentence += ", all in one connected network"
    else:
        largest = int(str(summary["largest_component"]))
        sentence += f"; {largest} are in the largest connected group"
        if comps - isolates:
            groups = comps - isolates - 1
            if groups:
                sentence += f", {groups} other group{'s' if groups != 1 else ''} stand apart"
        if isolates:
            have = "partners have" if isolates != 1 else "partner has"
            sentence += f", and {isolates} {have} no recorded relationship"
    return sentence + "."


def metric_reading(metrics: pd.DataFrame, metric: str, label: str) -> str:
    """One sentence naming the partner with the highest value of a metric."""
    if metrics.empty or float(metrics[metric].max()) <= 0:
        return f"No partner stands out on {label}: there are no relationships yet."
    top = metrics.sort_values([metric, s.PARTNER_ID], ascending=[False, True]).iloc[0]
    value = top[metric]
    shown = f"{int(value)}" if metric == "degree" else f"{float(value):.2f}"
    return f"{top[s.NAME]} ranks highest on {label} ({shown})."


def broker_reading(metrics: pd.DataFrame) -> str:
    """One sentence on the partners that bridge sectors."""
    if metrics.empty or int(metrics["cross_sector_pairs"].max()) == 0:
        return "No partner links two partners of different sectors that have no tie of their own."
    top = metrics.sort_values(["cross_sector_pairs", "betweenness"], ascending=[False, False]).head(
        2
    )
    first = top.iloc[0]
    sentence = (
        f"{first[s.NAME]} bridges the most sectors: it links {int(first['cross_sector_pairs'])} "
        f"pairs of partners from different sectors that have no tie of their own"
    )
    if len(top) > 1 and int(top.iloc[1]["cross_sector_pairs"]) > 0:
        sentence += f", then {top.iloc[1][s.NAME]} ({int(top.iloc[1]['cross_sector_pairs'])})"
    return sentence + "."


def introductions_reading(intro: pd.DataFrame) -> str:
    if intro.empty:
        return "No two unconnected partners share a partner who could introduce them."
    top = intro.iloc[0]
    cross = int(intro["cross_sector"].sum())
    return (
        f"{len(intro)} pairs of partners without a tie share a partner ({cross} across "
        f"sectors); {top['name_a']} and {top['name_b']} share the most "
        f"({int(top['shared'])}: {top['introducers']})."
    )


def overlap_reading(overlap: pd.DataFrame, names: Mapping[str, str]) -> str:
    if overlap.empty:
        return "No two partners offer the same category to the same area."
    top = overlap.iloc[0]
    unrelated = int((overlap["related"] == "").sum())
    return (
        f"{names.get(top['partner_a'], top['partner_a'])} and "
        f"{names.get(top['partner_b'], top['partner_b'])} overlap the most "
        f"({top['jaccard']:.0%} of what they offer where); {unrelated} of {len(overlap)} "
        "overlapping pairs have no recorded relationship: a chance to coordinate."
    )


def sector_reading(matrix: pd.DataFrame) -> str:
    if matrix.empty or int(matrix["ties"].sum()) == 0:
        return "No relationships between sectors yet."
    off = matrix[matrix["sector_a"] < matrix["sector_b"]]
    within = matrix[matrix["sector_a"] == matrix["sector_b"]]
    total = int(off["ties"].sum() + within["ties"].sum())
    sentence = f"{int(off['ties'].sum())} of {total} ties cross sectors"
    if not off.empty and int(off["ties"].max()) > 0:
        top = off.sort_values("ties", ascending=False, kind="stable").iloc[0]
        sentence += f"; the most link {top['sector_a']} and {top['sector_b']} ({int(top['ties'])})"
    return sentence + "."


def referral_reading(flows: pd.DataFrame) -> str:
    if flows.empty:
        return "No relationship is marked as a referral."
    top = flows.iloc[0]
    total = int(flows["relationships"].sum())
    return (
        f"{total} referral relationships are recorded; the most run from {top['from_sector']} "
        f"to {top['to_sector']} ({int(top['relationships'])})."
    )


def disagreement_reading(disagreements: pd.DataFrame, one_sided: int) -> str:
    if disagreements.empty:
        sentence = "Where both partners described their relationship, they agree on its level"
    else:
        first = disagreements.iloc[0]
        sentence = (
            f"{len(disagreements)} pair{'s' if len(disagreements) != 1 else ''} describe "
            f"{'their' if len(disagreements) != 1 else 'its'} relationship differently, e.g. "
            f"{first['name_a']} says {first['a_says']}, {first['name_b']} says {first['b_says']}"
        )
    if one_sided:
        sentence += f"; {one_sided} relationships were described by one side only"
    return sentence + "."


def partner_names(partners: pd.DataFrame) -> dict[str, str]:
    """partner_id -> name (the id when the name is blank)."""
    table = _partner_table(partners, relationship_pairs(_empty_relationships()))
    return dict(zip(table[s.PARTNER_ID], table[s.NAME], strict=True))


def _empty_relationships() -> pd.DataFrame:
    return pd.DataFrame({s.SOURCE_ID: pd.Series(dtype="str"), s.TARGET_ID: pd.Series(dtype="str")})
