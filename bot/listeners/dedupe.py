"""Middleware: an Events API delivery is handled once, however often Slack retries it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.deps import Deps
from bot.services import events


def register(app: App, deps: Deps) -> None:
    @app.middleware
    def once_per_event(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
        key = event_key(body)
        if key is not None:
            with deps.sessions.begin() as session:
                if not events.first_time(session, *key, deps.clock()):
                    return BoltResponse(status=200, body="")
        return next()


def event_key(body: dict[str, Any]) -> tuple[str, str] | None:
    """(workspace, event_id) of an Events API delivery; None for anything else."""
    if body.get("type") != "event_callback":
        return None
    team_id, event_id = body.get("team_id"), body.get("event_id")
    if not isinstance(team_id, str) or not isinstance(event_id, str) or not event_id:
        return None
    return team_id, event_id
