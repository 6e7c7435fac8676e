"""The digest's figures: a fixed number of queries however large the programme (no query per
pair or per person), the rest worked out in memory from narrow rows."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, func, not_, or_, select
from sqlalchemy.orm import Session

from bot.domain import (
    CHART_CYCLES,
    FEEDBACK_THRESHOLD,
    AtRiskGroup,
    BookingStatus,
    DigestFigures,
    GoalStatus,
    MemberStatus,
    ProgrammeKind,
    RiskReason,
)
from bot.models import (
    Booking,
    CheckinLog,
    Goal,
    Kudos,
    Meeting,
    Member,
    Pair,
    PairMember,
    Programme,
    ProgrammeMember,
    Round,
)
from bot.services import (
    circle_figures,
    feedback,
    learnings,
    members,
    resources,
    session_dates,
    slots,
)
from bot.services.slots import Interval
from bot.services.working_hours import Hours

GONE = (MemberStatus.LEFT, MemberStatus.INACTIVE)
SHARED_SPAN = timedelta(minutes=30)  # the least time two people's hours must share
# A group has this long after its intro to book before "nothing booked" puts it at risk: the
# intro suggests three slots on the pair's next three shared working days (five calendar days
# at most over a weekend), so a week on every suggested slot has gone by unbooked.
BOOKING_GRACE = timedelta(days=7)
# A held meeting answers a booked session logged on the session's UTC date or a day either
# side: the log's date is the member's own, and every time zone's date is within a day of UTC's.
HELD_SLACK = timedelta(days=1)
# Ranked after the others: a group with any other reason comes first in the at-risk list.
LESSER_REASONS = frozenset({RiskReason.NOTHING_BOOKED})


@dataclass
class _Group:
    old: bool  # started two cycles ago or more
    members: list[str]
    settled: bool = False  # introduced BOOKING_GRACE ago or more
    gone: bool = False
    hours: list[Hours] = field(default_factory=list)  # of the members still in the programme


@dataclass
class _Booked:
    """Sessions booked and not cancelled: those that started this cycle, by group, and the
    groups with one still to end."""

    cycle: dict[int, list[Interval]] = field(default_factory=lambda: defaultdict(list))
    ahead: set[int] = field(default_factory=set)


def figures(session: Session, programme_id: int, now: datetime, cycle_days: int) -> DigestFigures:
    cycle = timedelta(days=cycle_days)
    since = now - cycle
    programme = session.get(Programme, programme_id)  # read already by the caller's settings
    if programme is not None and programme.kind == ProgrammeKind.CIRCLES:
        return _of_circles(session, programme_id, now, cycle_days)
    active, paused, new = _people(session, programme_id, now, since)
    groups = _current_groups(session, programme_id, now, now - 2 * cycle)
    met_counts = _met_counts(session, programme_id, now.date(), cycle_days)
    checkins, ratings, rating = _checkins(session, programme_id, since, now)
    held_on = _held_days(
        session, programme_id, (since - HELD_SLACK).date(), (now + HELD_SLACK).date()
    )
    booked = _booked(session, programme_id, since, now)
    passed = {
        pair_id: [one.start.date() for one in sessions if one.end <= now]
        for pair_id, sessions in booked.cycle.items()
    }
    return DigestFigures(
        since=since,
        until=now,
        active=active,
        paused=paused,
        new=new,
        pairs=sum(len(g.members) == 2 for g in groups.values()),
        triads=sum(len(g.members) >= 3 for g in groups.values()),
        met=len(_met_now(held_on, now.date(), cycle_days) & groups.keys()),
        checkins=checkins,
        ratings=ratings,
        rating=rating if ratings >= FEEDBACK_THRESHOLD else None,
        goals=_goals(session, programme_id),
        kudos=_kudos(session, programme_id, since, now),
        at_risk=_at_risk(session, programme_id, groups, now, cycle, booked),
        unpaired=_unpaired(session, programme_id, groups, now),
        meeting_rates=_rates(session, programme_id, met_counts, now, cycle),
        feedback=feedback.summary(session, programme_id),
        booked=sum(len(sessions) for sessions in booked.cycle.values()),
        booked_groups=len(booked.cycle.keys() & groups.keys()),
        booked_passed=sum(len(days) for days in passed.values()),
        booked_held=_held_sessions(passed, held_on),
        top_resources=tuple(resources.most_opened(session, programme_id, since, now)),
        learnings=learnings.links_of_week(session, programme_id, now),
    )


def _of_circles(
    session: Session, programme_id: int, now: datetime, cycle_days: int
) -> DigestFigures:
    """A circles programme's figures: its people, goals, kudos, feedback, resources and
    learnings as any programme's, its circles' figures in place of the pairs' (which it has
    none of); the chart shows the share of circles that met."""
    since = now - timedelta(days=cycle_days)
    active, paused, new = _people(session, programme_id, now, since)
    firsts = _cycle_firsts(now.date(), cycle_days)
    circles, rates = circle_figures.figures(session, programme_id, now, firsts)
    return DigestFigures(
        since=since,
        until=now,
        active=active,
        paused=paused,
        new=new,
        pairs=0,
        triads=0,
        met=0,
        checkins=0,
        ratings=0,
        rating=None,
        goals=_goals(session, programme_id),
        kudos=_kudos(session, programme_id, since, now),
        at_risk=(),
        unpaired=(),
        meeting_rates=rates,
        feedback=feedback.summary(session, programme_id),
        top_resources=tuple(resources.most_opened(session, programme_id, since, now)),
        learnings=learnings.links_of_week(session, programme_id, now),
        circles=circles,
    )


def _kudos(session: Session, programme_id: int, since: datetime, now: datetime) -> int:
    """Kudos sent in the programme from `since` to `now`."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Kudos)
            .where(Kudos.programme_id == programme_id, Kudos.sent_at >= since, Kudos.sent_at < now)
        )
        or 0
    )


