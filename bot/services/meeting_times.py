"""When a group could meet: the times its intro and its fortnightly prompts suggest (issue 16),
found by the slot finder (bot.services.slots) in every member's own meeting hours."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain import SuggestedTimes
from bot.services import bookings, members, slots
from bot.services.booked_times import BookedTimes


def for_group(session: Session, team_id: str, pair_id: int, now: datetime) -> SuggestedTimes:
    """Three times of the programme's session length that suit every member of the group and
    fall on none of their booked sessions."""
    people = members.group_hours(session, team_id, pair_id)
    minutes = bookings.session_minutes(session, pair_id)
    horizon = slots.Interval(now, now + timedelta(days=slots.HORIZON_DAYS + 1))
    busy = BookedTimes(session).busy(team_id, list(people), horizon)
    found = slots.suggest(list(people.values()), busy, now, timedelta(minutes=minutes))
    return SuggestedTimes(found.slots, minutes, found.shared, pair_id)
