"""What the clock sends with in each workspace: its Web API client and its send rate.

In the single-workspace deployment that is the one bot token; installed through OAuth, each
workspace's own token from the installation store (rotated before it expires), and nothing at
all for a workspace that uninstalled the app. Each workspace has rate limiters of its own, one
for each Web API method, since Slack's limits are per method and per workspace.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
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
TIER_3 = 50 / 60  # calls a second: Tier 3 is "50+ a minute"
TIER_2 = 20 / 60  # Tier 2 is "20+ a minute"
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


@dataclass(frozen=True)
class Pace:
    """How fast one method may be called in a workspace: `per_second` on average, with up to
    `burst` calls at once after a quiet spell (Slack counts over per-minute windows)."""

    per_second: float
    burst: int = 1


# Each method's pace in one workspace, from Slack's rate tiers (/work/shared/slack/FACTS.md §2:
# docs.slack.dev apis/web-api/rate-limits, the method pages, and Slack's own tier table in
# slackapi/java-slack-sdk MethodsRateLimits.java). Slack limits each method separately, and a
# 429 stops only that method. chat.postMessage's pace is the `rate` the clients are given.
PACES: Mapping[str, Pace] = {
    "chat.update": Pace(TIER_3, burst=5),  # Tier 3
    "conversations.open": Pace(TIER_3, burst=5),  # Tier 3: a group's conversation, for an intro
    "conversations.history": Pace(TIER_3, burst=5),  # Tier 3: the "was it sent?" check
    "chat.scheduleMessage": Pace(TIER_3, burst=5),  # Tier 3 (FACTS.md §13): reminders
    "chat.deleteScheduledMessage": Pace(TIER_3, burst=5),  # Tier 3 (its method page)
    "chat.scheduledMessages.list": Pace(TIER_3, burst=5),  # Tier 3: the "was it scheduled?" check
    # a circle's private channel (FACTS.md §13): made (Tier 2), people invited and removed
    # (Tier 3), archived when the circle closes (Tier 2, its method page)
    "conversations.create": Pace(TIER_2, burst=3),
    "conversations.invite": Pace(TIER_3, burst=5),
    "conversations.kick": Pace(TIER_3, burst=5),
    "conversations.archive": Pace(TIER_2, burst=3),
}
PER_CHANNEL = Pace(1.0)  # chat.postMessage: about one message a second in each conversation
POST = "chat.postMessage"  # special tier: several hundred a minute a workspace, see DEFAULT_RATE


class RateLimiter:
    """At most `rate` calls a second across threads (after a burst of `burst`); a 429 pauses
    everyone for Retry-After."""

    def __init__(
        self, rate: float, sleep: Callable[[float], None] = time.sleep, burst: int = 1
    ) -> None:
        self.interval = 1.0 / rate
        self.sleep = sleep
        self.slack = (burst - 1) * self.interval  # how far behind the next slot may fall
        self.lock = threading.Lock()
        self.next_slot = time.monotonic()

    def acquire(self) -> None:
        with self.lock:
            now = time.monotonic()
            slot = max(self.next_slot, now - self.slack)
            self.next_slot = slot + self.interval
        if slot > now:
            self.sleep(slot - now)

    def pause(self, seconds: float) -> None:
        with self.lock:
            self.next_slot = max(self.next_slot, time.monotonic() + seconds)

    def idle(self) -> bool:
        """Nothing waits for this limiter's next slot (it may be forgotten)."""
        return self.next_slot < time.monotonic()


class WorkspaceLimits:
    """One workspace's pace for each Web API method, and for posting into each conversation."""

    CHANNELS_KEPT = 1000  # above this many channels' limiters, the idle ones are forgotten

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        sleep: Callable[[float], None] = time.sleep,
        paces: Mapping[str, Pace] = PACES,
    ) -> None:
        self.sleep = sleep
        self.paces = {**paces, POST: Pace(rate)}
        self.lock = threading.Lock()
        self.methods: dict[str, RateLimiter] = {}
        self.channels: dict[str, RateLimiter] = {}

    def acquire(self, method: str, channel: str | None = None) -> None:
        """Wait for the method's next slot in this workspace (and, for a post, the channel's)."""
        if method == POST and channel is not None:
            self._channel(channel).acquire()
        self.method(method).acquire()

    def pause(self, method: str, seconds: float) -> None:
        """Slack answered 429 for this method: nobody calls it for `seconds`."""
        self.method(method).pause(seconds)

    def method(self, method: str) -> RateLimiter:
        with self.lock:
            if method not in self.methods:
                pace = self.paces.get(method, Pace(1.0))  # others: Slack's "about 1 a second"
                self.methods[method] = RateLimiter(pace.per_second, self.sleep, pace.burst)
            return self.methods[method]

    def _channel(self, channel: str) -> RateLimiter:
        with self.lock:
            if len(self.channels) > self.CHANNELS_KEPT:
                self.channels = {c: r for c, r in self.channels.items() if not r.idle()}
            if channel not in self.channels:
                self.channels[channel] = RateLimiter(PER_CHANNEL.per_second, self.sleep)
            return self.channels[channel]


def delivery_client(token: str | None, base_url: str, timeout: int = 10) -> WebClient:
    """A client without retry handlers: the sender decides about every failure itself."""
    return WebClient(token=token, base_url=base_url, timeout=timeout, retry_handlers=[])


class Clients(Protocol):
    def client(self, team_id: str) -> WebClient | None:
        """The workspace's client; None when there is no token to send with (now)."""

    def limiter(self, team_id: str) -> WorkspaceLimits:
        """The workspace's rate limiters."""


class _Limiters:
    def __init__(
        self, rate: float, sleep: Callable[[float], None], paces: Mapping[str, Pace]
    ) -> None:
        self.rate, self.sleep, self.paces = rate, sleep, paces
        self.lock = threading.Lock()
        self.by_team: dict[str, WorkspaceLimits] = {}

    def limiter(self, team_id: str) -> WorkspaceLimits:
        with self.lock:
            if team_id not in self.by_team:
                self.by_team[team_id] = WorkspaceLimits(self.rate, self.sleep, self.paces)
            return self.by_team[team_id]


class OneWorkspace(_Limiters):
    """One bot token for every workspace the database knows (SLACK_BOT_TOKEN)."""

    def __init__(
        self,
        client: WebClient,
        rate: float = DEFAULT_RATE,
        sleep: Callable[[float], None] = time.sleep,
        paces: Mapping[str, Pace] = PACES,
    ) -> None:
        super().__init__(rate, sleep, paces)
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
        paces: Mapping[str, Pace] = PACES,
    ) -> None:
        super().__init__(rate, sleep, paces)
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
    paces: Mapping[str, Pace] = PACES,
) -> Clients:
    """The clients of this deployment: installed workspaces, or the one bot token."""
    if store is None:
        client = delivery_client(settings.slack_bot_token, settings.slack_api_url)
        return OneWorkspace(client, rate, sleep, paces)
    return Installed(store, token_rotator(settings), settings.slack_api_url, rate, sleep, paces)
