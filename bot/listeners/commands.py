"""The /mentor slash command: one entry point, routed by its first word."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.help import help_message
from bot.blocks.leave import leave_modal
from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.i18n import t
from bot.listeners.leave import leave_refusal
from bot.listeners.profile import open_profile

HELP_WORDS = frozenset({"", "help", "hjälp", "hjalp", "?"})


def register(app: App, deps: Deps) -> None:
    @app.command("/mentor")
    def mentor(ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient):
        locale: str = context["locale"]
        words = (command.get("text") or "").split()
        subcommand = words[0].lower() if words else ""
        trigger_id = command["trigger_id"]
        if subcommand in HELP_WORDS:
            ack(**help_message(locale))
        elif subcommand == "join":
            ack()
            open_profile(deps, client, context, trigger_id)
        elif subcommand == "leave":
            refusal = leave_refusal(deps, context)
            if refusal is not None:
                ack(**ephemeral(t(refusal, locale)))
                return
            ack()
            client.views_open(trigger_id=trigger_id, view=leave_modal(locale))
        else:
            ack(**help_message(locale, unknown_command=words[0]))
