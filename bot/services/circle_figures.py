"""A circles programme's digest figures, worked out in the database in a fixed number of
queries however many circles: how many are open and with how many people, the share that held
a session this cycle, the attendance at the cycle's sessions, the circles at risk, and the share
that met in each cycle for the chart. Counts only: never what was said in a circle.

Cycles are the digest's: the cycle ending today is the cadence's number of dates up to today,
the one before it as many dates before those, and so on (sessions are logged by date).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.domain import CircleAtRisk, CircleFigures, CircleRiskReason
from bot.models import Circle, CircleAttendance, CircleMember, CircleSession

RISK_CYCLES = 2  # a circle with no session, or under half attending, over this many cycles


@dataclass(frozen=True)
class _Circle:
    id: int
    topic: str
    channel_id: str | None
    created_at: datetime
    closed_at: datetime | None


def figures(
    session: Session, programme_id: int, now: datetime, firsts: list[date]
) -> tuple[CircleFigures, tuple[float | None, ...]]:
    """The programme's circle figures at `now`, and the share of its circles that held a
    session in each cycle, oldest first (None: no circle then); `firsts`: the first day of each
    cycle, the current one first (at least RISK_CYCLES of them).

    - active: the circles open now;
    - held: of those, the ones with a session dated in the cycle (its share: held / active);
    - attendance: attended / attendance recorded, over the sessions dated in the cycle;
    - at risk, open circles: no session in the last two cycles, counted from the circle's
      creation when it is younger; or under half attending over the last two cycles.
    """
    cycle = timedelta(days=(firsts[0] - firsts[1]).days)
    circles = _circles(session, programme_id, now, now - cycle * len(firsts))
    open_ids = {c.id for c in circles if c.closed_at is None}
    held_on = _session_days(session, programme_id, firsts[-1], now.date())
    attendance = _attendance(session, programme_id, firsts[RISK_CYCLES - 1], firsts[0], now.date())
    recent = {
        circle_id
        for circle_id, days in held_on.items()
        if any(d >= firsts[RISK_CYCLES - 1] for d in days)
    }
    at_risk: list[CircleAtRisk] = []
    for circle in circles:
        if circle.closed_at is not None:
            continue
        reasons: list[CircleRiskReason] = []
        if circle.id not in recent and circle.created_at <= now - RISK_CYCLES * cycle:
            reasons.append(CircleRiskReason.NO_SESSION)
        attended, expected = attendance.both.get(circle.id, (0, 0))
        if expected and 2 * attended < expected:
            reasons.append(CircleRiskReason.LOW_ATTENDANCE)
        if reasons:
            at_risk.append(CircleAtRisk(circle.id, circle.topic, circle.channel_id, tuple(reasons)))
    at_risk.sort(key=lambda one: (-len(one.reasons), one.topic.casefold(), one.circle_id))
    result = CircleFigures(
        active=len(open_ids),
        members=_members(session, programme_id),
        held=sum(any(d >= firsts[0] for d in held_on.get(circle_id, ())) for circle_id in open_ids),
        attended=attendance.current[0],
        expected=attendance.current[1],
        at_risk=tuple(at_risk),
    )
    return result, _rates(circles, held_on, firsts, now, cycle)


def _circles(
    session: Session, programme_id: int, now: datetime, span_start: datetime
) -> list[_Circle]:
    """The programme's circles made by `now` and open at some time since `span_start`."""
    rows = session.execute(
        select(Circle.id, Circle.topic, Circle.channel_id, Circle.created_at, Circle.closed_at)
        .where(
            Circle.programme_id == programme_id,
            Circle.created_at <= now,
            or_(Circle.closed_at.is_(None), Circle.closed_at > span_start),
        )
        .order_by(Circle.id)
    )
    return [_Circle(*row) for row in rows]


def _members(session: Session, programme_id: int) -> int:
    """The people in the programme's open circles."""
    return (
        session.scalar(
            select(func.count())
            .select_from(CircleMember)
            .join(Circle, Circle.id == CircleMember.circle_id)
            .where(
                CircleMember.programme_id == programme_id,
                CircleMember.left_at.is_(None),
                Circle.closed_at.is_(None),
            )
        )
        or 0
    )


def _session_days(
    session: Session, programme_id: int, first: date, last: date
) -> dict[int, list[date]]:
    """The dates of each circle's sessions from `first` to `last`."""
    held: dict[int, list[date]] = defaultdict(list)
    rows = session.execute(
        select(CircleSession.circle_id, CircleSession.session_date).where(
            CircleSession.programme_id == programme_id,
            CircleSession.session_date >= first,
            CircleSession.session_date <= last,
        )
    )
    for circle_id, day in rows:
        held[circle_id].append(day)
    return held


def _closed_by(circle: _Circle, moment: datetime) -> bool:
    return circle.closed_at is not None and circle.closed_at <= moment


@dataclass(frozen=True)
class _Attendance:
    current: tuple[int, int]  # (attended, recorded) at the sessions of the cycle
    both: dict[int, tuple[int, int]]  # the same by circle, over the risk window


def _attendance(
    session: Session, programme_id: int, first: date, cycle_first: date, last: date
) -> _Attendance:
    """Attendance recorded at the sessions dated `first` to `last`, counted in the database
    by circle and by whether the session is of the current cycle (from `cycle_first`)."""
    current = CircleSession.session_date >= cycle_first
    rows = session.execute(
        select(
            CircleSession.circle_id,
            current.label("current"),
            func.count().filter(CircleAttendance.attended.is_(True)),
            func.count(),
        )
        .join(CircleAttendance, CircleAttendance.session_id == CircleSession.id)
        .where(
            CircleSession.programme_id == programme_id,
            CircleSession.session_date >= first,
            CircleSession.session_date <= last,
        )
        .group_by(CircleSession.circle_id, current)
    )
    both: dict[int, tuple[int, int]] = {}
    attended_now = recorded_now = 0
    for circle_id, is_current, attended, recorded in rows:
        before = both.get(circle_id, (0, 0))
        both[circle_id] = (before[0] + int(attended), before[1] + int(recorded))
        if is_current:
            attended_now, recorded_now = attended_now + attended, recorded_now + recorded
    return _Attendance((int(attended_now), int(recorded_now)), both)


def _rates(
    circles: list[_Circle],
    held_on: dict[int, list[date]],
    firsts: list[date],
    now: datetime,
    cycle: timedelta,
) -> tuple[float | None, ...]:
    """The share of circles open during each cycle that held a session in it, oldest first."""
    rates: list[float | None] = []
    for k in reversed(range(len(firsts))):
        start, end = now - cycle * (k + 1), now - cycle * k
        last = firsts[k - 1] - timedelta(days=1) if k else now.date()
        running = [c for c in circles if c.created_at <= end and not _closed_by(c, start)]
        met = sum(any(firsts[k] <= d <= last for d in held_on.get(c.id, ())) for c in running)
        rates.append(met / len(running) if running else None)
    return tuple(rates)
