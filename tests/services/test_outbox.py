"""Claiming the outbox: a listener's follow-up claims only its own workspace's rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.domain import OutboxKind, OutboxStatus
from bot.models import Outbox
from bot.services import outbox
from tests.programme import the_programme

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)  # a Tuesday morning in UTC, inside working hours


def queue(session: Session, team_id: str, due: datetime, period: str = "nudge1") -> None:
    session.add(
        Outbox(
            team_id=team_id,
            programme_id=the_programme(session, team_id),
            user_id="UANNA",
            kind=OutboxKind.NUDGE,
            period=period,
            ref_id=1,
            number=0,
            due_at=due,
            status=OutboxStatus.PENDING,
            attempts=0,
            next_attempt_at=due,
            created_at=due,
        )
    )


def test_a_workspace_claims_and_waits_for_only_its_own_rows(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        queue(session, "T0AAAA", NOW - timedelta(minutes=1))
        queue(session, "T0BBBB", NOW - timedelta(minutes=2))
        queue(session, "T0BBBB", NOW + timedelta(seconds=3), period="nudge2")
    with sessions.begin() as session:
        mine = outbox.claim(session, NOW, "claim-a", 10, team_id="T0AAAA")
        assert outbox.next_retry(session, "T0AAAA") is None  # its one row is claimed
        assert outbox.next_retry(session, "T0BBBB") == NOW - timedelta(minutes=2)
    with sessions.begin() as session:
        everyone = outbox.claim(session, NOW, "claim-all", 10)

    assert [(c.team_id, c.user_id) for c in mine] == [("T0AAAA", "UANNA")]
    assert [c.team_id for c in everyone] == ["T0BBBB"]  # the later one is not due yet
