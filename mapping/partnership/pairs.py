"""Partner pairs: the level each relationship has now, and which could deepen next.

The pairwise view of the Recommendation page (issue 5): the recommendation speaks about
the partnership as a whole, this module about each pair of partners in the
relationships data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import numpy as np
import pandas as pd

from mapping.data import schema as s
from mapping.data.normalize import split_list
from mapping.data.workspace import Workspace
from mapping.partnership.recommend import (
    COLLABORATION,
    COORDINATION,
    LEVEL_RANK,
    LEVELS,
    TRUST_MAX,
    TYPE_CROSS_TRAINING,
    TYPE_DATA_SHARING,
    TYPE_INFORMATION,
    TYPE_JOINT_PROGRAM,
    TYPE_MOU,
    TYPE_OUTREACH,
    TYPE_SHARED_RESOURCES,
    join_words,
    plural,
)

TYPE_CO_LOCATION: Final = s.RELATIONSHIP_TYPES.term("Co-location").label
TYPE_FUNDING: Final = s.RELATIONSHIP_TYPES.term("Funding").label

# ----------------------------------------------------------------------------- the rules
# Pairwise view (issue 5). relationships.csv has one row per partner describing a tie,
# (issue 17: two sides whose trust ratings are s.TRUST_GAP or more apart also see the tie
# differently, like two different levels)
# so a pair {A, B} has one or two rows. Its level now is the lower of the levels the two
# recorded: a relationship is only as deep as both partners see it, and where they differ
# the table says so ("seen differently") - agreeing on where you stand comes first.
# Which pairs could deepen next: trust is the one need of the next level that every
# relationship record carries (1 low to 4 high), and the slowest to build, so a pair
# "could deepen next" when its lowest recorded trust meets the next level's: "more trust"
# (3 or 4) for coordination, "high trust" (4) for collaboration. The why column then
# lists the next level's other needs (docs/domain.md#choosing-a-level), as in place where
# the data show them
# (information exchange recorded: "more communication"; an MOU recorded: "written
# protocols") and as still to build otherwise. A pair at collaboration is at the deepest
# level.
#
# Checking the recorded level (issue 17). A level recorded is a claim the rest of the
# record can contradict. Collaboration needs high trust, shared resources and a written
# agreement (docs/domain.md "Levels of collaboration"): a pair recorded as collaboration is
# "at the deepest level" only when its lowest trust is 4, it shares resources (staff,
# space or funds: Shared resources, Co-location, Funding or a Joint program; referrals
# alone are cooperation's sharing) and it has an MOU; otherwise its status is "check
# the recorded level" and the why names what is missing. The other way round, work
# recorded beyond the level is flagged the same way: a joint program (creating something
# new: collaboration) or an MOU recorded at cooperation, a joint program at coordination.
STATUS_DEEPEN: Final = "could deepen next"
STATUS_DIFFERENT: Final = "seen differently"
STATUS_CHECK: Final = "check the recorded level"
STATUS_BUILD: Final = "build trust first"
STATUS_DEEPEST: Final = "deepest level"
STATUSES: Final = (STATUS_DEEPEN, STATUS_DIFFERENT, STATUS_CHECK, STATUS_BUILD, STATUS_DEEPEST)
PAIR_TRUST: Final = {COORDINATION: 3, COLLABORATION: 4}
_INFO_TYPES: Final = frozenset(
    {TYPE_INFORMATION, TYPE_OUTREACH, TYPE_DATA_SHARING, TYPE_CROSS_TRAINING}
)
# (need, relationship types that show it is in place, or None when the data cannot show it)
PAIR_NEEDS: Final[dict[str, tuple[tuple[str, frozenset[str] | None], ...]]] = {
    COORDINATION: (
        ("regular information exchange", _INFO_TYPES),
        ("named leads in each organization", None),
    ),
    COLLABORATION: (
        ("a written agreement (MOU)", frozenset({TYPE_MOU})),
        ("well-defined roles", None),
        ("a new common mission", None),
        ("shared decision-making", None),
    ),
}
_SHARED_RESOURCE_TYPES: Final = frozenset(
    {TYPE_SHARED_RESOURCES, TYPE_CO_LOCATION, TYPE_FUNDING, TYPE_JOINT_PROGRAM}
)
# work that shows a deeper level than the one recorded: type -> the least level it shows
_WORK_ABOVE: Final[dict[str, str]] = {
    TYPE_MOU: COORDINATION,  # a written agreement: beyond cooperation
    TYPE_JOINT_PROGRAM: COLLABORATION,  # creating something new together
}
PAIR_COLUMNS: Final = (
    "partner_a",
    "partner_b",
    "name_a",
    "name_b",
    "level_now",
    "level_a",
    "level_b",
    "seen_differently",
    "together",
    "trust",
    "next_level",
    "status",
    "why",
)


def _pair_why(
    name_a: str,
    name_b: str,
    level_a: str,
    level_b: str,
    now: str,
    types: set[str],
    trust: int | None,
    trust_a: int | None = None,
    trust_b: int | None = None,
) -> tuple[str, str, str]:
    """(next level, status, explanation) of one pair."""
    if level_a and level_b and level_a != level_b:
        return (
            "",
            STATUS_DIFFERENT,
            f"{name_a} records {level_a}, {name_b} records {level_b}: agree first on where "
            f"you stand (counted as {now}, the lower of the two).",
        )
    if trust_a is not None and trust_b is not None and abs(trust_a - trust_b) >= s.TRUST_GAP:
        return (
            "",
            STATUS_DIFFERENT,
            f"{name_a} rates trust {trust_a} of {TRUST_MAX}, {name_b} rates it {trust_b}: "
            "talk about it first (the lower trust counts).",
        )
    if now == COLLABORATION:
        missing = collaboration_missing(types, trust)
        if missing:
            return (
                "",
                STATUS_CHECK,
                "Recorded as collaboration, but collaboration needs high trust, shared "
                f"resources and a written agreement; the record lacks {join_words(missing)}. "
                "Check the level together, or build what is missing.",
            )
        text = "Already collaborating, the deepest level: keep it strong with backup contacts."
        return "", STATUS_DEEPEST, text
    beyond = [
        t for t, least in _WORK_ABOVE.items() if t in types and LEVEL_RANK[least] > LEVEL_RANK[now]
    ]
    if beyond:
        nxt = LEVELS[LEVEL_RANK[now] + 1]
        return (
            nxt,
            STATUS_CHECK,
            f"Recorded as {now}, but the record also shows {join_words(beyond)}, work of a "
            f"deeper level: check the level together (it may already be {nxt} or more).",
        )
    nxt = LEVELS[LEVEL_RANK[now] + 1]
    shown: list[str] = []
    to_build: list[str] = []
    for need, evidence in PAIR_NEEDS[nxt]:
        have = sorted(types & evidence) if evidence else []
        (shown if have else to_build).append(f"{need} ({', '.join(have)})" if have else need)
    also = (" Already there: " + join_words(shown) + ".") if shown else ""
    rest = (" Still to build: " + join_words(to_build) + ".") if to_build else ""
    needed = PAIR_TRUST[nxt]
    if trust is not None and trust >= needed:
        text = f"Could deepen to {nxt}: trust is {trust} of {TRUST_MAX}.{also}{rest}"
        status = STATUS_DEEPEN
    else:
        now_trust = "no trust rating recorded" if trust is None else f"now {trust} of {TRUST_MAX}"
        text = f"Before {nxt}, build trust ({now_trust}; {nxt} needs {needed} or more).{also}"
        status = STATUS_BUILD
    if not (level_a and level_b):
        recorder, other = (name_a, name_b) if level_a else (name_b, name_a)
        text += f" Only {recorder} recorded it: ask {other} how they see it."
    return nxt, status, text


def collaboration_missing(types: set[str], trust: int | None) -> list[str]:
    """What a tie recorded as collaboration lacks (see the rules above); [] if nothing."""
    missing = []
    if trust is None or trust < PAIR_TRUST[COLLABORATION]:
        now = "none recorded" if trust is None else f"{trust} of {TRUST_MAX}"
        missing.append(f"high trust ({now}; collaboration needs {PAIR_TRUST[COLLABORATION]})")
    if not types & _SHARED_RESOURCE_TYPES:
        missing.append("shared resources such as staff, space or funds")
    if TYPE_MOU not in types:
        missing.append("a written agreement (MOU)")
    return missing


def partner_pairs(ws: Workspace) -> pd.DataFrame:
    """One row per pair of partners in the relationships data (see the rules above).

    Columns :data:`PAIR_COLUMNS`: ids and names of the two partners (A before B by id),
    the level now, each partner's own record ('' when it recorded none), whether they see
    it differently, what they do together (both records), the lowest recorded trust
    (Int64), the next level, a status (:data:`STATUSES`) and a plain-language why.
    Pairs that could deepen next come first.
    """
    rel = ws.relationships
    rel = rel[rel[s.SOURCE_ID] != rel[s.TARGET_ID]]
    if rel.empty:
        out = pd.DataFrame({c: pd.Series(dtype="str") for c in PAIR_COLUMNS})
        out["seen_differently"] = out["seen_differently"].astype(bool)
        out["trust"] = out["trust"].astype("Int64")
        return out
    src, tgt = rel[s.SOURCE_ID], rel[s.TARGET_ID]
    forward = src < tgt
    frame = pd.DataFrame(
        {
            "partner_a": src.where(forward, tgt).to_numpy(),
            "partner_b": tgt.where(forward, src).to_numpy(),
            "side": np.where(forward, "a", "b"),
            "level": rel[s.LEVEL].to_numpy(),
            "types": rel[s.REL_TYPE].to_numpy(),
            "trust": rel[s.TRUST].to_numpy(),
        }
    )
    a = frame[frame["side"] == "a"].drop(columns="side")
    b = frame[frame["side"] == "b"].drop(columns="side")
    pairs = a.merge(b, on=["partner_a", "partner_b"], how="outer", suffixes=("_a", "_b"))
    names = ws.partner_names()
    known_types = set(s.RELATIONSHIP_TYPES.labels)
    rows = []
    columns = [pairs[c].tolist() for c in ("partner_a", "partner_b", "level_a", "level_b")]
    extra = [pairs[c].tolist() for c in ("types_a", "types_b", "trust_a", "trust_b")]
    for pid_a, pid_b, lv_a, lv_b, types_a, types_b, trust_a, trust_b in zip(
        *columns, *extra, strict=True
    ):
        level_a = lv_a if isinstance(lv_a, str) else ""
        level_b = lv_b if isinstance(lv_b, str) else ""
        now = min((lv for lv in (level_a, level_b) if lv), key=LEVEL_RANK.__getitem__)
        types = set(split_list(types_a)) | set(split_list(types_b))
        side_a = None if trust_a is None or pd.isna(trust_a) else int(trust_a)
        side_b = None if trust_b is None or pd.isna(trust_b) else int(trust_b)
        trusts = [t for t in (side_a, side_b) if t is not None]
        trust = min(trusts) if trusts else None
        name_a, name_b = names.get(pid_a, pid_a), names.get(pid_b, pid_b)
        nxt, status, why = _pair_why(
            name_a, name_b, level_a, level_b, now, types, trust, side_a, side_b
        )
        together = [t for t in s.RELATIONSHIP_TYPES.labels if t in types]
        together += sorted(types - known_types)
        rows.append(
            (
                pid_a,
                pid_b,
                name_a,
                name_b,
                now,
                level_a,
                level_b,
                status == STATUS_DIFFERENT,
                s.LIST_SEPARATOR.join(together),
                trust,
                nxt,
                status,
                why,
            )
        )
    out = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
    out["trust"] = out["trust"].astype("Int64")
    order = {st: i for i, st in enumerate(STATUSES)}
    out = out.assign(_s=out["status"].map(order), _l=-out["level_now"].map(LEVEL_RANK)).sort_values(
        ["_s", "_l", "name_a", "name_b"], kind="stable"
    )
    return out.drop(columns=["_s", "_l"]).reset_index(drop=True)


def pairs_summary(pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs per level now and status: columns level, then one per status, then total."""
    table = (
        pd.crosstab(pairs["level_now"], pairs["status"])
        .reindex(index=list(LEVELS), columns=list(STATUSES), fill_value=0)
        .astype(int)
    )
    table["total"] = table.sum(axis=1)
    table.index.name = "level"
    table.columns.name = None
    return table.reset_index()


