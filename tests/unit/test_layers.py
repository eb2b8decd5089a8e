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
        ("folium", "mapping/places/maps/render.py"),
        ("geopy", "mapping/places/geocoding/online.py"),
        ("branca", "mapping/places/maps/render.py"),
    ],
)
def test_one_module_owns_each_heavy_library(library: str, allowed: str) -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in MAPPING
        if library in _top(_imports(p)) and not str(p.relative_to(ROOT)).startswith(allowed)
    ]
    assert offenders == []


# Each subpackage of mapping/ and the subpackages it may import (only downward). data is at
# the bottom; charts.palette is colour data every layer may use (the map draws with it).
LAYERS: dict[str, set[str]] = {
    "data": set(),
    "places": {"data"},
    "interop": {"data"},
    "analysis": {"data", "places"},
    "partnership": {"data"},
    "charts": {"data", "analysis", "partnership"},
    "meeting": {"data", "analysis", "partnership", "charts"},
}
SHARED_EVERYWHERE = {"mapping.charts.palette"}


def _subpackage_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # "from mapping.charts import palette" imports mapping.charts.palette
            names.update(f"{node.module}.{a.name}" for a in node.names)
    out = set()
    for name in names:
        parts = name.split(".")
        if parts[0] == "mapping" and len(parts) > 2 and ".".join(parts[:3]) in SHARED_EVERYWHERE:
            continue
        if parts[0] == "mapping" and len(parts) > 1:
            out.add(parts[1])
    return out


def test_mapping_is_grouped_in_the_known_subpackages() -> None:
    loose = sorted(p.name for p in (ROOT / "mapping").glob("*.py") if p.name != "__init__.py")
    assert loose == [], "put each module of mapping/ in a subpackage (docs/architecture.md)"
    folders = {p.name for p in (ROOT / "mapping").iterdir() if (p / "__init__.py").exists()}
    assert folders == set(LAYERS)


@pytest.mark.parametrize(
    "path",
    [p for p in MAPPING if len(p.relative_to(ROOT / "mapping").parts) > 1],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_subpackages_import_only_downward(path: Path) -> None:
    own = path.relative_to(ROOT / "mapping").parts[0]
    upward = _subpackage_imports(path) - LAYERS[own] - {own}
    assert upward == set(), f"{own} may import only {sorted(LAYERS[own])}"


@pytest.mark.parametrize("path", MAPPING, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_too_long(path: Path) -> None:
    """About 700 lines at most, so each module holds one concern (the schema's taxonomy
    tables are data and may run longer)."""
    limit = 1400 if path.name == "schema.py" else 700
    assert len(path.read_text(encoding="utf-8").splitlines()) <= limit


def _registered_pages() -> list[str]:
    tree = ast.parse((ROOT / "ui" / "navigation.py").read_text(encoding="utf-8"))
    return [
        Path(node.value).stem
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("pages/")
    ]


def test_every_page_has_its_panel_module() -> None:
    pages = _registered_pages()
    assert sorted(pages) == sorted(p.stem for p in PAGES)
    panels = ROOT / "ui" / "panels"
    missing = [p for p in pages if not ((panels / f"{p}.py").exists() or (panels / p).is_dir())]
    assert missing == []


def test_the_app_frame_never_imports_a_page_panel() -> None:
    for path in [*(ROOT / "ui").glob("*.py"), ROOT / "app.py"]:
        assert not any(n.startswith("ui.panels") for n in _imports(path)), path


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
    for path in [*MAPPING, *(ROOT / "ui").rglob("*.py"), ROOT / "app.py"]:
        assert "pages" not in _top(_imports(path)), path
