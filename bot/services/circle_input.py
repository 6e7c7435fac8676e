"""A circle a coordinator makes by hand: the modal's answers cleaned, and what is wrong with
them, field by field (the people named must take part in the programme and be in no other
circle of it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import (
    CIRCLE_DESCRIPTION_MAX,
    CIRCLE_SIZES,
    CIRCLE_SKILLS_MAX,
    CIRCLE_TOPIC_MAX,
    SKILLS,
    CircleInput,
    MemberStatus,
)
from bot.models import ProgrammeMember
from bot.services import circles
from bot.services.members import FieldError

MIN_SIZE, MAX_SIZE = CIRCLE_SIZES


def cleaned(circle: CircleInput) -> CircleInput:
    """The input as kept: the topic on one line, the description trimmed, each skill and
    person once."""
    return CircleInput(
        topic=" ".join(circle.topic.split()),
        description=circle.description.strip(),
        skills=tuple(dict.fromkeys(circle.skills)),
        min_size=circle.min_size,
        max_size=circle.max_size,
        people=tuple(dict.fromkeys(circle.people)),
        facilitator=circle.facilitator,
    )


def problems(session: Session, programme_id: int, circle: CircleInput) -> list[FieldError]:
    """What is wrong with a (cleaned) circle for this programme, one problem a field (the
    people at fault, as user ids, in the values' "users")."""
    errors: list[FieldError] = []
    if not circle.topic:
        errors.append(FieldError("topic", "circles.error_topic_required"))
    elif len(circle.topic) > CIRCLE_TOPIC_MAX:
        errors.append(FieldError("topic", "circles.error_too_long", {"max": CIRCLE_TOPIC_MAX}))
    if len(circle.description) > CIRCLE_DESCRIPTION_MAX:
        errors.append(
            FieldError("description", "circles.error_too_long", {"max": CIRCLE_DESCRIPTION_MAX})
        )
    if any(skill not in SKILLS for skill in circle.skills):
        errors.append(FieldError("skills", "profile.error.unknown_skill"))
    elif not 1 <= len(circle.skills) <= CIRCLE_SKILLS_MAX:
        errors.append(FieldError("skills", "circles.error_skills", {"max": CIRCLE_SKILLS_MAX}))
    sizes = {"min_size": circle.min_size, "max_size": circle.max_size}
    for field, size in sizes.items():
        if size is None or not MIN_SIZE <= size <= MAX_SIZE:
            bounds = {"min": MIN_SIZE, "max": MAX_SIZE}
            errors.append(FieldError(field, "circles.error_size", bounds))
    largest = circle.max_size
    if circle.min_size is not None and largest is not None and circle.min_size > largest:
        errors.append(FieldError("max_size", "circles.error_min_over_max"))
    errors += _people_problems(session, programme_id, circle)
    return errors


def _people_problems(session: Session, programme_id: int, circle: CircleInput) -> list[FieldError]:
    if circle.facilitator is not None and circle.facilitator not in circle.people:
        return [FieldError("facilitator", "circles.error_facilitator")]
    if circle.max_size is not None and len(circle.people) > circle.max_size:
        return [FieldError("people", "circles.error_too_many", {"max": circle.max_size})]
    active = set(
        session.scalars(
            select(ProgrammeMember.user_id).where(
                ProgrammeMember.programme_id == programme_id,
                ProgrammeMember.user_id.in_(circle.people),
                ProgrammeMember.status == MemberStatus.ACTIVE,
            )
        )
    )
    outside = [user for user in circle.people if user not in active]
    if outside:
        return [FieldError("people", "circles.error_not_members", {"users": outside})]
    elsewhere = [u for u in circle.people if circles.circle_of(session, programme_id, u)]
    if elsewhere:
        return [FieldError("people", "circles.error_in_another", {"users": elsewhere})]
    return []
