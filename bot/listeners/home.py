"""The App Home tab, published whenever someone opens it (bot.jobs.home renders it)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.blocks.celebrate import goals_completed
from bot.deps import Deps
from bot.domain import GoalCard
from bot.jobs.home import publish_home
from bot.listeners.common import team_and_user
from bot.slack import notify


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        team_id, user_id = team_and_user(context)
        deps.follow_up(publish_home, deps, client, team_id, user_id)


def celebrate(
    deps: Deps,
    client: WebClient,
    team_id: str,
    user_id: str,
    done: tuple[GoalCard, ...],
    locale: str,
) -> None:
    """Republish the person's Home (their goal now under Recently completed), then say well done.

    A DM, because App Home has no ephemeral messages and a banner on Home would stay there
    until the next publish; the Home shows the goal completed, the DM celebrates it once.
    """
    publish_home(deps, client, team_id, user_id)
    if done:
        notify.send_dm(client, user_id, goals_completed(done, locale))
