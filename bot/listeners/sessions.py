"""The buttons of "Did you meet?" after a booked session (#16): Yes opens the check-in modal with
the session's date and length filled in, "We moved it" opens the booking's reschedule picker,
and No records the session as not held and answers with times for the next one. Each answer
replaces the buttons; a double click or a retry records nothing twice."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids
from bot.blocks.booking import booking_modal
from bot.blocks.sessions import answered_message
from bot.deps import Deps
from bot.i18n import t
from bot.listeners.bookings import first_offer
from bot.listeners.coaching import checkin_view
from bot.listeners.common import id_and_moment, team_and_user, tell_clicker
from bot.services import meeting_times, session_answers
from bot.services.session_answers import AskedSession
from bot.slack import notify


def register(app: App, deps: Deps) -> None:
    @app.action(ids.MET_YES)
    def met(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        asked = _asked(deps, context, action)
        if asked is None:
            _not_yours(deps, client, respond, context)
            return
        view = checkin_view(deps, context, asked.day, asked.minutes, asked.pair_id)
        if view is None:
            text = t("checkin.no_pair", context["locale"])
            deps.follow_up(respond, response_type="ephemeral", replace_original=False, text=text)
            return
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)
        _answer(deps, client, body, answered_message("yes", context["locale"]))

    @app.action(ids.MET_MOVED)
    def moved(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        locale: str = context["locale"]
        asked = _asked(deps, context, action)
        if asked is None:
            _not_yours(deps, client, respond, context)
            return
        view = booking_modal(
            ids.RESCHEDULE_VIEW,
            str(asked.booking_id),
            asked.minutes,
            first_offer(deps.clock()),
            locale,
        )
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)
        _answer(deps, client, body, answered_message("moved", locale))

    @app.action(ids.MET_NO)
    def not_met(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        team_id, user_id = team_and_user(context)
        asked = _asked(deps, context, action)
        if asked is None:
            _not_yours(deps, client, respond, context)
            return
        now = deps.clock()
        with deps.sessions.begin() as session:
            session_answers.not_held(session, team_id, user_id, asked, now)
            times = meeting_times.for_group(session, team_id, asked.pair_id, now)
        _answer(deps, client, body, answered_message("no", context["locale"], times))


def _asked(deps: Deps, context: BoltContext, action: dict[str, Any]) -> AskedSession | None:
    """The session the clicked button names ("<booking id>:<start seconds>"), when the clicker
    is one of its group."""
    booking_id, start = id_and_moment(action.get("value"))
    if booking_id is None or start is None:
        return None
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        return session_answers.asked(session, team_id, user_id, booking_id, start)


def _answer(deps: Deps, client: WebClient, body: dict[str, Any], message: dict[str, Any]) -> None:
    """The question's buttons give way to the answer (the same answer however often clicked)."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if channel and ts:
        deps.follow_up(notify.replace, client, channel, ts, message)


def _not_yours(deps: Deps, client: WebClient, respond: Respond, context: BoltContext) -> None:
    _, user_id = team_and_user(context)
    tell_clicker(deps, client, respond, user_id, t("session.not_yours", context["locale"]))
