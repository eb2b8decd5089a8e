"""Every page of the navigation registry x every role (presenting too), generated.

For each page, role and tab: no contact name, email or phone in anything the page sends to
the browser (markdown, tables, the map's HTML and its click-back on a partner, chart JSON,
the data of every download button) unless ``ui.permissions`` lets that role see them, and
no write widget the role may not use. URL parameters are forged on every run, a partner is
chosen in Map > Details and clicked on the map, and contact boxes are left ticked in the
session. The number of checks is printed at the end (``-s``) and kept in ``CHECKED``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.app.meeting import registry_pages, shown, widget_keys
from tests.app.roles import (
    ROLE_IDS,
    ROLES,
    SECRET_EMAIL,
    Capture,
    Role,
    capture,  # noqa: F401 (fixture)
    contact_values,
    forbidden_widgets,
    open_as,
    unpack,
)
from tests.conftest import ROOT

PAGES = registry_pages()
CHECKED: dict[str, int] = {"page x role x tab": 0, "downloads": 0}


def _tabs(node: Any) -> list[Any]:
    found = []
    children = getattr(node, "children", None)
    if type(node).__name__ == "Tab":
        found.append(node)
    if isinstance(children, dict):
        for child in children.values():
            found.extend(_tabs(child))
    return found


class _Part:
    """A subtree of the page, walked by ``shown`` as if it were the whole page."""

    def __init__(self, node: Any) -> None:
        self.main = node
        self.sidebar = None


def test_the_registry_lists_every_page_file() -> None:
    files = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert set(PAGES) == files and len(PAGES) == 12


@pytest.mark.parametrize("role", ROLES, ids=ROLE_IDS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_for_every_role(db_path: Path, capture: Capture, page: str, role: Role) -> None:  # noqa: F811
    at = open_as(role, page, db_path)
    assert not at.exception, at.exception
    secrets = contact_values()
    tabs = _tabs(at.main) or [at.main]
    for tab in tabs:
        text = shown(_Part(tab)) if tab is not at.main else shown(at)
        leaks = {v for v in secrets if v in text}
        if not role.sees_contacts:
            assert leaks == set(), (page, role.name, getattr(tab, "label", ""), leaks)
        CHECKED["page x role x tab"] += 1
    everything = shown(at)
    if not role.sees_contacts:
        assert {v for v in secrets if v in everything} == set()
    assert forbidden_widgets(role, widget_keys(at)) == set(), (page, role.name)
    for key, data in capture.downloads.items():
        if not role.sees_contacts:
            leaks = {v for v in secrets if v in unpack(data)}
            assert leaks == set(), (page, role.name, key, leaks)
        CHECKED["downloads"] += 1
    if role.signed_out:
        assert not capture.downloads and "Sign in" in everything
    if page == "pages/map.py" and role.sees_contacts:
        assert "**Contact:**" in everything  # the check can see a leak: the allowed case
    if page == "pages/data.py" and role.sees_contacts:
        assert SECRET_EMAIL in everything


def test_zz_report_the_count() -> None:
    print(f"\nchecked: {CHECKED}")
