"""Who coordinates a programme: the configured people and the workspace's admins and owners (as
Slack last told us), who coordinate every programme of the workspace, and anyone a coordinator
added to this programme with `/mentor admin add`."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.models import Coordinator, Member, Programme
from bot.services import programmes
from bot.services.members import ensure_member
from bot.services.sql import insert_ignore


class Change(StrEnum):
    ADDED = "added"
    ALREADY = "already"  # was a coordinator already
    REMOVED = "removed"
    NOT_LISTED = "not_listed"  # was not added here, so there is nothing to remove
    CONFIGURED = "configured"  # a coordinator by configuration: only the operator can change it
    ADMIN = "admin"  # a workspace admin or owner: a coordinator while Slack says so


def is_coordinator(
    session: Session, team_id: str, programme_id: int, user_id: str, configured: frozenset[str]
) -> bool:
    if session.get(Coordinator, (team_id, programme_id, user_id)) is not None:
        return True
    return coordinates_all(session, team_id, user_id, configured)


def coordinates_all(
    session: Session, team_id: str, user_id: str, configured: frozenset[str]
) -> bool:
    """Configured, or a workspace admin or owner as Slack last said: a coordinator of every
    programme of the workspace, who may make new ones."""
    if user_id in configured:
        return True
    member = session.get(Member, (team_id, user_id))
    return member is not None and member.slack_admin


def programmes_of(
    session: Session, team_id: str, user_id: str, configured: frozenset[str]
) -> list[int]:
    """The open programmes this person coordinates, oldest first: every one for the configured
    coordinators and the workspace's admins, else those they were added to."""
    open_ones = select(Programme.id).where(
        Programme.team_id == team_id, Programme.closed_at.is_(None)
    )
    member = session.get(Member, (team_id, user_id))
    if user_id not in configured and not (member is not None and member.slack_admin):
        added_to = select(Coordinator.programme_id).where(
            Coordinator.team_id == team_id, Coordinator.user_id == user_id
        )
        open_ones = open_ones.where(Programme.id.in_(added_to))
    return list(session.scalars(open_ones.order_by(Programme.id)))


def their_programme(
    session: Session, team_id: str, user_id: str, configured: frozenset[str], now: datetime
) -> int | None:
    """The programme a coordinator's request that names none is about: the workspace's, when it
    runs one; else the one they coordinate (None: they coordinate several, so must name one)."""
    if not programmes.several(session, team_id):
        return programmes.current(session, team_id, now)
    mine = programmes_of(session, team_id, user_id, configured)
    if len(mine) > 1:
        return None
    return mine[0] if mine else programmes.current(session, team_id, now)


def added(session: Session, programme_id: int) -> list[str]:
    """Those added with `/mentor admin add`, in the order they were added."""
    return list(
        session.scalars(
            select(Coordinator.user_id)
            .where(Coordinator.programme_id == programme_id)
            .order_by(Coordinator.added_at, Coordinator.user_id)
        )
    )


def known(
    session: Session, team_id: str, programme_id: int, configured: frozenset[str]
) -> list[str]:
    """Every coordinator we can name without asking Slack: configured, added, known admins."""
    admins = session.scalars(
        select(Member.user_id).where(Member.team_id == team_id, Member.slack_admin.is_(True))
    )
    return sorted(set(configured) | set(added(session, programme_id)) | set(admins))


def add(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    by: str,
    now: datetime,
    configured: frozenset[str],
) -> Change:
    if is_coordinator(session, team_id, programme_id, user_id, configured):
        return Change.ALREADY
    appoint(session, team_id, programme_id, user_id, by, now)
    return Change.ADDED


def appoint(
    session: Session, team_id: str, programme_id: int, user_id: str, by: str, now: datetime
) -> None:
    """Add someone to the programme's coordinators (once, however often it is asked)."""
    ensure_member(session, team_id, user_id, now)
    insert_ignore(
        session,
        Coordinator,
        team_id=team_id,
        programme_id=programme_id,
        user_id=user_id,
        added_by=by,
        added_at=now,
    )


def remove(
    session: Session, team_id: str, programme_id: int, user_id: str, configured: frozenset[str]
) -> Change:
    if user_id in configured:
        return Change.CONFIGURED
    removed = session.execute(
        delete(Coordinator).where(
            Coordinator.programme_id == programme_id, Coordinator.user_id == user_id
        )
    ).rowcount
    if removed:
        return Change.REMOVED
    member = session.get(Member, (team_id, user_id))
    return Change.ADMIN if member is not None and member.slack_admin else Change.NOT_LISTED
