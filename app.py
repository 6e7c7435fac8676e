"""Run mentor-bot: migrate the database, then serve Slack (Socket Mode or HTTP)."""

from __future__ import annotations

import logging
import sys

from slack_bolt.adapter.socket_mode import SocketModeHandler
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot import logs
from bot.db import connect
from bot.deps import Deps
from bot.migrate import upgrade_to_head
from bot.scheduler import build_scheduler, clock_for, interrupt_on_sigterm, shut_down
from bot.slack.clients import make_client
from bot.slack.door import make_wsgi, serve
from bot.slack.installations import store_for
from bot.startup import app_or_stop, settings_or_stop, stop

log = logging.getLogger("mentor-bot")


def main() -> int:
    logs.configure()
    settings = settings_or_stop()
    database = connect(settings.database_url)
    try:
        upgrade_to_head(database.engine)
    except OperationalError as error:
        shown = make_url(settings.database_url).render_as_string(hide_password=True)
        stop(f"cannot reach the database {shown} ({error.orig})", code=1)
    store = store_for(settings, database.engine)
    app = app_or_stop(settings, database, store)
    clock = clock_for(Deps(settings=settings, database=database, installations=store), store)
    scheduler = build_scheduler(clock)
    scheduler.start()
    interrupt_on_sigterm()
    try:
        if settings.slack_app_token is not None:
            log.info("serving Slack over Socket Mode")
            web_client = make_client(None, settings.slack_api_url)
            SocketModeHandler(app, settings.slack_app_token, web_client=web_client).start()
        else:
            server = serve(
                make_wsgi(app, database.engine, settings.slack_signing_secret),
                "0.0.0.0",
                settings.port,
            )
            log.info("serving Slack over HTTP on port %d at /slack/events", settings.port)
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        shut_down(scheduler, clock)
    return 0


if __name__ == "__main__":
    sys.exit(main())
