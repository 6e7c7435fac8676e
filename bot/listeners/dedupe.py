"""Middleware: an Events API delivery is handled once, however often Slack retries it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.deps import Deps
from bot.services import events


class OncePerEvent(Middleware):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        key = event_key(req.body)
        if key is not None:
            with self.deps.sessions.begin() as session:
                if not events.first_time(session, *key, self.deps.clock()):
                    return BoltResponse(status=200, body="")
        return next()


def register(app: App, deps: Deps) -> None:
    app.use(OncePerEvent(deps))


def event_key(body: dict[str, Any]) -> tuple[str, str] | None:
    """(workspace, event_id) of an Events API delivery; None for anything else."""
    if body.get("type") != "event_callback":
        return None
    team_id, event_id = body.get("team_id"), body.get("event_id")
    if not isinstance(team_id, str) or not isinstance(event_id, str) or not event_id:
        return None
    return team_id, event_id
