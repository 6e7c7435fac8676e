"""A pair's booked sessions (issue 16): booking a time, moving it, cancelling it, and the busy
intervals they make, which the slot finder keeps suggestions clear of.

- A pair has at most one live (BOOKED) session, kept by a partial unique index: two members
  clicking different times at once make one booking, and the other learns which time won
  (`Booked.created` False). The same time clicked twice, or a request Slack sends again, finds
  that booking and books nothing more.
- A booking's time has not passed, and is free for every member: it overlaps no other live
  booking of theirs. Only a member of a running pair books, moves or cancels.
- The form is agreed from the members' preferences: in person only when all prefer it, video
  when any prefers video, else either.
- Every change raises the invitation's SEQUENCE, so calendars replace the event they hold.
- A booking may be a series: "every two weeks at this time" (the programme's cadence) up to
  the round's end, its dates those of bot.services.session_dates. Every session of a series is
  free for every member; a series is busy on each of its dates, live until its last session
  has ended, moved and cancelled as a whole; "Stop repeating" keeps its next session alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from bot.domain import BookingCard, BookingStatus, MeetingForm, ProgrammeSettings
from bot.models import Booking, Member, Pair, PairMember, Programme, Round
from bot.services import members, session_messages
from bot.services.booked_times import BookedTimes
from bot.services.session_dates import Span, dates, last_end, last_start, next_session
from bot.services.slots import Interval
from bot.services.sql import insert_ignore

FURTHEST = timedelta(days=120)  # the furthest ahead a session is booked (Slack schedules its
# reminder at most 120 days ahead)
DEFAULT_CADENCE_DAYS = 14


class BookingRefused(ValueError):
    """A booking, move or cancellation the bot will not make; `reason` names why (an i18n key
    booking.refused_<reason>); `on` the session of a series that is not free."""

    def __init__(self, reason: str, on: datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.on = on


@dataclass(frozen=True)
class Booked:
    """What a click to book (or to repeat, or stop repeating) made: the pair's live booking, and
    whether this click made it (False: the pair had booked already, this time or another, or
    the booking was already as asked)."""

    booking: BookingCard
    created: bool


def session_minutes(session: Session, pair_id: int | None) -> int:
    """The session length in minutes of the pair's programme."""
    minutes = session.scalar(_of_pair(Programme.session_minutes, pair_id))
    return minutes or ProgrammeSettings().session_minutes


def cadence_days(session: Session, pair_id: int | None) -> int:
    """The days between sessions of the pair's programme: what a series repeats at."""
    days = session.scalar(_of_pair(Programme.rhythm_cadence_days, pair_id))
    return days or DEFAULT_CADENCE_DAYS


def _of_pair(setting: Any, pair_id: int | None) -> Select[Any]:
    return select(setting).join(Pair, Pair.programme_id == Programme.id).where(Pair.id == pair_id)


def book(
    session: Session,
    team_id: str,
    pair_id: int,
    user_id: str,
    start: datetime,
    now: datetime,
    repeat: bool = False,
) -> Booked:
    """Book the pair's session at `start` for the programme's session length (`repeat`: and at
    this time every cadence up to the round's end); refused (raises BookingRefused) for someone
    outside a running pair, a past or too distant time, or one a member has booked already with
    another group."""
    users = _running_members(session, team_id, pair_id, user_id, now)
    _close_past(session, team_id, pair_id, now)
    existing = live(session, team_id, pair_id)
    if existing is not None:
        return Booked(existing, created=False)
    end = start + timedelta(minutes=session_minutes(session, pair_id))
    _check_start(start, now)
    every = cadence_days(session, pair_id) if repeat else None
    until = _series_until(session, pair_id, start, every) if every else None
    if repeat and until is None:
        raise BookingRefused("no_repeat")
    _check_free(session, team_id, users, Span(start, end, every, until), moving=None)
    created = insert_ignore(
        session,
        Booking,
        team_id=team_id,
        programme_id=_programme_of(session, pair_id),
        pair_id=pair_id,
        starts_at=start,
        ends_at=end,
        form=agreed_form(session, team_id, users),
        status=BookingStatus.BOOKED,
        sequence=0,
        every_days=every,
        repeat_until=until,
        booked_by=user_id,
        updated_by=user_id,
        created_at=now,
        updated_at=now,
    )
    found = live(session, team_id, pair_id)
    if found is None:  # cannot be: inserted, or another request's booking kept it out
        raise BookingRefused("not_free")
    if created:
        session_messages.plan_booking(session, found, now)
    return Booked(found, created)


