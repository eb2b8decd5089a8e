"""The database on PostgreSQL beside the embedded SQLite file (issue 15).

Three tables, each measured on both engines in the same run:

* **40 voters**: on SQLite, one app server (one process, 40 threads: one per browser
  session); on PostgreSQL, two app servers (two processes, 20 threads each, each process
  its own engine and connection pool). Every vote must be stored once. "Vote to tally" is
  the time from the vote call starting until a tally read afterwards includes it; on
  screen the facilitator's page adds its refresh interval on top.
* **Saving and loading a 50,000-service workspace** (rows inserted with executemany in
  batches, not a statement per row); the goal is PostgreSQL within 2x SQLite.
* **One Decide refresh's database work**: what each open Decide page asks on every live
  refresh (current version, proposals, tally, vote count, this device's vote).

The PostgreSQL server is a throwaway cluster on 127.0.0.1 (tests/pgserver.py) with fsync
on, like a hosted one; a hosted database adds the network round trip (about 1 ms in the
same data centre) to every statement.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.common import median_seconds, print_table
from bench.synthetic import synthetic_files
from mapping.data.database import forget
from mapping.data.loading import load_tables
from mapping.data.reading import read_table
from mapping.data.store import WorkspaceStore
from mapping.meeting.polls import POINTS, Polls
from tests.pgserver import ThrowawayPostgres

SKIP = set(os.environ.get("BENCH_DATABASE_SKIP", "").split(","))  # for a quicker rerun
VOTERS = 40
ROUNDS = 3


def _token(i: int) -> str:
    return f"bench-device-{i:04d}-token"


def _server(location: str, pid: int, voters: list[int], start_at: float) -> list[float]:
    """One app server: a thread per browser session, all voting at ``start_at``."""
    polls = Polls(WorkspaceStore(location))
    out: list[float] = []
    lock = threading.Lock()

    def vote(i: int) -> None:
        time.sleep(max(0.0, start_at - time.time()))
        start = time.perf_counter()
        polls.vote(pid, _token(i), i % 8 + 1, name=f"Participant {i}")
        tally = polls.tally(pid)
        elapsed = time.perf_counter() - start
        assert tally.counts[i % 8 + 1] >= 1
        with lock:
            out.append(elapsed)

    threads = [threading.Thread(target=vote, args=(i,)) for i in voters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    forget(location)
    return out


def _round(location: str, servers: int) -> list[float]:
    polls = Polls(WorkspaceStore(location))
    pid = polls.create(f"Bench {time.time()}")
    forget(location)  # no connection crosses a fork
    start_at = time.time() + 1.0
    groups = [list(range(VOTERS))[k::servers] for k in range(servers)]
    ctx = mp.get_context("fork")
    with ctx.Pool(servers) as pool:
        results = pool.starmap(_server, [(location, pid, g, start_at) for g in groups])
    polls = Polls(WorkspaceStore(location))
    stored = polls.vote_count(pid)
    expected = dict.fromkeys(POINTS, 0)
    for i in range(VOTERS):
        expected[i % 8 + 1] += 1
    if stored != VOTERS or polls.tally(pid).counts != expected:
        raise AssertionError(f"{stored} votes stored for {VOTERS} voters")
    return [x for r in results for x in r]


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def _voting(sqlite: str, pg: str) -> None:
    rows = []
    for label, location, servers in (
        ("SQLite, one app server", sqlite, 1),
        ("PostgreSQL, two app servers", pg, 2),
    ):
        times = [x for _ in range(ROUNDS) for x in _round(location, servers)]
        rows.append((label, len(times), statistics.median(times) * 1000, _p95(times) * 1000, "yes"))
    base = rows[0][2]
    print_table(
        f"{VOTERS} voters at once, {ROUNDS} rounds: vote to tally (ms)",
        ["engine", "votes", "median ms", "p95 ms", "each stored once", "x SQLite median"],
        [(*r, r[2] / base) for r in rows],
    )


def _save_load(sqlite: str, pg: str) -> None:
    files = synthetic_files(50_000)
    ws = load_tables({f: read_table(df.to_csv(index=False).encode(), f) for f, df in files.items()})
    assert len(ws.services) == 50_000
    rows = []
    for label, location in (("SQLite", sqlite), ("PostgreSQL", pg)):
        store = WorkspaceStore(location)
        t_save = median_seconds(lambda st=store: st.save(ws, action="bench"), repeat=3)
        t_load = median_seconds(lambda st=store: st.load(), repeat=3)
        assert len(store.load().services) == 50_000
        rows.append((label, t_save, t_load))
    base_save, base_load = rows[0][1], rows[0][2]
    print_table(
        "Saving and loading a 50,000-service workspace (median of 3; goal: PostgreSQL <= 2x)",
        ["engine", "save s", "load s", "save x SQLite", "load x SQLite"],
        [(r[0], r[1], r[2], r[1] / base_save, r[2] / base_load) for r in rows],
    )


def _decide_refresh(sqlite: str, pg: str) -> None:
    rows = []
    for label, location in (("SQLite", sqlite), ("PostgreSQL", pg)):
        store = WorkspaceStore(location)
        polls = Polls(store)
        pid = polls.create("Refresh")
        for i in range(VOTERS):
            polls.vote(pid, _token(1000 + i), i % 8 + 1)

        def refresh(p: Polls = polls, st: WorkspaceStore = store, pid: int = pid) -> None:
            st.current_version()
            p.proposals()
            p.tally(pid)
            p.vote_count(pid)
            p.my_vote(pid, _token(1000))

        rows.append((label, median_seconds(refresh, repeat=50, warmup=5) * 1000))
    print_table(
        "One Decide refresh's database work (5 queries; median of 50, ms)",
        ["engine", "ms per refresh", "x SQLite"],
        [(r[0], r[1], r[1] / rows[0][1]) for r in rows],
    )


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp, ThrowawayPostgres(durable=True) as server:
        sqlite = str(Path(tmp) / "bench.sqlite3")
        pg = server.new_database()
        for location in (sqlite, pg):
            WorkspaceStore(location)  # migrated before timing
        if "votes" not in SKIP:
            _voting(sqlite, pg)
        _save_load(sqlite, pg)
        _decide_refresh(sqlite, pg)
        forget(sqlite)
        forget(pg)


if __name__ == "__main__":
    run()
