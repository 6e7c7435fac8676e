"""Publishing a person's App Home tab: when they open it, and after anything it shows changes
(by them or by someone else, such as their partner booking or cancelling a session)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.enrolment import programme_name
from bot.blocks.home import home_view, programmes_home
from bot.deps import Deps
from bot.domain import CoordinatorPanel, Dashboard, MemberStatus, ProgrammeCard, ProgrammeSection
from bot.services import (
    coordinators,
    dashboard,
    digest_figures,
    enrolment,
    members,
    programmes,
)
from bot.slack import notify


def publish_home(deps: Deps, client: WebClient, team_id: str, user_id: str) -> None:
    """Render the person's Home tab from the database and publish it."""
    with deps.sessions.begin() as session:  # one transaction; the person's Slack facts are
        view = home_of(deps, session, team_id, user_id, deps.clock())  # as cached (a day)
    notify.publish_home(client, user_id, view)


def home_of(
    deps: Deps, session: Session, team_id: str, user_id: str, now: datetime
) -> dict[str, Any]:
    """The person's Home tab as `session` sees the database: as it always was while the
    workspace runs one programme; a section for each of theirs when it runs several."""
    member = members.ensure_member(session, team_id, user_id, now)
    default = deps.settings.default_locale
    if not programmes.several(session, team_id):
        programme_id = programmes.current(session, team_id, now)
        card = members.card(member, members.place_of(session, programme_id, user_id), default, now)
        board = (
            dashboard.dashboard(session, team_id, programme_id, user_id, now, card.locale)
            if card.is_participant
            else None
        )
        panel = _panel(deps, session, team_id, programme_id, user_id, now, None, card.locale)
        return home_view(card, board, panel)
    profile = members.card(member, None, default, now)
    sections: list[ProgrammeSection] = []
    boards: list[Dashboard] = []
    person: dashboard.Own | None = None  # their goals and history: read once, for the first
    for programme in enrolment.open_programmes(session, team_id):
        card = members.card(member, members.place_of(session, programme.id, user_id), default, now)
        mine = None
        if card.is_participant:
            person = person or dashboard.own(session, team_id, user_id, now)
            mine = dashboard.dashboard(
                session, team_id, programme.id, user_id, now, card.locale, person
            )
            boards.append(mine)
        named = programmes.card_of(programme)
        panel = _panel(deps, session, team_id, programme.id, user_id, now, named, card.locale)
        if card.is_participant or panel is not None or card.status is MemberStatus.REQUESTED:
            sections.append(ProgrammeSection(named, card, mine, panel))
    return programmes_home(profile, sections, boards[0] if boards else Dashboard())


def _panel(
    deps: Deps,
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    now: datetime,
    named: ProgrammeCard | None,
    locale: str,
) -> CoordinatorPanel | None:
    """The programme's panel for its coordinators (None for anyone else); `named`: the
    programme, when the workspace runs several."""
    configured = deps.settings.coordinators
    if not coordinators.is_coordinator(session, team_id, programme_id, user_id, configured):
        return None
    chosen = programmes.settings_of(session, programme_id, deps.settings.digest_channel)
    figures = digest_figures.figures(session, programme_id, now, chosen.cadence_days)
    return CoordinatorPanel(
        figures,
        chosen,
        programme_id,
        programme_name(named, locale) if named is not None else None,
        tuple(enrolment.requests(session, programme_id)),
    )
