"""Slack's Events API deliveries seen, so that a retry of one already handled is dropped."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.models import SlackEvent
from bot.services.sql import insert_ignore

KEEP = timedelta(days=1)  # Slack retries within minutes; a day is plenty


def first_time(session: Session, team_id: str, event_id: str, now: datetime) -> bool:
    """Records the delivery; False when it was recorded before (a retry, a duplicate)."""
    return insert_ignore(
        session, SlackEvent, team_id=team_id, event_id=event_id[:64], received_at=now
    )


def forget(session: Session, team_id: str, event_id: str) -> None:
    """Handling failed: let Slack's retry of this event be handled."""
    session.execute(
        delete(SlackEvent).where(
            SlackEvent.team_id == team_id, SlackEvent.event_id == event_id[:64]
        )
    )


def prune(session: Session, now: datetime) -> int:
    """Drop the record of deliveries older than KEEP; how many."""
    return session.execute(delete(SlackEvent).where(SlackEvent.received_at < now - KEEP)).rowcount
