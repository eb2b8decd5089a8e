"""The Data page's blocks: upload, problem report, rows kept out, edit, download, history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.data import exports
from mapping.data import schema as s
from mapping.data.editing import apply_edit, carry_kept_out, editable_frame, retry_rejected
from mapping.data.errors import kind_label
from mapping.data.headers import columns_found
from mapping.data.loading import Mode, guess_role, load_tables
from mapping.data.reading import RawTable
from mapping.data.sample import SAMPLE_NOTE, load_sample, looks_like_sample
from mapping.data.workspace import Workspace
from mapping.meeting import saved_work
from ui import loaders, permissions, presentation
from ui import state as k
from ui.layout import flash, guard
from ui.panels.data import replace as replace_panels
from ui.panels.data.importing import imported_rows_for_display
from ui.text import escape_markdown

ROLE_LABELS = {
    s.PARTNERS: "Partners",
    s.SERVICES: "Services",
    s.RELATIONSHIPS: "Relationships",
    "skip": "Skip this table",
}
MODE_LABELS = {
    "merge": "Merge: add new rows and update rows with the same id",
    "replace": "Replace: these files become the whole workspace",
}
MAX_EDIT_ROWS = 5000


def _summary(ws: Workspace) -> str:
    parts = [
        f"{f}: {c['loaded']} of {c['read']} rows loaded"
        + (f", {c['rejected']} kept out" if c["rejected"] else "")
        for f, c in ws.counts.items()
    ]
    return "; ".join(parts) if parts else "nothing to load"


def _save(
    ws: Workspace,
    *,
    action: str,
    note: str,
    result_key: str,
    keep: list[str] | None = None,
) -> None:
    """Save a new version; with ``keep`` (a Replace), a new workspace that keeps those
    groups of saved work and archives the others."""
    store = loaders.get_store()
    if keep is None:
        version = store.save(ws, action=action, note=note)
        archived = ""
    else:
        version = saved_work.replace_workspace(store, ws, action=action, note=note, keep=keep)
        archived = (
            " The saved work of the previous workspace that you did not keep is archived."
            if not set(saved_work.LABELS) <= set(keep)
            else ""
        )
    st.session_state[result_key] = (
        "success",
        f"Saved as version {version}: {_summary(ws)}.{archived} Undo it under History if needed.",
    )


# ------------------------------------------------------------------------------ upload
def upload_section(ws: Workspace) -> None:
    if not permissions.can_edit():
        st.info(
            "Only the facilitator loads files into the workspace. To add or update your own "
            "organization, use the **Organization form**: the facilitator approves it.",
            icon=":material/lock:",
        )
        return
    st.markdown(
        "Upload the partners, services and relationships files (CSV, Excel .xlsx, "
        "or a zip of them, such as this dashboard's own download). Each file is "
        "checked first; nothing changes until you press **Load into the workspace**."
    )
    flash(k.DATA_UPLOAD_RESULT)
    uploads = st.file_uploader(
        "Files to load",
        type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "zip"],
        accept_multiple_files=True,
        key=k.DATA_UPLOAD,
    )
    if not uploads:
        return
    tables, errors = loaders.uploaded_tables(tuple((f.name, f.getvalue()) for f in uploads))
    for message in errors:
        st.error(escape_markdown(message))
    if not tables:
        return
    roles: dict[str, RawTable] = {}
    for i, (label, table) in enumerate(tables.items()):
        guess = guess_role(label, table.header) or "skip"
        options = list(ROLE_LABELS)
        role = st.selectbox(
            f"**{label}** ({table.read} rows) holds",
            options,
            index=options.index(guess),
            format_func=ROLE_LABELS.__getitem__,
            key=f"{k.DATA_UPLOAD_ROLE_PREFIX}{i}",
        )
        if role == "skip":
            continue
        if role in roles:
            st.error(f"Two tables are marked as {ROLE_LABELS[role]}; choose one of them.")
            return
        roles[role] = table
    if not roles:
        st.info("Choose what each table holds to check it.")
        return
    sample = looks_like_sample(ws)
    if sample:
        st.info(
            "The workspace holds the **fictional sample community**, so your files "
            "**replace** it: merging would mix your partners with fictional ones. The sample "
            "can be brought back under History.",
            icon=":material/swap_horiz:",
        )
    mode: Mode = st.radio(
        "How should they be used?",
        ["merge", "replace"],
        index=1 if sample else 0,
        format_func=MODE_LABELS.__getitem__,
        key=k.DATA_UPLOAD_MODE,
    )
    defaults = {}
    partners = roles.get(s.PARTNERS)
    if partners is not None and s.SECTOR not in columns_found(partners, s.PARTNERS_SPEC):
        sector = st.selectbox(
            "The partners file has no sector column. Sector for all of its rows:",
            s.SECTORS.labels,
            index=None,
            placeholder="Choose a sector",
            key=k.DATA_UPLOAD_SECTOR_DEFAULT,
        )
        if sector:
            defaults[s.PARTNERS] = {s.SECTOR: sector}
    if mode == "replace" and s.PARTNERS not in roles:
        st.warning("To replace the workspace, include a partners file.")
        return
    preview = load_tables(
        roles,
        base=ws,
        mode=mode,
        defaults=defaults,
        source=", ".join(t.source for t in roles.values()),
    )
    if mode == "merge":  # rows kept out before stay listed, or load with their partner
        preview = carry_kept_out(ws, preview, reported=set(roles), changed=set(roles))
    st.markdown("**Check before loading**")
    st.dataframe(
        pd.DataFrame([{"file": f, **c} for f, c in preview.counts.items()]),
        hide_index=True,
        key="data_upload_counts",
    )
    if preview.problems:
        st.caption(
            f"{len(preview.errors)} error(s) - these rows will be kept out - and "
            f"{len(preview.warnings)} warning(s):"
        )
        st.dataframe(
            preview.problems_frame().drop(columns=["kind"]),
            hide_index=True,
            key="data_upload_problems",
        )
    else:
        st.success("Every row passed the checks.")
    if not permissions.can_edit():
        return
    keep = replace_panels.keep_choice(k.DATA_REPLACE_KEEP) if mode == "replace" else None
    if st.button("Load into the workspace", type="primary", key=k.DATA_UPLOAD_COMMIT):
        _save(
            preview,
            action=f"upload ({mode})",
            note=preview.source,
            result_key=k.DATA_UPLOAD_RESULT,
            keep=keep,
        )
        del st.session_state[k.DATA_UPLOAD]
        st.rerun()


# ------------------------------------------------------------------------------ problems
def problems_section(ws: Workspace) -> None:
    flash(k.DATA_FIX_RESULT)  # where the fixed rows were loaded from
    df = ws.problems_frame()
    if not df.empty:  # kinds in words, not code names
        df = df.assign(kind=df["kind"].map(kind_label))
    if df.empty:
        st.success("No problems: every row of the last load was taken in as it was.")
        return
    st.markdown(
        f"Found when the current data were loaded ({ws.source or 'workspace'}). "
        "**Errors** kept a row out; **warnings** say what was changed or ignored."
    )
    c1, c2, c3, c4 = st.columns([1, 1, 1, 2])
    severity = c1.multiselect(
        "Severity", ["error", "warning"], key=k.DATA_PROBLEMS_SEVERITY, bind="query-params"
    )
    files = c2.multiselect(
        "File", sorted(df["file"].unique()), key=k.DATA_PROBLEMS_FILE, bind="query-params"
    )
    kinds = c3.multiselect(
        "Kind", sorted(df["kind"].unique()), key=k.DATA_PROBLEMS_KIND, bind="query-params"
    )
    text = c4.text_input(
        "Search the messages and values", key=k.DATA_PROBLEMS_SEARCH, bind="query-params"
    )
    shown = df
    if severity:
        shown = shown[shown["severity"].isin(severity)]
    if files:
        shown = shown[shown["file"].isin(files)]
    if kinds:
        shown = shown[shown["kind"].isin(kinds)]
    if text:
        needle = text.lower()
        hay = (
            shown["message"].fillna("")
            + " "
            + shown["value"].fillna("")
            + " "
            + shown["column"].fillna("")
        ).str.lower()
        shown = shown[hay.str.contains(needle, regex=False)]
    st.caption(f"Showing {len(shown)} of {len(df)} problems.")
    table = presentation.for_display(shown)
    picked = st.dataframe(
        table,
        hide_index=True,
        key="data_problems_table",
        column_order=["severity", "kind", "message", "file", "row", "column", "value"],
        column_config={"message": st.column_config.TextColumn(width="large")},
        on_select="rerun",
        selection_mode="single-row",
    )
    rows = list(getattr(getattr(picked, "selection", None), "rows", []) or [])
    if rows and rows[0] < len(table):
        chosen = table.iloc[rows[0]]
        where = str(chosen["file"])  # as a Problem prints: "file row 3, column 'zip'"
        if pd.notna(chosen["row"]):
            where += f" row {chosen['row']}"
        if chosen["column"]:
            where += f", column '{chosen['column']}'"
        st.info(
            escape_markdown(
                f"{chosen['kind']} ({chosen['severity']}), {where}: {chosen['message']}"
            ),
            icon=":material/article:",
        )
    else:
        st.caption("Click a row's left edge to read its whole message here.")
    visible = permissions.contacts_visible()  # decided now, for the file made when pressed
    st.download_button(
        "Download the problem report (CSV)",
        lambda: exports.problems_csv(ws, include_contacts=visible),
        "problems.csv",
        "text/csv",
        key=k.DATA_PROBLEMS_CSV,
        on_click="ignore",
    )


def rejected_section(ws: Workspace) -> None:
    pending = {f: df for f, df in ws.rejected.items() if not df.empty}
    if not pending:
        return
    if not permissions.can_edit():
        n = sum(len(df) for df in pending.values())
        st.caption(f"{n} row(s) were kept out; the facilitator can correct and load them.")
        return
    st.markdown(
        "**Rows kept out.** Correct them here and load them again; the reason "
        "column says what is wrong."
    )
    for file, df in pending.items():
        st.markdown(escape_markdown(f"{file}: {len(df)} row(s)"))
        spec = s.SPECS.get(file)
        if spec is None or not set(spec.column_names) <= set(df.columns):
            # Rows of an imported file (HSDS, Kumu) in its own columns: fix them at the source.
            st.caption("Correct these rows in the imported files and import them again.")
            st.dataframe(
                imported_rows_for_display(df, file),
                hide_index=True,
                key=f"{k.DATA_REJECTED_EDITOR_PREFIX}{file}",
            )
            continue
        edited = st.data_editor(
            df,
            hide_index=True,
            disabled=["row", "reason"],
            key=f"{k.DATA_REJECTED_EDITOR_PREFIX}{file}",
        )
        if permissions.can_edit() and st.button(
            f"Check and load the fixed rows of {file}", key=f"{k.DATA_REJECTED_RETRY_PREFIX}{file}"
        ):
            result = retry_rejected(ws, file, edited)
            # Rows that now load: the fixed ones, and those kept out because of them.
            fixed = sum(len(result.frame(f)) - len(ws.frame(f)) for f in s.FILES)
            if fixed > 0:
                _save(
                    result,
                    action="fixed rows",
                    note=f"{fixed} row(s) loaded after fixing {file}",
                    result_key=k.DATA_FIX_RESULT,
                )
                st.rerun()
            st.error(
                "None of the rows can load yet: " + "; ".join(str(p) for p in result.errors[:5])
            )


# ------------------------------------------------------------------------------ edit
def _column_config(file: str) -> dict[str, object]:
    choices = {
        s.SECTOR: s.SECTORS.labels,
        s.CATEGORY: (*s.CATEGORIES.labels, s.UNCATEGORISED),
        s.LEVEL: s.LEVELS.labels,
    }
    config: dict[str, object] = {}
    for col in s.SPECS[file].columns:
        label = col.name + (" *" if col.required else "")
        if col.name in choices:
            config[col.name] = st.column_config.SelectboxColumn(
                label, options=list(choices[col.name]), required=col.required, help=col.description
            )
        else:
            config[col.name] = st.column_config.TextColumn(
                label, help=col.description, required=col.required
            )
    return config


def edit_section(ws: Workspace) -> None:
    flash(k.DATA_EDIT_RESULT)
    if not permissions.can_edit():
        st.info("Only the facilitator can edit the workspace directly.")
        return
    file = st.radio(
        "Table",
        list(s.FILES),
        horizontal=True,
        key=k.DATA_EDIT_FILE,
        bind="query-params",
        format_func=lambda f: ROLE_LABELS[f],
    )
    frame = editable_frame(ws, file)
    if len(frame) > MAX_EDIT_ROWS:
        st.info(
            f"{file} has {len(frame):,} rows, too many to edit comfortably here. Download "
            "the workspace, edit the file in Excel, and upload it with **Merge**."
        )
        return
    st.caption(
        "Click a cell to change it; add rows at the bottom; select rows and press "
        "Delete to remove them. Columns marked * are required. Nothing is saved "
        "until you press Save."
    )
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=True,
        column_config=_column_config(file),
        key=f"{k.DATA_EDITOR_PREFIX}{file}",
    )
    if st.button("Save changes", type="primary", key=k.DATA_EDIT_SAVE):
        if edited.astype(str).equals(frame.astype(str)):
            st.info("Nothing was changed.")
            return
        result = apply_edit(ws, file, edited)
        if result.errors:
            st.error(f"Not saved: {len(result.errors)} problem(s) to fix first.")
            st.dataframe(
                result.problems_frame().query("severity == 'error'").drop(columns=["kind"]),
                hide_index=True,
                key="data_edit_errors",
            )
            return
        _save(result, action="edit", note=f"edited {file}", result_key=k.DATA_EDIT_RESULT)
        st.rerun()


# ------------------------------------------------------------------------------ download
def download_section(ws: Workspace) -> None:
    st.markdown(
        "The whole workspace as CSV files in a zip: open them in Excel, or upload the "
        "zip again here. Confidential locations never have a street address or "
        "coordinates; cells that Excel would run as formulas are escaped."
    )
    contacts = permissions.contacts_visible() and st.checkbox(
        "Include contact names, emails and phone numbers", value=True, key=k.DATA_DOWNLOAD_CONTACTS
    )
    st.download_button(
        "Download the workspace (zip)",
        # Made when pressed, not on every run of the page (issue 16: a second or more for
        # thousands of rows, after each import).
        lambda: exports.workspace_zip(ws, include_contacts=contacts),
        "resource-map.zip",
        "application/zip",
        key=k.DATA_DOWNLOAD_ZIP,
        on_click="ignore",
        icon=":material/download:",
    )
    st.markdown(
        "**Templates** for partners to fill in, with one example row each "
        "(docs/data-format.md explains every column)."
    )
    c1, c2 = st.columns(2)
    c1.download_button(
        "CSV templates (zip)",
        exports.templates_zip,
        "templates.zip",
        "application/zip",
        key=k.DATA_TEMPLATES_ZIP,
        on_click="ignore",
    )
    c2.download_button(
        "Excel template (.xlsx)",
        exports.templates_xlsx,
        "template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=k.DATA_TEMPLATES_XLSX,
        on_click="ignore",
    )


# ------------------------------------------------------------------------------ history
def _brought_back(groups: set[str]) -> str:
    if not groups:
        return ""
    names = "; ".join(saved_work.LABELS[g] for g in sorted(groups))
    return f" Its saved work is back ({names}); that of the workspace you left is archived with it."


def history_section() -> None:
    flash(k.DATA_HISTORY_RESULT)
    store = loaders.get_store()
    versions = store.versions()
    work = loaders.get_saved_work()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "version": v.id,
                    "saved (UTC)": v.created_at,
                    "what": v.action,
                    "details": v.note,
                    "workspace": f"begun at version {work.workspace_of(v.id)}",
                    "current": "yes" if v.current else "",
                }
                for v in versions
            ]
        ),
        hide_index=True,
        key="data_history_table",
    )
    replace_panels.archived_caption()
    if not permissions.can_edit():
        return
    c1, c2 = st.columns(2)
    with c1:
        if st.button("Undo the last change", key=k.DATA_UNDO, icon=":material/undo:"):
            with guard():
                version, back = saved_work.undo(store)
                st.session_state[k.DATA_HISTORY_RESULT] = (
                    "success",
                    f"Back to version {version}." + _brought_back(back),
                )
                st.rerun()
    with c2:
        ids = [v.id for v in versions if not v.current]
        pick = st.selectbox("Go back to version", ids, index=None, key=k.DATA_RESTORE_PICK)
        if st.button("Restore this version", key=k.DATA_RESTORE, disabled=pick is None):
            with guard():
                back = saved_work.go_to_version(store, int(pick))  # type: ignore[arg-type]
                st.session_state[k.DATA_HISTORY_RESULT] = (
                    "success",
                    f"Version {pick} is current again." + _brought_back(back),
                )
                st.rerun()
    st.markdown("**Start over**")
    c3, c4 = st.columns(2)
    st.caption(
        "Both start a new workspace: what is saved for the current one (answers, agreement, "
        "meetings, votes, assessments) is archived with it, and Undo brings it back."
    )
    if c3.button("Load the sample community", key=k.DATA_RESET_SAMPLE):
        saved_work.replace_workspace(store, load_sample(), action="sample", note=SAMPLE_NOTE)
        st.session_state[k.DATA_HISTORY_RESULT] = ("success", "The sample community is loaded.")
        st.rerun()
    confirm = c4.checkbox("Yes, start an empty workspace", key=k.DATA_CONFIRM_EMPTY)
    if c4.button("Start an empty workspace", key=k.DATA_START_EMPTY, disabled=not confirm):
        saved_work.replace_workspace(store, Workspace(), action="empty", note="Empty workspace")
        st.session_state[k.DATA_HISTORY_RESULT] = (
            "success",
            "The workspace is empty. Undo brings the data back.",
        )
        st.rerun()
