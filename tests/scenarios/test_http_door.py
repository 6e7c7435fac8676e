"""The HTTP door: Slack's signature is required, and /healthz checks the database."""

from __future__ import annotations

import io
import json
import logging
import time
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import Database, make_engine, make_sessions
from bot.factory import create_app
from bot.models import Member
from bot.slack.clients import make_client
from bot.slack.door import make_wsgi
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
    database: Database,
    slack: FakeSlack,
    settings: Settings,
    sessions: sessionmaker[Session],
    engine: Engine,
):
    # called as the WSGI server would, so the refusal is seen before a 2 MiB upload finishes
    app = create_app(settings, database, make_client(settings.slack_bot_token, slack.url))
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
    b"".join(
        make_wsgi(app, engine, settings.slack_signing_secret)(
            environ, lambda status, headers: statuses.append(status)
        )
    )

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
    wsgi = make_wsgi(app, broken, settings.slack_signing_secret)
    statuses: list[str] = []
    body = b"".join(
        wsgi({"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"}, lambda s, h: statuses.append(s))
    )

    assert statuses == ["503 Service Unavailable"]
    assert json.loads(body) == {"ok": False, "database": "unreachable"}


def test_readyz_needs_the_database_and_a_running_clock(
    database: Database,
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
    clock = make_clock(settings, database, slack)
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


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\xff\xfe" + FORM, "application/x-www-form-urlencoded"),  # not UTF-8
        (b'{"type": "block_actions"', "application/json"),  # not JSON
        (b"[1, 2]", "application/json"),  # not an object
        (urlencode({"payload": "null"}).encode(), "application/x-www-form-urlencoded"),
        (FORM.replace(b"team_id=T0TEST", b"team_id="), "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_slack_would_never_send_is_400_when_signed_and_401_when_not(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
):
    caplog.set_level(logging.INFO)
    calls = len(slack.calls)
    forged = sign("not-the-secret", str(int(time.time())), body)

    assert slack_requests.post(body, content_type).status == 400
    assert slack_requests.post(body, content_type, signature=forged).status == 401
    assert _members(sessions) == 0
    assert len(slack.calls) == calls
    assert "malformed request refused" in caplog.text
    lines = [(r.kind, r.outcome) for r in caplog.records if r.name == "mentor-bot.requests"]
    assert lines == [("malformed", "400"), ("unverified", "401")]


@pytest.mark.parametrize(
    ("timestamp", "signature"),
    [("1e9", None), ("abc", None), ("", None), (None, "v0=\u00e9"), (None, "")],
)
def test_a_timestamp_not_a_number_or_a_signature_not_ascii_is_401(
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    timestamp: str | None,
    signature: str | None,
):
    stamp = timestamp if timestamp is not None else str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature or sign(slack_requests.secret, stamp, FORM),
    }
    if signature == "":
        del headers["X-Slack-Signature"]

    reply = slack_requests.request("POST", "/slack/events", FORM, headers)

    assert reply.status == 401, reply.body
    assert _members(sessions) == 0


def test_without_a_signing_secret_the_door_takes_nothing(
    database: Database,
    slack: FakeSlack,
    settings: Settings,
    sessions: sessionmaker[Session],
    engine: Engine,
):
    app = create_app(settings, database, make_client(settings.slack_bot_token, slack.url))
    environ = {
        "PATH_INFO": "/slack/events",
        "REQUEST_METHOD": "POST",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(FORM)),
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": str(int(time.time())),
        "HTTP_X_SLACK_SIGNATURE": sign("", str(int(time.time())), FORM),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(FORM),
    }
    statuses: list[str] = []
    b"".join(make_wsgi(app, engine, None)(environ, lambda status, *_: statuses.append(status)))

    assert statuses[0].startswith("401")
    assert _members(sessions) == 0
