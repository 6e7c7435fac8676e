"""Installing the app to a workspace through Slack's OAuth flow: /slack/install starts it,
/slack/oauth_redirect finishes it, the tokens go to the encrypted installation store."""

from __future__ import annotations

import logging

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from sqlalchemy import Engine

from bot.deps import Deps
from bot.services import workspaces
from bot.slack.installations import state_store, token_rotator

log = logging.getLogger(__name__)

# As in manifest.yml (a test holds the two together).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "mpim:write",
    "im:write",
    "im:history",
    "mpim:history",
    "users:read",
    "users:read.email",
    "chat:write.public",
    "files:write",
    "groups:write",
    "groups:history",
)


def authorize_url(api_url: str) -> str:
    """Slack's authorize page beside its Web API: https://slack.com/api/ gives
    https://slack.com/oauth/v2/authorize, and so for GovSlack or a stand-in."""
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
    # Bolt's authorize would refresh rotating tokens at slack.com whatever the API URL; with
    # the clock's rotator it asks SLACK_API_URL (GovSlack, a stand-in), like every other call.
    oauth.authorize.token_rotator = token_rotator(settings)
    return oauth
