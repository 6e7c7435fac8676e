"""App Home and booking (issue 16, items 4 and 6): Home shows the pair's next booked session
with Reschedule and Cancel, or "Book your next session" with the three suggested times; a click
on Home books, moves or cancels like one on the Booked message; and after every change both
members' Home is published again. Through the HTTP door, on the fake Slack (which checks every
published view against Block Kit and Slack's limits)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, update
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.db import Database
from bot.domain import BookingStatus, MeetingForm
from bot.models import Booking, Member
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.test_booking import (
    EMAILS,
    booked_posts,
    event_of,
    invitations,
    live_bookings,
    start_of,
    start_pair,
)
from tests.scenarios.test_pairing import TEAM

WORDS = {
    "en": {
        "book": "Book your next session",
        "next": "Your next session",
        "with": "*With:* <@UBEN>",
        "how": "*How:* In person or by video, as you agree",
        "google": "Add to Google Calendar",
        "cancelled_again": "cancelled or has passed",
        "repeats": "Repeats",
    },
    "sv": {
        "book": "Boka ert nästa samtal",
        "next": "Ert nästa samtal",
        "with": "*Med:* <@UBEN>",
        "how": "*Hur:* På plats eller via video, som ni kommer överens om",
        "google": "Lägg till i Google Kalender",
        "cancelled_again": "redan avbokats eller passerat",
        "repeats": "Upprepas",
    },
}


def home_of(slack: FakeSlack, requests: SlackRequests, user: str) -> dict[str, Any]:
    """The Home `user` sees when they open it."""
    requests.home_opened(user)
    return latest_home(slack, user)


def latest_home(slack: FakeSlack, user: str) -> dict[str, Any]:
    return [c for c in slack.calls_to("views.publish") if c.args["user_id"] == user][-1].view()


def published_to(slack: FakeSlack, since: int) -> list[str]:
    return [c.args["user_id"] for c in slack.calls_to("views.publish")[since:]]


def elements(view: dict[str, Any], action_id: str) -> list[dict[str, Any]]:
    found = []
    for block in view["blocks"]:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("action_id") == action_id:
                found.append(element)
    return found


def values(view: dict[str, Any], action_id: str) -> list[str]:
    return [e["value"] for e in elements(view, action_id)]


def in_language(sessions: sessionmaker[Session], locale: str) -> None:
    with sessions.begin() as session:
        for user in EMAILS:
            member = session.get(Member, (TEAM, user))
            assert member is not None
            member.locale = locale


@pytest.mark.parametrize("locale", ["en", "sv"])
def test_book_from_home_then_home_shows_the_session_and_cancel_from_home_brings_the_times_back(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: Clock,
    locale: str,
):
    words = WORDS[locale]
    channel, intro_values = start_pair(sessions, slack, slack_requests, clock, f"{locale}-SE")
    in_language(sessions, locale)

    home = home_of(slack, slack_requests, "UANNA")
    shown = str(home["blocks"])
    assert words["book"] in shown and ids.RESCHEDULE not in shown
    slots = values(home, ids.BOOK_SLOT)
    assert len(slots) == 3 and slots == intro_values  # the intro's times, the same Book values
    assert len(values(home, ids.BOOK_OTHER)) == 1

    before = len(slack.calls_to("views.publish"))
    reply = slack_requests.click("UANNA", ids.BOOK_SLOT, slots[1], view=home)

    assert reply.status == 200
    [booking] = live_bookings(sessions)
    assert booking.starts_at == start_of(slots[1]) and booking.booked_by == "UANNA"
    assert len(booked_posts(slack, channel)) == 1 and len(slack.files) == 1
    assert sorted(published_to(slack, before)) == ["UANNA", "UBEN"]  # both Homes, once each
    anna, ben = latest_home(slack, "UANNA"), latest_home(slack, "UBEN")
    shown = str(anna["blocks"])
    assert words["next"] in shown and words["book"] not in shown
    assert f"<!date^{int(booking.starts_at.timestamp())}^" in shown
    assert words["how"] in shown and words["with"] in shown
    assert "<@UANNA>" in str(ben["blocks"]) and values(anna, ids.BOOK_SLOT) == []
    assert values(anna, ids.RESCHEDULE) == values(anna, ids.CANCEL_BOOKING) == [str(booking.id)]
    [google] = elements(anna, ids.ADD_GOOGLE)
    [outlook] = elements(anna, ids.ADD_OUTLOOK)
    assert google["text"]["text"] == words["google"]
    assert google["url"].startswith("https://calendar.google.com/calendar/render?")
    assert outlook["url"].startswith("https://outlook.office.com/calendar/0/deeplink/")
    assert words["repeats"] not in shown  # one session, not a series

    before = len(slack.calls_to("views.publish"))
    slack_requests.click("UBEN", ids.CANCEL_BOOKING, str(booking.id), view=ben)

    assert live_bookings(sessions) == []
    cancelled = invitations(slack)[-1]
    assert str(cancelled.get("method")) == "CANCEL"
    assert int(event_of(cancelled).get("sequence")) == 1
    assert sorted(published_to(slack, before)) == ["UANNA", "UBEN"]
    for user in EMAILS:
        after = latest_home(slack, user)
        assert words["book"] in str(after["blocks"]) and values(after, ids.RESCHEDULE) == []
        assert len(values(after, ids.BOOK_SLOT)) == 3

    # Ben clicks Cancel again on the Home he had: no response_url there, so he is told in a DM
    slack_requests.click("UBEN", ids.CANCEL_BOOKING, str(booking.id), view=ben)
    [told] = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UBEN"]
    assert words["cancelled_again"] in told.args["text"]
    assert slack.responses == []


def test_a_stale_book_click_on_home_is_told_which_time_won_in_a_dm(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    start_pair(sessions, slack, slack_requests, clock)
    anna, ben = home_of(slack, slack_requests, "UANNA"), home_of(slack, slack_requests, "UBEN")
    slack_requests.click("UANNA", ids.BOOK_SLOT, values(anna, ids.BOOK_SLOT)[0], view=anna)

    slack_requests.click("UBEN", ids.BOOK_SLOT, values(ben, ids.BOOK_SLOT)[2], view=ben)

    [booking] = live_bookings(sessions)
    assert booking.starts_at == start_of(values(anna, ids.BOOK_SLOT)[0])
    [told] = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UBEN"]
    assert "has booked" in told.args["text"]
    assert f"<!date^{int(booking.starts_at.timestamp())}^" in told.args["text"]


def test_reschedule_from_home_moves_the_session_and_both_homes_follow(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, slots = start_pair(sessions, slack, slack_requests, clock)
    slack_requests.act(
        "UANNA",
        {"type": "button", "action_id": ids.BOOK_SLOT, "value": slots[0]},
        message=(channel, "1700000000.000100"),
    )  # booked from the intro: both Homes were published then
    ben = latest_home(slack, "UBEN")
    [booking_value] = values(ben, ids.RESCHEDULE)

    slack_requests.click("UBEN", ids.RESCHEDULE, booking_value, view=ben)
    view = slack.last("views.open").view()
    assert view["callback_id"] == ids.RESCHEDULE_VIEW
    moved_to = start_of(slots[2]) + timedelta(days=1)
    before = len(slack.calls_to("views.publish"))
    slack_requests.submit("UBEN", view, {ids.BOOKING_START: int(moved_to.timestamp())})

    [booking] = live_bookings(sessions)
    assert booking.starts_at == moved_to and booking.sequence == 1
    assert sorted(published_to(slack, before)) == ["UANNA", "UBEN"]
    for user in EMAILS:
        assert f"<!date^{int(moved_to.timestamp())}^" in str(latest_home(slack, user)["blocks"])
    assert "Changed by <@UBEN>" in str(slack.last("chat.update").blocks())


def test_a_series_shows_its_next_date_and_how_it_repeats(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, slots = start_pair(sessions, slack, slack_requests, clock)
    slack_requests.act(
        "UANNA",
        {"type": "button", "action_id": ids.BOOK_SLOT, "value": slots[0]},
        message=(channel, "1700000000.000100"),
    )
    [booking] = live_bookings(sessions)
    until = booking.starts_at + timedelta(days=42)
    with sessions.begin() as session:  # every two weeks, four sessions in all
        session.execute(update(Booking).values(every_days=14, repeat_until=until))
    clock.now = booking.starts_at + timedelta(hours=1)  # the first session is over

    home = home_of(slack, slack_requests, "UBEN")

    shown = str(home["blocks"])
    second = booking.starts_at + timedelta(days=14)
    assert f"<!date^{int(second.timestamp())}^" in shown
    assert f"<!date^{int(booking.starts_at.timestamp())}^" not in shown
    assert "Repeats every two weeks until" in shown
    assert f"<!date^{int(until.timestamp())}^" in shown
    assert values(home, ids.CANCEL_BOOKING) == [str(booking.id)]

    clock.now = until + timedelta(hours=1)  # the last session is over: time to book anew
    home = home_of(slack, slack_requests, "UBEN")
    assert "Book your next session" in str(home["blocks"])
    assert len(values(home, ids.BOOK_SLOT)) == 3


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """The SQL statements run on the database while inside."""
    ran: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        ran.append(statement)

    engines = {database.engine, database.read_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", count)
    try:
        yield ran
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", count)


def test_home_reads_the_bookings_in_the_same_statements_however_many_there_are(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, slots = start_pair(sessions, slack, slack_requests, clock)
    slack_requests.act(
        "UANNA",
        {"type": "button", "action_id": ids.BOOK_SLOT, "value": slots[0]},
        message=(channel, "1700000000.000100"),
    )
    [booking] = live_bookings(sessions)

    def history(count: int) -> None:
        """`count` sessions before this one, held or cancelled."""
        with sessions.begin() as session:
            for n in range(count):
                start = booking.starts_at - timedelta(days=1, hours=n)
                status = BookingStatus.PAST if n % 2 else BookingStatus.CANCELLED
                session.add(
                    Booking(
                        team_id=TEAM,
                        programme_id=booking.programme_id,
                        pair_id=booking.pair_id,
                        starts_at=start,
                        ends_at=start + timedelta(minutes=30),
                        form=MeetingForm.EITHER,
                        status=status,
                        sequence=1,
                        booked_by="UANNA",
                        updated_by="UANNA",
                        created_at=start,
                        updated_at=start,
                    )
                )

    home_of(slack, slack_requests, "UANNA")  # the person's Slack facts cached
    history(1)
    with statements(database) as few:
        home_of(slack, slack_requests, "UANNA")
    history(20)
    with statements(database) as many:
        home = home_of(slack, slack_requests, "UANNA")

    assert values(home, ids.CANCEL_BOOKING) == [str(booking.id)]
    assert len(many) == len(few)
