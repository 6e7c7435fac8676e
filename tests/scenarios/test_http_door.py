"""The HTTP door: Slack's signature is required, and /healthz checks the database."""

from __future__ import annotations

import io
import json
import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import make_engine, make_sessions
from bot.factory import create_app
from bot.models import Member
from bot.notify import make_client
from bot.wsgi import make_wsgi
from tests.conftest import Served
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests, sign
from tests.scenarios.test_rhythm import make_clock

FORM = urlencode(
    {
        "command": "/mentor",
        "text": "join",
        "team_id": "T0TEST",
        "user_id": "UEVE",
        "trigger_id": "1.2.3",
    }
).encode()


def _members(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


def test_bad_signature_gets_401_and_changes_nothing(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    calls = len(slack.calls)
    forged = sign("not-the-secret", str(int(time.time())), FORM)

    reply = slack_requests.post(FORM, "application/x-www-form-urlencoded", signature=forged)

    assert reply.status == 401
    assert _members(sessions) == 0
    assert len(slack.calls) == calls


def test_an_oversized_body_gets_413_and_changes_nothing(
    slack: FakeSlack, settings: Settings, sessions: sessionmaker[Session], engine: Engine
):
    # called as the WSGI server would, so the refusal is seen before a 2 MiB upload finishes
    app = create_app(settings, sessions, make_client(settings.slack_bot_token, slack.url))
    huge = FORM + b"&padding=" + b"x" * (2 * 1024 * 1024)
    environ = {
        "PATH_INFO": "/slack/events",
        "REQUEST_METHOD": "POST",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(huge)),
        "wsgi.input": io.BytesIO(huge),
    }
    calls = len(slack.calls)
    statuses: list[str] = []
    b"".join(make_wsgi(app, engine)(environ, lambda status, headers: statuses.append(status)))

    assert statuses == ["413 Payload Too Large"]
    assert _members(sessions) == 0
    assert len(slack.calls) == calls


def test_stale_timestamp_gets_401_even_when_signed(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    calls = len(slack.calls)
    stale = str(int(time.time()) - 6 * 60)

    reply = slack_requests.post(FORM, "application/x-www-form-urlencoded", timestamp=stale)

    assert reply.status == 401
    assert _members(sessions) == 0
    assert len(slack.calls) == calls


def test_body_changed_after_signing_gets_401(
    slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    timestamp = str(int(time.time()))
    signature = sign(slack_requests.secret, timestamp, FORM)

    reply = slack_requests.post(
        FORM.replace(b"UEVE", b"UBOB"),
        "application/x-www-form-urlencoded",
        timestamp=timestamp,
        signature=signature,
    )

    assert reply.status == 401
    assert _members(sessions) == 0


def test_healthz_reports_the_database(slack_requests: SlackRequests):
    reply = slack_requests.request("GET", "/healthz")

    assert reply.status == 200
    assert reply.json() == {"ok": True, "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(
    settings: Settings, slack: FakeSlack, tmp_path
):
    broken = make_engine(f"sqlite:///{tmp_path}/missing-dir/nothing.db")
    app = create_app(
        settings, make_sessions(broken), make_client(settings.slack_bot_token, slack.url)
    )
    wsgi = make_wsgi(app, broken)
    statuses: list[str] = []
    body = b"".join(
        wsgi({"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"}, lambda s, h: statuses.append(s))
    )

    assert statuses == ["503 Service Unavailable"]
    assert json.loads(body) == {"ok": False, "database": "unreachable"}


def test_readyz_needs_the_database_and_a_running_clock(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    settings: Settings,
):
    reply = slack_requests.request("GET", "/readyz")
    assert (reply.status, reply.json()) == (
        503,
        {"ok": False, "database": "ok", "scheduler": "stopped"},
    )
    clock = make_clock(settings, sessions, slack)
    clock.tick(datetime.now(UTC))  # takes the lease, for three ticks
    reply = slack_requests.request("GET", "/readyz")
    assert (reply.status, reply.json()) == (
        200,
        {"ok": True, "database": "ok", "scheduler": "running"},
    )
    clock.stand_down()
    assert slack_requests.request("GET", "/readyz").status == 503


def test_unknown_path_is_404(served: Served):
    assert served.requests.request("GET", "/").status == 404