def pairs_reading(pairs: pd.DataFrame) -> str:
    """One sentence that reads the pairwise view."""
    if pairs.empty:
        return "No relationships are recorded yet, so there are no pairs to compare."
    counts = pairs["level_now"].value_counts()
    by_level = join_words([f"{int(counts.get(lv, 0))} at {lv}" for lv in LEVELS])
    deepen = int((pairs["status"] == STATUS_DEEPEN).sum())
    different = int((pairs["status"] == STATUS_DIFFERENT).sum())
    sentence = (
        f"{plural(len(pairs), 'pair')} of partners work together: {by_level}; "
        f"{deepen} could deepen next"
    )
    if different:
        sentence += (
            f", and {different} {'is' if different == 1 else 'are'} seen differently by "
            "the two partners"
        )
    check = int((pairs["status"] == STATUS_CHECK).sum())
    if check:
        sentence += (
            f"; {check} {'is' if check == 1 else 'are'} recorded at a level the rest of "
            "the record does not support: check them together"
        )
    return sentence + "."


SHOW_ALL: Final = "all"
TABLE_COLUMNS: Final = {
    "name_a": "Partner A",
    "name_b": "Partner B",
    "level_now": "Level now",
    "status": "Status",
    "why": "What the data show",
    "next_level": "Next level",
    "level_a": "As A recorded it",
    "level_b": "As B recorded it",
    "together": "What they do together",
    "trust": "Trust (lowest of the two, 1-4)",
}


