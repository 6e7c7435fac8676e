"""A Workflow Builder step's run: claimed once per workspace and execution, its outputs kept a
day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.services import workflow_runs

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)


def test_a_run_is_claimed_once_and_keeps_the_outputs_it_completed_with(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        assert workflow_runs.claim(session, "T1", "Fx1", "send_kudos", NOW)
        workflow_runs.done(session, "T1", "Fx1", {"round_size": 3})

    with sessions.begin() as session:
        assert not workflow_runs.claim(session, "T1", "Fx1", "send_kudos", NOW)
        assert workflow_runs.claim(session, "T2", "Fx1", "send_kudos", NOW)  # another workspace
        assert workflow_runs.outputs_of(session, "T1", "Fx1") == {"round_size": 3}
        assert workflow_runs.outputs_of(session, "T1", "Fx2") is None


def test_a_claim_rolled_back_with_its_work_leaves_the_run_to_do(sessions: sessionmaker[Session]):
    with pytest.raises(LookupError), sessions.begin() as session:
        assert workflow_runs.claim(session, "T1", "Fx1", "log_coaching_session", NOW)
        raise LookupError("a rule said no: nothing of the run is kept")

    with sessions.begin() as session:
        assert workflow_runs.outputs_of(session, "T1", "Fx1") is None
        assert workflow_runs.claim(session, "T1", "Fx1", "log_coaching_session", NOW)


def test_runs_are_forgotten_after_a_day(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        workflow_runs.claim(session, "T1", "Fx1", "send_kudos", NOW)
        workflow_runs.claim(session, "T1", "Fx2", "send_kudos", NOW + timedelta(hours=2))

    with sessions.begin() as session:
        assert workflow_runs.prune(session, NOW + timedelta(days=1, hours=1)) == 1
        assert workflow_runs.outputs_of(session, "T1", "Fx1") is None
        assert workflow_runs.outputs_of(session, "T1", "Fx2") == {}
