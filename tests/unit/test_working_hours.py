"""Working hours (09-17 local, weekdays) across zones, daylight saving, half hours and +14."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.services.working_hours import is_open, next_open

MINUTE = timedelta(minutes=1)
NAMED = [
    "Europe/Stockholm",
    "America/New_York",
    "Asia/Kolkata",  # +05:30
    "Asia/Kathmandu",  # +05:45
    "Pacific/Kiritimati",  # +14: its Monday morning is Sunday in UTC
    "Pacific/Pago_Pago",  # -11
    "Australia/Lord_Howe",  # daylight saving of half an hour
    "Asia/Tokyo",
    "UTC",
    None,  # no known zone: UTC
    "Mars/Olympus_Mons",  # an unknown one: UTC
]
DST_CHANGES = [  # the instants the clocks changed, in UTC
    datetime(2027, 3, 28, 1, tzinfo=UTC),  # Stockholm, spring
    datetime(2027, 10, 31, 1, tzinfo=UTC),  # Stockholm, autumn
    datetime(2027, 3, 14, 7, tzinfo=UTC),  # New York, spring
    datetime(2027, 11, 7, 6, tzinfo=UTC),  # New York, autumn
]
moments = st.datetimes(
    min_value=datetime(1996, 1, 1), max_value=datetime(2070, 1, 1), timezones=st.just(UTC)
)
near_dst_changes = st.builds(
    lambda change, minutes: change + minutes * MINUTE,
    st.sampled_from(DST_CHANGES),
    st.integers(-5 * 24 * 60, 5 * 24 * 60),
)


def _local(name: str, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(name))


def _first_working_minute(moment: datetime, name: str | None, until: datetime) -> None:
    """No minute on the grid from `moment` up to `until` is inside working hours."""
    minute = moment.replace(second=0, microsecond=0)
    if minute < moment:
        minute += MINUTE
    while minute < until:
        assert not is_open(minute, name), minute
        minute += MINUTE


def _check(moment: datetime, name: str | None) -> None:
    opening = next_open(moment, name)
    assert opening.utcoffset() == timedelta(0)
    assert opening >= moment
    assert is_open(opening, name)
    assert (opening == moment) == is_open(moment, name)
    _first_working_minute(moment, name, opening)


@settings(deadline=None)  # each example walks every minute up to the opening
@given(moment=moments | near_dst_changes, name=st.sampled_from(NAMED))
@example(moment=datetime(2027, 3, 26, 17, 30, tzinfo=UTC), name="Europe/Stockholm")
@example(moment=datetime(2027, 11, 5, 21, tzinfo=UTC), name="America/New_York")
def test_next_open_is_the_earliest_working_minute_from_the_moment_on(moment, name):
    _check(moment, name)


@settings(max_examples=300, deadline=None)
@given(moment=moments, name=st.sampled_from(sorted(available_timezones())))
def test_next_open_holds_in_every_zone(moment, name):
    _check(moment, name)


def test_a_late_afternoon_waits_for_the_next_morning_and_a_friday_for_monday():
    tokyo = "Asia/Tokyo"
    tuesday = _local(tokyo, 2027, 3, 16, 17, 30)
    assert not is_open(tuesday, tokyo)
    assert next_open(tuesday, tokyo) == _local(tokyo, 2027, 3, 17, 9).astimezone(UTC)
    friday = _local(tokyo, 2027, 3, 19, 17, 30)
    assert next_open(friday, tokyo) == _local(tokyo, 2027, 3, 22, 9).astimezone(UTC)
    night = _local(tokyo, 2027, 3, 16, 2)
    assert next_open(night, tokyo) == _local(tokyo, 2027, 3, 16, 9).astimezone(UTC)


def test_the_edges_of_the_day():
    stockholm = "Europe/Stockholm"
    assert is_open(_local(stockholm, 2027, 3, 15, 9), stockholm)
    assert is_open(_local(stockholm, 2027, 3, 15, 16, 59), stockholm)
    assert not is_open(_local(stockholm, 2027, 3, 15, 17), stockholm)
    assert not is_open(_local(stockholm, 2027, 3, 15, 8, 59), stockholm)
    assert not is_open(_local(stockholm, 2027, 3, 13, 12), stockholm)  # a Saturday


def test_zones_far_from_utc_and_off_the_hour():
    # Monday 09:00 on Kiritimati (+14) is Sunday 19:00 in UTC
    friday_evening = _local("Pacific/Kiritimati", 2027, 3, 19, 17)
    assert next_open(friday_evening, "Pacific/Kiritimati") == datetime(2027, 3, 21, 19, tzinfo=UTC)
    assert next_open(datetime(2027, 3, 15, 3, tzinfo=UTC), "Asia/Kolkata") == datetime(
        2027, 3, 15, 3, 30, tzinfo=UTC
    )


def test_the_first_morning_after_the_clocks_change():
    friday = _local("Europe/Stockholm", 2027, 3, 26, 18)  # CET, +01
    assert next_open(friday, "Europe/Stockholm") == datetime(2027, 3, 29, 7, tzinfo=UTC)  # CEST
    friday = _local("America/New_York", 2027, 11, 5, 18)  # EDT, -04
    assert next_open(friday, "America/New_York") == datetime(2027, 11, 8, 14, tzinfo=UTC)  # EST


def test_no_zone_counts_as_utc_and_the_answer_is_in_utc():
    moment = datetime(2027, 3, 15, 20, tzinfo=timezone(timedelta(hours=2)))  # 18:00 UTC
    assert next_open(moment, None) == datetime(2027, 3, 16, 9, tzinfo=UTC)
    assert next_open(moment, "Not/A_Zone") == datetime(2027, 3, 16, 9, tzinfo=UTC)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        is_open(datetime(2027, 3, 15, 10), "UTC")
