"""Working hours across zones, daylight saving, half hours and +14; a person's own hours and
days; public holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.services.working_hours import (
    Hours,
    country_of,
    is_open,
    is_working_day,
    next_open,
    periods,
)

# the moments reach from 1996 to 2070, past the years some countries' calendars cover (they warn)
pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

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
DST_DAYS = [  # local days on which the clocks change, and when
    ("Europe/Stockholm", date(2027, 3, 28)),  # 02:00 -> 03:00
    ("Europe/Stockholm", date(2027, 10, 31)),  # 03:00 -> 02:00
    ("America/New_York", date(2027, 3, 14)),  # 02:00 -> 03:00
    ("America/New_York", date(2027, 11, 7)),  # 02:00 -> 01:00
    ("Australia/Lord_Howe", date(2027, 4, 4)),  # 02:00 -> 01:30
    ("Australia/Lord_Howe", date(2027, 10, 3)),  # 02:00 -> 02:30
    ("America/Sao_Paulo", date(2018, 11, 4)),  # 00:00 -> 01:00: the day begins at 01:00
    ("America/Sao_Paulo", date(2019, 2, 16)),  # 24:00 -> 23:00: 23:00 comes twice
]
moments = st.datetimes(
    min_value=datetime(1996, 1, 1), max_value=datetime(2070, 1, 1), timezones=st.just(UTC)
)
near_dst_changes = st.builds(
    lambda change, minutes: change + minutes * MINUTE,
    st.sampled_from(DST_CHANGES),
    st.integers(-5 * 24 * 60, 5 * 24 * 60),
)
quarter_hours = st.integers(0, 24 * 4 - 1).map(lambda q: time(q // 4, q % 4 * 15))
starts_and_ends = st.lists(quarter_hours, min_size=2, max_size=2, unique=True).map(sorted)
own_hours = st.builds(  # anyone's: any start and end on the quarter hour, any days, any country
    lambda name, start_end, days, country: Hours(name, *start_end, days, country),
    st.sampled_from(NAMED),
    starts_and_ends,
    st.frozensets(st.integers(0, 6), min_size=1),
    st.sampled_from([None, "SE", "US", "XX"]),
)


def _local(name: str, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(name))


def _first_working_minute(moment: datetime, hours: Hours, until: datetime) -> None:
    """No minute on the grid from `moment` up to `until` is inside working hours."""
    minute = moment.replace(second=0, microsecond=0)
    if minute < moment:
        minute += MINUTE
    while minute < until:
        assert not is_open(minute, hours), minute
        minute += MINUTE


def _check(moment: datetime, hours: Hours) -> None:
    opening = next_open(moment, hours)
    assert opening.utcoffset() == timedelta(0)
    assert opening >= moment
    assert is_open(opening, hours)
    assert (opening == moment) == is_open(moment, hours)
    _first_working_minute(moment, hours, opening)


@settings(deadline=None)  # each example walks every minute up to the opening
@given(moment=moments | near_dst_changes, name=st.sampled_from(NAMED))
@example(moment=datetime(2027, 3, 26, 17, 30, tzinfo=UTC), name="Europe/Stockholm")
@example(moment=datetime(2027, 11, 5, 21, tzinfo=UTC), name="America/New_York")
def test_next_open_is_the_earliest_working_minute_from_the_moment_on(moment, name):
    _check(moment, Hours(name))


@settings(max_examples=300, deadline=None)
@given(moment=moments, name=st.sampled_from(sorted(available_timezones())))
def test_next_open_holds_in_every_zone(moment, name):
    _check(moment, Hours(name))


@settings(deadline=None)
@given(moment=moments | near_dst_changes, hours=own_hours)
def test_next_open_holds_for_anyones_hours(moment, hours):
    _check(moment, hours)


@settings(deadline=None)
@given(zone_day=st.sampled_from(DST_DAYS), start_end=starts_and_ends)
@example(zone_day=DST_DAYS[0], start_end=(time(2, 30), time(17)))  # a skipped start
@example(zone_day=DST_DAYS[1], start_end=(time(2, 30), time(17)))  # a repeated start
@example(zone_day=DST_DAYS[2], start_end=(time(0), time(2, 30)))  # a skipped end
@example(zone_day=DST_DAYS[3], start_end=(time(0), time(1, 30)))  # a repeated end
@example(zone_day=DST_DAYS[6], start_end=(time(0), time(9)))  # the day begins at 01:00
@example(zone_day=DST_DAYS[7], start_end=(time(23), time(23, 45)))  # an hour that comes twice
def test_a_days_periods_are_its_working_minutes(zone_day, start_end):
    """On days the clocks change, the spans of `periods` hold exactly the day's open minutes."""
    name, day = zone_day
    hours = Hours(name, *start_end, days=frozenset(range(7)), country="XX")
    spans = periods(day, hours)
    midnight = datetime.combine(day, time(0), tzinfo=ZoneInfo(name)).astimezone(UTC)
    minute = midnight - timedelta(hours=3)
    while minute < midnight + timedelta(hours=27):
        on_the_day = minute.astimezone(ZoneInfo(name)).date() == day
        assert any(a <= minute < b for a, b in spans) == (on_the_day and is_open(minute, hours))
        minute += MINUTE
    assert all(a < b for a, b in spans) and list(spans) == sorted(spans)


