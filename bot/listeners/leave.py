"""Leaving the programme: /mentor leave, the Leave button, the confirmation modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.leave import leave_modal
from bot.blocks.messages import left_programme
from bot.deps import Deps
from bot.domain import CancelReason
from bot.flow import Flow
from bot.jobs.bookings import share_booking
from bot.jobs.circle_channels import tidy_now
from bot.jobs.home import publish_home
from bot.listeners.common import team_and_user, whole_number
from bot.services import bookings, circles, members, programmes
from bot.services.members import LeaveOutcome
from bot.slack import notify


def register(app: App, deps: Deps) -> None:
    @app.action(ids.OPEN_LEAVE)
    def open_from_button(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        programme_id = whole_number((body.get("actions") or [{}])[0].get("value"))
        view = leave_modal(context["locale"], Flow(programme_id))
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.view(ids.LEAVE_VIEW)
    def submit(ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        team_id, user_id = team_and_user(context)
        now = deps.clock()
        chosen = Flow.decode(view.get("private_metadata")).programme_id
        with deps.sessions.begin() as session:
            if chosen is None or not programmes.is_open_in(session, team_id, chosen):
                chosen = programmes.current(session, team_id, now)  # none named, or forged
            programme_id = chosen
            circle = circles.circle_of(session, programme_id, user_id)  # leaving gives it up
            circle_id = circle.id if circle is not None else None
            outcome = members.leave(session, team_id, programme_id, user_id, now)
            # their groups' booked sessions will not happen: cancelled with the leaving
            cancelled = (
                bookings.cancel_for_member(session, team_id, user_id, now, programme_id)
                if outcome is LeaveOutcome.LEFT
                else []
            )

        def tell() -> None:
            if outcome is LeaveOutcome.LEFT:
                notify.send_dm(client, user_id, left_programme(context["locale"]))
            publish_home(deps, client, team_id, user_id)
            for booking_id in cancelled:
                share_booking(deps, client, team_id, booking_id, CancelReason.LEFT)
            if outcome is LeaveOutcome.LEFT and circle_id is not None:
                tidy_now(deps, team_id, circle_id)  # out of the circle's channel too

        deps.follow_up(tell)


def leave_refusal(deps: Deps, context: BoltContext, programme_id: int) -> str | None:
    """The translation key of why /mentor leave cannot start for this person, or None."""
    _, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        refusal = members.cannot_leave(members.place_of(session, programme_id, user_id))
    return f"leave.{refusal}" if refusal is not None else None
