"""Workflow Builder step runs that did their work: one execution does it once, however often
Slack delivers it, and completes with the outputs it had the first time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.models import WorkflowRun
from bot.services.sql import insert_ignore

KEEP = timedelta(days=1)  # a step's run is over (completed or timed out) well within a day


def outputs_of(session: Session, team_id: str, execution_id: str) -> dict[str, Any] | None:
    """The outputs the execution completed with, when it did its work already; else None."""
    return session.scalar(
        select(WorkflowRun.outputs).where(
            WorkflowRun.team_id == team_id, WorkflowRun.execution_id == execution_id[:64]
        )
    )


def claim(session: Session, team_id: str, execution_id: str, step: str, now: datetime) -> bool:
    """Take the execution for this transaction (a second delivery at the same moment waits for
    it to end); False when it did its work already."""
    return insert_ignore(
        session,
        WorkflowRun,
        team_id=team_id,
        execution_id=execution_id[:64],
        step=step[:64],
        outputs={},
        done_at=now,
    )


def done(session: Session, team_id: str, execution_id: str, outputs: dict[str, Any]) -> None:
    """The outputs of the work done in this transaction (claimed first)."""
    run = session.get(WorkflowRun, (team_id, execution_id[:64]))
    assert run is not None, "claim the execution first"
    run.outputs = outputs


def prune(session: Session, now: datetime) -> int:
    """Drop the runs older than KEEP; how many."""
    return session.execute(delete(WorkflowRun).where(WorkflowRun.done_at < now - KEEP)).rowcount
