"""A person's working hours: their own start, end and days in their time zone, less their
country's public holidays. Pure.

Nothing the clock sends may reach a person outside them (a message that is late because Slack
failed or the bot was down waits for the next working morning), and meetings are suggested
inside them (`bot/services/slots.py`). A zone that is unknown or missing counts as UTC. The
holidays are those of the `holidays` package for the person's country, by default the country
their time zone lies in (CLDR's, through Babel): its public holidays, and the days a country
treats as such by law where the package has them (Sweden's midsummer, Christmas and New Year's
eves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from babel.core import get_global
from holidays.constants import DE_FACTO, PUBLIC

from bot.services.rhythm_time import zone

WEEKDAYS = frozenset(range(5))  # Monday = 0
SECOND = timedelta(seconds=1)
_LOOK_AHEAD = 366  # days: past any weekend, holiday and weekly pattern

Span = tuple[datetime, datetime]  # [start, end) in aware UTC


@dataclass(frozen=True)
class Hours:
    """When a person works: `start` to `end` local time on `days`, in `time_zone`, except on
    the public holidays of `country`."""

    time_zone: str | None  # IANA; unknown or None counts as UTC
    start: time = time(9)
    end: time = time(17)
    days: frozenset[int] = WEEKDAYS  # weekday numbers, Monday = 0
    country: str | None = None  # ISO 3166-1 alpha-2 for public holidays; None: the zone's

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"working hours must end after they start: {self.start}-{self.end}")
        if not self.days or not self.days <= frozenset(range(7)):
            raise ValueError(f"working days must be weekday numbers 0-6: {sorted(self.days)}")


def country_of(time_zone: str | None) -> str | None:
    """The country `time_zone` lies in (Europe/Stockholm: "SE"), when `holidays` knows it."""
    return _country_of(time_zone) if time_zone else None


def is_working_day(day: date, hours: Hours) -> bool:
    """Whether the local date `day` is one of the person's days and no public holiday."""
    if day.weekday() not in hours.days:
        return False
    country = hours.country or country_of(hours.time_zone)
    return country is None or day not in _holidays(country, day.year)


def is_open(moment: datetime, hours: Hours) -> bool:
    """Whether `moment` (aware) falls inside the person's working hours."""
    local = _utc(moment).astimezone(zone(hours.time_zone))
    return hours.start <= local.time() < hours.end and is_working_day(local.date(), hours)


def next_open(moment: datetime, hours: Hours) -> datetime:
    """`moment` itself when inside working hours, else when they next begin (the next working
    day's start, local time), as an aware UTC datetime."""
    moment = _utc(moment)
    if is_open(moment, hours):
        return moment
    first = moment.astimezone(zone(hours.time_zone)).date() - timedelta(days=1)  # a fold
    for offset in range(_LOOK_AHEAD):
        for opens, closes in periods(first + timedelta(days=offset), hours):
            if closes > moment:
                return opens
    raise AssertionError(f"no working hours in {_LOOK_AHEAD} days from {moment} for {hours}")


def periods(day: date, hours: Hours) -> tuple[Span, ...]:
    """The spans of time (UTC) in which the person works on their local date `day`: none on a
    day off, one on most days, two when a clock change repeats the start of the day (the
    repeated part before the start is no working time). When a change skips the start, work
    begins at the change; when it skips the end, it ends there."""
    if not is_working_day(day, hours):
        return ()
    tz = zone(hours.time_zone)
    start, end = datetime.combine(day, hours.start), datetime.combine(day, hours.end)
    before = start.replace(tzinfo=tz).utcoffset()  # fold=0: the offset before any change
    after = end.replace(tzinfo=tz, fold=1).utcoffset()  # fold=1: the offset after it
    assert before is not None and after is not None
    if before == after:  # no change between start and end: the usual day
        return ((_aware(start - before), _aware(end - before)),)
    change = _change(min(start - before, start - after), max(end - before, end - after), tz)
    spans = [(start - before, min(end - before, change)), (max(start - after, change), end - after)]
    spans = [(a, b) for a, b in spans if a < b]
    if len(spans) == 2 and spans[0][1] == spans[1][0]:  # the change fell inside working hours
        spans = [(spans[0][0], spans[1][1])]
    return tuple((_aware(a), _aware(b)) for a, b in spans)


def _change(earlier: datetime, later: datetime, tz: ZoneInfo) -> datetime:
    """The instant (naive UTC) between `earlier` and `later` at which `tz`'s offset changes."""
    offset = _offset(earlier, tz)
    while later - earlier > SECOND:  # the offset is `offset` at `earlier`, another at `later`
        middle = earlier + (later - earlier) // SECOND // 2 * SECOND
        if _offset(middle, tz) == offset:
            earlier = middle
        else:
            later = middle
    return later


def _offset(naive_utc: datetime, tz: ZoneInfo) -> timedelta | None:
    return _aware(naive_utc).astimezone(tz).utcoffset()


def _aware(naive_utc: datetime) -> datetime:
    return naive_utc.replace(tzinfo=UTC)


@cache
def _country_of(time_zone: str) -> str | None:
    canonical = get_global("zone_aliases").get(time_zone, time_zone)
    country = get_global("zone_territories").get(canonical)
    return country if country in _known_countries() else None


@cache
def _known_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


@cache
def _holidays(country: str, year: int) -> frozenset[date]:
    """The country's days off in `year`: none when the `holidays` package does not know it."""
    if country not in _known_countries():
        return frozenset()
    calendar = holidays.country_holidays(country, years=year)
    if DE_FACTO in calendar.supported_categories:  # days off by law, though not holidays
        calendar = holidays.country_holidays(country, years=year, categories=(PUBLIC, DE_FACTO))
    return frozenset(calendar)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("working hours need an aware moment")
    return moment.astimezone(UTC)
