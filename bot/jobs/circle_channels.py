"""Each circle's private channel, made to match the database: the clock's sweep tidies every
circle that does not match, and a listener's follow-up tidies one at once after a circle is
made, joined, left or closed.

For an open circle: its channel is made (conversations.create, private, named after the
topic), its members invited and those who left removed, and its intro posted once it has its
minimum size. A closed circle's channel gets a closing line and is archived. Every step is
recorded as it succeeds (the channel id at once), so a repeat does only what is left.

Two tidies of one circle never run at once (a lease row per circle: the clock and a web
worker's follow-up), and a message that may have reached Slack before a crash is looked for in
the channel (by the metadata the bot puts on it) before it is posted again. Slack calls happen
outside transactions.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.circle_channel import circle_closing, circle_intro, circle_newcomer
from bot.deps import Deps
from bot.services import circle_channels, lease
from bot.services.circle_channels import ChannelWork
from bot.slack import notify
from bot.slack.clients import POST, Clients, WorkspaceLimits
from bot.slack.errors import ACCOUNT_GONE
from bot.slack.people import locale_for

log = logging.getLogger(__name__)

LEASE_TTL = timedelta(minutes=5)  # longer than one circle's tidy takes
RETRY_AFTER = timedelta(minutes=15)  # a circle whose tidy failed waits this long to be tried
# circles a sweep tidies (oldest first; the rest at the next tick): conversations.create is
# Tier 2, about 20 a minute, and a tick should not wait long on one workspace's circles
SWEEP_MAX = 20
NAME_PREFIX = "circle-"
NAME_MAX = 80  # Slack's channel names: at most 80 characters
NAME_TRIES = 20  # the topic's name, then -2 ... -20 while Slack answers name_taken
INVITE_BATCH = 1000  # users a conversations.invite takes
INTRO_TYPE = "mentor_circle_intro"  # the metadata of a circle's intro
CLOSING_TYPE = "mentor_circle_closing"  # and of its closing line
HISTORY_LOOKBACK = 100
# Letters NFKD does not take apart into a base letter and a mark
SPELLED_OUT = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"}
# conversations.invite's answers for one person: in the channel already, or never to be
ALREADY_IN = frozenset({"already_in_channel", "cant_invite_self"})
NEVER_IN = ACCOUNT_GONE | frozenset(
    {"user_is_restricted", "user_is_ultra_restricted", "cant_invite", "ura_max_channels"}
)
# conversations.kick's answers that mean the person is out already
ALREADY_OUT = frozenset({"not_in_channel", "cant_kick_self", "user_not_found"})
GONE_CHANNEL = frozenset({"already_archived", "channel_not_found"})


def channel_name(topic: str, circle_id: int) -> str:
    """A channel name after the circle's topic, by Slack's rules: lowercase letters, digits,
    hyphens and underscores, at most 80 characters ("Ledarskap & Åtaganden" gives
    "circle-ledarskap-ataganden")."""
    spelled = "".join(SPELLED_OUT.get(char, char) for char in topic.lower())
    ascii_only = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_]+", "-", ascii_only).strip("-_")
    return (NAME_PREFIX + (slug or str(circle_id)))[:NAME_MAX].rstrip("-_")


def name_candidates(base: str) -> Iterator[str]:
    """The name, then the name with -2, -3, ... (kept within 80 characters)."""
    yield base
    for number in range(2, NAME_TRIES + 1):
        suffix = f"-{number}"
        yield base[: NAME_MAX - len(suffix)].rstrip("-_") + suffix


def tidy_circles(deps: Deps, clients: Clients, team_id: str) -> int:
    """The clock's sweep: tidy every circle of the workspace whose channel does not match,
    each on its own (one that fails is logged and the others go on); how many were tried."""
    if clients.client(team_id) is None:
        return 0
    with deps.sessions.begin() as session:
        circle_ids = circle_channels.untidy(session, team_id, deps.clock(), SWEEP_MAX)
    for circle_id in circle_ids:
        try:
            tidy(deps, clients, team_id, circle_id)
        except Exception:
            log.exception(
                "circle channel not tidied",
                extra={"team": team_id, "kind": "circle_channel", "circle": circle_id},
            )
    return len(circle_ids)


def tidy_now(deps: Deps, team_id: str, circle_id: int) -> None:
    """A listener's follow-up after a circle was made, joined, left or closed: its channel is
    tidied now instead of at the next tick (what fails here, the clock tries again after
    RETRY_AFTER)."""
    if deps.senders is not None:
        tidy(deps, deps.senders, team_id, circle_id)


def remove_from_channels(deps: Deps, team_id: str, user_id: str, channels: Sequence[str]) -> None:
    """A follow-up after someone asked to be forgotten: out of these circles' channels. Their
    places now count as the stand-in's, so the sweep cannot find them: a refusal is logged."""
    client = deps.senders.client(team_id) if deps.senders is not None else None
    if deps.senders is None or client is None:
        return
    limits = deps.senders.limiter(team_id)
    for channel in channels:
        limits.acquire("conversations.kick")
        try:
            client.conversations_kick(channel=channel, user=user_id)
        except SlackApiError as error:
            if _code(error) not in ALREADY_OUT | GONE_CHANNEL | {"is_archived"}:
                log.warning(
                    "not removed from a circle's channel: %s",
                    _code(error),
                    extra={"team": team_id, "kind": "circle_channel"},
                )


