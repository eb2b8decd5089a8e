"""The whole import path through the app, against the import function alone (issue 16).

A 5,000-service synthetic HSDS package (the 2.0 layout of the real 211 exports) is uploaded
on the Data page's Import tab of the real app (Streamlit's AppTest runs app.py and the page,
with its caches, in this process), until the preview is drawn; then "Import into the
workspace" is pressed and the Map page opened until the map is drawn. The baseline is
:func:`mapping.interop.hsds.import_hsds` on the same bytes in the same process. Every app
run starts on a fresh database with empty Streamlit caches, as the first upload of a
session does.

Targets: upload to preview within 1.5x the import function; save to drawn map within 2x.
A small package goes through the app once, untimed, before the measured runs: a server
imports the map's libraries on its first map, once.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import median_seconds, print_table
from bench.hsds_synthetic import synthetic_hsds
from mapping import import_hsds
from mapping.places.gazetteer import get_gazetteer

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _pin_navigation() -> None:
    """Run app.py on every rerun, as ``streamlit run`` does (see tests/app/conftest.py)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class _NavigationPages(PagesManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    app_test.PagesManager = _NavigationPages  # type: ignore[misc]


def _one_app_run(files: dict[str, bytes]) -> tuple[float, float, int]:
    """(upload -> preview s, save -> drawn map s, services previewed)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["RESOURCE_MAP_DB"] = str(Path(tmp) / "workspace.sqlite3")
        at = AppTest.from_file(APP, default_timeout=600)
        at.run()
        at.switch_page("pages/data.py")
        at.run()
        uploads = [(name, data, "text/csv") for name, data in sorted(files.items())]
        start = time.perf_counter()
        at.file_uploader(key="import_upload_0").set_value(uploads).run()
        preview = time.perf_counter() - start
        assert not at.exception, at.exception
        metrics = {m.label: m.value for m in at.metric}
        start = time.perf_counter()
        at.button(key="import_commit").click().run()
        at.switch_page("pages/map.py")
        at.run()
        drawn = time.perf_counter() - start
        assert not at.exception, at.exception
        assert any("Drag to move" in c.value for c in at.caption), "the map was not drawn"
    return preview, drawn, int(metrics.get("Services", "0"))


def run(n_services: int = 5_000, repeat: int = 3) -> None:
    get_gazetteer()  # built once per process, as in the app's server
    _pin_navigation()
    # One small untimed run first: the server has then imported what the pages use
    # (folium, scipy, plotly ...), as any server has after its first map.
    _one_app_run(synthetic_hsds(50, layout="2.0"))
    files = synthetic_hsds(n_services, layout="2.0")
    t_import = median_seconds(lambda: import_hsds(files), repeat=repeat)
    runs = [_one_app_run(files) for _ in range(repeat)]
    t_preview = statistics.median(r[0] for r in runs)
    t_drawn = statistics.median(r[1] for r in runs)
    print_table(
        f"A {n_services:,}-service HSDS 2.0 package through the app (AppTest, fresh database "
        f"and caches each run; median of {repeat} runs, same process)",
        ["step", "seconds", "x import_hsds", "target"],
        [
            ("import_hsds alone (baseline)", t_import, 1.0, ""),
            (f"upload -> preview ({runs[0][2]:,} services)", t_preview, t_preview / t_import, 1.5),
            ("save -> map drawn", t_drawn, t_drawn / t_import, 2.0),
        ],
    )


if __name__ == "__main__":
    run()
