"""Suggested meeting times: slots of a session's length inside every member's working hours,
clear of what any of them is busy with. Pure.

The seam for calendars is the busy intervals: `suggest` takes them as they are, and a
`BusySource` says where they come from. Our own bookings will be the first source; reading
free/busy from people's Google or Microsoft calendars is a later one, behind the same protocol,
and nothing here changes for it.

The rules, for every slot:
- it starts no earlier than `LEAD` after `after`, on the first full half hour from then (time
  to read the suggestion and to answer), and ends within `days` days of `after`;
- it starts on the hour or the half hour in UTC (so in the few zones off the half hour, such as
  Nepal's, it reads :15 or :45 there) and overlaps no busy interval;
- shared (`Suggestion.shared`): inside everyone's hours (their zone, days and holidays). The
  first slot goes on the first day with a free start in everyone's shared window, the second on
  the next such day, and so on (they take turns when there are fewer such days than slots).
  Within its day, slot i of n is the free start nearest the middle of the day's i-th n-th of
  the shared window, ties to the earlier: with three, the window's morning, midday and
  afternoon;
- a compromise, when no slot fits inside everyone's hours in the horizon: on a stretch of time
  that is a working day for everyone (in each one's zone, from midnight to midnight), the slots
  that stretch working hours least (`_compromise` names the measure), a day each first.

Fewer than `count` slots come back only when the horizon holds fewer such starts (none for a
compromise when the people share no working day in it).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import reduce
from itertools import islice
from typing import NamedTuple, Protocol

from bot.services.rhythm_time import zone
from bot.services.working_hours import Hours, Span, periods

LEAD = timedelta(hours=2)
GRID = timedelta(minutes=30)
ZERO = timedelta(0)
DAY = timedelta(days=1)
HORIZON_DAYS = 14  # how far ahead slots are suggested, by default


@dataclass(frozen=True)
class Interval:
    """[start, end), aware."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Suggestion:
    slots: tuple[datetime, ...]  # starts, aware UTC, in order
    shared: bool  # False: no slot fits inside everyone's hours; the slots are a compromise


class BusySource(Protocol):
    """Where busy intervals come from: the bot's own bookings first, calendars later."""

    def busy(self, team_id: str, user_ids: Sequence[str], within: Interval) -> list[Interval]:
        """The intervals overlapping `within` in which any of these people is busy."""
        ...


class _Day(NamedTuple):
    """One of a person's working days: local midnight to midnight, and the working spans."""

    span: Span
    periods: tuple[Span, ...]


def suggest(
    people: Sequence[Hours],
    busy: Sequence[Interval],
    after: datetime,
    length: timedelta = timedelta(minutes=30),
    count: int = 3,
    days: int = HORIZON_DAYS,
) -> Suggestion:
    """Up to `count` starts of meetings of `length` for `people`, after `after` (aware) and
    within `days` days of it, clear of `busy`: inside everyone's hours when any fit, else the
    nearest compromise (see the module's rules)."""
    if not people or count < 1 or length <= ZERO:
        raise ValueError("slots need people, a count and a length")
    if after.tzinfo is None:
        raise ValueError("slots need an aware moment")
    after = after.astimezone(UTC)
    horizon = (_ceil(after + LEAD), after + days * DAY)
    taken = _merged(busy)
    calendars = [_working_days(hours, horizon) for hours in people]
    slots = _shared(calendars, horizon, taken, length, count)
    if slots:
        return Suggestion(slots, shared=True)
    return Suggestion(_compromise(calendars, horizon, taken, length, count), shared=False)


def _shared(
    calendars: list[list[_Day]], horizon: Span, taken: list[Span], length: timedelta, count: int
) -> tuple[datetime, ...]:
    """Slots inside everyone's hours: a day each, at different times of the day's window."""
    everyone = reduce(_overlap, ([p for day in days for p in day.periods] for days in calendars))
    options: list[tuple[Span, list[datetime]]] = []  # the first days with a free start
    for window in everyone:
        starts = _free_starts(window, horizon, taken, length)
        if starts:
            options.append((window, starts))
            if len(options) == count:
                break
    if not options:
        return ()
    chosen: list[datetime] = []
    for i in range(count):
        for turn in range(len(options)):
            window, starts = options[(i + turn) % len(options)]
            free = [start for start in starts if start not in chosen]
            if free:
                target = window[0] + (window[1] - window[0]) * (2 * i + 1) / (2 * count)
                chosen.append(_nearest(free, target - length / 2))
                break
    return tuple(sorted(chosen))


