"""Someone's coaching history as they may see it: their check-ins and reflections, their
partners' check-ins (never their ratings), and only the reflections partners chose to share."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.domain import HistoryEntry
from bot.models import CheckinLog, Meeting, PairMember, Reflection

PAGE = 10


def history(
    session: Session, team_id: str, user_id: str, page: int = 0
) -> tuple[list[HistoryEntry], bool]:
    """One page, most recent first, and whether there is more."""
    my_pairs = select(PairMember.pair_id).where(
        PairMember.team_id == team_id, PairMember.user_id == user_id
    )
    logs = session.execute(
        select(CheckinLog, Meeting.session_date)
        .join(Meeting, Meeting.id == CheckinLog.meeting_id)
        .where(Meeting.team_id == team_id, Meeting.pair_id.in_(my_pairs))
    )
    entries = [
        HistoryEntry(
            kind="checkin",
            at=log.submitted_at,
            author=log.author,
            session_date=log.session_date,
            attendance=log.attendance,
            minutes=log.minutes,
            coach=log.coach,
            worked_on=log.worked_on,
            learned=log.learned,
            next_step=log.next_step,
            rating=log.rating if log.author == user_id else None,
        )
        for log, _ in logs
    ]
    reflections = session.scalars(
        select(Reflection).where(
            Reflection.team_id == team_id,
            or_(
                Reflection.user_id == user_id,
                Reflection.shared.is_(True) & Reflection.pair_id.in_(my_pairs),
            ),
        )
    )
    entries += [
        HistoryEntry(
            kind="reflection",
            at=r.created_at,
            author=r.user_id,
            prompt=r.prompt,
            text=r.text,
            shared=r.shared,
        )
        for r in reflections
    ]
    entries.sort(key=lambda e: (e.at, e.kind), reverse=True)
    start = max(page, 0) * PAGE
    return entries[start : start + PAGE], len(entries) > start + PAGE
