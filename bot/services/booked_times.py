"""The bot's own bookings as busy intervals: the first `slots.BusySource` (a calendar's
free/busy would be another), and the clash check of a booking."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.domain import BookingStatus
from bot.models import Booking, PairMember
from bot.services.session_dates import Span, between
from bot.services.slots import Interval

LONGEST = timedelta(days=1)  # longer than any session: how far before a window a series' last
# start may lie and its session still overlap the window


class BookedTimes:
    """The bot's own bookings as busy intervals (the first slots.BusySource): every session of a
    series that overlaps the window."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def busy(self, team_id: str, user_ids: Sequence[str], within: Interval) -> list[Interval]:
        return [interval for _, interval in self.sessions_of(team_id, user_ids, within)]

    def sessions_of(
        self, team_id: str, user_ids: Sequence[str], within: Interval
    ) -> list[tuple[int, Interval]]:
        """(booking id, interval) of each live session of these people overlapping `within`."""
        rows = self.session.execute(
            select(
                Booking.id,
                Booking.starts_at,
                Booking.ends_at,
                Booking.every_days,
                Booking.repeat_until,
            )
            .join(PairMember, PairMember.pair_id == Booking.pair_id)
            .where(
                Booking.team_id == team_id,
                Booking.status == BookingStatus.BOOKED,
                PairMember.team_id == team_id,
                PairMember.user_id.in_(user_ids),
                Booking.starts_at < within.end,
                or_(
                    Booking.ends_at > within.start,
                    Booking.repeat_until > within.start - LONGEST,
                ),
            )
            .distinct()
        ).all()
        found = [
            (row.id, interval)
            for row in rows
            for interval in between(
                Span(row.starts_at, row.ends_at, row.every_days, row.repeat_until),
                within.start,
                within.end,
            )
        ]
        return sorted(found, key=lambda item: item[1].start)