def test_a_late_afternoon_waits_for_the_next_morning_and_a_friday_for_monday():
    tokyo = Hours("Asia/Tokyo")
    tuesday = _local("Asia/Tokyo", 2027, 3, 16, 17, 30)
    assert not is_open(tuesday, tokyo)
    assert next_open(tuesday, tokyo) == _local("Asia/Tokyo", 2027, 3, 17, 9).astimezone(UTC)
    friday = _local("Asia/Tokyo", 2027, 3, 12, 17, 30)
    assert next_open(friday, tokyo) == _local("Asia/Tokyo", 2027, 3, 15, 9).astimezone(UTC)
    friday = _local("Asia/Tokyo", 2027, 3, 19, 17, 30)  # Monday is the equinox's holiday
    assert next_open(friday, tokyo) == _local("Asia/Tokyo", 2027, 3, 23, 9).astimezone(UTC)
    night = _local("Asia/Tokyo", 2027, 3, 16, 2)
    assert next_open(night, tokyo) == _local("Asia/Tokyo", 2027, 3, 16, 9).astimezone(UTC)


def test_the_edges_of_the_day():
    stockholm = Hours("Europe/Stockholm")
    assert is_open(_local("Europe/Stockholm", 2027, 3, 15, 9), stockholm)
    assert is_open(_local("Europe/Stockholm", 2027, 3, 15, 16, 59), stockholm)
    assert not is_open(_local("Europe/Stockholm", 2027, 3, 15, 17), stockholm)
    assert not is_open(_local("Europe/Stockholm", 2027, 3, 15, 8, 59), stockholm)
    assert not is_open(_local("Europe/Stockholm", 2027, 3, 13, 12), stockholm)  # a Saturday


def test_zones_far_from_utc_and_off_the_hour():
    # Monday 09:00 on Kiritimati (+14) is Sunday 19:00 in UTC
    kiritimati = Hours("Pacific/Kiritimati")
    friday_evening = _local("Pacific/Kiritimati", 2027, 3, 19, 17)
    assert next_open(friday_evening, kiritimati) == datetime(2027, 3, 21, 19, tzinfo=UTC)
    assert next_open(datetime(2027, 3, 15, 3, tzinfo=UTC), Hours("Asia/Kolkata")) == datetime(
        2027, 3, 15, 3, 30, tzinfo=UTC
    )


def test_the_first_morning_after_the_clocks_change():
    stockholm = Hours("Europe/Stockholm")
    thursday = _local("Europe/Stockholm", 2027, 3, 25, 18)  # CET, +01; then Easter
    assert next_open(thursday, stockholm) == datetime(2027, 3, 30, 7, tzinfo=UTC)  # CEST
    new_york = Hours("America/New_York")
    friday = _local("America/New_York", 2027, 11, 5, 18)  # EDT, -04
    assert next_open(friday, new_york) == datetime(2027, 11, 8, 14, tzinfo=UTC)  # EST


