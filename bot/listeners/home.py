"""The App Home tab, published whenever someone opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot import notify
from bot.blocks.home import home_view
from bot.deps import Deps
from bot.listeners.common import team_and_user
from bot.services import members


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        team_id, user_id = team_and_user(context)
        with deps.sessions.begin() as session:
            member = members.ensure_member(session, team_id, user_id, deps.clock())
            card = members.card(member, deps.settings.default_locale, deps.clock())
        notify.publish_home(client, user_id, home_view(card))
