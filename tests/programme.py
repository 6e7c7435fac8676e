"""The workspace's programme in tests that call services directly (the bot makes it on first
use; every workspace of these tests runs one)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.services import programmes

TEAM = "T0TEST"
MADE = datetime(2026, 1, 1, tzinfo=UTC)


def the_programme(session: Session, team: str = TEAM) -> int:
    return programmes.current(session, team, MADE)
