"""Bookings in the database: one live booking a pair, free times only, moves and cancels
raise the SEQUENCE, and suggestions keep clear of what is booked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.domain import BookingStatus, MeetingForm
from bot.models import Member, Pair, PairMember
from bot.services import bookings, meeting_times
from bot.services.booked_times import BookedTimes
from bot.services.bookings import BookingRefused
from bot.services.slots import Interval
from tests.services.test_rounds import NOW, TEAM, join, run_round

SLOT = datetime(2026, 11, 25, 13, tzinfo=UTC)  # a Wednesday, 14:00 in Stockholm


@pytest.fixture
def pair_ids(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Two pairs (Anna and Ben, Carl and Dora): each member's pair id."""
    with sessions.begin() as session:
        for user, department in (("UA", "Finance"), ("UB", "Sales"), ("UC", "IT"), ("UD", "HR")):
            join(session, user, department)
    round_ = run_round(sessions)
    with sessions() as session:
        rows = session.execute(
            select(PairMember.user_id, PairMember.pair_id)
            .join(Pair)
            .where(Pair.round_id == round_.id)
        )
        return {user: pair_id for user, pair_id in rows}


def partner(pair_ids: dict[str, int], user: str) -> str:
    return next(u for u, p in pair_ids.items() if p == pair_ids[user] and u != user)


def test_a_booking_is_made_once_and_a_second_click_is_told_the_time_that_won(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    pair = pair_ids["UA"]
    other = partner(pair_ids, "UA")
    with sessions.begin() as session:
        first = bookings.book(session, TEAM, pair, "UA", SLOT, NOW)
    with sessions.begin() as session:
        again = bookings.book(session, TEAM, pair, "UA", SLOT, NOW)  # a double click, a retry
        rival = bookings.book(session, TEAM, pair, other, SLOT + timedelta(days=1), NOW)

    assert first.created and not again.created and not rival.created
    assert again.booking == first.booking == rival.booking
    booking = first.booking
    assert (booking.start, booking.end) == (SLOT, SLOT + timedelta(minutes=30))
    assert booking.status is BookingStatus.BOOKED and booking.sequence == 0
    assert booking.first and booking.booked_by == "UA"
    assert set(booking.members) == {"UA", other}


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        (NOW - timedelta(minutes=1), "past"),
        (NOW, "past"),
        (NOW + timedelta(days=121), "too_far"),
    ],
)
def test_a_past_or_distant_time_books_nothing(
    sessions: sessionmaker[Session], pair_ids: dict[str, int], start: datetime, reason: str
):
    with sessions.begin() as session, pytest.raises(BookingRefused) as refused:
        bookings.book(session, TEAM, pair_ids["UA"], "UA", start, NOW)
    assert refused.value.reason == reason
    with sessions() as session:
        assert bookings.live(session, TEAM, pair_ids["UA"]) is None


