"""Logging a circle's session: who facilitated and who attended, by any member of the circle.

One session a circle and date (a unique key): the first log makes it, with the facilitator the
logger names (by default whoever's turn it was); a later log of the same date by another
member only adds the attendees they report, so attendance is recorded once a session however
many log it, and a retried submission changes nothing. What was said stays in the circle: a
log holds no text.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain import CircleCheckinForm, CircleLogged
from bot.models import Circle, CircleAttendance, CircleMember, CircleSession
from bot.services import circles, members
from bot.services.members import FieldError
from bot.services.sql import insert_ignore


def circles_of(session: Session, team_id: str, user_id: str) -> list[Circle]:
    """The open circles the person is in, in any programme of the workspace, oldest first."""
    return list(
        session.scalars(
            select(Circle)
            .join(CircleMember, CircleMember.circle_id == Circle.id)
            .where(
                Circle.team_id == team_id,
                Circle.closed_at.is_(None),
                CircleMember.user_id == user_id,
                CircleMember.left_at.is_(None),
            )
            .order_by(Circle.id)
        )
    )


def member_circle(session: Session, team_id: str, user_id: str, circle_id: int) -> Circle | None:
    """The open circle `circle_id`, when the person is one of its members now (an id in a
    button or a modal is the sender's to forge)."""
    return next((c for c in circles_of(session, team_id, user_id) if c.id == circle_id), None)


def form(
    session: Session, team_id: str, user_id: str, circle_id: int, now: datetime
) -> CircleCheckinForm | None:
    """The check-in modal's contents for a member of the circle (None for anyone else)."""
    circle = member_circle(session, team_id, user_id, circle_id)
    if circle is None:
        return None
    rotation = tuple(place.user_id for place in circles.members(session, circle.id))
    member = members.ensure_member(session, team_id, user_id, now)
    return CircleCheckinForm(
        circle_id=circle.id,
        topic=circle.topic,
        members=rotation,
        facilitator=circles.facilitator(rotation, circles.sessions_held(session, circle.id)),
        logger=user_id,
        today=members.local_today(member, now),
    )


def validate(
    day: date | None, facilitator: str | None, form: CircleCheckinForm
) -> list[FieldError]:
    """The session's date is given and not after the logger's today; the facilitator, when
    named, is one of the circle."""
    errors: list[FieldError] = []
    if day is None:
        errors.append(FieldError("date", "circle_rhythm.error_date_required"))
    elif day > form.today:
        errors.append(FieldError("date", "circle_rhythm.error_date_future"))
    if facilitator is not None and facilitator not in form.members:
        errors.append(FieldError("facilitator", "circle_rhythm.error_facilitator"))
    return errors


def record(
    session: Session,
    team_id: str,
    user_id: str,
    circle_id: int,
    day: date,
    attended: Collection[str],
    facilitator: str | None,
    now: datetime,
) -> CircleLogged | None:
    """Log the circle's session of `day` (see the module), or add to the one logged; None
    when the person is no longer one of the circle."""
    circle = member_circle(session, team_id, user_id, circle_id)
    if circle is None:
        return None
    rotation = [place.user_id for place in circles.members(session, circle.id)]
    chosen = (
        facilitator if facilitator in rotation else circles.next_facilitator(session, circle.id)
    )
    new = insert_ignore(
        session,
        CircleSession,
        team_id=team_id,
        programme_id=circle.programme_id,
        circle_id=circle.id,
        session_date=day,
        facilitator=chosen,
        logged_by=user_id,
        created_at=now,
    )
    held = session.scalars(
        select(CircleSession).where(
            CircleSession.circle_id == circle.id, CircleSession.session_date == day
        )
    ).one()
    present = set(attended) & set(rotation)
    for person in rotation:
        insert_ignore(
            session,
            CircleAttendance,
            session_id=held.id,
            user_id=person,
            team_id=team_id,
            attended=person in present,
        )
    if present:
        session.execute(
            update(CircleAttendance)
            .where(CircleAttendance.session_id == held.id, CircleAttendance.user_id.in_(present))
            .values(attended=True)
        )
    came = set(
        session.scalars(
            select(CircleAttendance.user_id).where(
                CircleAttendance.session_id == held.id, CircleAttendance.attended.is_(True)
            )
        )
    )
    return CircleLogged(
        session_date=day,
        facilitator=held.facilitator,
        attended=tuple(person for person in rotation if person in came),
        next_facilitator=circles.next_facilitator(session, circle.id),
        new=new,
    )
