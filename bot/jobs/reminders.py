"""The outbox's scheduled reminders (bot.services.session_messages): a SESSION_REMINDER row is
scheduled in Slack with chat.scheduleMessage (Slack posts it 15 minutes before the session), an
UNSCHEDULE row deletes one with chat.deleteScheduledMessage. Neither waits for working hours
(outbox.ANY_HOUR): scheduling is no message to the person now, and a deletion must come before
the reminder posts.

The outbox's guarantees hold:
- at most once: a scheduled message cannot carry the outbox id (metadata stops it posting,
  FACTS.md §13), so after an attempt that may have reached Slack the member's DM's pending
  messages are listed, and one with the row's post_at and text that no other row has recorded
  is taken as this row's instead of scheduling a second;
- never lost: the row stays pending until Slack answers (a deletion waits for its reminder's
  own attempt to settle);
- paced: each call waits for its method's slot in the workspace.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient

from bot.blocks.sessions import session_message
from bot.deps import Deps
from bot.domain import OutboxKind, OutboxStatus
from bot.services import bookings, outbox, session_messages
from bot.services.outbox import Claimed
from bot.services.session_messages import MIN_LEAD
from bot.slack import scheduled
from bot.slack.errors import ACCOUNT_GONE, UNREACHABLE
from bot.slack.people import locale_for

# Slack's answers after which it may hold the message all the same
SERVER_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
WAIT_FOR_REMINDER = timedelta(seconds=30)  # a deletion whose reminder is still being scheduled
WINDOW_FULL = timedelta(minutes=5)  # restricted_too_many: 30 already due in 5 minutes there
RATE_LIMITED = timedelta(seconds=30)  # ratelimited after the client's own retries

Slot = Callable[[str], bool]  # wait for the method's turn; False: the sender is stopping


def send(deps: Deps, client: WebClient, slot: Slot, item: Claimed) -> str | None:
    """Do the row's work; the DeliveryStats count it adds to (None: given back untried)."""
    if item.kind is OutboxKind.UNSCHEDULE:
        return _unschedule(deps, client, slot, item)
    return _schedule(deps, client, slot, item)


def _schedule(deps: Deps, client: WebClient, slot: Slot, item: Claimed) -> str | None:
    now = deps.clock()
    with deps.sessions.begin() as session:
        booking = bookings.card(session, item.team_id, item.ref_id)
        note = session_messages.said(session, item, booking)
        wanted = session_messages.note_for(session, item, booking, now) is not None
        dm = outbox.dm_channel(session, item.team_id, item.user_id)
        known = session_messages.scheduled_ids(session, item.team_id, item.user_id)
    if note is None:
        return _skip(deps, item, "no_longer_due")
    message = session_message(note, locale_for(deps, client, item.team_id, item.user_id))
    post_at = note.start - session_messages.LEAD
    if item.maybe_sent_since is not None:
        if dm is None:
            if not slot("conversations.open"):
                return None
            dm = str(client.conversations_open(users=item.user_id)["channel"]["id"])
        if not slot("chat.scheduledMessages.list"):
            return None
        listed = scheduled.pending(client, dm)
        if listed is None:  # still uncertain: look again later
            return _retry(deps, item, "unconfirmed", outbox.backoff(item.attempts))
        found = next(
            (
                held
                for held in listed
                if _seconds(held.post_at) == _seconds(post_at)
                and held.text == message["text"]
                and held.id not in known
            ),
            None,
        )
        if found is not None:
            with deps.sessions.begin() as session:
                outbox.mark_sent(session, item.id, found.channel, found.id, deps.clock())
                if not wanted:
                    session_messages.unschedule_row(session, item.id, deps.clock())
            return "found_already_sent"
    if not wanted:
        return _skip(deps, item, "no_longer_due")
    if post_at <= now + MIN_LEAD:
        return _skip(deps, item, "too_late")
    if not slot("chat.scheduleMessage"):
        return None
    _record(deps, lambda s: outbox.mark_posting(s, item.id))
    # never with metadata: Slack does not post a message scheduled with it (FACTS.md §13)
    done, code = scheduled.schedule(client, dm or item.user_id, post_at, message)
    if done is not None:
        _record(deps, lambda s: outbox.mark_sent(s, item.id, done.channel, done.id, deps.clock()))
        return "sent"
    return _refused(deps, item, code or "unexpected")


def _refused(deps: Deps, item: Claimed, code: str) -> str:
    """What Slack's refusal to schedule means for the row."""
    if code == "ratelimited":
        return _retry(deps, item, code, RATE_LIMITED, counts=False, stat="rate_limited")
    if code in SERVER_ERRORS or code.startswith("http_5"):
        return _retry(deps, item, "server_error", outbox.backoff(item.attempts))
    if code == "time_in_past":
        return _skip(deps, item, "too_late")
    if code == "restricted_too_many":  # tried again as the window empties, until too late
        return _retry(deps, item, code, WINDOW_FULL, counts=False)
    if code in UNREACHABLE:
        gone = code in ACCOUNT_GONE
        _record(deps, lambda s: outbox.mark_failed(s, item.id, code, gone, deps.clock()))
        return "failed"
    return _retry(deps, item, code[:64], outbox.backoff(item.attempts))


def _unschedule(deps: Deps, client: WebClient, slot: Slot, item: Claimed) -> str | None:
    with deps.sessions.begin() as session:
        reminder = session_messages.reminder_row(session, item.team_id, item.ref_id)
    if reminder is None or reminder.status in (OutboxStatus.SKIPPED, OutboxStatus.FAILED):
        return _skip(deps, item, "not_scheduled")
    if reminder.status in (OutboxStatus.PENDING, OutboxStatus.SENDING):
        # its own attempt has not settled: Slack may hold it once it has
        return _retry(deps, item, "waiting", WAIT_FOR_REMINDER, counts=False)
    if reminder.channel is None or reminder.scheduled_id is None:
        return _skip(deps, item, "not_scheduled")
    if reminder.post_at <= deps.clock():
        return _skip(deps, item, "posted")
    if not slot("chat.deleteScheduledMessage"):
        return None
    if not scheduled.unschedule(client, reminder.channel, reminder.scheduled_id):
        return _retry(deps, item, "not_deleted", outbox.backoff(item.attempts))
    channel, scheduled_id = reminder.channel, reminder.scheduled_id
    _record(deps, lambda s: outbox.mark_sent(s, item.id, channel, scheduled_id, deps.clock()))
    return "sent"


def _skip(deps: Deps, item: Claimed, why: str) -> str:
    _record(deps, lambda s: outbox.mark_skipped(s, item.id, why))
    return "skipped"


def _retry(
    deps: Deps,
    item: Claimed,
    error: str,
    delay: timedelta,
    counts: bool = True,
    stat: str = "retried",
) -> str:
    now = deps.clock()
    _record(deps, lambda s: outbox.mark_retry(s, item.id, error, delay, now, counts))
    return stat


def _record(deps: Deps, change: Callable[[Any], None]) -> None:
    with deps.sessions.begin() as session:
        change(session)


def _seconds(moment: datetime) -> int:
    return math.ceil(moment.timestamp())
