"""The App Home tab, published whenever someone opens it or changes what it shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.celebrate import goals_completed
from bot.blocks.home import home_view
from bot.deps import Deps
from bot.domain import CoordinatorPanel, Dashboard, GoalCard, GoalStatus
from bot.listeners.common import team_and_user
from bot.services import (
    availability,
    checkins,
    coordinators,
    digest_figures,
    goals,
    history,
    members,
    pairs,
    programme,
)
from bot.slack import notify


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        team_id, user_id = team_and_user(context)
        deps.follow_up(publish_home, deps, client, team_id, user_id)


def publish_home(deps: Deps, client: WebClient, team_id: str, user_id: str) -> None:
    """Render the person's Home tab from the database and publish it."""
    with deps.sessions.begin() as session:  # one transaction; the person's Slack facts are
        view = home_of(deps, session, team_id, user_id, deps.clock())  # as cached (a day)
    notify.publish_home(client, user_id, view)


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


def home_of(
    deps: Deps, session: Session, team_id: str, user_id: str, now: datetime
) -> dict[str, Any]:
    """The person's Home tab as `session` sees the database."""
    member = members.ensure_member(session, team_id, user_id, now)
    card = members.card(member, deps.settings.default_locale, now)
    board = dashboard(session, team_id, user_id, now) if card.is_participant else None
    panel = None
    if coordinators.is_coordinator(session, team_id, user_id, deps.settings.coordinators):
        chosen = programme.settings_of(session, team_id, deps.settings.digest_channel)
        figures = digest_figures.figures(session, team_id, now, chosen.cadence_days)
        panel = CoordinatorPanel(figures, chosen)
    return home_view(card, board, panel)


def dashboard(session: Session, team_id: str, user_id: str, now: datetime) -> Dashboard:
    pair = pairs.current_pair(session, team_id, user_id, now)
    recent, _ = history.history(session, team_id, user_id)
    partners = [m for m in pairs.members_of(session, pair) if m != user_id] if pair else []
    return Dashboard(
        partner_goals=tuple(
            goal
            for partner in partners
            for goal in goals.shared_goals_of(session, team_id, partner)
            if goal.status is not GoalStatus.COMPLETED
        ),
        pairing=pairs.pairing_card(session, pair, user_id) if pair else None,
        next_due=checkins.next_session_due(session, pair) if pair else None,
        goals=tuple(goals.goals_of(session, team_id, user_id, open_only=True)),
        recent=tuple(recent),
        avoided=tuple(availability.avoided_by(session, team_id, user_id)),
        completed=tuple(goals.recently_completed(session, team_id, user_id, now)),
    )
