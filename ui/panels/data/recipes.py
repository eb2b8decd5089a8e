"""The Import tab's steps for flat 211 exports (iCarol, WellSky, VisionLink) and for any
other directory: the column-mapping step that makes, saves, shares and reuses a recipe."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from mapping.data.errors import DataFileError
from mapping.data.reading import RawTable
from mapping.interop.crosswalk import load_term_map
from mapping.interop.directories import RECIPE, peek_tables
from mapping.interop.directories.flat import Sheet
from mapping.interop.directories.recipes import (
    MAIN_TARGETS,
    TARGETS,
    FieldRule,
    Recipe,
    guess_recipe,
    header_signature,
    load_recipes,
    read_recipe,
    recipe_json,
    recipes_for,
    save_recipe,
)
from mapping.interop.formats import DASHBOARD
from ui import loaders, permissions
from ui import state as k
from ui.layout import flash, say
from ui.panels.data.term_choices import default_choices, term_editor
from ui.text import escape_markdown

_FROM_HEADERS = "(a first guess from the column names)"
_FROM_FILE = "(the recipe file uploaded above)"
_RULE_COLUMNS = ("join with", "split at", "keep piece", "trim characters")


def directory_options(fmt: str) -> tuple[str, str, bool]:
    """Default category, default sector and whether to load records hidden from the
    public website, for a flat 211 export."""
    category, sector = default_choices(
        "None: keep them out and list them",
        "Used only for services whose taxonomy terms and name say nothing the dashboard knows.",
        "Directory exports have no sector; it is worked out from the categories of "
        "each organization's services where they point to one.",
    )
    hidden = False
    if fmt != RECIPE:
        hidden = st.checkbox(
            "Also load records hidden from the public website",
            key=k.IMPORT_INCLUDE_HIDDEN,
            help="Inactive and deleted records are always kept out and listed. Records the "
            "211 hides from its public website are kept out and listed too, unless you tick "
            "this; they then load with a warning each.",
        )
    return category, sector, hidden


def directory_terms(files: tuple[tuple[str, bytes], ...], fmt: str, recipe: str) -> dict[str, str]:
    """The term mapping to use: the saved one, with the categories chosen here."""
    saved = load_term_map(loaders.get_store())
    try:
        terms = loaders.directory_term_table(files, fmt, recipe, tuple(sorted(saved.items())))
    except DataFileError:
        return saved  # the preview shows the message
    if terms.empty:
        return saved
    updates = term_editor(terms, k.IMPORT_DIRECTORY_TERMS)
    return {**saved, **updates}


def detected_with_recipes(files: tuple[tuple[str, bytes], ...], detected: str) -> str:
    """RECIPE instead of this dashboard's format when a saved recipe was made for a file
    with the same headers."""
    if detected != DASHBOARD:
        return detected
    saved = load_recipes(loaders.get_store())
    if not saved:
        return detected
    for table in peek_tables(dict(files)).values():
        if any(set(r.headers) == set(header_signature(table.header)) for r in saved):
            return RECIPE
    return detected


def _start_from(header: list[str]) -> tuple[Recipe, str]:
    """The recipe the form starts from, and a signature that changes when it does."""
    store = loaders.get_store()
    offered = recipes_for(header, load_recipes(store))
    shared = st.file_uploader(
        "Use a recipe file someone shared (.json)",
        type=["json"],
        key=k.IMPORT_RECIPE_UPLOAD,
        help="A recipe downloaded from this tab, here or in another partnership's dashboard.",
    )
    uploaded: Recipe | None = None
    if shared is not None:
        try:
            uploaded = read_recipe(shared.getvalue(), shared.name)
        except DataFileError as exc:
            st.error(str(exc), icon=":material/error:")
    names = [_FROM_HEADERS, *[r.name for r in offered]] + ([_FROM_FILE] if uploaded else [])
    fresh = uploaded is not None and shared is not None
    if fresh and st.session_state.get(k.IMPORT_RECIPE_SHARED) != shared.file_id:
        st.session_state[k.IMPORT_RECIPE_SHARED] = shared.file_id  # a new file: start from it
        st.session_state[k.IMPORT_RECIPE_CHOICE] = _FROM_FILE
    if st.session_state.get(k.IMPORT_RECIPE_CHOICE) not in names:
        st.session_state[k.IMPORT_RECIPE_CHOICE] = (
            names[-1] if uploaded else names[min(1, len(names) - 1)]
        )
    choice = st.selectbox(
        "Start from",
        names,
        key=k.IMPORT_RECIPE_CHOICE,
        help="Saved recipes made for files with the same columns are offered first.",
    )
    if choice == _FROM_FILE and uploaded is not None:
        return uploaded, f"file:{uploaded.name}:{recipe_json(uploaded)}"
    for recipe in offered:
        if recipe.name == choice:
            return recipe, f"saved:{recipe_json(recipe)}"
    return guess_recipe(header), f"guess:{','.join(header)}"


def _field_widgets(header: list[str], start: Recipe, round_: int) -> dict[str, list[str]]:
    rules = start.rules
    chosen: dict[str, list[str]] = {}

    def widget(container: st.delta_generator.DeltaGenerator, target: str) -> None:
        default = [c for c in (rules[target].columns if target in rules else ()) if c in header]
        chosen[target] = container.multiselect(
            TARGETS[target][0],
            header,
            default=default,
            key=f"{k.IMPORT_RECIPE_FIELD_PREFIX}{round_}_{target}",
            placeholder="No column",
        )

    cols = st.columns(2)
    for i, target in enumerate(MAIN_TARGETS):
        widget(cols[i % 2], target)
    with st.expander("More columns: city, state, coordinates, phone, description ..."):
        cols = st.columns(2)
        others = [t for t in TARGETS if t not in MAIN_TARGETS]
        for i, target in enumerate(others):
            widget(cols[i % 2], target)
    return chosen


def _rule_editor(chosen: dict[str, list[str]], start: Recipe, round_: int) -> dict[str, FieldRule]:
    targets = [t for t, cols in chosen.items() if cols]
    rules = start.rules
    frame = pd.DataFrame(
        [
            {
                "field": TARGETS[t][0],
                "columns": " + ".join(chosen[t]),
                "join with": rules[t].join if t in rules else " ",
                "split at": rules[t].split if t in rules else "",
                "keep piece": rules[t].part if t in rules else 0,
                "trim characters": rules[t].strip if t in rules else "",
            }
            for t in targets
        ],
        columns=["field", "columns", *_RULE_COLUMNS],
    )
    with st.expander("Split, trim, join"):
        st.caption(
            "Several columns are joined with *join with*. *Split at* cuts a cell into pieces "
            "(\";\" turns 'Food; Shelter' into two terms); *keep piece* keeps one of them (1 the "
            "first, -1 the last, 0 all of them). *Trim characters* are taken off both ends."
        )
        edited = st.data_editor(
            frame,
            hide_index=True,
            disabled=["field", "columns"],
            column_config={
                "keep piece": st.column_config.NumberColumn(step=1, format="%d"),
            },
            key=f"{k.IMPORT_RECIPE_RULES_PREFIX}{round_}_{'-'.join(targets)}",
        )
    out: dict[str, FieldRule] = {}
    for target, (_, row) in zip(targets, edited.iterrows(), strict=True):
        part = row["keep piece"]
        out[target] = FieldRule(
            tuple(chosen[target]),
            str(row["join with"]) if isinstance(row["join with"], str) else " ",
            str(row["split at"]) if isinstance(row["split at"], str) else "",
            int(part) if pd.notna(part) else 0,
            str(row["trim characters"]) if isinstance(row["trim characters"], str) else "",
        )
    return out


def _preview_table(table: RawTable, recipe: Recipe) -> pd.DataFrame:
    """The first rows as the recipe reads them."""
    sheet = Sheet(table)
    rows = []
    for _, cells in table.rows[:5]:
        rows.append(
            {
                TARGETS[t][0].split(" (")[0]: " | ".join(rule.values(sheet, cells))
                for t, rule in recipe.fields
            }
        )
    return pd.DataFrame(rows)


def _save(recipe: Recipe) -> None:
    if not permissions.can_edit():
        return
    save_recipe(loaders.get_store(), recipe)
    say(
        k.IMPORT_RECIPE_RESULT,
        "success",
        f"Recipe '{recipe.name}' was saved; it is offered again for files with these columns.",
    )


def recipe_step(files: tuple[tuple[str, bytes], ...]) -> str:
    """The column-mapping step: returns the recipe as JSON, or '' while no column is
    chosen for the name."""
    tables = loaders.import_tables(files)
    if not tables:
        st.error("None of the files could be read as a table (CSV, Excel or a zip of them).")
        return ""
    labels = list(tables)
    label = (
        st.selectbox("Table to read", labels, key=k.IMPORT_RECIPE_TABLE)
        if len(labels) > 1
        else labels[0]
    )
    table = tables[label]
    header = [h for h in table.header if h.strip()]
    st.markdown(
        f"**Which column is which?** The layout of *{escape_markdown(label)}* is not one the "
        "dashboard knows. Say which column holds the name, the parent organization, the "
        "address, the ZIP code and the category or taxonomy; the preview below follows your "
        "choices. Save the mapping as a recipe to use it again, or download it to share."
    )
    flash(k.IMPORT_RECIPE_RESULT)
    start, signature = _start_from(header)
    if st.session_state.get(k.IMPORT_RECIPE_BASE) != signature:
        st.session_state[k.IMPORT_RECIPE_BASE] = signature
        st.session_state[k.IMPORT_RECIPE_ROUND] = st.session_state.get(k.IMPORT_RECIPE_ROUND, 0) + 1
    round_ = st.session_state.get(k.IMPORT_RECIPE_ROUND, 0)
    chosen = _field_widgets(header, start, round_)
    rules = _rule_editor(chosen, start, round_)
    name = (
        st.text_input(
            "Recipe name",
            value=start.name or Path(label.split(" [")[0]).stem,
            key=f"{k.IMPORT_RECIPE_NAME_PREFIX}{round_}",
        ).strip()
        or Path(label.split(" [")[0]).stem
    )
    recipe = Recipe(name, header_signature(table.header), tuple(rules.items()))
    if "name" not in rules:
        st.info("Choose the column that holds the name to see the preview.")
        return ""
    st.caption("The first rows as the recipe reads them:")
    shown = _preview_table(table, recipe)
    if not permissions.contacts_visible():  # a shared screen: no phone numbers or emails
        shown = shown.drop(
            columns=[TARGETS[t][0] for t in ("phone", "email") if TARGETS[t][0] in shown]
        )
    st.dataframe(shown, hide_index=True, key="import_recipe_preview")
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download the recipe (.json)",
        data=recipe_json(recipe),
        file_name=f"{Path(name).stem or 'recipe'}.recipe.json",
        mime="application/json",
        key=k.IMPORT_RECIPE_DOWNLOAD,
        on_click="ignore",
        icon=":material/download:",
    )
    if permissions.can_edit():
        c2.button(
            "Save the recipe",
            key=k.IMPORT_RECIPE_SAVE,
            on_click=_save,
            args=(recipe,),
            icon=":material/save:",
        )
    return recipe_json(recipe)
