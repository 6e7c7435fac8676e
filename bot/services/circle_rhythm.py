"""A circle's rhythm: every cycle of its programme a prompt in the circle's channel, naming the
facilitator of its next session, that session's guide and three times that suit most members.

The first prompt comes one cycle after the circle's intro (so never before its channel is
there), at the programme's send hour in the facilitator's zone; the next a cycle later, and so
on. Each is an outbox row planned once per circle and cycle (period circle<id>/p<n>), whoever
facilitates by then: what it says is read when it is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import (
    CirclePromptNote,
    CircleTimes,
    OutboxKind,
    ProgrammeKind,
    RankedTime,
)
from bot.models import Circle, Member, Outbox, Programme
from bot.services import circles, guides, members, outbox, slot_ranking, slots
from bot.services.booked_times import BookedTimes
from bot.services.outbox import Claimed
from bot.services.rhythm_time import latest_prompt


def period(circle_id: int, number: int) -> str:
    """The outbox period of a circle's `number`th prompt."""
    return f"circle{circle_id}/p{number}"


def plan(session: Session, team_id: str, now: datetime) -> int:
    """Queue the prompt of each open circle with a channel whose cycle has come and whose
    prompt for it was not planned yet; how many were added."""
    rows = session.execute(
        select(Circle, Programme)
        .join(Programme, Programme.id == Circle.programme_id)
        .where(
            Circle.team_id == team_id,
            Circle.closed_at.is_(None),
            Circle.channel_id.is_not(None),
            Circle.intro_sent_at.is_not(None),
            Programme.kind == ProgrammeKind.CIRCLES,
            Programme.closed_at.is_(None),
        )
        .order_by(Circle.id)
    ).all()
    if not rows:
        return 0
    planned = set(
        session.scalars(
            select(Outbox.period).where(
                Outbox.team_id == team_id,
                Outbox.kind == OutboxKind.CIRCLE_PROMPT,
                Outbox.ref_id.in_([circle.id for circle, _ in rows]),
            )
        )
    )
    added = 0
    for circle, programme in rows:
        assert circle.intro_sent_at is not None
        facilitator = circles.next_facilitator(session, circle.id)
        if facilitator is None:
            continue
        found = latest_prompt(
            circle.intro_sent_at,
            now,
            programme.rhythm_cadence_days,
            members.time_zone_of(session, team_id, facilitator),
            programme.rhythm_send_hour,
        )
        if found is None or period(circle.id, found[0]) in planned:
            continue
        number, due = found
        added += outbox.queue(
            session,
            team_id,
            programme.id,
            facilitator,
            OutboxKind.CIRCLE_PROMPT,
            period(circle.id, number),
            circle.id,
            number,
            due,
            now,
        )
    return added


def note(session: Session, item: Claimed, now: datetime) -> CirclePromptNote | None:
    """What the circle's prompt says now: None when the circle closed or lost its channel."""
    circle = session.get(Circle, item.ref_id)
    if circle is None or circle.closed_at is not None or circle.channel_id is None:
        return None
    programme = session.get(Programme, circle.programme_id)
    if programme is None or programme.closed_at is not None:
        return None
    rotation = [place.user_id for place in circles.members(session, circle.id)]
    held = circles.sessions_held(session, circle.id)
    facilitator = circles.facilitator(rotation, held)
    if facilitator is None:
        return None
    guide = guides.guide_after(session, circle.programme_id, held)
    return CirclePromptNote(
        circle_id=circle.id,
        channel=circle.channel_id,
        topic=circle.topic,
        members=tuple(rotation),
        facilitator=facilitator,
        guide=guide,
        times=times_for(session, circle.team_id, rotation, programme.session_minutes, now),
    )


def times_for(
    session: Session, team_id: str, user_ids: Sequence[str], minutes: int, now: datetime
) -> CircleTimes:
    """Three times of `minutes` for these people: inside everyone's hours when the slot finder
    finds any, else the times that suit the most of them (slot_ranking)."""
    hours = {
        member.user_id: members.hours_of(member)
        for member in session.scalars(
            select(Member).where(Member.team_id == team_id, Member.user_id.in_(user_ids))
        )
    }
    people = [user for user in user_ids if user in hours]
    if not people:
        return CircleTimes((), minutes, 0)
    length = timedelta(minutes=minutes)
    horizon = slots.Interval(now, now + timedelta(days=slots.HORIZON_DAYS + 1))
    booked = BookedTimes(session)
    everyone = [hours[user] for user in people]
    found = slots.suggest(everyone, booked.busy(team_id, people, horizon), now, length)
    if found.shared:
        times = tuple(RankedTime(start, len(people)) for start in found.slots)
    else:
        busy = [booked.busy(team_id, [user], horizon) for user in people]
        times = slot_ranking.rank(everyone, busy, now, length)
    return CircleTimes(times, minutes, len(people))
