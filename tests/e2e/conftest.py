"""Browser tests: the real app under `streamlit run`, driven by Debian's Chromium.

The server runs on a free loopback port with its own workspace database. We wait on real
state (the server's ready line, /_stcore/health, the app's script state), never on sleep.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import ROOT, unavailable

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppServer:
    url: str
    db: Path
    process: subprocess.Popen[str]
    log: Path


def start_app(tmp: Path, env: dict[str, str] | None = None) -> AppServer:
    """Start `streamlit run app.py` on a free port and return once it answers health."""
    port = _free_port()
    db = tmp / "workspace.sqlite3"
    log = tmp / "server.log"
    environment = {**os.environ, "RESOURCE_MAP_DB": str(db), "PYTHONUNBUFFERED": "1", **(env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    ready = threading.Event()
    # Every line the server writes is copied to its log file for as long as it runs: a pipe
    # nobody reads fills up (64 KB) and freezes the server in the middle of a later test.
    threading.Thread(target=_drain, args=(process.stdout, log, ready), daemon=True).start()
    if not ready.wait(timeout=120):  # the server's own "you can now view" line
        process.kill()
        raise RuntimeError("streamlit did not start in 120 s:\n" + log.read_text())
    if process.poll() is not None:
        raise RuntimeError("streamlit exited before serving:\n" + log.read_text())
    url = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as resp:
        assert resp.read().strip() == b"ok"
    return AppServer(url, db, process, log)


def _drain(stream: IO[str], log: Path, ready: threading.Event) -> None:
    """Copy the server's output to ``log``; set ``ready`` at its listening line (or at its
    end, when it exited first)."""
    with log.open("w") as out:
        for line in stream:
            out.write(line)
            out.flush()
            if "URL:" in line or "You can now view" in line:
                ready.set()
    ready.set()


def stop_app(server: AppServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        unavailable(f"chromium is not installed at {CHROMIUM}: run `make browser`")
    return CHROMIUM


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    server = start_app(tmp_path_factory.mktemp("app"))
    yield server
    stop_app(server)


@pytest.fixture(scope="session")
def browser(chromium_path: Path):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


@pytest.fixture
def two_people(browser):  # type: ignore[no-untyped-def]
    """Two separate browsers (cookies, storage): the facilitator's and a stakeholder's."""
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    pages = []
    for ctx in contexts:
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        pages.append(page)
    yield pages
    for ctx in contexts:
        ctx.close()


# Watches the app's run state: how many runs started, and when the state last changed.
_WATCH_RUNS = """() => {
  if (window.__runWatch) return;
  const app = document.querySelector('[data-testid="stApp"]');
  window.__runWatch = {runs: 0, changed: performance.now()};
  new MutationObserver(() => {
    window.__runWatch.changed = performance.now();
    if (app.getAttribute('data-test-script-state') === 'running') window.__runWatch.runs++;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
QUIET_MS = 250  # a run a component asks for (the device token) starts well within this


def wait_ready(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app has finished its run, shows a title, has drawn every element
    (Streamlit shows skeletons for elements it has not mounted yet), and no further run
    started for QUIET_MS (a component reporting its value starts one right after the first)."""
    page.wait_for_selector(READY, state="attached")
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1')
    page.wait_for_selector(READY, state="attached")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0"
    )
    page.evaluate(_WATCH_RUNS)
    page.wait_for_function(
        f"() => document.querySelector('{READY}') !== null"
        f" && performance.now() - window.__runWatch.changed > {QUIET_MS}"
    )


def after_rerun(page, action, *, may_not_rerun: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Do ``action`` (a click that reruns the app) and wait until that run has finished:
    acting on the page while it is still being redrawn loses what was typed."""
    page.evaluate(_WATCH_RUNS)
    before = page.evaluate("() => window.__runWatch.runs")
    start = page.evaluate("() => performance.now()")
    action()
    grace = f" || performance.now() - {start} > 1500" if may_not_rerun else ""
    page.wait_for_function(f"() => window.__runWatch.runs > {before}{grace}")
    wait_ready(page)


def open_tab(page, name: str, *, exact: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Select a tab and wait for the run it starts (tabs kept in the link rerun the page)."""
    tab = page.get_by_role("tab", name=name, exact=exact)
    if tab.get_attribute("aria-selected") == "true":
        return
    after_rerun(page, tab.click, may_not_rerun=True)


def open_app(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    wait_ready(page)


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _pages(value: object) -> list[object]:
    from playwright.sync_api import Page

    if isinstance(value, Page):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, Page)]
    return []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """On a failure, keep what a person would look at: each browser page's screenshot and
    text under test-artifacts/failures/, and the app server's last log lines in the report."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    folder = ARTIFACTS / "failures"
    folder.mkdir(parents=True, exist_ok=True)
    name = item.name.replace("/", "_")[:120]
    funcargs = getattr(item, "funcargs", {})
    pages = [p for value in funcargs.values() for p in _pages(value)]
    for i, pg in enumerate(pages):
        try:
            pg.screenshot(path=str(folder / f"{name}-{i}.png"), full_page=True)  # type: ignore[attr-defined]
            text = pg.inner_text("body", timeout=5_000)  # type: ignore[attr-defined]
            (folder / f"{name}-{i}.txt").write_text(text)
            report.sections.append((f"page {i} text ({pg.url})", text[-3000:]))  # type: ignore[attr-defined]
        except Exception as exc:  # evidence is best effort; the failure itself stands
            report.sections.append((f"page {i}", f"no screenshot: {exc}"))
    for value in funcargs.values():
        if isinstance(value, AppServer) and value.log.exists():
            lines = value.log.read_text(errors="replace").splitlines()
            report.sections.append(("app server log (last 60 lines)", "\n".join(lines[-60:])))
