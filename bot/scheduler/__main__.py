"""The Procfile's `clock:` process, and `--once --now ...` to run one tick as of a moment.

python -m bot.scheduler                                   # tick every minute, forever
python -m bot.scheduler --once --now 2027-03-01T09:00:00Z # everything due then, once
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from bot import logs
from bot.db import connect
from bot.deps import Deps
from bot.scheduler import build_scheduler, clock_for, interrupt_on_sigterm, shut_down
from bot.slack.clients import DEFAULT_RATE
from bot.slack.installations import store_for
from bot.startup import settings_or_stop, stop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.scheduler")
    parser.add_argument("--once", action="store_true", help="run one tick and exit")
    parser.add_argument("--now", help="the moment to run as, ISO 8601 (with --once)")
    parser.add_argument(
        "--rate",
        type=float,
        default=DEFAULT_RATE,
        help="messages a second per workspace (default %(default)s)",
    )
    args = parser.parse_args(argv)
    logs.configure()
    settings = settings_or_stop()
    now = _moment(args.now) if args.now else None
    if now is not None and not args.once:
        stop("--now only goes with --once")
    database = connect(settings.database_url)
    store = store_for(settings, database.engine)
    deps = Deps(settings=settings, database=database, installations=store)
    clock = clock_for(deps, store, args.rate)
    if args.once:
        report = clock.tick(now)
        if report is None:
            stop("another clock holds the lease; nothing was run", code=3)
        clock.stand_down()
        print(f"planned {report.planned}; {report.delivery}")
        return 0
    scheduler = build_scheduler(clock, blocking=True)
    interrupt_on_sigterm()
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        shut_down(scheduler, clock)
    return 0


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        stop(f"--now must be an ISO 8601 moment such as 2027-03-01T09:00:00Z, not {text!r}")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


if __name__ == "__main__":
    sys.exit(main())
