"""The real entry points as a newcomer and a platform run them: `python app.py` and the
Procfile's release and web lines, each a process talking to the Slack fake."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.db import make_engine
from bot.slack.installations import store_for
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack_api import CLIENT_ID, CLIENT_SECRET, FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import PROFILE
from tests.scenarios.installed import TOKEN_KEY, Installable, oauth_settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PROCFILE = dict(
    line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def bot_env(slack: FakeSlack, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTOR_"))}
    return env | {
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "PORT": str(_free_port()),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
        "MENTOR_ENV_FILE": str(tmp_path / "none.env"),
    }


Start = Callable[[str, dict[str, str]], SlackRequests]


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Start]:
    """Start a shell command as its own process group; stopped after the test."""
    processes: list[subprocess.Popen[str]] = []

    def run(command: str, env: dict[str, str]) -> SlackRequests:
        process = subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        processes.append(process)
        requests = SlackRequests(f"http://127.0.0.1:{env['PORT']}", SIGNING_SECRET)
        _wait_healthy(requests, process)
        return requests

    yield run
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def _wait_healthy(requests: SlackRequests, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"exited with {process.returncode}: {output}")
        try:
            if requests.request("GET", "/healthz").status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("not healthy within 60 s")


def _wait_for(slack: FakeSlack, method: str) -> None:
    deadline = time.monotonic() + 10
    while not slack.calls_to(method) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert slack.calls_to(method), f"no {method} within 10 s"


def _run(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_app_migrates_a_fresh_database_and_serves_slack(
    slack: FakeSlack, start: Start, bot_env: dict[str, str]
):
    slack.add_user("USVEN", locale="sv-SE")
    bot = start(f"{sys.executable} app.py", bot_env)

    help_reply = bot.command("USVEN", "help")
    assert help_reply.status == 200
    assert "kollegial coachning" in help_reply.json()["text"]

    join_reply = bot.command("USVEN", "join")
    assert (join_reply.status, join_reply.body) == (200, "")  # acked first, modal after
    _wait_for(slack, "views.open")
    view = slack.last("views.open").view()
    assert bot.submit("USVEN", view, PROFILE).status == 200
    _wait_for(slack, "chat.postMessage")
    assert "Välkommen" in slack.last("chat.postMessage").args["text"]

    bad = bot.submit("USVEN", view, {**PROFILE, "skills_wanted": []})
    assert bad.json()["response_action"] == "errors"

    unsigned = bot.post(b"command=%2Fmentor", "application/x-www-form-urlencoded", signature="v0=x")
    assert unsigned.status == 401


def test_procfile_release_then_web_serve_slack(
    slack: FakeSlack, start: Start, bot_env: dict[str, str]
):
    release = _run(PROCFILE["release"], bot_env)
    assert release.returncode == 0, release.stderr
    slack.add_user("UANNA")

    web = start(PROCFILE["web"], bot_env)

    reply = web.command("UANNA", "help")
    assert reply.status == 200 and "/mentor join" in str(reply.json()["blocks"])
    web.home_opened("UANNA")
    _wait_for(slack, "views.publish")


def test_procfile_web_stops_with_one_line_on_a_bad_setting(bot_env: dict[str, str]):
    del bot_env["SLACK_SIGNING_SECRET"]

    result = _run(PROCFILE["web"], bot_env)

    assert result.returncode == 2
    assert "mentor-bot: SLACK_SIGNING_SECRET is required" in result.stderr
    assert "Traceback" not in result.stderr


def test_procfile_web_stops_when_slack_rejects_the_token(slack: FakeSlack, bot_env: dict[str, str]):
    from tests.fakes.slack_api import Failure

    slack.fail("auth.test", Failure(error="invalid_auth"))

    result = _run(PROCFILE["web"], bot_env)

    assert result.returncode == 2
    assert "mentor-bot: Slack rejected SLACK_BOT_TOKEN (invalid_auth)" in result.stderr
    assert "Traceback" not in result.stderr


def test_procfile_release_stops_with_one_line_on_a_bad_database_url(bot_env: dict[str, str]):
    bot_env["DATABASE_URL"] = "mysql://nope"

    result = _run(PROCFILE["release"], bot_env)

    assert result.returncode == 2
    assert "mentor-bot: DATABASE_URL must be" in result.stderr
    assert "Traceback" not in result.stderr


def test_procfile_web_installs_two_workspaces_through_oauth(
    slack: FakeSlack, start: Start, bot_env: dict[str, str]
):
    del bot_env["SLACK_BOT_TOKEN"]
    bot_env |= {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "MENTOR_TOKEN_KEYS": TOKEN_KEY,
    }
    assert _run(PROCFILE["release"], bot_env).returncode == 0
    web = start(PROCFILE["web"], bot_env)
    settings = oauth_settings(slack)
    engine = make_engine(bot_env["DATABASE_URL"])
    store = store_for(settings, engine)
    assert store is not None
    site = Installable(web.base_url, slack, store, settings)

    for team, user in (("T0ALPHA", "UADA"), ("T0BRAVO", "UBO")):
        assert site.install(team, user).status == 200
        slack.add_user(user, team_id=team)
        assert site.requests(team).command(user, "settings").status == 200
        _wait_for(slack, "views.open")
        assert slack.team_of(slack.last("views.open").token) == team
        slack.calls.clear()
    engine.dispose()


def test_procfile_web_stopped_finishes_its_requests_and_their_sends(
    slack: FakeSlack, bot_env: dict[str, str]
):
    assert _run(PROCFILE["release"], bot_env).returncode == 0
    slack.add_user("UANNA")
    web = subprocess.Popen(
        ["bash", "-c", f"exec {PROCFILE['web']}"],
        env=bot_env | {"WEB_CONCURRENCY": "1"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    requests = SlackRequests(f"http://127.0.0.1:{bot_env['PORT']}", SIGNING_SECRET)
    _wait_healthy(requests, web)
    slack.latency = 1.0  # users.info inside the request, then views.publish after its answer
    sender = threading.Thread(target=requests.home_opened, args=("UANNA",))
    sender.start()
    deadline = time.monotonic() + 10
    while "users.info" not in slack.arrived and time.monotonic() < deadline:
        time.sleep(0.01)  # the request is in flight: its worker waits on Slack

    os.killpg(web.pid, signal.SIGTERM)  # gunicorn and its worker, as a platform stops them

    sender.join(timeout=10)
    assert web.wait(timeout=20) == 0
    assert [call.args["user"] for call in slack.calls_to("users.info")] == ["UANNA"]
    assert [call.args["user_id"] for call in slack.calls_to("views.publish")] == ["UANNA"]
