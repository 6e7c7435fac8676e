"""Pauses that end by themselves, and each person's private "never pair me with" list."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.domain import MemberStatus
from bot.models import Avoid, Member
from bot.services.members import ensure_member
from bot.services.sql import insert_ignore

DEFAULT_PAUSE_WEEKS = 2
MAX_PAUSE_WEEKS = 26
MAX_AVOIDS = 50


class AvoidOutcome(enum.StrEnum):
    ADDED = "added"
    ALREADY = "already"
    SELF = "self"
    FULL = "full"


def is_paused(member: Member, now: datetime) -> bool:
    return member.paused_until is not None and member.paused_until > now


def pause(
    session: Session, team_id: str, user_id: str, weeks: int, now: datetime
) -> datetime | None:
    """Pause a participant for `weeks`; the end, or None if they are not taking part."""
    member = session.get(Member, (team_id, user_id))
    if member is None or member.status is not MemberStatus.ACTIVE:
        return None
    member.paused_until = now + timedelta(weeks=weeks)
    member.updated_at = now
    return member.paused_until


def resume(session: Session, team_id: str, user_id: str, now: datetime) -> bool:
    """End a pause now; False when there was none."""
    member = session.get(Member, (team_id, user_id))
    if member is None or not is_paused(member, now):
        return False
    member.paused_until = None
    member.updated_at = now
    return True


def avoid(session: Session, team_id: str, user_id: str, other: str, now: datetime) -> AvoidOutcome:
    if other == user_id:
        return AvoidOutcome.SELF
    current = avoided_by(session, team_id, user_id)
    if other in current:
        return AvoidOutcome.ALREADY
    if len(current) >= MAX_AVOIDS:
        return AvoidOutcome.FULL
    ensure_member(session, team_id, user_id, now)
    insert_ignore(
        session, Avoid, team_id=team_id, user_id=user_id, avoided_user_id=other, created_at=now
    )
    return AvoidOutcome.ADDED


def unavoid(session: Session, team_id: str, user_id: str, other: str) -> bool:
    result = session.execute(
        delete(Avoid).where(
            Avoid.team_id == team_id, Avoid.user_id == user_id, Avoid.avoided_user_id == other
        )
    )
    return bool(result.rowcount)


def avoided_by(session: Session, team_id: str, user_id: str) -> list[str]:
    return list(
        session.scalars(
            select(Avoid.avoided_user_id)
            .where(Avoid.team_id == team_id, Avoid.user_id == user_id)
            .order_by(Avoid.created_at, Avoid.avoided_user_id)
        )
    )


SNOOZE = timedelta(weeks=1)


def snooze(session: Session, team_id: str, user_id: str, now: datetime) -> datetime | None:
    """No rhythm DMs for a week; the end, or None for someone not taking part."""
    member = session.get(Member, (team_id, user_id))
    if member is None or member.status is not MemberStatus.ACTIVE:
        return None
    member.snoozed_until = now + SNOOZE
    return member.snoozed_until
