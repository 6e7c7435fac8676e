"""The dates of a booked session: one, or a series every `every_days` days whose starts run up
to and including `repeat_until` (the RRULE its invitation carries: the same UTC time each
time, see bot.services.invitation). Pure: no clock, no database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.services.slots import Interval


class Dated(Protocol):
    """What a booking's dates are worked out from: a BookingCard, or a narrower row."""

    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...
    @property
    def every_days(self) -> int | None: ...
    @property
    def repeat_until(self) -> datetime | None: ...


@dataclass(frozen=True)
class Span:
    """A booking's dates alone, where its whole card is not needed."""

    start: datetime
    end: datetime
    every_days: int | None = None
    repeat_until: datetime | None = None


def dates(booking: Dated) -> Iterator[Interval]:
    """Every session of the booking, in order (one for a single session)."""
    length = booking.end - booking.start
    start = booking.start
    while True:
        yield Interval(start, start + length)
        if not booking.every_days or booking.repeat_until is None:
            return
        start += timedelta(days=booking.every_days)
        if start > booking.repeat_until:
            return


def between(booking: Dated, after: datetime, before: datetime) -> list[Interval]:
    """The booking's sessions that overlap [after, before)."""
    found = []
    for session in dates(booking):
        if session.start >= before:
            break
        if session.end > after:
            found.append(session)
    return found


def next_session(booking: Dated, now: datetime) -> Interval | None:
    """The first of the booking's sessions that has not ended at `now`, if any."""
    return next((session for session in dates(booking) if session.end > now), None)


def last_end(booking: Dated) -> datetime:
    """When the booking's last session ends."""
    last = booking.start
    for session in dates(booking):
        last = session.end
    return last


def last_start(start: datetime, every_days: int, before: datetime) -> datetime | None:
    """The last start of a series from `start` every `every_days` days that begins before
    `before` (its `repeat_until`), or None when no second session would."""
    step = timedelta(days=every_days)
    if before - start <= step:
        return None
    return start + step * ((before - start - timedelta(microseconds=1)) // step)