def reschedule(
    session: Session, team_id: str, booking_id: int, user_id: str, start: datetime, now: datetime
) -> BookingCard:
    """Move the live booking to `start` (same length), raising its SEQUENCE; a series moves as a
    whole, from `start` up to the round's end (single when no second session fits). With
    nothing live, the pair's latest past booking comes back booked at `start` ("We moved it")."""
    booking = _movable(session, team_id, booking_id)
    users = _running_members(session, team_id, booking.pair_id, user_id, now)
    end = start + (booking.ends_at - booking.starts_at)
    _check_start(start, now)
    every = booking.every_days
    until = _series_until(session, booking.pair_id, start, every) if every else None
    _check_free(session, team_id, users, Span(start, end, every, until), moving=booking.id)
    booking.starts_at, booking.ends_at = start, end
    booking.status = BookingStatus.BOOKED
    booking.every_days, booking.repeat_until = (every if until else None), until
    _changed(booking, user_id, now)
    session.flush()
    moved = _card(session, booking)
    session_messages.plan_booking(session, moved, now)
    return moved


def repeat(session: Session, team_id: str, booking_id: int, user_id: str, now: datetime) -> Booked:
    """Make a single live session a series: at its time every cadence up to the round's end,
    raising its SEQUENCE; refused when a later session is not free for every member (naming
    it) or the round ends before a second one. A series already: nothing changes."""
    booking = _live_booking(session, team_id, booking_id)
    users = _running_members(session, team_id, booking.pair_id, user_id, now)
    if booking.every_days is not None:
        return Booked(_card(session, booking), created=False)
    if booking.ends_at <= now:
        raise BookingRefused("not_live")
    every = cadence_days(session, booking.pair_id)
    until = _series_until(session, booking.pair_id, booking.starts_at, every)
    if until is None:
        raise BookingRefused("no_repeat")
    span = Span(booking.starts_at, booking.ends_at, every, until)
    _check_free(session, team_id, users, span, moving=booking.id)
    changed = _change_once(
        session,
        booking,
        Booking.every_days.is_(None),
        user_id,
        now,
        every_days=every,
        repeat_until=until,
    )
    made = _card(session, booking)
    if changed:
        session_messages.plan_booking(session, made, now)
    return Booked(made, created=changed)


def stop_repeating(
    session: Session, team_id: str, booking_id: int, user_id: str, now: datetime
) -> Booked:
    """Make a series single again: its next session (not yet ended) alone, raising its
    SEQUENCE. Single already: nothing changes."""
    booking = _live_booking(session, team_id, booking_id)
    _members_of(session, team_id, booking.pair_id, user_id)
    if booking.every_days is None:
        return Booked(_card(session, booking), created=False)
    upcoming = next_session(_span(booking), now)
    if upcoming is None:
        raise BookingRefused("not_live")
    changed = _change_once(
        session,
        booking,
        Booking.every_days.is_not(None),
        user_id,
        now,
        starts_at=upcoming.start,
        ends_at=upcoming.end,
        every_days=None,
        repeat_until=None,
    )
    made = _card(session, booking)
    if changed:
        session_messages.plan_booking(session, made, now)
    return Booked(made, created=changed)


def cancel(
    session: Session, team_id: str, booking_id: int, user_id: str, now: datetime
) -> BookingCard:
    """Cancel the live booking, raising its SEQUENCE (the CANCEL invitation carries it)."""
    booking = _live_booking(session, team_id, booking_id)
    _members_of(session, team_id, booking.pair_id, user_id)
    booking.status = BookingStatus.CANCELLED
    _changed(booking, user_id, now)
    session.flush()
    cancelled = _card(session, booking)
    session_messages.plan_booking(session, cancelled, now)
    return cancelled


def cancel_for_pairs(
    session: Session, team_id: str, pair_ids: Iterable[int], user_id: str, now: datetime
) -> list[int]:
    """Cancel the live bookings of these pairs, which ended or lost a member (`user_id` made
    the change), in the caller's transaction: each is CANCELLED with its SEQUENCE raised and its
    reminders retired (pending ones skipped, those Slack holds deleted through the outbox); the
    ids cancelled. A booking whose sessions have all ended is past, not cancelled; a pair with
    nothing live (cancelled already) adds nothing."""
    cancelled = []
    for pair_id in pair_ids:
        _close_past(session, team_id, pair_id, now)
        booking = session.scalars(
            select(Booking)
            .where(
                Booking.team_id == team_id,
                Booking.pair_id == pair_id,
                Booking.status == BookingStatus.BOOKED,
            )
            .with_for_update()
        ).first()
        if booking is None:
            continue
        booking.status = BookingStatus.CANCELLED
        _changed(booking, user_id, now)
        session.flush()
        session_messages.plan_booking(session, _card(session, booking), now)
        cancelled.append(booking.id)
    return cancelled


