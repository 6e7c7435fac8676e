"""The /mentor slash command: one entry point, routed by its first word."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.help import help_message
from bot.blocks.leave import leave_modal
from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.i18n import t
from bot.listeners.admin import admin_reply, coordinators_only
from bot.listeners.availability import avoid_reply, pause_reply, resume_reply
from bot.listeners.coaching import checkin_view, history_view, open_goal, open_reflect
from bot.listeners.digest import digest_command, export_command
from bot.listeners.leave import leave_refusal
from bot.listeners.partner import pair_reply
from bot.listeners.privacy import export_me, open_forget
from bot.listeners.profile import open_profile
from bot.listeners.rounds import open_options
from bot.listeners.settings import open_settings

HELP_WORDS = frozenset({"", "help", "hjälp", "hjalp", "?"})


def register(app: App, deps: Deps) -> None:
    @app.command("/mentor")
    def mentor(
        ack: Ack,
        command: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ):
        locale: str = context["locale"]
        words = (command.get("text") or "").split()
        subcommand = words[0].lower() if words else ""
        trigger_id = command["trigger_id"]
        if subcommand in HELP_WORDS:
            ack(**help_message(locale))
        elif subcommand == "join":
            ack()
            deps.follow_up(open_profile, client, context, trigger_id)
        elif subcommand == "leave":
            refusal = leave_refusal(deps, context)
            if refusal is not None:
                ack(**ephemeral(t(refusal, locale)))
                return
            ack()
            deps.follow_up(client.views_open, trigger_id=trigger_id, view=leave_modal(locale))
        elif subcommand == "pair":
            reply = pair_reply(deps, context, own=words[1:2] == ["me"])
            if reply is None:  # a coordinator: the options of a new round
                ack()
                deps.follow_up(open_options, deps, client, context, trigger_id)
            else:
                ack(**reply)
        elif subcommand == "pause":
            ack(**pause_reply(deps, context, words[1:]))
        elif subcommand == "resume":
            ack(**resume_reply(deps, context))
        elif subcommand == "avoid":
            ack(**avoid_reply(deps, context, " ".join(words[1:])))
        elif subcommand == "goal":
            ack()
            deps.follow_up(open_goal, deps, client, context, trigger_id)
        elif subcommand == "checkin":
            view = checkin_view(deps, context)
            if view is None:
                ack(**ephemeral(t("checkin.no_pair", locale)))
            else:
                ack()
                deps.follow_up(client.views_open, trigger_id=trigger_id, view=view)
        elif subcommand == "reflect":
            ack()
            deps.follow_up(open_reflect, deps, client, context, trigger_id)
        elif subcommand == "history":
            ack()
            view = history_view(deps, context, 0)
            deps.follow_up(client.views_open, trigger_id=trigger_id, view=view)
        elif subcommand == "settings":
            refusal = coordinators_only(deps, client, context)
            ack(**(refusal or {}))
            if refusal is None:
                deps.follow_up(open_settings, deps, client, context, trigger_id)
        elif subcommand == "digest":
            digest_command(deps, client, context, ack, respond, [w.lower() for w in words[1:]])
        elif subcommand == "export":
            export_command(deps, client, context, ack, respond)
        elif subcommand == "export-me":
            export_me(deps, client, context, ack, respond)
        elif subcommand == "forget-me":
            ack()
            deps.follow_up(open_forget, client, context, trigger_id)
        elif subcommand == "admin":
            ack(**admin_reply(deps, client, context, words[1:]))
        else:
            ack(**help_message(locale, unknown_command=words[0]))
