"""What Slack knows of people that we keep: their language and time zone, cached a day."""

from __future__ import annotations

from slack_sdk import WebClient

from bot import notify
from bot.deps import Deps
from bot.i18n import from_slack_locale
from bot.services import members


def locale_for(deps: Deps, client: WebClient, team_id: str, user_id: str) -> str:
    """The person's language: cached, refreshed from users.info when missing or stale."""
    now = deps.clock()
    with deps.sessions.begin() as session:
        member = members.ensure_member(session, team_id, user_id, now)
        stale = members.needs_slack_facts(member, now)
        locale = member.locale
    if stale:
        user = notify.slack_user(client, user_id)  # no transaction is held across the call
        if user is not None:
            with deps.sessions.begin() as session:
                member = members.ensure_member(session, team_id, user_id, now)
                members.record_slack_facts(
                    member, from_slack_locale(user.get("locale")), user.get("tz"), now
                )
                locale = member.locale
    return locale or deps.settings.default_locale
