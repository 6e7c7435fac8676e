"""Sending helpers for booked sessions, against the fake Slack on the suite's clock: the
invitation shared as a file, reminders scheduled and deleted, and people's emails."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from slack_sdk import WebClient

from bot.blocks.common import section
from bot.services.invitation import Attendee, Invitation, ics, session_uid
from bot.slack import notify, scheduled
from bot.slack.clients import make_client
from tests.conftest import BOT_TOKEN, Clock
from tests.fakes.slack_api import Failure, FakeSlack

REMINDER = {"text": "Your session starts in 15 minutes", "blocks": [section("In 15 minutes")]}


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return make_client(BOT_TOKEN, slack.url)


def test_the_invitation_is_shared_in_the_conversation_with_its_comment(slack, client, clock):
    start = clock.now + timedelta(days=1)
    sent = Invitation(
        uid=session_uid("T0TEST", 7),
        sequence=0,
        stamp=clock.now,
        start=start,
        end=start + timedelta(minutes=30),
        title="Coaching session",
        attendees=(Attendee("Anna Åström", "anna@example.se"),),
    )
    shared = notify.share_file(
        client,
        "GPAIR",
        ics(sent),
        filename="session.ics",
        title="Coaching session",
        comment="Booked: add it to your calendar",
    )
    assert shared
    (file,) = slack.files.values()
    assert (file.channel, file.comment) == ("GPAIR", "Booked: add it to your calendar")
    assert (file.filename, file.title) == ("session.ics", "Coaching session")
    event = Calendar.from_ical(file.data).walk("VEVENT")[0]
    assert event.decoded("dtstart") == start
    assert str(event["attendee"]) == "mailto:anna@example.se"


def test_a_file_slack_refuses_is_reported_not_raised(slack, client, caplog):
    slack.fail("files.completeUploadExternal", Failure(error="not_in_channel"))
    with caplog.at_level(logging.ERROR):
        assert not notify.share_file(client, "C1", b"x", filename="a.ics", title="a")
    assert "not_in_channel" in caplog.text
    assert not slack.files


def test_a_reminder_is_scheduled_in_the_dm_and_posts_at_its_time(slack, client, clock):
    post_at = clock.now + timedelta(hours=2, microseconds=1)
    reminder, error = scheduled.schedule(client, "UANNA", post_at, REMINDER)
    assert error is None and reminder is not None
    assert reminder.channel == "DANNA"  # Slack answers a person's DM by its own id
    assert reminder.post_at == post_at.replace(microsecond=0) + timedelta(seconds=1)
    args = slack.last("chat.scheduleMessage").args
    assert int(args["post_at"]) == int(reminder.post_at.timestamp())
    assert "metadata" not in args
    assert scheduled.pending(client, "DANNA") == [
        scheduled.Scheduled("DANNA", reminder.id, reminder.post_at, REMINDER["text"])
    ]
    clock.advance(hours=2, seconds=1)
    assert scheduled.pending(client, "DANNA") == []
    assert [m["text"] for m in slack.messages["DANNA"]] == [REMINDER["text"]]


@pytest.mark.parametrize(
    ("after", "error"),
    [
        (timedelta(0), "time_in_past"),
        (timedelta(minutes=-15), "time_in_past"),
        (timedelta(days=121), "time_too_far"),
    ],
)
def test_a_reminder_slack_will_not_schedule_gets_slacks_reason(
    slack, client, clock, after, error, caplog
):
    with caplog.at_level(logging.ERROR):
        assert scheduled.schedule(client, "GPAIR", clock.now + after, REMINDER) == (None, error)
    assert error in caplog.text
    assert slack.pending() == []


def test_the_31st_reminder_in_a_channels_5_minutes_is_refused(slack, client, clock):
    at = clock.now + timedelta(days=1)
    for _ in range(30):
        assert scheduled.schedule(client, "GPAIR", at, REMINDER)[1] is None
    assert scheduled.schedule(client, "GPAIR", at, REMINDER) == (None, "restricted_too_many")
    assert scheduled.schedule(client, "GOTHER", at, REMINDER)[1] is None


def test_a_naive_time_is_refused_before_slack_is_asked(slack, client):
    with pytest.raises(ValueError):
        scheduled.schedule(client, "GPAIR", datetime(2026, 11, 24, 9, 0), REMINDER)
    assert not slack.calls_to("chat.scheduleMessage")


def test_deleting_a_reminder_that_is_gone_or_posted_is_fine(slack, client, clock):
    reminder, _ = scheduled.schedule(client, "UANNA", clock.now + timedelta(hours=1), REMINDER)
    assert reminder is not None
    assert scheduled.unschedule(client, reminder.channel, reminder.id)
    assert slack.scheduled[reminder.id].state == "deleted"
    assert scheduled.unschedule(client, reminder.channel, reminder.id)  # already deleted
    assert scheduled.unschedule(client, "GPAIR", "Q12345678")  # never known
    posted, _ = scheduled.schedule(client, "GPAIR", clock.now + timedelta(minutes=1), REMINDER)
    assert posted is not None
    clock.advance(minutes=2)
    assert scheduled.unschedule(client, posted.channel, posted.id)  # already posted
    assert [m["text"] for m in slack.messages["GPAIR"]] == [REMINDER["text"]]


def test_a_delete_slack_refuses_says_the_reminder_may_still_post(slack, client, clock, caplog):
    reminder, _ = scheduled.schedule(client, "GPAIR", clock.now + timedelta(hours=1), REMINDER)
    assert reminder is not None
    slack.fail("chat.deleteScheduledMessage", Failure(error="invalid_auth"))
    with caplog.at_level(logging.ERROR):
        assert not scheduled.unschedule(client, reminder.channel, reminder.id)
    assert "invalid_auth" in caplog.text
    assert slack.pending("GPAIR")


def test_pending_reads_every_page_soonest_first(slack, client, clock):
    times = [clock.now + timedelta(hours=hours) for hours in range(120, 0, -1)]
    for moment in times:
        scheduled.schedule(client, "GPAIR", moment, REMINDER)
    found = scheduled.pending(client, "GPAIR")
    assert found is not None
    assert [m.post_at for m in found] == sorted(times)
    assert len(slack.calls_to("chat.scheduledMessages.list")) == 2  # Slack's pages of 100


def test_pending_says_when_slack_refused(slack, client):
    slack.fail("chat.scheduledMessages.list", Failure(error="invalid_auth"))
    assert scheduled.pending(client, "GPAIR") is None


def test_a_persons_email_and_name_come_from_users_info(slack, client):
    slack.add_user("UANNA", name="Anna Åström", email="anna@example.se")
    slack.add_user("UBOB", name="Bob Smith")
    assert notify.contact(client, "UANNA") == notify.Contact("Anna Åström", "anna@example.se")
    assert notify.contact(client, "UBOB") == notify.Contact("Bob Smith", None)
    assert notify.contact(client, "UNOBODY") == notify.Contact(None, None)  # user_not_found


def test_a_name_falls_back_to_the_display_name():
    user = {"id": "U1", "profile": {"real_name": "", "display_name": "anna"}}
    assert notify.contact_of(user) == notify.Contact("anna", None)
    assert notify.contact_of({"id": "U1"}) == notify.Contact(None, None)


def test_the_fake_is_on_the_suites_clock(slack: FakeSlack, clock: Clock):
    assert slack.now() == clock.now == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    clock.advance(days=1)
    assert slack.now() == clock.now
