"""Every cached view in ui/loaders.py is keyed by what it reads (issue 13).

A cached function that reads the database must take the workspace ``version`` as an
argument (so a write, which saves a new version, is never hidden by the cache), and one
that reads the placed services or the map must also take the ``revision`` of the saved
online look-ups. Cached *resources* that only wrap the database (stores, polls, ...) keep
no state of their own and are listed here by name.
"""

from __future__ import annotations

import ast

from tests.conftest import ROOT

LOADERS = ROOT / "ui" / "loaders.py"
# st.cache_resource objects that hold no data of their own: every read goes to the database.
STATELESS = {
    "_store",
    "_polls",
    "_meetings",
    "_queue",
    "_limiter",
    "_assessments",
    "_saved_work",
    "_geocode_jobs",
    "_device_votes",
    "_sign_ins",
}
# Pure functions of their arguments (uploaded bytes): nothing in the database is read.
PURE = {
    "import_format",
    "hsds_package",
    "hsds_term_table",
    "uploaded_tables",
    "import_tables",
    "directory_term_table",
}
READS_DATABASE = ("_store(", "_workspace(", "_geocoded(", "_placed(", "_gaps(", "_region(")
READS_PLACEMENT = ("_geocoded(", "_placed(", "_gaps(", "_region(", "_map_data(")


def _cached() -> list[ast.FunctionDef]:
    tree = ast.parse(LOADERS.read_text())
    out = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                if isinstance(target, ast.Attribute) and target.attr.startswith("cache_"):
                    out.append(node)
    return out


def test_every_cached_read_of_the_database_is_keyed_by_the_version() -> None:
    source = LOADERS.read_text()
    functions = _cached()
    assert len(functions) >= 20
    for fn in functions:
        if fn.name in STATELESS | PURE:
            continue
        body = ast.get_source_segment(source, fn) or ""
        params = {a.arg for a in fn.args.args}
        assert any(r in body for r in READS_DATABASE), fn.name  # else list it as PURE
        assert "version" in params, f"{fn.name} reads the database but is not keyed by version"
        if any(r in body for r in READS_PLACEMENT):
            assert "revision" in params, f"{fn.name} reads placements without their revision"


def test_the_stateless_resources_keep_no_data() -> None:
    source = LOADERS.read_text()
    for fn in _cached():
        if fn.name in STATELESS:
            body = ast.get_source_segment(source, fn) or ""
            assert "version" not in {a.arg for a in fn.args.args}
            assert "load(" not in body, f"{fn.name} would cache a workspace without its version"