def _compromise(
    calendars: list[list[_Day]], horizon: Span, taken: list[Span], length: timedelta, count: int
) -> tuple[datetime, ...]:
    """Slots on days everyone works that stretch working hours least. A slot's stretch is how
    far it reaches outside the hours of the person it suits least: the largest, over the
    people, of the time from the slot's start to their day's opening when it starts before it,
    and from their day's closing to the slot's end when it ends after it (zero inside). The
    least stretch on each shared working day, least first (ties: the earlier), then the next
    least on any of them when there are fewer days than slots."""
    workdays = reduce(_overlap, ([day.span for day in days] for days in calendars))
    best: list[list[tuple[timedelta, datetime]]] = []  # each day's free starts, least first
    for piece in workdays:
        opens = max(_day_at(days, piece[0]).periods[0][0] for days in calendars)
        closes = min(_day_at(days, piece[0]).periods[-1][1] for days in calendars)
        first = _ceil(max(piece[0], horizon[0]))
        last = _floor(min(piece[1], horizon[1]) - length)
        ranked = _by_stretch(first, last, opens, closes, length)
        found = list(islice((c for c in ranked if not _clashes(c[1], length, taken)), count))
        if found:
            best.append(found)
    firsts = sorted(day[0] for day in best)[:count]
    rest = sorted(c for day in best for c in day[1:])[: count - len(firsts)]
    return tuple(sorted(start for _, start in firsts + rest))


def _by_stretch(
    first: datetime, last: datetime, opens: datetime, closes: datetime, length: timedelta
) -> Iterator[tuple[timedelta, datetime]]:
    """The starts on the grid from `first` to `last` with their stretch against a day from
    `opens` to `closes`, least first (ties: the earlier). The stretch falls to its least
    around `middle` and grows from there both ways, so two walks outwards merge in order."""

    def stretch(start: datetime) -> timedelta:
        return max(opens - start, start + length - closes, ZERO)

    middle = _floor(opens + (closes - length - opens) / 2)
    left = min(max(middle, first - GRID), last)
    right = left + GRID
    while left >= first or right <= last:
        if right > last or (left >= first and stretch(left) <= stretch(right)):
            yield stretch(left), left
            left -= GRID
        else:
            yield stretch(right), right
            right += GRID


def _working_days(hours: Hours, horizon: Span) -> list[_Day]:
    """The person's working days that meet the horizon, in order."""
    tz = zone(hours.time_zone)
    day: date = horizon[0].astimezone(tz).date() - DAY  # a clock change may start it early
    last = horizon[1].astimezone(tz).date()
    found = []
    while day <= last:
        spans = periods(day, hours)
        if spans:
            midnight = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
            next_midnight = datetime.combine(day + DAY, time(0), tzinfo=tz).astimezone(UTC)
            found.append(_Day((midnight, next_midnight), spans))
        day += DAY
    return found


def _overlap(a: list[Span], b: list[Span]) -> list[Span]:
    """Where two ordered lists of disjoint spans overlap."""
    found = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            found.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return found


def _free_starts(
    window: Span, horizon: Span, taken: list[Span], length: timedelta
) -> list[datetime]:
    """The starts on the grid of slots inside `window` and the horizon, clear of `taken`."""
    start, end = max(window[0], horizon[0]), min(window[1], horizon[1])
    starts = []
    i = bisect_right(taken, start, key=lambda span: span[1])  # the first busy span after start
    for busy_start, busy_end in [*taken[i:], (end, end)]:
        slot = _ceil(start)
        while slot + length <= min(busy_start, end):
            starts.append(slot)
            slot += GRID
        start = max(start, busy_end)
        if start >= end:
            break
    return starts


def _clashes(start: datetime, length: timedelta, taken: list[Span]) -> bool:
    i = bisect_right(taken, start, key=lambda span: span[1])  # the first busy span after start
    return i < len(taken) and taken[i][0] < start + length


def _merged(busy: Sequence[Interval]) -> list[Span]:
    """The busy intervals in UTC, in order, overlapping ones joined."""
    spans = sorted((b.start.astimezone(UTC), b.end.astimezone(UTC)) for b in busy)
    merged: list[Span] = []
    for start, end in spans:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _day_at(days: list[_Day], moment: datetime) -> _Day:
    """The day whose span holds `moment`."""
    return days[bisect_right(days, moment, key=lambda day: day.span[0]) - 1]


def _nearest(starts: list[datetime], target: datetime) -> datetime:
    return min(starts, key=lambda start: (abs(start - target), start))


def _floor(moment: datetime) -> datetime:
    """The grid point at or before `moment`."""
    return moment.replace(minute=moment.minute // 30 * 30, second=0, microsecond=0)


def _ceil(moment: datetime) -> datetime:
    """The grid point at or after `moment`."""
    floor = _floor(moment)
    return floor if floor == moment else floor + GRID