def test_no_zone_counts_as_utc_and_the_answer_is_in_utc():
    moment = datetime(2027, 3, 15, 20, tzinfo=timezone(timedelta(hours=2)))  # 18:00 UTC
    assert next_open(moment, Hours(None)) == datetime(2027, 3, 16, 9, tzinfo=UTC)
    assert next_open(moment, Hours("Not/A_Zone")) == datetime(2027, 3, 16, 9, tzinfo=UTC)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        is_open(datetime(2027, 3, 15, 10), Hours("UTC"))


def test_a_persons_own_hours_and_days():
    # 07:30-15:00, Monday, Wednesday and Thursday
    early = Hours("Europe/Stockholm", time(7, 30), time(15), frozenset({0, 2, 3}))
    assert is_open(_local("Europe/Stockholm", 2027, 3, 15, 7, 30), early)  # Monday
    assert not is_open(_local("Europe/Stockholm", 2027, 3, 15, 15), early)
    assert not is_open(_local("Europe/Stockholm", 2027, 3, 16, 10), early)  # Tuesday
    monday_evening = _local("Europe/Stockholm", 2027, 3, 15, 15)
    wednesday = _local("Europe/Stockholm", 2027, 3, 17, 7, 30)
    assert next_open(monday_evening, early) == wednesday.astimezone(UTC)
    weekend = Hours("Asia/Tokyo", days=frozenset({5, 6}))
    assert is_open(_local("Asia/Tokyo", 2027, 3, 13, 10), weekend)  # Saturday
    assert not is_open(_local("Asia/Tokyo", 2027, 3, 15, 10), weekend)  # Monday


def test_public_holidays_are_days_off_in_the_zones_country():
    stockholm = Hours("Europe/Stockholm")
    national_day = _local("Europe/Stockholm", 2028, 6, 6, 10)  # a Tuesday
    assert not is_open(national_day, stockholm)
    monday_evening = _local("Europe/Stockholm", 2028, 6, 5, 17)
    wednesday = _local("Europe/Stockholm", 2028, 6, 7, 9).astimezone(UTC)
    assert next_open(monday_evening, stockholm) == wednesday
    midsummer_eve = _local("Europe/Stockholm", 2028, 6, 23, 10)  # a Friday, off by law
    assert not is_open(midsummer_eve, stockholm)
    assert next_open(midsummer_eve, stockholm) == datetime(2028, 6, 26, 7, tzinfo=UTC)
    assert is_open(_local("America/New_York", 2028, 6, 6, 10), Hours("America/New_York"))


def test_the_country_may_differ_from_the_zones_and_be_unknown():
    national_day = _local("Europe/Stockholm", 2028, 6, 6, 10)
    assert is_open(national_day, Hours("Europe/Stockholm", country="US"))
    assert not is_open(_local("Europe/Stockholm", 2028, 7, 4, 10), Hours("UTC", country="US"))
    assert is_open(national_day, Hours("Europe/Stockholm", country="XX"))  # no holidays known
    assert is_working_day(date(2028, 6, 6), Hours("UTC"))  # UTC lies in no country


def test_the_country_of_a_time_zone():
    assert country_of("Europe/Stockholm") == "SE"
    assert country_of("America/New_York") == "US"
    assert country_of("US/Eastern") == "US"  # an alias
    assert country_of("Asia/Kolkata") == "IN"
    assert country_of("UTC") is None
    assert country_of("Mars/Olympus_Mons") is None
    assert country_of(None) is None


def test_hours_that_cannot_be_worked_are_refused():
    with pytest.raises(ValueError):
        Hours("UTC", time(17), time(9))
    with pytest.raises(ValueError):
        Hours("UTC", time(9), time(9))
    with pytest.raises(ValueError):
        Hours("UTC", days=frozenset())
    with pytest.raises(ValueError):
        Hours("UTC", days=frozenset({7}))
