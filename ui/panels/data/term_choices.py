"""The Import tab's widgets shared by HSDS packages and directory exports: the table of
taxonomy terms with a category to choose per term, and the default category and sector."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.data import schema as s
from ui import state as k


def term_editor(terms: pd.DataFrame, key: str, *, drop_empty_codes: bool = False) -> dict[str, str]:
    """The taxonomy terms the services use (``terms`` not empty), each with a category to
    choose: returns the terms given a category here other than the one they had."""
    unmapped = terms["category"] == ""
    blocking = int((unmapped & (terms["services without a category"] > 0)).sum())
    st.markdown(
        f"**Taxonomy terms.** The services use {len(terms)} term(s); {int(unmapped.sum())} map "
        f"to no dashboard category, and **{blocking}** of those leave services without one "
        "(they are listed first). Choose a category in the *category* column: it is used "
        "right away, and remembered for the next import."
    )
    shown = terms.drop(columns=["key"]).rename(
        columns={"services without a category": "without a category"}
    )
    if drop_empty_codes and not shown["code"].astype(bool).any():
        shown = shown.drop(columns=["code"])
    edited = st.data_editor(
        shown,
        hide_index=True,
        disabled=[c for c in shown.columns if c != "category"],
        column_config={
            "category": st.column_config.SelectboxColumn(
                "category", options=list(s.CATEGORIES.labels), width="medium"
            ),
            "how": st.column_config.TextColumn("found by"),
            "term": st.column_config.TextColumn("term", width="medium"),
        },
        key=key,
    )
    return {
        term: chosen
        for term, before, chosen in zip(
            terms["key"], terms["category"], edited["category"], strict=True
        )
        if isinstance(chosen, str) and chosen and chosen != before
    }


def default_choices(
    category_placeholder: str, category_help: str, sector_help: str
) -> tuple[str, str]:
    """The category for services no term maps and the sector for organizations whose
    services do not say ('' for none)."""
    c1, c2 = st.columns(2)
    category = c1.selectbox(
        "Category for services no term maps",
        s.CATEGORIES.labels,
        index=None,
        placeholder=category_placeholder,
        key=k.IMPORT_DEFAULT_CATEGORY,
        help=category_help,
    )
    sector = c2.selectbox(
        "Sector for organizations whose services do not say",
        s.SECTORS.labels,
        index=None,
        placeholder="Other",
        key=k.IMPORT_DEFAULT_SECTOR,
        help=sector_help,
    )
    return category or "", sector or ""
