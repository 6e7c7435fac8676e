"""Logs: one structured line a request, and neither tokens nor what people wrote in them."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.logs import JsonFormatter, redact
from tests.conftest import BOT_TOKEN
from tests.fakes.slack_api import Failure, FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import join

SECRET_TEXT = "MY-PRIVATE-WORDS"


def test_a_token_is_never_written() -> None:
    record = logging.LogRecord("x", logging.ERROR, "f", 1, "auth failed for %s", (BOT_TOKEN,), None)
    record.token = "xapp-1-A0-secret"
    line = JsonFormatter().format(record)
    assert BOT_TOKEN not in line and "secret" not in line
    assert json.loads(line)["msg"] == "auth failed for xoxb-[redacted]"
    assert redact("Bearer xoxp-123-abc") == "Bearer xoxp-[redacted]"


def test_each_request_is_one_line_without_the_persons_words(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    slack.add_user("UANNA")
    slack.fail("chat.postMessage", Failure(error="channel_not_found"))  # a failure gets logged
    join(slack, slack_requests, "UANNA", about=SECRET_TEXT, department=SECRET_TEXT)
    profile = slack.last("views.open").view()
    slack_requests.suggest("UANNA", profile, "holiday_country", SECRET_TEXT)  # typed in a menu
    slack_requests.command("UANNA", f"avoid {SECRET_TEXT}")
    lines = [JsonFormatter().format(record) for record in caplog.records]
    requests = [json.loads(line) for line in lines if '"msg": "request"' in line]
    assert [r["kind"] for r in requests] == [
        "command:/mentor join",
        "view:profile_submit",
        "options:holiday_country",
        "command:/mentor avoid",
    ]
    assert all(r["team"] == "T0TEST" and r["outcome"] == "200" and r["ms"] >= 0 for r in requests)
    assert not [line for line in lines if SECRET_TEXT in line or BOT_TOKEN in line]