def _people(session: Session, programme_id: int, now: datetime, since: datetime) -> tuple[int, ...]:
    """Active (not paused), paused, and joined this cycle."""
    place = ProgrammeMember
    is_paused = and_(place.paused_until.is_not(None), place.paused_until > now)
    active = place.status == MemberStatus.ACTIVE
    row = session.execute(
        select(
            func.count().filter(active, not_(is_paused)),
            func.count().filter(active, is_paused),
            func.count().filter(active, place.joined_at >= since, place.joined_at < now),
        ).where(place.programme_id == programme_id)
    ).one()
    return tuple(int(n or 0) for n in row)


def _current_groups(
    session: Session, programme_id: int, now: datetime, old_before: datetime
) -> dict[int, _Group]:
    """The pairs and triads of rounds running now, their members in coaching order; `old`
    marks those that started before `old_before` (one narrow query, no dates to convert)."""
    rows = session.execute(
        select(
            PairMember.pair_id,
            (Pair.starts_at <= old_before).label("old"),
            (func.coalesce(Pair.intro_sent_at, Pair.starts_at) <= now - BOOKING_GRACE).label(
                "settled"
            ),
            PairMember.user_id,
            ProgrammeMember.status,
            *(Member.__table__.c[name] for name in members.HOURS_COLUMNS),
        )
        .join(Pair, Pair.id == PairMember.pair_id)
        .join(Round, Round.id == Pair.round_id)
        .outerjoin(
            Member,
            and_(Member.team_id == PairMember.team_id, Member.user_id == PairMember.user_id),
        )
        .outerjoin(
            ProgrammeMember,
            and_(
                ProgrammeMember.programme_id == Pair.programme_id,
                ProgrammeMember.user_id == PairMember.user_id,
            ),
        )
        .where(
            Pair.programme_id == programme_id,
            Round.starts_at <= now,
            Round.ends_at > now,
            Pair.ended_at.is_(None),
        )
        .order_by(PairMember.pair_id, PairMember.coach_order)
    )
    groups: dict[int, _Group] = {}
    for row in rows:
        group = groups.setdefault(row.pair_id, _Group(bool(row.old), [], bool(row.settled)))
        group.members.append(row.user_id)
        group.gone = group.gone or row.status in GONE
        if row.meeting_start is not None and row.status not in GONE:
            group.hours.append(members.hours_of(row))
    return groups


