"""The documentation says what the code does."""

from __future__ import annotations

import importlib.util

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
