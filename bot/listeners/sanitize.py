"""Middleware (the first): control characters are taken out of everything a request carries,
before any listener reads it, and the request is noted for its log line. Slack never sends
control characters in what people type; a forged request might, and PostgreSQL refuses NUL in
text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.slack import request_log

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # keeps tab, newline, return


class DropControlCharacters(Middleware):
    # A Middleware class, not a function: Bolt gives a function middleware every argument it
    # could ask for, built anew for each request.
    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        clean(req.body)
        request_log.note(req.body)  # what the request is, for its log line
        return next()


def register(app: App) -> None:
    app.use(DropControlCharacters())


def clean(value: Any) -> Any:
    """Strips control characters from every string inside (but the bot's own blocks), in place
    where it can."""
    if isinstance(value, str):
        return CONTROL.sub("", value)
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "blocks":  # a view's or message's blocks are the bot's own
                value[key] = clean(item)
    elif isinstance(value, list):
        value[:] = [clean(item) for item in value]
    return value
