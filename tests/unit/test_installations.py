"""Stored tokens: encrypted at rest, readable under a rotated key, re-encrypted by rekey."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet, InvalidToken
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.installations import EncryptedInstallationStore, TokenCipher
from bot.models import slack_bots, slack_installations

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
TOKEN, REFRESH = "xoxb-1-secret-bot-token", "xoxe-1-secret-refresh"


def store(engine: Engine, *keys: str) -> EncryptedInstallationStore:
    return EncryptedInstallationStore("1111.2222", engine, TokenCipher(keys))


def installation() -> Installation:
    return Installation(
        app_id="AMENTOR",
        team_id="T0ALPHA",
        user_id="UADA",
        bot_token=TOKEN,
        bot_id="B1",
        bot_user_id="UBOT",
        bot_scopes="commands,chat:write",
        bot_refresh_token=REFRESH,
        bot_token_expires_in=43200,
    )


def sealed_values(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        rows = session.execute(select(slack_bots.c.bot_token, slack_bots.c.bot_refresh_token))
        rows2 = session.execute(select(slack_installations.c.bot_token))
        return [v for row in [*rows, *rows2] for v in row if v is not None]


def test_tokens_are_stored_encrypted_and_read_back(engine: Engine, sessions: sessionmaker[Session]):
    store(engine, OLD).save(installation())

    assert all(TOKEN not in v and REFRESH not in v for v in sealed_values(sessions))
    bot = store(engine, OLD).find_bot(enterprise_id=None, team_id="T0ALPHA")
    assert bot is not None and (bot.bot_token, bot.bot_refresh_token) == (TOKEN, REFRESH)
    found = store(engine, OLD).find_installation(enterprise_id=None, team_id="T0ALPHA")
    assert found is not None and found.bot_token == TOKEN


def test_rotating_the_key_then_rekey_leaves_only_the_new_key_needed(
    engine: Engine, sessions: sessionmaker[Session]
):
    store(engine, OLD).save(installation())
    rotated = store(engine, NEW, OLD)  # the new key first, the old one still listed
    bot = rotated.find_bot(enterprise_id=None, team_id="T0ALPHA")
    assert bot is not None and bot.bot_token == TOKEN
    before = sealed_values(sessions)

    assert rotated.rekey() == 2  # the installation row and the bot row

    assert sealed_values(sessions) != before
    bot = store(engine, NEW).find_bot(enterprise_id=None, team_id="T0ALPHA")
    assert bot is not None and bot.bot_token == TOKEN
    with pytest.raises(InvalidToken):
        store(engine, OLD).find_bot(enterprise_id=None, team_id="T0ALPHA")
