"""The scheduler: code-defined tick jobs in memory; the database holds what is due.

Jobs arrive with the fortnightly rhythm; until then the clock process runs and waits.
"""

from __future__ import annotations

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}


def build_scheduler(*, blocking: bool = False) -> BaseScheduler:
    """A UTC scheduler with an in-memory job store and the tick jobs registered."""
    cls = BlockingScheduler if blocking else BackgroundScheduler
    return cls(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=2)},
        job_defaults=JOB_DEFAULTS,
        timezone="UTC",
    )
