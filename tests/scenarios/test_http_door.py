"""The HTTP door: Slack's signature is required, and /healthz checks the database."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from sqlalchemy import func, select
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
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    calls = len(slack.calls)
    huge = FORM + b"&padding=" + b"x" * (2 * 1024 * 1024)

    reply = slack_requests.post(huge, "application/x-www-form-urlencoded")

    assert reply.status == 413
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


def test_unknown_path_is_404(served: Served):
    assert served.requests.request("GET", "/").status == 404
