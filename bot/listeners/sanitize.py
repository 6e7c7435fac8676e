"""Middleware (the first): control characters are taken out of everything a request carries,
before any listener reads it, and the request is noted for its log line. Slack never sends
control characters in what people type; a forged request might, and PostgreSQL refuses NUL in
text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot import request_log

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # keeps tab, newline, return


def register(app: App) -> None:
    @app.middleware
    def drop_control_characters(
        body: dict[str, Any], next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        clean(body)
        request_log.note(body)  # what the request is, for its log line
        return next()


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
