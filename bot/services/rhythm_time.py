"""When the fortnightly rhythm is due: local send times, weekends, daylight saving. Pure."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

REMINDER_AFTER = timedelta(days=4)
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
