"""Each Slack language, the language cache over time, Slack refusing users.info, and the Socket
Mode door."""

from __future__ import annotations

import pytest
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import Database
from bot.factory import create_app
from bot.i18n import t
from bot.slack.clients import make_client
from tests.conftest import BOT_TOKEN, Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import member


@pytest.mark.parametrize(
    ("slack_locale", "ours"),
    [("nb-NO", "nb"), ("no-NO", "nb"), ("da-DK", "da"), ("fi-FI", "fi"), ("de-DE", "de")],
)
def test_each_language_is_spoken_to_whoever_uses_slack_in_it(
    slack: FakeSlack, slack_requests: SlackRequests, slack_locale: str, ours: str
):
    slack.add_user("UANNA", locale=slack_locale)

    help_text = slack_requests.command("UANNA", "help").json()["text"]
    unknown = slack_requests.command("UANNA", "dance").json()["text"]

    assert t("help.title", ours) in help_text and t("help.title", ours) != t("help.title", "en")
    assert t("help.unknown", ours, command="dance") in unknown


def test_a_changed_slack_language_is_followed_within_a_day(
    slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    slack.add_user("UANNA", locale="en-US")
    assert "peer coaching" in slack_requests.command("UANNA").json()["text"].lower()
    slack.add_user("UANNA", locale="sv-SE")

    clock.advance(hours=23)
    assert "peer coaching" in slack_requests.command("UANNA").json()["text"].lower()
    clock.advance(hours=1)
    assert "kollegial coachning" in slack_requests.command("UANNA").json()["text"]
    assert len(slack.calls_to("users.info")) == 2


def test_when_slack_will_not_say_the_default_language_is_used(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    reply = slack_requests.command("UGHOST", "help")  # users.info answers user_not_found

    assert reply.status == 200
    assert "peer coaching" in reply.json()["text"].lower()
    stored = member(sessions, "UGHOST")
    assert stored is not None and stored.locale is None  # nothing cached that Slack did not say


def test_socket_mode_serves_commands_without_a_signing_secret(
    database: Database, slack: FakeSlack, sessions: sessionmaker[Session]
):
    settings = Settings(
        slack_bot_token=BOT_TOKEN, slack_app_token="xapp-1-test", slack_api_url=slack.url
    )
    app = create_app(settings, database, make_client(BOT_TOKEN, slack.url), synchronous=True)
    slack.add_user("USVEN", locale="sv-SE")
    request = SocketModeRequest(
        type="slash_commands",
        envelope_id="e-1",
        payload={
            "team_id": "T0TEST",
            "user_id": "USVEN",
            "command": "/mentor",
            "text": "help",
            "trigger_id": "1.2.3",
            "channel_id": "C1",
            "api_app_id": "AMENTOR",
        },
    )

    response = run_bolt_app(app, request)

    assert response.status == 200
    assert "kollegial coachning" in response.body
