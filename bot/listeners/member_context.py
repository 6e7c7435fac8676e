"""Middleware: put the person (as `person`) and their language (as `locale`) in the context,
from our cache or users.info."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient

from bot.deps import Deps
from bot.people import person


def register(app: App, deps: Deps) -> None:
    @app.middleware
    def attach_person(
        context: BoltContext, client: WebClient, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        context["locale"] = deps.settings.default_locale
        if context.team_id and context.user_id:
            found = person(deps, client, context.team_id, context.user_id)
            context["person"], context["locale"] = found, found.locale
        return next()
