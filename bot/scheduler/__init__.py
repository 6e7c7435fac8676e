"""The clock: a code-defined tick that asks the database what is due and sends it.

APScheduler only ticks (a memory job store, one job, coalesced); the outbox and its unique
keys are the truth, so a missed tick, a restart or a double tick loses and repeats nothing.
One clock holds a lease row; a second one started by mistake stands by.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypeVar

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from slack_sdk.oauth.installation_store import InstallationStore

from bot.deps import Deps
from bot.jobs.circle_channels import tidy_circles
from bot.jobs.delivery import DeliveryStats, deliver
from bot.jobs.digest import post_digest
from bot.jobs.intros import show_progress_of
from bot.services import (
    circle_rhythm,
    digests,
    events,
    lease,
    pairs,
    rhythm,
    workflow_runs,
    workspaces,
)
from bot.slack.clients import DEFAULT_RATE, Clients, clients_for

TICK_SECONDS = 60
LEASE = lease.CLOCK
LEASE_TTL = timedelta(seconds=3 * TICK_SECONDS)
R = TypeVar("R")
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": TICK_SECONDS}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TickReport:
    planned: int
    delivery: DeliveryStats


class Clock:
    """What one tick does: plan what is due in every workspace, then send it. Each workspace's
    planning, purge, digest, circles' channels and progress messages run on their own: one
    that fails is logged with its team and the others go on."""

    def __init__(
        self,
        deps: Deps,
        clients: Clients,
        holder: str | None = None,
        stopping: threading.Event | None = None,
    ):
        """`stopping` should be what the clients' rate limiters sleep on (see clock_for), so
        that a send waiting for its slot wakes at once when the clock is stopped."""
        self.deps = deps
        self.clients = clients
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self.stopping = stopping or threading.Event()

    def tick(self, now: datetime | None = None) -> TickReport | None:
        """One run as of `now` (default: the clock); None when another clock holds the lease."""
        started = time.perf_counter()
        deps = self.deps if now is None else replace(self.deps, clock=lambda: now)
        moment = deps.clock()
        with deps.sessions.begin() as session:
            if not lease.acquire(session, LEASE, self.holder, moment, LEASE_TTL):
                log.info("another clock holds the lease; standing by")
                return None
        with deps.sessions.begin() as session:
            teams = workspaces.served(session)
            events.prune(session, moment)
            workflow_runs.prune(session, moment)
            workspaces.prune_states(session, moment)
            gone = workspaces.purgeable(session, moment)
        planned = 0
        for team_id in teams:
            planned += self._each(team_id, "plan", self._plan, deps, team_id, moment) or 0
        for team_id in gone:
            self._each(team_id, "purge", self._purge, deps, team_id)
        with deps.sessions.begin() as session:
            due_digests = digests.due(session, moment, deps.settings.digest_channel)
        for due in due_digests:
            self._each(due.team_id, "digest", self._digest, deps, due)
        for team_id in teams:  # circles' channels made to match (each circle on its own)
            self._each(team_id, "circles", tidy_circles, deps, self.clients, team_id)
        stats = deliver(deps, self.clients, stopping=self.stopping)
        for team_id in teams:
            self._each(team_id, "progress", show_progress_of, deps, self.clients, team_id)
        log.info(
            "tick",
            extra={
                "kind": "tick",
                "ms": round(1000 * (time.perf_counter() - started), 1),
                "planned": planned,
                **{k: v for k, v in vars(stats).items() if k != "lock"},
            },
        )
        return TickReport(planned, stats)

    def _each(self, team_id: str, kind: str, work: Callable[..., R], *args: object) -> R | None:
        """One workspace's part of the tick: its failure is logged and stops no other's."""
        try:
            return work(*args)
        except Exception:
            log.exception(f"{kind} failed", extra={"team": team_id, "kind": kind})
            return None

    @staticmethod
    def _plan(deps: Deps, team_id: str, moment: datetime) -> int:
        """Queue what is due in the workspace: rhythm messages (pairs' and circles'), and intros
        never queued."""
        with deps.sessions.begin() as session:
            planned = rhythm.plan(session, team_id, moment)
            planned += circle_rhythm.plan(session, team_id, moment)
            pairs.queue_intros(session, pairs.unqueued_intros(session, team_id, moment), moment)
        return planned

    @staticmethod
    def _purge(deps: Deps, team_id: str) -> None:
        with deps.sessions.begin() as session:
            workspaces.purge(session, team_id)
        log.info("workspace data deleted", extra={"team": team_id, "kind": "purge"})

    def _digest(self, deps: Deps, due: digests.Due) -> None:
        client = self.clients.client(due.team_id)
        if client is None:
            return
        outcome = post_digest(deps, client, due.team_id, due.programme_id, due.period)
        log.info(
            "digest",
            extra={
                "team": due.team_id,
                "programme": due.programme_id,
                "kind": "digest",
                "outcome": outcome.posted,
            },
        )

    def stop(self) -> None:
        """Shutting down: a running tick claims nothing more and finishes what is in flight."""
        self.stopping.set()

    def stand_down(self) -> None:
        """Give the lease up, so another clock may take over at once."""
        self.stopping.set()
        with self.deps.sessions.begin() as session:
            lease.release(session, LEASE, self.holder)


def clock_for(
    deps: Deps,
    store: InstallationStore | None,
    rate: float = DEFAULT_RATE,
    holder: str | None = None,
) -> Clock:
    """The clock of this deployment: its workspaces' clients wait for their send slots on the
    clock's stop signal."""
    stopping = threading.Event()
    clients = clients_for(deps.settings, store, rate, stopping.wait)
    return Clock(deps, clients, holder, stopping)


def interrupt_on_sigterm() -> None:
    """The platform's "stop" (a deploy, scaling down) is SIGTERM: handle it as Ctrl-C, so the
    entry point's shutdown path runs."""
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def shut_down(scheduler: BaseScheduler, clock: Clock) -> None:
    """Stop claiming, let the running tick send what it has in flight, give the lease up."""
    clock.stop()
    scheduler.shutdown(wait=True)
    clock.stand_down()


def build_scheduler(clock: Clock, *, blocking: bool = False) -> BaseScheduler:
    """A UTC scheduler with one tick job in an in-memory job store."""
    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults=JOB_DEFAULTS,
        timezone="UTC",
    )
    scheduler.add_job(
        clock.tick,
        "interval",
        seconds=TICK_SECONDS,
        id="tick",
        next_run_time=datetime.now().astimezone(),
    )
    return scheduler
