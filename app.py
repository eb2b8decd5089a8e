"""Entry point: page config, navigation, the shared sidebar. Nothing else lives here."""

import streamlit as st

from ui import navigation, presentation, routing, sidebar

st.set_page_config(**routing.PAGE_CONFIG)  # type: ignore[arg-type]
presentation.sync_from_url()
page = st.navigation(
    presentation.nav_pages(navigation.app_pages()), position=presentation.nav_position()
)
sidebar.render()
routing.mark_routed()
page.run()
sidebar.share_view()
