"""Working hours: 09:00-17:00 local time, Monday to Friday, in a person's time zone. Pure.

Nothing the clock sends may reach a person outside them: a message that is late (Slack
failed, the bot was down) waits for the next working morning. A zone that is unknown or
missing counts as UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.services.rhythm_time import SATURDAY, zone

OPENS = time(9)
CLOSES = time(17)
MINUTE = timedelta(minutes=1)
_LOOK_AHEAD = 9  # days: past any weekend, and any day a zone ever skipped


def is_open(moment: datetime, time_zone: str | None) -> bool:
    """Whether `moment` (aware) falls inside working hours in the zone named `time_zone`."""
    return _open(_utc(moment), zone(time_zone))


def next_open(moment: datetime, time_zone: str | None) -> datetime:
    """`moment` itself when inside working hours, else the next working morning's opening
    (09:00 local on the next weekday), as an aware UTC datetime."""
    moment = _utc(moment)
    tz = zone(time_zone)
    if _open(moment, tz):
        return moment
    first = moment.astimezone(tz).date() - timedelta(days=1)  # a fold may start a day early
    for offset in range(_LOOK_AHEAD):
        day = first + timedelta(days=offset)
        if day.weekday() >= SATURDAY:
            continue
        openings = [o for o in _openings(day, tz) if o >= moment]
        if openings:
            return min(openings)
    raise AssertionError(f"no working hours in {_LOOK_AHEAD} days from {moment} in {tz}")


def _openings(day: date, tz: ZoneInfo) -> list[datetime]:
    """The instants (UTC) at which working hours begin on local `day`: one, or two when a
    clock change repeats 09:00. When a clock change skips 09:00, the instant of the change."""
    found = []
    for fold in (0, 1):
        opening = datetime.combine(day, OPENS, tzinfo=tz).replace(fold=fold).astimezone(UTC)
        if not _open(opening, tz):
            continue
        while _open(opening - MINUTE, tz):  # 09:00 was skipped: open since the change
            opening -= MINUTE
        found.append(opening)
    return found


def _open(moment: datetime, tz: ZoneInfo) -> bool:
    local = moment.astimezone(tz)
    return local.weekday() < SATURDAY and OPENS <= local.time() < CLOSES


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("working hours need an aware moment")
    return moment.astimezone(UTC)
