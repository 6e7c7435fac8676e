"""Due-time maths across time zones, daylight saving and weekends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.services.rhythm_time import latest_prompt, prompt_due, send_at, working_day

MONDAY = datetime(2027, 3, 1, 9, tzinfo=UTC)  # a Monday


def test_ten_in_the_morning_where_the_person_is():
    assert send_at(MONDAY.date(), "Europe/Stockholm", 10) == datetime(2027, 3, 1, 9, tzinfo=UTC)
    assert send_at(MONDAY.date(), "America/New_York", 10) == datetime(2027, 3, 1, 15, tzinfo=UTC)
    assert send_at(MONDAY.date(), "Asia/Kolkata", 10) == datetime(2027, 3, 1, 4, 30, tzinfo=UTC)
    assert send_at(MONDAY.date(), None, 10) == datetime(2027, 3, 1, 10, tzinfo=UTC)


def test_daylight_saving_keeps_the_local_hour():
    before = send_at(datetime(2027, 3, 26).date(), "Europe/Stockholm", 10)  # Friday, CET
    after = send_at(datetime(2027, 3, 29).date(), "Europe/Stockholm", 10)  # Monday, CEST
    assert (before.hour, after.hour) == (9, 8)
    us = send_at(datetime(2027, 11, 8).date(), "America/Los_Angeles", 10)  # after fall back
    assert us.hour == 18


def test_weekends_move_to_monday():
    saturday = datetime(2027, 3, 6).date()
    assert working_day(saturday).weekday() == 0 and working_day(saturday).day == 8
    assert working_day(saturday + timedelta(days=1)).day == 8


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_prompts_every_cadence_from_the_pair_start():
    started, se = _utc(2027, 3, 1, 12), "Europe/Stockholm"
    assert prompt_due(started, 1, 14, se, 10) == _utc(2027, 3, 15, 9)
    assert prompt_due(started, 2, 14, se, 10) == _utc(2027, 3, 29, 8)  # summer time by then
    assert latest_prompt(started, _utc(2027, 3, 15, 8, 59), 14, se, 10) is None
    assert latest_prompt(started, _utc(2027, 3, 15, 9), 14, se, 10) == (1, _utc(2027, 3, 15, 9))
    assert latest_prompt(started, _utc(2027, 4, 20), 14, se, 10) == (3, _utc(2027, 4, 12, 8))


zones = st.sampled_from(
    [
        "Europe/Stockholm",
        "America/New_York",
        "Asia/Kolkata",
        "Pacific/Auckland",
        "America/Los_Angeles",
        None,
    ]
)


@given(
    st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
    st.integers(1, 40),
    st.sampled_from([7, 14, 28]),
    zones,
    st.integers(7, 18),
)
def test_every_prompt_is_at_the_local_hour_on_a_weekday(started, number, cadence, tz, hour):
    due = prompt_due(started, number, cadence, tz, hour)
    local = due.astimezone(ZoneInfo(tz or "UTC"))
    assert local.hour == hour and local.weekday() < 5
    assert due > started


@given(
    st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2029, 1, 1), timezones=st.just(UTC)
    ),
    st.integers(0, 400),
    st.sampled_from([7, 14, 28]),
    zones,
)
def test_the_latest_prompt_is_due_and_the_next_is_not(started, days_later, cadence, tz):
    now = started + timedelta(days=days_later, hours=7)
    found = latest_prompt(started, now, cadence, tz, 10)
    if found is None:
        assert prompt_due(started, 1, cadence, tz, 10) > now
        return
    number, due = found
    assert due <= now < prompt_due(started, number + 1, cadence, tz, 10)
