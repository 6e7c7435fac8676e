"""A booked session as its group sees it: the Booked message (when, how often, how, what for,
the calendar links, "Every two weeks at this time" or "Stop repeating", Reschedule and Cancel),
the message once cancelled, and the date and time picker that books or moves a session."""

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
    option,
    section,
    slack_date,
    slack_time,
)
from bot.blocks.groups import mention
from bot.domain import CADENCES, BookingCard, CancelReason
from bot.i18n import t, tn


def booked_message(
    booking: BookingCard,
    guide: str,
    google: str,
    outlook: str,
    locale: str,
    cadence_days: int | None = None,
) -> dict[str, Any]:
    """The Booked message: `guide` is the session's guide line, `google` and `outlook` the
    "Add to ..." links; a single session offers to repeat every `cadence_days` (when given),
    a series says until when and offers to stop."""
    title = t("booking.header", locale)
    when = tn("booking.when", locale, count=_minutes(booking), time=slack_time(booking.start))
    how = t("booking.form", locale, form=t(f"booking.form_{booking.form}", locale))
    lines = [when, *series_line(booking, locale), how]
    by = t(
        "booking.changed_by" if booking.sequence > 0 else "booking.booked_by",
        locale,
        user=mention(booking.changed_by),
    )
    value = str(booking.id)
    if booking.every_days:
        repeat = [button(t("booking.stop_repeating", locale), ids.STOP_REPEATING, value)]
    elif cadence_days:
        repeat = [button(repeat_text(cadence_days, locale), ids.REPEAT_BOOKING, value)]
    else:
        repeat = []
    blocks: list[Block] = [
        header(title),
        section("\n".join(lines)),
        section(guide),
        actions(
            _link(t("booking.add_google", locale), ids.ADD_GOOGLE, google),
            _link(t("booking.add_outlook", locale), ids.ADD_OUTLOOK, outlook),
            button(t("booking.reschedule", locale), ids.RESCHEDULE, value),
            *repeat,
            button(t("booking.cancel", locale), ids.CANCEL_BOOKING, value, style="danger"),
        ),
        context(by),
    ]
    return {"text": f"{title}: {when}", "blocks": blocks}


def series_line(booking: BookingCard, locale: str) -> list[str]:
    """ "Every two weeks until <date>" for a series; nothing for a single session."""
    if not booking.every_days or booking.repeat_until is None:
        return []
    days, until = booking.every_days, slack_date(booking.repeat_until)
    if days in CADENCES:
        return [t(f"booking.series_{days}", locale, date=until)]
    return [tn("booking.series_days", locale, count=days, date=until)]


def repeat_text(days: int, locale: str) -> str:
    """ "Every two weeks at this time" (the cadence in words where it has them)."""
    if days in CADENCES:
        return t(f"booking.repeat_{days}", locale)
    return tn("booking.repeat_days", locale, count=days)


def cancelled_message(
    booking: BookingCard, locale: str, reason: CancelReason | None = None
) -> dict[str, Any]:
    """What the Booked message becomes once the session is cancelled (by a member, or by the
    bot for `reason`)."""
    title = t("booking.cancelled_header", locale)
    text = t(
        f"booking.cancelled_{reason}" if reason else "booking.cancelled",
        locale,
        time=slack_time(booking.start),
        user=mention(booking.changed_by),
    )
    return {"text": f"{title}: {text}", "blocks": [header(title), section(text)]}


def booking_modal(
    callback_id: str,
    metadata: str,
    minutes: int,
    initial: datetime,
    locale: str,
    repeat_days: int | None = None,
) -> dict[str, Any]:
    """The date and time picker that books (BOOK_VIEW, metadata the pair id) or moves
    (RESCHEDULE_VIEW, metadata the booking id) a session of `minutes`; with `repeat_days`, a
    checkbox to book it every `repeat_days` at this time."""
    moving = callback_id == ids.RESCHEDULE_VIEW
    picker = {
        "type": "datetimepicker",
        "action_id": ids.VALUE,
        "initial_date_time": int(initial.timestamp()),
    }
    blocks = [
        input_block(
            ids.BOOKING_START,
            tn("booking.start_label", locale, count=minutes),
            picker,
            hint=t("booking.start_hint", locale),
        )
    ]
    if repeat_days:
        boxes = {
            "type": "checkboxes",
            "action_id": ids.VALUE,
            "options": [option(repeat_text(repeat_days, locale), "yes")],
        }
        blocks.append(
            input_block(ids.BOOKING_REPEAT, t("booking.repeat_label", locale), boxes, optional=True)
        )
    return modal(
        t("booking.reschedule_title" if moving else "booking.modal_title", locale),
        t("common.close", locale),
        blocks,
        callback_id=callback_id,
        submit=t("booking.reschedule_submit" if moving else "booking.modal_submit", locale),
        private_metadata=metadata,
    )


def _link(text: str, action_id: str, url: str) -> dict[str, Any]:
    return {**button(text, action_id), "url": url}


def _minutes(booking: BookingCard) -> int:
    return int((booking.end - booking.start).total_seconds() // 60)
