"""A booked session does not outlive its people and pairs (issue 16): when a member leaves, a
pair ends on a partner change, or a member is forgotten, the group's booking is cancelled, the
reminders Slack holds for both members are deleted, the group's Booked message turns Cancelled
saying why, a CANCEL invitation is shared, and nobody is asked "Did you meet?". Through the HTTP
door, on the fake Slack."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.db import Database
from bot.domain import BookingStatus
from bot.models import Booking, Member, Outbox
from bot.slack import scheduled
from tests.conftest import Clock
from tests.fakes.slack_api import Failure, FakeSlack, Scheduled
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.test_booking import (
    click,
    event_of,
    invitations,
    live_bookings,
    start_of,
    start_pair,
)
from tests.scenarios.test_pairing import TEAM
from tests.scenarios.test_session_messages import after_the_session, met_questions


def booked(
    sessions: sessionmaker[Session], slack: FakeSlack, requests: SlackRequests, clock: Clock
) -> tuple[str, Booking, list[Scheduled]]:
    """Anna books the intro's first time: (the group's conversation, the booking, the two
    reminders Slack holds)."""
    channel, values = start_pair(sessions, slack, requests, clock)
    click(requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    [booking] = live_bookings(sessions)
    assert booking.starts_at == start_of(values[0])
    held = slack.pending()
    assert sorted(m.channel for m in held) == ["DANNA", "DBEN"]
    return channel, booking, held


def listed(slack: FakeSlack, channel: str) -> list[str]:
    """What chat.scheduledMessages.list says Slack still holds in a conversation."""
    found = scheduled.pending(WebClient(token="xoxb-t", base_url=slack.url), channel)
    assert found is not None
    return [message.id for message in found]


def deleted_ids(slack: FakeSlack) -> list[str]:
    return sorted(
        c.args["scheduled_message_id"] for c in slack.calls_to("chat.deleteScheduledMessage")
    )


def assert_cancelled(
    sessions: sessionmaker[Session], slack: FakeSlack, channel: str, booking: Booking, why: str
) -> None:
    """The booking is cancelled, its message says `why`, and a CANCEL invitation is shared."""
    with sessions() as session:
        stored = session.get(Booking, booking.id)
        assert stored is not None
        assert (stored.status, stored.sequence) == (BookingStatus.CANCELLED, 1)
    update = slack.last("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (channel, stored.message_ts)
    assert "Session cancelled" in str(update.blocks()) and why in update.args["text"]
    cancelled = invitations(slack)[-1]
    assert str(cancelled.get("method")) == "CANCEL"
    assert int(event_of(cancelled).get("sequence")) == 1
    assert str(event_of(cancelled).get("uid")) == str(event_of(invitations(slack)[0]).get("uid"))


def assert_nobody_asked(
    settings: Settings, database: Database, slack: FakeSlack, clock: Clock, booking: Booking
) -> None:
    """The clock ticks after the session would have been held: no "Did you meet?"."""
    next_day = booking.ends_at + timedelta(days=1)
    after_the_session(settings, database, slack, clock, next_day)
    after_the_session(settings, database, slack, clock, next_day + timedelta(hours=2))
    assert met_questions(slack, "UANNA") == [] and met_questions(slack, "UBEN") == []


def test_a_member_leaving_cancels_the_booking_and_deletes_both_reminders(
    database: Database,
    sessions: sessionmaker[Session],
    settings: Settings,
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, booking, held = booked(sessions, slack, slack_requests, clock)

    assert slack_requests.command("UBEN", "leave").status == 200
    confirm = slack.last("views.open").view()
    assert slack_requests.submit("UBEN", confirm, {}).json() == {}

    assert slack.pending() == [] and listed(slack, "DANNA") == listed(slack, "DBEN") == []
    assert deleted_ids(slack) == sorted(m.id for m in held)
    assert_cancelled(
        sessions, slack, channel, booking, "was cancelled because <@UBEN> left the programme"
    )
    assert live_bookings(sessions) == []
    assert_nobody_asked(settings, database, slack, clock, booking)


def test_a_partner_change_ends_the_pair_and_cancels_its_booking(
    database: Database,
    sessions: sessionmaker[Session],
    settings: Settings,
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, booking, held = booked(sessions, slack, slack_requests, clock)

    slack_requests.click("UANNA", ids.OPEN_REQUEST)
    modal = slack.last("views.open").view()
    reply = slack_requests.submit("UANNA", modal, {ids.REQUEST_REASON: "We never find a time"})
    assert reply.status == 200

    assert slack.pending() == []
    assert deleted_ids(slack) == sorted(m.id for m in held)
    assert_cancelled(sessions, slack, channel, booking, "because <@UANNA> asked for a new partner")
    assert_nobody_asked(settings, database, slack, clock, booking)


def test_forget_me_deletes_the_persons_reminders_in_slack_and_the_partners_and_cancels(
    database: Database,
    sessions: sessionmaker[Session],
    settings: Settings,
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, booking, held = booked(sessions, slack, slack_requests, clock)

    slack_requests.command("UBEN", "forget-me")
    reply = slack_requests.submit("UBEN", slack.last("views.open").view(), {"confirm": ["yes"]})
    assert "no longer holds anything that identifies you" in str(reply.json())

    assert slack.pending() == []
    deleted = slack.calls_to("chat.deleteScheduledMessage")
    assert sorted(c.args["scheduled_message_id"] for c in deleted) == sorted(m.id for m in held)
    assert sorted(c.args["channel"] for c in deleted) == ["DANNA", "DBEN"]
    assert_cancelled(sessions, slack, channel, booking, "because a member left the programme")
    update = slack.last("chat.update")
    assert "<@X" not in str(update.blocks())  # the stand-in is named nowhere
    attendees = event_of(invitations(slack)[-1]).get("attendee")
    assert "ben@example.com" not in str(attendees) and "anna@example.com" in str(attendees)
    with sessions() as session:
        assert session.get(Member, (TEAM, "UBEN")) is None
        assert session.scalars(select(Outbox).where(Outbox.user_id == "UBEN")).all() == []
    assert_nobody_asked(settings, database, slack, clock, booking)


def test_forget_me_still_forgets_when_slack_refuses_to_delete_the_reminder(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: Clock,
):
    _, _, held = booked(sessions, slack, slack_requests, clock)
    slack.fail("chat.deleteScheduledMessage", Failure(error="internal_error"))

    slack_requests.command("UBEN", "forget-me")
    slack_requests.submit("UBEN", slack.last("views.open").view(), {"confirm": ["yes"]})

    with sessions() as session:
        assert session.get(Member, (TEAM, "UBEN")) is None
    # Ben's own reminder, refused, may still post (logged); Anna's is deleted by the outbox
    assert [m.channel for m in slack.pending()] == ["DBEN"]
    assert {m.id for m in held if m.channel == "DANNA"} <= set(deleted_ids(slack))
