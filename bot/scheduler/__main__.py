"""The Procfile's `clock:` process: exactly one runs the scheduled work."""

from __future__ import annotations

import logging

from bot.scheduler import build_scheduler


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    scheduler = build_scheduler(blocking=True)
    logging.getLogger(__name__).info("clock started")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        scheduler.shutdown(wait=True)


if __name__ == "__main__":
    main()
