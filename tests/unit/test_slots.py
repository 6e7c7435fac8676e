"""Suggested meeting slots: inside everyone's hours, clear of busy time, spread over days and
times of day; the nearest compromise when hours never meet. Checked against a brute-force scan
of every minute over short horizons."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.slots import LEAD, Interval, Suggestion, suggest
from bot.services.working_hours import Hours, is_open

MINUTE = timedelta(minutes=1)
HALF_HOUR = timedelta(minutes=30)
ZONES = [
    "Europe/Stockholm",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Pacific/Honolulu",
    "Asia/Tokyo",
    "Asia/Kolkata",  # +05:30
    "Asia/Kathmandu",  # +05:45
    "Australia/Sydney",
    "Australia/Lord_Howe",  # daylight saving of half an hour
    "Pacific/Auckland",
]
STOCKHOLM, NEW_YORK = Hours("Europe/Stockholm"), Hours("America/New_York")


def _stockholm(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo("Europe/Stockholm"))


def _times(suggestion: Suggestion) -> list[time]:
    """The slots' times of day in Stockholm."""
    return [_stockholm(s).time() for s in suggestion.slots]


# -- properties against a brute-force scan ---------------------------------------------------

hours = st.builds(
    lambda name, start, span, days, country: Hours(
        name,
        time(start // 4, start % 4 * 15),
        time(min(start + span, 95) // 4, min(start + span, 95) % 4 * 15),
        days,
        country,
    ),
    st.sampled_from(ZONES),
    st.integers(0, 80),  # the start, in quarter hours
    st.integers(2, 48),  # the length, in quarter hours
    st.sampled_from([frozenset(range(5)), frozenset(range(7))])
    | st.frozensets(st.integers(0, 6), min_size=1),
    st.sampled_from([None, None, None, "SE", "XX"]),
)
afters = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


@st.composite
def busy_intervals(draw, after: datetime, days: int) -> list[Interval]:
    found = []
    for _ in range(draw(st.integers(0, 5))):
        start = after + draw(st.integers(0, days * 24 * 60)) * MINUTE
        found.append(Interval(start, start + draw(st.integers(15, 600)) * MINUTE))
    return found


class Scan:
    """Every minute of a short horizon, person by person: whether they work then."""

    def __init__(self, people: list[Hours], after: datetime, days: int) -> None:
        self.people = people
        self.first = after.replace(second=0, microsecond=0) - timedelta(days=1)
        minutes = (days + 3) * 24 * 60
        self.open = [
            [is_open(self.first + m * MINUTE, person) for m in range(minutes)] for person in people
        ]
        self.days: dict[tuple[int, date], tuple[datetime, datetime] | None] = {}

    def index(self, moment: datetime) -> int:
        return (moment - self.first) // MINUTE

    def inside(self, start: datetime, length: timedelta) -> bool:
        begin = self.index(start)
        end = begin + length // MINUTE
        return all(all(opens[begin:end]) for opens in self.open)

    def stretch(self, start: datetime, length: timedelta) -> timedelta | None:
        """How far the slot reaches outside the hours of the person it suits least, on their
        local day; None when it is not within a working day of everyone."""
        worst = timedelta(0)
        for number, person in enumerate(self.people):
            tz = ZoneInfo(person.time_zone or "UTC")
            day = start.astimezone(tz).date()
            if (start + length - MINUTE).astimezone(tz).date() != day:
                return None
            hours = self.working(number, tz, day)
            if hours is None:
                return None
            worst = max(worst, hours[0] - start, start + length - hours[1])
        return worst

    def working(self, number: int, tz: ZoneInfo, day: date) -> tuple[datetime, datetime] | None:
        """A person's first working minute on their local `day`, and the end of their last."""
        if (number, day) not in self.days:
            midnight = datetime.combine(day, time(0), tzinfo=tz)
            following = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
            opens = self.open[number]
            minutes = [m for m in range(self.index(midnight), self.index(following)) if opens[m]]
            self.days[number, day] = (
                (self.first + minutes[0] * MINUTE, self.first + (minutes[-1] + 1) * MINUTE)
                if minutes
                else None
            )
        return self.days[number, day]


def _grid(after: datetime, days: int, length: timedelta) -> list[datetime]:
    """Every start the rules allow: on the half hour, from the lead time to the horizon."""
    start = (after + LEAD).replace(minute=0, second=0, microsecond=0)
    while start < after + LEAD:
        start += HALF_HOUR
    starts = []
    while start + length <= after + timedelta(days=days):
        starts.append(start)
        start += HALF_HOUR
    return starts


def _clear(start: datetime, length: timedelta, busy: list[Interval]) -> bool:
    return not any(b.start < start + length and start < b.end for b in busy)


@settings(deadline=None)  # each example scans every minute of its horizon
@given(
    data=st.data(),
    people=st.lists(hours, min_size=1, max_size=3),
    after=afters,
    days=st.integers(1, 3),
    length=st.sampled_from([30, 45, 60, 90]).map(lambda m: m * MINUTE),
    count=st.integers(1, 4),
)
def test_slots_follow_the_rules(data, people, after, days, length, count):
    busy = data.draw(busy_intervals(after, days))
    suggestion = suggest(people, busy, after, length, count, days)
    slots = list(suggestion.slots)
    assert slots == sorted(set(slots)) and len(slots) <= count
    assert all(s.utcoffset() == timedelta(0) and s.second == s.microsecond == 0 for s in slots)
    allowed = [s for s in _grid(after, days, length) if _clear(s, length, busy)]
    assert set(slots) <= set(allowed)
    scan = Scan(people, after, days)
    shared = [s for s in allowed if scan.inside(s, length)]
    assert suggestion.shared == bool(shared)
    if suggestion.shared:
        assert len(slots) == min(count, len(shared))
        return
    stretches = {s: scan.stretch(s, length) for s in allowed}
    possible = [s for s in allowed if stretches[s] is not None]
    assert len(slots) == min(count, len(possible))
    if slots:
        assert min(stretches[s] for s in slots) == min(stretches[s] for s in possible)


# -- named cases ------------------------------------------------------------------------------


def test_stockholm_and_new_york_meet_on_three_days_in_their_afternoon_window():
    monday = datetime(2027, 3, 1, 8, tzinfo=UTC)  # before either changes its clocks
    suggestion = suggest([STOCKHOLM, NEW_YORK], [], monday)
    assert suggestion.shared
    local = [_stockholm(s) for s in suggestion.slots]
    assert [s.date() for s in local] == [date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 3)]
    assert _times(suggestion) == [time(15), time(15, 30), time(16, 30)]  # of 15-17


def test_a_full_day_gets_a_morning_a_midday_and_an_afternoon():
    monday = datetime(2027, 3, 1, 6, tzinfo=UTC)
    suggestion = suggest([STOCKHOLM, Hours("Europe/Berlin")], [], monday)
    assert _times(suggestion) == [time(10), time(12, 30), time(15, 30)]


def test_busy_time_is_avoided_and_the_nearest_free_time_taken():
    monday = datetime(2027, 3, 1, 6, tzinfo=UTC)
    lunch = Interval(datetime(2027, 3, 2, 11, tzinfo=UTC), datetime(2027, 3, 2, 12, 30, tzinfo=UTC))
    suggestion = suggest([STOCKHOLM, STOCKHOLM], [lunch], monday)
    assert _times(suggestion) == [time(10), time(13, 30), time(15, 30)]


def test_a_swedish_public_holiday_is_skipped():
    monday = datetime(2028, 6, 5, 8, tzinfo=UTC)  # Tuesday 6 June is Sweden's national day
    suggestion = suggest([STOCKHOLM, NEW_YORK], [], monday)
    assert [_stockholm(s).date().day for s in suggestion.slots] == [5, 7, 8]
    assert all(time(15) <= _stockholm(s).time() <= time(16, 30) for s in suggestion.slots)
    thursday = datetime(2028, 6, 22, 8, tzinfo=UTC)  # Friday 23 June is midsummer eve
    suggestion = suggest([STOCKHOLM, NEW_YORK], [], thursday)
    assert [_stockholm(s).date().day for s in suggestion.slots] == [22, 26, 27]


def test_the_lead_time_puts_off_what_is_too_soon():
    monday = datetime(2027, 3, 1, 13, 50, tzinfo=UTC)  # the window closes at 16:00 UTC
    suggestion = suggest([STOCKHOLM, NEW_YORK], [], monday)
    assert [_stockholm(s).date().day for s in suggestion.slots] == [2, 3, 4]


def test_fewer_slots_only_when_the_horizon_holds_fewer():
    monday = datetime(2027, 3, 1, 8, tzinfo=UTC)
    one_day = suggest([STOCKHOLM, NEW_YORK], [], monday, days=1)  # one window of two hours
    assert _times(one_day) == [time(15), time(15, 30), time(16, 30)]
    busy = Interval(datetime(2027, 3, 1, 14, tzinfo=UTC), datetime(2027, 3, 1, 15, 30, tzinfo=UTC))
    last = suggest([STOCKHOLM, NEW_YORK], [busy], monday, days=1)
    assert last == suggest([STOCKHOLM, NEW_YORK], [busy], monday, days=1)  # the same each time
    assert last.shared and _times(last) == [time(16, 30)]


def test_stockholm_tokyo_and_los_angeles_get_the_nearest_compromise():
    # Winter: Stockholm works 08-16 UTC, Tokyo 00-08 UTC, Los Angeles 17-01 UTC. The least
    # stretch is 4 hours: 04:00-04:30 UTC is 05:00 in Stockholm (4 hours early), 13:00 in Tokyo
    # and 20:00 the day before in Los Angeles (3.5 hours late), Tuesday to Friday in Stockholm.
    monday = datetime(2027, 1, 11, tzinfo=UTC)
    people = [STOCKHOLM, Hours("Asia/Tokyo"), Hours("America/Los_Angeles")]
    suggestion = suggest(people, [], monday)
    assert not suggestion.shared
    assert suggestion.slots == tuple(datetime(2027, 1, d, 4, tzinfo=UTC) for d in (12, 13, 14))


def test_people_without_a_common_working_day_get_nothing():
    mondays, tuesdays = Hours("UTC", days=frozenset({0})), Hours("UTC", days=frozenset({1}))
    suggestion = suggest([mondays, tuesdays], [], datetime(2027, 3, 1, tzinfo=UTC))
    assert suggestion.slots == () and not suggestion.shared


def test_bad_requests_are_refused():
    with pytest.raises(ValueError):
        suggest([], [], datetime(2027, 3, 1, tzinfo=UTC))
    with pytest.raises(ValueError):
        suggest([STOCKHOLM], [], datetime(2027, 3, 1))
