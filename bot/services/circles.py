"""Circles of a circles programme: making one, its members and their turns to facilitate,
joining one with room, leaving and closing.

A person has at most one open place in a circle a programme (a partial unique index, so two
joins at once place them once). The facilitator rotates every session as the coach rotates
in pairs: the members in the order of their turn (`rotation`, 0 first), and the n-th session
(from 0) is facilitated by the member n places on, counting only those still in the circle.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain import CIRCLE_SIZES
from bot.models import Circle, CircleMember, CircleSession, CircleSkill

MIN_SIZE, MAX_SIZE = CIRCLE_SIZES


class JoinOutcome(enum.StrEnum):
    JOINED = "joined"
    ALREADY_IN = "already_in"  # in this circle already: nothing changes
    IN_ANOTHER = "in_another"  # in another open circle of the programme
    FULL = "full"
    CLOSED = "closed"  # closed, gone, or of another workspace or programme


def open_circles(session: Session, programme_id: int) -> list[Circle]:
    """The programme's open circles, oldest first."""
    return list(
        session.scalars(
            select(Circle)
            .where(Circle.programme_id == programme_id, Circle.closed_at.is_(None))
            .order_by(Circle.id)
        )
    )


def circle_of(session: Session, programme_id: int, user_id: str) -> Circle | None:
    """The open circle someone is in, in this programme."""
    return session.scalar(
        select(Circle)
        .join(CircleMember, CircleMember.circle_id == Circle.id)
        .where(
            CircleMember.programme_id == programme_id,
            CircleMember.user_id == user_id,
            CircleMember.left_at.is_(None),
        )
    )


def members(session: Session, circle_id: int) -> list[CircleMember]:
    """Who is in the circle now, in the order of their turn to facilitate."""
    return list(
        session.scalars(
            select(CircleMember)
            .where(CircleMember.circle_id == circle_id, CircleMember.left_at.is_(None))
            .order_by(CircleMember.rotation, CircleMember.user_id)
        )
    )


def member_counts(session: Session, circle_ids: Sequence[int]) -> dict[int, int]:
    """How many people are in each of these circles now."""
    if not circle_ids:
        return {}
    rows = session.execute(
        select(CircleMember.circle_id, func.count())
        .where(CircleMember.circle_id.in_(circle_ids), CircleMember.left_at.is_(None))
        .group_by(CircleMember.circle_id)
    )
    return {circle_id: count for circle_id, count in rows}


def skills_of(session: Session, circle_id: int) -> list[str]:
    return list(
        session.scalars(
            select(CircleSkill.skill)
            .where(CircleSkill.circle_id == circle_id)
            .order_by(CircleSkill.skill)
        )
    )


def sessions_held(session: Session, circle_id: int) -> int:
    """The sessions the circle logged (each once, however many members logged it)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(CircleSession)
            .where(CircleSession.circle_id == circle_id)
        )
        or 0
    )


def facilitator(rotation: Sequence[str], session_number: int) -> str | None:
    """Who facilitates the circle's session `session_number` (from 0), the members given in
    the order of their turn: each session the next one, round and round."""
    return rotation[session_number % len(rotation)] if rotation else None


def next_facilitator(session: Session, circle_id: int) -> str | None:
    """Who facilitates the circle's next session."""
    rotation = [m.user_id for m in members(session, circle_id)]
    return facilitator(rotation, sessions_held(session, circle_id))


def create(
    session: Session,
    *,
    team_id: str,
    programme_id: int,
    topic: str,
    description: str,
    skills: Sequence[str],
    min_size: int,
    max_size: int,
    people: Sequence[str],
    first_facilitator: str | None,
    origin: str,
    by: str,
    now: datetime,
) -> tuple[Circle, bool]:
    """Make a circle with these people (the first facilitator takes the first turn, the rest
    follow in the order given), or find the one `origin` made already: (circle, made now).
    People in another open circle of the programme are not placed in this one."""
    if not MIN_SIZE <= min_size <= max_size <= MAX_SIZE or len(people) > max_size:
        raise ValueError(f"a circle has {MIN_SIZE}-{MAX_SIZE} people, min <= max")
    made = session.scalar(select(Circle).where(Circle.team_id == team_id, Circle.origin == origin))
    if made is not None:
        return made, False
    circle = Circle(
        team_id=team_id,
        programme_id=programme_id,
        topic=topic,
        description=description,
        min_size=min_size,
        max_size=max_size,
        origin=origin,
        created_by=by,
        created_at=now,
    )
    session.add(circle)
    session.flush()
    session.add_all(
        CircleSkill(circle_id=circle.id, skill=skill, team_id=team_id)
        for skill in dict.fromkeys(skills)
    )
    ordered = list(dict.fromkeys(people))
    if first_facilitator in ordered:
        ordered.remove(first_facilitator)
        ordered.insert(0, first_facilitator)
    for user_id in ordered:
        if circle_of(session, programme_id, user_id) is None:
            _place(session, circle, user_id, now)
    session.flush()
    return circle, True


def _place(session: Session, circle: Circle, user_id: str, now: datetime) -> CircleMember:
    turn = session.scalar(
        select(func.max(CircleMember.rotation)).where(CircleMember.circle_id == circle.id)
    )
    place = session.get(CircleMember, (circle.id, user_id))
    if place is None:
        place = CircleMember(
            circle_id=circle.id,
            user_id=user_id,
            team_id=circle.team_id,
            programme_id=circle.programme_id,
            in_channel=False,
        )
        session.add(place)
    place.rotation = 0 if turn is None else turn + 1
    place.joined_at, place.left_at = now, None
    session.flush()
    return place


def join(
    session: Session, team_id: str, programme_id: int, circle_id: int, user_id: str, now: datetime
) -> JoinOutcome:
    """Take a place in a circle with room; the newcomer's turn to facilitate comes last."""
    circle = session.get(Circle, circle_id, with_for_update=True)
    if (
        circle is None
        or circle.team_id != team_id
        or circle.programme_id != programme_id
        or circle.closed_at is not None
    ):
        return JoinOutcome.CLOSED
    current = circle_of(session, programme_id, user_id)
    if current is not None:
        return JoinOutcome.ALREADY_IN if current.id == circle_id else JoinOutcome.IN_ANOTHER
    if member_counts(session, [circle_id]).get(circle_id, 0) >= circle.max_size:
        return JoinOutcome.FULL
    try:
        with session.begin_nested():
            _place(session, circle, user_id, now)
    except IntegrityError:  # a second join at the same moment placed them first
        return JoinOutcome.ALREADY_IN
    return JoinOutcome.JOINED


def leave(session: Session, programme_id: int, user_id: str, now: datetime) -> Circle | None:
    """Give up someone's place in their open circle of the programme (the circle left)."""
    circle = circle_of(session, programme_id, user_id)
    if circle is None:
        return None
    place = session.get(CircleMember, (circle.id, user_id))
    assert place is not None
    place.left_at = now
    session.flush()
    return circle


def close(session: Session, team_id: str, circle_id: int, now: datetime) -> Circle | None:
    """Close an open circle: its members' places end with it (its channel is archived by
    the edge). None when there is no such open circle."""
    circle = session.get(Circle, circle_id)
    if circle is None or circle.team_id != team_id or circle.closed_at is not None:
        return None
    circle.closed_at = now
    for place in members(session, circle_id):
        place.left_at = now
    session.flush()
    return circle
