"""Publishing a person's App Home tab: when they open it, and after anything it shows changes
(by them or by someone else, such as their partner booking or cancelling a session)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.home import home_view
from bot.deps import Deps
from bot.domain import CoordinatorPanel
from bot.services import coordinators, dashboard, digest_figures, members, programmes
from bot.slack import notify


def publish_home(deps: Deps, client: WebClient, team_id: str, user_id: str) -> None:
    """Render the person's Home tab from the database and publish it."""
    with deps.sessions.begin() as session:  # one transaction; the person's Slack facts are
        view = home_of(deps, session, team_id, user_id, deps.clock())  # as cached (a day)
    notify.publish_home(client, user_id, view)


def home_of(
    deps: Deps, session: Session, team_id: str, user_id: str, now: datetime
) -> dict[str, Any]:
    """The person's Home tab as `session` sees the database."""
    member = members.ensure_member(session, team_id, user_id, now)
    programme_id = programmes.current(session, team_id, now)
    place = members.place_of(session, programme_id, user_id)
    card = members.card(member, place, deps.settings.default_locale, now)
    board = (
        dashboard.dashboard(session, team_id, programme_id, user_id, now, card.locale)
        if card.is_participant
        else None
    )
    panel = None
    configured = deps.settings.coordinators
    if coordinators.is_coordinator(session, team_id, programme_id, user_id, configured):
        chosen = programmes.settings_of(session, programme_id, deps.settings.digest_channel)
        figures = digest_figures.figures(session, programme_id, now, chosen.cadence_days)
        panel = CoordinatorPanel(figures, chosen)
    return home_view(card, board, panel)
