"""Settings from the environment and `.env`: the only module that reads either."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from dotenv import dotenv_values

DEFAULT_DATABASE_URL = "sqlite:///mentor.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
SUPPORTED_LOCALES = ("en", "sv", "nb", "da", "fi", "de")

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it and says how to fix it."""


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str | None  # None when installed through OAuth (a token a workspace)
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    slack_api_url: str = DEFAULT_SLACK_API_URL
    port: int = 3000
    coordinators: frozenset[str] = field(default_factory=frozenset)
    digest_channel: str | None = None
    default_locale: str = "en"
    secret_key: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    redirect_uri: str | None = None
    token_keys: tuple[str, ...] = ()  # Fernet keys of the stored tokens: the first encrypts

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    @property
    def oauth(self) -> bool:
        """Installed to many workspaces through Slack's OAuth flow, not run on one token."""
        return self.slack_client_id is not None

    @property
    def feedback_key(self) -> bytes:
        """The key of the anonymous survey's respondent hash: MENTOR_SECRET_KEY, else derived
        from the signing secret (else the bot token). It never reaches the database."""
        base = self.secret_key or self.slack_signing_secret or self.slack_bot_token or ""
        return hmac.new(base.encode(), b"mentor-bot feedback respondent", hashlib.sha256).digest()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every setting; raise ConfigError naming the first bad one."""
        env = load_environment(environ)
        client_id = _optional(env, "SLACK_CLIENT_ID")
        token = _bot_token(env) if client_id is None else _no_bot_token(env)
        app_token = _optional(env, "SLACK_APP_TOKEN")
        if app_token is not None and not app_token.startswith("xapp-"):
            raise ConfigError(
                "SLACK_APP_TOKEN must be an app-level token starting with xapp- "
                "(Basic Information > App-Level Tokens, scope connections:write), "
                "or left unset to serve HTTP"
            )
        secret = _optional(env, "SLACK_SIGNING_SECRET")
        if app_token is None and secret is None:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is required in HTTP mode: copy the Signing Secret "
                "from your app's Basic Information page (or set SLACK_APP_TOKEN for Socket Mode)"
            )
        return cls(
            slack_bot_token=token,
            slack_signing_secret=secret,
            slack_app_token=app_token,
            database_url=database_url_from(env),
            slack_api_url=_api_url(env),
            port=_port(env),
            coordinators=_coordinators(env),
            digest_channel=_digest_channel(env),
            default_locale=_locale(env),
            secret_key=_optional(env, "MENTOR_SECRET_KEY"),
            **(_oauth(env, client_id, app_token) if client_id is not None else {}),
        )


def _bot_token(env: Mapping[str, str]) -> str:
    token = _required(
        env,
        "SLACK_BOT_TOKEN",
        "the Bot User OAuth Token (xoxb-...) from your app's OAuth & Permissions page "
        "(or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install the app to many workspaces)",
    )
    if not token.startswith("xoxb-"):
        raise ConfigError(
            "SLACK_BOT_TOKEN must be a bot token starting with xoxb- "
            "(OAuth & Permissions > Bot User OAuth Token)"
        )
    return token


def _no_bot_token(env: Mapping[str, str]) -> None:
    if _optional(env, "SLACK_BOT_TOKEN") is not None:
        raise ConfigError(
            "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: unset SLACK_BOT_TOKEN to install "
            "the app to workspaces through OAuth, or SLACK_CLIENT_ID to run in one workspace"
        )


def _oauth(env: Mapping[str, str], client_id: str, app_token: str | None) -> dict[str, Any]:
    """The settings of installing through OAuth: client secret, token keys, redirect URL."""
    if app_token is not None:
        raise ConfigError(
            "SLACK_CLIENT_ID needs HTTP mode (Slack's install redirect comes over HTTPS): "
            "unset SLACK_APP_TOKEN"
        )
    secret = _required(
        env, "SLACK_CLIENT_SECRET", "the Client Secret from your app's Basic Information page"
    )
    raw = _required(
        env,
        "MENTOR_TOKEN_KEYS",
        'a key that encrypts the stored tokens; make one with: python -c "from '
        'cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"',
    )
    keys = tuple(part.strip() for part in raw.split(",") if part.strip())
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ConfigError(
                f"MENTOR_TOKEN_KEYS: key {number} is not a Fernet key (32 bytes, url-safe "
                "base64, as Fernet.generate_key() makes); the keys are comma-separated"
            ) from None
    redirect = _optional(env, "SLACK_REDIRECT_URI")
    if redirect is not None and not redirect.startswith(("https://", "http://")):
        raise ConfigError(
            "SLACK_REDIRECT_URI must be the URL of /slack/oauth_redirect on your host, "
            "as listed under OAuth & Permissions > Redirect URLs"
        )
    return {
        "slack_client_id": client_id,
        "slack_client_secret": secret,
        "token_keys": keys,
        "redirect_uri": redirect,
    }


def load_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment over the values in `.env` (the environment wins)."""
    if environ is not None:
        return dict(environ)
    dotenv_path = Path(os.environ.get("MENTOR_ENV_FILE", ".env"))
    values = {k: v for k, v in dotenv_values(dotenv_path).items() if v is not None}
    values.update(os.environ)
    return values


