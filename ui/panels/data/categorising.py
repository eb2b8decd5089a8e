"""The Import tab's list of services "not yet categorised", categorised in bulk per term
(issue 16). The rules are in :mod:`mapping.interop.categorise`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.interop import categorise as cat
from mapping.interop.crosswalk import save_term_map
from ui import loaders, permissions, presentation
from ui import state as k
from ui.layout import flash, say


def uncategorised_section(ws: Workspace) -> None:
    """The services not yet categorised, and a category to choose per term."""
    flash(k.IMPORT_UNCATEGORISED_RESULT)
    waiting = cat.uncategorised(ws.services)
    if waiting.empty:
        return
    store = loaders.get_store()
    terms = cat.load_pending_terms(store)
    counts = cat.term_counts(ws, terms)
    st.markdown(
        f"**Services not yet categorised: {len(waiting)}.** They came in with taxonomy terms "
        "that map to no dashboard category. They are on the map (in grey) and in every list, "
        "but count for no category in the coverage gaps until they have one. Choose a "
        "category for a term: every service with that term gets it at once, and the choice is "
        "remembered for the next import."
    )
    table = counts.assign(category=pd.Series([None] * len(counts), dtype="object"))
    edited = st.data_editor(
        table,
        hide_index=True,
        disabled=["term", "services"],
        column_config={
            "category": st.column_config.SelectboxColumn(
                "category", options=list(s.CATEGORIES.labels), width="medium"
            ),
            "term": st.column_config.TextColumn("term", width="large"),
        },
        key=k.IMPORT_UNCATEGORISED_TERMS,
    )
    with st.expander(f"The {len(waiting)} service(s) not yet categorised"):
        st.dataframe(
            presentation.for_display(cat.uncategorised_list(ws, terms)),
            hide_index=True,
            key="import_uncategorised_list",
        )
    if not permissions.can_edit():
        return
    choices = {
        str(t): str(c)
        for t, c in zip(edited["term"], edited["category"], strict=True)
        if isinstance(c, str) and c
    }
    if st.button(
        "Categorise these services",
        key=k.IMPORT_UNCATEGORISED_APPLY,
        disabled=not choices,
        help="Choose a category for one or more terms above first.",
    ):
        if not permissions.can_edit():
            return
        new, changed = cat.categorise_by_term(ws, terms, choices)
        version = store.save(new, action="categorise by term", note=", ".join(sorted(choices)))
        save_term_map(store, cat.term_map_updates(choices))
        cat.save_pending_terms(store, new, replace=False)
        say(
            k.IMPORT_UNCATEGORISED_RESULT,
            "success",
            f"{changed} service(s) categorised (version {version}); "
            f"{len(cat.uncategorised(new.services))} still wait. Undo it under History if needed.",
        )
        st.rerun()