def _hours_never_meet(group: _Group, now: datetime, known: dict[frozenset[Hours], bool]) -> bool:
    """Whether the members' meeting hours have no half hour in common in the coming two weeks
    (the slot finder's horizon), so the times the bot suggests them are a compromise. `known`
    keeps the answer for each set of hours: most groups share theirs with many others (the
    default hours in a few zones), and the slot finder takes a quarter of a millisecond."""
    people = frozenset(group.hours)
    if len(group.hours) < 2:
        return False
    if people not in known:
        known[people] = not slots.suggest(list(people), (), now, SHARED_SPAN).shared
    return known[people]


def _cycle_firsts(today: date, cycle_days: int) -> list[date]:
    """The first day of each of the last CHART_CYCLES cycles, the current (ending today) first."""
    return [today - timedelta(days=(k + 1) * cycle_days - 1) for k in range(CHART_CYCLES)]


def _held(programme_id: int, first: date, last: date) -> ColumnElement[bool]:
    """Meetings of the programme from `first` to `last` at which someone logged a session held."""
    return and_(
        Meeting.programme_id == programme_id,
        Meeting.session_date >= first,
        Meeting.session_date <= last,
        Meeting.held.is_(True),
    )


def _held_days(
    session: Session, programme_id: int, first: date, last: date
) -> dict[int, list[date]]:
    """The dates of each group's sessions held from `first` to `last`, a date for each meeting."""
    held: dict[int, list[date]] = defaultdict(list)
    rows = session.execute(
        select(Meeting.pair_id, Meeting.session_date).where(_held(programme_id, first, last))
    )
    for pair_id, day in rows:
        held[pair_id].append(day)
    return held


def _met_now(held_on: dict[int, list[date]], today: date, cycle_days: int) -> set[int]:
    """The groups that held a session this cycle (`held_on` reaches further both ways)."""
    first = _cycle_firsts(today, cycle_days)[0]
    return {pair_id for pair_id, days in held_on.items() if any(first <= d <= today for d in days)}


def _booked(session: Session, programme_id: int, since: datetime, now: datetime) -> _Booked:
    """The sessions booked and not cancelled that started in [since, now), each date of a
    series counted, and the groups with such a session still to end (one query: the bookings
    that start, or whose series runs, from `since` on; its rows are session_dates.Dated)."""
    rows = session.execute(
        select(
            Booking.pair_id,
            Booking.starts_at.label("start"),
            Booking.ends_at.label("end"),
            Booking.every_days,
            Booking.repeat_until,
        ).where(
            Booking.programme_id == programme_id,
            Booking.status != BookingStatus.CANCELLED,
            or_(Booking.starts_at >= since, Booking.repeat_until >= since),
        )
    )
    booked = _Booked()
    for row in rows:
        for one in session_dates.dates(row):
            if one.end > now:
                booked.ahead.add(row.pair_id)
            if one.start >= now:
                break
            if one.start >= since:
                booked.cycle[row.pair_id].append(one)
    return booked


def _held_sessions(passed: dict[int, list[date]], held_on: dict[int, list[date]]) -> int:
    """How many of the booked sessions that have ended (their UTC dates, by group) the group
    logged as held: a held meeting of the group dated within HELD_SLACK of the session's date,
    each meeting answering one session (the earliest first, which matches the most)."""
    count = 0
    for pair_id, days in passed.items():
        meetings = sorted(held_on.get(pair_id, ()))
        unused = 0
        for day in sorted(days):
            while unused < len(meetings) and meetings[unused] < day - HELD_SLACK:
                unused += 1
            if unused < len(meetings) and meetings[unused] <= day + HELD_SLACK:
                count += 1
                unused += 1
    return count


