"""Load benchmark: the production web process (gunicorn as in the Procfile, on PostgreSQL,
against a Slack fake answering in 50 ms) and, in the same run, a bare Bolt app that only acks
(benchmarks/bare_app.py) under the same gunicorn settings. Both get the same signed requests: a
mix of slash commands (/mentor help, /mentor pair) and profile modal submissions.

(a) a steady 50 requests a second for 60 s, to each app in turn (open loop: latency counts
    from when each request was due, so a server that falls behind is not hidden): p50/p95/p99
    time to ack, errors;
(b) 50 clients as fast as they can, 20 s for each app, in rounds of 5 s that alternate between
    the two (this machine's CPU runs faster or slower by a sixth from one minute to the next,
    so back-to-back runs would compare the moments as much as the apps): requests a second,
    and the bot's share of the bare app's, over all and for each round;
and the resident memory of each of the bot's gunicorn workers after both. Beside (b), where the
machine's CPU went, in ms a request: the web workers, PostgreSQL (every database on the box),
the Slack fake (which checks every Block Kit payload, work Slack's servers would do), this load
generator, and how busy the whole machine was (anything else running shows up there).

    python -m benchmarks.load [--database-url postgresql://postgres@127.0.0.1:5432/mentor_load]
                              [--seconds 60] [--rate 50] [--clients 50] [--rounds 4]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import queue
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, make_url, text

from bot.blocks.profile import profile_modal
from bot.db import make_engine, make_sessions
from bot.domain import CareerLevel, MemberCard, MemberStatus, ProfileInput, RolePreference
from bot.migrate import upgrade_to_head
from bot.models import Base
from bot.services import members, programmes
from tests.fakes.slack_requests import sign, state_values

TEAM = "T0LOAD"
SECRET = "load-signing-secret"
TOKEN = "xoxb-load-token"
USERS = [f"U{i:06d}" for i in range(500)]
ROOT = Path(__file__).resolve().parent.parent
LOGS = Path(tempfile.gettempdir()) / "mentor-load"


def prepare_database(url: str) -> None:
    """A fresh database with the schema and 500 members with profiles."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}
        ):
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    engine = make_engine(url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f"DROP TABLE IF EXISTS {table.name} CASCADE"))
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade_to_head(engine)
    now = datetime.now(UTC)
    with make_sessions(engine).begin() as session:
        for i, user in enumerate(USERS):
            profile = ProfileInput(
                skills_offered=("writing",),
                skills_wanted=("strategy",),
                department=f"Dept{i % 10}",
                role_preference=RolePreference.PEER,
                career_level=CareerLevel.MID,
                about="",
            )
            members.save_profile(
                session, TEAM, programmes.current(session, TEAM, now), user, profile, now, "en"
            )
            members.record_slack_facts(
                members.ensure_member(session, TEAM, user, now), "en", "Europe/Stockholm", now
            )
    engine.dispose()


def fake_process() -> tuple[subprocess.Popen[str], str]:
    """The Slack fake in its own process (50 ms a call), knowing every user."""
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.load", "--fake"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def run_fake() -> None:
    from tests.fakes.slack_api import FakeSlack

    fake = FakeSlack(latency=0.05).start()
    for user in USERS:
        fake.add_user(user)
    print(fake.url, flush=True)
    threading.Event().wait()


