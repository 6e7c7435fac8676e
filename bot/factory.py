"""create_app: the Bolt app with its client, middleware, error handler and listeners."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore

from bot.config import Settings
from bot.db import Database
from bot.deps import Deps, utc_now
from bot.listeners import (
    availability,
    bookings,
    circle_forming,
    circle_rhythm,
    circles,
    coaching,
    commands,
    dedupe,
    digest,
    enrolment,
    fallback,
    feedback,
    guides,
    home,
    install,
    learnings,
    leave,
    member_context,
    partner,
    privacy,
    profile,
    programmes,
    resources,
    rhythm,
    rounds,
    sanitize,
    sessions,
    shortcuts,
    workflow_steps,
)
from bot.listeners import settings as settings_listeners
from bot.listeners.common import Malformed
from bot.listeners.dedupe import event_key
from bot.services import events
from bot.slack.clients import Clients, clients_for, make_client
from bot.slack.follow_up import FollowUps
from bot.slack.oauth import oauth_settings

log = logging.getLogger(__name__)
# Threads for the listeners' follow-ups in each gunicorn worker (bot/slack/follow_up.py): they wait
# on Slack (a modal, DMs, the Home tab) while the worker's own threads answer other requests.
# Each holds a database connection only inside a short transaction. (The Procfile runs 4
# workers: 32 such threads in all.)
FOLLOW_UP_THREADS = 8


def create_app(
    settings: Settings,
    database: Database,
    client: WebClient | None = None,
    *,
    clock: Callable[[], datetime] = utc_now,
    synchronous: bool = False,
    verify_token: bool = True,
    installations: InstallationStore | None = None,
    senders: Clients | None = None,
) -> App:
    """Build the app: on the one bot token, or, given the installation store, on each
    installed workspace's token (with the OAuth install pages). With verify_token, Slack's
    auth.test checks the one bot token up front. Listeners run in the request's thread and
    Slack is answered when they return; their follow-ups run on a pool of threads, or, when
    `synchronous` (tests), before the answer too. Follow-ups that send the outbox at once (a
    confirmed round's intros) use `senders` (default: this deployment's clients and paces)."""
    client = client or make_client(settings.slack_bot_token, settings.slack_api_url)
    executor = (
        None
        if synchronous
        else ThreadPoolExecutor(max_workers=FOLLOW_UP_THREADS, thread_name_prefix="follow-up")
    )
    deps = Deps(
        settings=settings,
        database=database,
        clock=clock,
        installations=installations,
        follow_up=FollowUps(executor),
        senders=senders or clients_for(settings, installations),
    )
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=not settings.socket_mode,
        token_verification_enabled=verify_token and installations is None,
        process_before_response=True,
        oauth_settings=None if installations is None else oauth_settings(deps, database.engine),
        listener_executor=executor,  # Bolt's, for lazy listeners (none here): no second pool
    )
    sanitize.register(app)
    dedupe.register(app, deps)
    member_context.register(app, deps)
    commands.register(app, deps)
    profile.register(app, deps)
    enrolment.register(app, deps)
    leave.register(app, deps)
    home.register(app, deps)
    rounds.register(app, deps)
    circle_forming.register(app, deps)
    partner.register(app, deps)
    availability.register(app, deps)
    coaching.register(app, deps)
    shortcuts.register(app, deps)
    circle_rhythm.register(app, deps)
    learnings.register(app, deps)
    guides.register(app, deps)
    rhythm.register(app, deps)
    bookings.register(app, deps)
    sessions.register(app, deps)
    settings_listeners.register(app, deps)
    programmes.register(app, deps)
    resources.register(app, deps)
    circles.register(app, deps)
    digest.register(app, deps)
    feedback.register(app, deps)
    privacy.register(app, deps)
    install.register(app, deps)
    workflow_steps.register(app, deps)
    fallback.register(app)  # last: only what nothing above handled

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse:
        kind = str(body.get("type") or body.get("command") or "request")[:64]
        if isinstance(error, Malformed):
            log.warning("malformed %s refused: %s", kind, error)
            return BoltResponse(status=400, body="malformed request")
        log.exception("unhandled error in %s", kind, exc_info=error)
        key = event_key(body)
        if key is not None:  # failed: Slack's retry of this event gets another go
            with deps.sessions.begin() as session:
                events.forget(session, *key)
        return BoltResponse(status=500, body="")

    return app
