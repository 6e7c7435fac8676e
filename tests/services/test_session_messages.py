"""Planning a booked session's outbox rows (bot.services.session_messages): each member's
reminder and "Did you meet?", planned once however often, retired when the booking changes,
and a series' later sessions planned by the clock as they come within Slack's 120 days."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.domain import BookingStatus, OutboxKind, OutboxStatus
from bot.models import Booking, Outbox, Pair, PairMember
from bot.services import bookings, rhythm, session_messages
from bot.services.bookings import BookingRefused
from bot.services.outbox import Claimed
from tests.services.test_bookings import SLOT, partner
from tests.services.test_rounds import NOW, TEAM, join, run_round

LEAD = timedelta(minutes=15)
KINDS = (OutboxKind.SESSION_REMINDER, OutboxKind.MET_CHECK, OutboxKind.UNSCHEDULE)


def rows(sessions: sessionmaker[Session]) -> list[Outbox]:
    with sessions() as session:
        return list(
            session.scalars(select(Outbox).where(Outbox.kind.in_(KINDS)).order_by(Outbox.id))
        )


def of(found: list[Outbox], kind: OutboxKind) -> list[Outbox]:
    return [row for row in found if row.kind is kind]


def claimed(row: Outbox) -> Claimed:
    return Claimed(
        row.id,
        row.team_id,
        row.programme_id,
        row.user_id,
        row.kind,
        row.ref_id,
        row.number,
        1,
        None,
    )


@pytest.fixture
def pair_ids(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Two pairs (UA, UB, UC and UD): each member's pair id."""
    with sessions.begin() as session:
        for user, department in (("UA", "Finance"), ("UB", "Sales"), ("UC", "IT"), ("UD", "HR")):
            join(session, user, department)
    round_ = run_round(sessions)
    with sessions() as session:
        found = session.execute(
            select(PairMember.user_id, PairMember.pair_id)
            .join(Pair)
            .where(Pair.round_id == round_.id)
        )
        return {user: pair_id for user, pair_id in found}


def make_series(sessions: sessionmaker[Session], booking_id: int, every: int, days: int) -> None:
    """The booking repeats every `every` days for `days` days (as a series booking stores it)."""
    with sessions.begin() as session:
        booking = session.get(Booking, booking_id)
        assert booking is not None
        booking.every_days = every
        booking.repeat_until = booking.starts_at + timedelta(days=days)


