"""/mentor leave: a confirmation, then out of the programme with the history kept."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import MemberStatus
from tests.conftest import START, Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import (
    MEETING_DEFAULTS,
    PROFILE,
    events,
    input_values,
    join,
    member,
    open_join_modal,
    place,
)


def test_leave_asks_first_then_leaves_and_keeps_history(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    clock.advance(days=30)

    reply = slack_requests.command("UANNA", "leave")
    assert (reply.status, reply.body) == (200, "")
    confirm = slack.last("views.open").view()
    assert confirm["callback_id"] == ids.LEAVE_VIEW
    assert confirm["submit"]["text"] == "Leave"
    assert place(sessions, "UANNA").status is MemberStatus.ACTIVE  # type: ignore[union-attr]

    assert slack_requests.submit("UANNA", confirm, {}).json() == {}

    stored, left = member(sessions, "UANNA"), place(sessions, "UANNA")
    assert stored is not None and left is not None
    assert left.status is MemberStatus.LEFT
    assert left.left_at == clock.now
    assert stored.skills_wanted == PROFILE["skills_wanted"]  # the profile is kept
    assert events(sessions, "UANNA") == ["joined", "left"]
    assert "You have left" in slack.last("chat.postMessage").args["text"]
    home = str(slack.last("views.publish").view())
    assert "You left the programme" in home and ids.OPEN_PROFILE in home


def test_leave_when_not_a_member_says_so(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UANNA")

    body = slack_requests.command("UANNA", "leave").json()

    assert body["response_type"] == "ephemeral"
    assert "not in the programme" in body["text"]
    assert slack.calls_to("views.open") == []


def test_leave_twice_says_already_left(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("USVEN", locale="sv-SE")
    join(slack, slack_requests, "USVEN")
    slack_requests.command("USVEN", "leave")
    slack_requests.submit("USVEN", slack.last("views.open").view(), {})
    opened = len(slack.calls_to("views.open"))

    body = slack_requests.command("USVEN", "leave").json()

    assert "redan lämnat" in body["text"]
    assert len(slack.calls_to("views.open")) == opened


def test_a_repeated_leave_submission_changes_nothing_twice(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    slack_requests.command("UANNA", "leave")
    confirm = slack.last("views.open").view()

    slack_requests.submit("UANNA", confirm, {})
    slack_requests.submit("UANNA", confirm, {})

    assert events(sessions, "UANNA") == ["joined", "left"]
    assert len([c for c in slack.calls_to("chat.postMessage") if "left" in c.args["text"]]) == 1


def test_rejoining_restores_the_old_profile_in_the_modal(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    slack.add_user("UANNA")
    hours = {**MEETING_DEFAULTS, "meeting_start": "08:00", "meeting_days": ["1", "3"]}
    join(slack, slack_requests, "UANNA", country=("swe", "SE"), **hours)
    slack_requests.command("UANNA", "leave")
    slack_requests.submit("UANNA", slack.last("views.open").view(), {})
    clock.advance(days=60)

    view = open_join_modal(slack, slack_requests, "UANNA")
    assert view["title"]["text"] == "Join Mentor"
    assert input_values(view) == {**PROFILE, **hours, "holiday_country": "SE"}
    slack_requests.submit("UANNA", view, {})

    stored = place(sessions, "UANNA")
    assert stored is not None
    assert stored.status is MemberStatus.ACTIVE
    assert stored.joined_at == clock.now != START
    assert stored.left_at is None
    assert events(sessions, "UANNA") == ["joined", "left", "rejoined"]
    assert "Welcome back" in slack.last("chat.postMessage").args["text"]
