"""The buttons of the fortnightly DM: snooze a week, and update goals from the nudge."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.coaching import goal_update_modal
from bot.blocks.common import message_modal, slack_date
from bot.blocks.messages import ephemeral
from bot.blocks.rhythm import snoozed_message
from bot.deps import Deps
from bot.domain import GoalStatus
from bot.i18n import t
from bot.listeners.common import named_programme, parse_enum, team_and_user, whole_number
from bot.listeners.home import celebrate
from bot.services import availability, goals
from bot.slack import notify
from bot.slack.view_state import ViewState


def register(app: App, deps: Deps) -> None:
    @app.action(ids.SNOOZE)
    def snooze_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        now = deps.clock()
        with deps.sessions.begin() as session:  # the prompt's programme: its rhythm only
            programme_id = named_programme(session, team_id, body, now)
            until = availability.snooze(session, programme_id, user_id, now)
        message = (
            snoozed_message(slack_date(until), locale)
            if until
            else ephemeral(t("pause.not_member", locale))
        )
        container = body.get("container") or {}
        if container.get("channel_id") and container.get("message_ts"):
            channel, ts = container["channel_id"], container["message_ts"]
            deps.follow_up(notify.replace, client, channel, ts, message)
        else:
            deps.follow_up(notify.send_dm, client, user_id, message)

    @app.action(ids.OPEN_GOAL_UPDATE)
    def update_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        team_id, user_id = team_and_user(context)
        with deps.sessions.begin() as session:
            open_goals = tuple(goals.goals_of(session, team_id, user_id, open_only=True))
        view = goal_update_modal(open_goals, context["locale"])
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.view(ids.GOAL_UPDATE_VIEW)
    def goals_updated(ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient):
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        state = ViewState.of(view)
        chosen: dict[int, GoalStatus] = {}
        for block_id in state.block_ids():
            goal_id = block_id.removeprefix(ids.GOAL_BLOCK_PREFIX)
            status = parse_enum(GoalStatus, state.option(block_id))
            number = whole_number(goal_id)
            if number is not None and status is not None:
                chosen[number] = status
        with deps.sessions.begin() as session:
            done = goals.set_statuses(session, team_id, user_id, chosen, "nudge", deps.clock())
        ack(
            response_action="update",
            view=message_modal(
                t("rhythm.goal_update_title", locale),
                t("rhythm.goal_update_saved", locale),
                t("common.close", locale),
            ),
        )
        deps.follow_up(celebrate, deps, client, team_id, user_id, done, locale)