def test_a_booking_plans_each_members_reminder_and_question_once(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    with sessions.begin() as session:
        booking = bookings.book(session, TEAM, pair_ids["UA"], "UA", SLOT, NOW).booking
    planned = rows(sessions)
    with sessions.begin() as session:
        again = session_messages.plan_booking(session, booking, NOW)
        again += rhythm.plan(session, TEAM, NOW)  # the clock plans nothing more either

    assert again == 0 and len(rows(sessions)) == 4
    reminders = of(planned, OutboxKind.SESSION_REMINDER)
    assert sorted(r.user_id for r in reminders) == sorted(["UA", partner(pair_ids, "UA")])
    for row in reminders:
        assert (row.due_at, row.next_attempt_at) == (SLOT - LEAD, NOW)  # scheduled at once
        assert (row.ref_id, row.number, row.status) == (booking.id, 0, OutboxStatus.PENDING)
    for row in of(planned, OutboxKind.MET_CHECK):
        assert row.due_at == row.next_attempt_at == SLOT + timedelta(minutes=30)


def test_a_move_skips_pending_reminders_and_deletes_scheduled_ones(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    with sessions.begin() as session:
        booking = bookings.book(session, TEAM, pair_ids["UA"], "UA", SLOT, NOW).booking
    with sessions.begin() as session:  # Slack holds UA's reminder already
        row = session.scalars(
            select(Outbox).where(Outbox.kind == OutboxKind.SESSION_REMINDER, Outbox.user_id == "UA")
        ).one()
        row.status, row.channel, row.ts = OutboxStatus.SENT, "DUA", "Q1"
        scheduled_id = row.id

    later = SLOT + timedelta(days=1)
    with sessions.begin() as session:
        moved = bookings.reschedule(session, TEAM, booking.id, "UA", later, NOW)
    with sessions.begin() as session:
        assert session_messages.plan_booking(session, moved, NOW) == 0

    found = rows(sessions)
    old = [r for r in of(found, OutboxKind.SESSION_REMINDER) if r.number == 0]
    assert {(r.user_id, r.status) for r in old} == {
        ("UA", OutboxStatus.SENT),
        (partner(pair_ids, "UA"), OutboxStatus.SKIPPED),
    }
    [delete] = of(found, OutboxKind.UNSCHEDULE)
    assert (delete.ref_id, delete.user_id, delete.next_attempt_at) == (scheduled_id, "UA", NOW)
    new = [r for r in of(found, OutboxKind.SESSION_REMINDER) if r.number == 1]
    assert len(new) == 2 and {r.due_at for r in new} == {later - LEAD}

    with sessions.begin() as session:
        bookings.cancel(session, TEAM, booking.id, "UA", NOW)
    found = rows(sessions)
    assert {r.status for r in of(found, OutboxKind.SESSION_REMINDER) if r.number == 1} == {
        OutboxStatus.SKIPPED
    }
    assert len(of(found, OutboxKind.UNSCHEDULE)) == 1  # deleted once, however often retired


def test_what_a_row_says_is_wanted_only_while_the_booking_keeps_that_session(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    with sessions.begin() as session:
        booking = bookings.book(session, TEAM, pair_ids["UA"], "UA", SLOT, NOW).booking
    reminder, question = (of(rows(sessions), kind)[0] for kind in KINDS[:2])
    with sessions() as session:
        card = bookings.card(session, TEAM, booking.id)
        note = session_messages.note_for(session, claimed(reminder), card, NOW)
        asked = session_messages.note_for(session, claimed(question), card, SLOT + LEAD)
    assert note is not None and asked is not None
    assert (note.start, note.end, asked.start) == (SLOT, SLOT + timedelta(minutes=30), SLOT)
    assert note.partners == (partner(pair_ids, reminder.user_id),)

    with sessions.begin() as session:
        bookings.cancel(session, TEAM, booking.id, "UA", NOW)
    with sessions() as session:
        card = bookings.card(session, TEAM, booking.id)
        assert session_messages.note_for(session, claimed(reminder), card, NOW) is None
        assert session_messages.note_for(session, claimed(question), card, SLOT + LEAD) is None


def test_a_series_is_planned_within_120_days_and_the_clock_plans_the_rest_as_they_come(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    with sessions.begin() as session:
        booking = bookings.book(session, TEAM, pair_ids["UA"], "UA", SLOT, NOW).booking
    make_series(sessions, booking.id, every=14, days=14 * 12)  # 13 sessions
    with sessions.begin() as session:
        card = bookings.card(session, TEAM, booking.id)
        assert card is not None
        session_messages.plan_booking(session, card, NOW)

    def planned() -> list[datetime]:
        return sorted({r.due_at for r in of(rows(sessions), OutboxKind.SESSION_REMINDER)})

    every = [SLOT + timedelta(days=14 * n) - LEAD for n in range(13)]
    within = [moment for moment in every if moment <= NOW + timedelta(days=120)]
    assert planned() == within and len(within) == 9
    with sessions() as session:
        assert session_messages.series_to_plan(session, TEAM, NOW) == []

    month = NOW + timedelta(days=30)
    with sessions() as session:
        assert session_messages.series_to_plan(session, TEAM, month) == [booking.id]
    before = len(rows(sessions))
    with sessions.begin() as session:
        rhythm.plan(session, TEAM, month)
    added = len(rows(sessions)) - before
    with sessions.begin() as session:
        assert session_messages.series_to_plan(session, TEAM, month) == []
        assert rhythm.plan(session, TEAM, month) == 0  # planning twice adds nothing

    later = [moment for moment in every if moment <= month + timedelta(days=120)]
    assert planned() == later and len(later) == 11
    assert added == 4 * (len(later) - len(within))  # a reminder and a question each, two members


def test_a_past_session_that_was_moved_comes_back_booked_but_an_older_one_does_not(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    pair = pair_ids["UA"]
    held = []
    for n in range(2):  # two sessions held: booking the next marks the one before past
        with sessions.begin() as session:
            start = SLOT + timedelta(days=14 * n)
            booked = bookings.book(session, TEAM, pair, "UA", start, start - timedelta(days=1))
            held.append(booked.booking.id)
    after = SLOT + timedelta(days=14, hours=1)
    with sessions.begin() as session:  # a third booked and cancelled: the second is past too
        third = bookings.book(session, TEAM, pair, "UA", SLOT + timedelta(days=20), after)
        bookings.cancel(session, TEAM, third.booking.id, "UA", after)
    new_time = SLOT + timedelta(days=16)

    for booking_id in (held[0], third.booking.id):  # an older past one, a cancelled one
        with sessions.begin() as session, pytest.raises(BookingRefused) as refused:
            bookings.reschedule(session, TEAM, booking_id, "UA", new_time, after)
        assert refused.value.reason == "not_live"
    with sessions.begin() as session:
        moved = bookings.reschedule(session, TEAM, held[1], "UA", new_time, after)

    assert (moved.id, moved.status, moved.sequence) == (held[1], BookingStatus.BOOKED, 1)
    assert moved.start == new_time
    with sessions() as session:
        reminders = session.scalars(
            select(Outbox).where(Outbox.ref_id == held[1], Outbox.number == 1)
        ).all()
    assert {r.due_at for r in reminders} == {new_time - LEAD}


def test_cancelling_for_ended_pairs_cancels_once_and_retires_the_reminders(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    other = partner(pair_ids, "UA")
    with sessions.begin() as session:
        booking = bookings.book(session, TEAM, pair_ids["UA"], "UA", SLOT, NOW).booking
    with sessions.begin() as session:  # Slack holds UA's reminder already
        row = session.scalars(
            select(Outbox).where(Outbox.kind == OutboxKind.SESSION_REMINDER, Outbox.user_id == "UA")
        ).one()
        row.status, row.channel, row.ts = OutboxStatus.SENT, "DUA", "Q1"

    with sessions.begin() as session:
        first = bookings.cancel_for_pairs(session, TEAM, [pair_ids["UA"]], other, NOW)
    with sessions.begin() as session:
        again = bookings.cancel_for_pairs(session, TEAM, [pair_ids["UA"]], other, NOW)
        for_member = bookings.cancel_for_member(session, TEAM, "UA", NOW)

    assert (first, again, for_member) == ([booking.id], [], [])
    with sessions() as session:
        stored = session.get(Booking, booking.id)
        assert stored is not None
        assert (stored.status, stored.sequence, stored.updated_by) == (
            BookingStatus.CANCELLED,
            1,
            other,
        )
    found = rows(sessions)
    reminders = {r.user_id: r.status for r in of(found, OutboxKind.SESSION_REMINDER)}
    assert reminders == {"UA": OutboxStatus.SENT, other: OutboxStatus.SKIPPED}
    [delete] = of(found, OutboxKind.UNSCHEDULE)  # deleted once, however often cancelled
    assert (delete.user_id, delete.ref_id) == ("UA", row.id)
    with sessions() as session:  # "Did you meet?" is not asked about a cancelled session
        [met] = of(found, OutboxKind.MET_CHECK)[:1]
        card = bookings.card(session, TEAM, booking.id)
        assert session_messages.note_for(session, claimed(met), card, NOW) is None


def test_cancelling_for_a_member_takes_only_their_running_pairs_live_bookings(
    sessions: sessionmaker[Session], pair_ids: dict[str, int]
):
    carl = next(u for u in pair_ids if pair_ids[u] != pair_ids["UA"])
    with sessions.begin() as session:
        mine = bookings.book(session, TEAM, pair_ids["UA"], "UA", SLOT, NOW).booking
        theirs = bookings.book(session, TEAM, pair_ids[carl], carl, SLOT, NOW).booking
    with sessions.begin() as session:
        cancelled = bookings.cancel_for_member(session, TEAM, "UA", NOW)
    assert cancelled == [mine.id]
    with sessions() as session:
        assert bookings.live(session, TEAM, pair_ids[carl]) == bookings.card(
            session, TEAM, theirs.id
        )

    # a booking whose session has ended is past, not cancelled
    after = SLOT + timedelta(hours=1)
    with sessions.begin() as session:
        assert bookings.cancel_for_member(session, TEAM, carl, after) == []
        stored = session.get(Booking, theirs.id)
        assert stored is not None and stored.status is BookingStatus.PAST
