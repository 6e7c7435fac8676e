"""Answers to "Did you meet?" after a booked session (issue 16, item 5): which session a button
names, and No recorded as a session not held, the way a check-in records it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import Attendance, BookingStatus, CheckinInput
from bot.models import CheckinLog, Meeting, Member
from bot.services import bookings, checkins, members


@dataclass(frozen=True)
class AskedSession:
    """The session a "Did you meet?" button names, as the member who clicked sees it."""

    booking_id: int
    pair_id: int
    start: datetime
    minutes: int
    day: date  # the session's date where the member is


def asked(
    session: Session, team_id: str, user_id: str, booking_id: int, start: datetime
) -> AskedSession | None:
    """The session, when the clicker is one of its group and it was not cancelled."""
    booking = bookings.card(session, team_id, booking_id)
    if booking is None or user_id not in booking.members:
        return None
    if booking.status is BookingStatus.CANCELLED:
        return None
    member = session.get(Member, (team_id, user_id))
    day = members.local_today(member, start) if member is not None else start.date()
    minutes = int((booking.end - booking.start).total_seconds() // 60)
    return AskedSession(booking.id, booking.pair_id, start, minutes, day)


def not_held(
    session: Session, team_id: str, user_id: str, asked: AskedSession, now: datetime
) -> bool:
    """Record that the session did not take place (the member's check-in for its date, the
    session cancelled), unless they logged that date already; True when this call recorded it."""
    logged = session.scalar(
        select(CheckinLog.id)
        .join(Meeting, Meeting.id == CheckinLog.meeting_id)
        .where(
            Meeting.pair_id == asked.pair_id,
            CheckinLog.author == user_id,
            CheckinLog.session_date == asked.day,
        )
        .limit(1)
    )
    if logged is not None:
        return False
    checkin = CheckinInput(
        attendance=Attendance.CANCELLED,
        session_date=asked.day,
        minutes=None,
        coach=None,
        worked_on="",
        learned="",
        next_step="",
        rating=None,
        goal_statuses={},
    )
    checkins.record(session, team_id, user_id, asked.pair_id, checkin, now)
    return True