def tidy(deps: Deps, clients: Clients, team_id: str, circle_id: int) -> None:
    """Make one circle's channel match the database, unless another process is at it."""
    client = clients.client(team_id)
    if client is None:
        return
    name, holder = f"circle:{circle_id}", str(uuid.uuid4())
    with deps.sessions.begin() as session:
        if not lease.acquire(session, name, holder, deps.clock(), LEASE_TTL):
            return
    try:
        with deps.sessions.begin() as session:
            work = circle_channels.work_of(session, team_id, circle_id)
        if work is not None:
            _Tidy(deps, client, clients.limiter(team_id), work).run()
    except Exception:
        # a failure keeps the lease a while: the sweep passes this circle by until then, so
        # circles Slack refuses (a scope missing until a reinstall) never hold up the others
        with deps.sessions.begin() as session:
            lease.acquire(session, name, holder, deps.clock(), RETRY_AFTER)
        raise
    with deps.sessions.begin() as session:
        lease.release(session, name, holder)


class _Tidy:
    """One circle's tidy: each step calls Slack, then records what it did."""

    def __init__(
        self, deps: Deps, client: WebClient, limits: WorkspaceLimits, work: ChannelWork
    ) -> None:
        self.deps, self.client, self.limits, self.work = deps, client, limits, work
        self.made_now = False  # the channel is new: nothing can have been posted in it

    def run(self) -> None:
        work = self.work
        if work.closed:
            if work.channel_id is not None and not work.archived:
                self._archive(work.channel_id)
            return
        channel = work.channel_id or self._create()
        if channel is None:
            return
        invited = self._invite(channel, work.to_invite)
        self._remove(channel, work.to_remove)
        if not work.introduced:
            self._introduce(channel)
        elif invited:  # they join after the intro: a welcome of their own
            locale = self._locale(invited)
            for user_id in invited:
                self._post(channel, circle_newcomer(user_id, locale))

    def _create(self) -> str | None:
        work = self.work
        for name in name_candidates(channel_name(work.topic, work.circle_id)):
            self.limits.acquire("conversations.create")
            try:
                made = self.client.conversations_create(name=name, is_private=True)
            except SlackApiError as error:
                if error.response.get("error") == "name_taken":
                    continue
                raise
            channel = str(made["channel"]["id"])
            with self.deps.sessions.begin() as session:
                circle_channels.keep_channel(session, work.circle_id, channel)
            self.made_now = True
            return channel
        log.warning("no free channel name", extra={"team": work.team_id, "circle": work.circle_id})
        return None

    def _invite(self, channel: str, users: Sequence[str]) -> list[str]:
        """Invite these people (a call for up to 1,000; one by one when Slack refuses someone
        of a batch); who was newly put in the channel."""
        invited: list[str] = []
        for start in range(0, len(users), INVITE_BATCH):
            batch = list(users[start : start + INVITE_BATCH])
            try:
                self._invite_call(channel, batch)
            except SlackApiError as error:
                if len(batch) == 1:
                    self._not_invited(batch[0], error)
                elif _code(error) in ALREADY_IN | NEVER_IN:
                    invited += [u for u in batch if self._invite_one(channel, u)]
                else:
                    raise
            else:
                self._mark_in(batch)
                invited += batch
        return invited

    def _invite_one(self, channel: str, user_id: str) -> bool:
        try:
            self._invite_call(channel, [user_id])
        except SlackApiError as error:
            self._not_invited(user_id, error)
            return False
        self._mark_in([user_id])
        return True

    def _invite_call(self, channel: str, users: list[str]) -> None:
        self.limits.acquire("conversations.invite")
        self.client.conversations_invite(channel=channel, users=",".join(users))

    def _not_invited(self, user_id: str, error: SlackApiError) -> None:
        """Slack refused to invite someone: in already, never to be, or (raised) try later."""
        code = _code(error)
        if code in ALREADY_IN:
            self._mark_in([user_id])
        elif code in NEVER_IN:
            log.info(
                "circle member cannot join its channel: %s",
                code,
                extra={"team": self.work.team_id, "circle": self.work.circle_id},
            )
            with self.deps.sessions.begin() as session:
                circle_channels.refused(session, self.work.circle_id, user_id, self.deps.clock())
        else:
            raise error

    def _mark_in(self, users: list[str]) -> None:
        with self.deps.sessions.begin() as session:
            circle_channels.mark_in_channel(session, self.work.circle_id, users, True)

    def _remove(self, channel: str, users: Sequence[str]) -> None:
        for user_id in users:
            self.limits.acquire("conversations.kick")
            try:
                self.client.conversations_kick(channel=channel, user=user_id)
            except SlackApiError as error:
                if _code(error) not in ALREADY_OUT:
                    raise
            with self.deps.sessions.begin() as session:
                circle_channels.mark_in_channel(session, self.work.circle_id, [user_id], False)

    def _introduce(self, channel: str) -> None:
        with self.deps.sessions.begin() as session:
            intro = circle_channels.intro_of(session, self.work.circle_id)
        if intro is None:
            return
        locale = self._locale([person.user_id for person in intro.people])
        self._post(channel, circle_intro(intro, locale), INTRO_TYPE)
        with self.deps.sessions.begin() as session:
            circle_channels.intro_sent(session, self.work.circle_id, self.deps.clock())

    def _archive(self, channel: str) -> None:
        locale = self._locale(list(self.work.in_channel))
        try:
            self._post(channel, circle_closing(self.work.topic, locale), CLOSING_TYPE)
        except SlackApiError as error:  # the channel is archived all the same
            log.info("circle's closing line not posted: %s", _code(error))
        self.limits.acquire("conversations.archive")
        try:
            self.client.conversations_archive(channel=channel)
        except SlackApiError as error:
            if _code(error) not in GONE_CHANNEL:
                raise
        with self.deps.sessions.begin() as session:
            circle_channels.archived(session, self.work.circle_id, self.deps.clock())

    def _post(self, channel: str, message: dict[str, Any], kind: str | None = None) -> None:
        """Post into the channel; a message of `kind` only if no earlier try left it there."""
        if kind is not None and not self.made_now and self._posted_before(channel, kind):
            return
        self.limits.acquire(POST, channel)
        payload = {"circle_id": self.work.circle_id}
        self.client.chat_postMessage(
            channel=channel,
            text=message["text"],
            blocks=message["blocks"],
            metadata={"event_type": kind, "event_payload": payload} if kind else None,
        )

    def _posted_before(self, channel: str, kind: str) -> bool:
        self.limits.acquire("conversations.history")
        history = self.client.conversations_history(
            channel=channel, include_all_metadata=True, limit=HISTORY_LOOKBACK
        )
        messages: list[dict[str, Any]] = history.get("messages", [])
        for message in messages:
            meta: dict[str, Any] = message.get("metadata") or {}
            payload = meta.get("event_payload") or {}
            if meta.get("event_type") == kind and payload.get("circle_id") == self.work.circle_id:
                return True
        return False

    def _locale(self, readers: list[str]) -> str:
        """The programme's language; without one, the members' if they share one."""
        default = self.deps.settings.default_locale
        if self.work.locale is not None:
            return self.work.locale
        locales = [locale_for(self.deps, self.client, self.work.team_id, u) for u in readers]
        return notify.group_locale(locales, default)


def _code(error: SlackApiError) -> str:
    return str(error.response.get("error") or "")
