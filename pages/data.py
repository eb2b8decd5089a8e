"""Data: bring in partners' files, read the problem report, edit, download, undo."""

import streamlit as st

from ui import data_panels, import_panels, layout, loaders, org_form, state

ws = loaders.current_workspace()
layout.page_header(
    "Data",
    "Load the partners' spreadsheets or import a 211 directory (Open Referral HSDS) or a "
    "Kumu network, see every problem found in them, correct rows in place, or let an "
    "organization fill in its own resource map. Every change is saved as "
    "a new version that can be undone.",
)
layout.sample_notice(ws)
upload, imports, problems, edit, form, download, history = st.tabs(
    ["Upload", "Import", "Problem report", "Edit", "Organization form", "Download", "History"],
    key=state.DATA_TAB,
    bind="query-params",
)
with upload, layout.guard():
    data_panels.upload_section(ws)
with imports, layout.guard():
    import_panels.import_section(ws)
with problems, layout.guard():
    data_panels.problems_section(ws)
    data_panels.rejected_section(ws)
with edit, layout.guard():
    data_panels.edit_section(ws)
with form, layout.guard():
    org_form.org_form_section(ws)
with download, layout.guard():
    data_panels.download_section(ws)
    import_panels.export_section(ws)
with history, layout.guard():
    data_panels.history_section()
