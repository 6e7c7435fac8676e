"""The progress of a confirmed round's intros, for the message its coordinator watches."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from bot.domain import IntroProgress, OutboxKind, OutboxStatus
from bot.models import Outbox, Pair, Round, RoundProgress, Unpaired
from bot.services.sql import insert_ignore

WAITING = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def start(
    session: Session, team_id: str, round_id: int, user_id: str, channel: str, ts: str
) -> bool:
    """Remember where the round's progress message is; False when it has one already."""
    return insert_ignore(
        session,
        RoundProgress,
        round_id=round_id,
        team_id=team_id,
        user_id=user_id,
        channel=channel,
        ts=ts,
        shown="",
    )


def figures(session: Session, round_id: int, now: datetime) -> IntroProgress:
    """How the round's intros and "not placed" DMs stand at `now`."""
    round_ = session.get(Round, round_id)
    assert round_ is not None
    intros = session.execute(
        select(Outbox.status, Outbox.error, Outbox.next_attempt_at, Pair.intro_sent_at)
        .join(Pair, Pair.id == Outbox.ref_id)
        .where(
            Outbox.team_id == round_.team_id,
            Outbox.kind == OutboxKind.INTRO,
            Pair.round_id == round_id,
        )
    ).all()
    unplaced = session.execute(
        select(Outbox.status, Outbox.error, Outbox.next_attempt_at).where(
            Outbox.team_id == round_.team_id,
            Outbox.kind == OutboxKind.UNPLACED,
            Outbox.ref_id == round_id,
        )
    ).all()
    introduced = sum(1 for row in intros if row.intro_sent_at is not None)
    failed = sum(1 for row in intros if row.status is OutboxStatus.FAILED)
    waiting = [_why(row, now) for row in (*intros, *unplaced) if row.status in WAITING]
    left_out = session.scalars(select(Unpaired.user_id).where(Unpaired.round_id == round_id))
    return IntroProgress(
        round_number=round_.number,
        groups=introduced + failed + sum(1 for row in intros if row.status in WAITING),
        introduced=introduced,
        failed=failed,
        waiting=len(waiting),
        why=Counter(waiting).most_common(1)[0][0] if waiting else "",
        unplaced=len(list(left_out)),
    )


@dataclass(frozen=True)
class ProgressMessage:
    """Where a round's progress message is, whose it is, and what it shows."""

    channel: str
    ts: str
    user_id: str
    shown: str


def message_of(session: Session, round_id: int) -> ProgressMessage | None:
    row = session.get(RoundProgress, round_id)
    return None if row is None else ProgressMessage(row.channel, row.ts, row.user_id, row.shown)


def unfinished(session: Session, team_id: str) -> list[int]:
    """The rounds of the workspace whose progress message does not show the end yet."""
    return list(
        session.scalars(
            select(RoundProgress.round_id).where(
                RoundProgress.team_id == team_id, RoundProgress.done_at.is_(None)
            )
        )
    )


def shown(session: Session, round_id: int, progress: IntroProgress, now: datetime) -> None:
    """The message now shows `progress` (and, when that is the end, is finished)."""
    row = session.get(RoundProgress, round_id)
    if row is not None:
        row.shown = progress.fingerprint
        row.done_at = now if progress.done else None


def _why(row: Row[Any], now: datetime) -> str:
    """Why a row still waits: Slack's last answer, or a recipient's working hours, or its turn."""
    if row.error:
        return str(row.error)
    return "after_hours" if row.next_attempt_at > now else "queued"
