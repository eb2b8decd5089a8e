"""Entry point: page config, navigation, the shared sidebar. Nothing else lives here."""

import streamlit as st

from ui import presentation, sidebar

st.set_page_config(page_title="Community resource map", page_icon=":material/hub:", layout="wide")
presentation.sync_from_url()

pages = {
    "Start": [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    ],
    "Your data": [
        st.Page("pages/data.py", title="Data", icon=":material/table_edit:"),
    ],
    "Meet": [
        st.Page("pages/kickoff.py", title="Kickoff", icon=":material/groups:"),
        st.Page("pages/decide.py", title="Decide", icon=":material/how_to_vote:"),
    ],
}

page = st.navigation(presentation.nav_pages(pages), position=presentation.nav_position())
sidebar.render()
page.run()
sidebar.share_view()
