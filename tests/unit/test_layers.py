"""The layering rules of docs/architecture.md, checked on the source itself."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

MAPPING = sorted((ROOT / "mapping").rglob("*.py"))
PAGES = sorted((ROOT / "pages").glob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
    return out


def _top(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


@pytest.mark.parametrize("path", MAPPING, ids=lambda p: str(p.relative_to(ROOT)))
def test_mapping_never_imports_streamlit_ui_or_pages(path: Path) -> None:
    assert not _top(_imports(path)) & {"streamlit", "ui", "pages", "streamlit_folium"}


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("plotly", "mapping/charts/"),
        ("folium", "mapping/maps.py"),
        ("geopy", "mapping/geocoding.py"),
        ("branca", "mapping/maps.py"),
    ],
)
def test_one_module_owns_each_heavy_library(library: str, allowed: str) -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in MAPPING
        if library in _top(_imports(p)) and not str(p.relative_to(ROOT)).startswith(allowed)
    ]
    assert offenders == []


def test_importing_mapping_pulls_in_no_streamlit() -> None:
    code = (
        "import sys, mapping; from mapping import load_workspace; "
        "load_workspace('data/sample'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('streamlit', 'plotly', 'folium')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_stay_thin(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 250
    imports = _top(_imports(path))
    assert not imports & {"plotly", "folium", "geopy", "requests", "urllib"}


def test_nothing_imports_pages() -> None:
    for path in [*MAPPING, *(ROOT / "ui").glob("*.py"), ROOT / "app.py"]:
        assert "pages" not in _top(_imports(path)), path
