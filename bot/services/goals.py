"""SMART goals: setting them, moving them through statuses, and who may see them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain import (
    GOAL_TEMPLATE_WEEKS,
    GOAL_TEXT_MAX,
    RECENTLY_COMPLETED_DAYS,
    SKILLS,
    CompletedGoal,
    GoalCard,
    GoalInput,
    GoalStatus,
    Visibility,
)
from bot.models import Goal, GoalStatusChange
from bot.services.members import FieldError

RECENTLY_COMPLETED_MAX = 5


def validate_goal(goal: GoalInput, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    for name, text, required in (
        ("what", goal.what, True),
        ("why", goal.why, False),
        ("measure", goal.measure, True),
    ):
        if required and not text.strip():
            errors.append(FieldError(name, f"goal.error.{name}_required"))
        elif len(text.strip()) > GOAL_TEXT_MAX:
            errors.append(
                FieldError(
                    name,
                    "profile.error.too_long",
                    {"max": GOAL_TEXT_MAX, "length": len(text.strip())},
                )
            )
    if goal.skill is not None and goal.skill not in SKILLS:
        errors.append(FieldError("skill", "profile.error.unknown_skill"))
    if goal.target_date is None:
        errors.append(FieldError("target_date", "goal.error.date_required"))
    elif goal.target_date <= today:
        errors.append(FieldError("target_date", "goal.error.date_past"))
    if goal.visibility is None:
        errors.append(FieldError("visibility", "goal.error.visibility_required"))
    return errors


def template_target(skill: str, today: date) -> date | None:
    """The typical target date of the skill's goal template chosen today; None for a skill
    without a template (an unknown one)."""
    weeks = GOAL_TEMPLATE_WEEKS.get(skill)
    return None if weeks is None else today + timedelta(weeks=weeks)


def create_goal(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    goal: GoalInput,
    pair_id: int | None,
    now: datetime,
) -> Goal:
    """Store a valid goal as Not started."""
    assert goal.target_date is not None and goal.visibility is not None
    row = Goal(
        team_id=team_id,
        programme_id=programme_id,
        user_id=user_id,
        pair_id=pair_id,
        what=goal.what.strip(),
        skill=goal.skill,
        why=goal.why.strip(),
        measure=goal.measure.strip(),
        target_date=goal.target_date,
        visibility=goal.visibility,
        status=GoalStatus.NOT_STARTED,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    session.add(
        GoalStatusChange(
            team_id=team_id, goal_id=row.id, status=row.status, source="created", at=now
        )
    )
    return row


def set_status(
    session: Session,
    team_id: str,
    user_id: str,
    goal_id: int,
    status: GoalStatus,
    source: str,
    now: datetime,
) -> bool:
    """Change one of the person's own goals; False when it is not theirs or unchanged."""
    goal = session.get(Goal, goal_id)
    if goal is None or goal.team_id != team_id or goal.user_id != user_id:
        return False
    if goal.status is status:
        return False
    goal.status = status
    goal.updated_at = now
    session.add(
        GoalStatusChange(team_id=team_id, goal_id=goal.id, status=status, source=source, at=now)
    )
    return True


def set_statuses(
    session: Session,
    team_id: str,
    user_id: str,
    chosen: Mapping[int, GoalStatus],
    source: str,
    now: datetime,
) -> tuple[GoalCard, ...]:
    """Move the person's goals as chosen; the goals this completed, to celebrate."""
    done = []
    for goal_id, status in chosen.items():
        moved = set_status(session, team_id, user_id, goal_id, status, source, now)
        goal = session.get(Goal, goal_id)  # in the session already: set_status read it
        if moved and status is GoalStatus.COMPLETED and goal is not None:
            done.append(card(goal))
    return tuple(done)


def completing(
    open_goals: Iterable[GoalCard], chosen: Mapping[int, GoalStatus]
) -> tuple[GoalCard, ...]:
    """The open goals that `chosen` marks Completed (read before the move)."""
    return tuple(g for g in open_goals if chosen.get(g.goal_id) is GoalStatus.COMPLETED)


def recently_completed(
    session: Session, team_id: str, user_id: str, now: datetime
) -> list[CompletedGoal]:
    """The person's goals completed in the last 30 days, newest first, at most five."""
    completed_at = func.max(GoalStatusChange.at)
    rows = session.execute(
        select(Goal, completed_at)
        .join(GoalStatusChange, GoalStatusChange.goal_id == Goal.id)
        .where(
            Goal.team_id == team_id,
            Goal.user_id == user_id,
            Goal.status == GoalStatus.COMPLETED,
            GoalStatusChange.status == GoalStatus.COMPLETED,
        )
        .group_by(Goal.id)
        .having(completed_at > now - timedelta(days=RECENTLY_COMPLETED_DAYS))
        .order_by(completed_at.desc(), Goal.id.desc())
        .limit(RECENTLY_COMPLETED_MAX)
    )
    return [CompletedGoal(card(goal), at) for goal, at in rows]


def goals_of(
    session: Session, team_id: str, user_id: str, open_only: bool = False
) -> list[GoalCard]:
    """The person's goals, open ones first, newest first."""
    query = select(Goal).where(Goal.team_id == team_id, Goal.user_id == user_id)
    if open_only:
        query = query.where(Goal.status != GoalStatus.COMPLETED)
    rows = session.scalars(query.order_by(Goal.created_at.desc(), Goal.id.desc()))
    cards = [card(goal) for goal in rows]
    return sorted(cards, key=lambda c: c.status is GoalStatus.COMPLETED)


def shared_goals_of(session: Session, team_id: str, user_id: str) -> list[GoalCard]:
    """What a partner may see of the person's goals: those marked visible to partners."""
    return [c for c in goals_of(session, team_id, user_id) if c.visibility is Visibility.PARTNER]


def status_history(session: Session, goal_id: int) -> list[tuple[GoalStatus, str, datetime]]:
    rows = session.scalars(
        select(GoalStatusChange)
        .where(GoalStatusChange.goal_id == goal_id)
        .order_by(GoalStatusChange.at, GoalStatusChange.id)
    )
    return [(row.status, row.source, row.at) for row in rows]


def card(goal: Goal) -> GoalCard:
    return GoalCard(
        goal_id=goal.id,
        owner=goal.user_id,
        what=goal.what,
        skill=goal.skill,
        why=goal.why,
        measure=goal.measure,
        target_date=goal.target_date,
        visibility=goal.visibility,
        status=goal.status,
    )
