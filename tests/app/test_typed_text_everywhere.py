"""Text people typed is shown as text on every page, never as markdown or HTML.

Every free-text field of the three files (partner and service names, notes, expertise,
successes, barriers, a relationship's notes) holds a link, an image and an HTML tag; every
page of the navigation registry is opened, normally and presenting, and every element that
Streamlit renders as markdown (markdown, headings, captions, alerts, metric labels, tab and
expander labels) must show them escaped: no live ``[text](url)``, ``![img](url)`` or
``<tag>``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from mapping.data.store import WorkspaceStore
from tests.app.meeting import make_app, registry_pages, shown
from tests.unit.helpers import csv, load

LINK = "[win](https://evil.example/a)"
IMAGE = "![px](https://evil.example/p.png)"
TAG = "<img src=x onerror=alert(1)>"
HOSTILE = f"{LINK} {IMAGE} {TAG}"
# What escaping leaves: a backslash before [, (, ! and <; a match below is a live construct.
# Pages that show partners' own text as soon as they open (the check that it arrived).
SHOWS_TEXT = {"pages/data.py", "pages/gaps.py", "pages/relationships.py", "pages/recommend.py"}
LIVE = re.compile(r"(?<!\\)!?(?<!\\)\[[^\]]*(?<!\\)\]\((?!\s)|(?<!\\)<img", re.IGNORECASE)


def _workspace() -> Any:
    return load(
        csv(
            "partner_id,name,sector,zip,notes,expertise,successes,barriers,funds",
            f'P1,"Legal {LINK}",Legal aid,15222,"{HOSTILE}","{LINK}","{HOSTILE}","{TAG}",Shelter',
            f'P2,"Jobs {IMAGE}",Workforce development,15213,,,,,',
            f'P3,"Clinic {TAG}",Health,15206,,,,,',
        ),
        csv(
            "service_id,partner_id,category,name,description",
            f'S1,P1,Immigration legal aid,"Visa help {LINK}","{HOSTILE}"',
            f'S2,P2,Job placement,"Placement {IMAGE}",',
            f'S3,P3,Medical care,"Care {TAG}",',
        ),
        csv(
            "source_id,target_id,level,type,trust,notes",
            f'P1,P2,coordination,Referral,3,"{HOSTILE}"',
            f'P2,P3,cooperation,Referral,2,"{HOSTILE}"',
        ),
    )


# Elements whose value Streamlit renders as markdown; every element's label and help too.
_MARKDOWN = {"Markdown", "Caption", "Header", "Subheader", "Title", "Error", "Warning", "Info"}
_MARKDOWN |= {"Success", "Exception", "Toast"}


def _rendered(node: Any) -> list[str]:
    """Every string Streamlit will render as markdown, in the whole element tree."""
    out: list[str] = []
    for attr in ("label", "help"):
        text = getattr(node, attr, None)
        if isinstance(text, str):
            out.append(text)
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            out.extend(_rendered(child))
    elif type(node).__name__ in _MARKDOWN and isinstance(getattr(node, "value", None), str):
        out.append(node.value)
    return out


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presenting"])
@pytest.mark.parametrize("page", registry_pages())
def test_typed_text_is_never_live_markdown(db_path, page: str, present: bool) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).save(_workspace(), action="test")
    at = make_app(page, query={"present": "1"} if present else None)
    assert not at.exception, at.exception
    texts = [t for root in (at.main, at.sidebar) for t in _rendered(root)]
    if page in SHOWS_TEXT and not present:
        assert "evil" in shown(at)  # the typed text did reach the page
    live = [t for t in texts if ("evil" in t or "onerror" in t) and LIVE.search(t)]
    assert live == [], live
