"""What every entry point does first: settings and the app, or one clear line and exit 2."""

from __future__ import annotations

import sys
from typing import NoReturn

from slack_bolt import App
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import InstallationStore

from bot.config import ConfigError, Settings
from bot.db import Database
from bot.deps import utc_now
from bot.factory import create_app
from bot.services import workspaces
from bot.slack.clients import make_client


def stop(message: str, code: int = 2) -> NoReturn:
    print(f"mentor-bot: {message}", file=sys.stderr)
    raise SystemExit(code)


def settings_or_stop() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as error:
        stop(str(error))


def app_or_stop(
    settings: Settings,
    database: Database,
    installations: InstallationStore | None = None,
) -> App:
    """The Bolt app: installed through OAuth (the installation store given), or on the one
    bot token once Slack has accepted it (auth.test)."""
    client = make_client(settings.slack_bot_token, settings.slack_api_url)
    if installations is not None:
        return create_app(settings, database, client, installations=installations)
    try:
        team_id = str(client.auth_test()["team_id"])
    except SlackApiError as error:
        stop(
            f"Slack rejected SLACK_BOT_TOKEN ({error.response.get('error')}): copy the "
            "Bot User OAuth Token again from your app's OAuth & Permissions page"
        )
    except OSError as error:
        stop(f"cannot reach Slack's Web API at {settings.slack_api_url} ({error})", code=1)
    with (
        database.sessions.begin() as session
    ):  # a token that works: the workspace is served (again)
        workspaces.installed(session, team_id, None, utc_now(), settings.coordinators)
    return create_app(settings, database, client, verify_token=False)
