"""/mentor and /mentor help: the help message, in the person's language."""

from __future__ import annotations

from tests.fakes.blockkit import message_problems
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests


def test_bare_command_shows_help_in_english(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UANNA", locale="en-GB")

    reply = slack_requests.command("UANNA", "")

    assert reply.status == 200
    body = reply.json()
    assert body["response_type"] == "ephemeral"
    assert message_problems(body["text"], body["blocks"]) == []
    shown = str(body["blocks"])
    for word in ("/mentor help", "/mentor join", "/mentor leave"):
        assert word in shown
    assert "peer coaching" in body["text"].lower()


def test_help_in_swedish_for_a_swedish_slack(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("USVEN", locale="sv-SE")

    body = slack_requests.command("USVEN", "help").json()

    assert "kollegial coachning" in body["text"]
    assert "går med i programmet" in str(body["blocks"])


def test_unknown_subcommand_says_so_and_shows_help(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UANNA")

    body = slack_requests.command("UANNA", "dance <!channel> now").json()

    assert "I don't know `/mentor dance`" in body["text"]
    assert "/mentor join" in str(body["blocks"])
    assert message_problems(body["text"], body["blocks"]) == []


def test_language_is_asked_of_slack_once_then_cached(
    slack: FakeSlack, slack_requests: SlackRequests
):
    slack.add_user("USVEN", locale="sv-SE")

    slack_requests.command("USVEN", "help")
    slack_requests.command("USVEN", "help")

    calls = slack.calls_to("users.info")
    assert len(calls) == 1
    assert calls[0].args["user"] == "USVEN"
    assert calls[0].args["include_locale"] in ("1", "true")


def test_unknown_language_falls_back_to_default(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UJEAN", locale="fr-FR")

    body = slack_requests.command("UJEAN", "help").json()

    assert "peer coaching" in body["text"].lower()
