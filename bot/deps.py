"""What every listener and job needs, made once by the composition root and handed in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import Database
from bot.slack.clients import Clients
from bot.slack.follow_up import FollowUps


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    settings: Settings
    database: Database
    clock: Callable[[], datetime] = utc_now
    installations: InstallationStore | None = None  # installed through OAuth: the tokens
    follow_up: FollowUps = field(default_factory=FollowUps)  # a listener's work after its ack
    # what a listener's follow-up sends the outbox with at once (the clock has its own)
    senders: Clients | None = None

    @property
    def sessions(self) -> sessionmaker[Session]:
        """Sessions for a transaction: `with deps.sessions.begin() as session:`."""
        return self.database.sessions

    @property
    def reads(self) -> sessionmaker[Session]:
        """Sessions for a read on its own, outside a transaction (Database.reads)."""
        return self.database.reads
