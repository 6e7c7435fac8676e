"""When a group could meet: the times its intro and its fortnightly prompts suggest (issue 16),
found by the slot finder (bot.services.slots) in every member's own meeting hours."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import SuggestedTimes
from bot.models import Member, PairMember
from bot.services import bookings, members, slots


def for_group(session: Session, team_id: str, pair_id: int, now: datetime) -> SuggestedTimes:
    """Three times of the programme's session length that suit every member of the group and
    fall on none of their booked sessions."""
    people = session.scalars(
        select(Member)
        .join(
            PairMember,
            (PairMember.team_id == Member.team_id) & (PairMember.user_id == Member.user_id),
        )
        .where(PairMember.pair_id == pair_id, PairMember.team_id == team_id)
    ).all()
    minutes = bookings.session_minutes(session, team_id)
    horizon = slots.Interval(now, now + timedelta(days=slots.HORIZON_DAYS + 1))
    busy = bookings.BookedTimes(session).busy(team_id, [p.user_id for p in people], horizon)
    found = slots.suggest(
        [members.hours_of(person) for person in people], busy, now, timedelta(minutes=minutes)
    )
    return SuggestedTimes(found.slots, minutes, found.shared, pair_id)
