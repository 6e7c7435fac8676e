"""Slack's shortcuts: "Log a coaching session" (global) opens the check-in /mentor checkin
opens; "Save as a reflection" (on a message) opens a private reflection prefilled with the
message's text and a link to it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.choose import pairing_menu
from bot.blocks.common import message_modal
from bot.deps import Deps
from bot.domain import REFLECTION_TEXT_MAX
from bot.i18n import t
from bot.listeners.coaching import checkin_start, open_reflect
from bot.listeners.common import team_and_user
from bot.slack import notify

# Slack escapes these three in a message's text; a text input shows what the person wrote.
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def open_log_session(deps: Deps, client: WebClient, context: BoltContext, trigger_id: str) -> None:
    """The check-in modal of the person's pair or circle; with several partners, the choice
    in a DM (a shortcut has no reply of its own) and a modal saying so; with none, a modal
    saying what /mentor checkin says."""
    locale: str = context["locale"]
    pairings, view = checkin_start(deps, context)
    if len(pairings) > 1:
        _, user_id = team_and_user(context)
        notify.send_dm(client, user_id, pairing_menu(pairings, locale))
        text = t("shortcuts.choose_in_dm", locale)
    elif view is not None:
        client.views_open(trigger_id=trigger_id, view=view)
        return
    else:
        text = t("checkin.no_pair", locale)
    title = t("shortcuts.checkin_title", locale)
    said = message_modal(title, text, t("common.close", locale))
    client.views_open(trigger_id=trigger_id, view=said)


def reflection_text(text: str, link: str | None) -> str:
    """A message's text as a reflection starts: unescaped, cut to leave room for the link on
    its own line, within the reflection's maximum length."""
    for entity, character in _ENTITIES:
        text = text.replace(entity, character)
    room = REFLECTION_TEXT_MAX - len(link) - 2 if link else REFLECTION_TEXT_MAX
    if link is None or room < 0:
        return text[:REFLECTION_TEXT_MAX].strip()
    return f"{text[:room].strip()}\n\n{link}".strip()


def open_saved_reflection(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    trigger_id: str,
    message: dict[str, Any],
    channel: str,
) -> None:
    """The reflection modal, prefilled with the message and (when Slack gives one) its link."""
    ts = str(message.get("ts") or "")
    link = notify.permalink(client, channel, ts) if channel and ts else None
    initial = reflection_text(str(message.get("text") or ""), link)
    open_reflect(deps, client, context, trigger_id, initial=initial)


def register(app: App, deps: Deps) -> None:
    @app.global_shortcut(ids.LOG_SESSION_SHORTCUT)
    def log_session(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        deps.follow_up(open_log_session, deps, client, context, body["trigger_id"])

    @app.message_shortcut(ids.SAVE_REFLECTION_SHORTCUT)
    def save_reflection(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        message = body.get("message") or {}
        channel = str((body.get("channel") or {}).get("id") or "")
        deps.follow_up(
            open_saved_reflection, deps, client, context, body["trigger_id"], message, channel
        )
