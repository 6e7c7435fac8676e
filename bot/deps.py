"""What every listener and job needs, handed in once by the factory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import make_autocommit
from bot.follow_up import FollowUps


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    settings: Settings
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = utc_now
    installations: InstallationStore | None = None  # installed through OAuth: the tokens
    follow_up: FollowUps = field(default_factory=FollowUps)  # a listener's work after its ack
    autocommit: Engine = field(init=False)  # statements on their own (db.make_autocommit)

    def __post_init__(self) -> None:
        object.__setattr__(self, "autocommit", make_autocommit(self.sessions))
