"""Installing the app to a workspace through Slack's OAuth flow: /slack/install starts it,
/slack/oauth_redirect finishes it, the tokens go to the encrypted installation store."""

from __future__ import annotations

import logging

from slack_bolt import BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.config import DEFAULT_SLACK_API_URL
from bot.deps import Deps
from bot.installations import state_store
from bot.services import workspaces

log = logging.getLogger(__name__)

# As in manifest.yml (a test holds the two together).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "mpim:write",
    "im:write",
    "im:history",
    "users:read",
    "chat:write.public",
    "files:write",
)
SLACK_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"


def authorize_url(api_url: str) -> str:
    """Slack's authorize page beside its Web API (slack.com, GovSlack, or a stand-in)."""
    if api_url == DEFAULT_SLACK_API_URL:
        return SLACK_AUTHORIZE_URL
    return api_url.removesuffix("/").removesuffix("api") + "oauth/v2/authorize"


def oauth_settings(deps: Deps, engine: Engine) -> OAuthSettings:
    settings = deps.settings
    assert settings.slack_client_id is not None and deps.installations is not None

    def installed(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.team_id is not None:
            with deps.sessions.begin() as session:
                workspaces.installed(
                    session,
                    installation.team_id,
                    installation.user_id,
                    deps.clock(),
                    settings.coordinators,
                )
            log.info("installed", extra={"team": installation.team_id, "kind": "install"})
        return args.default.success(args)

    def failed(args: FailureArgs) -> BoltResponse:
        log.warning("install failed: %s", args.reason, extra={"kind": "install"})
        return args.default.failure(args)

    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.redirect_uri,
        authorization_url=authorize_url(settings.slack_api_url),
        installation_store=deps.installations,
        installation_store_bot_only=True,
        state_store=state_store(engine),
        callback_options=CallbackOptions(success=installed, failure=failed),
    )
    # Bolt's own authorize refreshes rotating tokens at slack.com whatever the API URL; this
    # one asks SLACK_API_URL (GovSlack, a stand-in), like every other call.
    oauth.authorize = InstallationStoreAuthorize(
        logger=log,
        installation_store=deps.installations,
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        bot_only=True,
        client=WebClient(base_url=settings.slack_api_url),
    )
    return oauth
