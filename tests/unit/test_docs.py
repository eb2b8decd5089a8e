"""The documentation says what the code does."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_data_format_doc_is_generated_from_the_schema() -> None:
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "scripts" / "make_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    on_disk = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert on_disk == module.render(), "run `python scripts/make_docs.py` and commit the result"


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _named(doc: str, package: str, path: Path) -> bool:
    """True when docs/architecture.md names the module at ``path`` of ``package``: by its
    dotted path (``analysis.coverage.gaps``, with or without the package prefix), or as a
    backticked file or module name next to its package's dotted path."""
    rel = path.relative_to(ROOT / package).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
        if not parts:
            return True
    dotted = ".".join(parts)
    if "migrations" in parts[:-1]:  # Alembic's scripts: history, named by their folder
        return "migrations" in doc
    if f"`{dotted}`" in doc or f"{package}.{dotted}" in doc or f"`{dotted}." in doc:
        return True
    parent, leaf = ".".join(parts[:-1]), parts[-1]
    mentions_leaf = f"`{leaf}`" in doc or f"{leaf}.py" in doc or f"`{leaf}:" in doc
    return mentions_leaf and (not parent or parent in doc)


@pytest.mark.parametrize("package", ["mapping", "ui"])
def test_every_module_is_named_in_the_architecture_guide(package: str) -> None:
    doc = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / package).rglob("*.py"))
        if not _named(doc, package, p)
    ]
    assert missing == [], "say in docs/architecture.md what these modules are for"


def test_every_page_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tree = ast.parse((ROOT / "ui" / "navigation.py").read_text(encoding="utf-8"))
    titles = [
        kw.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for kw in node.keywords
        if kw.arg == "title" and isinstance(kw.value, ast.Constant)
    ]
    assert len(titles) == len(list((ROOT / "pages").glob("*.py")))
    missing = [t for t in titles if t not in readme]
    assert missing == [], "describe these pages in the README"


def test_no_reference_points_outside_the_repository() -> None:
    """The code cites docs/domain.md and docs/style.md, never files a clone does not have."""
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("mapping", "ui", "pages", "docs")
        for p in (ROOT / folder).rglob("*")
        if p.suffix in (".py", ".md", ".js")
        and any(name in p.read_text(encoding="utf-8") for name in ("DOMAIN.md", "STYLE.md"))
    ]
    assert offenders == []
