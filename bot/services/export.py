"""The coordinators' export: one CSV line per pair or triad of every round, with its meeting
and goal counts. No private text and no one's rating: only counts and dates."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain import GoalStatus, RiskReason
from bot.models import CheckinLog, Goal, Meeting, Pair, PairMember, Round

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


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""