def _met_counts(session: Session, programme_id: int, today: date, cycle_days: int) -> list[int]:
    """For each of the last cycles (current first), how many groups held a session in it."""
    firsts = _cycle_firsts(today, cycle_days)
    bucket = case(*((Meeting.session_date >= first, k) for k, first in enumerate(firsts)))
    rows = session.execute(
        select(bucket, func.count(func.distinct(Meeting.pair_id)))
        .where(_held(programme_id, firsts[-1], today))
        .group_by(bucket)
    )
    counts = [0] * len(firsts)
    for k, count in rows:
        counts[k] = int(count)
    return counts


def _rates(
    session: Session, programme_id: int, met_counts: list[int], now: datetime, cycle: timedelta
) -> tuple[float | None, ...]:
    """The share of running groups that met, per cycle, oldest first (for the chart). The
    groups of a round run with it unless they started late or ended early: only those are read
    one by one."""
    cycles = len(met_counts)
    span_start = now - cycle * cycles
    rounds = {
        round_id: (starts, ends)
        for round_id, starts, ends in session.execute(
            select(Round.id, Round.starts_at, Round.ends_at).where(
                Round.programme_id == programme_id,
                Round.ends_at > span_start,
                Round.starts_at < now,
            )
        )
    }
    sizes = session.execute(
        select(Pair.round_id, func.count())
        .where(Pair.programme_id == programme_id, Pair.round_id.in_(rounds))
        .group_by(Pair.round_id)
    )
    odd = session.execute(
        select(Pair.round_id, Pair.starts_at, Pair.ended_at)
        .join(Round, Round.id == Pair.round_id)
        .where(
            Pair.programme_id == programme_id,
            Pair.round_id.in_(rounds),
            or_(Pair.ended_at.is_not(None), Pair.starts_at != Round.starts_at),
        )
    ).all()
    spans = [(*rounds[round_id], count) for round_id, count in sizes]
    for round_id, starts, ended in odd:  # counted apart from their round
        round_start, round_end = rounds[round_id]
        spans.append((round_start, round_end, -1))
        spans.append((max(starts, round_start), min(ended or round_end, round_end), 1))
    running = [0] * cycles
    for active_from, active_until, count in spans:
        # cycle k runs (now - (k+1)·cycle, now - k·cycle]; a group counts in the cycles it
        # ran for at least half of (so a round's change does not count both rounds' groups)
        first = max(0, math.floor((now - active_until) / cycle))
        last = min(cycles - 1, math.ceil((now - active_from) / cycle) - 1)
        for k in range(first, last + 1):
            end, start = now - cycle * k, now - cycle * (k + 1)
            if min(active_until, end) - max(active_from, start) >= cycle / 2:
                running[k] += count
    return tuple(
        min(met_counts[k], running[k]) / running[k] if running[k] else None
        for k in reversed(range(cycles))
    )


def _checkins(
    session: Session, programme_id: int, since: datetime, now: datetime
) -> tuple[int, int, float | None]:
    """Check-ins logged this cycle, how many carried a rating, and their average."""
    count, ratings, average = session.execute(
        select(func.count(), func.count(CheckinLog.rating), func.avg(CheckinLog.rating)).where(
            CheckinLog.programme_id == programme_id,
            CheckinLog.submitted_at >= since,
            CheckinLog.submitted_at < now,
        )
    ).one()
    return int(count or 0), int(ratings or 0), float(average) if average is not None else None


