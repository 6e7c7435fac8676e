"""Stored tokens: encrypted at rest, readable under a rotated key, re-encrypted by rekey."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.db import make_engine
from bot.migrate import upgrade_to_head
from bot.slack.installations import EncryptedInstallationStore, TokenCipher
from tests.scenarios.installed import stored_tokens

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


def test_tokens_are_stored_encrypted_and_read_back(engine: Engine, sessions: sessionmaker[Session]):
    store(engine, OLD).save(installation())

    assert all(TOKEN not in v and REFRESH not in v for v in stored_tokens(sessions))
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
    before = stored_tokens(sessions)

    assert rotated.rekey() == 2  # the installation row and the bot row

    assert stored_tokens(sessions) != before
    bot = store(engine, NEW).find_bot(enterprise_id=None, team_id="T0ALPHA")
    assert bot is not None and bot.bot_token == TOKEN
    with pytest.raises(InvalidToken):
        store(engine, OLD).find_bot(enterprise_id=None, team_id="T0ALPHA")


def test_rekey_from_the_command_line(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'rekey.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    store(engine, OLD).save(installation())
    env = {
        "PATH": os.environ["PATH"],
        "MENTOR_ENV_FILE": str(tmp_path / "none.env"),
        "DATABASE_URL": url,
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_CLIENT_ID": "1111.2222",
        "SLACK_CLIENT_SECRET": "secret",
    }
    command = [sys.executable, "-m", "bot.rekey"]

    refused = subprocess.run(
        command, env={**env, "MENTOR_TOKEN_KEYS": NEW}, capture_output=True, text=True
    )
    done = subprocess.run(
        command, env={**env, "MENTOR_TOKEN_KEYS": f"{NEW},{OLD}"}, capture_output=True, text=True
    )

    assert refused.returncode == 1 and "keep the old key" in refused.stderr
    assert done.returncode == 0 and "2 rows" in done.stdout
    bot = store(engine, NEW).find_bot(enterprise_id=None, team_id="T0ALPHA")
    assert bot is not None and bot.bot_token == TOKEN
    engine.dispose()
