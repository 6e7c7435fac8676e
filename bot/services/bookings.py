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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain import BookingCard, BookingStatus, MeetingForm
from bot.i18n import t
from bot.models import Booking, Member, Pair, PairMember, Round, Workspace
from bot.services import members, session_messages
from bot.services.invitation import Attendee, Invitation, session_uid
from bot.services.slots import Interval
from bot.services.sql import insert_ignore

DEFAULT_SESSION_MINUTES = 30
FURTHEST = timedelta(days=120)  # the furthest ahead a session is booked (Slack schedules its
# reminder at most 120 days ahead)


class BookingRefused(ValueError):
    """A booking, move or cancellation the bot will not make; `reason` names why (an i18n key
    booking.refused_<reason>)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Booked:
    """What a click to book made: the pair's live booking, and whether this click made it (False:
    the pair had booked already, this time or another)."""

    booking: BookingCard
    created: bool


def session_minutes(session: Session, team_id: str) -> int:
    """The programme's session length in minutes."""
    minutes = session.scalar(select(Workspace.session_minutes).where(Workspace.team_id == team_id))
    return minutes or DEFAULT_SESSION_MINUTES


def book(
    session: Session, team_id: str, pair_id: int, user_id: str, start: datetime, now: datetime
) -> Booked:
    """Book the pair's session at `start` for the programme's session length; refused (raises
    BookingRefused) for someone outside a running pair, a past or too distant time, or one a
    member has booked already with another group."""
    users = _running_members(session, team_id, pair_id, user_id, now)
    _close_past(session, team_id, pair_id, now)
    existing = live(session, team_id, pair_id)
    if existing is not None:
        return Booked(existing, created=False)
    end = start + timedelta(minutes=session_minutes(session, team_id))
    _check_time(session, team_id, users, start, end, now, moving=None)
    created = insert_ignore(
        session,
        Booking,
        team_id=team_id,
        pair_id=pair_id,
        starts_at=start,
        ends_at=end,
        form=agreed_form(session, team_id, users),
        status=BookingStatus.BOOKED,
        sequence=0,
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
    """Move the live booking to `start` (same length), raising its SEQUENCE; with nothing live,
    the pair's latest past booking comes back booked at `start` ("We moved it")."""
    booking = _movable(session, team_id, booking_id)
    users = _running_members(session, team_id, booking.pair_id, user_id, now)
    end = start + (booking.ends_at - booking.starts_at)
    _check_time(session, team_id, users, start, end, now, moving=booking.id)
    booking.starts_at, booking.ends_at = start, end
    booking.status = BookingStatus.BOOKED
    _changed(booking, user_id, now)
    session.flush()
    moved = _card(session, booking)
    session_messages.plan_booking(session, moved, now)
    return moved


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


class BookedTimes:
    """The bot's own bookings as busy intervals (the first slots.BusySource)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def busy(self, team_id: str, user_ids: Sequence[str], within: Interval) -> list[Interval]:
        return [interval for _, interval in self._busy(team_id, user_ids, within)]

    def _busy(
        self, team_id: str, user_ids: Sequence[str], within: Interval
    ) -> list[tuple[int, Interval]]:
        """(booking id, interval) of each live booking of these people overlapping `within`."""
        rows = self.session.execute(
            select(Booking.id, Booking.starts_at, Booking.ends_at)
            .join(PairMember, PairMember.pair_id == Booking.pair_id)
            .where(
                Booking.team_id == team_id,
                Booking.status == BookingStatus.BOOKED,
                PairMember.team_id == team_id,
                PairMember.user_id.in_(user_ids),
                Booking.starts_at < within.end,
                Booking.ends_at > within.start,
            )
            .distinct()
            .order_by(Booking.starts_at)
        ).all()
        return [(row.id, Interval(row.starts_at, row.ends_at)) for row in rows]


def invitation(
    booking: BookingCard, attendees: Sequence[Attendee], locale: str, stamp: datetime
) -> Invitation:
    """The session's calendar invitation as it stands (cancelled ones cancel it)."""
    return Invitation(
        uid=session_uid(booking.team_id, booking.id),
        sequence=booking.sequence,
        stamp=stamp,
        start=booking.start,
        end=booking.end,
        title=t("booking.ics_title", locale),
        description=guide_line(booking, locale).replace("*", ""),  # no mrkdwn in calendars
        location=t(f"booking.form_{booking.form}", locale),
        attendees=tuple(attendees),
        cancelled=booking.status is BookingStatus.CANCELLED,
        locale=locale,
    )


def guide_line(booking: BookingCard, locale: str) -> str:
    """What the session is for: the intro's first-session guide, then a standing line."""
    return t("intro.first_session" if booking.first else "booking.guide_next", locale)


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


def _members_of(session: Session, team_id: str, pair_id: int, user_id: str) -> list[str]:
    users = members.group_of(session, team_id, pair_id)
    if user_id not in users:
        raise BookingRefused("not_member")
    return users


def _check_time(
    session: Session,
    team_id: str,
    users: list[str],
    start: datetime,
    end: datetime,
    now: datetime,
    moving: int | None,
) -> None:
    if start.tzinfo is None:
        raise BookingRefused("malformed")
    if start <= now:
        raise BookingRefused("past")
    if start > now + FURTHEST:
        raise BookingRefused("too_far")
    taken = BookedTimes(session)._busy(team_id, users, Interval(start, end))
    if any(booking_id != moving for booking_id, _ in taken):
        raise BookingRefused("not_free")


def _close_past(session: Session, team_id: str, pair_id: int, now: datetime) -> None:
    """A live booking whose time has gone by is past: the pair may book its next session."""
    session.execute(
        update(Booking)
        .where(
            Booking.team_id == team_id,
            Booking.pair_id == pair_id,
            Booking.status == BookingStatus.BOOKED,
            Booking.ends_at <= now,
        )
        .values(status=BookingStatus.PAST, updated_at=now)
    )


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