def _goals(session: Session, programme_id: int) -> dict[GoalStatus, int]:
    """The goals of people in the programme (active or paused), by status."""
    rows = session.execute(
        select(Goal.status, func.count())
        .join(
            ProgrammeMember,
            and_(
                ProgrammeMember.programme_id == Goal.programme_id,
                ProgrammeMember.user_id == Goal.user_id,
            ),
        )
        .where(Goal.programme_id == programme_id, ProgrammeMember.status == MemberStatus.ACTIVE)
        .group_by(Goal.status)
    )
    counts = dict.fromkeys(GoalStatus, 0)
    counts.update({GoalStatus(status): int(n) for status, n in rows})
    return counts


def _at_risk(
    session: Session,
    programme_id: int,
    groups: dict[int, _Group],
    now: datetime,
    cycle: timedelta,
    booked: _Booked,
) -> tuple[AtRiskGroup, ...]:
    """Running groups with no check-in for two cycles, one-sided or contradictory logs in them,
    a member gone, meeting hours that never overlap, or (a week after their intro) no session
    booked this cycle or ahead; most reasons first, the lesser ones counting only in a tie."""
    two_cycles_ago = now - 2 * cycle
    rows = session.execute(
        select(Meeting.pair_id, Meeting.contradictory, CheckinLog.author)
        .join(CheckinLog, CheckinLog.meeting_id == Meeting.id)
        .where(
            CheckinLog.programme_id == programme_id,
            CheckinLog.submitted_at >= two_cycles_ago,
            # the same programme's meetings, said for the planner: it then reads them by the
            # programme's index, not every programme's meetings (PostgreSQL's hash join)
            Meeting.programme_id == programme_id,
        )
    )
    authors: dict[int, list[str]] = defaultdict(list)
    contradictory: set[int] = set()
    for pair_id, disagrees, author in rows:
        authors[pair_id].append(author)
        if disagrees:
            contradictory.add(pair_id)
    found: list[AtRiskGroup] = []
    known: dict[frozenset[Hours], bool] = {}
    for pair_id, group in groups.items():
        reasons: list[RiskReason] = []
        logs = authors.get(pair_id, [])
        if not logs and group.old:
            reasons.append(RiskReason.SILENT)
        if len(logs) >= 2 and len(set(logs)) == 1 and len(group.members) > 1:
            reasons.append(RiskReason.ONE_SIDED)
        if pair_id in contradictory:
            reasons.append(RiskReason.CONTRADICTORY)
        if group.gone:
            reasons.append(RiskReason.PARTNER_GONE)
        if _hours_never_meet(group, now, known):
            reasons.append(RiskReason.NO_SHARED_HOURS)
        if group.settled and pair_id not in booked.cycle and pair_id not in booked.ahead:
            reasons.append(RiskReason.NOTHING_BOOKED)
        if reasons:
            found.append(AtRiskGroup(pair_id, tuple(group.members), tuple(reasons)))
    return tuple(sorted(found, key=_rank))


def _rank(group: AtRiskGroup) -> tuple[int, int, int]:
    """Most reasons first, counting the lesser ones only between groups equal without them."""
    major = sum(reason not in LESSER_REASONS for reason in group.reasons)
    return (-major, -len(group.reasons), group.pair_id)


def _unpaired(
    session: Session, programme_id: int, groups: dict[int, _Group], now: datetime
) -> tuple[str, ...]:
    """People a round would pair (active, not paused, with a profile) who have no group now."""
    placed = {user for group in groups.values() for user in group.members}
    place = ProgrammeMember
    ready = session.scalars(
        select(Member.user_id)
        .join(place, and_(place.team_id == Member.team_id, place.user_id == Member.user_id))
        .where(
            place.programme_id == programme_id,
            place.status == MemberStatus.ACTIVE,
            or_(place.paused_until.is_(None), place.paused_until <= now),
            func.json_array_length(Member.skills_wanted) > 0,
        )
    )
    return tuple(sorted(user for user in ready if user not in placed))
