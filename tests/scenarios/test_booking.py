"""One click books a session (issue 16, items 3 and 4): the intro's and the prompt's Book
buttons, "Another time..." with its date and time picker, the Booked message with its calendar
invitation, and Reschedule and Cancel from it. Through the HTTP door, on the fake Slack."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.db import Database
from bot.domain import BookingStatus
from bot.models import Booking, Member, Pair, PairMember
from bot.services import bookings
from tests.conftest import Clock
from tests.fakes.slack_api import Call, FakeSlack
from tests.fakes.slack_requests import Reply, SlackRequests
from tests.scenarios.test_pairing import TEAM, confirm, enrol, run_round
from tests.scenarios.test_rhythm import FIRST_PROMPT_SE, make_clock, setup_pair

MONDAY = datetime(2027, 1, 11, 8, tzinfo=UTC)  # 09:00 in Stockholm
EMAILS = {"UANNA": "anna@example.com", "UBEN": "ben@example.com"}


def start_pair(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    requests: SlackRequests,
    clock: Clock,
    locale: str = "en-US",
) -> tuple[str, list[str]]:
    """Anna and Ben paired, their intro posted: (the group's conversation, its Book values)."""
    clock.now = MONDAY
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"}, locale=locale)
    for user, email in EMAILS.items():  # Slack gives both an email address
        slack.add_user(user, locale=locale, name=user.title(), email=email)
    confirm(slack, requests, run_round(slack, requests))
    intro = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"][0] == "G")
    return intro.args["channel"], values_of(intro, ids.BOOK_SLOT)


def values_of(call: Call, action_id: str) -> list[str]:
    found = []
    for block in call.blocks():
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("action_id") == action_id:
                found.append(element["value"])
    return found


def click(
    requests: SlackRequests, user: str, action_id: str, value: str, channel: str = "G0"
) -> Reply:
    """A click on a button of a message in the conversation `channel`."""
    action = {"type": "button", "action_id": action_id, "value": value}
    reply = requests.act(user, action, message=(channel, "1700000000.000100"))
    assert reply.status == 200
    return reply


def start_of(value: str) -> datetime:
    return datetime.fromtimestamp(int(value.split(":")[1]), UTC)


def booked_posts(slack: FakeSlack, channel: str) -> list[Call]:
    return [
        c
        for c in slack.calls_to("chat.postMessage")
        if c.args["channel"] == channel and values_of(c, ids.RESCHEDULE)
    ]


def invitations(slack: FakeSlack) -> list[Calendar]:
    return [Calendar.from_ical(f.data) for f in slack.files.values()]


def event_of(calendar: Calendar) -> Any:
    return next(iter(calendar.walk("VEVENT")))


def live_bookings(sessions: sessionmaker[Session]) -> list[Booking]:
    with sessions() as session:
        return list(session.scalars(select(Booking).where(Booking.status == "booked")))


def answers(slack: FakeSlack) -> str:
    return str([r.get("text") for r in slack.responses])


def test_a_member_books_a_suggested_time_from_the_intro_and_both_get_the_invitation(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    assert len(values) == 3
    start = start_of(values[1])

    click(slack_requests, "UBEN", ids.BOOK_SLOT, values[1], channel)

    [booked] = booked_posts(slack, channel)
    text = str(booked.blocks())
    assert "Session booked" in text and f"<!date^{int(start.timestamp())}^" in text
    assert "*How:* In person or by video, as you agree" in text
    assert "Session 1 of 6: Get to know each other" in text  # the first session's guide
    links = {
        e["action_id"]: e["url"]
        for b in booked.blocks()
        for e in b.get("elements", [])
        if "url" in e
    }
    assert links[ids.ADD_GOOGLE].startswith("https://calendar.google.com/calendar/render?")
    assert links[ids.ADD_OUTLOOK].startswith("https://outlook.office.com/calendar/0/deeplink/")
    [shared] = slack.files.values()
    assert shared.channel == channel and shared.filename.endswith(".ics")
    event = event_of(Calendar.from_ical(shared.data))
    assert event.decoded("dtstart") == start
    assert event.decoded("dtend") == start + timedelta(minutes=30)
    assert sorted(str(a) for a in event.get("attendee")) == [
        "mailto:anna@example.com",
        "mailto:ben@example.com",
    ]
    assert int(event.get("sequence")) == 0
    [booking] = live_bookings(sessions)
    assert (booking.starts_at, booking.booked_by, booking.message_ts) == (
        start,
        "UBEN",
        booked.args.get("ts") or booking.message_ts,
    )
    assert booking.message_ts is not None


def test_a_double_click_and_a_slack_retry_book_once(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)

    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    assert slack_requests.interactive(slack_requests.sent[-1]).status == 200  # sent again

    assert len(live_bookings(sessions)) == 1
    assert len(booked_posts(slack, channel)) == 1 and len(slack.files) == 1
    assert answers(slack).count("has booked") == 2


def test_two_members_clicking_different_times_at_once_make_one_booking(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    go = threading.Barrier(2)

    def book(user: str, value: str) -> None:
        go.wait()
        click(slack_requests, user, ids.BOOK_SLOT, value, channel)

    threads = [
        threading.Thread(target=book, args=("UANNA", values[0])),
        threading.Thread(target=book, args=("UBEN", values[2])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    [booking] = live_bookings(sessions)
    assert booking.starts_at in (start_of(values[0]), start_of(values[2]))
    assert len(booked_posts(slack, channel)) == 1 and len(slack.files) == 1
    [told] = slack.responses  # the other clicker learns which time won
    assert "has booked" in told["text"]
    assert f"<!date^{int(booking.starts_at.timestamp())}^" in told["text"]


def test_a_past_time_and_a_time_no_longer_free_book_nothing(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    with sessions.begin() as session:  # Anna is in a second group, booked at the third time
        pair_id = session.scalar(select(PairMember.pair_id).where(PairMember.user_id == "UANNA"))
        pair = session.get(Pair, pair_id)
        assert pair is not None
        extra = Pair(
            team_id=TEAM,
            programme_id=pair.programme_id,
            round_id=pair.round_id,
            score=1.0,
            reasons={},
            starts_at=MONDAY,
        )
        session.add(extra)
        session.flush()
        session.add(PairMember(pair_id=extra.id, user_id="UANNA", team_id=TEAM, coach_order=2))
        session.flush()
        bookings.book(session, TEAM, extra.id, "UANNA", start_of(values[2]), MONDAY)

    clock.now = start_of(values[0]) + timedelta(minutes=5)
    click(slack_requests, "UBEN", ids.BOOK_SLOT, values[0], channel)
    click(slack_requests, "UBEN", ids.BOOK_SLOT, values[2], channel)

    told = answers(slack)
    assert "That time has passed" in told and "That time is no longer free" in told
    with sessions() as session:
        assert bookings.live(session, TEAM, pair_id) is None
    assert booked_posts(slack, channel) == [] and slack.files == {}


def test_someone_outside_the_pair_cannot_book_it(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    slack.add_user("UMALLORY")

    click(slack_requests, "UMALLORY", ids.BOOK_SLOT, values[0], channel)
    click(slack_requests, "UMALLORY", ids.BOOK_SLOT, "1:not-a-time", channel)

    told = answers(slack)
    assert "Only the members of this group" in told and "Choose a date and a time" in told
    assert live_bookings(sessions) == [] and slack.files == {}


def test_another_time_opens_a_picker_that_refuses_bad_input_inline_and_books_a_good_time(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, _ = start_pair(sessions, slack, slack_requests, clock)
    intro = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == channel)
    [pair_value] = values_of(intro, ids.BOOK_OTHER)

    click(slack_requests, "UANNA", ids.BOOK_OTHER, pair_value, channel)
    view = slack.last("views.open").view()
    assert view["callback_id"] == ids.BOOK_VIEW
    picker, repeat = [b["element"] for b in view["blocks"] if b["type"] == "input"]
    assert picker["type"] == "datetimepicker" and repeat["type"] == "checkboxes"
    assert "Every two weeks at this time" in str(repeat)

    past = int((MONDAY - timedelta(hours=1)).timestamp())
    refused = slack_requests.submit("UANNA", view, {ids.BOOKING_START: past}).json()
    assert refused["response_action"] == "errors"
    assert "That time has passed" in refused["errors"][ids.BOOKING_START]
    forged = slack_requests.submit("UANNA", view, {ids.BOOKING_START: "tomorrow"}).json()
    assert "Choose a date and a time" in forged["errors"][ids.BOOKING_START]
    assert live_bookings(sessions) == []

    chosen = datetime(2027, 1, 14, 13, 15, tzinfo=UTC)
    reply = slack_requests.submit("UANNA", view, {ids.BOOKING_START: int(chosen.timestamp())})

    assert reply.status == 200 and reply.body == ""  # the modal closes
    [booking] = live_bookings(sessions)
    assert booking.starts_at == chosen
    assert event_of(invitations(slack)[0]).decoded("dtstart") == chosen


def test_reschedule_raises_the_sequence_and_cancel_sends_a_cancellation(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    [booked] = booked_posts(slack, channel)
    [booking_value] = values_of(booked, ids.RESCHEDULE)
    [booking] = live_bookings(sessions)

    click(slack_requests, "UBEN", ids.RESCHEDULE, booking_value, channel)
    view = slack.last("views.open").view()
    assert view["callback_id"] == ids.RESCHEDULE_VIEW
    moved_to = start_of(values[2]) + timedelta(days=1)
    reply = slack_requests.submit("UBEN", view, {ids.BOOKING_START: int(moved_to.timestamp())})
    assert reply.status == 200

    update = slack.last("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (channel, booking.message_ts)
    assert f"<!date^{int(moved_to.timestamp())}^" in str(update.blocks())
    assert "Changed by <@UBEN>" in str(update.blocks())
    moved = event_of(invitations(slack)[-1])
    assert moved.decoded("dtstart") == moved_to and int(moved.get("sequence")) == 1
    assert str(moved.get("uid")) == str(event_of(invitations(slack)[0]).get("uid"))

    click(slack_requests, "UANNA", ids.CANCEL_BOOKING, booking_value, channel)

    cancelled = invitations(slack)[-1]
    assert str(cancelled.get("method")) == "CANCEL"
    assert int(event_of(cancelled).get("sequence")) == 2
    assert str(event_of(cancelled).get("status")) == "CANCELLED"
    update = slack.last("chat.update")
    assert "Session cancelled" in str(update.blocks()) and values_of(update, ids.RESCHEDULE) == []
    with sessions() as session:
        assert session.get(Booking, booking.id).status is BookingStatus.CANCELLED  # type: ignore[union-attr]
    click(slack_requests, "UANNA", ids.CANCEL_BOOKING, booking_value, channel)  # again: no-op
    assert len(slack.files) == 3
    assert "cancelled or has passed" in answers(slack)


def test_outsiders_cannot_reschedule_or_cancel(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    [booking_value] = values_of(booked_posts(slack, channel)[0], ids.CANCEL_BOOKING)
    slack.add_user("UMALLORY")
    opened = len(slack.calls_to("views.open"))  # the coordinator's round modal

    click(slack_requests, "UMALLORY", ids.RESCHEDULE, booking_value, channel)
    click(slack_requests, "UMALLORY", ids.CANCEL_BOOKING, booking_value, channel)

    assert len(slack.calls_to("views.open")) == opened
    assert [c for c in slack.calls_to("chat.update") if c.args["channel"] == channel] == []
    assert answers(slack).count("Only the members of this group") == 2
    assert len(live_bookings(sessions)) == 1


@pytest.mark.parametrize("locale", ["sv-SE"])
def test_booking_in_swedish(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: Clock,
    locale: str,
):
    channel, values = start_pair(sessions, slack, slack_requests, clock, locale=locale)
    with sessions.begin() as session:
        for user in EMAILS:
            member = session.get(Member, (TEAM, user))
            assert member is not None
            member.locale = "sv"

    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    click(slack_requests, "UBEN", ids.BOOK_SLOT, values[1], channel)

    [booked] = booked_posts(slack, channel)
    text = str(booked.blocks())
    assert "Samtal bokat" in text and "Lägg till i Google Kalender" in text and "Avboka" in text
    assert str(event_of(invitations(slack)[0]).get("summary")) == "Mentorsamtal"
    assert "Er grupp har redan bokat" in answers(slack)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Booking)) == 1


def test_a_member_books_from_the_fortnightly_prompt_in_their_dm(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    setup_pair(sessions, slack)  # introduced without a conversation kept: the bot opens one
    make_clock(settings, database, slack).tick(FIRST_PROMPT_SE)
    prompt = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UANNA")
    values = values_of(prompt, ids.BOOK_SLOT)
    assert len(values) == 3
    clock.now = FIRST_PROMPT_SE

    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], "DANNA")

    [shared] = slack.files.values()
    assert shared.channel is not None and shared.channel.startswith("G")
    assert [c.args["channel"] for c in booked_posts(slack, shared.channel)] == [shared.channel]
    event = event_of(Calendar.from_ical(shared.data))
    assert event.decoded("dtstart") == start_of(values[0])
    description = str(event.get("description"))
    assert "Session 1 of 6: Get to know each other" in description and "*" not in description
    with sessions() as session:
        [booking] = session.scalars(select(Booking)).all()
        assert booking.booked_by == "UANNA"
    # no email from Slack: the members are named in the description instead
    assert event.get("attendee") is None and "UANNA" in str(event.get("description"))
