"""Middleware: put the person's language in the context, from our cache or users.info."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient

from bot import notify
from bot.deps import Deps
from bot.i18n import from_slack_locale
from bot.services import members


def register(app: App, deps: Deps) -> None:
    @app.middleware
    def attach_locale(
        context: BoltContext, client: WebClient, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        context["locale"] = deps.settings.default_locale
        if context.team_id and context.user_id:
            context["locale"] = _locale(deps, client, context.team_id, context.user_id)
        return next()


def _locale(deps: Deps, client: WebClient, team_id: str, user_id: str) -> str:
    now = deps.clock()
    with deps.sessions.begin() as session:
        member = members.ensure_member(session, team_id, user_id, now)
        stale = members.needs_slack_facts(member, now)
        locale = member.locale
    if stale:
        user = notify.slack_user(client, user_id)  # no transaction is held across the call
        if user is not None:
            with deps.sessions.begin() as session:
                member = members.ensure_member(session, team_id, user_id, now)
                members.record_slack_facts(
                    member, from_slack_locale(user.get("locale")), user.get("tz"), now
                )
                locale = member.locale
    return locale or deps.settings.default_locale