def gunicorn_settings() -> list[str]:
    """gunicorn's settings from the Procfile's web line (defaults taken, without the app and
    the address), so both apps here run exactly as deployed."""
    line = next(
        line.split(":", 1)[1]
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith("web:")
    )
    words = shlex.split(re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", line))
    settings = words[words.index("gunicorn") + 2 :]  # after the app's spec
    bind = settings.index("--bind")
    return settings[:bind] + settings[bind + 2 :]


def web_process(spec: str, port: int, env: dict[str, str]) -> subprocess.Popen[str]:
    """The process under gunicorn; its log (a JSON line a request) goes to LOGS/<port>.log."""
    LOGS.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            spec,
            *gunicorn_settings(),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env={**os.environ, **env},
        cwd=ROOT,
        stderr=(LOGS / f"{port}.log").open("w"),
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{spec} did not start")


def bodies() -> list[tuple[bytes, str]]:
    """The request mix: each user's /mentor help, /mentor pair and a profile submission."""
    view = profile_modal(MemberCard(user_id=USERS[0], status=MemberStatus.ACTIVE, locale="en"))
    answers = {
        "skills_offered": ["writing"],
        "skills_wanted": ["strategy", "negotiation"],
        "department": "Finance",
        "role_preference": "peer",
        "career_level": "mid",
        "about": "",
    }
    made: list[tuple[bytes, str]] = []
    for serial, user in enumerate(USERS):
        for words in ("help", "pair"):
            form = {
                "token": "x",
                "team_id": TEAM,
                "user_id": user,
                "command": "/mentor",
                "text": words,
                "trigger_id": f"{serial}.trigger",
                "response_url": "http://127.0.0.1:9/unused",
                "api_app_id": "ALOAD",
            }
            made.append((urlencode(form).encode(), "application/x-www-form-urlencoded"))
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM},
            "user": {"id": user, "team_id": TEAM},
            "api_app_id": "ALOAD",
            "token": "x",
            "trigger_id": f"{serial}.trigger",
            "view": {
                **view,
                "id": f"V{serial:08d}",
                "team_id": TEAM,
                "state": {"values": state_values(view, answers)},
            },
        }
        body = urlencode({"payload": json.dumps(payload)}).encode()
        made.append((body, "application/x-www-form-urlencoded"))
    return made


class Client:
    """One keep-alive connection; `send` signs the body now and returns (status, seconds)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def send(self, body: bytes, content_type: str) -> int:
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": sign(SECRET, stamp, body),
        }
        try:
            self.conn.request("POST", "/slack/events", body, headers)
            response = self.conn.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            return 0


def steady(port: int, rate: float, seconds: float, mix: list[tuple[bytes, str]]) -> dict[str, str]:
    """Open loop: requests due every 1/rate s; latency from when each was due."""
    due: queue.Queue[tuple[float, bytes, str] | None] = queue.Queue()
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        client = Client(port)
        while (item := due.get()) is not None:
            at, body, content_type = item
            status = client.send(body, content_type)
            with lock:
                latencies.append(time.perf_counter() - at)
                statuses.append(status)

    workers = [threading.Thread(target=worker) for _ in range(32)]
    for thread in workers:
        thread.start()
    start = time.perf_counter()
    for n, (body, content_type) in enumerate(
        itertools.islice(itertools.cycle(mix), int(rate * seconds))
    ):
        at = start + n / rate
        time.sleep(max(0.0, at - time.perf_counter()))
        due.put((at, body, content_type))
    for _ in workers:
        due.put(None)
    for thread in workers:
        thread.join()
    ms = sorted(1000 * x for x in latencies)
    return {
        "requests": str(len(ms)),
        "errors": str(sum(status != 200 for status in statuses)),
        "p50 ms": f"{statistics.median(ms):.1f}",
        "p95 ms": f"{ms[int(0.95 * len(ms)) - 1]:.1f}",
        "p99 ms": f"{ms[int(0.99 * len(ms)) - 1]:.1f}",
        "max ms": f"{ms[-1]:.1f}",
    }


def flat_out(
    port: int, clients: int, seconds: float, mix: list[tuple[bytes, str]]
) -> dict[str, str]:
    """`clients` connections sending back to back for `seconds`."""
    stop = time.perf_counter() + seconds
    done = itertools.count()
    failures = itertools.count()
    source = itertools.cycle(mix)
    lock = threading.Lock()

    def worker() -> None:
        client = Client(port)
        while time.perf_counter() < stop:
            with lock:
                body, content_type = next(source)
            status = client.send(body, content_type)
            next(done)
            if status != 200:
                next(failures)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    total, failed = next(done), next(failures)
    return {"requests/s": f"{total / elapsed:.0f}", "requests": str(total), "errors": str(failed)}


def worker_memory(master: subprocess.Popen[str]) -> list[str]:
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master.pid):
            found.append(f"{int(fields['VmRSS'].split()[0]) / 1024:.0f} MB")
    return found


def cpu_seconds(
    web: subprocess.Popen[str], fake: subprocess.Popen[str]
) -> dict[tuple[str, int], float]:
    """CPU seconds used so far by each process of the run, and by the whole machine (pid 0)."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[tuple[str, int], float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" ", 1)
            name, fields = rest[1:].rsplit(") ", 1)
        except (OSError, ValueError):
            continue
        values = fields.split()  # from field 3 (state) on: utime and stime are 14 and 15
        seconds = (int(values[11]) + int(values[12])) / tick
        if int(values[1]) == web.pid:
            used["web", int(pid)] = seconds
        elif name == "postgres":
            used["postgres", int(pid)] = seconds
        elif int(pid) == fake.pid:
            used["Slack fake", int(pid)] = seconds
    used["load generator", os.getpid()] = sum(os.times()[:2])
    cpu = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    used["machine", 0] = (sum(cpu) - cpu[3] - cpu[4]) / tick  # all but idle and iowait
    return used