def database_url_from(env: Mapping[str, str]) -> str:
    """DATABASE_URL as SQLAlchemy wants it: postgres:// URLs are served by psycopg 3."""
    url = _optional(env, "DATABASE_URL") or DEFAULT_DATABASE_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if not url.startswith(("sqlite:", "postgresql+")):
        raise ConfigError(
            "DATABASE_URL must be a sqlite:/// or postgresql:// URL, "
            "for example sqlite:///mentor.db or postgresql://user:pass@host:5432/mentor"
        )
    return url


def database_url_from_env() -> str:
    """The database URL alone, for tools (Alembic) that need no Slack settings."""
    return database_url_from(load_environment())


def _optional(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _required(env: Mapping[str, str], name: str, how: str) -> str:
    value = _optional(env, name)
    if value is None:
        raise ConfigError(f"{name} is not set: set it in the environment or .env to {how}")
    return value


def _api_url(env: Mapping[str, str]) -> str:
    url = _optional(env, "SLACK_API_URL") or DEFAULT_SLACK_API_URL
    if not url.startswith(("https://", "http://")):
        raise ConfigError(
            "SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ "
            "(or https://slack-gov.com/api/ for GovSlack)"
        )
    return url if url.endswith("/") else url + "/"


def _port(env: Mapping[str, str]) -> int:
    raw = _optional(env, "PORT") or "3000"
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < 65536:
        raise ConfigError(f"PORT must be a TCP port number from 1 to 65535, not {raw!r}")
    return int(raw)


def _coordinators(env: Mapping[str, str]) -> frozenset[str]:
    raw = _optional(env, "MENTOR_COORDINATORS") or ""
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    bad = [user for user in ids if not _USER_ID.match(user)]
    if bad:
        raise ConfigError(
            "MENTOR_COORDINATORS must be comma-separated Slack user IDs such as U012AB3CD "
            f"(profile > ... > Copy member ID); not valid: {', '.join(bad)}"
        )
    return frozenset(ids)


def _digest_channel(env: Mapping[str, str]) -> str | None:
    channel = _optional(env, "MENTOR_DIGEST_CHANNEL")
    if channel is not None and not _CHANNEL_ID.match(channel):
        raise ConfigError(
            "MENTOR_DIGEST_CHANNEL must be a channel ID such as C012AB3CD "
            "(channel details > About > Channel ID), not a name"
        )
    return channel


def _locale(env: Mapping[str, str]) -> str:
    locale = (_optional(env, "MENTOR_DEFAULT_LOCALE") or "en").lower()
    if locale not in SUPPORTED_LOCALES:
        raise ConfigError(
            f"MENTOR_DEFAULT_LOCALE must be one of {', '.join(SUPPORTED_LOCALES)}, not {locale!r}"
        )
    return locale
