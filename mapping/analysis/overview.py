"""Counts for the Home page: partners by sector, services by category."""

from __future__ import annotations

import pandas as pd

from mapping.data import schema as s


def partners_by_sector(partners: pd.DataFrame) -> pd.DataFrame:
    """One row per sector of the taxonomy (zero counts included, they are news too):
    columns sector, partners; most partners first."""
    counts = partners[s.SECTOR].value_counts()
    df = pd.DataFrame({"sector": list(s.SECTORS.labels)})
    df["partners"] = df["sector"].map(counts).fillna(0).astype(int)
    order = {label: i for i, label in enumerate(s.SECTORS.labels)}
    return (
        df.assign(_o=df["sector"].map(order))
        .sort_values(["partners", "_o"], ascending=[False, True])
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def services_by_category(services: pd.DataFrame) -> pd.DataFrame:
    """One row per category of the taxonomy: group, category, services, partners (how
    many different partners offer it); in taxonomy order."""
    grouped = services.groupby(s.CATEGORY)
    df = pd.DataFrame({"category": list(s.CATEGORIES.labels)})
    df.insert(0, "group", [s.CATEGORIES.term(c).group for c in df["category"]])
    df["services"] = df["category"].map(grouped.size()).fillna(0).astype(int)
    df["partners"] = df["category"].map(grouped[s.PARTNER_ID].nunique()).fillna(0).astype(int)
    return df


def sector_reading(df: pd.DataFrame) -> str:
    """One sentence that reads the sector chart."""
    total = int(df["partners"].sum())
    if total == 0:
        return "No partners are loaded yet."
    present = df[df["partners"] > 0]
    top = present.iloc[0]
    missing = [x for x in df.loc[df["partners"] == 0, "sector"] if x != "Other"]
    sentence = (
        f"{total} partners from {len(present)} sectors; the largest is "
        f"{top['sector']} with {top['partners']}"
    )
    if missing:
        sentence += f", and no partner is from {_join(missing)}"
    return sentence + "."


def category_reading(df: pd.DataFrame) -> str:
    """One sentence that reads the category chart."""
    total = int(df["services"].sum())
    if total == 0:
        return "No services are loaded yet."
    offered = df[df["services"] > 0]
    single = offered[offered["partners"] == 1]["category"].tolist()
    sentence = f"{total} services in {len(offered)} of {len(df)} categories"
    if single:
        sentence += (
            f"; {len(single)} categor{'y has' if len(single) == 1 else 'ies have'} "
            f"only one provider ({_join(single[:4])}{', ...' if len(single) > 4 else ''})"
        )
    return sentence + "."


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


# Two ways to count relationships: the rows of relationships.csv, and the pairs of partners
# that work together (A->B and B->A recorded by both sides, or a pair on several rows, are
# one pair). The app counts pairs everywhere (the network, the map's lines, density) and
# names the rows only to explain a difference.
RELATIONSHIPS_LABEL = "Relationships (partner pairs)"


def relationship_counts(relationships: pd.DataFrame) -> tuple[int, int]:
    """(pairs of partners that work together, rows recorded). A row linking a partner to
    itself or missing an end is not a pair."""
    a = relationships[s.SOURCE_ID].astype(str)
    b = relationships[s.TARGET_ID].astype(str)
    ok = (a != "") & (b != "") & (a != b)
    low = a.where(a < b, b)[ok]
    high = b.where(a < b, a)[ok]
    pairs = len(set(zip(low, high, strict=True)))
    return pairs, len(relationships)


def relationships_phrase(relationships: pd.DataFrame) -> str:
    """'70 relationships between pairs of partners (78 rows recorded: a pair counts once,
    even when both partners recorded it)'."""
    pairs, rows = relationship_counts(relationships)
    text = f"{pairs} relationship{'' if pairs == 1 else 's'} between pairs of partners"
    if rows != pairs:
        text += (
            f" ({rows} row{'' if rows == 1 else 's'} recorded: a pair counts once, even when "
            "both partners recorded it)"
        )
    return text


def relationships_help(relationships: pd.DataFrame) -> str:
    """The note beside a count of relationships: what is counted."""
    _, rows = relationship_counts(relationships)
    return (
        f"Pairs of partners that work together. {rows} relationship row(s) are recorded: "
        "a pair counts once, even when both partners recorded it or it is on several rows."
    )
