"""A booked session's reminder and "Did you meet?" (issue 16, item 5), through the HTTP door on
the fake Slack: the reminder is scheduled with chat.scheduleMessage 15 minutes before the session
(and deleted when the booking moves or is cancelled); after the session each member is asked
"Did you meet?" in their working hours, and each answer does its work once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.db import Database
from bot.domain import Attendance, BookingStatus, OutboxKind, OutboxStatus
from bot.models import Booking, CheckinLog, Meeting, Member, Outbox
from bot.services import checkins
from tests.conftest import Clock
from tests.fakes.slack_api import Call, Failure, FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import input_values
from tests.scenarios.test_booking import (
    EMAILS,
    booked_posts,
    click,
    event_of,
    invitations,
    live_bookings,
    start_of,
    start_pair,
    values_of,
)
from tests.scenarios.test_pairing import TEAM
from tests.scenarios.test_rhythm import make_clock
from tests.services.test_coaching import checkin as checkin_input

LEAD = timedelta(minutes=15)
# Tuesday 16:45 in Stockholm: the session ends at 17:15, after both members' hours
LATE = datetime(2027, 1, 12, 15, 45, tzinfo=UTC)
NEXT_MORNING = datetime(2027, 1, 13, 8, tzinfo=UTC)  # Wednesday 09:00 in Stockholm


def seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def reminders(slack: FakeSlack) -> list[Call]:
    return slack.calls_to("chat.scheduleMessage")


def met_questions(slack: FakeSlack, user: str) -> list[Call]:
    return [
        c
        for c in slack.calls_to("chat.postMessage")
        if c.args["channel"] == user and values_of(c, ids.MET_YES)
    ]


def book_at(
    slack: FakeSlack, requests: SlackRequests, channel: str, user: str, start: datetime
) -> None:
    """`user` books the group's session at `start` with "Another time..."."""
    intro = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == channel)
    [pair_value] = values_of(intro, ids.BOOK_OTHER)
    click(requests, user, ids.BOOK_OTHER, pair_value, channel)
    view = slack.last("views.open").view()
    reply = requests.submit(user, view, {ids.BOOKING_START: seconds(start)})
    assert reply.status == 200 and reply.body == ""


def reschedule_to(
    slack: FakeSlack, requests: SlackRequests, user: str, view: dict, start: datetime
) -> None:
    assert view["callback_id"] == ids.RESCHEDULE_VIEW
    reply = requests.submit(user, view, {ids.BOOKING_START: seconds(start)})
    assert reply.status == 200 and reply.body == "", reply.body


