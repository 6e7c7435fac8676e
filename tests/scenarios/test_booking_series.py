"""A booked session repeated "every two weeks at this time" (issue 16, item 3): from the Booked
message and from the picker, its invitation's RRULE, a clash on a later date, suggestions kept
off its sessions, moving, stopping and cancelling it, and the prompts on its booked days.
Through the HTTP door, on the fake Slack."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.db import Database
from bot.domain import BookingStatus, OutboxKind
from bot.models import Booking, Member, Outbox, Pair, PairMember, Round
from bot.services import bookings, meeting_times
from bot.services.booked_times import BookedTimes
from bot.services.slots import Interval
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.test_booking import (
    EMAILS,
    MONDAY,
    answers,
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
from tests.scenarios.test_rhythm import START, make_clock, rhythm_dms, setup_pair

FORTNIGHT = timedelta(days=14)


def round_end(sessions: sessionmaker[Session]) -> datetime:
    with sessions() as session:
        ends = session.scalar(select(Round.ends_at))
        assert ends is not None
        return ends


def expected_until(first: datetime, ends: datetime) -> datetime:
    """The last start before the round's end, counted here by stepping."""
    last = first
    while last + FORTNIGHT < ends:
        last += FORTNIGHT
    return last


def links_of(call: Any) -> dict[str, str]:
    return {
        e["action_id"]: e["url"] for b in call.blocks() for e in b.get("elements", []) if "url" in e
    }


def prompts_to(slack: FakeSlack, user: str) -> list[str]:
    """The fortnightly prompts among the DMs (not the sessions' "Did you meet?")."""
    headers = ("Time for your coaching session", "Dags för ert coachningsmöte")
    return [text for text in rhythm_dms(slack, user) if text in headers]


def a_second_group_for_anna(sessions: sessionmaker[Session]) -> int:
    """Anna in a second group of the same round (alone in it: enough to hold her bookings)."""
    with sessions.begin() as session:
        pair_id = session.scalar(select(PairMember.pair_id).where(PairMember.user_id == "UANNA"))
        pair = session.get(Pair, pair_id)
        assert pair is not None
        extra = Pair(
            team_id=TEAM,
            programme_id=pair.programme_id,
            round_id=pair.round_id,
            score=1.0,
            reasons=pair.reasons,
            starts_at=MONDAY,
        )
        session.add(extra)
        session.flush()
        session.add(PairMember(pair_id=extra.id, user_id="UANNA", team_id=TEAM, coach_order=2))
        return extra.id


def test_every_two_weeks_from_the_booked_message_sends_the_series_and_cancel_cancels_it(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    first = start_of(values[0])
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    [booked] = booked_posts(slack, channel)
    [repeat] = values_of(booked, ids.REPEAT_BOOKING)
    assert "Every two weeks at this time" in str(booked.blocks())

    click(slack_requests, "UBEN", ids.REPEAT_BOOKING, repeat, channel)
    click(slack_requests, "UBEN", ids.REPEAT_BOOKING, repeat, channel)  # a double click
    assert slack_requests.interactive(slack_requests.sent[-1]).status == 200  # a Slack retry

    until = expected_until(first, round_end(sessions))
    assert until >= first + 4 * FORTNIGHT  # the round runs long enough for a real series
    single, series = invitations(slack)  # one more invitation, however often it was clicked
    event = event_of(series)
    rule = event.get("rrule")
    assert (rule["FREQ"], rule["INTERVAL"], rule["UNTIL"]) == (["WEEKLY"], [2], [until])
    assert event.decoded("dtstart") == first == event_of(single).decoded("dtstart")
    assert event.decoded("dtend") == first + timedelta(minutes=30)
    assert sorted(str(a) for a in event.get("attendee")) == sorted(
        f"mailto:{email}" for email in EMAILS.values()
    )
    assert str(event.get("uid")) == str(event_of(single).get("uid"))
    assert int(event.get("sequence")) == 1 and str(series.get("method")) == "PUBLISH"
    assert answers(slack).count("repeat already") == 2
    update = slack.last("chat.update")
    text = str(update.blocks())
    assert f"Every two weeks until <!date^{int(until.timestamp())}^" in text
    assert values_of(update, ids.STOP_REPEATING) == [repeat]
    assert values_of(update, ids.REPEAT_BOOKING) == []
    google = parse_qs(urlparse(links_of(update)[ids.ADD_GOOGLE]).query)
    [recur] = google["recur"]
    assert recur.startswith("RRULE:")
    assert set(recur.removeprefix("RRULE:").split(";")) == {
        "FREQ=WEEKLY",
        "INTERVAL=2",
        f"UNTIL={until:%Y%m%dT%H%M%SZ}",
    }
    outlook = parse_qs(urlparse(links_of(update)[ids.ADD_OUTLOOK]).query)
    assert "first session only" in outlook["body"][0]  # Outlook's template takes no RRULE
    reminders = sorted({m.post_at for m in slack.pending()})  # each session's, within 120 days
    assert reminders == [
        int((first + n * FORTNIGHT - timedelta(minutes=15)).timestamp())
        for n in range(len(reminders))
    ]
    assert len(reminders) > 2

    clock.now = first + timedelta(hours=1)  # the first session is over: the series lives on
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[1], channel)
    assert f"has booked <!date^{int((first + FORTNIGHT).timestamp())}^" in answers(slack)
    [booking] = live_bookings(sessions)
    assert booking.repeat_until == until

    click(slack_requests, "UANNA", ids.CANCEL_BOOKING, repeat, channel)

    cancelled = invitations(slack)[-1]
    assert str(cancelled.get("method")) == "CANCEL"
    assert int(event_of(cancelled).get("sequence")) == 2
    assert event_of(cancelled).get("rrule")["UNTIL"] == [until]  # the whole series
    assert live_bookings(sessions) == []


