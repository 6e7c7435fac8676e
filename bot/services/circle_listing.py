"""What `/mentor circles` shows: whether a programme runs circles, and its open circles as
cards, a page at a time, the reader's own apart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain import CIRCLES_PER_PAGE, CircleCard, CirclePage
from bot.models import Circle, CircleSkill
from bot.services import circles


def find(session: Session, team_id: str, circle_id: int) -> Circle | None:
    """The workspace's circle of this id, open or closed (an id is only what was clicked)."""
    circle = session.get(Circle, circle_id)
    return circle if circle is not None and circle.team_id == team_id else None


def listing(
    session: Session, team_id: str, programme_id: int, user_id: str, page: int
) -> CirclePage:
    """A page of the programme's open circles, oldest first, without the reader's own circle
    (which comes apart, as `mine`). A page past the end shows the last."""
    own = circles.circle_of(session, programme_id, user_id)
    query = select(Circle).where(
        Circle.team_id == team_id,
        Circle.programme_id == programme_id,
        Circle.closed_at.is_(None),
    )
    if own is not None:
        query = query.where(Circle.id != own.id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(0, min(page, (total - 1) // CIRCLES_PER_PAGE if total else 0))
    shown = list(
        session.scalars(
            query.order_by(Circle.id).offset(page * CIRCLES_PER_PAGE).limit(CIRCLES_PER_PAGE)
        )
    )
    cards = _cards(session, [*shown, *([own] if own else [])])
    return CirclePage(
        programme_id=programme_id,
        circles=tuple(cards[c.id] for c in shown),
        page=page,
        total=total,
        mine=cards[own.id] if own is not None else None,
    )


def _cards(session: Session, found: Sequence[Circle]) -> dict[int, CircleCard]:
    ids = [c.id for c in found]
    counts = circles.member_counts(session, ids)
    skills: dict[int, list[str]] = defaultdict(list)
    if ids:
        rows = session.execute(
            select(CircleSkill.circle_id, CircleSkill.skill)
            .where(CircleSkill.circle_id.in_(ids))
            .order_by(CircleSkill.skill)
        )
        for circle_id, skill in rows:
            skills[circle_id].append(skill)
    return {
        c.id: CircleCard(
            id=c.id,
            topic=c.topic,
            description=c.description,
            skills=tuple(skills[c.id]),
            taken=counts.get(c.id, 0),
            min_size=c.min_size,
            max_size=c.max_size,
        )
        for c in found
    }
