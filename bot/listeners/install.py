"""The app leaving a workspace: uninstalled, or its tokens revoked. The tokens are deleted
and nothing more is sent there; the programme's data is deleted RETENTION later (see
bot/services/workspaces.py) unless the app is installed again before then."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext

from bot.deps import Deps
from bot.services import workspaces

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.event("app_uninstalled")
    def uninstalled(context: BoltContext) -> None:
        if context.team_id:
            disconnect(deps, context.team_id, context.enterprise_id)

    @app.event("tokens_revoked")
    def revoked(event: dict[str, Any], context: BoltContext) -> None:
        tokens = event.get("tokens") or {}
        if not context.team_id:
            return
        if tokens.get("bot"):  # the bot's token is dead: as good as uninstalled
            disconnect(deps, context.team_id, context.enterprise_id)
        elif deps.installations is not None:
            for user_id in tokens.get("oauth") or []:
                deps.installations.delete_installation(
                    enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user_id
                )


def disconnect(deps: Deps, team_id: str, enterprise_id: str | None) -> None:
    if deps.installations is not None:
        deps.installations.delete_all(enterprise_id=enterprise_id, team_id=team_id)
    with deps.sessions.begin() as session:
        dropped = workspaces.uninstalled(session, team_id, deps.clock())
    log.info("uninstalled", extra={"team": team_id, "kind": "uninstall", "dropped": dropped})
