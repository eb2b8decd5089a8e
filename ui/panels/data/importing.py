"""The Data page's Import tab (HSDS packages, Kumu sheets, this dashboard's files) and the
export buttons for other tools."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.data import schema as s
from mapping.data.editing import carry_kept_out
from mapping.data.headers import header_key
from mapping.data.loading import Mode
from mapping.data.sample import looks_like_sample
from mapping.data.workspace import Workspace
from mapping.interop import directories
from mapping.interop.categorise import save_pending_terms
from mapping.interop.crosswalk import load_term_map, save_term_map
from mapping.interop.formats import DASHBOARD, FORMAT_LABELS, HSDS, KUMU, ImportOptions
from mapping.interop.hsds.export import hsds_zip
from mapping.interop.kumu import kumu_sheets, kumu_workbook
from mapping.meeting import saved_work
from ui import loaders, permissions, presentation
from ui import state as k
from ui.layout import flash
from ui.panels.data import recipes
from ui.panels.data import replace as replace_panels
from ui.panels.data.categorising import uncategorised_section
from ui.panels.data.import_checks import far_from_zip_block
from ui.panels.data.term_choices import default_choices, term_editor
from ui.text import escape_markdown

MODE_LABELS = {
    KUMU: {
        "merge": "Merge: add these relationships, and update those between the same partners",
        "replace": "Replace: these become the only relationships (partners and services stay)",
    },
    "": {
        "merge": "Merge: add new partners and services, and update those with the same id",
        "replace": "Replace: the import becomes the whole workspace",
    },
}
KIND_LABELS = {
    "dangling_id": "refers to an id that is not in the files",
    "parent_rejected": "belongs to a row that was kept out",
    "no_category": "service with no category",
    "unmapped_term": "taxonomy term with no category",
    "category_guessed": "category taken from the service name",
    "sector_guessed": "sector worked out (HSDS has none)",
    "one_line_address": "whole address in one cell",
    "postal_address_used": "mailing address used",
    "confidential_marked": "marked confidential",
    "location_not_used": "location not on the map",
    "not_kept": "detail the dashboard does not keep",
    "file_not_used": "file not used",
    "unused_columns": "columns not used",
    "padded": "spaces around values",
    "literal_newline": "literal \\n in text",
    "quoted": "quotation marks inside values",
    "row_length": "row longer or shorter than the header",
    "bad_coordinate": "impossible coordinates",
    "bad_zip": "bad ZIP code",
    "bad_state": "not a US state",
    "missing_value": "required value missing",
    "duplicate_id": "repeated id",
    "unknown_partner": "names no partner",
    "inactive_service": "service marked inactive",
    **directories.KIND_LABELS,
    # issue 16 (part A)
    "uncategorised": "service not yet categorised",
    "bad_phone": "phone number with too few digits",
    "shifted_row": "values shifted by an extra cell",
    "far_from_zip": "coordinates far from their ZIP code",
}


# Columns of imported files that hold contact details (hidden when presenting).
_CONTACT_KEYS = frozenset(
    {"email", "number", "phone", "phones", "phone_number", "extension", "title"}
    | {"contact", "contact_name", "contact_email", "organization_email", "service_email"}
)


def imported_rows_for_display(df: pd.DataFrame, file: str) -> pd.DataFrame:
    """Rows kept out of an imported file, without contact details unless this session may
    see them (:func:`ui.permissions.contacts_visible`)."""
    if permissions.contacts_visible():
        return df
    people = file.lower().startswith("contact")
    drop = [c for c in df.columns if header_key(c) in _CONTACT_KEYS or (people and c == "name")]
    return presentation.for_display(df.drop(columns=drop))


def _hsds_options(files: tuple[tuple[str, bytes], ...]) -> tuple[dict[str, str], str, str]:
    """The term mapping (saved + changed here), default category and default sector."""
    package = loaders.hsds_package(files)
    st.caption(
        f"Read as **{package.layout}**: {len(package.tables)} table(s) used "
        f"({escape_markdown(', '.join(package.files))})."
    )
    store = loaders.get_store()
    saved = load_term_map(store)
    terms = loaders.hsds_term_table(files, tuple(sorted(saved.items())))
    updates: dict[str, str] = {}
    if terms.empty:
        st.info(
            "The services in this package use no taxonomy terms, so their categories come "
            "from their names where a name says it, or from the category you choose below."
        )
    else:
        updates = term_editor(terms, k.IMPORT_TERMS, drop_empty_codes=True)
    category, sector = default_choices(
        "None: load them as 'Not yet categorised'",
        "Used only for services whose terms and name say nothing the dashboard knows.",
        "HSDS has no sector; it is worked out from the categories of each "
        "organization's services where they point to one.",
    )
    return {**saved, **updates}, category, sector


def _saved_mapping_editor() -> None:
    store = loaders.get_store()
    saved = load_term_map(store)
    if not saved:
        return
    with st.expander(f"Saved term mappings ({len(saved)})"):
        st.caption(
            "Terms you mapped in earlier imports. Change a category, or delete a row (select "
            "it and press Delete) to forget it, then save."
        )
        frame = pd.DataFrame({"term": list(saved), "category": list(saved.values())})
        edited = st.data_editor(
            frame,
            hide_index=True,
            num_rows="dynamic",
            disabled=["term"],
            column_config={
                "category": st.column_config.SelectboxColumn(
                    "category", options=list(s.CATEGORIES.labels), required=True
                )
            },
            key=k.IMPORT_SAVED_MAP,
        )
        if permissions.can_edit() and st.button("Save the term mappings", key=k.IMPORT_SAVE_MAP):
            kept = dict(zip(edited["term"], edited["category"], strict=True))
            changes = {term: kept.get(term) or "" for term in saved}
            save_term_map(store, changes)
            st.session_state[k.IMPORT_RESULT] = "The term mappings were saved."
            st.rerun()


def _preview(ws: Workspace, preview: Workspace) -> None:
    st.markdown("**Check before importing**")
    cols = st.columns(3)
    for col, label, before, after in (
        (cols[0], "Partners", ws.partners, preview.partners),
        (cols[1], "Services", ws.services, preview.services),
        (cols[2], "Relationship rows", ws.relationships, preview.relationships),
    ):
        col.metric(label, len(after), delta=len(after) - len(before), delta_color="off")
    changes = []
    for label, file in (
        ("partners", s.PARTNERS),
        ("services", s.SERVICES),
        ("relationships", s.RELATIONSHIPS),
    ):
        key = list(s.SPECS[file].key)
        now = set(map(tuple, ws.frame(file)[key].to_numpy().tolist()))
        then = set(map(tuple, preview.frame(file)[key].to_numpy().tolist()))
        changes.append(
            f"{len(then - now)} new {label}, {len(then & now)} kept or updated, "
            f"{len(now - then)} removed"
        )
    st.caption(
        "What the workspace would hold, and the change from now in small type: "
        + "; ".join(changes)
        + ". Rows read = rows loaded + rows kept out, for every file."
    )
    st.dataframe(
        pd.DataFrame([{"file": f, **c} for f, c in preview.counts.items()]),
        hide_index=True,
        key="import_counts_table",
    )
    far_from_zip_block(preview)
    if not preview.problems:
        st.success("Every row passed the checks.", icon=":material/check_circle:")
        return
    df = preview.problems_frame()
    summary = (
        df.groupby(["severity", "kind"], sort=False)
        .size()
        .reset_index(name="problems")
        .assign(what=lambda d: d["kind"].map(KIND_LABELS).fillna(d["kind"]))
        .sort_values(["severity", "problems"], ascending=[True, False])[
            ["severity", "what", "problems", "kind"]
        ]
    )
    st.markdown(
        f"**What was found:** {len(preview.errors)} error(s), each keeping a row out, and "
        f"{len(preview.warnings)} warning(s) saying what was changed or not kept."
    )
    st.dataframe(summary, hide_index=True, key="import_problem_summary")
    kinds = st.multiselect(
        "Show only these kinds",
        list(summary["kind"]),
        format_func=lambda kind: KIND_LABELS.get(kind, kind),
        key=k.IMPORT_PROBLEM_KIND,
    )
    shown = df[df["kind"].isin(kinds)] if kinds else df
    shown = shown.sort_values("severity", kind="stable")  # errors first
    st.dataframe(
        shown,
        hide_index=True,
        key="import_problems_table",
        column_config={"message": st.column_config.TextColumn(width="large")},
    )


def import_section(ws: Workspace) -> None:
    """Upload, recognise, choose, preview, then import into the workspace."""
    st.markdown(
        "Bring in a directory from another system: an **Open Referral HSDS** package from a "
        "211 line or a city resource directory (zip the folder, or select all of its CSV "
        "files), an **iCarol**, **WellSky** or **VisionLink** export as it comes, **Kumu** "
        "network sheets, or this dashboard's own files; any other directory after you say "
        "which column is which. The format is recognised for you; you see every problem "
        "before anything changes."
    )
    flash(k.IMPORT_RESULT)
    if not permissions.can_edit():
        # Reading a package costs the server memory and time: only for whoever can import it.
        st.info(
            "Only the facilitator can import files, outside presentation mode. To send "
            "your organization's details, use the Organization form tab.",
            icon=":material/lock:",
        )
        return
    round_ = st.session_state.get(k.IMPORT_UPLOAD_ROUND, 0)
    uploads = st.file_uploader(
        "Files to import",
        type=["csv", "tsv", "txt", "xlsx", "zip", "json"],
        accept_multiple_files=True,
        key=f"{k.IMPORT_UPLOAD_PREFIX}{round_}",
    )
    if not uploads:
        uncategorised_section(ws)
        _saved_mapping_editor()
        return
    files = tuple(sorted((f.name, f.getvalue()) for f in uploads))
    detected = recipes.detected_with_recipes(files, loaders.import_format(files))
    # The round too: the same files uploaded again after an import are recognised again.
    signature = (round_, tuple((name, len(data)) for name, data in files))
    if st.session_state.get(k.IMPORT_SIGNATURE) != signature:
        st.session_state[k.IMPORT_SIGNATURE] = signature
        st.session_state[k.IMPORT_FORMAT] = detected
    fmt = st.selectbox(
        "Format",
        list(FORMAT_LABELS),
        format_func=FORMAT_LABELS.__getitem__,
        key=k.IMPORT_FORMAT,
        help="Recognised from the file names and columns; change it if the guess is wrong.",
    )
    if fmt != detected:
        st.caption(f"The files look like: {FORMAT_LABELS[detected]}.")
    term_map: dict[str, str] = {}
    category = sector = level = recipe = ""
    hidden = False
    if fmt in directories.LABELS:
        if fmt == directories.RECIPE:
            recipe = recipes.recipe_step(files)
        if fmt == directories.RECIPE and not recipe:
            return
        term_map = recipes.directory_terms(files, fmt, recipe)
        category, sector, hidden = recipes.directory_options(fmt)
    elif fmt == HSDS:
        term_map, category, sector = _hsds_options(files)
        _saved_mapping_editor()
    elif fmt == KUMU:
        level = (
            st.selectbox(
                "Level for connections whose Type is not a level",
                s.LEVELS.labels,
                index=None,
                placeholder="None: keep them out and list them",
                key=k.IMPORT_DEFAULT_LEVEL,
            )
            or ""
        )
    elif fmt == DASHBOARD:
        sector = (
            st.selectbox(
                "Sector for partners whose sector is blank",
                s.SECTORS.labels,
                index=None,
                placeholder="None: such rows are kept out",
                key=k.IMPORT_DEFAULT_SECTOR,
            )
            or ""
        )
    labels = MODE_LABELS.get(fmt, MODE_LABELS[""])
    sample = fmt != KUMU and looks_like_sample(ws)
    if sample:
        st.info(
            "The workspace holds the **fictional sample community**, so the import "
            "**replaces** it: merging would mix real organizations with fictional ones. The "
            "sample can be brought back under History.",
            icon=":material/swap_horiz:",
        )
    mode: Mode = st.radio(
        "How should the import be used?",
        list(labels),
        index=1 if sample else 0,
        format_func=labels.__getitem__,
        key=k.IMPORT_MODE,
    )
    options = ImportOptions(
        mode=mode,
        term_map=tuple(sorted(term_map.items())),
        default_category=category,
        default_sector=sector,
        default_level=level,
        include_hidden=hidden,
        recipe=recipe,
    )
    store = loaders.get_store()
    preview = loaders.import_preview(files, fmt, options, str(store.path), ws.version)
    if mode == "merge":  # rows kept out before stay listed, or load with their partner
        preview = carry_kept_out(
            ws,
            preview,
            reported=set(preview.counts),
            changed=set() if fmt == KUMU else {s.PARTNERS},
        )
    _preview(ws, preview)
    if not permissions.can_edit():
        st.info("Only the facilitator can import into the workspace.")
        return
    # Replacing partners and services starts a new workspace (a Kumu replace only swaps
    # the relationships): ask what saved work goes on with it.
    new_workspace = mode == "replace" and fmt != KUMU
    keep = replace_panels.keep_choice(k.DATA_IMPORT_REPLACE_KEEP) if new_workspace else []
    if st.button("Import into the workspace", type="primary", key=k.IMPORT_COMMIT):
        action = f"import {fmt} ({mode})"
        version = (
            saved_work.replace_workspace(
                store, preview, action=action, note=preview.source, keep=keep
            )
            if new_workspace
            else store.save(preview, action=action, note=preview.source)
        )
        if fmt == HSDS or fmt in directories.LABELS:
            save_term_map(store, {key: c for key, c in term_map.items() if c})
        save_pending_terms(store, preview, replace=mode == "replace")
        st.session_state[k.IMPORT_RESULT] = (
            f"Imported as version {version}: {len(preview.partners)} partners, "
            f"{len(preview.services)} services, {len(preview.relationships)} relationship rows. "
            "Undo it under History if needed."
        )
        st.session_state[k.IMPORT_UPLOAD_ROUND] = round_ + 1  # an empty uploader next time
        st.rerun()


def export_section(ws: Workspace) -> None:
    """Download buttons for other tools: an HSDS 3.0 package and a Kumu workbook."""
    st.markdown(
        "**For other tools.** An **Open Referral HSDS 3.0** package for a 211 line or "
        "resource directory (it can be imported here again with nothing lost), and a "
        "**Kumu** workbook of partners and relationships for network mapping. Confidential "
        "locations have no street address or coordinates in either. Contact details follow "
        "the checkbox above."
    )
    # The checkbox is only drawn where contacts may be seen; the permission decides.
    contacts = permissions.contacts_visible() and bool(
        st.session_state.get(k.DATA_DOWNLOAD_CONTACTS, False)
    )
    _, _, notes = kumu_sheets(ws, include_contacts=contacts)
    if notes:
        shown = notes[:10] + ([f"... and {len(notes) - 10} more."] if len(notes) > 10 else [])
        st.warning(
            "**The Kumu workbook changes some cells for Excel:**\n\n"
            + "\n".join(f"- {escape_markdown(n)}" for n in shown),
            icon=":material/warning:",
        )
    c1, c2 = st.columns(2)
    c1.download_button(
        "Open Referral HSDS package (zip)",
        data=lambda: hsds_zip(ws, include_contacts=contacts),
        file_name="resource-map-hsds.zip",
        mime="application/zip",
        key=k.EXPORT_HSDS,
        on_click="ignore",
        icon=":material/download:",
    )
    c2.download_button(
        "Kumu network workbook (.xlsx)",
        data=lambda: kumu_workbook(ws, include_contacts=contacts),
        file_name="resource-map-kumu.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=k.EXPORT_KUMU,
        on_click="ignore",
        icon=":material/download:",
    )
