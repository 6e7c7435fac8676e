"""Reflections: a rotating bank of prompts, anchored on an open goal; private unless shared."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain import PROMPTS, REFLECTION_TEXT_MAX, GoalStatus, Prompt
from bot.models import CheckinLog, Goal, Reflection
from bot.services.members import FieldError


def next_prompt(session: Session, team_id: str, user_id: str) -> Prompt:
    """The next prompt of the bank for this person, with their open goal and last next step."""
    written = (
        session.scalar(
            select(func.count())
            .select_from(Reflection)
            .where(Reflection.team_id == team_id, Reflection.user_id == user_id)
        )
        or 0
    )
    goal = session.scalars(
        select(Goal)
        .where(
            Goal.team_id == team_id, Goal.user_id == user_id, Goal.status != GoalStatus.COMPLETED
        )
        .order_by(Goal.updated_at.desc(), Goal.id.desc())
        .limit(1)
    ).first()
    step = session.scalars(
        select(CheckinLog.next_step)
        .where(
            CheckinLog.team_id == team_id, CheckinLog.author == user_id, CheckinLog.next_step != ""
        )
        .order_by(CheckinLog.submitted_at.desc(), CheckinLog.id.desc())
        .limit(1)
    ).first()
    return Prompt(PROMPTS[written % len(PROMPTS)], goal.what if goal else None, step)


def validate(text: str) -> list[FieldError]:
    text = text.strip()
    if not text:
        return [FieldError("text", "reflect.error.required")]
    if len(text) > REFLECTION_TEXT_MAX:
        return [
            FieldError(
                "text", "profile.error.too_long", {"max": REFLECTION_TEXT_MAX, "length": len(text)}
            )
        ]
    return []


def save(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    prompt: str,
    text: str,
    shared: bool,
    view_id: str,
    pair_id: int | None,
    now: datetime,
) -> tuple[Reflection, bool]:
    """Store a reflection once per modal; (the reflection, whether it is new)."""
    existing = session.scalars(
        select(Reflection).where(Reflection.team_id == team_id, Reflection.view_id == view_id)
    ).first()
    if existing is not None:
        return existing, False
    reflection = Reflection(
        team_id=team_id,
        programme_id=programme_id,
        user_id=user_id,
        pair_id=pair_id if shared else None,
        prompt=prompt if prompt in PROMPTS else PROMPTS[0],
        text=text.strip(),
        shared=shared and pair_id is not None,
        view_id=view_id,
        created_at=now,
    )
    session.add(reflection)
    session.flush()
    return reflection, True
