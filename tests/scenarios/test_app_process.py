"""`python app.py` as a newcomer runs it: a fresh SQLite file, HTTP mode, Bolt's default acks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import PROFILE

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def bot_process(slack: FakeSlack, tmp_path: Path) -> Iterator[SlackRequests]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTOR_"))}
    env |= {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
        "MENTOR_ENV_FILE": str(tmp_path / "none.env"),
    }
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    requests = SlackRequests(f"http://127.0.0.1:{port}", SIGNING_SECRET)
    try:
        _wait_healthy(requests, process)
        yield requests
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_healthy(requests: SlackRequests, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"app.py exited: {process.stdout.read() if process.stdout else ''}"
            )
        try:
            if requests.request("GET", "/healthz").status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("app.py did not become healthy in 30 s")


def _wait_for(slack: FakeSlack, method: str, count: int = 1) -> None:
    deadline = time.monotonic() + 10
    while len(slack.calls_to(method)) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(slack.calls_to(method)) >= count, f"no {method} within 10 s"


def test_app_migrates_a_fresh_database_and_serves_slack(
    slack: FakeSlack, bot_process: SlackRequests
):
    slack.add_user("USVEN", locale="sv-SE")

    help_reply = bot_process.command("USVEN", "help")
    assert help_reply.status == 200
    assert "kollegial coachning" in help_reply.json()["text"]

    join_reply = bot_process.command("USVEN", "join")
    assert (join_reply.status, join_reply.body) == (200, "")  # acked first, modal after
    _wait_for(slack, "views.open")
    view = slack.last("views.open").view()
    assert bot_process.submit("USVEN", view, PROFILE).status == 200
    _wait_for(slack, "chat.postMessage")
    assert "Välkommen" in slack.last("chat.postMessage").args["text"]

    bad = bot_process.submit("USVEN", view, {**PROFILE, "skills_wanted": []})
    assert bad.json()["response_action"] == "errors"


def test_app_refuses_unsigned_requests(slack: FakeSlack, bot_process: SlackRequests):
    reply = bot_process.post(
        b"command=%2Fmentor", "application/x-www-form-urlencoded", signature="v0=forged"
    )
    assert reply.status == 401
