"""Sending at the edge: DMs, App Home publishing and files, with Slack's errors mapped and
logged; and what users.info tells of a person."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.slack.errors import UNREACHABLE

log = logging.getLogger(__name__)


def send_dm(client: WebClient, user_id: str, message: dict[str, Any]) -> str | None:
    """Post `message` ({"text", "blocks"}) to the person's DM; the `ts`, or None if it failed."""
    try:
        response = client.chat_postMessage(
            channel=user_id, text=message["text"], blocks=message.get("blocks")
        )
    except SlackApiError as error:
        code = error.response.get("error", "unknown")
        level = logging.INFO if code in UNREACHABLE else logging.ERROR
        log.log(level, "DM to %s not sent: %s", user_id, code)
        return None
    return str(response.get("ts"))


def group_locale(locales: list[str], default: str) -> str:
    """The language of a message several people read: theirs if they share one."""
    return locales[0] if locales and len(set(locales)) == 1 else default


def open_group(client: WebClient, user_ids: list[str]) -> str | None:
    """The group conversation of these people and the bot (the same set gives the same one)."""
    try:
        response = client.conversations_open(users=",".join(user_ids))
    except SlackApiError as error:
        log.error("group conversation not opened: %s", error.response.get("error"))
        return None
    channel = response.get("channel") or {}
    return str(channel["id"]) if "id" in channel else None


def post(client: WebClient, channel: str, message: dict[str, Any]) -> str | None:
    """Post to a conversation; the `ts`, or None (logged) when Slack refuses."""
    return post_or_error(client, channel, message)[0]


def post_or_error(
    client: WebClient, channel: str, message: dict[str, Any]
) -> tuple[str | None, str | None]:
    """Post to a conversation: (the `ts`, None), or (None, Slack's error code), logged."""
    try:
        response = client.chat_postMessage(
            channel=channel, text=message["text"], blocks=message.get("blocks")
        )
    except SlackApiError as error:
        code = str(error.response.get("error") or f"http_{error.response.status_code}")
        log.error("message to %s not sent: %s", channel, code)
        return None, code
    return str(response.get("ts")), None


def permalink(client: WebClient, channel: str, ts: str) -> str | None:
    """A link to a message (chat.getPermalink); None (logged) when Slack will not give one."""
    try:
        response = client.chat_getPermalink(channel=channel, message_ts=ts)
    except SlackApiError as error:
        log.warning("no permalink for %s: %s", ts, error.response.get("error"))
        return None
    link = response.get("permalink")
    return str(link) if link else None


def replace(client: WebClient, channel: str, ts: str, message: dict[str, Any]) -> bool:
    """Replace a message the bot sent (its buttons go with it)."""
    try:
        client.chat_update(
            channel=channel, ts=ts, text=message["text"], blocks=message.get("blocks")
        )
    except SlackApiError as error:
        log.error("message %s not updated: %s", ts, error.response.get("error"))
        return False
    return True


def publish_home(client: WebClient, user_id: str, view: dict[str, Any]) -> bool:
    """Publish the App Home tab; False (logged) when Slack refuses."""
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as error:
        log.error("App Home for %s not published: %s", user_id, error.response.get("error"))
        return False
    return True


def update_view(
    client: WebClient, view_id: str, view: dict[str, Any], view_hash: str | None = None
) -> bool:
    """Replace an open modal, unless it changed since its `view_hash` (when given) was read;
    False (logged) when Slack refuses (the person closed it). A hash_conflict is no fault:
    the view was updated meanwhile (a second choice made before the first was shown), and the
    newer view stays."""
    try:
        client.views_update(view_id=view_id, hash=view_hash, view=view)
    except SlackApiError as error:
        code = error.response.get("error")
        log.log(
            logging.INFO if code == "hash_conflict" else logging.ERROR,
            "view %s not updated: %s",
            view_id,
            code,
        )
        return False
    return True


def slack_user(client: WebClient, user_id: str) -> dict[str, Any] | None:
    """users.info with the locale, or None when Slack will not tell (logged)."""
    try:
        response = client.users_info(user=user_id, include_locale=True)
    except SlackApiError as error:
        log.warning("users.info for %s failed: %s", user_id, error.response.get("error"))
        return None
    user = response.get("user")
    return user if isinstance(user, dict) else None


@dataclass(frozen=True)
class Contact:
    """How a calendar invitation names a person: their Slack name, and their email address
    when Slack gives one (the users:read.email scope, and an account that has one)."""

    name: str | None
    email: str | None


def contact_of(user: dict[str, Any]) -> Contact:
    """A person's name and email from their users.info `user` object."""
    profile = user.get("profile") or {}
    name = profile.get("real_name") or user.get("real_name") or profile.get("display_name")
    email = profile.get("email")
    return Contact(str(name) if name else None, str(email) if email else None)


def contact(client: WebClient, user_id: str) -> Contact:
    """A person's name and email from users.info; nothing known (logged) when Slack refuses."""
    user = slack_user(client, user_id)
    return contact_of(user) if user is not None else Contact(None, None)


def upload(
    client: WebClient, user_id: str, data: bytes, filename: str, title: str, comment: str
) -> bool:
    """Share a file in the person's DM with the bot; False if it failed."""
    channel = open_group(client, [user_id])
    return channel is not None and share_file(
        client, channel, data, filename=filename, title=title, comment=comment
    )


def share_file(
    client: WebClient,
    channel: str,
    data: bytes,
    *,
    filename: str,
    title: str,
    comment: str | None = None,
    thread_ts: str | None = None,
    alt_text: str | None = None,
) -> bool:
    """Share a file in a conversation, or in a message's thread, with an optional comment
    (files upload v2: files.getUploadURLExternal, the bytes POSTed to the URL it gives, then
    files.completeUploadExternal with channel_id and initial_comment); False (logged) if it
    failed."""
    try:
        client.files_upload_v2(
            channel=channel,
            file=data,
            filename=filename,
            title=title,
            initial_comment=comment,
            thread_ts=thread_ts,
            alt_txt=alt_text,
        )
    except SlackApiError as error:
        log.error("file %s not shared in %s: %s", filename, channel, error.response.get("error"))
        return False
    except SlackRequestError as error:  # the upload URL refused the bytes (step two)
        log.error("file %s not shared in %s: %s", filename, channel, error)
        return False
    return True