def swedish(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        for user in EMAILS:
            member = session.get(Member, (TEAM, user))
            assert member is not None
            member.locale = "sv"


def after_the_session(
    settings: Settings, database: Database, slack: FakeSlack, clock: Clock, when: datetime
) -> None:
    """The clock ticks at `when`: planning, then the outbox's delivery."""
    clock.now = when
    make_clock(settings, database, slack).tick(when)


def test_booking_schedules_each_members_reminder_15_minutes_before_without_metadata(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    start = start_of(values[0])

    click(slack_requests, "UBEN", ids.BOOK_SLOT, values[0], channel)

    calls = reminders(slack)
    assert sorted(c.args["channel"] for c in calls) == ["UANNA", "UBEN"]  # each member's DM
    for call in calls:
        assert int(call.args["post_at"]) == seconds(start - LEAD)
        assert "metadata" not in call.args
        partner = "<@UBEN>" if call.args["channel"] == "UANNA" else "<@UANNA>"
        assert f"Your coaching session with {partner} starts in 15 minutes" in call.args["text"]
        assert f"<!date^{seconds(start)}^" in call.args["text"]
        assert "In person or by video" in str(call.blocks())
    held = slack.pending()
    assert sorted(m.channel for m in held) == ["DANNA", "DBEN"]
    with sessions() as session:
        rows = session.scalars(
            select(Outbox).where(Outbox.kind == OutboxKind.SESSION_REMINDER)
        ).all()
    assert sorted((r.status, r.channel, r.ts) for r in rows) == sorted(
        (OutboxStatus.SENT, m.channel, m.id) for m in held
    )

    clock.now = start - LEAD  # Slack posts it then
    assert slack.pending() == []
    assert "starts in 15 minutes" in str(slack.messages["DANNA"][-1]["text"])


def test_reschedule_deletes_the_old_reminders_and_schedules_new_ones_and_cancel_deletes_them(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    old = {m.id for m in slack.pending()}
    [booking_value] = values_of(booked_posts(slack, channel)[0], ids.RESCHEDULE)
    moved_to = start_of(values[2]) + timedelta(days=1)

    click(slack_requests, "UBEN", ids.RESCHEDULE, booking_value, channel)
    reschedule_to(slack, slack_requests, "UBEN", slack.last("views.open").view(), moved_to)

    deleted = slack.calls_to("chat.deleteScheduledMessage")
    assert sorted(c.args["scheduled_message_id"] for c in deleted) == sorted(old)
    assert {c.args["channel"] for c in deleted} == {"DANNA", "DBEN"}
    held = slack.pending()
    assert len(held) == 2 and {m.post_at for m in held} == {seconds(moved_to - LEAD)}

    click(slack_requests, "UANNA", ids.CANCEL_BOOKING, booking_value, channel)

    assert slack.pending() == []
    assert len(slack.calls_to("chat.deleteScheduledMessage")) == 4
    assert len(reminders(slack)) == 4  # nothing scheduled for the cancelled session
    with sessions() as session:
        kinds = session.execute(
            select(Outbox.kind, Outbox.status).where(Outbox.kind == OutboxKind.UNSCHEDULE)
        ).all()
    assert kinds == [(OutboxKind.UNSCHEDULE, OutboxStatus.SENT)] * 4


def test_did_you_meet_comes_after_the_session_inside_working_hours_only(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, _ = start_pair(sessions, slack, slack_requests, clock)
    book_at(slack, slack_requests, channel, "UANNA", LATE)
    end = LATE + timedelta(minutes=30)

    after_the_session(settings, database, slack, clock, end - timedelta(minutes=1))
    assert met_questions(slack, "UANNA") == []  # not before it ends
    after_the_session(settings, database, slack, clock, end + timedelta(minutes=1))
    assert met_questions(slack, "UANNA") == []  # 17:16 in Stockholm: after their hours
    after_the_session(settings, database, slack, clock, NEXT_MORNING)
    after_the_session(settings, database, slack, clock, NEXT_MORNING + timedelta(minutes=5))

    for user, partner in (("UANNA", "UBEN"), ("UBEN", "UANNA")):
        [asked] = met_questions(slack, user)  # once, however often the clock ticks
        assert f"Did you meet <@{partner}>?" in asked.args["text"]
        assert f"<!date^{seconds(LATE)}^" in asked.args["text"]
        assert values_of(asked, ids.MET_NO) == [f"{live_bookings(sessions)[0].id}:{seconds(LATE)}"]


def test_no_did_you_meet_after_a_cancelled_session_nor_for_who_logged_it_already(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, _ = start_pair(sessions, slack, slack_requests, clock)
    book_at(slack, slack_requests, channel, "UANNA", LATE)
    [booking] = live_bookings(sessions)
    with sessions.begin() as session:  # Anna logs the session the moment it ends
        checkins.record(
            session,
            TEAM,
            "UANNA",
            booking.pair_id,
            checkin_input(session_date=LATE.date()),
            LATE + timedelta(minutes=30),
        )
    after_the_session(settings, database, slack, clock, NEXT_MORNING)
    assert met_questions(slack, "UANNA") == [] and len(met_questions(slack, "UBEN")) == 1

    # the next session is booked, then cancelled: nobody is asked about it
    clock.now = NEXT_MORNING
    later = NEXT_MORNING + timedelta(days=1, hours=2)
    book_at(slack, slack_requests, channel, "UBEN", later)
    [booked] = [b for b in live_bookings(sessions) if b.starts_at == later]
    click(slack_requests, "UBEN", ids.CANCEL_BOOKING, str(booked.id), channel)
    after_the_session(settings, database, slack, clock, later + timedelta(hours=1))
    assert met_questions(slack, "UANNA") == [] and len(met_questions(slack, "UBEN")) == 1


def asked_after(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    requests: SlackRequests,
    clock: Clock,
    locale: str = "en-US",
) -> tuple[str, Call]:
    """A session booked at LATE and held: (the group's conversation, Anna's "Did you meet?")."""
    channel, _ = start_pair(sessions, slack, requests, clock, locale=locale)
    if locale.startswith("sv"):
        swedish(sessions)
    book_at(slack, requests, channel, "UANNA", LATE)
    after_the_session(settings, database, slack, clock, NEXT_MORNING)
    [asked] = met_questions(slack, "UANNA")
    return channel, asked


def test_yes_opens_the_check_in_modal_with_the_date_and_length_filled_in(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    _, asked = asked_after(database, sessions, slack, settings, slack_requests, clock)
    [value] = values_of(asked, ids.MET_YES)

    click(slack_requests, "UANNA", ids.MET_YES, value, "DANNA")

    view = slack.last("views.open").view()
    assert view["callback_id"] == ids.CHECKIN_VIEW
    shown = input_values(view)
    [day] = [b["element"] for b in view["blocks"] if b.get("block_id") == ids.SESSION_DATE]
    assert day["initial_date"] == "2027-01-12" and shown[ids.MINUTES] == "30"
    assert shown[ids.ATTENDANCE] == Attendance.MET.value
    answered = slack.last("chat.update")
    assert answered.args["channel"] == "DANNA" and values_of(answered, ids.MET_YES) == []
    assert "You met" in answered.args["text"]

    reply = slack_requests.submit("UANNA", view, {})  # saved as filled in
    assert reply.status == 200
    with sessions() as session:
        [log] = session.scalars(select(CheckinLog)).all()
        assert (log.session_date.isoformat(), log.minutes, log.attendance) == (
            "2027-01-12",
            30,
            Attendance.MET,
        )


def test_we_moved_it_reschedules_a_past_session_which_comes_back_booked(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, asked = asked_after(database, sessions, slack, settings, slack_requests, clock)
    [booking] = live_bookings(sessions)
    with sessions.begin() as session:  # its time has gone by: past, as the next booking marks it
        found = session.get(Booking, booking.id)
        assert found is not None
        found.status = BookingStatus.PAST
    [value] = values_of(asked, ids.MET_MOVED)
    moved_to = NEXT_MORNING + timedelta(days=1, hours=4)

    click(slack_requests, "UANNA", ids.MET_MOVED, value, "DANNA")
    assert "You moved it" in slack.last("chat.update").args["text"]
    reschedule_to(slack, slack_requests, "UANNA", slack.last("views.open").view(), moved_to)

    [moved] = live_bookings(sessions)
    assert (moved.id, moved.starts_at, moved.sequence) == (booking.id, moved_to, 1)
    event = event_of(invitations(slack)[-1])
    assert event.decoded("dtstart") == moved_to and int(event.get("sequence")) == 1
    update = slack.last("chat.update")
    assert update.args["channel"] == channel and "Changed by <@UANNA>" in str(update.blocks())
    assert {m.post_at for m in slack.pending()} == {seconds(moved_to - LEAD)}
    # nobody is asked about the old time again
    after_the_session(settings, database, slack, clock, NEXT_MORNING + timedelta(minutes=5))
    assert len(met_questions(slack, "UBEN")) == 1


def test_no_records_the_session_as_not_held_once_and_answers_with_times_for_the_next(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    _, asked = asked_after(database, sessions, slack, settings, slack_requests, clock)
    [value] = values_of(asked, ids.MET_NO)

    click(slack_requests, "UANNA", ids.MET_NO, value, "DANNA")
    click(slack_requests, "UANNA", ids.MET_NO, value, "DANNA")  # a double click
    assert slack_requests.interactive(slack_requests.sent[-1]).status == 200  # sent again

    with sessions() as session:
        [log] = session.scalars(select(CheckinLog)).all()
        assert (log.author, log.attendance, log.session_date.isoformat()) == (
            "UANNA",
            Attendance.CANCELLED,
            "2027-01-12",
        )
        assert session.scalar(select(Meeting.held)) is False
    answered = slack.last("chat.update")
    assert "Thank you for telling us" in answered.args["text"]
    assert values_of(answered, ids.MET_NO) == [] and len(values_of(answered, ids.BOOK_SLOT)) == 3


def test_someone_else_cannot_answer_and_a_forged_value_does_nothing(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    _, asked = asked_after(database, sessions, slack, settings, slack_requests, clock)
    [value] = values_of(asked, ids.MET_NO)
    slack.add_user("UMALLORY")
    updates = len(slack.calls_to("chat.update"))

    click(slack_requests, "UMALLORY", ids.MET_NO, value, "DMALLORY")
    click(slack_requests, "UANNA", ids.MET_NO, "1:not-a-time", "DANNA")

    with sessions() as session:
        assert session.scalars(select(CheckinLog)).all() == []
    assert len(slack.calls_to("chat.update")) == updates
    assert str([r.get("text") for r in slack.responses]).count("not one of yours") == 2


@pytest.mark.parametrize("locale", ["sv-SE"])
def test_reminder_and_did_you_meet_in_swedish(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
    locale: str,
):
    _, asked = asked_after(database, sessions, slack, settings, slack_requests, clock, locale)

    for call in reminders(slack):
        assert "börjar om 15 minuter" in call.args["text"]
    assert "Träffade du <@UBEN>?" in asked.args["text"]
    assert "Vi flyttade det" in str(asked.blocks())
    click(slack_requests, "UANNA", ids.MET_NO, values_of(asked, ids.MET_NO)[0], "DANNA")
    assert "Tack för att du berättar" in slack.last("chat.update").args["text"]


def test_after_an_uncertain_attempt_the_reminder_found_in_slack_is_not_scheduled_again(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    held = {m.id for m in slack.pending()}
    with sessions.begin() as session:  # a sender died after Slack took Anna's reminder
        row = session.scalars(
            select(Outbox).where(
                Outbox.kind == OutboxKind.SESSION_REMINDER, Outbox.user_id == "UANNA"
            )
        ).one()
        row.status, row.error, row.ts, row.channel = OutboxStatus.SENDING, "unconfirmed", None, None
        row.claimed_at = clock.now - timedelta(minutes=10)

    after_the_session(settings, database, slack, clock, clock.now + timedelta(minutes=1))

    assert len(reminders(slack)) == 2 and {m.id for m in slack.pending()} == held
    assert slack.calls_to("chat.scheduledMessages.list") != []
    with sessions() as session:
        row = session.scalars(
            select(Outbox).where(
                Outbox.kind == OutboxKind.SESSION_REMINDER, Outbox.user_id == "UANNA"
            )
        ).one()
        assert row.status is OutboxStatus.SENT and row.ts in held


def test_a_deletion_waits_for_a_reminder_still_being_scheduled_and_then_deletes_it(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    [booking_value] = values_of(booked_posts(slack, channel)[0], ids.CANCEL_BOOKING)
    anna = {"kind": OutboxKind.SESSION_REMINDER, "user_id": "UANNA"}
    with sessions.begin() as session:  # a sender is scheduling Anna's reminder right now
        row = session.scalars(select(Outbox).filter_by(**anna)).one()
        row.status, row.claimed_at = OutboxStatus.SENDING, clock.now

    click(slack_requests, "UANNA", ids.CANCEL_BOOKING, booking_value, channel)

    assert [m.channel for m in slack.pending()] == ["DANNA"]  # Ben's is gone, Anna's waits
    with sessions.begin() as session:  # the sender records what Slack answered
        session.scalars(select(Outbox).filter_by(**anna)).one().status = OutboxStatus.SENT
    after_the_session(settings, database, slack, clock, clock.now + timedelta(minutes=1))
    assert slack.pending() == []


def test_a_full_five_minute_window_in_slack_delays_the_reminder_and_loses_nothing(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    slack.fail("chat.scheduleMessage", Failure(error="restricted_too_many"))

    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)

    assert len(slack.pending()) == 1 and len(reminders(slack)) == 2
    after_the_session(settings, database, slack, clock, clock.now + timedelta(minutes=1))
    assert len(slack.pending()) == 1  # not tried again before the window can have emptied
    after_the_session(settings, database, slack, clock, clock.now + timedelta(minutes=5))
    assert sorted(m.channel for m in slack.pending()) == ["DANNA", "DBEN"]
    assert {m.post_at for m in slack.pending()} == {seconds(start_of(values[0]) - LEAD)}
