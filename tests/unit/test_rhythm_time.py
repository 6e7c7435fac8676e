"""Due-time maths across time zones, daylight saving and weekends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.services.rhythm_time import (
    latest_prompt,
    latest_session_prompt,
    prompt_due,
    send_at,
    session_prompt_due,
    working_day,
)
from bot.services.slots import Interval

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


# The prompt before a booked session of a series (issue 16)

ZONES = ["Europe/Stockholm", "America/New_York", "Asia/Kolkata", "Australia/Sydney", None]
moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


def test_the_session_day_at_the_send_hour_or_two_hours_before():
    afternoon = _utc(2027, 3, 3, 13)  # 14:00 in Stockholm, 08:00 in New York
    assert session_prompt_due(afternoon, "Europe/Stockholm", 10) == _utc(2027, 3, 3, 9)
    assert session_prompt_due(afternoon, "America/New_York", 10) == _utc(2027, 3, 3, 11)
    early = _utc(2027, 3, 3, 8)  # 09:00 in Stockholm: two hours before, not at ten
    assert session_prompt_due(early, "Europe/Stockholm", 10) == _utc(2027, 3, 3, 6)
    saturday = _utc(2027, 3, 6, 13)  # on the session's own day, weekend or not
    assert session_prompt_due(saturday, "Europe/Stockholm", 10) == _utc(2027, 3, 6, 9)
    dst = _utc(2027, 3, 29, 12)  # the Monday after Stockholm's clocks went forward
    assert session_prompt_due(dst, "Europe/Stockholm", 10) == _utc(2027, 3, 29, 8)


@given(moments, st.sampled_from(ZONES), st.integers(6, 20))
def test_a_session_prompt_is_never_late_and_never_a_day_early(
    start: datetime, zone_name: str | None, hour: int
):
    due = session_prompt_due(start, zone_name, hour)
    assert due <= start - timedelta(hours=2)
    local = (zone_name and ZoneInfo(zone_name)) or UTC
    at_hour = due.astimezone(local)
    on_the_day = at_hour.date() == start.astimezone(local).date() and at_hour.hour == hour
    assert due == start - timedelta(hours=2) or on_the_day
    if on_the_day:
        assert at_hour.minute == 0


@given(
    moments,
    st.sampled_from([7, 14, 28]),
    st.integers(1, 12),
    st.sampled_from(ZONES),
    st.integers(6, 20),
    st.integers(-3 * 24, 200 * 24),
)
def test_the_latest_session_prompt_is_due_and_its_session_not_over(
    first: datetime, every: int, count: int, zone_name: str | None, hour: int, hours_on: int
):
    sessions = [
        Interval(first + timedelta(days=every * n), first + timedelta(days=every * n, minutes=30))
        for n in range(count)
    ]
    now = first + timedelta(hours=hours_on)
    found = latest_session_prompt(sessions, now, zone_name, hour)
    dues = [session_prompt_due(s.start, zone_name, hour) for s in sessions]
    due_now = [n for n, due in enumerate(dues) if due <= now]
    if not due_now or sessions[due_now[-1]].end <= now:
        assert found is None
        return
    assert found is not None
    number, session, due = found
    assert number == due_now[-1] + 1 and session == sessions[number - 1]
    assert due == dues[number - 1] <= now < session.end


def test_no_session_prompt_before_the_first_is_due_nor_after_a_session_ended():
    session = Interval(_utc(2027, 3, 3, 13), _utc(2027, 3, 3, 13, 30))
    assert latest_session_prompt([session], _utc(2027, 3, 3, 8, 59), "Europe/Stockholm", 10) is None
    assert latest_session_prompt([session], _utc(2027, 3, 3, 9), "Europe/Stockholm", 10) == (
        1,
        session,
        _utc(2027, 3, 3, 9),
    )
    ended = _utc(2027, 3, 3, 13, 30)
    assert latest_session_prompt([session], ended, "Europe/Stockholm", 10) is None
