"""Who is a coordinator: configured people, workspace admins and owners, and those added with
`/mentor admin add`; everyone else is refused politely and nothing changes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import Coordinator
from tests.conftest import COORDINATOR
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests


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
