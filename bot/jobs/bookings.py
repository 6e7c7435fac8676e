"""Telling a group about its booking, after the click was answered: the Booked message in the
group's conversation (posted, then updated with chat.update as the booking moves or is
cancelled) and the calendar invitation (.ics) shared there, PUBLISH or CANCEL."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import replace
from typing import Any

from slack_sdk import WebClient

from bot.blocks.booking import booked_message, cancelled_message
from bot.blocks.guide import guide_text
from bot.deps import Deps
from bot.domain import BookingCard, BookingStatus, CancelReason, Guide
from bot.i18n import t
from bot.jobs.home import publish_home
from bot.jobs.intros import send_now
from bot.services import bookings, guides
from bot.services.invitation import (
    Attendee,
    google_link,
    guide_line,
    ics,
    of_booking,
    outlook_link,
)
from bot.slack import notify
from bot.slack.people import locale_for

log = logging.getLogger(__name__)
ICS_NAME = "mentor-session.ics"


def share_booking(
    deps: Deps,
    client: WebClient,
    team_id: str,
    booking_id: int,
    reason: CancelReason | None = None,
    without: Collection[str] = (),
) -> None:
    """Post (or update) the booking's message in its group's conversation and share the
    invitation as it now stands (cancelled by the bot: saying why, `reason`); republish the
    members' Home tabs; then schedule (or delete) its reminders in Slack at once rather than at
    the clock's next tick. Members in `without` (a forgotten person's stand-in) are left out:
    they are no Slack user."""
    with deps.sessions.begin() as session:
        booking = bookings.card(session, team_id, booking_id)
        cadence = bookings.cadence_days(session, booking.pair_id if booking else None)
        guide = guides.next_guide(session, booking.pair_id) if booking else None
    if booking is None:
        return
    kept = tuple(user for user in booking.members if user not in without)
    booking = replace(booking, members=kept)
    _tell_group(deps, client, booking, cadence, reason, guide)
    for user in booking.members:  # each member's Home shows the session (or the times) anew
        publish_home(deps, client, team_id, user)
    send_now(deps, team_id)


def _tell_group(
    deps: Deps,
    client: WebClient,
    booking: BookingCard,
    cadence: int,
    reason: CancelReason | None,
    guide: Guide | None,
) -> None:
    """The Booked message (offering to repeat every `cadence` days, with the guide of the
    session booked: the group's next) and the invitation."""
    team_id = booking.team_id
    channel = booking.conversation_id or notify.open_group(client, list(booking.members))
    if channel is None:
        log.error("booking %s: no conversation for its group", booking.id)
        return
    locales = [locale_for(deps, client, team_id, user) for user in booking.members]
    locale = notify.group_locale(locales, deps.settings.default_locale)
    attendees = [_attendee(client, user) for user in booking.members]
    invitation = of_booking(booking, attendees, locale, deps.clock(), guide)
    cancelled = booking.status is BookingStatus.CANCELLED
    message = (
        cancelled_message(booking, locale, reason)
        if cancelled
        else booked_message(
            booking,
            guide_text(guide, locale) if guide else guide_line(booking, locale),
            google_link(invitation),
            outlook_link(invitation),
            locale,
            cadence,
        )
    )
    _post_or_update(deps, client, channel, booking, message)
    notify.share_file(
        client,
        channel,
        ics(invitation),
        filename=ICS_NAME,
        title=t("booking.ics_title", locale),
        comment=t("booking.ics_comment_cancel" if cancelled else "booking.ics_comment", locale),
    )


def _post_or_update(
    deps: Deps, client: WebClient, channel: str, booking: BookingCard, message: dict[str, Any]
) -> None:
    if booking.message_ts is not None:
        notify.replace(client, channel, booking.message_ts, message)
        return
    ts = notify.post(client, channel, message)
    if ts is not None:
        with deps.sessions.begin() as session:
            bookings.record_message(session, booking.team_id, booking.id, ts)


def _attendee(client: WebClient, user_id: str) -> Attendee:
    """A member as the invitation names them: by their Slack email, else by name."""
    found = notify.contact(client, user_id)
    return Attendee(found.name or user_id, found.email)
