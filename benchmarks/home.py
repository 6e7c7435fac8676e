"""App Home benchmark: the time to read and render one person's Home tab (`bot.jobs.home.home_of`,
everything but the views.publish call), in the digest benchmark's programme of 5,000 members
with a year of history and bookings. Members of running pairs are measured in two halves: those
whose pair has a session booked ahead (Home shows it) and those without (Home suggests three
times, which runs the slot finder). Prints the median and 95th percentile and the statements a
render takes, on SQLite and, with --database-url, on PostgreSQL.

With --programmes N (issue 17: 20), the workspace runs N programmes of --members each (the
digest benchmark's build_workspace: people in one to three), and it measures the Home of people
who take part in three programmes (a section for each).

    python -m benchmarks.home [--members 5000] [--people 200] [--programmes N]
        [--database-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, select

from benchmarks.digest import NOW, TEAM, analyze, build, build_workspace, prepare
from bot.config import Settings
from bot.db import connect
from bot.deps import Deps
from bot.domain import BookingStatus, MemberStatus
from bot.jobs.home import home_of
from bot.models import Booking, Pair, PairMember, ProgrammeMember, Round


def people(engine: Engine, wanted: int) -> tuple[list[str], list[str]]:
    """Up to `wanted` members of running pairs with a session booked ahead, and as many
    without one."""
    running = (
        select(PairMember.user_id, PairMember.pair_id)
        .join(Pair, Pair.id == PairMember.pair_id)
        .join(Round, Round.id == Pair.round_id)
        .where(Round.starts_at <= NOW, Round.ends_at > NOW, Pair.ended_at.is_(None))
        .order_by(PairMember.user_id)
    )
    ahead = select(Booking.pair_id).where(
        Booking.status == BookingStatus.BOOKED, Booking.ends_at > NOW
    )
    with engine.connect() as conn:
        rows = conn.execute(running).all()
        booked = set(conn.scalars(ahead))
    with_booking = [row.user_id for row in rows if row.pair_id in booked][:wanted]
    without = [row.user_id for row in rows if row.pair_id not in booked][:wanted]
    return with_booking, without


def in_three(engine: Engine, wanted: int) -> list[str]:
    """Up to `wanted` people who take part in three programmes."""
    three = (
        select(ProgrammeMember.user_id)
        .where(ProgrammeMember.status == MemberStatus.ACTIVE)
        .group_by(ProgrammeMember.user_id)
        .having(func.count() == 3)
        .order_by(ProgrammeMember.user_id)
        .limit(wanted)
    )
    with engine.connect() as conn:
        return list(conn.scalars(three))


def measure(deps: Deps, users: list[str]) -> tuple[list[float], int, int]:
    """Seconds per render, the statements of the last render and its blocks."""
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    times = []
    view: dict[str, Any] = {}
    for user in users:
        statements = 0
        event.listen(deps.database.engine, "before_cursor_execute", count)
        started = time.perf_counter()
        with deps.sessions.begin() as session:
            view = home_of(deps, session, TEAM, user, NOW + timedelta(minutes=1))
        times.append(time.perf_counter() - started)
        event.remove(deps.database.engine, "before_cursor_execute", count)
    return times, statements, len(view.get("blocks", []))


def run(url: str, label: str, members: int, wanted: int, programmes: int) -> None:
    engine = prepare(url)
    if programmes > 1:
        build_workspace(engine, programmes, members)
    else:
        build(engine, members)
    analyze(engine)
    settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret="s", database_url=url)
    deps = Deps(settings=settings, database=connect(url))
    if programmes > 1:
        groups = [(f"in three of {programmes} programmes", in_three(engine, wanted))]
    else:
        with_booking, without = people(engine, wanted)
        groups = [("booked ahead", with_booking), ("nothing booked", without)]
    for name, users in groups:
        measure(deps, users[:5])  # warm: the first renders load zones and holidays
        times, statements, blocks = measure(deps, users)
        times.sort()
        print(
            f"{label}, {name}: {len(users)} people, median "
            f"{1000 * statistics.median(times):.1f} ms, p95 "
            f"{1000 * times[int(0.95 * (len(times) - 1))]:.1f} ms; "
            f"{statements} statements, {blocks} blocks a Home"
        )
    deps.database.dispose()
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--people", type=int, default=200, help="members measured per half")
    parser.add_argument("--programmes", type=int, default=1, help="programmes in the workspace")
    parser.add_argument("--database-url", help="a PostgreSQL database to fill (its tables go)")
    args = parser.parse_args()
    sizes = (args.members, args.people, args.programmes)
    with tempfile.TemporaryDirectory() as directory:
        run(f"sqlite:///{Path(directory) / 'home.db'}", "SQLite", *sizes)
    if args.database_url:
        run(args.database_url, "PostgreSQL", *sizes)


if __name__ == "__main__":
    main()
