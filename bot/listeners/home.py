"""The App Home tab, published whenever someone opens it or changes what it shows."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot import notify
from bot.blocks.home import home_view
from bot.deps import Deps
from bot.listeners.common import team_and_user
from bot.services import availability, members, pairs


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        team_id, user_id = team_and_user(context)
        publish_home(deps, client, team_id, user_id)


def publish_home(deps: Deps, client: WebClient, team_id: str, user_id: str) -> None:
    """Render the person's Home tab from the database and publish it."""
    now = deps.clock()
    with deps.sessions.begin() as session:
        member = members.ensure_member(session, team_id, user_id, now)
        card = members.card(member, deps.settings.default_locale, now)
        pair = pairs.current_pair(session, team_id, user_id, now) if card.is_participant else None
        pairing = pairs.pairing_card(session, pair, user_id) if pair else None
        avoided = tuple(availability.avoided_by(session, team_id, user_id))
    notify.publish_home(client, user_id, home_view(card, pairing, avoided))
