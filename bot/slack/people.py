"""What Slack knows of people that we keep: their language, time zone and whether they are a
workspace admin or owner, cached a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain import MemberCard
from bot.i18n import from_slack_locale
from bot.models import Member
from bot.services import coordinators, members, programmes
from bot.slack import notify


@dataclass(frozen=True)
class Person:
    """Someone as the database knows them when their request arrives."""

    card: MemberCard  # their profile, and their place in the programme
    locale: str  # their language: their Slack's, else the programme's
    coordinator: bool  # configured, added, or a workspace admin as Slack last said
    programme_id: int | None  # the programme the request is about; None: none made yet


def person(deps: Deps, client: WebClient, team_id: str, user_id: str) -> Person:
    """The person, in one read when they are known and their cached Slack facts are fresh (a
    day); else recorded, and refreshed from users.info, first."""
    now, default = deps.clock(), deps.settings.default_locale
    # A speed trick, at the edge: every request makes this read, so it runs the prebuilt
    # statement on a pooled autocommit Connection (db.connect), without a Session around it.
    # Measured with benchmarks.load on 2026-12-06: the bot at 49-51 % of the bare app with a
    # Session here; 51-54 % without; 58-62 % with the profile edit's Core statement as well.
    with deps.database.read_engine.connect() as connection:
        row = connection.execute(members.SEEN, {"team_id": team_id, "user_id": user_id}).first()
    found = members.seen_in(row, default, now)
    if found is not None and not members.needs_slack_facts(found.slack_checked_at, now):
        return _person(deps, found)
    user = notify.slack_user(client, user_id)  # no transaction is held across the call
    with deps.sessions.begin() as session:
        member = members.ensure_member(session, team_id, user_id, now)
        if user is not None:
            _record(member, user, now)
        session.flush()
        found = members.seen(session, team_id, user_id, default, now)
        assert found is not None
        return _person(deps, found)


def locale_for(deps: Deps, client: WebClient, team_id: str, user_id: str) -> str:
    """The person's language: cached, refreshed from users.info when missing or stale."""
    return person(deps, client, team_id, user_id).locale


def is_coordinator(
    deps: Deps,
    client: WebClient,
    team_id: str,
    user_id: str,
    *,
    confirm: bool = True,
    programme_id: int | None = None,
) -> bool:
    """Whether the person may act as a coordinator of the programme (the workspace's, when
    none is named; their cached Slack facts were refreshed by the member_context middleware).
    With `confirm`, a "no" from the cache is checked with Slack once more, so someone made an
    admin a minute ago is not refused."""
    configured = deps.settings.coordinators
    with deps.sessions.begin() as session:
        if programme_id is None:
            programme_id = programmes.current(session, team_id, deps.clock())
        elif not programmes.is_open_in(session, team_id, programme_id):
            return False  # another workspace's, a closed one, or none: nobody coordinates it
        if coordinators.is_coordinator(session, team_id, programme_id, user_id, configured):
            return True
    if not confirm:
        return False
    user = notify.slack_user(client, user_id)
    with deps.sessions.begin() as session:
        if user is not None:
            now = deps.clock()
            _record(members.ensure_member(session, team_id, user_id, now), user, now)
        return coordinators.is_coordinator(session, team_id, programme_id, user_id, configured)


def coordinates_all(deps: Deps, client: WebClient, team_id: str, user_id: str) -> bool:
    """Whether the person coordinates every programme (configured, or a workspace admin or
    owner) and so may make programmes; a "no" from the cache is checked with Slack once more."""
    configured = deps.settings.coordinators
    with deps.sessions.begin() as session:
        if coordinators.coordinates_all(session, team_id, user_id, configured):
            return True
    user = notify.slack_user(client, user_id)
    if user is None:
        return False
    with deps.sessions.begin() as session:
        now = deps.clock()
        _record(members.ensure_member(session, team_id, user_id, now), user, now)
        return coordinators.coordinates_all(session, team_id, user_id, configured)


def _record(member: Member, user: dict[str, Any], now: datetime) -> None:
    admin = any(bool(user.get(key)) for key in ("is_admin", "is_owner", "is_primary_owner"))
    members.record_slack_facts(
        member, from_slack_locale(user.get("locale")), user.get("tz"), now, admin
    )


def _person(deps: Deps, found: members.Seen) -> Person:
    card = found.card
    configured = card.user_id in deps.settings.coordinators
    coordinator = configured or found.added_coordinator or found.slack_admin
    locale = found.own_locale or found.programme_locale or deps.settings.default_locale
    return Person(card, locale, coordinator, found.programme_id)