def cancel_for_member(
    session: Session,
    team_id: str,
    user_id: str,
    now: datetime,
    programme_id: int | None = None,
) -> list[int]:
    """Cancel the live bookings of the person's running pairs in the programme they leave (in
    every programme when they are forgotten: `programme_id` None), as cancel_for_pairs does;
    the ids cancelled."""
    running = (
        select(Pair.id)
        .join(PairMember, PairMember.pair_id == Pair.id)
        .where(
            PairMember.team_id == team_id,
            PairMember.user_id == user_id,
            Pair.ended_at.is_(None),
        )
        .order_by(Pair.id)
    )
    if programme_id is not None:
        running = running.where(Pair.programme_id == programme_id)
    return cancel_for_pairs(session, team_id, list(session.scalars(running)), user_id, now)


def live(session: Session, team_id: str, pair_id: int) -> BookingCard | None:
    """The pair's live (booked) session, if any."""
    booking = session.scalars(
        select(Booking).where(
            Booking.team_id == team_id,
            Booking.pair_id == pair_id,
            Booking.status == BookingStatus.BOOKED,
        )
    ).first()
    return _card(session, booking) if booking is not None else None


def card(session: Session, team_id: str, booking_id: int) -> BookingCard | None:
    """A booking of the workspace, as its message shows it."""
    booking = session.get(Booking, booking_id)
    if booking is None or booking.team_id != team_id:
        return None
    return _card(session, booking)


def record_message(session: Session, team_id: str, booking_id: int, ts: str) -> None:
    """Where the Booked message went: reschedule and cancel update it."""
    session.execute(
        update(Booking)
        .where(Booking.team_id == team_id, Booking.id == booking_id)
        .values(message_ts=ts)
    )


def agreed_form(session: Session, team_id: str, users: Sequence[str]) -> MeetingForm:
    """In person only when everyone prefers it, video when anyone prefers video, else either."""
    forms = set(
        session.scalars(
            select(Member.meeting_form).where(Member.team_id == team_id, Member.user_id.in_(users))
        )
    )
    if forms == {MeetingForm.IN_PERSON}:
        return MeetingForm.IN_PERSON
    if MeetingForm.VIDEO in forms:
        return MeetingForm.VIDEO
    return MeetingForm.EITHER


def live_series(session: Session, team_id: str) -> dict[int, tuple[int, Span]]:
    """Each pair's live series, by pair id: (booking id, its dates)."""
    rows = session.scalars(
        select(Booking).where(
            Booking.team_id == team_id,
            Booking.status == BookingStatus.BOOKED,
            Booking.every_days.is_not(None),
        )
    )
    return {row.pair_id: (row.id, _span(row)) for row in rows}


def _running_members(
    session: Session, team_id: str, pair_id: int, user_id: str, now: datetime
) -> list[str]:
    """The pair's members, when `user_id` is one and the pair still runs; else refused."""
    users = _members_of(session, team_id, pair_id, user_id)
    pair = session.get(Pair, pair_id)
    round_ = session.get(Round, pair.round_id) if pair is not None else None
    if pair is None or pair.ended_at is not None or round_ is None or round_.ends_at <= now:
        raise BookingRefused("ended")
    return users


def _programme_of(session: Session, pair_id: int) -> int:
    pair = session.get(Pair, pair_id)
    assert pair is not None  # a running pair: _running_members said so
    return pair.programme_id


def _members_of(session: Session, team_id: str, pair_id: int, user_id: str) -> list[str]:
    users = members.group_of(session, team_id, pair_id)
    if user_id not in users:
        raise BookingRefused("not_member")
    return users


def _check_start(start: datetime, now: datetime) -> None:
    if start.tzinfo is None:
        raise BookingRefused("malformed")
    if start <= now:
        raise BookingRefused("past")
    if start > now + FURTHEST:
        raise BookingRefused("too_far")


