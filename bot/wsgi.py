"""gunicorn's entry point (the Procfile's `web:`): `bot.wsgi:build()`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import logs
from bot.db import connect
from bot.slack.door import make_wsgi
from bot.slack.installations import store_for
from bot.startup import app_or_stop, settings_or_stop

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication


def build() -> WSGIApplication:
    """gunicorn's entry point (`bot.wsgi:build()`): settings from the environment."""
    logs.configure()
    settings = settings_or_stop()
    database = connect(settings.database_url)
    app = app_or_stop(settings, database, store_for(settings, database.engine))
    # gunicorn --preload forks the workers from this process: a connection it opened here must
    # not be shared by them (they would talk over one socket), so each worker opens its own.
    database.dispose()
    return make_wsgi(app, database.engine, settings.slack_signing_secret)
