"""When a group could meet: the times its intro and its fortnightly prompts suggest (issue 16),
found by the slot finder (bot.services.slots) in every member's own meeting hours."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import SuggestedTimes
from bot.models import Member, PairMember, Workspace
from bot.services import members, slots

DEFAULT_SESSION_MINUTES = 30


def for_group(session: Session, team_id: str, pair_id: int, now: datetime) -> SuggestedTimes:
    """Three times of the programme's session length that suit every member of the group."""
    people = session.scalars(
        select(Member)
        .join(
            PairMember,
            (PairMember.team_id == Member.team_id) & (PairMember.user_id == Member.user_id),
        )
        .where(PairMember.pair_id == pair_id, PairMember.team_id == team_id)
    ).all()
    minutes = session.scalar(select(Workspace.session_minutes).where(Workspace.team_id == team_id))
    minutes = minutes or DEFAULT_SESSION_MINUTES
    # Nobody is busy yet: bookings, the first BusySource, come with one-click booking.
    found = slots.suggest(
        [members.hours_of(person) for person in people], (), now, timedelta(minutes=minutes)
    )
    return SuggestedTimes(found.slots, minutes, found.shared)
