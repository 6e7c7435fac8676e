"""A booked session as its group sees it: the Booked message (when, how, what for, the
calendar links, Reschedule and Cancel), the message once cancelled, and the date and time
picker that books or moves a session."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import ids
from bot.blocks.common import (
    Block,
    actions,
    button,
    context,
    header,
    input_block,
    modal,
    section,
    slack_time,
)
from bot.blocks.groups import mention
from bot.domain import BookingCard
from bot.i18n import t


def booked_message(
    booking: BookingCard, guide: str, google: str, outlook: str, locale: str
) -> dict[str, Any]:
    """The Booked message: `guide` is the session's guide line, `google` and `outlook` the
    "Add to ..." links."""
    title = t("booking.header", locale)
    when = t("booking.when", locale, time=slack_time(booking.start), minutes=_minutes(booking))
    how = t("booking.form", locale, form=t(f"booking.form_{booking.form}", locale))
    moved = booking.sequence > 0
    by = t(
        "booking.moved_by" if moved else "booking.booked_by",
        locale,
        user=mention(booking.changed_by),
    )
    value = str(booking.id)
    blocks: list[Block] = [
        header(title),
        section(f"{when}\n{how}"),
        section(guide),
        actions(
            _link(t("booking.add_google", locale), ids.ADD_GOOGLE, google),
            _link(t("booking.add_outlook", locale), ids.ADD_OUTLOOK, outlook),
            button(t("booking.reschedule", locale), ids.RESCHEDULE, value),
            button(t("booking.cancel", locale), ids.CANCEL_BOOKING, value, style="danger"),
        ),
        context(by),
    ]
    return {"text": f"{title}: {when}", "blocks": blocks}


def cancelled_message(booking: BookingCard, locale: str) -> dict[str, Any]:
    """What the Booked message becomes once the session is cancelled."""
    title = t("booking.cancelled_header", locale)
    text = t(
        "booking.cancelled",
        locale,
        time=slack_time(booking.start),
        user=mention(booking.changed_by),
    )
    return {"text": f"{title}: {text}", "blocks": [header(title), section(text)]}


def booking_modal(
    callback_id: str, metadata: str, minutes: int, initial: datetime, locale: str
) -> dict[str, Any]:
    """The date and time picker that books (BOOK_VIEW, metadata the pair id) or moves
    (RESCHEDULE_VIEW, metadata the booking id) a session of `minutes`."""
    moving = callback_id == ids.RESCHEDULE_VIEW
    picker = {
        "type": "datetimepicker",
        "action_id": ids.VALUE,
        "initial_date_time": int(initial.timestamp()),
    }
    return modal(
        t("booking.reschedule_title" if moving else "booking.modal_title", locale),
        t("common.close", locale),
        [
            input_block(
                ids.BOOKING_START,
                t("booking.start_label", locale, minutes=minutes),
                picker,
                hint=t("booking.start_hint", locale),
            )
        ],
        callback_id=callback_id,
        submit=t("booking.reschedule_submit" if moving else "booking.modal_submit", locale),
        private_metadata=metadata,
    )


def _link(text: str, action_id: str, url: str) -> dict[str, Any]:
    return {**button(text, action_id), "url": url}


def _minutes(booking: BookingCard) -> int:
    return int((booking.end - booking.start).total_seconds() // 60)
