"""Fan-out benchmark: 10,000 members due at once, against the Slack fake (50 ms a call, at most
50 chat.postMessage a second, 429 with Retry-After beyond). Prints total time, the rate reached
against the limit, 429s, duplicates and lost messages; then the same with the sender killed
(kill -9) halfway and started again.

    python -m benchmarks.fanout [--members 10000] [--rate 47] [--workers 8] [--database-url URL]

Each run starts from an empty schema at the latest migration: on PostgreSQL a schema of the
benchmark's own (`fanout_benchmark`, dropped and made again; the database's other schemas are
left alone), on SQLite the file's tables dropped. The outbox sends only inside each person's
working hours (the members here are in UTC), so the benchmark's clock is the real one moved to
the next working morning, 10:00 UTC, whatever the hour it is run at.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import MetaData, func, insert, make_url, select, text

from bot.config import Settings, database_url_from
from bot.db import connect, make_engine, make_sessions
from bot.deps import Deps
from bot.domain import CareerLevel, MemberStatus, OutboxStatus, PairingMode, RolePreference
from bot.jobs.delivery import deliver
from bot.migrate import upgrade_to_head
from bot.models import (
    Member,
    Outbox,
    Pair,
    PairMember,
    Programme,
    ProgrammeMember,
    Round,
    Workspace,
)
from bot.services import rhythm
from bot.services.rhythm_time import latest_prompt
from bot.services.working_hours import Hours, next_open
from bot.slack.clients import OneWorkspace, delivery_client
from tests.fakes.slack_api import FakeSlack

TEAM = "TBENCH"
LIMIT = 50  # chat.postMessage a second, as the fake enforces
LATENCY = 0.05
SCHEMA = "fanout_benchmark"  # on PostgreSQL, the benchmark's own schema


def empty_schema(url: str) -> str:
    """Drop what an earlier run made and migrate to head; the URL that reaches the schema."""
    url = database_url_from({"DATABASE_URL": url})
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        schema = make_url(url).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
        url = schema.render_as_string(hide_password=False)
    else:
        tables = MetaData()
        tables.reflect(engine)
        tables.drop_all(engine)
    engine.dispose()
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    return url


def working_morning() -> timedelta:
    """How far the next working morning (10:00 UTC, after today's close) is from now: the
    benchmark's clock runs that far ahead, so no run meets the end of a working day."""
    now = datetime.now(UTC)
    closing = now.replace(hour=17, minute=0, second=0, microsecond=0)
    return next_open(closing, Hours("UTC")) + timedelta(hours=1) - now


def build(url: str, members: int, now: datetime) -> float:
    """A workspace whose members' first prompt is due now; returns the planning time."""
    engine = make_engine(url)
    started = now - timedelta(days=15)
    while latest_prompt(started, now, 14, "UTC", 10) is None:
        started -= timedelta(days=1)
    users = [f"U{i:07d}" for i in range(members)]
    with engine.begin() as conn:
        conn.execute(insert(Workspace), [{"team_id": TEAM, "created_at": now}])
        programme_id = conn.execute(
            insert(Programme).returning(Programme.id), [{"team_id": TEAM, "created_at": now}]
        ).scalar_one()
        conn.execute(
            insert(Member),
            [
                {
                    "team_id": TEAM,
                    "user_id": u,
                    "locale": "en",
                    "time_zone": "UTC",
                    "slack_checked_at": now,
                    "skills_offered": ["writing"],
                    "skills_wanted": ["strategy"],
                    "department": "D",
                    "about": "",
                    "career_level": CareerLevel.MID,
                    "created_at": now,
                    "updated_at": now,
                }
                for u in users
            ],
        )
        conn.execute(
            insert(ProgrammeMember),
            [
                {
                    "programme_id": programme_id,
                    "team_id": TEAM,
                    "user_id": u,
                    "status": MemberStatus.ACTIVE,
                    "role_preference": RolePreference.PEER,
                    "joined_at": started,
                }
                for u in users
            ],
        )
        conn.execute(
            insert(Round),
            [
                {
                    "team_id": TEAM,
                    "programme_id": programme_id,
                    "number": 1,
                    "draft_id": "bench",
                    "mode": PairingMode.PEER,
                    "group_size": 2,
                    "recent_rounds": 6,
                    "starts_at": started,
                    "ends_at": started + timedelta(weeks=12),
                    "created_by": "UBENCH",
                    "created_at": now,
                }
            ],
        )
        round_id = conn.execute(select(Round.id)).scalar_one()
        conn.execute(
            insert(Pair),
            [
                {
                    "team_id": TEAM,
                    "programme_id": programme_id,
                    "round_id": round_id,
                    "score": 1.0,
                    "starts_at": started,
                    "reasons": {"exchanges": [], "departments": ["D"], "shared_hours": 8.0},
                }
                for _ in range(members // 2)
            ],
        )
        pair_ids = list(conn.execute(select(Pair.id).order_by(Pair.id)).scalars())
        conn.execute(
            insert(PairMember),
            [
                {"pair_id": pair_ids[i // 2], "user_id": u, "team_id": TEAM, "coach_order": i % 2}
                for i, u in enumerate(users)
            ],
        )
    sessions = make_sessions(engine)
    clock = time.perf_counter()
    with sessions.begin() as session:
        planned = rhythm.plan(session, TEAM, now)
    assert planned == members, planned
    engine.dispose()
    return time.perf_counter() - clock


def send(url: str, api: str, rate: float, workers: int, minutes_later: float) -> None:
    """One sender: everything due, until the outbox is empty; its clock may run ahead."""
    settings = Settings(
        slack_bot_token="xoxb-bench", slack_signing_secret="s", database_url=url, slack_api_url=api
    )
    shift = timedelta(minutes=minutes_later)
    deps = Deps(
        settings=settings,
        database=connect(url),
        clock=lambda: datetime.now(UTC) + shift,
    )
    deliver(
        deps, OneWorkspace(delivery_client(settings.slack_bot_token, api), rate), workers=workers
    )


def tally(url: str, fake: FakeSlack) -> dict[str, int]:
    posted = Counter(
        message["metadata"]["event_payload"]["outbox_id"]
        for messages in fake.messages.values()
        for message in messages
        if message.get("metadata")
    )
    with make_sessions(make_engine(url))() as session:
        rows = session.scalar(select(func.count()).select_from(Outbox)) or 0
        unsent = (
            session.scalar(
                select(func.count()).select_from(Outbox).where(Outbox.status != OutboxStatus.SENT)
            )
            or 0
        )
        ids = set(session.scalars(select(Outbox.id)))
    return {
        "messages posted": sum(posted.values()),
        "duplicates": sum(n - 1 for n in posted.values() if n > 1),
        "lost": unsent + len(ids - set(posted)),
        "outbox rows": rows,
    }


def run(args: argparse.Namespace, kill: bool, directory: Path) -> dict[str, object]:
    url = empty_schema(
        args.database_url or f"sqlite:///{directory / ('kill' if kill else 'plain')}.db"
    )
    fake = FakeSlack(latency=LATENCY, rate_limits={"chat.postMessage": LIMIT}).start()
    ahead = working_morning()
    now = datetime.now(UTC) + ahead
    planning = build(url, args.members, now)
    worker = [
        sys.executable,
        "-m",
        "benchmarks.fanout",
        "--worker",
        url,
        fake.url,
        "--rate",
        str(args.rate),
        "--workers",
        str(args.workers),
    ]
    started = time.perf_counter()
    process = subprocess.Popen([*worker, "--minutes-later", str(ahead.total_seconds() / 60)])
    if kill:
        while len(fake.calls_to("chat.postMessage")) < args.members // 2:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        killed_at = len(fake.calls_to("chat.postMessage"))
        # The restarted sender finds the dead one's claims once they are stale (five minutes);
        # it is run as of six minutes on so the benchmark does not sleep through that.
        later = (ahead + timedelta(minutes=6)).total_seconds() / 60
        process = subprocess.Popen([*worker, "--minutes-later", str(later)])
    process.wait()
    elapsed = time.perf_counter() - started
    counts = tally(url, fake)
    fake.stop()
    return {
        "run": "killed halfway" if kill else "plain",
        "members": args.members,
        "planning s": round(planning, 2),
        "sending s": round(elapsed, 1),
        "rate /s": round(counts["messages posted"] / elapsed, 1),
        "of limit": f"{100 * counts['messages posted'] / elapsed / LIMIT:.0f} %",
        "429s": fake.throttled,
        **counts,
        **({"killed after": killed_at} if kill else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=47.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--database-url")
    parser.add_argument("--worker", nargs=2, metavar=("DATABASE_URL", "API_URL"))
    parser.add_argument("--minutes-later", type=float, default=0)
    args = parser.parse_args()
    if args.worker:
        send(*args.worker, args.rate, args.workers, args.minutes_later)
        return
    with tempfile.TemporaryDirectory() as directory:
        for kill in (False, True):
            row = run(args, kill, Path(directory))
            print("  ".join(f"{k}: {v}" for k, v in row.items()), flush=True)


if __name__ == "__main__":
    main()
