"""What each circle's private channel should be, from the database, and what the edge did to
it (bot/jobs/circle_channels.py makes the channel match).

An open circle has a channel with exactly its members in it (those who left are removed) and
one intro, posted once it has its minimum size; a closed circle's channel is archived. The
columns record what the edge did: circles.channel_id, intro_sent_at and archived_at, and each
place's in_channel.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, and_, cast, exists, func, literal, or_, select, update
from sqlalchemy.orm import Session

from bot.domain import CircleIntro, CirclePerson
from bot.models import Circle, CircleMember, Member, Programme, SchedulerLease
from bot.services import circles, guides


@dataclass(frozen=True)
class ChannelWork:
    """What a circle's channel still needs, as plain values for the edge."""

    circle_id: int
    team_id: str
    topic: str
    channel_id: str | None
    closed: bool
    to_invite: tuple[str, ...]  # in the circle, not in its channel yet
    to_remove: tuple[str, ...]  # left the circle, still in its channel
    in_channel: tuple[str, ...]  # who the bot put in the channel (and has not removed)
    introduced: bool
    archived: bool
    locale: str | None  # the programme's language, when it has one


def untidy(session: Session, team_id: str, now: datetime, limit: int | None = None) -> list[int]:
    """The workspace's circles whose channel does not match, oldest first (at most `limit`):
    an open circle with no channel, members to invite or remove, or its intro due; a closed
    one whose channel is not archived. A circle whose lease is held (being tidied, or waiting
    after a failure) is left out."""
    leased = exists().where(
        SchedulerLease.name == literal("circle:") + cast(Circle.id, String),
        SchedulerLease.expires_at > now,
    )
    to_invite = exists().where(
        CircleMember.circle_id == Circle.id,
        CircleMember.left_at.is_(None),
        CircleMember.in_channel.is_(False),
    )
    to_remove = exists().where(
        CircleMember.circle_id == Circle.id,
        CircleMember.left_at.is_not(None),
        CircleMember.in_channel.is_(True),
    )
    members_now = (
        select(func.count())
        .where(CircleMember.circle_id == Circle.id, CircleMember.left_at.is_(None))
        .scalar_subquery()
    )
    open_untidy = and_(
        Circle.closed_at.is_(None),
        or_(
            Circle.channel_id.is_(None),
            to_invite,
            to_remove,
            and_(Circle.intro_sent_at.is_(None), members_now >= Circle.min_size),
        ),
    )
    closed_untidy = and_(
        Circle.closed_at.is_not(None),
        Circle.channel_id.is_not(None),
        Circle.archived_at.is_(None),
    )
    return list(
        session.scalars(
            select(Circle.id)
            .where(Circle.team_id == team_id, or_(open_untidy, closed_untidy), ~leased)
            .order_by(Circle.id)
            .limit(limit)
        )
    )


def work_of(session: Session, team_id: str, circle_id: int) -> ChannelWork | None:
    """What the circle's channel needs; None when there is no such circle in the workspace."""
    circle = session.get(Circle, circle_id)
    if circle is None or circle.team_id != team_id:
        return None
    places = list(session.scalars(select(CircleMember).where(CircleMember.circle_id == circle_id)))
    programme = session.get(Programme, circle.programme_id)
    return ChannelWork(
        circle_id=circle.id,
        team_id=circle.team_id,
        topic=circle.topic,
        channel_id=circle.channel_id,
        closed=circle.closed_at is not None,
        to_invite=tuple(
            p.user_id
            for p in sorted(places, key=lambda p: p.rotation)
            if p.left_at is None and not p.in_channel
        ),
        to_remove=tuple(p.user_id for p in places if p.left_at is not None and p.in_channel),
        in_channel=tuple(p.user_id for p in places if p.in_channel),
        introduced=circle.intro_sent_at is not None,
        archived=circle.archived_at is not None,
        locale=programme.locale if programme is not None else None,
    )


def keep_channel(session: Session, circle_id: int, channel_id: str) -> None:
    """The circle's channel was made: note it at once."""
    session.execute(update(Circle).where(Circle.id == circle_id).values(channel_id=channel_id))


def mark_in_channel(
    session: Session, circle_id: int, user_ids: Iterable[str], in_channel: bool
) -> None:
    """These people were put in the circle's channel (or removed from it)."""
    users = list(user_ids)
    if users:
        session.execute(
            update(CircleMember)
            .where(CircleMember.circle_id == circle_id, CircleMember.user_id.in_(users))
            .values(in_channel=in_channel)
        )


def refused(session: Session, circle_id: int, user_id: str, now: datetime) -> None:
    """Slack will never let this person into the circle's channel (their account is gone or
    restricted): their place in the circle ends, so it is not tried again every tick."""
    session.execute(
        update(CircleMember)
        .where(
            CircleMember.circle_id == circle_id,
            CircleMember.user_id == user_id,
            CircleMember.left_at.is_(None),
        )
        .values(left_at=now, in_channel=False)
    )


def intro_of(session: Session, circle_id: int) -> CircleIntro | None:
    """What the circle's intro says; None when it is not due (closed, introduced already, or
    fewer members than its minimum)."""
    circle = session.get(Circle, circle_id)
    if circle is None or circle.closed_at is not None or circle.intro_sent_at is not None:
        return None
    places = circles.members(session, circle_id)
    if len(places) < circle.min_size:
        return None
    people = []
    for place in places:
        member = session.get(Member, (circle.team_id, place.user_id))
        people.append(
            CirclePerson(
                place.user_id,
                tuple(member.skills_offered) if member is not None else (),
                tuple(member.skills_wanted) if member is not None else (),
            )
        )
    return CircleIntro(
        topic=circle.topic,
        description=circle.description,
        skills=tuple(circles.skills_of(session, circle_id)),
        people=tuple(people),
        facilitator=circles.next_facilitator(session, circle_id),
        guide=guides.first_guide(session, circle.programme_id),
    )


def intro_sent(session: Session, circle_id: int, now: datetime) -> None:
    session.execute(
        update(Circle)
        .where(Circle.id == circle_id, Circle.intro_sent_at.is_(None))
        .values(intro_sent_at=now)
    )


def archived(session: Session, circle_id: int, now: datetime) -> None:
    session.execute(
        update(Circle)
        .where(Circle.id == circle_id, Circle.archived_at.is_(None))
        .values(archived_at=now)
    )
