"""The circle check-in: "Log the session" in a circle's prompt, and `/mentor checkin` by a
member of a circle, open its modal; its submission logs the session (once a circle and date)
and says who facilitates next."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids
from bot.blocks.circle_rhythm import circle_checkin_modal, circle_logged_modal
from bot.deps import Deps
from bot.domain import CircleLogged
from bot.i18n import t
from bot.listeners.common import team_and_user, tell_clicker, whole_number
from bot.services import circle_checkins
from bot.slack.view_state import ViewState

# the modal's input of each field a check-in's validation names
_FIELDS = {"date": ids.CIRCLE_CHECKIN_DATE, "facilitator": ids.CIRCLE_CHECKIN_FACILITATOR}


def circle_checkin_view(
    deps: Deps, context: BoltContext, circle_id: int | None = None
) -> dict[str, Any] | None:
    """The check-in modal of the circle `circle_id` (else of the person's first open circle),
    when they are one of its members now; else None."""
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        if circle_id is None:
            mine = circle_checkins.circles_of(session, team_id, user_id)
            if not mine:
                return None
            circle_id = mine[0].id
        form = circle_checkins.form(session, team_id, user_id, circle_id, deps.clock())
    return None if form is None else circle_checkin_modal(form, context["locale"])


def register(app: App, deps: Deps) -> None:
    @app.action(ids.CIRCLE_PROMPT_LOG)
    def log_clicked(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        circle_id = whole_number(action.get("value"))
        view = None if circle_id is None else circle_checkin_view(deps, context, circle_id)
        if view is None:
            _, user_id = team_and_user(context)
            text = t("circle_rhythm.not_in_circle", context["locale"])
            tell_clicker(deps, client, respond, user_id, text)
            return
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.view(ids.CIRCLE_CHECKIN_VIEW)
    def checkin_submitted(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        state = ViewState.of(view)
        day = state.date(ids.CIRCLE_CHECKIN_DATE)
        facilitator = state.option(ids.CIRCLE_CHECKIN_FACILITATOR) or None
        circle_id = whole_number(view.get("private_metadata"))
        now = deps.clock()
        errors: dict[str, str] = {}
        logged: CircleLogged | None = None
        with deps.sessions.begin() as session:
            form = (
                None
                if circle_id is None
                else circle_checkins.form(session, team_id, user_id, circle_id, now)
            )
            if form is None:
                errors[ids.CIRCLE_CHECKIN_DATE] = t("circle_rhythm.not_in_circle", locale)
            else:
                for error in circle_checkins.validate(day, facilitator, form):
                    errors[_FIELDS[error.field]] = t(error.key, locale, **error.values)
            if form is not None and day is not None and not errors:
                logged = circle_checkins.record(
                    session,
                    team_id,
                    user_id,
                    form.circle_id,
                    day,
                    state.options(ids.CIRCLE_CHECKIN_ATTENDED),
                    facilitator,
                    now,
                )
        if logged is None:
            ack(response_action="errors", errors=errors)
            return
        ack(response_action="update", view=circle_logged_modal(logged, locale))
