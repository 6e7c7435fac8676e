"""Sending the outbox to Slack: throttled, retried, and never twice.

How a message is never doubled: each is posted with Slack message metadata carrying its outbox
id, and just before the post the row is marked unconfirmed (outbox.mark_posting). If a sender
dies after Slack accepted a message but before the row was marked sent, the row comes back
still unconfirmed (outbox.recover_stale), and before posting it again the sender
reads the conversation's recent history (the member's DM, or the group conversation noted on
the row before the post) and, finding the id, records that message instead of posting a
second. The same check follows a timeout, a 5xx or an unexpected failure, after which Slack may
have the message too.

Every kind goes this one way: prompts, reminders, nudges, wrap-ups, surveys, a new group's
intro (into the group's conversation, opened with conversations.open), a circle's prompt (into
the circle's channel), the "not placed" DM and "Did you meet?" after a booked session. A booked
session's reminder is scheduled in Slack instead, and deleted when the booking changes
(bot.jobs.reminders, same claims and records).
Each Web API call waits for its method's slot in the workspace (bot.slack.clients.PACES).

How none is lost: a row stays pending until Slack answers; 429s pause every worker for
Retry-After (and do not use up an attempt), 5xx and timeouts back off exponentially, and
permanent errors are recorded on the row (and an account Slack says is gone leaves the
programme) rather than dropped.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.outbox import outbox_message
from bot.deps import Deps
from bot.domain import CirclePromptNote, IntroNote, OutboxKind
from bot.jobs import reminders
from bot.services import outbox, programmes, rhythm, workspaces
from bot.services.outbox import Claimed
from bot.slack import notify
from bot.slack.clients import POST, Clients, WorkspaceLimits
from bot.slack.errors import ACCOUNT_GONE, UNREACHABLE
from bot.slack.people import locale_for

log = logging.getLogger(__name__)

METADATA_TYPE = "mentor_outbox"
RETRY_WAIT = timedelta(seconds=5)  # a retry due this soon is waited for within the tick
HISTORY_LOOKBACK = 100  # messages of the conversation searched for an unconfirmed one
NO_TOKEN_WAIT = timedelta(minutes=5)  # the workspace's token could not be had: try again then
IN_CONVERSATION = (OutboxKind.INTRO, OutboxKind.CIRCLE_PROMPT)  # posted to a group, not a DM


@dataclass
class DeliveryStats:
    sent: int = 0
    found_already_sent: int = 0
    retried: int = 0
    rate_limited: int = 0
    failed: int = 0
    skipped: int = 0
    released: int = 0  # claimed, then given back untried because the sender was stopping
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)


def deliver(
    deps: Deps,
    clients: Clients,
    *,
    workers: int = 4,
    batch: int = 100,
    stopping: threading.Event | None = None,
    progress: Callable[[], None] | None = None,
    team_id: str | None = None,
) -> DeliveryStats:
    """Send everything due now, each with its workspace's client and within its workspace's
    rate; returns what happened. Safe to run in several processes. Once `stopping` is set (the
    process is shutting down) nothing more is claimed: what is in flight is sent and recorded,
    the rest stays pending for the next clock. `progress` is called as each batch goes. Given
    `team_id`, only that workspace's rows are sent (a listener's follow-up sends its own
    workspace's; the clock sends everyone's)."""
    stats = DeliveryStats()
    with deps.sessions.begin() as session:
        outbox.recover_stale(session, deps.clock())
    pending: set[Future[None]] = set()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while True:
            items: list[Claimed] = []
            if stopping is None or not stopping.is_set():
                with deps.sessions.begin() as session:
                    items = outbox.claim(session, deps.clock(), str(uuid.uuid4()), batch, team_id)
            if not items and not pending:
                if (stopping is None or not stopping.is_set()) and _wait_for_retries(deps, team_id):
                    continue
                return stats
            pending |= {pool.submit(_send, deps, clients, stats, item, stopping) for item in items}
            if items:  # claim the next batch while half of this one is still being sent
                while len(pending) > batch // 2:
                    _, pending = wait(pending, return_when=FIRST_COMPLETED)
            else:
                wait(pending)
                pending = set()
            if progress is not None:
                progress()


def _wait_for_retries(deps: Deps, team_id: str | None) -> bool:
    """Wait for a retry (a 429, a 5xx) due within RETRY_WAIT rather than leave it to the next
    tick; False when there is none, or when the clock does not move (a fixed `now`)."""
    before = deps.clock()
    with deps.sessions.begin() as session:
        due = outbox.next_retry(session, team_id)
    if due is None or due - before > RETRY_WAIT:
        return False
    time.sleep(max((due - before).total_seconds(), 0.05))
    return deps.clock() > before


def _send(
    deps: Deps,
    clients: Clients,
    stats: DeliveryStats,
    item: Claimed,
    stopping: threading.Event | None = None,
) -> None:
    try:
        client = clients.client(item.team_id)
        if client is None:  # uninstalled meanwhile, or its token could not be refreshed
            _no_client(deps, stats, item)
            return
        _send_one(deps, client, clients.limiter(item.team_id), stats, item, stopping)
    except Exception:  # one bad item must not stop the others; it is retried later
        log.exception("outbox %s: unexpected error", item.id)
        _record(
            deps,
            lambda s: outbox.mark_retry(
                s, item.id, "unexpected", outbox.backoff(item.attempts), deps.clock()
            ),
        )
        stats.add("retried")


def _no_client(deps: Deps, stats: DeliveryStats, item: Claimed) -> None:
    """No token to send with: dropped if the app was uninstalled there, else tried later."""
    with deps.sessions.begin() as session:
        if workspaces.is_served(session, item.team_id):
            outbox.mark_retry(
                session, item.id, "no_token", NO_TOKEN_WAIT, deps.clock(), counts=False
            )
            stats.add("retried")
        else:
            outbox.mark_skipped(session, item.id, "uninstalled")
            stats.add("skipped")


def _send_one(
    deps: Deps,
    client: WebClient,
    limits: WorkspaceLimits,
    stats: DeliveryStats,
    item: Claimed,
    stopping: threading.Event | None,
) -> None:
    method = "conversations.history"  # the Web API method being called, for its 429s
    try:
        if item.kind in outbox.ANY_HOUR:  # a reminder scheduled in Slack, or its deletion
            method = "conversations.open"  # the only call there that raises Slack's errors

            def slot(name: str) -> bool:
                return _slot(deps, limits, stats, item, stopping, name)

            outcome = reminders.send(deps, client, slot, item)
            if outcome is not None:
                stats.add(outcome)
            return
        if item.maybe_sent_since is not None:
            found = _already_in_slack(deps, client, limits, item)
            if found is not None:
                _record(deps, lambda s: outbox.mark_sent(s, item.id, *found, deps.clock()))
                stats.add("found_already_sent")
                return
        with deps.sessions.begin() as session:
            note = rhythm.note_for(session, item, deps.clock(), deps.settings.default_locale)
            channel = outbox.channel_of(session, item.id)
            named = programmes.card_if_several(session, item.programme_id)
        if note is None:
            _record(deps, lambda s: outbox.mark_skipped(s, item.id, "no_longer_due"))
            stats.add("skipped")
            return
        if isinstance(note, IntroNote):
            readers = note.pairing.group.members
        elif isinstance(note, CirclePromptNote):
            readers = note.members
            if channel != note.channel:  # noted before the post, where a check would look
                circle_channel = channel = note.channel
                _record(deps, lambda s: outbox.keep_channel(s, item.id, circle_channel))
        else:
            readers = (item.user_id,)
        locales = [locale_for(deps, client, item.team_id, user) for user in readers]
        locale = notify.group_locale(locales, deps.settings.default_locale)
        message = outbox_message(note, item.user_id, locale, named)
        if isinstance(note, IntroNote) and channel is None:
            method = "conversations.open"
            if not _slot(deps, limits, stats, item, stopping, method):
                return
            opened = client.conversations_open(users=",".join(readers))
            channel = str(opened["channel"]["id"])
            _record(deps, lambda s: outbox.keep_channel(s, item.id, channel))
        method = POST
        target = channel if isinstance(note, IntroNote | CirclePromptNote) else item.user_id
        if not _slot(deps, limits, stats, item, stopping, method, target):
            return
        _record(deps, lambda s: outbox.mark_posting(s, item.id))
        response = client.chat_postMessage(
            channel=target,
            text=message["text"],
            blocks=message["blocks"],
            metadata={"event_type": METADATA_TYPE, "event_payload": {"outbox_id": item.id}},
        )
    except SlackApiError as error:
        _failed(deps, limits, stats, item, error, method)
        return
    except OSError as error:  # timeouts and broken connections: Slack may have it
        log.warning("outbox %s: %s", item.id, type(error).__name__)
        _record(
            deps,
            lambda s: outbox.mark_retry(
                s, item.id, "timeout", outbox.backoff(item.attempts), deps.clock()
            ),
        )
        stats.add("retried")
        return
    posted_in, ts = str(response["channel"]), str(response["ts"])
    _record(deps, lambda s: outbox.mark_sent(s, item.id, posted_in, ts, deps.clock()))
    stats.add("sent")


def _slot(
    deps: Deps,
    limits: WorkspaceLimits,
    stats: DeliveryStats,
    item: Claimed,
    stopping: threading.Event | None,
    method: str,
    channel: str | None = None,
) -> bool:
    """Wait for the method's turn; False (the row given back untried) when the sender is
    shutting down meanwhile."""
    limits.acquire(method, channel)
    if stopping is not None and stopping.is_set():
        _record(deps, lambda s: outbox.unclaim(s, item.id))
        stats.add("released")
        return False
    return True


def _failed(
    deps: Deps,
    limits: WorkspaceLimits,
    stats: DeliveryStats,
    item: Claimed,
    error: SlackApiError,
    method: str,
) -> None:
    status = error.response.status_code
    code = str(error.response.get("error") or f"http_{status}")
    now = deps.clock()
    if status == 429 or code == "ratelimited":
        wait = float(error.response.headers.get("Retry-After", 1) or 1)
        limits.pause(method, wait)
        _record(
            deps,
            lambda s: outbox.mark_retry(
                s, item.id, "ratelimited", timedelta(seconds=wait), now, counts=False
            ),
        )
        stats.add("rate_limited")
    elif status >= 500:
        _record(
            deps,
            lambda s: outbox.mark_retry(
                s, item.id, "server_error", outbox.backoff(item.attempts), now
            ),
        )
        stats.add("retried")
    elif code in UNREACHABLE:
        log.info("outbox %s: %s", item.id, code)
        # a group's intro names its first coach, a circle's prompt goes to its channel: the
        # account Slack means may be another member's
        gone = code in ACCOUNT_GONE and item.kind not in IN_CONVERSATION
        _record(deps, lambda s: outbox.mark_failed(s, item.id, code, gone, deps.clock()))
        stats.add("failed")
    else:
        log.warning("outbox %s: %s", item.id, code)
        _record(
            deps,
            lambda s: outbox.mark_retry(s, item.id, code[:64], outbox.backoff(item.attempts), now),
        )
        stats.add("retried")


def _already_in_slack(
    deps: Deps, client: WebClient, limits: WorkspaceLimits, item: Claimed
) -> tuple[str, str] | None:
    """The (channel, ts) of this item's message if an earlier attempt reached Slack."""
    assert item.maybe_sent_since is not None
    with deps.sessions.begin() as session:
        channel = outbox.channel_of(session, item.id)
        if channel is None and item.kind not in IN_CONVERSATION:
            channel = outbox.dm_channel(session, item.team_id, item.user_id)
    if channel is None:
        if item.kind in IN_CONVERSATION:  # noted before every post: none was made
            return None
        limits.acquire("conversations.open")
        opened = client.conversations_open(users=item.user_id)
        channel = str(opened["channel"]["id"])
    # The newest messages of the conversation: an attempt minutes ago is among them. No
    # `oldest` bound, so a skew between our clock and Slack's cannot hide it.
    limits.acquire("conversations.history")
    history = client.conversations_history(
        channel=channel, include_all_metadata=True, limit=HISTORY_LOOKBACK
    )
    for message in history.get("messages", []):
        meta: dict[str, Any] = message.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if meta.get("event_type") == METADATA_TYPE and payload.get("outbox_id") == item.id:
            return channel, str(message["ts"])
    return None


def _record(deps: Deps, change: Callable[[Any], None]) -> None:
    with deps.sessions.begin() as session:
        change(session)
