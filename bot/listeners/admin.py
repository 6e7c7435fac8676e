"""`/mentor admin [add|remove @someone]`: who coordinates the programme."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.i18n import t
from bot.listeners.common import team_and_user
from bot.services import coordinators, programmes
from bot.slack import notify
from bot.slack.people import is_coordinator

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def admin_reply(
    deps: Deps, client: WebClient, context: BoltContext, words: list[str]
) -> dict[str, Any]:
    locale: str = context["locale"]
    refusal = coordinators_only(deps, client, context)
    if refusal is not None:
        return refusal
    team_id, user_id = team_and_user(context)
    action = words[0].lower() if words else "list"
    target = MENTION.fullmatch(words[1]) if len(words) == 2 else None
    configured = deps.settings.coordinators
    if action in {"add", "remove"} and target is not None:
        with deps.sessions.begin() as session:
            programme_id = programmes.current(session, team_id, deps.clock())
            if action == "add":
                change = coordinators.add(
                    session, team_id, programme_id, target[1], user_id, deps.clock(), configured
                )
            else:
                change = coordinators.remove(session, team_id, programme_id, target[1], configured)
        return ephemeral(t(f"admin.{change}", locale, user=f"<@{target[1]}>"))
    if action != "list":
        return ephemeral(t("admin.usage", locale))
    with deps.sessions.begin() as session:
        programme_id = programmes.current(session, team_id, deps.clock())
        everyone = coordinators.known(session, team_id, programme_id, configured)
    names = ", ".join(f"<@{user}>" for user in everyone) or t("common.none_chosen", locale)
    return ephemeral(f"{t('admin.list', locale, users=names)}\n{t('admin.usage', locale)}")


def coordinators_only(deps: Deps, client: WebClient, context: BoltContext) -> dict[str, Any] | None:
    """A polite refusal for anyone who is not a coordinator; None for coordinators."""
    team_id, user_id = team_and_user(context)
    if is_coordinator(deps, client, team_id, user_id):
        return None
    return ephemeral(t("admin.refused", context["locale"]))


Opener = Callable[[Deps, WebClient, BoltContext, str], None]


def register_opener(app: App, deps: Deps, action_id: str, opener: Opener) -> None:
    """A coordinator's Home button that opens a modal; anyone else is told no in a DM."""

    @app.action(action_id)
    def clicked(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        deps.follow_up(_open_for_coordinators, deps, client, context, body["trigger_id"], opener)


def _open_for_coordinators(
    deps: Deps, client: WebClient, context: BoltContext, trigger_id: str, opener: Opener
) -> None:
    team_id, user_id = team_and_user(context)
    if is_coordinator(deps, client, team_id, user_id):
        opener(deps, client, context, trigger_id)
    else:
        notify.send_dm(client, user_id, ephemeral(t("admin.refused", context["locale"])))
