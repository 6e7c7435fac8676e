"""Pauses that end by themselves, snoozes, and each person's private "never pair me with" list:
all of them per programme."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.domain import MemberStatus
from bot.models import Avoid, ProgrammeMember
from bot.services.members import ensure_member, place_of
from bot.services.sql import insert_ignore

DEFAULT_PAUSE_WEEKS = 2
MAX_PAUSE_WEEKS = 26
MAX_AVOIDS = 50


class AvoidOutcome(enum.StrEnum):
    ADDED = "added"
    ALREADY = "already"
    SELF = "self"
    FULL = "full"


def is_paused(place: ProgrammeMember, now: datetime) -> bool:
    return place.paused_until is not None and place.paused_until > now


def _taking_part(session: Session, programme_id: int, user_id: str) -> ProgrammeMember | None:
    place = place_of(session, programme_id, user_id)
    return place if place is not None and place.status is MemberStatus.ACTIVE else None


def pause(
    session: Session, programme_id: int, user_id: str, weeks: int, now: datetime
) -> datetime | None:
    """Pause a participant of the programme for `weeks`; the end, or None if they are not
    taking part."""
    place = _taking_part(session, programme_id, user_id)
    if place is None:
        return None
    place.paused_until = now + timedelta(weeks=weeks)
    return place.paused_until


def resume(session: Session, programme_id: int, user_id: str, now: datetime) -> bool:
    """End a pause now; False when there was none."""
    place = place_of(session, programme_id, user_id)
    if place is None or not is_paused(place, now):
        return False
    place.paused_until = None
    return True


def avoid(
    session: Session, team_id: str, programme_id: int, user_id: str, other: str, now: datetime
) -> AvoidOutcome:
    if other == user_id:
        return AvoidOutcome.SELF
    current = avoided_by(session, programme_id, user_id)
    if other in current:
        return AvoidOutcome.ALREADY
    if len(current) >= MAX_AVOIDS:
        return AvoidOutcome.FULL
    ensure_member(session, team_id, user_id, now)
    insert_ignore(
        session,
        Avoid,
        team_id=team_id,
        programme_id=programme_id,
        user_id=user_id,
        avoided_user_id=other,
        created_at=now,
    )
    return AvoidOutcome.ADDED


def unavoid(session: Session, programme_id: int, user_id: str, other: str) -> bool:
    result = session.execute(
        delete(Avoid).where(
            Avoid.programme_id == programme_id,
            Avoid.user_id == user_id,
            Avoid.avoided_user_id == other,
        )
    )
    return bool(result.rowcount)


def avoided_by(session: Session, programme_id: int, user_id: str) -> list[str]:
    return list(
        session.scalars(
            select(Avoid.avoided_user_id)
            .where(Avoid.programme_id == programme_id, Avoid.user_id == user_id)
            .order_by(Avoid.created_at, Avoid.avoided_user_id)
        )
    )


SNOOZE = timedelta(weeks=1)


def snooze(session: Session, programme_id: int, user_id: str, now: datetime) -> datetime | None:
    """No rhythm DMs of the programme for a week; the end, or None for someone not taking
    part."""
    place = _taking_part(session, programme_id, user_id)
    if place is None:
        return None
    place.snoozed_until = now + SNOOZE
    return place.snoozed_until
