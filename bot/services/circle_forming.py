"""Forming circles from topics: the people who can be placed, the forming engine's request,
and the draft a coordinator previews (bot/services/circle_confirming.py confirms it).

Who can be placed: the programme's active members with a profile who are not paused (as a
pairing round's, rounds.eligible) and are in no open circle of it; whoever a formation could
not place (circle_waiting) is first in line next time. With `fill_open`, the programme's open
circles with room are topics too, their members fixed, so forming fills them.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.circle_forms import (
    MAX_CIRCLES_MAX,
    TOPICS_MAX,
    CirclePreview,
    FormOptions,
    FormPreview,
    FormTopic,
    PlacementView,
)
from bot.domain import (
    CIRCLE_SIZES,
    CIRCLE_SKILLS_MAX,
    CIRCLE_TOPIC_MAX,
    SKILLS,
)
from bot.models import Circle, CircleDraft, CircleMember, CircleWaiting, Member
from bot.services import circles, programmes
from bot.services.matching.circles import CircleRequest, Person, Topic, form_circles
from bot.services.rounds import eligible, meeting_day

OPEN_CIRCLE = "circle:"  # the key of an open circle's topic: "circle:<id>"
NEW_TOPIC = "topic:"  # the key of a topic the coordinator gave: "topic:<n>"


def option_problems(options: FormOptions) -> dict[str, str]:
    """Field (topics, min_size, max_size, max_circles) -> translation key of what is wrong;
    topics: too few or too many, or one of them wrong (topic_problems)."""
    wrong: dict[str, str] = {}
    if not 1 <= len(options.topics) <= TOPICS_MAX:
        wrong["topics"] = "circle_form.error.topics"
    elif any(topic_problems(t) for t in options.topics):
        wrong["topics"] = "circle_form.error.skills"
    low, high = CIRCLE_SIZES
    for topic in options.topics:
        if not low <= topic.min_size <= high:
            wrong["min_size"] = "circle_form.error.size"
        if not low <= topic.max_size <= high:
            wrong["max_size"] = "circle_form.error.size"
        elif topic.min_size > topic.max_size and "min_size" not in wrong:
            wrong["max_size"] = "circle_form.error.min_above_max"
        if topic.max_circles is not None and not 1 <= topic.max_circles <= MAX_CIRCLES_MAX:
            wrong["max_circles"] = "circle_form.error.max_circles"
    return wrong


def topic_problems(topic: FormTopic) -> dict[str, str]:
    """Field (name, skills) -> translation key of what is wrong with one topic: a name of
    1-80 characters; 1-5 skills, each of the catalogue."""
    wrong: dict[str, str] = {}
    if not topic.name.strip() or len(topic.name) > CIRCLE_TOPIC_MAX:
        wrong["name"] = "circle_form.error.name"
    if not 1 <= len(topic.skills) <= CIRCLE_SKILLS_MAX or not set(topic.skills) <= set(SKILLS):
        wrong["skills"] = "circle_form.error.skills"
    return wrong


def placeable(session: Session, programme_id: int, now: datetime) -> list[Member]:
    """Who a formation may place now: eligible as for a round, and in no open circle."""
    inside = _in_open_circles(session, programme_id)
    return [
        e.member for e in eligible(session, programme_id, now) if e.member.user_id not in inside
    ]


def _in_open_circles(session: Session, programme_id: int) -> set[str]:
    return set(
        session.scalars(
            select(CircleMember.user_id).where(
                CircleMember.programme_id == programme_id, CircleMember.left_at.is_(None)
            )
        )
    )


def waiting(session: Session, programme_id: int) -> set[str]:
    """Whom the last formations could not place: first in line."""
    return set(
        session.scalars(
            select(CircleWaiting.user_id).where(CircleWaiting.programme_id == programme_id)
        )
    )


def _person(member: Member | None, user_id: str, first: bool, now: datetime) -> Person:
    if member is None:  # a member of an open circle whose profile is gone: fits any hours
        return Person(key=user_id, wants=frozenset())
    day_start, day_hours = meeting_day(member, now)
    return Person(
        key=user_id,
        wants=frozenset(member.skills_wanted),
        day_start=day_start,
        day_hours=day_hours,
        first_in_line=first,
    )


def build_request(
    session: Session, team_id: str, programme_id: int, options: FormOptions, now: datetime
) -> CircleRequest:
    """The engine's request: the topics given (keyed topic:<n>) and, with `fill_open`, the
    open circles with room (keyed circle:<id>, their members fixed); the people who may be
    placed, first in line whoever waits."""
    first = waiting(session, programme_id)
    people = [
        _person(m, m.user_id, m.user_id in first, now)
        for m in placeable(session, programme_id, now)
    ]
    topics = [
        Topic(
            key=f"{NEW_TOPIC}{n}",
            skills=frozenset(t.skills),
            min_size=t.min_size,
            max_size=t.max_size,
            max_circles=t.max_circles,
        )
        for n, t in enumerate(options.topics)
    ]
    if options.fill_open:
        open_ones = circles.open_circles(session, programme_id)
        counts = circles.member_counts(session, [c.id for c in open_ones])
        for circle in open_ones:
            if counts.get(circle.id, 0) >= circle.max_size:
                continue
            inside = [m.user_id for m in circles.members(session, circle.id)]
            people += [
                _person(session.get(Member, (team_id, user)), user, False, now) for user in inside
            ]
            topics.append(
                Topic(
                    key=f"{OPEN_CIRCLE}{circle.id}",
                    skills=frozenset(circles.skills_of(session, circle.id)),
                    min_size=circle.min_size,
                    max_size=circle.max_size,
                    max_circles=1,
                    members=tuple(inside),
                )
            )
    return CircleRequest(topics=topics, people=people)


def draft_formation(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    options: FormOptions,
    now: datetime,
) -> CircleDraft:
    """Form circles for everyone who may be placed now and keep the result as a draft to
    preview: each circle with its members in their turn to facilitate and why each is in it,
    each person left out and why, and the fit."""
    request = build_request(session, team_id, programme_id, options, now)
    result = form_circles(request)
    fixed = {p for topic in request.topics for p in topic.members}
    drafted: list[dict[str, Any]] = []
    for circle in result.circles:
        if circle.topic.startswith(OPEN_CIRCLE):
            if set(circle.members) <= fixed:
                continue  # nobody new: nothing to do
            circle_id: int | None = int(circle.topic.removeprefix(OPEN_CIRCLE))
            given = None
        else:
            circle_id = None
            given = options.topics[int(circle.topic.removeprefix(NEW_TOPIC))]
        why = {p.key: p for p in circle.placements}
        drafted.append(
            {
                "circle_id": circle_id,
                "topic": given.name if given else _topic_of(session, circle_id),
                "skills": list(given.skills) if given else [],
                "min_size": given.min_size if given else 0,
                "max_size": given.max_size if given else 0,
                "common_hours": circle.common_hours,
                "members": [
                    {
                        "user_id": user,
                        "skills": list(why[user].skills),
                        "shared_hours": why[user].least_shared_hours,
                        "first_in_line": why[user].first_in_line,
                        "new": user not in fixed,
                    }
                    for user in circle.facilitators
                ],
            }
        )
    draft = CircleDraft(
        id=str(uuid.uuid4()),
        team_id=team_id,
        programme_id=programme_id,
        created_by=user_id,
        circles=drafted,
        unplaced=[
            {"user_id": u.key, "reason": u.reason.value}
            for u in result.unplaced
            if u.key not in fixed
        ],
        fit=round(result.fit, 4),
        created_at=now,
    )
    session.add(draft)
    session.flush()
    return draft


def _topic_of(session: Session, circle_id: int | None) -> str:
    circle = session.get(Circle, circle_id) if circle_id is not None else None
    return circle.topic if circle is not None else ""


def load_draft(session: Session, team_id: str, draft_id: str) -> CircleDraft | None:
    draft = session.get(CircleDraft, draft_id) if draft_id else None
    return draft if draft is not None and draft.team_id == team_id else None


def preview(draft: CircleDraft) -> FormPreview:
    return FormPreview(
        draft_id=draft.id,
        circles=tuple(
            CirclePreview(
                topic=c["topic"],
                circle_id=c["circle_id"],
                common_hours=c["common_hours"],
                placements=tuple(
                    PlacementView(
                        user_id=m["user_id"],
                        skills=tuple(m["skills"]),
                        shared_hours=m["shared_hours"],
                        first_in_line=m["first_in_line"],
                        new=m["new"],
                    )
                    for m in c["members"]
                ),
            )
            for c in draft.circles
        ),
        unplaced=tuple((u["user_id"], u["reason"]) for u in draft.unplaced),
        fit=draft.fit,
    )


def is_circles(session: Session, team_id: str, programme_id: int) -> bool:
    """Whether this is an open circles programme of the workspace."""
    return programmes.runs_circles(session, programme_id) and programmes.is_open_in(
        session, team_id, programme_id
    )
