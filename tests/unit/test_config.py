"""Settings: defaults, URL handling, and one clear line for every bad setting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings

ROOT = Path(__file__).resolve().parents[2]
HTTP = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"}


def test_defaults_in_http_mode():
    settings = Settings.from_env(HTTP)

    assert settings.socket_mode is False
    assert settings.database_url == "sqlite:///mentor.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.port == 3000
    assert settings.coordinators == frozenset()
    assert settings.digest_channel is None
    assert settings.default_locale == "en"


def test_every_setting_is_read():
    settings = Settings.from_env(
        {
            **HTTP,
            "SLACK_APP_TOKEN": "xapp-1-A",
            "DATABASE_URL": "postgres://u:p@db:5432/mentor",
            "SLACK_API_URL": "https://slack-gov.com/api",
            "PORT": "8080",
            "MENTOR_COORDINATORS": "U01ABC, W02DEF",
            "MENTOR_DIGEST_CHANNEL": "C0DIGEST",
            "MENTOR_DEFAULT_LOCALE": "SV",
        }
    )

    assert settings.socket_mode is True
    assert settings.database_url == "postgresql+psycopg://u:p@db:5432/mentor"
    assert settings.slack_api_url == "https://slack-gov.com/api/"  # the trailing slash matters
    assert settings.port == 8080
    assert settings.coordinators == {"U01ABC", "W02DEF"}
    assert settings.digest_channel == "C0DIGEST"
    assert settings.default_locale == "sv"


def test_postgresql_urls_use_psycopg3():
    env = {**HTTP, "DATABASE_URL": "postgresql://postgres@127.0.0.1/test"}
    assert Settings.from_env(env).database_url.startswith("postgresql+psycopg://")


def test_socket_mode_needs_no_signing_secret():
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert settings.socket_mode and settings.slack_signing_secret is None


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "  "}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({**HTTP, "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN"),
        ({**HTTP, "DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({**HTTP, "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
        ({**HTTP, "PORT": "eighty"}, "PORT"),
        ({**HTTP, "PORT": "70000"}, "PORT"),
        ({**HTTP, "PORT": "8²"}, "PORT"),
        ({**HTTP, "MENTOR_COORDINATORS": "U01ABC,@anna"}, "MENTOR_COORDINATORS"),
        ({**HTTP, "MENTOR_DIGEST_CHANNEL": "#coordinators"}, "MENTOR_DIGEST_CHANNEL"),
        ({**HTTP, "MENTOR_DEFAULT_LOCALE": "fr"}, "MENTOR_DEFAULT_LOCALE"),
    ],
)
def test_bad_setting_is_named(env: dict[str, str], named: str):
    with pytest.raises(ConfigError, match=named):
        Settings.from_env(env)


def test_dotenv_file_is_read_and_the_environment_wins(tmp_path: Path, monkeypatch):
    env_file = tmp_path / "test.env"
    env_file.write_text("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=file\nPORT=4000\n")
    monkeypatch.setenv("MENTOR_ENV_FILE", str(env_file))
    monkeypatch.setenv("PORT", "5000")
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)

    settings = Settings.from_env()

    assert settings.slack_bot_token == "xoxb-from-file"
    assert settings.port == 5000


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "x"}, "PORT"),
    ],
)
def test_the_program_stops_with_one_line_and_exit_code_2(tmp_path: Path, env, named):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTOR_"))}
    clean |= {"MENTOR_ENV_FILE": str(tmp_path / "none.env"), **env}

    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py")],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mentor-bot: ") and named in lines[0]
    assert "Traceback" not in result.stderr


OAUTH = {
    "SLACK_CLIENT_ID": "1111.2222",
    "SLACK_CLIENT_SECRET": "client-secret",
    "SLACK_SIGNING_SECRET": "s3cret",
    "MENTOR_TOKEN_KEYS": "k2RkA7g0tuY8lN0lJ0nDqL0N1oWuU5p0uA8Sx6b1z3Q=, "
    "9Kx1uQ2ZC8YlY2u1y2Qy0sR0b4nJ8aYx4o1o5b3WfGQ=",
}


def test_oauth_mode_needs_no_bot_token_and_reads_its_keys():
    settings = Settings.from_env(
        {**OAUTH, "SLACK_REDIRECT_URI": "https://bot.example/slack/oauth_redirect"}
    )

    assert settings.oauth and settings.slack_bot_token is None
    assert settings.slack_client_secret == "client-secret"
    assert len(settings.token_keys) == 2
    assert settings.redirect_uri == "https://bot.example/slack/oauth_redirect"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET"),
        ({"MENTOR_TOKEN_KEYS": ""}, "MENTOR_TOKEN_KEYS"),
        ({"MENTOR_TOKEN_KEYS": "not-a-key"}, "key 1 is not a Fernet key"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "both set"),
        ({"SLACK_APP_TOKEN": "xapp-1-A"}, "HTTP mode"),
        ({"SLACK_REDIRECT_URI": "bot.example/redirect"}, "SLACK_REDIRECT_URI"),
    ],
)
def test_a_bad_oauth_setting_is_named(change: dict[str, str], named: str):
    with pytest.raises(ConfigError, match=named):
        Settings.from_env({**OAUTH, **change})


def test_every_url_slack_sends_requests_to_is_the_one_door():
    """Slash command, events, interactivity and the menus' options load URL alike."""
    manifest = (ROOT / "manifest.yml").read_text()
    found = re.findall(r"^ +-? ?(\w*url): (\S+)$", manifest, re.MULTILINE)
    assert sorted(key for key, _ in found) == [
        "message_menu_options_url",
        "request_url",
        "request_url",
        "url",
    ]
    assert {url for _, url in found} == {"https://example.com/slack/events"}


def test_the_install_asks_for_the_scopes_the_manifest_lists():
    from bot.slack.oauth import BOT_SCOPES

    manifest = (ROOT / "manifest.yml").read_text()
    listed = manifest.split("    bot:\n", 1)[1].split("\n\n", 1)[0]
    scopes = [line.split("#")[0].strip().removeprefix("- ") for line in listed.splitlines()]
    assert tuple(scopes) == BOT_SCOPES
