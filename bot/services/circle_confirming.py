"""Confirming a formation of circles: exactly as previewed, once. The previewed circles are
made, the open ones filled, and whoever was left out waits first in line for the next one."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.domain import CircleUnplacedNote, CircleWaitReason, OutboxKind
from bot.models import Circle, CircleDraft, CircleWaiting
from bot.services import circles, outbox, programmes
from bot.services.circle_forming import placeable


class ConfirmOutcome(enum.StrEnum):
    CREATED = "created"
    ALREADY = "already"  # this draft was confirmed before (a double click, a retry)
    STALE = "stale"  # someone in it joined a circle, left or paused since; or a circle filled
    MISSING = "missing"


@dataclass(frozen=True)
class Confirmed:
    outcome: ConfirmOutcome
    made: int = 0  # new circles
    filled: int = 0  # open circles that took newcomers
    unplaced: int = 0  # people left out (first in line next time)


def confirm(session: Session, team_id: str, draft_id: str, by: str, now: datetime) -> Confirmed:
    """Create the previewed circles, fill the open ones, and put whoever was left out first in
    line (those placed no longer wait): exactly as previewed, once. A draft that no longer
    holds (someone placed in it joined a circle, left or paused; a circle it fills closed or
    filled up) changes nothing: STALE."""
    draft = session.get(CircleDraft, draft_id, with_for_update=True) if draft_id else None
    if draft is None or draft.team_id != team_id:
        return Confirmed(ConfirmOutcome.MISSING)
    made = sum(c["circle_id"] is None for c in draft.circles)
    counts = Confirmed(
        ConfirmOutcome.ALREADY,
        made,
        len(draft.circles) - made,
        len(draft.unplaced),
    )
    if draft.confirmed_at is not None:
        return counts
    if not programmes.is_open_in(session, team_id, draft.programme_id) or not _holds(
        session, draft, now
    ):
        return Confirmed(ConfirmOutcome.STALE)
    for n, c in enumerate(draft.circles):
        users = [m["user_id"] for m in c["members"]]
        if c["circle_id"] is None:
            circles.create(
                session,
                team_id=team_id,
                programme_id=draft.programme_id,
                topic=c["topic"],
                description="",
                skills=c["skills"],
                min_size=c["min_size"],
                max_size=c["max_size"],
                people=users,
                first_facilitator=users[0],
                origin=f"{draft.id}/{n}",
                by=by,
                now=now,
            )
        else:
            for m in c["members"]:
                if m["new"]:
                    circles.join(
                        session, team_id, draft.programme_id, c["circle_id"], m["user_id"], now
                    )
    _wait(session, draft, now)
    draft.confirmed_at = now
    session.flush()
    return Confirmed(ConfirmOutcome.CREATED, counts.made, counts.filled, counts.unplaced)


def _holds(session: Session, draft: CircleDraft, now: datetime) -> bool:
    """Everyone the draft places anew may still be placed, and each open circle it fills is
    still open with room for its newcomers."""
    free = {m.user_id for m in placeable(session, draft.programme_id, now)}
    newcomers = [m["user_id"] for c in draft.circles for m in c["members"] if m["new"]]
    if not set(newcomers) <= free:
        return False
    filled = [c for c in draft.circles if c["circle_id"] is not None]
    counts = circles.member_counts(session, [c["circle_id"] for c in filled])
    for c in filled:
        circle = session.get(Circle, c["circle_id"])
        joining = sum(m["new"] for m in c["members"])
        if (
            circle is None
            or circle.closed_at is not None
            or counts.get(circle.id, 0) + joining > circle.max_size
        ):
            return False
    return True


def _wait(session: Session, draft: CircleDraft, now: datetime) -> None:
    """Whoever the draft left out waits first in line (since the first time, their reason the
    latest), told so in a DM through the outbox (once a draft); whoever it placed waits no
    more."""
    placed = [m["user_id"] for c in draft.circles for m in c["members"] if m["new"]]
    if placed:
        session.execute(
            delete(CircleWaiting).where(
                CircleWaiting.programme_id == draft.programme_id, CircleWaiting.user_id.in_(placed)
            )
        )
    for person in draft.unplaced:
        row = session.get(CircleWaiting, (draft.programme_id, person["user_id"]))
        reason = CircleWaitReason(person["reason"])
        if row is None:
            session.add(
                CircleWaiting(
                    programme_id=draft.programme_id,
                    user_id=person["user_id"],
                    team_id=draft.team_id,
                    reason=reason,
                    since=now,
                )
            )
        else:
            row.reason = reason
        outbox.queue(
            session,
            draft.team_id,
            draft.programme_id,
            person["user_id"],
            OutboxKind.CIRCLE_UNPLACED,
            f"circles/{draft.id}",
            draft.programme_id,
            0,
            now,
            now,
        )


def unplaced_note(session: Session, programme_id: int, user_id: str) -> CircleUnplacedNote | None:
    """Why forming circles left the person out; None once they are placed (or gone)."""
    row = session.get(CircleWaiting, (programme_id, user_id))
    return None if row is None else CircleUnplacedNote(row.reason.value)
