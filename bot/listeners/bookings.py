"""One click books a session (#16): the suggested times' Book buttons, "Another time..." and
its date and time picker (with "every two weeks at this time"), and the Booked message's
Reschedule, "Every two weeks at this time", "Stop repeating" and Cancel. Every value is only
what was clicked: the service checks that the clicker belongs to the group."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids
from bot.blocks.booking import booking_modal
from bot.blocks.common import message_modal, slack_time
from bot.deps import Deps
from bot.i18n import t
from bot.jobs.bookings import share_booking
from bot.listeners.common import id_and_moment, team_and_user, tell_clicker, whole_number
from bot.services import bookings, members
from bot.services.bookings import BookingRefused
from bot.services.rhythm_time import zone
from bot.services.session_dates import next_session
from bot.slack.view_state import ViewState

FIRST_OFFER = timedelta(days=1)  # the picker opens a day ahead, on the hour


def register(app: App, deps: Deps) -> None:
    @app.action(ids.BOOK_SLOT)
    def slot_clicked(
        ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        pair_id, start = id_and_moment(action.get("value"))
        if pair_id is None or start is None:
            tell_clicker(deps, client, respond, user_id, t("booking.refused_malformed", locale))
            return
        try:
            with deps.sessions.begin() as session:
                made = bookings.book(session, team_id, pair_id, user_id, start, deps.clock())
        except BookingRefused as refused:
            tell_clicker(deps, client, respond, user_id, _refusal(refused, locale))
            return
        if made.created:
            deps.follow_up(share_booking, deps, client, team_id, made.booking.id)
        else:
            tell_clicker(
                deps,
                client,
                respond,
                user_id,
                t("booking.already", locale, time=slack_time(_next_start(made, deps.clock()))),
            )

    @app.action(ids.BOOK_OTHER)
    def other_clicked(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        ack()
        pair_id = whole_number(action.get("value"))
        with deps.sessions.begin() as session:
            minutes = bookings.session_minutes(session, pair_id)
            cadence = bookings.cadence_days(session, pair_id)
        view = booking_modal(
            ids.BOOK_VIEW,
            str(pair_id or 0),
            minutes,
            first_offer(deps.clock()),
            context["locale"],
            repeat_days=cadence,
        )
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.view(ids.BOOK_VIEW)
    def time_chosen(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        try:
            start, pair_id = _chosen(view)
            repeat = ViewState.of(view).checked(ids.BOOKING_REPEAT)
            with deps.sessions.begin() as session:
                made = bookings.book(
                    session, team_id, pair_id, user_id, start, deps.clock(), repeat=repeat
                )
        except BookingRefused as refused:
            _refuse(deps, ack, refused, team_id, user_id, locale)
            return
        if made.created:
            ack()
            deps.follow_up(share_booking, deps, client, team_id, made.booking.id)
            return
        text = t("booking.already", locale, time=slack_time(_next_start(made, deps.clock())))
        title, close = t("booking.modal_title", locale), t("common.close", locale)
        ack(response_action="update", view=message_modal(title, text, close))

    @app.action(ids.RESCHEDULE)
    def reschedule_clicked(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        booking_id = whole_number(action.get("value"))
        with deps.sessions.begin() as session:
            booking = bookings.card(session, team_id, booking_id) if booking_id else None
        if booking is None or user_id not in booking.members:
            tell_clicker(deps, client, respond, user_id, t("booking.refused_not_member", locale))
            return
        minutes = int((booking.end - booking.start).total_seconds() // 60)
        view = booking_modal(ids.RESCHEDULE_VIEW, str(booking.id), minutes, booking.start, locale)
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.view(ids.RESCHEDULE_VIEW)
    def new_time_chosen(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        try:
            start, booking_id = _chosen(view)
            with deps.sessions.begin() as session:
                moved = bookings.reschedule(
                    session, team_id, booking_id, user_id, start, deps.clock()
                )
        except BookingRefused as refused:
            _refuse(deps, ack, refused, team_id, user_id, locale)
            return
        ack()
        deps.follow_up(share_booking, deps, client, team_id, moved.id)

    @app.action(ids.CANCEL_BOOKING)
    def cancel_clicked(
        ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        booking_id = whole_number(action.get("value"))
        try:
            if booking_id is None:
                raise BookingRefused("malformed")
            with deps.sessions.begin() as session:
                cancelled = bookings.cancel(session, team_id, booking_id, user_id, deps.clock())
        except BookingRefused as refused:
            tell_clicker(deps, client, respond, user_id, _refusal(refused, locale))
            return
        deps.follow_up(share_booking, deps, client, team_id, cancelled.id)

    @app.action(ids.REPEAT_BOOKING)
    @app.action(ids.STOP_REPEATING)
    def repeat_clicked(
        ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        """A single session becomes a series, or a series single again; once however often."""
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        booking_id = whole_number(action.get("value"))
        repeating = action.get("action_id") == ids.REPEAT_BOOKING
        change = bookings.repeat if repeating else bookings.stop_repeating
        try:
            if booking_id is None:
                raise BookingRefused("malformed")
            with deps.sessions.begin() as session:
                made = change(session, team_id, booking_id, user_id, deps.clock())
        except BookingRefused as refused:
            tell_clicker(deps, client, respond, user_id, _refusal(refused, locale))
            return
        if made.created:
            deps.follow_up(share_booking, deps, client, team_id, made.booking.id)
        else:
            already = "booking.already_repeats" if repeating else "booking.already_single"
            tell_clicker(deps, client, respond, user_id, t(already, locale))

    @app.action(ids.ADD_GOOGLE)
    @app.action(ids.ADD_OUTLOOK)
    def calendar_link_clicked(ack: Ack) -> None:
        ack()  # the link opens in the browser; Slack still tells the app of the click


def _chosen(view: dict[str, Any]) -> tuple[datetime, int]:
    """The time picked in the modal and the id it was opened for (the pair's, or the
    booking's); BookingRefused("malformed") when either is missing."""
    start = ViewState.of(view).moment(ids.BOOKING_START)
    ref = whole_number(view.get("private_metadata"))
    if start is None or ref is None:
        raise BookingRefused("malformed")
    return start, ref


def _next_start(made: bookings.Booked, now: datetime) -> datetime:
    """The booked session to name: a series' next one (its first may have passed)."""
    upcoming = next_session(made.booking, now)
    return upcoming.start if upcoming is not None else made.booking.start


def first_offer(now: datetime) -> datetime:
    """Where the date and time picker opens: a day ahead, on the hour."""
    return (now + FIRST_OFFER).replace(minute=0, second=0, microsecond=0)


def _refuse(
    deps: Deps, ack: Ack, refused: BookingRefused, team_id: str, user_id: str, locale: str
) -> None:
    """The modal stays open with the chosen time and says why under the picker (in plain text,
    where Slack formats no dates: a session is named in the submitter's own zone)."""
    on = ""
    if refused.on is not None:
        with deps.sessions.begin() as session:
            name = members.time_zone_of(session, team_id, user_id) or "UTC"
        on = f"{refused.on.astimezone(zone(name)):%Y-%m-%d %H:%M} ({name})"
    text = t(f"booking.refused_{refused.reason}", locale, time=on)
    ack(response_action="errors", errors={ids.BOOKING_START: text})


def _refusal(refused: BookingRefused, locale: str) -> str:
    """Why nothing was booked or changed, naming the session that is not free, if one."""
    on = slack_time(refused.on) if refused.on is not None else ""
    return t(f"booking.refused_{refused.reason}", locale, time=on)
