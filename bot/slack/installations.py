"""Workspaces installed through OAuth: their tokens in slack_sdk's SQLAlchemy installation
store, encrypted before they are written (Fernet, keys from MENTOR_TOKEN_KEYS).

Rotating the key: put a new key first in MENTOR_TOKEN_KEYS (the old one after it), restart,
run `python -m bot.rekey` to encrypt every stored token with the new key, then
drop the old key from the list.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from typing import TypeVar

from cryptography.fernet import Fernet, MultiFernet
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine, select, update

from bot.config import Settings
from bot.models import slack_bots, slack_installations

log = logging.getLogger(__name__)
TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
STATE_SECONDS = 600  # an install started must finish within this
Stored = TypeVar("Stored", Installation, Bot)


class TokenCipher:
    """Encrypts with the first key; decrypts with any of them."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one Fernet key is needed")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def seal(self, token: str | None) -> str | None:
        return None if token is None else self._fernet.encrypt(token.encode()).decode()

    def open(self, sealed: str | None) -> str | None:
        return None if sealed is None else self._fernet.decrypt(sealed.encode()).decode()

    def reseal(self, sealed: str | None) -> str | None:
        """The same token encrypted with the first key."""
        return None if sealed is None else self._fernet.rotate(sealed.encode()).decode()


class EncryptedInstallationStore(InstallationStore):
    """slack_sdk's SQLAlchemy installation store; every token is encrypted before it is
    written and decrypted when it is read, so the database never holds one in the clear."""

    def __init__(self, client_id: str, engine: Engine, cipher: TokenCipher) -> None:
        self.stored = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)
        self.cipher = cipher

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: Installation) -> None:
        self.stored.save(self._sealed(installation))

    def save_bot(self, bot: Bot) -> None:
        self.stored.save_bot(self._sealed(bot))

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = self.stored.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(found)

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = self.stored.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(found)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.stored.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self.stored.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.stored.delete_all(enterprise_id=enterprise_id, team_id=team_id)

    def rekey(self) -> int:
        """Encrypt every stored token with the first key; the number of rows rewritten."""
        rows = 0
        with self.stored.engine.begin() as conn:
            for table in (slack_installations, slack_bots):
                columns = [table.c[name] for name in TOKEN_FIELDS if name in table.c]
                for row in conn.execute(select(table.c.id, *columns)).mappings():
                    values = {c.name: self.cipher.reseal(row[c.name]) for c in columns}
                    conn.execute(update(table).where(table.c.id == row["id"]).values(values))
                    rows += 1
        return rows

    def _sealed(self, stored: Stored) -> Stored:
        sealed = copy.copy(stored)
        for name in TOKEN_FIELDS:
            if hasattr(sealed, name):
                setattr(sealed, name, self.cipher.seal(getattr(stored, name)))
        return sealed

    def _opened(self, stored: Stored | None) -> Stored | None:
        if stored is None:
            return None
        for name in TOKEN_FIELDS:
            if hasattr(stored, name):
                setattr(stored, name, self.cipher.open(getattr(stored, name)))
        return stored


def store_for(settings: Settings, engine: Engine) -> EncryptedInstallationStore | None:
    """The installation store when the app is installed through OAuth; else None."""
    if not settings.oauth:
        return None
    assert settings.slack_client_id is not None
    return EncryptedInstallationStore(
        settings.slack_client_id, engine, TokenCipher(settings.token_keys)
    )


def token_rotator(settings: Settings) -> TokenRotator:
    """Refreshes rotating tokens at SLACK_API_URL (slack_sdk's default is always slack.com)."""
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    return TokenRotator(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        client=WebClient(base_url=settings.slack_api_url),
    )


def state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    """slack_sdk's OAuth state store on our table: a state is good for STATE_SECONDS."""
    return SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)
