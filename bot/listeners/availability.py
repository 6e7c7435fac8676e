"""Pausing, resuming, and the private "never pair me with" list."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.avoid import avoid_modal
from bot.blocks.common import slack_date
from bot.blocks.groups import mention
from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.i18n import t
from bot.jobs.home import publish_home
from bot.listeners.common import named_programme, programme_of, team_and_user, whole_number
from bot.services import availability, programmes
from bot.services.availability import DEFAULT_PAUSE_WEEKS, MAX_AVOIDS, MAX_PAUSE_WEEKS, AvoidOutcome
from bot.slack.view_state import ViewState

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def pause_reply(
    deps: Deps, context: BoltContext, words: list[str], programme_id: int
) -> dict[str, Any]:
    locale: str = context["locale"]
    weeks = DEFAULT_PAUSE_WEEKS
    if words:
        weeks = whole_number(words[0])
        if weeks is None or not 1 <= weeks <= MAX_PAUSE_WEEKS:
            return ephemeral(t("pause.bad_weeks", locale, max=MAX_PAUSE_WEEKS))
    _, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        until = availability.pause(session, programme_id, user_id, weeks, deps.clock())
    if until is None:
        return ephemeral(t("pause.not_member", locale))
    return ephemeral(t("pause.done", locale, date=slack_date(until)))


def resume_reply(deps: Deps, context: BoltContext, programme_id: int) -> dict[str, Any]:
    _, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        resumed = availability.resume(session, programme_id, user_id, deps.clock())
    return ephemeral(t("pause.resumed" if resumed else "pause.not_paused", context["locale"]))


def avoid_reply(deps: Deps, context: BoltContext, text: str, programme_id: int) -> dict[str, Any]:
    locale: str = context["locale"]
    found = MENTION.search(text)
    if found is None:
        return ephemeral(t("avoid.usage", locale))
    outcome = _add(deps, context, found.group(1), programme_id)
    return ephemeral(t(f"avoid.{outcome}", locale, user=mention(found.group(1)), max=MAX_AVOIDS))


def _add(deps: Deps, context: BoltContext, other: str, programme_id: int) -> AvoidOutcome:
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        return availability.avoid(session, team_id, programme_id, user_id, other, deps.clock())


def register(app: App, deps: Deps) -> None:
    @app.action(ids.PAUSE)
    def pause_clicked(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        team_id, user_id = team_and_user(context)
        now = deps.clock()
        with deps.sessions.begin() as session:
            programme_id = named_programme(session, team_id, body, now)
            availability.pause(session, programme_id, user_id, DEFAULT_PAUSE_WEEKS, now)
        deps.follow_up(publish_home, deps, client, team_id, user_id)

    @app.action(ids.RESUME)
    def resume_clicked(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        team_id, user_id = team_and_user(context)
        now = deps.clock()
        with deps.sessions.begin() as session:
            availability.resume(session, named_programme(session, team_id, body, now), user_id, now)
        deps.follow_up(publish_home, deps, client, team_id, user_id)

    @app.action(ids.OPEN_AVOID)
    def open_avoid(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        view = avoid_modal(context["locale"])
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.action(ids.REMOVE_AVOID)
    def remove_avoid(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        team_id, user_id = team_and_user(context)
        other = str((body.get("actions") or [{}])[0].get("value", ""))
        with deps.sessions.begin() as session:
            availability.unavoid(
                session, programmes.current(session, team_id, deps.clock()), user_id, other
            )
        deps.follow_up(publish_home, deps, client, team_id, user_id)

    @app.view(ids.AVOID_VIEW)
    def avoid_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        other = ViewState.of(view).user(ids.AVOID_PERSON)
        if not MENTION.fullmatch(f"<@{other}>"):
            ack(response_action="errors", errors={ids.AVOID_PERSON: t("avoid.usage", locale)})
            return
        team_id, _ = team_and_user(context)
        outcome = _add(deps, context, other, programme_of(deps, team_id))
        if outcome in (AvoidOutcome.SELF, AvoidOutcome.FULL):
            error = t(f"avoid.{outcome}", locale, max=MAX_AVOIDS)
            ack(response_action="errors", errors={ids.AVOID_PERSON: error})
            return
        ack()
        team_id, user_id = team_and_user(context)
        deps.follow_up(publish_home, deps, client, team_id, user_id)
