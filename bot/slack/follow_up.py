"""What a listener does once it has acknowledged: the work that calls Slack (opening a modal,
DMs, the Home tab), which the request's answer must not wait for.

Bolt runs every listener in the request's own thread and answers Slack when the listener
returns (`process_before_response`); a listener hands the rest to `FollowUps` and returns. Bolt's
other way, a thread for every listener and the request polling for its ack every 10 ms, costs
every request a thread hand-off, which took about a third of the web process's CPU under load.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import ParamSpec

log = logging.getLogger(__name__)
P = ParamSpec("P")


class FollowUps:
    """Runs work on an executor's threads, where a failure is logged. Without an executor, at
    once and as part of the request (for tests: the answer comes after all it set off, and a
    failure fails the request). A process that exits waits for what was handed over
    (concurrent.futures joins its threads at exit), so a stopping worker finishes its sends."""

    def __init__(self, executor: Executor | None = None) -> None:
        self.executor = executor

    def __call__(self, work: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> None:
        if self.executor is None:
            work(*args, **kwargs)
        else:
            self.executor.submit(_logged, work, *args, **kwargs)


def _logged(work: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> None:
    try:
        work(*args, **kwargs)
    except Exception:  # the request was answered already: all that is left is to say so
        name = getattr(work, "__qualname__", repr(work))
        log.exception("follow-up failed", extra={"kind": f"follow-up:{name}"})
