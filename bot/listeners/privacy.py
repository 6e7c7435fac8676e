"""`/mentor export-me` and `/mentor forget-me`: a person's own data, and being forgotten."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids
from bot.blocks.common import message_modal
from bot.blocks.home import visitor_home
from bot.blocks.learnings import learning_message
from bot.blocks.messages import ephemeral
from bot.blocks.privacy import forget_modal
from bot.deps import Deps
from bot.domain import CancelReason
from bot.i18n import t
from bot.jobs.bookings import share_booking
from bot.jobs.circle_channels import remove_from_channels
from bot.listeners.common import team_and_user
from bot.services import privacy
from bot.slack import notify, scheduled
from bot.slack.view_state import ViewState


def export_me(
    deps: Deps, client: WebClient, context: BoltContext, ack: Ack, respond: Respond
) -> None:
    locale: str = context["locale"]
    ack(**ephemeral(t("privacy.export_preparing", locale)))
    deps.follow_up(_send_my_data, deps, client, context, respond)


def _send_my_data(deps: Deps, client: WebClient, context: BoltContext, respond: Respond) -> None:
    locale: str = context["locale"]
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        data = privacy.personal_data(session, team_id, user_id)
    day = deps.clock().date().isoformat()
    shared = notify.upload(
        client,
        user_id,
        json.dumps(data, ensure_ascii=False, indent=2).encode(),
        f"mentor-my-data-{day}.json",
        t("privacy.export_title", locale, date=day),
        t("privacy.export_comment", locale),
    )
    text = t("privacy.export_done" if shared else "privacy.export_failed", locale)
    respond(response_type="ephemeral", replace_original=True, text=text)


def open_forget(client: WebClient, context: BoltContext, trigger_id: str) -> None:
    client.views_open(trigger_id=trigger_id, view=forget_modal(context["locale"]))


def register(app: App, deps: Deps) -> None:
    @app.view(ids.FORGET_VIEW)
    def forget_confirmed(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        if not ViewState.of(view).checked(ids.FORGET_CONFIRM):
            ack(
                response_action="errors",
                errors={ids.FORGET_CONFIRM: t("privacy.forget_unticked", locale)},
            )
            return
        team_id, user_id = team_and_user(context)
        with deps.sessions.begin() as session:
            forgotten = privacy.forget(
                session, team_id, user_id, deps.settings.feedback_key, deps.clock()
            )
        ack(
            response_action="update",
            view=message_modal(
                t("privacy.forget_title", locale),
                t("privacy.forgotten", locale),
                t("common.close", locale),
            ),
        )

        def tell() -> None:
            _unschedule_theirs(forgotten, client)
            _unname_learnings(forgotten, client)
            remove_from_channels(deps, team_id, user_id, forgotten.circle_channels)
            # shown without looking the person up again, which would start a new record of them
            notify.publish_home(client, user_id, visitor_home(locale))
            for booking_id in forgotten.cancelled:  # the partners learn the session is off
                share_booking(
                    deps,
                    client,
                    team_id,
                    booking_id,
                    CancelReason.FORGOTTEN,
                    without=(forgotten.stand_in,),
                )

        deps.follow_up(tell)


def _unname_learnings(forgotten: privacy.Forgotten, client: WebClient) -> None:
    """Their learnings posted with their name become the anonymous form in Slack: the bot's
    own messages, which it may edit. One refusal (logged by notify.replace) stops none of the
    others; the stored rows have lost their author already."""
    for learning in forgotten.named:
        if learning.ts is not None:
            anonymous = replace(learning, anonymous=True, author=None)
            notify.replace(client, learning.channel, learning.ts, learning_message(anonymous))


def _unschedule_theirs(forgotten: privacy.Forgotten, client: WebClient) -> None:
    """Delete in Slack the forgotten person's reminders it holds. Their outbox rows, which would
    have done it, are gone with them, so this reply to their own click calls Slack directly.
    The forgetting is committed first: a refusal here (logged by scheduled.unschedule) leaves a
    reminder that may still post, and forgets nothing less."""
    for reminder in forgotten.held:
        if reminder.channel is not None and reminder.scheduled_id is not None:
            scheduled.unschedule(client, reminder.channel, reminder.scheduled_id)
