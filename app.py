"""Entry point: page config, navigation, the shared sidebar. Nothing else lives here."""

import streamlit as st

from ui import sidebar

st.set_page_config(page_title="Community resource map", page_icon=":material/hub:", layout="wide")

pages = {
    "Start": [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    ],
    "Explore": [
        st.Page("pages/map.py", title="Map", icon=":material/map:"),
    ],
    "Your data": [
        st.Page("pages/data.py", title="Data", icon=":material/table_edit:"),
    ],
}

page = st.navigation(pages)
sidebar.render()
page.run()
