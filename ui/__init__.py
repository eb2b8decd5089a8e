"""Streamlit glue: layout helpers, the widget-key registry and the cached loaders.

Only ``ui`` and ``pages`` import streamlit. Import direction: pages -> ui -> mapping.
"""