def test_two_members_repeating_at_once_make_one_series(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    [value] = values_of(booked_posts(slack, channel)[0], ids.REPEAT_BOOKING)
    go = threading.Barrier(2)

    def repeat(user: str) -> None:
        go.wait()
        click(slack_requests, user, ids.REPEAT_BOOKING, value, channel)

    threads = [threading.Thread(target=repeat, args=(user,)) for user in ("UANNA", "UBEN")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    [booking] = live_bookings(sessions)
    assert (booking.every_days, booking.sequence) == (14, 1)
    assert len(slack.files) == 2 and answers(slack).count("repeat already") == 1


def test_the_picker_books_a_series_and_a_clash_on_a_later_date_books_nothing(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, _ = start_pair(sessions, slack, slack_requests, clock)
    intro = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == channel)
    [pair_value] = values_of(intro, ids.BOOK_OTHER)
    chosen = datetime(2027, 1, 14, 13, 15, tzinfo=UTC)
    extra = a_second_group_for_anna(sessions)
    with sessions.begin() as session:  # Anna's other group meets at the third session's time
        bookings.book(session, TEAM, extra, "UANNA", chosen + 2 * FORTNIGHT, MONDAY)

    click(slack_requests, "UBEN", ids.BOOK_OTHER, pair_value, channel)
    view = slack.last("views.open").view()
    wanted = {ids.BOOKING_START: int(chosen.timestamp()), ids.BOOKING_REPEAT: ["yes"]}
    refused = slack_requests.submit("UBEN", view, wanted).json()

    assert refused["response_action"] == "errors"
    error = refused["errors"][ids.BOOKING_START]
    assert "The session on 2027-02-11 14:15 (Europe/Stockholm) is not free" in error
    with sessions() as session:
        assert [b.pair_id for b in session.scalars(select(Booking))] == [extra]
    assert slack.files == {}

    booked = slack_requests.submit(
        "UBEN", view, {**wanted, ids.BOOKING_START: int((chosen + timedelta(hours=1)).timestamp())}
    )
    assert booked.status == 200 and booked.body == ""
    [series] = invitations(slack)
    rule = event_of(series).get("rrule")
    assert (rule["FREQ"], rule["INTERVAL"]) == (["WEEKLY"], [2])
    assert int(event_of(series).get("sequence")) == 0


def test_a_clash_refuses_to_repeat_a_single_session_naming_the_date(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    first = start_of(values[0])
    extra = a_second_group_for_anna(sessions)
    with sessions.begin() as session:  # the other group meets at the second session's time
        bookings.book(session, TEAM, extra, "UANNA", first + FORTNIGHT, MONDAY)
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    [repeat] = values_of(booked_posts(slack, channel)[0], ids.REPEAT_BOOKING)

    click(slack_requests, "UBEN", ids.REPEAT_BOOKING, repeat, channel)

    told = answers(slack)
    assert f"The session on <!date^{int((first + FORTNIGHT).timestamp())}^" in told
    assert "is not free" in told
    mine = next(b for b in live_bookings(sessions) if b.pair_id != extra)
    assert (mine.every_days, mine.repeat_until, mine.sequence) == (None, None, 0)
    assert len(slack.files) == 1  # only the first invitation


def test_no_suggestion_lands_on_a_later_session_of_the_series(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    first = start_of(values[0])
    extra = a_second_group_for_anna(sessions)
    with sessions.begin() as session:  # Anna meets only in the half hour of the series
        anna = session.get(Member, (TEAM, "UANNA"))
        assert anna is not None
        local = first.astimezone(ZoneInfo("Europe/Stockholm"))
        anna.meeting_start = local.time()
        anna.meeting_end = (local + timedelta(minutes=30)).time()
        anna.meeting_days = frozenset({local.weekday()})
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    later = first + timedelta(hours=1)
    with sessions() as session:
        alone = meeting_times.for_group(session, TEAM, extra, later)
    assert first + FORTNIGHT in alone.starts  # as a single session, the next one is free
    [repeat] = values_of(booked_posts(slack, channel)[0], ids.REPEAT_BOOKING)

    click(slack_requests, "UBEN", ids.REPEAT_BOOKING, repeat, channel)

    with sessions() as session:
        found = meeting_times.for_group(session, TEAM, extra, later)
        busy = BookedTimes(session).busy(TEAM, ["UANNA"], Interval(later, later + 5 * FORTNIGHT))
    assert first + FORTNIGHT not in found.starts
    assert [b.start for b in busy] == [first + n * FORTNIGHT for n in range(1, 6)]
    for start in found.starts:
        assert all(not (b.start <= start < b.end) for b in busy)


def test_reschedule_moves_the_whole_series_and_stop_repeating_keeps_one_session(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    click(slack_requests, "UANNA", ids.BOOK_SLOT, values[0], channel)
    [value] = values_of(booked_posts(slack, channel)[0], ids.REPEAT_BOOKING)
    click(slack_requests, "UANNA", ids.REPEAT_BOOKING, value, channel)

    click(slack_requests, "UBEN", ids.RESCHEDULE, value, channel)
    moved_to = start_of(values[0]) + timedelta(days=2, hours=1)
    view = slack.last("views.open").view()
    reply = slack_requests.submit("UBEN", view, {ids.BOOKING_START: int(moved_to.timestamp())})
    assert reply.status == 200

    moved = event_of(invitations(slack)[-1])
    until = expected_until(moved_to, round_end(sessions))
    assert moved.decoded("dtstart") == moved_to and int(moved.get("sequence")) == 2
    assert moved.get("rrule")["UNTIL"] == [until]

    clock.now = moved_to + timedelta(days=1)  # after the first session: the next one stays
    click(slack_requests, "UANNA", ids.STOP_REPEATING, value, channel)
    click(slack_requests, "UANNA", ids.STOP_REPEATING, value, channel)  # again: nothing more

    single = event_of(invitations(slack)[-1])
    assert len(invitations(slack)) == 4
    assert single.get("rrule") is None and int(single.get("sequence")) == 3
    assert single.decoded("dtstart") == moved_to + FORTNIGHT
    update = slack.last("chat.update")
    assert values_of(update, ids.REPEAT_BOOKING) == [value]
    assert "until" not in str(update.blocks())
    assert "does not repeat" in answers(slack)
    kept = moved_to + FORTNIGHT - timedelta(minutes=15)
    assert {m.post_at for m in slack.pending()} == {int(kept.timestamp())}  # one per member


@pytest.mark.parametrize("locale", ["sv-SE"])
def test_a_series_in_swedish(
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
    [booked] = booked_posts(slack, channel)
    assert "Varannan vecka på den här tiden" in str(booked.blocks())
    [value] = values_of(booked, ids.REPEAT_BOOKING)

    click(slack_requests, "UBEN", ids.REPEAT_BOOKING, value, channel)
    click(slack_requests, "UBEN", ids.REPEAT_BOOKING, value, channel)

    text = str(slack.last("chat.update").blocks())
    assert "Varannan vecka till och med" in text and "Sluta upprepa" in text
    assert "Samtalen upprepas redan" in answers(slack)
    assert event_of(invitations(slack)[-1]).get("rrule")["INTERVAL"] == [2]


def test_prompts_come_on_the_booked_days_and_show_the_booked_session(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    setup_pair(sessions, slack)  # Anna in Stockholm, Ben in New York, from Monday 1 March
    first = datetime(2027, 3, 3, 15, tzinfo=UTC)  # Wednesday: 16:00 Stockholm, 10:00 New York
    with sessions() as session:
        pair_id = session.scalar(select(Pair.id))
        assert pair_id is not None
    clock.now = START
    slack_requests.act(
        "UANNA",
        {"type": "button", "action_id": ids.BOOK_OTHER, "value": str(pair_id)},
        message=("DANNA", "1700000000.000100"),
    )
    view = slack.last("views.open").view()
    wanted = {ids.BOOKING_START: int(first.timestamp()), ids.BOOKING_REPEAT: ["yes"]}
    assert slack_requests.submit("UANNA", view, wanted).status == 200
    [booking] = live_bookings(sessions)
    assert booking.every_days == 14

    ticker = make_clock(settings, database, slack)
    arrived: dict[str, list[datetime]] = {"UANNA": [], "UBEN": []}
    for day in range(21):
        for hour in (8, 9, 12, 13, 14, 16):
            now = START.replace(hour=0) + timedelta(days=day, hours=hour)
            for _ in range(2):  # twice: nothing more
                ticker.tick(now)
            for user, times in arrived.items():
                while len(prompts_to(slack, user)) > len(times):
                    times.append(now)

    second = first + FORTNIGHT  # 10:00 in Stockholm is 09:00 UTC; New York is on summer time
    assert arrived["UANNA"] == [first.replace(hour=9), second.replace(hour=9)]
    # Ben: two hours before (13:00 UTC) is 08:00 in New York on 3 March, before his hours, so
    # the prompt waits for 09:00 there (14:00 UTC); on 17 March 13:00 UTC is 09:00 there
    assert arrived["UBEN"] == [first.replace(hour=14), second.replace(hour=13)]
    prompt = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UANNA")
    text = str(prompt.blocks())
    assert f"Your next session:* <!date^{int(first.timestamp())}^" in text
    assert values_of(prompt, ids.BOOK_SLOT) == []  # no new times to book
    ben = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UBEN")
    assert "Ert nästa samtal" in str(ben.blocks())
    with sessions() as session:
        periods = sorted(
            session.scalars(
                select(Outbox.period).where(
                    Outbox.user_id == "UANNA", Outbox.kind == OutboxKind.PROMPT
                )
            )
        )
    assert periods == [
        f"pair{pair_id}/b{booking.id}/{first:%Y%m%d}",
        f"pair{pair_id}/b{booking.id}/{second:%Y%m%d}",
    ]


def test_after_the_series_is_cancelled_the_cadence_resumes_but_not_within_the_fortnight(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    clock: Clock,
):
    setup_pair(sessions, slack)
    first = datetime(2027, 3, 10, 15, tzinfo=UTC)  # Wednesday; the cadence's prompt is 15 March
    with sessions.begin() as session:
        pair_id = session.scalar(select(Pair.id))
        assert pair_id is not None
        made = bookings.book(session, TEAM, pair_id, "UANNA", first, START, repeat=True)
    ticker = make_clock(settings, database, slack)
    ticker.tick(first.replace(hour=9))
    assert len(prompts_to(slack, "UANNA")) == 1  # the session's prompt on 10 March
    with sessions.begin() as session:
        bookings.cancel(session, TEAM, made.booking.id, "UANNA", first.replace(hour=10))
    ticker.tick(datetime(2027, 3, 15, 9, tzinfo=UTC))  # the cadence's: five days later, no
    assert len(prompts_to(slack, "UANNA")) == 1
    # the next fortnight's comes as ever: due on 29 March, Easter Monday, so sent the day after
    ticker.tick(datetime(2027, 3, 29, 8, tzinfo=UTC))
    ticker.tick(datetime(2027, 3, 30, 7, tzinfo=UTC))
    assert len(prompts_to(slack, "UANNA")) == 2
    with sessions() as session:
        assert session.get(Booking, made.booking.id).status is BookingStatus.CANCELLED  # type: ignore[union-attr]
