"""Times that suit most of a circle: ranked by how many members are free, a day each first,
each shown by the middle of its stretch; the counts checked against a minute-by-minute scan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.slot_ranking import rank
from bot.services.slots import GRID, LEAD, Interval
from bot.services.working_hours import Hours, is_open

MONDAY = datetime(2027, 2, 1, 8, tzinfo=UTC)  # winter time in Stockholm and New York
HALF_HOUR = timedelta(minutes=30)
STOCKHOLM, NEW_YORK, TOKYO = (
    Hours("Europe/Stockholm"),
    Hours("America/New_York"),
    Hours("Asia/Tokyo"),
)


def test_when_no_time_suits_everyone_the_times_that_suit_most_come_a_day_each():
    people = [STOCKHOLM, STOCKHOLM, NEW_YORK, TOKYO]  # Tokyo's day never meets New York's

    found = rank(people, [[], [], [], []], MONDAY, HALF_HOUR)

    # Stockholm (08-16 UTC) and New York (14-22 UTC) overlap 14:00-16:00 UTC: the middle start
    assert [(t.start.day, t.start.time().isoformat(), t.suits) for t in found] == [
        (1, "14:30:00", 3),
        (2, "14:30:00", 3),
        (3, "14:30:00", 3),
    ]


def test_a_busy_member_counts_as_not_free_and_the_time_moves_on():
    busy_monday = Interval(MONDAY.replace(hour=14), MONDAY.replace(hour=16))
    people = [STOCKHOLM, STOCKHOLM, NEW_YORK, TOKYO]

    found = rank(people, [[busy_monday], [], [], []], MONDAY, HALF_HOUR)

    assert [t.start.day for t in found] == [2, 3, 4]
    assert {t.suits for t in found} == {3}


def test_times_that_suit_everyone_say_so_and_several_can_share_a_day_only_when_they_must():
    found = rank([STOCKHOLM, STOCKHOLM], [[], []], MONDAY, HALF_HOUR, days=1)

    # one working day in the horizon, one stretch: its middle, then its earliest starts
    assert [(t.start.time().isoformat(), t.suits) for t in found] == [
        ("10:00:00", 2),
        ("10:30:00", 2),
        ("12:30:00", 2),
    ]


def test_nobody_free_in_the_horizon_gives_no_time():
    weekends = Hours("Europe/Stockholm", days=frozenset({5, 6}))

    assert rank([weekends], [[]], MONDAY, HALF_HOUR, days=2) == ()


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        rank([STOCKHOLM], [], MONDAY, HALF_HOUR)
    with pytest.raises(ValueError):
        rank([STOCKHOLM], [[]], MONDAY.replace(tzinfo=None), HALF_HOUR)


def _suits(people: list[Hours], busy: list[list[Interval]], start: datetime, length) -> int:
    """How many are free for the whole slot, minute by minute."""
    minutes = [start + timedelta(minutes=m) for m in range(int(length / timedelta(minutes=1)))]
    return sum(
        all(is_open(m, hours) for m in minutes)
        and not any(b.start < start + length and start < b.end for b in taken)
        for hours, taken in zip(people, busy, strict=True)
    )


@settings(max_examples=25, deadline=None)
@given(
    zones=st.lists(
        st.sampled_from(["Europe/Stockholm", "America/New_York", "Asia/Tokyo", "Asia/Kolkata"]),
        min_size=2,
        max_size=5,
    ),
    busy_hour=st.integers(0, 47),
    hours_after=st.integers(0, 23),
)
def test_each_time_suits_as_many_as_it_says_and_none_left_out_suits_more(
    zones: list[str], busy_hour: int, hours_after: int
):
    people = [Hours(zone) for zone in zones]
    after = MONDAY + timedelta(hours=hours_after)
    blocked = after + timedelta(hours=busy_hour)
    busy = [[Interval(blocked, blocked + timedelta(hours=2))]] + [[] for _ in people[1:]]

    found = rank(people, busy, after, HALF_HOUR, days=2)

    for time in found:
        assert time.suits == _suits(people, busy, time.start, HALF_HOUR) > 0
    start, best = _first_grid(after), 0
    while start + HALF_HOUR <= after + timedelta(days=2):
        best = max(best, _suits(people, busy, start, HALF_HOUR))
        start += GRID
    assert (max(t.suits for t in found) if found else 0) == best


def _first_grid(after: datetime) -> datetime:
    moment = after + LEAD
    floor = moment.replace(minute=moment.minute // 30 * 30, second=0, microsecond=0)
    return floor if floor == moment else floor + GRID
