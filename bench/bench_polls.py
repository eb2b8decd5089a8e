"""Live voting load test: 40 participants vote at once on one proposal.

Loopback only and bounded: 40 threads (one per participant, each with its own device
token and name) drive :mod:`mapping.meeting.polls` on one SQLite workspace file in a temporary
folder, the way 40 browser sessions of the app do (each session's vote is one
``Polls.vote`` call in the Streamlit server). Every vote must be stored exactly once and
the tally must match what was cast. "Vote to tally" is the time from a participant
pressing the button (the call starts) until a tally read afterwards includes the vote;
on screen, the facilitator's page adds at most its refresh interval
(``ui.panels.decide.REFRESH_SECONDS``) on top.

Baseline, measured in the same run: the same 40 votes cast one after another by a single
thread (no contention). A second table prices the query each open page repeats on every
live refresh, against the foundation's one-query-per-rerun baseline.
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.common import median_seconds, print_table
from mapping.data.store import WorkspaceStore
from mapping.meeting.kickoff import Meetings
from mapping.meeting.polls import POINTS, Polls

PARTICIPANTS = 40
ROUNDS = 5
TIMEOUT_S = 120.0  # a bound: the run fails rather than hang


def _token(i: int) -> str:
    return f"bench-device-{i:04d}-token"


def _expected(n: int) -> dict[int, int]:
    counts = dict.fromkeys(POINTS, 0)
    for i in range(n):
        counts[i % 8 + 1] += 1
    return counts


def _vote_and_read(polls: Polls, pid: int, i: int) -> float:
    start = time.perf_counter()
    polls.vote(pid, _token(i), i % 8 + 1, name=f"Participant {i}")
    tally = polls.tally(pid)
    elapsed = time.perf_counter() - start
    assert tally.counts[i % 8 + 1] >= 1, "the tally read after a vote must include it"
    return elapsed


def _check(polls: Polls, pid: int) -> bool:
    stored = polls.vote_count(pid)
    if stored != PARTICIPANTS:
        raise AssertionError(f"{stored} votes stored for {PARTICIPANTS} participants")
    if polls.tally(pid).counts != _expected(PARTICIPANTS):
        raise AssertionError("the tally does not match the votes cast")
    return True


def sequential(polls: Polls) -> tuple[float, list[float], bool]:
    pid = polls.create("Baseline: one after another")
    start = time.perf_counter()
    latencies = [_vote_and_read(polls, pid, i) for i in range(PARTICIPANTS)]
    return time.perf_counter() - start, latencies, _check(polls, pid)


def concurrent(polls: Polls) -> tuple[float, list[float], bool]:
    pid = polls.create("Forty at once")
    barrier = threading.Barrier(PARTICIPANTS + 1)
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def participant(i: int) -> None:
        try:
            barrier.wait(timeout=TIMEOUT_S)
            took = _vote_and_read(polls, pid, i)
            with lock:
                latencies.append(took)
        except BaseException as exc:  # reported below; a thread must not die silently
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(PARTICIPANTS)]
    for t in threads:
        t.start()
    barrier.wait(timeout=TIMEOUT_S)
    start = time.perf_counter()
    for t in threads:
        t.join(timeout=TIMEOUT_S)
    wall = time.perf_counter() - start
    if errors or any(t.is_alive() for t in threads):
        raise AssertionError(f"participants failed: {errors[:3]}")
    return wall, latencies, _check(polls, pid)


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = WorkspaceStore(Path(tmp) / "bench.sqlite3")
        polls = Polls(store)
        rows = []
        for label, fn in (
            ("baseline: 1 thread, one by one", sequential),
            ("40 at once", concurrent),
        ):
            walls, all_lat, ok = [], [], True
            for _ in range(ROUNDS):
                wall, lat, good = fn(polls)
                walls.append(wall)
                all_lat += lat
                ok = ok and good
            rows.append(
                (
                    label,
                    PARTICIPANTS,
                    ROUNDS,
                    statistics.median(walls),
                    1000 * statistics.median(all_lat),
                    1000 * _p95(all_lat),
                    1000 * max(all_lat),
                    "yes" if ok else "NO",
                )
            )
        print_table(
            f"{PARTICIPANTS} participants vote on one proposal (SQLite WAL, loopback threads; "
            f"{ROUNDS} rounds, medians)",
            [
                "how",
                "votes",
                "rounds",
                "all votes in s",
                "vote to tally median ms",
                "p95 ms",
                "max ms",
                "every vote stored once, tally matches",
            ],
            rows,
        )

        pid = polls.create("Refresh cost")
        for i in range(PARTICIPANTS):
            polls.vote(pid, _token(i), i % 8 + 1)
        meetings = Meetings(store)
        mid = meetings.create("Kickoff", "2026-03-10", [f"Partner {i}" for i in range(12)])
        for i in range(30):
            meetings.add_note(mid, i % 5, f"Note {i}", speaker=f"Partner {i % 12}")

        def decide_refresh() -> None:
            polls.get(pid)
            polls.tally(pid)
            polls.my_vote(pid, _token(3))

        def kickoff_refresh() -> None:
            meetings.get(mid)
            meetings.notes(mid)

        base = median_seconds(store.current_version, repeat=200, warmup=10)
        refresh = [
            ("baseline: current_version (every rerun)", base, "-"),
            ("Decide: proposal + tally + my vote", median_seconds(decide_refresh, repeat=200), 2),
            ("Kickoff: meeting + notes", median_seconds(kickoff_refresh, repeat=200), 1),
        ]
        print_table(
            "Database work of one live refresh per open page (medians of 200)",
            ["query", "ms", "x baseline", "refresh every s", "open pages per core (database only)"],
            [
                (
                    name,
                    1000 * t,
                    t / base,
                    every,
                    int(every / t) if isinstance(every, int) else "-",
                )
                for name, t, every in refresh
            ],
        )


if __name__ == "__main__":
    run()
