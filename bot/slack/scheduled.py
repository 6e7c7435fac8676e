"""Messages Slack posts later (chat.scheduleMessage), for reminders before a booked session.

Slack's rules (docs.slack.dev reference/methods/chat.scheduleMessage and
chat.deleteScheduledMessage; FACTS.md §13):

- `post_at` is in whole Unix seconds, in the future (else `time_in_past`) and at most 120 days
  ahead (else `time_too_far`); at most 30 messages may be due in any 5-minute window in one
  channel (else `restricted_too_many`).
- Never pass `metadata`: Slack's bug alert says a message scheduled with it does not post. So a
  scheduled message cannot carry the outbox id; `pending()` lists what is still to post.
- A scheduled message is deleted with `chat.deleteScheduledMessage` in the channel Slack
  answered with (a person's DM is answered as its D... id). Slack answers
  `invalid_scheduled_message_id` for an ID it does not know, and for a message already posted
  or deleted. Either way nothing of it is left to post, which is all a caller deleting it
  wants, so that is not a failure here.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

# chat.deleteScheduledMessage: the message is not pending (unknown, posted or deleted)
NOT_PENDING = frozenset({"invalid_scheduled_message_id"})


@dataclass(frozen=True)
class Scheduled:
    """A message Slack will post: delete it with its `channel` and `id`."""

    channel: str  # the conversation, as Slack names it (D... for a person's DM)
    id: str  # scheduled_message_id
    post_at: datetime  # aware UTC, whole seconds
    text: str = ""


def schedule(
    client: WebClient, channel: str, post_at: datetime, message: dict[str, Any]
) -> tuple[Scheduled | None, str | None]:
    """Schedule `message` ({"text", "blocks"}) for `post_at` (aware; rounded up to the second)
    in a conversation or a person's DM (their user ID): (what Slack will post, None), or
    (None, Slack's error code), logged."""
    if post_at.tzinfo is None:
        raise ValueError("post_at must be an aware datetime")
    seconds = math.ceil(post_at.timestamp())
    try:
        response = client.chat_scheduleMessage(
            channel=channel, post_at=seconds, text=message["text"], blocks=message.get("blocks")
        )
    except SlackApiError as error:
        code = _code(error)
        log.error("message to %s not scheduled for %s: %s", channel, seconds, code)
        return None, code
    scheduled = Scheduled(
        channel=str(response["channel"]),
        id=str(response["scheduled_message_id"]),
        post_at=datetime.fromtimestamp(int(response["post_at"]), UTC),
        text=message["text"],
    )
    return scheduled, None


def unschedule(client: WebClient, channel: str, scheduled_id: str) -> bool:
    """Make sure a scheduled message never posts: True when it was deleted now or was no longer
    pending (already posted, deleted, or unknown to Slack); False (logged) when Slack refused,
    so it may still post."""
    try:
        client.chat_deleteScheduledMessage(channel=channel, scheduled_message_id=scheduled_id)
    except SlackApiError as error:
        code = _code(error)
        if code in NOT_PENDING:
            log.info("scheduled message %s in %s was not pending: %s", scheduled_id, channel, code)
            return True
        log.error("scheduled message %s in %s not deleted: %s", scheduled_id, channel, code)
        return False
    return True


def pending(client: WebClient, channel: str) -> list[Scheduled] | None:
    """The bot's messages still to post in a conversation, soonest first (every page of
    chat.scheduledMessages.list); None (logged) when Slack refused."""
    found: list[Scheduled] = []
    cursor: str | None = None
    try:
        while True:
            response = client.chat_scheduledMessages_list(channel=channel, cursor=cursor)
            found += [
                Scheduled(
                    channel=str(item["channel_id"]),
                    id=str(item["id"]),
                    post_at=datetime.fromtimestamp(int(item["post_at"]), UTC),
                    text=str(item.get("text") or ""),
                )
                for item in response.get("scheduled_messages") or []
            ]
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if cursor is None:
                break
    except SlackApiError as error:
        log.error("scheduled messages in %s not listed: %s", channel, _code(error))
        return None
    return sorted(found, key=lambda message: (message.post_at, message.id))


def _code(error: SlackApiError) -> str:
    return str(error.response.get("error") or f"http_{error.response.status_code}")