def test_someone_outside_the_pair_or_a_pair_that_ended_books_nothing(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    pair = pair_ids["UA"]
    outsider = next(u for u in pair_ids if pair_ids[u] != pair)
    with sessions.begin() as session, pytest.raises(BookingRefused) as refused:
        bookings.book(session, TEAM, pair, outsider, SLOT, NOW)
    assert refused.value.reason == "not_member"
    with sessions.begin() as session, pytest.raises(BookingRefused) as refused:
        bookings.book(session, "T0OTHER", pair, "UA", SLOT, NOW)  # another workspace's pair
    assert refused.value.reason == "not_member"
    with sessions.begin() as session:
        ended = session.get(Pair, pair)
        assert ended is not None
        ended.ended_at = NOW
    with sessions.begin() as session, pytest.raises(BookingRefused) as refused:
        bookings.book(session, TEAM, pair, "UA", SLOT, NOW + timedelta(hours=1))
    assert refused.value.reason == "ended"
    with sessions.begin() as session, pytest.raises(BookingRefused) as refused:
        bookings.book(session, TEAM, pair_ids["UB"], "UB", SLOT, NOW + timedelta(weeks=13))
    assert refused.value.reason == "ended"  # the round is over


def test_a_time_a_member_has_booked_with_another_group_is_not_free(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    with sessions.begin() as session:  # Anna is in a second group too (a partner change)
        pair = session.get(Pair, pair_ids["UA"])
        assert pair is not None
        extra = Pair(
            team_id=TEAM,
            programme_id=pair.programme_id,
            round_id=pair.round_id,
            score=1.0,
            reasons={},
            starts_at=NOW,
        )
        session.add(extra)
        session.flush()
        session.add(PairMember(pair_id=extra.id, user_id="UA", team_id=TEAM, coach_order=2))
        extra_id = extra.id
    with sessions.begin() as session:
        bookings.book(session, TEAM, pair_ids["UA"], "UA", SLOT, NOW)
    with sessions.begin() as session, pytest.raises(BookingRefused) as refused:
        bookings.book(session, TEAM, extra_id, "UA", SLOT + timedelta(minutes=15), NOW)
    assert refused.value.reason == "not_free"
    with sessions.begin() as session:  # right after it is free
        assert bookings.book(session, TEAM, extra_id, "UA", SLOT + timedelta(minutes=30), NOW)


def test_reschedule_moves_the_booking_and_raises_the_sequence_and_cancel_frees_the_pair(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    pair = pair_ids["UA"]
    other = partner(pair_ids, "UA")
    with sessions.begin() as session:
        booking = bookings.book(session, TEAM, pair, "UA", SLOT, NOW).booking
    later = SLOT + timedelta(days=2)
    with sessions.begin() as session:
        moved = bookings.reschedule(session, TEAM, booking.id, other, later, NOW)
        with pytest.raises(BookingRefused) as refused:
            bookings.reschedule(session, TEAM, booking.id, "UA", NOW - timedelta(hours=1), NOW)
    assert refused.value.reason == "past"
    assert (moved.id, moved.start, moved.end) == (booking.id, later, later + timedelta(minutes=30))
    assert moved.sequence == 1 and moved.changed_by == other
    with sessions.begin() as session, pytest.raises(BookingRefused) as refused:
        outsider = next(u for u in pair_ids if pair_ids[u] != pair)
        bookings.cancel(session, TEAM, booking.id, outsider, NOW)  # not theirs
    assert refused.value.reason == "not_member"
    with sessions.begin() as session:
        cancelled = bookings.cancel(session, TEAM, booking.id, "UA", NOW)
    assert cancelled.status is BookingStatus.CANCELLED and cancelled.sequence == 2
    with sessions.begin() as session, pytest.raises(BookingRefused) as refused:
        bookings.cancel(session, TEAM, booking.id, "UA", NOW)  # cancelled twice: once
    assert refused.value.reason == "not_live"
    with sessions.begin() as session:
        again = bookings.book(session, TEAM, pair, "UA", SLOT, NOW)
    assert again.created and again.booking.id != booking.id and again.booking.first


def test_once_its_time_has_passed_the_pair_books_its_next_session(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    pair = pair_ids["UA"]
    with sessions.begin() as session:
        bookings.book(session, TEAM, pair, "UA", SLOT, NOW)
    after = SLOT + timedelta(hours=1)
    with sessions.begin() as session:
        following = bookings.book(session, TEAM, pair, "UA", SLOT + timedelta(days=14), after)
    assert following.created and not following.booking.first


@pytest.mark.parametrize(
    ("forms", "agreed"),
    [
        ((MeetingForm.IN_PERSON, MeetingForm.IN_PERSON), MeetingForm.IN_PERSON),
        ((MeetingForm.IN_PERSON, MeetingForm.EITHER), MeetingForm.EITHER),
        ((MeetingForm.IN_PERSON, MeetingForm.VIDEO), MeetingForm.VIDEO),
        ((MeetingForm.EITHER, MeetingForm.VIDEO), MeetingForm.VIDEO),
        ((MeetingForm.EITHER, MeetingForm.EITHER), MeetingForm.EITHER),
    ],
)
def test_the_form_is_agreed_from_the_members_preferences(
    sessions: sessionmaker[Session],
    pair_ids: dict[str, int],
    forms: tuple[MeetingForm, MeetingForm],
    agreed: MeetingForm,
):
    other = partner(pair_ids, "UA")
    with sessions.begin() as session:
        for user, form in zip(("UA", other), forms, strict=True):
            member = session.get(Member, (TEAM, user))
            assert member is not None
            member.meeting_form = form
    with sessions.begin() as session:
        assert bookings.book(session, TEAM, pair_ids["UA"], "UA", SLOT, NOW).booking.form is agreed


def test_booked_sessions_are_busy_and_suggestions_keep_clear_of_them(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    with sessions() as session:
        suggested = meeting_times.for_group(session, TEAM, pair_ids["UA"], NOW).starts
    assert suggested and suggested[0] > NOW
    taken = suggested[0]
    with sessions.begin() as session:
        bookings.book(session, TEAM, pair_ids["UA"], "UA", taken, NOW)
    outsider = next(u for u in pair_ids if pair_ids[u] != pair_ids["UA"])
    with sessions() as session:
        busy = BookedTimes(session)
        assert busy.busy(TEAM, ["UA", outsider], Interval(NOW, NOW + timedelta(days=14))) == [
            Interval(taken, taken + timedelta(minutes=30))
        ]
        assert busy.busy(TEAM, [outsider], Interval(NOW, NOW + timedelta(days=14))) == []
        assert busy.busy(TEAM, ["UA"], Interval(NOW, taken)) == []
        again = meeting_times.for_group(session, TEAM, pair_ids["UA"], NOW)
    assert again.pair_id == pair_ids["UA"]
    assert all(
        start + timedelta(minutes=30) <= taken or start >= taken + timedelta(minutes=30)
        for start in again.starts
    )