def cpu_used(
    before: dict[tuple[str, int], float], after: dict[tuple[str, int], float]
) -> dict[str, float]:
    """CPU seconds each part used between two readings (a process that exited in between is
    missed: PostgreSQL's figure is low when connections come and go)."""
    used = {"web": 0.0, "postgres": 0.0, "Slack fake": 0.0, "load generator": 0.0, "machine": 0.0}
    for (part, pid), seconds in after.items():
        used[part] += seconds - before.get((part, pid), 0.0)
    return used


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@dataclass
class Served:
    """One app under test: its gunicorn master, and what flat-out rounds measured of it."""

    label: str
    port: int
    process: subprocess.Popen[str]
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    rates: list[float] = field(default_factory=list)  # requests a second, round by round


def flat_out_round(
    app: Served, clients: int, seconds: float, mix: list, fake: subprocess.Popen[str]
) -> None:
    before, started = cpu_seconds(app.process, fake), time.perf_counter()
    result = flat_out(app.port, clients, seconds, mix)
    after, elapsed = cpu_seconds(app.process, fake), time.perf_counter() - started
    app.requests += int(result["requests"])
    app.errors += int(result["errors"])
    app.seconds += elapsed
    app.rates.append(int(result["requests"]) / elapsed)
    for part, used in cpu_used(before, after).items():
        app.cpu[part] = app.cpu.get(part, 0.0) + used


def report_flat_out(app: Served, clients: int) -> None:
    print(
        f"{app.label} {clients} clients flat out: requests/s {app.requests / app.seconds:.0f}, "
        f"requests {app.requests}, errors {app.errors}; rounds "
        + ", ".join(f"{rate:.0f}" for rate in app.rates),
        flush=True,
    )
    requests = max(app.requests, 1)
    parts = [
        f"{part} {1000 * used / requests:.1f}"
        for part, used in app.cpu.items()
        if part != "machine"
    ]
    print(
        f"{app.label} flat out, CPU ms a request: {', '.join(parts)}; "
        f"machine busy {app.cpu['machine'] / app.seconds:.2f} of {os.cpu_count()} cores",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/mentor_load"
    )
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--fake", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fake:
        run_fake()
        return
    prepare_database(args.database_url)
    fake, api = fake_process()
    env = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api,
        "DATABASE_URL": args.database_url,
        "MENTOR_ENV_FILE": "/nonexistent",
    }
    mix = bodies()
    apps: list[Served] = []
    try:
        apps.append(Served("bot", 3901, web_process("bot.wsgi:build()", 3901, env)))
        apps.append(
            Served("bare Bolt", 3902, web_process("benchmarks.bare_app:build()", 3902, env))
        )
        bot, bare = apps
        for app in apps:
            result = steady(app.port, args.rate, args.seconds, mix)
            print(
                f"{app.label} steady {args.rate:g}/s for {args.seconds:g} s: "
                + ", ".join(f"{k} {v}" for k, v in result.items()),
                flush=True,
            )
        for turn in range(args.rounds):  # bot first in even rounds, the bare app in odd ones
            for app in apps if turn % 2 == 0 else apps[::-1]:
                flat_out_round(app, args.clients, 20 / args.rounds, mix, fake)
        for app in apps:
            report_flat_out(app, args.clients)
        shares = [f"{100 * b / a:.0f} %" for b, a in zip(bot.rates, bare.rates, strict=True)]
        overall = (bot.requests / bot.seconds) / (bare.requests / bare.seconds)
        print(f"bot's share of the bare app: {100 * overall:.0f} %; rounds {', '.join(shares)}")
        print(f"bot worker memory: {', '.join(worker_memory(bot.process))}", flush=True)
    finally:
        for app in apps:
            stop(app.process)
        fake.kill()


if __name__ == "__main__":
    main()
