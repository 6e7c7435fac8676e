"""The coordinators' export: one CSV line per pair or triad of every round, with its meeting
and goal counts; for a circles programme, a line per circle and one per session it held, with
who attended. No private text and no one's rating: only counts, dates and user ids."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.domain import CircleRiskReason, GoalStatus, RiskReason
from bot.models import (
    CheckinLog,
    Circle,
    CircleAttendance,
    CircleMember,
    CircleSession,
    Goal,
    Meeting,
    Pair,
    PairMember,
    Round,
)

COLUMNS = (
    "round",
    "round_starts",
    "round_ends",
    "pair_id",
    "members",
    "pair_started",
    "pair_ended",
    "sessions_held",
    "checkins_logged",
    "last_session",
    *(f"goals_{status}" for status in GoalStatus),
    "at_risk",
)


CIRCLE_COLUMNS = (
    "line",  # "circle", or "session" (one of the circle's above it)
    "circle_id",
    "topic",
    "created",
    "closed",
    "members",
    "sessions_held",
    "at_risk",
    "session_date",
    "facilitator",
    "attended",
    "absent",
    "attendees",
)
FORMULA_STARTS = ("=", "+", "-", "@")  # a spreadsheet would run a cell starting so


def export_csv(
    session: Session, programme_id: int, at_risk: dict[int, tuple[RiskReason, ...]]
) -> bytes:
    """The programme's CSV (UTF-8 with a byte-order mark, so spreadsheet programs read å, ä
    and ö right). `at_risk`: the digest's at-risk groups and why, for the pairs running now."""
    members: dict[int, list[str]] = defaultdict(list)
    for pair_id, user_id in session.execute(
        select(PairMember.pair_id, PairMember.user_id)
        .join(Pair, Pair.id == PairMember.pair_id)
        .where(Pair.programme_id == programme_id)
        .order_by(PairMember.pair_id, PairMember.coach_order)
    ):
        members[pair_id].append(user_id)
    held = dict(
        session.execute(
            select(Meeting.pair_id, func.count())
            .where(Meeting.programme_id == programme_id, Meeting.held.is_(True))
            .group_by(Meeting.pair_id)
        ).all()
    )
    logged = {
        pair_id: (count, last)
        for pair_id, count, last in session.execute(
            select(Meeting.pair_id, func.count(CheckinLog.id), func.max(Meeting.session_date))
            .join(CheckinLog, CheckinLog.meeting_id == Meeting.id)
            .where(Meeting.programme_id == programme_id)
            .group_by(Meeting.pair_id)
        )
    }
    goals: dict[int, dict[GoalStatus, int]] = defaultdict(lambda: dict.fromkeys(GoalStatus, 0))
    for pair_id, status, count in session.execute(
        select(Goal.pair_id, Goal.status, func.count())
        .where(Goal.programme_id == programme_id, Goal.pair_id.is_not(None))
        .group_by(Goal.pair_id, Goal.status)
    ):
        goals[pair_id][GoalStatus(status)] = count
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for pair_id, number, round_starts, round_ends, started, ended in session.execute(
        select(Pair.id, Round.number, Round.starts_at, Round.ends_at, Pair.starts_at, Pair.ended_at)
        .join(Round, Round.id == Pair.round_id)
        .where(Pair.programme_id == programme_id)
        .order_by(Round.number, Pair.id)
    ):
        count, last = logged.get(pair_id, (0, None))
        writer.writerow(
            (
                number,
                _day(round_starts),
                _day(round_ends),
                pair_id,
                " ".join(members[pair_id]),
                _day(started),
                _day(ended),
                held.get(pair_id, 0),
                count,
                last.isoformat() if last else "",
                *(goals[pair_id][status] for status in GoalStatus),
                " ".join(at_risk.get(pair_id, ())),
            )
        )
    return b"\xef\xbb\xbf" + out.getvalue().encode()


def circles_csv(
    session: Session, programme_id: int, at_risk: dict[int, tuple[CircleRiskReason, ...]]
) -> bytes:
    """A circles programme's CSV: a line per circle (its topic, when made and closed, its
    members then or now, sessions held, the digest's reasons it is at risk), each followed by
    a line per session it held (date, facilitator, how many came and did not, and who came).
    Four queries however many circles; never a description or anything said in a circle."""
    members = dict(
        session.execute(
            select(CircleMember.circle_id, func.count())
            .join(Circle, Circle.id == CircleMember.circle_id)
            .where(
                CircleMember.programme_id == programme_id,
                or_(
                    CircleMember.left_at.is_(None),
                    CircleMember.left_at >= Circle.closed_at,  # there when it closed
                ),
            )
            .group_by(CircleMember.circle_id)
        ).all()
    )
    sessions: dict[int, list[tuple[int, date, str | None]]] = defaultdict(list)
    for session_id, circle_id, day, facilitator in session.execute(
        select(
            CircleSession.id,
            CircleSession.circle_id,
            CircleSession.session_date,
            CircleSession.facilitator,
        )
        .where(CircleSession.programme_id == programme_id)
        .order_by(CircleSession.circle_id, CircleSession.session_date)
    ):
        sessions[circle_id].append((session_id, day, facilitator))
    came: dict[int, list[str]] = defaultdict(list)
    absent: dict[int, int] = defaultdict(int)
    for session_id, user_id, attended in session.execute(
        select(CircleAttendance.session_id, CircleAttendance.user_id, CircleAttendance.attended)
        .join(CircleSession, CircleSession.id == CircleAttendance.session_id)
        .where(CircleSession.programme_id == programme_id)
        .order_by(CircleAttendance.session_id, CircleAttendance.user_id)
    ):
        if attended:
            came[session_id].append(user_id)
        else:
            absent[session_id] += 1
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CIRCLE_COLUMNS)
    for circle_id, topic, created, closed in session.execute(
        select(Circle.id, Circle.topic, Circle.created_at, Circle.closed_at)
        .where(Circle.programme_id == programme_id)
        .order_by(Circle.id)
    ):
        held = sessions.get(circle_id, [])
        circle = ("circle", circle_id, _cell(topic), _day(created), _day(closed))
        reasons = " ".join(at_risk.get(circle_id, ()))
        writer.writerow((*circle, members.get(circle_id, 0), len(held), reasons, *[""] * 5))
        for session_id, day, facilitator in held:
            attendees = came[session_id]
            when = (day.isoformat(), facilitator or "")
            counts = (len(attendees), absent[session_id], " ".join(attendees))
            writer.writerow(("session", circle_id, _cell(topic), *[""] * 5, *when, *counts))
    return b"\xef\xbb\xbf" + out.getvalue().encode()


def _cell(text: str) -> str:
    """Text a coordinator typed, kept from being read as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""
