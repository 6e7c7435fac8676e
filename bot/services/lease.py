"""A lease row: the one clock that may run the schedule; others stand by until it expires."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from bot.models import SchedulerLease
from bot.services.sql import insert_ignore

CLOCK = "clock"  # the lease of the one process that runs the schedule


def acquire(session: Session, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take or renew the lease; False while another holder's lease is still valid."""
    insert_ignore(session, SchedulerLease, name=name, holder=holder, expires_at=now + ttl)
    result = session.execute(
        update(SchedulerLease)
        .where(
            SchedulerLease.name == name,
            or_(SchedulerLease.holder == holder, SchedulerLease.expires_at < now),
        )
        .values(holder=holder, expires_at=now + ttl)
    )
    return result.rowcount == 1


def release(session: Session, name: str, holder: str) -> None:
    """Give the lease up (only if we hold it), so another clock may start at once."""
    session.execute(
        delete(SchedulerLease).where(SchedulerLease.name == name, SchedulerLease.holder == holder)
    )


def held_until(session: Session, name: str) -> datetime | None:
    """When the current holder's lease runs out (None: nobody has held it)."""
    row = session.get(SchedulerLease, name)
    return row.expires_at if row is not None else None
