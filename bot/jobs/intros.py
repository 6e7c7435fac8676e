"""New groups' intros, sent at once: a listener's follow-up runs the outbox's delivery (the
same claims as the clock's, so a row is never sent by both) instead of waiting for the next
tick, and the coordinator who confirmed a round watches it go in a message of its own.

The intros and "not placed" DMs are outbox rows, queued with the round or the new pairs
(pairs.queue_intros, pairs.queue_unplaced); what the follow-up leaves (a 429, a crash) the
clock sends, and it updates the progress message too (show_progress_of).
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.blocks.progress import progress_message
from bot.deps import Deps
from bot.jobs.delivery import deliver
from bot.services import intro_progress
from bot.slack import notify
from bot.slack.clients import Clients
from bot.slack.people import locale_for

log = logging.getLogger(__name__)
PROGRESS_BATCH = 20  # rows claimed at a time by a follow-up: the progress message moves as often


def send_now(deps: Deps, team_id: str) -> None:
    """Send what is due now in the workspace (new pairs' intros) without waiting for the
    clock."""
    if deps.senders is not None:
        deliver(deps, deps.senders, batch=PROGRESS_BATCH, team_id=team_id)


def introduce_round(deps: Deps, team_id: str, round_id: int, coordinator: str, locale: str) -> None:
    """Show the coordinator a progress message, send the round's intros and "not placed" DMs
    now, updating it as batches go, and show how it ended (or what still waits, and why)."""
    clients = deps.senders
    client = clients.client(team_id) if clients is not None else None
    if clients is None or client is None:
        return  # the clock sends them, and no message shows it
    with deps.sessions.begin() as session:
        progress = intro_progress.figures(session, round_id, deps.clock())
    if progress.groups == 0 and progress.unplaced == 0:
        return
    try:
        clients.limiter(team_id).acquire("chat.postMessage", coordinator)
        posted = client.chat_postMessage(channel=coordinator, **progress_message(progress, locale))
    except SlackApiError as error:  # the intros still go; only the message is missing
        log.warning("progress message not posted: %s", error.response.get("error"))
    else:
        with deps.sessions.begin() as session:
            intro_progress.start(
                session, team_id, round_id, coordinator, str(posted["channel"]), str(posted["ts"])
            )

    def show() -> None:
        show_progress(deps, clients, team_id, round_id, locale)

    deliver(deps, clients, batch=PROGRESS_BATCH, progress=show, team_id=team_id)
    show()


def show_progress_of(deps: Deps, clients: Clients, team_id: str) -> None:
    """Bring the workspace's unfinished progress messages up to date (the clock's part)."""
    with deps.sessions.begin() as session:
        rounds = intro_progress.unfinished(session, team_id)
    for round_id in rounds:
        show_progress(deps, clients, team_id, round_id)


def show_progress(
    deps: Deps, clients: Clients, team_id: str, round_id: int, locale: str | None = None
) -> None:
    """Update the round's progress message when what it shows has changed."""
    client = clients.client(team_id)
    with deps.sessions.begin() as session:
        shown = intro_progress.message_of(session, round_id)
        progress = intro_progress.figures(session, round_id, deps.clock())
    if client is None or shown is None or shown.shown == progress.fingerprint:
        return
    locale = locale or locale_for(deps, client, team_id, shown.user_id)
    clients.limiter(team_id).acquire("chat.update")
    if notify.replace(client, shown.channel, shown.ts, progress_message(progress, locale)):
        with deps.sessions.begin() as session:
            intro_progress.shown(session, round_id, progress, deps.clock())