def _check_free(
    session: Session, team_id: str, users: list[str], span: Span, moving: int | None
) -> None:
    """Every session of `span` overlaps no other live session of any member; else refused,
    naming the first later session that is not free."""
    wanted = list(dates(span))
    window = Interval(wanted[0].start, wanted[-1].end)
    taken = [
        interval
        for booking_id, interval in BookedTimes(session).sessions_of(team_id, users, window)
        if booking_id != moving
    ]
    for index, mine in enumerate(wanted):
        if any(other.start < mine.end and mine.start < other.end for other in taken):
            if index == 0:
                raise BookingRefused("not_free")
            raise BookingRefused("not_free_on", on=mine.start)


def _series_until(session: Session, pair_id: int, start: datetime, every: int) -> datetime | None:
    """A series' repeat_until: its last start before the pair's round ends (None: no second)."""
    pair = session.get(Pair, pair_id)
    round_ = session.get(Round, pair.round_id) if pair is not None else None
    if round_ is None:
        return None
    return last_start(start, every, round_.ends_at)


def _close_past(session: Session, team_id: str, pair_id: int, now: datetime) -> None:
    """A live booking whose last session has ended is past: the pair may book its next one."""
    for booking in session.scalars(
        select(Booking).where(
            Booking.team_id == team_id,
            Booking.pair_id == pair_id,
            Booking.status == BookingStatus.BOOKED,
            Booking.ends_at <= now,
        )
    ):
        if last_end(_span(booking)) <= now:
            booking.status = BookingStatus.PAST
            booking.updated_at = now
    session.flush()


def _live_booking(session: Session, team_id: str, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id, with_for_update=True)
    if booking is None or booking.team_id != team_id:
        raise BookingRefused("not_member")
    if booking.status is not BookingStatus.BOOKED:
        raise BookingRefused("not_live")
    return booking


def _movable(session: Session, team_id: str, booking_id: int) -> Booking:
    """The live booking, or the pair's latest past one when the pair has nothing live."""
    booking = session.get(Booking, booking_id, with_for_update=True)
    if booking is not None and booking.team_id == team_id and booking.status is BookingStatus.PAST:
        latest = session.scalar(
            select(Booking.id)
            .where(Booking.team_id == team_id, Booking.pair_id == booking.pair_id)
            .where(Booking.status != BookingStatus.CANCELLED)
            .order_by(Booking.starts_at.desc(), Booking.id.desc())
            .limit(1)
        )
        if latest == booking.id:
            return booking
    return _live_booking(session, team_id, booking_id)


def _changed(booking: Booking, user_id: str, now: datetime) -> None:
    booking.sequence += 1
    booking.updated_by = user_id
    booking.updated_at = now


def _change_once(
    session: Session,
    booking: Booking,
    still: Any,
    user_id: str,
    now: datetime,
    **values: Any,
) -> bool:
    """Change the live booking only while `still` holds, raising its SEQUENCE: of two requests
    at once, one changes it; whether this one did."""
    result = session.execute(
        update(Booking)
        .where(Booking.id == booking.id, Booking.status == BookingStatus.BOOKED, still)
        .values(
            **values,
            sequence=Booking.sequence + 1,
            updated_by=user_id,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(booking)
    return bool(result.rowcount)


def _span(booking: Booking) -> Span:
    return Span(booking.starts_at, booking.ends_at, booking.every_days, booking.repeat_until)


def _card(session: Session, booking: Booking) -> BookingCard:
    group = tuple(members.group_of(session, booking.team_id, booking.pair_id))
    earlier = session.scalar(
        select(Booking.id)
        .where(
            Booking.team_id == booking.team_id,
            Booking.pair_id == booking.pair_id,
            Booking.status == BookingStatus.PAST,
            Booking.id != booking.id,
        )
        .limit(1)
    )
    pair = session.get(Pair, booking.pair_id)
    return BookingCard(
        id=booking.id,
        team_id=booking.team_id,
        programme_id=booking.programme_id,
        pair_id=booking.pair_id,
        start=booking.starts_at,
        end=booking.ends_at,
        form=booking.form,
        status=booking.status,
        sequence=booking.sequence,
        booked_by=booking.booked_by,
        changed_by=booking.updated_by,
        members=group,
        first=earlier is None,
        conversation_id=pair.conversation_id if pair is not None else None,
        message_ts=booking.message_ts,
        every_days=booking.every_days,
        repeat_until=booking.repeat_until,
    )
