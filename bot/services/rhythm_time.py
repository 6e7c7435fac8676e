"""When the fortnightly rhythm is due: local send times, weekends, daylight saving; on the
cadence from a pair's start, or before each session of a booked series. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

REMINDER_AFTER = timedelta(days=4)
SESSION_PROMPT_BEFORE = timedelta(hours=2)  # a booked session's prompt comes at least this early


class Timed(Protocol):
    """A session's time (a slots.Interval; slots reads its zones here, so not imported)."""

    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...


T = TypeVar("T", bound=Timed)
SATURDAY = 5


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def working_day(day: date) -> date:
    """The day itself, or the Monday after when it falls on a weekend."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= SATURDAY else day


def send_at(day: date, time_zone: str | None, hour: int) -> datetime:
    """`hour`:00 local time on the working day of `day`, as an aware UTC datetime."""
    local = datetime.combine(working_day(day), time(hour), tzinfo=zone(time_zone))
    return local.astimezone(UTC)


def prompt_due(
    started: datetime, number: int, cadence_days: int, time_zone: str | None, hour: int
) -> datetime:
    """When prompt `number` (1, 2, ...) of a pair that started at `started` is due."""
    first_day = started.astimezone(zone(time_zone)).date()
    return send_at(first_day + timedelta(days=number * cadence_days), time_zone, hour)


def latest_prompt(
    started: datetime, now: datetime, cadence_days: int, time_zone: str | None, hour: int
) -> tuple[int, datetime] | None:
    """The newest prompt already due at `now` (number, due time), or None before the first."""
    days = (now - started).days
    number = days // cadence_days + 1
    while number >= 1:
        due = prompt_due(started, number, cadence_days, time_zone, hour)
        if due <= now:
            return number, due
        number -= 1
    return None


def session_prompt_due(start: datetime, time_zone: str | None, hour: int) -> datetime:
    """When the prompt before a booked session is due: `hour`:00 on the session's local day,
    or SESSION_PROMPT_BEFORE the session when that is earlier."""
    local = zone(time_zone)
    day = start.astimezone(local).date()
    at_hour = datetime.combine(day, time(hour), tzinfo=local).astimezone(UTC)
    return min(at_hour, start - SESSION_PROMPT_BEFORE)


def latest_session_prompt(
    sessions: Iterable[T], now: datetime, time_zone: str | None, hour: int
) -> tuple[int, T, datetime] | None:
    """The newest booked session whose prompt is due at `now`, while it has not ended: (its
    number from 1, the session, when its prompt was due); None before the first is due, or
    once the latest due has ended (its prompt is no use any more)."""
    found = None
    for number, session in enumerate(sessions, start=1):
        due = session_prompt_due(session.start, time_zone, hour)
        if due > now:
            break
        found = (number, session, due)
    if found is None or found[1].end <= now:
        return None
    return found
