"""Workspaces coming and going: installed through OAuth, uninstalled, their data deleted
RETENTION after, and the OAuth states of installs that were never finished."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.domain import OutboxStatus
from bot.models import Base, Outbox, Workspace, slack_oauth_states
from bot.services import coordinators, programmes

RETENTION = timedelta(days=30)  # a reinstall within this finds the programme as it was


def installed(
    session: Session, team_id: str, installer: str | None, now: datetime, configured: frozenset[str]
) -> None:
    """The app was installed (again): the workspace is served, and whoever installed it
    coordinates its programme (its first, made now on a first install)."""
    programme_id = programmes.current(session, team_id, now)  # the workspace, and its programme
    session.execute(
        update(Workspace).where(Workspace.team_id == team_id).values(uninstalled_at=None)
    )
    if installer is not None:
        coordinators.add(session, team_id, programme_id, installer, installer, now, configured)


def uninstalled(session: Session, team_id: str, now: datetime) -> int:
    """The app was uninstalled, or its bot token revoked: nothing more is sent there. Returns
    how many waiting messages were dropped."""
    session.execute(
        update(Workspace)
        .where(Workspace.team_id == team_id, Workspace.uninstalled_at.is_(None))
        .values(uninstalled_at=now)
    )
    dropped = session.execute(
        update(Outbox)
        .where(
            Outbox.team_id == team_id,
            Outbox.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING)),
        )
        .values(status=OutboxStatus.SKIPPED, error="uninstalled")
    )
    return dropped.rowcount or 0


def served(session: Session) -> list[str]:
    """The workspaces the bot serves now (not uninstalled)."""
    return list(
        session.scalars(select(Workspace.team_id).where(Workspace.uninstalled_at.is_(None)))
    )


def is_served(session: Session, team_id: str) -> bool:
    workspace = session.get(Workspace, team_id)
    return workspace is None or workspace.uninstalled_at is None


def purgeable(session: Session, now: datetime) -> list[str]:
    """The workspaces uninstalled more than RETENTION ago, whose rows are to be deleted."""
    return list(
        session.scalars(select(Workspace.team_id).where(Workspace.uninstalled_at < now - RETENTION))
    )


def purge(session: Session, team_id: str) -> None:
    """Delete every row of the workspace."""
    for table in reversed(Base.metadata.sorted_tables):
        if "team_id" in table.c:
            session.execute(delete(table).where(table.c.team_id == team_id))


def prune_states(session: Session, now: datetime) -> int:
    """Forget the OAuth states of installs started and never finished (expired)."""
    table = slack_oauth_states
    naive_utc = now.astimezone(UTC).replace(tzinfo=None)  # as slack_sdk stores them
    return session.execute(delete(table).where(table.c.expire_at < naive_utc)).rowcount or 0
