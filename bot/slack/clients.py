"""What the clock sends with in each workspace: its Web API client and its send rate.

In the single-workspace deployment that is the one bot token; installed through OAuth, each
workspace's own token from the installation store (rotated before it expires), and nothing at
all for a workspace that uninstalled the app. Each workspace has a rate limiter of its own,
since Slack's limits are per workspace.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.config import Settings
from bot.slack.installations import token_rotator

log = logging.getLogger(__name__)
DEFAULT_RATE = 4.0  # messages a second per workspace: Slack allows "several hundred a minute"
ROTATE_MINUTES = 120  # a token expiring sooner than this is refreshed before it is used


def make_client(token: str | None, base_url: str, timeout: int = 10) -> WebClient:
    """A WebClient that waits out 429s and retries connection failures and 5xx."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


class RateLimiter:
    """At most `rate` sends a second across threads; a 429 pauses everyone for Retry-After."""

    def __init__(self, rate: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / rate
        self.sleep = sleep
        self.lock = threading.Lock()
        self.next_slot = time.monotonic()

    def acquire(self) -> None:
        with self.lock:
            now = time.monotonic()
            slot = max(self.next_slot, now)
            self.next_slot = slot + self.interval
        if slot > now:
            self.sleep(slot - now)

    def pause(self, seconds: float) -> None:
        with self.lock:
            self.next_slot = max(self.next_slot, time.monotonic() + seconds)


def delivery_client(token: str | None, base_url: str, timeout: int = 10) -> WebClient:
    """A client without retry handlers: the sender decides about every failure itself."""
    return WebClient(token=token, base_url=base_url, timeout=timeout, retry_handlers=[])


class Clients(Protocol):
    def client(self, team_id: str) -> WebClient | None:
        """The workspace's client; None when there is no token to send with (now)."""

    def limiter(self, team_id: str) -> RateLimiter:
        """The workspace's rate limiter."""


class _Limiters:
    def __init__(self, rate: float, sleep: Callable[[float], None]) -> None:
        self.rate, self.sleep = rate, sleep
        self.lock = threading.Lock()
        self.by_team: dict[str, RateLimiter] = {}

    def limiter(self, team_id: str) -> RateLimiter:
        with self.lock:
            if team_id not in self.by_team:
                self.by_team[team_id] = RateLimiter(self.rate, self.sleep)
            return self.by_team[team_id]


class OneWorkspace(_Limiters):
    """One bot token for every workspace the database knows (SLACK_BOT_TOKEN)."""

    def __init__(
        self,
        client: WebClient,
        rate: float = DEFAULT_RATE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(rate, sleep)
        self._client = client

    def client(self, team_id: str) -> WebClient | None:
        return self._client


class Installed(_Limiters):
    """Each workspace's bot token, from the installation store."""

    def __init__(
        self,
        store: InstallationStore,
        rotator: TokenRotator,
        base_url: str,
        rate: float = DEFAULT_RATE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(rate, sleep)
        self.store, self.rotator, self.base_url = store, rotator, base_url
        self.cached: dict[str, WebClient] = {}  # team -> the client of its current token

    def client(self, team_id: str) -> WebClient | None:
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            return None
        if bot.bot_refresh_token is not None:
            try:
                refreshed = self.rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=ROTATE_MINUTES
                )
            except SlackTokenRotationError as error:
                log.error("token of %s not refreshed: %s", team_id, error.api_error)
                return None
            if refreshed is not None:
                self.store.save_bot(refreshed)
                bot = refreshed
        token = bot.bot_token
        if token is None:
            return None
        with self.lock:
            cached = self.cached.get(team_id)
            if cached is None or cached.token != token:
                cached = self.cached[team_id] = delivery_client(token, self.base_url)
            return cached


def clients_for(
    settings: Settings,
    store: InstallationStore | None,
    rate: float = DEFAULT_RATE,
    sleep: Callable[[float], None] = time.sleep,
) -> Clients:
    """The clients of this deployment: installed workspaces, or the one bot token."""
    if store is None:
        client = delivery_client(settings.slack_bot_token, settings.slack_api_url)
        return OneWorkspace(client, rate, sleep)
    return Installed(store, token_rotator(settings), settings.slack_api_url, rate, sleep)
