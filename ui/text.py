"""Putting user-supplied text (partner names, notes) into Streamlit markdown safely.

``st.markdown`` reads markdown, and ``$...$`` as LaTeX: a partner called "*Hope* $5 Meals"
or "[click](http://...)" would be formatted or linked. Escaping the markdown characters
shows the text exactly as typed (HTML is never enabled in this app's markdown).
"""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_\[\]<>~$])")


def escape_markdown(text: str) -> str:
    """``text`` with every markdown-active character backslash-escaped."""
    return _MARKDOWN.sub(r"\\\1", text)
