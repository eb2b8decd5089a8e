"""Data: bring in partners' files, read the problem report, edit, download, undo."""

import streamlit as st

from ui import layout, loaders, permissions
from ui import state as k
from ui.panels.data import files as data_panels
from ui.panels.data import importing as import_panels
from ui.panels.data import org_form
from ui.panels.data import sharing as sharing_panels

ws = loaders.current_workspace()
layout.page_header(
    "Data",
    "Load the partners' spreadsheets or import a 211 directory (Open Referral HSDS) or a "
    "Kumu network, see every problem found in them, correct rows in place, or let an "
    "organization fill in its own resource map. Every change is saved as "
    "a new version that can be undone.",
)
layout.sample_notice(ws, on_data_page=True)
sections = {
    "Upload": lambda: data_panels.upload_section(ws),
    "Import": lambda: import_panels.import_section(ws),
    "Problem report": lambda: (data_panels.problems_section(ws), data_panels.rejected_section(ws)),
    "Edit": lambda: data_panels.edit_section(ws),
    "Organization form": lambda: org_form.org_form_section(ws),
    "Submissions": lambda: sharing_panels.submissions_section(ws),
    "Sharing": sharing_panels.sharing_section,
    "Download": lambda: (data_panels.download_section(ws), import_panels.export_section(ws)),
    "History": data_panels.history_section,
}
if permissions.is_presenting():
    st.info(
        "Editing and contact details are hidden while presenting. Leave presentation mode "
        "to load files, edit or approve organization forms.",
        icon=":material/slideshow:",
    )
    sections = {name: sections[name] for name in ("Problem report", "Download", "History")}
tabs = st.tabs(list(sections), key=k.DATA_TAB, bind="query-params")
for tab, show in zip(tabs, sections.values(), strict=True):
    with tab, layout.guard():
        show()
