"""Middleware: put the person (as `person`) and their language (as `locale`) in the context,
from our cache or users.info."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.deps import Deps
from bot.slack.people import person


class AttachPerson(Middleware):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        context = req.context
        context["locale"] = self.deps.settings.default_locale
        if context.team_id and context.user_id:
            found = person(self.deps, context.client, context.team_id, context.user_id)
            context["person"], context["locale"] = found, found.locale
        return next()


def register(app: App, deps: Deps) -> None:
    app.use(AttachPerson(deps))
