"""Putting user-supplied text (partner names, notes) into Streamlit markdown safely.

``st.markdown`` reads markdown, ``$...$`` as LaTeX and ``:red[...]`` or ``:material/x:`` as
Streamlit directives: a partner called "*Hope* $5 Meals", "[click](http://...)" or
":red[Urgent]" would be formatted, linked or coloured. Escaping the markdown characters
shows the text exactly as typed (HTML is never enabled in this app's markdown).
"""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: object) -> str:
    """``text`` (made a string) with every markdown-active character backslash-escaped."""
    return _MARKDOWN.sub(r"\\\1", str(text))
