"""Entry point: page config, navigation, the shared sidebar. Nothing else lives here."""

import streamlit as st

from ui import navigation, routing, sidebar

st.set_page_config(**routing.PAGE_CONFIG)  # type: ignore[arg-type]
page = st.navigation(navigation.app_pages(), position="top")
sidebar.render()
routing.mark_routed()
page.run()
