"""What Slack knows of people that we keep: their language, time zone and whether they are a
workspace admin or owner, cached a day."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot import notify
from bot.deps import Deps
from bot.i18n import from_slack_locale
from bot.services import coordinators, members


def locale_for(deps: Deps, client: WebClient, team_id: str, user_id: str) -> str:
    """The person's language: cached, refreshed from users.info when missing or stale."""
    locale = _refresh(deps, client, team_id, user_id, force=False)
    return locale or _programme_locale(deps, team_id)


def is_coordinator(
    deps: Deps, client: WebClient, team_id: str, user_id: str, *, confirm: bool = True
) -> bool:
    """Whether the person may act as a coordinator. With `confirm`, a "no" from the cache is
    checked with Slack once more, so someone made an admin a minute ago is not refused."""
    configured = deps.settings.coordinators
    _refresh(deps, client, team_id, user_id, force=False)
    with deps.sessions.begin() as session:
        if coordinators.is_coordinator(session, team_id, user_id, configured):
            return True
    if not confirm:
        return False
    _refresh(deps, client, team_id, user_id, force=True)
    with deps.sessions.begin() as session:
        return coordinators.is_coordinator(session, team_id, user_id, configured)


def _refresh(
    deps: Deps, client: WebClient, team_id: str, user_id: str, *, force: bool
) -> str | None:
    """The cached locale, after asking Slack when forced or when the cache is stale."""
    now = deps.clock()
    with deps.sessions.begin() as session:
        member = members.ensure_member(session, team_id, user_id, now)
        stale = force or members.needs_slack_facts(member, now)
        locale = member.locale
    if stale:
        user = notify.slack_user(client, user_id)  # no transaction is held across the call
        if user is not None:
            with deps.sessions.begin() as session:
                member = members.ensure_member(session, team_id, user_id, now)
                members.record_slack_facts(
                    member, from_slack_locale(user.get("locale")), user.get("tz"), now, _admin(user)
                )
                locale = member.locale
    return locale


def _admin(user: dict[str, Any]) -> bool:
    return any(bool(user.get(key)) for key in ("is_admin", "is_owner", "is_primary_owner"))


def _programme_locale(deps: Deps, team_id: str) -> str:
    with deps.sessions.begin() as session:
        return members.programme_locale(session, team_id) or deps.settings.default_locale
