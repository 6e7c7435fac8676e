"""The booking's blocks: the Book buttons under suggested times, the Booked message, the
cancelled one and the date and time picker, in both languages and within Slack's limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import ids
from bot.blocks.booking import booked_message, booking_modal, cancelled_message
from bot.blocks.times import slot_value, times_blocks
from bot.config import SUPPORTED_LOCALES
from bot.domain import BookingCard, BookingStatus, MeetingForm, SuggestedTimes
from bot.i18n import t
from tests.fakes.blockkit import message_problems, view_problems

TUESDAY = datetime(2026, 12, 8, 14, tzinfo=UTC)
STARTS = (TUESDAY, TUESDAY + timedelta(days=1), TUESDAY + timedelta(days=2))
BOOKING = BookingCard(
    id=7,
    team_id="T1",
    programme_id=1,
    pair_id=3,
    start=TUESDAY,
    end=TUESDAY + timedelta(minutes=45),
    form=MeetingForm.VIDEO,
    status=BookingStatus.BOOKED,
    sequence=0,
    booked_by="UA",
    changed_by="UA",
    members=("UA", "UB"),
    first=True,
    conversation_id="G1",
    message_ts=None,
)


def elements(blocks: list[dict]) -> list[dict]:
    """The interactive elements (buttons) of the blocks."""
    found = []
    for block in blocks:
        found += block.get("elements", []) + ([block["accessory"]] if "accessory" in block else [])
    return [element for element in found if "action_id" in element]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_each_suggested_time_has_its_book_button_and_another_time(locale: str):
    blocks = times_blocks(SuggestedTimes(STARTS, 30, pair_id=3), locale)
    buttons = [e for e in elements(blocks) if e.get("type") == "button"]
    assert [b["value"] for b in buttons if b["action_id"] == ids.BOOK_SLOT] == [
        f"3:{int(s.timestamp())}" for s in STARTS
    ]
    assert [b["value"] for b in buttons if b["action_id"] == ids.BOOK_OTHER] == ["3"]
    assert t("booking.book", locale) in str(blocks)
    assert message_problems("times", blocks) == []
    assert slot_value(3, STARTS[0]) == f"3:{int(STARTS[0].timestamp())}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_no_suggested_time_still_offers_another_time(locale: str):
    blocks = times_blocks(SuggestedTimes((), 30, pair_id=3), locale)
    assert t("times.none", locale) in str(blocks)
    assert [e["action_id"] for e in elements(blocks)] == [ids.BOOK_OTHER]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_booked_message_and_its_cancellation(locale: str):
    long_link = "https://calendar.google.com/calendar/render?" + "x" * 2900
    message = booked_message(BOOKING, "guide", long_link, "https://outlook.office.com/", locale)
    text = str(message["blocks"])
    assert t("booking.header", locale) in text and "(45 " in text
    assert t("booking.form_video", locale) in text and "guide" in text
    assert f"<!date^{int(TUESDAY.timestamp())}^" in text
    assert [e["action_id"] for e in elements(message["blocks"])] == [
        ids.ADD_GOOGLE,
        ids.ADD_OUTLOOK,
        ids.RESCHEDULE,
        ids.CANCEL_BOOKING,
    ]
    assert message_problems(message["text"], message["blocks"]) == []
    moved = booked_message(
        BookingCard(**{**BOOKING.__dict__, "sequence": 1, "changed_by": "UB"}),
        "g",
        "u:",
        "u:",
        locale,
    )
    assert t("booking.changed_by", locale, user="<@UB>") in str(moved["blocks"])
    cancelled = cancelled_message(BOOKING, locale)
    assert t("booking.cancelled_header", locale) in str(cancelled["blocks"])
    assert elements(cancelled["blocks"]) == []
    assert message_problems(cancelled["text"], cancelled["blocks"]) == []


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("callback_id", [ids.BOOK_VIEW, ids.RESCHEDULE_VIEW])
def test_the_picker_opens_at_the_given_moment(locale: str, callback_id: str):
    view = booking_modal(callback_id, "3", 30, TUESDAY, locale)
    [picker] = [b["element"] for b in view["blocks"] if b["type"] == "input"]  # no repeat box
    assert picker == {
        "type": "datetimepicker",
        "action_id": ids.VALUE,
        "initial_date_time": int(TUESDAY.timestamp()),
    }
    assert view["callback_id"] == callback_id and view["private_metadata"] == "3"
    assert view_problems(view) == []


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("cadence", [7, 14, 28])
def test_a_single_session_offers_the_cadence_and_a_series_says_until_when(
    locale: str, cadence: int
):
    single = booked_message(BOOKING, "g", "u:", "u:", locale, cadence)
    assert [e["action_id"] for e in elements(single["blocks"])] == [
        ids.ADD_GOOGLE,
        ids.ADD_OUTLOOK,
        ids.RESCHEDULE,
        ids.REPEAT_BOOKING,
        ids.CANCEL_BOOKING,
    ]
    assert t(f"booking.repeat_{cadence}", locale) in str(single["blocks"])
    until = TUESDAY + timedelta(days=8 * cadence)
    series = BookingCard(**{**BOOKING.__dict__, "every_days": cadence, "repeat_until": until})
    message = booked_message(series, "g", "u:", "u:", locale, cadence)
    [stop] = [e for e in elements(message["blocks"]) if e["action_id"] == ids.STOP_REPEATING]
    assert stop["value"] == "7" and ids.REPEAT_BOOKING not in str(message["blocks"])
    line = t(f"booking.series_{cadence}", locale, date=f"<!date^{int(until.timestamp())}^")
    assert line.split("<!date")[0] + f"<!date^{int(until.timestamp())}^" in str(message)
    assert message_problems(message["text"], message["blocks"]) == []
    view = booking_modal(ids.BOOK_VIEW, "3", 30, TUESDAY, locale, repeat_days=cadence)
    [box] = [b for b in view["blocks"] if b.get("block_id") == ids.BOOKING_REPEAT]
    assert box["optional"] and t(f"booking.repeat_{cadence}", locale) in str(box)
    assert view_problems(view) == []


def test_an_unusual_cadence_is_said_in_days():
    text = str(booked_message(BOOKING, "g", "u:", "u:", "en", 10)["blocks"])
    assert "Every 10 days at this time" in text
