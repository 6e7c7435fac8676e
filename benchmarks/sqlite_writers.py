"""Concurrent writers on SQLite: our tuned engine against SQLite's defaults.

Each of N threads runs the bot's busiest write (see a member, update their profile) in its own
transaction, as concurrent Slack requests do. Prints latency percentiles and failed
transactions for both engines. Usage: python -m benchmarks.sqlite_writers [threads] [per_thread]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine

from bot.db import make_engine, make_sessions
from bot.domain import CareerLevel, ProfileInput, RolePreference
from bot.migrate import upgrade_to_head
from bot.services import programmes
from bot.services.members import ensure_member, save_profile

PROFILE = ProfileInput(
    skills_offered=("writing",),
    skills_wanted=("strategy",),
    department="Finance",
    role_preference=RolePreference.PEER,
    career_level=CareerLevel.MID,
    about="benchmark",
)


def run(engine: Engine, threads: int, per_thread: int) -> tuple[list[float], int]:
    upgrade_to_head(engine)
    sessions = make_sessions(engine)
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def writer(n: int) -> None:
        nonlocal failures
        barrier.wait()
        for i in range(per_thread):
            now = datetime.now(UTC)
            started = time.perf_counter()
            try:
                with sessions.begin() as session:
                    user = f"U{n:03d}{i % 20:03d}"
                    member = ensure_member(session, "TBENCH", user, now)
                    member.slack_checked_at = now  # a read, then a write: the risky pattern
                    programme_id = programmes.current(session, "TBENCH", now)
                    save_profile(session, "TBENCH", programme_id, user, PROFILE, now, "en")
            except Exception:
                with lock:
                    failures += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - started)

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    engine.dispose()
    return latencies, failures


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else float("nan")


def main() -> None:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    per_thread = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    print(f"{threads} writer threads x {per_thread} transactions each\n")
    columns = ("tx/s", "p50 ms", "p95 ms", "p99 ms", "max ms")
    print(f"{'engine':<34}" + "".join(f"{c:>9}" for c in columns) + f"{'failed':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        engines = {
            "SQLite defaults (rollback journal)": create_engine(
                f"sqlite:///{Path(tmp) / 'plain.db'}", connect_args={"check_same_thread": False}
            ),
            "bot.db (WAL, busy timeout, IMMEDIATE)": make_engine(
                f"sqlite:///{Path(tmp) / 'tuned.db'}"
            ),
        }
        for name, engine in engines.items():
            started = time.perf_counter()
            latencies, failures = run(engine, threads, per_thread)
            elapsed = time.perf_counter() - started
            ms = [1000 * x for x in latencies]
            print(
                f"{name[:33]:<34}{len(ms) / elapsed:>9.0f}{percentile(ms, 50):>9.1f}"
                f"{percentile(ms, 95):>9.1f}{percentile(ms, 99):>9.1f}{max(ms, default=0):>9.1f}"
                f"{failures:>8}"
            )


if __name__ == "__main__":
    main()
