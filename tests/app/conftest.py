"""AppTest fixtures: the real app.py with its own workspace database per test."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def _run_app_py_on_every_rerun(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make AppTest run app.py (navigation, sidebar, sign-in) on every rerun.

    AppTest 1.67 resets ``PagesManager.uses_pages_directory`` before each run, and because
    this project has a ``pages/`` folder it then takes the old pages-directory path: after
    the first run it executes only the page file, skipping app.py. ``streamlit run`` does
    not (st.navigation sets the flag once for the server), so tests pin it the same way.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class _NavigationPages(PagesManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    monkeypatch.setattr(app_test, "PagesManager", _NavigationPages)


@pytest.fixture
def open_page(db_path: Path) -> Callable[[str], AppTest]:
    """open_page("pages/data.py") -> an AppTest that has run that page once."""

    def _open(page: str = "pages/home.py") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page != "pages/home.py":
            at.switch_page(page)
            at.run()
        assert not at.exception, at.exception
        return at

    return _open


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:])")


def unescape(text: str) -> str:
    """Markdown shown literally by ui.text.escape_markdown, as a person reads it."""
    return _ESCAPED.sub(r"\1", text)


def texts(at: AppTest) -> str:
    """Everything a person reads on the page, as one string (markdown escapes removed: a
    person reads the text, not the backslashes that keep it literal)."""
    parts = [
        e.value
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "caption",
            "info",
            "success",
            "warning",
            "error",
        )
        for e in getattr(at, kind)
    ]
    return unescape("\n".join(str(p) for p in parts))


def _decode(obj: Any) -> Any:
    """Plotly JSON with its typed arrays ({"dtype", "bdata"}) turned back into lists."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            array = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"])
            if "shape" in obj:
                shape = obj["shape"]
                dims = [int(x) for x in shape.split(",")] if isinstance(shape, str) else shape
                array = array.reshape(dims)
            return array.tolist()
        return {k: _decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decode(v) for v in obj]
    return obj


def figures(at: AppTest) -> list[dict[str, Any]]:
    """Every Plotly chart on the page, as figure dicts (data and layout), in page order."""
    return [_decode(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]


def frame_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page that has all these columns (tables carry no key)."""
    for el in at.dataframe:
        df = el.value
        if set(columns) <= set(df.columns):
            return df
    raise AssertionError(f"no table with columns {columns}")
