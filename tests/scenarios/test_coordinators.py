"""Who is a coordinator: configured people, workspace admins and owners, and those added with
`/mentor admin add`; everyone else is refused politely and nothing changes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import PairingMode
from bot.models import Coordinator
from bot.services import programmes
from tests.conftest import COORDINATOR
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import input_values

TEAM = "T0TEST"


def text_of(reply) -> str:  # type: ignore[no-untyped-def]
    assert reply.status == 200
    return str(reply.json()["text"])


def added(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(Coordinator.user_id).order_by(Coordinator.user_id)))


def test_a_coordinator_adds_and_removes_one(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    slack.add_user("UANNA")
    assert "is now a coordinator" in text_of(
        slack_requests.command(COORDINATOR, "admin add <@UANNA>")
    )
    assert added(sessions) == ["UANNA"]
    # Anna can now do what coordinators do, and Slack retrying the command adds nothing twice
    assert "already" in text_of(slack_requests.command("UANNA", "admin add <@UANNA|anna>"))
    listing = text_of(slack_requests.command("UANNA", "admin"))
    assert "<@UANNA>" in listing and f"<@{COORDINATOR}>" in listing
    assert "no longer" in text_of(slack_requests.command(COORDINATOR, "admin remove <@UANNA>"))
    assert added(sessions) == []
    assert "Only the programme's coordinators" in text_of(slack_requests.command("UANNA", "admin"))


def test_anyone_else_is_refused_and_nothing_changes(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user("UBO")
    for text in ("admin", "admin add <@UBO>", f"admin remove <@{COORDINATOR}>"):
        assert "Only the programme's coordinators" in text_of(slack_requests.command("UBO", text))
    assert added(sessions) == []


def test_workspace_admins_are_coordinators_without_being_added(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user("UADMIN", admin=True)
    slack.add_user("UCARL")
    assert "is now a coordinator" in text_of(slack_requests.command("UADMIN", "admin add <@UCARL>"))
    # an admin cannot be removed here: Slack decides that
    assert "workspace admin" in text_of(slack_requests.command("UCARL", "admin remove <@UADMIN>"))
    # nor can someone in the configuration
    assert "MENTOR_COORDINATORS" in text_of(
        slack_requests.command("UCARL", f"admin remove <@{COORDINATOR}>")
    )


def test_someone_made_admin_a_minute_ago_is_not_refused(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user("UDORA")
    assert "Only the programme's coordinators" in text_of(slack_requests.command("UDORA", "admin"))
    slack.add_user("UDORA", admin=True)  # within the day the cache is trusted for a "yes"
    assert "Coordinators:" in text_of(slack_requests.command("UDORA", "admin"))


def test_bad_admin_commands_get_the_usage(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    for text in ("admin add", "admin add anna", "admin promote <@UANNA>", "admin add <@U1> <@U2>"):
        assert "/mentor admin add @someone" in text_of(slack_requests.command(COORDINATOR, text))
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Coordinator)) == 0


def test_settings_are_saved_per_workspace_and_shown_again(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR, tz="America/New_York")
    assert slack_requests.command(COORDINATOR, "settings").status == 200
    view = slack.last("views.open").view()
    assert view["callback_id"] == ids.SETTINGS_VIEW
    shown = input_values(view)
    assert shown["cadence"] == "14" and shown["digest_every"] == "2"
    assert shown["session_minutes"] == "30"
    assert shown["digest_weekday"] == "0" and shown["digest_hour"] == "9"
    answers = {
        "cadence": "7",
        "send_hour": "9",
        "session_minutes": "45",
        "digest_channel": "C0COORDS",
        "digest_every": "1",
        "digest_weekday": "2",
        "digest_hour": "8",
        "mode": "mentoring",
        "group_size": "3",
        "round_weeks": "8",
        "language": "sv",
    }
    reply = slack_requests.submit(COORDINATOR, view, answers)
    assert reply.json()["response_action"] == "update"
    assert "America/New_York" in str(reply.json()["view"])
    with sessions() as session:
        saved = programmes.settings_of(session, programmes.first(session, TEAM))
    assert saved.cadence_days == 7 and saved.send_hour == 9 and saved.session_minutes == 45
    assert saved.digest_channel == "C0COORDS" and saved.digest_every_weeks == 1
    assert (saved.digest_weekday, saved.digest_hour) == (2, 8)
    assert saved.time_zone == "America/New_York" and saved.locale == "sv"
    assert saved.round_defaults.mode is PairingMode.MENTORING
    assert (saved.round_defaults.group_size, saved.round_defaults.round_weeks) == (3, 8)
    # opened again, the modal shows what was saved; the round options start from it too
    slack_requests.command(COORDINATOR, "settings")
    again = input_values(slack.last("views.open").view())
    assert {k: again[k] for k in answers} == answers


def test_settings_refuse_bad_choices_inline_and_keep_the_rest(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    slack_requests.command(COORDINATOR, "settings")
    view = slack.last("views.open").view()
    # a digest on a schedule needs a channel; a person is not a channel
    reply = slack_requests.submit(COORDINATOR, view, {"digest_every": "2"})
    assert reply.json() == {
        "response_action": "errors",
        "errors": {
            "digest_channel": "Choose a channel for the digest, or post it only when asked."
        },
    }
    reply = slack_requests.submit(COORDINATOR, view, {"digest_channel": "U0PERSON"})
    assert reply.json()["errors"] == {"digest_channel": "Choose a channel, not a person."}
    with sessions() as session:
        assert (
            programmes.settings_of(session, programmes.first(session, TEAM)).digest_channel is None
        )


def test_settings_are_for_coordinators_only(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    slack.add_user("UBO")
    assert "Only the programme's coordinators" in text_of(slack_requests.command("UBO", "settings"))
    assert not slack.calls_to("views.open")
    # a modal a coordinator opened, submitted by someone else (a forged payload), changes nothing
    slack_requests.command(COORDINATOR, "settings")
    view = slack.last("views.open").view()
    reply = slack_requests.submit("UBO", view, {"cadence": "28", "digest_channel": "C0X"})
    assert "Only the programme's coordinators" in str(reply.json()["view"])
    with sessions() as session:
        assert programmes.settings_of(session, programmes.first(session, TEAM)).cadence_days == 14
