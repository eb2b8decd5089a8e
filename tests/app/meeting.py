"""Helpers for the meeting-room AppTests: roles, passcodes, and what a page shows."""

from __future__ import annotations

import ast
import functools
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from mapping.meeting.passcodes import hash_passcode
from tests.app.conftest import APP
from tests.conftest import ROOT
from ui import state as k

FACILITATOR_PASS = "facilitate-2026"
STAKEHOLDER_PASS = "stakeholders-2026"


def registry_pages() -> list[str]:
    """Every page file named in ``ui/navigation.py`` (``st.Page("pages/x.py", ...)``), read
    from its source: a page added to the menu is checked without being listed here."""
    tree = ast.parse((ROOT / "ui" / "navigation.py").read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) == "Page"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


# Every page of the menu: tests/app/test_presentation.py and test_every_page.py check each.
PAGES = tuple(registry_pages())
VOTER_A = "a1" * 16
VOTER_B = "b2" * 16


@functools.cache
def hashes() -> dict[str, str]:
    return {
        "facilitator": hash_passcode(FACILITATOR_PASS),
        "stakeholder": hash_passcode(STAKEHOLDER_PASS),
    }


def facilitator_passcode_only() -> dict[str, Any]:
    """Secrets where the facilitator has a passcode and anyone else is a stakeholder."""
    return {"passcodes": {"facilitator": hashes()["facilitator"]}}


def both_passcodes() -> dict[str, Any]:
    return {"passcodes": dict(hashes())}


def make_app(
    page: str = "pages/home.py",
    *,
    secrets: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    state: dict[str, Any] | None = None,
    user: dict[str, Any] | None = None,
) -> AppTest:
    """The real app.py on ``page``, with these secrets, URL parameters and session state.

    Use with the ``db_path`` fixture (a fresh database per test).
    """
    at = AppTest.from_file(APP, default_timeout=60)
    if secrets:
        at.secrets.update(secrets)
    if query:
        at.query_params.update(query)
    if user is not None:
        at.user = user
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    if page != "pages/home.py" and not at.exception:
        at.switch_page(page)
        at.run()
    return at


def sign_in(at: AppTest, passcode: str) -> AppTest:
    at.text_input(key=k.ACCESS_PASSCODE).input(passcode)
    return at.button(key=k.ACCESS_SIGN_IN).click().run()


def _walk(node: Any, out: list[str], keys: set[str]) -> None:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            _walk(child, out, keys)
        return
    key = getattr(node, "key", None)
    if key:
        keys.add(str(key))
    for attr in ("label", "placeholder", "help"):
        text = getattr(node, attr, None)
        if isinstance(text, str):
            out.append(text)
    try:
        value = node.value
    except (AttributeError, KeyError, ValueError, TypeError, IndexError):
        value = None
    if isinstance(value, pd.DataFrame):
        out.append(value.to_csv())
    elif value is not None:
        out.append(str(value))
    proto = getattr(node, "proto", None)
    if proto is not None and type(node).__name__ not in ("Dataframe", "UnknownElement"):
        out.append(str(proto))


def shown(at: AppTest) -> str:
    """Everything the page sends to the browser, as text (main area and sidebar)."""
    out: list[str] = []
    _walk(at.main, out, set())
    _walk(at.sidebar, out, set())
    return "\n".join(out)


def widget_keys(at: AppTest) -> set[str]:
    """The keys of every widget on the page (main area and sidebar)."""
    keys: set[str] = set()
    _walk(at.main, [], keys)
    _walk(at.sidebar, [], keys)
    return keys
