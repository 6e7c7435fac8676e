"""As in production: a listener's work after its ack (here, opening a modal) runs beside the
answer, so Slack is answered without waiting on Slack's own Web API; a follow-up that fails
is logged and changes no answer already given."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import Database
from bot.factory import create_app
from bot.slack.clients import make_client
from bot.slack.door import make_wsgi, serve
from bot.slack.follow_up import FollowUps
from tests.conftest import SIGNING_SECRET, Clock
from tests.fakes.slack_api import Failure, FakeSlack
from tests.fakes.slack_requests import SlackRequests

LATENCY = 0.6  # seconds each Web API call takes from here on


@pytest.fixture
def production(
    settings: Settings, database: Database, sessions: sessionmaker[Session], clock: Clock
) -> Iterator[SlackRequests]:
    """The app as gunicorn serves it: follow-ups on their own threads."""
    app = create_app(
        settings,
        database,
        make_client(settings.slack_bot_token, settings.slack_api_url),
        clock=clock,
    )
    server = serve(make_wsgi(app, database.engine, settings.slack_signing_secret), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield SlackRequests(f"http://127.0.0.1:{server.server_port}", SIGNING_SECRET)
    server.shutdown()
    server.server_close()


def _known(slack: FakeSlack, production: SlackRequests, user: str) -> None:
    """The person's Slack facts are cached (so no users.info comes before an ack)."""
    slack.add_user(user)
    assert production.command(user, "help").status == 200
    slack.latency = LATENCY


def _wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert condition()


def test_the_answer_does_not_wait_for_the_modal_to_open(
    slack: FakeSlack, production: SlackRequests
):
    _known(slack, production, "UANNA")

    started = time.perf_counter()
    reply = production.command("UANNA", "join")
    answered = time.perf_counter() - started

    assert (reply.status, reply.body) == (200, "")
    assert answered < LATENCY / 2
    assert not slack.calls_to("views.open")  # still on its way
    _wait_for(lambda: slack.calls_to("views.open"))
    assert slack.last("views.open").view()["callback_id"] == "profile_submit"


def test_a_follow_up_that_fails_is_logged(
    slack: FakeSlack, production: SlackRequests, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO)
    _known(slack, production, "UANNA")
    slack.fail("views.open", Failure(error="expired_trigger_id"))

    reply = production.command("UANNA", "join")

    assert reply.status == 200
    _wait_for(lambda: any(r.msg == "follow-up failed" for r in caplog.records))
    failed = next(r for r in caplog.records if r.msg == "follow-up failed")
    assert failed.levelno == logging.ERROR and "open_profile" in failed.kind
    assert "expired_trigger_id" in str(failed.exc_info[1])


def test_without_an_executor_a_follow_up_is_part_of_the_request():
    done: list[str] = []
    FollowUps()(done.append, "sent")
    assert done == ["sent"]

    def broken() -> None:
        raise RuntimeError("Slack said no")

    with pytest.raises(RuntimeError):  # tests see the failure as the request's own
        FollowUps()(broken)