def filter_pairs(pairs: pd.DataFrame, *, status: str = SHOW_ALL, partner: str = "") -> pd.DataFrame:
    """The pairs with this status (or all) that involve this partner id (or any)."""
    keep = pd.Series(True, index=pairs.index)
    if status != SHOW_ALL:
        keep &= pairs["status"] == status
    if partner:
        keep &= (pairs["partner_a"] == partner) | (pairs["partner_b"] == partner)
    return pairs[keep]


def pairs_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs with plain-language column names, for people to read."""
    out = pairs[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    return out.replace(
        {"As A recorded it": {"": "not recorded"}, "As B recorded it": {"": "not recorded"}}
    )


def pair_detail(pair: pd.Series, *, escape: Callable[[object], str] = str) -> str:
    """One pair in words, as Markdown: names, level now, status, and the explanation.

    ``escape`` is applied to every piece of text taken from the data (partner names are
    user text), e.g. :func:`mapping.partnership.recommend_report.markdown_escape`.
    """
    head = f"**{escape(pair['name_a'])} and {escape(pair['name_b'])}**"
    facts = [f"level now: {pair['level_now']}", str(pair["status"])]
    if pair["together"]:
        facts.append("together: " + escape(str(pair["together"]).replace(s.LIST_SEPARATOR, ", ")))
    return f"{head} ({'; '.join(facts)})\n\n{escape(pair['why'])}"
