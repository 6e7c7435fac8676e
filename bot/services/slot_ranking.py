"""Times that suit most of a group: when no time fits inside everyone's hours (a circle of six
across three zones, say), the times ranked by how many of its members are free. Pure.

A start (on the slot finder's grid, from its lead time on, within the horizon) suits a person
when the whole slot lies inside one of their working spans and overlaps none of their busy
intervals. Starts in a row that suit the same number of people make a stretch, shown by its
middle start (ties: the earlier). The starts that suit the most come first; among those that
suit as many, one on a (UTC) day not chosen yet before one on a chosen day, then a stretch's
middle before its other starts (which are chosen only when the stretches run out), then the
earlier.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.domain import RankedTime
from bot.services.rhythm_time import zone
from bot.services.slots import DAY, GRID, HORIZON_DAYS, LEAD, Interval
from bot.services.working_hours import Hours, Span, periods


def rank(
    people: Sequence[Hours],
    busy: Sequence[Sequence[Interval]],
    after: datetime,
    length: timedelta,
    count: int = 3,
    days: int = HORIZON_DAYS,
) -> tuple[RankedTime, ...]:
    """Up to `count` starts that suit the most of `people` (busy[i]: when people[i] is busy),
    in time order, each with how many it suits; none when no start suits anyone."""
    if len(busy) != len(people) or count < 1 or length <= timedelta(0):
        raise ValueError("ranking needs each person's busy times, a count and a length")
    if after.tzinfo is None:
        raise ValueError("ranking needs an aware moment")
    first = _ceil(after.astimezone(UTC) + LEAD)
    end = after.astimezone(UTC) + days * DAY
    free = [_free(hours, taken, (first, end)) for hours, taken in zip(people, busy, strict=True)]
    stretches: list[tuple[int, list[datetime]]] = []  # (suits, its starts in a row)
    start = first
    while start + length <= end:
        suits = sum(_fits(spans, start, length) for spans in free)
        if stretches and stretches[-1][0] == suits and stretches[-1][1][-1] + GRID == start:
            stretches[-1][1].append(start)
        else:
            stretches.append((suits, [start]))
        start += GRID
    middles = {s[(len(s) - 1) // 2] for suits, s in stretches if suits}
    options = [RankedTime(start, suits) for suits, s in stretches if suits for start in s]
    chosen: list[RankedTime] = []
    while options and len(chosen) < count:
        days_chosen = {time.start.date() for time in chosen}
        best = min(
            options,
            key=lambda o: (
                -o.suits,
                o.start.date() in days_chosen,
                o.start not in middles,
                o.start,
            ),
        )
        chosen.append(best)
        options.remove(best)
    return tuple(sorted(chosen, key=lambda time: time.start))


def _free(hours: Hours, taken: Sequence[Interval], horizon: Span) -> list[Span]:
    """The person's working spans that meet the horizon, less their busy times, in order."""
    tz = zone(hours.time_zone)
    day = horizon[0].astimezone(tz).date() - DAY  # a clock change may start it early
    last = horizon[1].astimezone(tz).date()
    working: list[Span] = []
    while day <= last:
        working += periods(day, hours)
        day += DAY
    for interval in sorted(taken, key=lambda i: i.start):
        cut_start, cut_end = interval.start.astimezone(UTC), interval.end.astimezone(UTC)
        working = [
            piece
            for span_start, span_end in working
            for piece in (
                (span_start, min(span_end, cut_start)),
                (max(span_start, cut_end), span_end),
            )
            if piece[0] < piece[1]
        ]
    return working


def _fits(spans: list[Span], start: datetime, length: timedelta) -> bool:
    """Whether [start, start + length) lies inside one of the ordered spans."""
    i = bisect_right(spans, start, key=lambda span: span[0]) - 1
    return i >= 0 and spans[i][1] >= start + length


def _ceil(moment: datetime) -> datetime:
    """The grid point at or after `moment`."""
    floor = moment.replace(minute=moment.minute // 30 * 30, second=0, microsecond=0)
    return floor if floor == moment else floor + GRID
