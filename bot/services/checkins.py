"""Check-ins: one meeting per session, one log per member, merged and checked for agreement."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from bot.domain import (
    CHECKIN_TEXT_MAX,
    KUDOS_LINE_MAX,
    MINUTES_RANGE,
    Attendance,
    CheckinForm,
    CheckinInput,
)
from bot.models import CheckinLog, Kudos, Meeting, Pair, PairMember
from bot.services import goals, programmes
from bot.services.members import FieldError
from bot.services.pairs import members_of

MERGE_WINDOW = timedelta(days=2)  # two partners' logs this close are the same session
MINUTES_DISAGREE = 1.5  # one says 30 minutes, the other 60: contradictory


class CheckinOutcome(enum.StrEnum):
    CREATED = "created"  # the first log of a new meeting
    MERGED = "merged"  # the partner had logged this session: one meeting, two perspectives
    UPDATED = "updated"  # the same person logged the same session again: their log is edited


def default_coach(session: Session, pair: Pair, members: list[str] | None = None) -> str:
    """Whose turn it is: the coaching order, moved on by one for every session held."""
    members = members or members_of(session, pair)
    held = (
        session.scalar(
            select(func.count())
            .select_from(Meeting)
            .where(Meeting.pair_id == pair.id, Meeting.held.is_(True))
        )
        or 0
    )
    return members[held % len(members)]


def form(session: Session, team_id: str, user_id: str, pair: Pair, today: date) -> CheckinForm:
    return CheckinForm(
        pair_id=pair.id,
        members=tuple(members_of(session, pair)),
        default_coach=default_coach(session, pair),
        today=today,
        goals=tuple(goals.goals_of(session, team_id, user_id, open_only=True)),
    )


def validate(checkin: CheckinInput, form: CheckinForm, pair_started: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if checkin.attendance is None:
        errors.append(FieldError("attendance", "checkin.error.attendance_required"))
    if checkin.session_date is None:
        errors.append(FieldError("session_date", "checkin.error.date_required"))
    elif checkin.session_date > form.today:
        errors.append(FieldError("session_date", "checkin.error.date_future"))
    elif checkin.session_date < pair_started:
        errors.append(FieldError("session_date", "checkin.error.date_before_pair"))
    low, high = MINUTES_RANGE
    if checkin.attendance is Attendance.MET and checkin.minutes is None:
        errors.append(FieldError("minutes", "checkin.error.minutes_required"))
    elif checkin.minutes is not None and not low <= checkin.minutes <= high:
        errors.append(
            FieldError("minutes", "checkin.error.minutes_range", {"low": low, "high": high})
        )
    if checkin.coach is not None and checkin.coach not in form.members:
        errors.append(FieldError("coach", "checkin.error.coach"))
    for name in ("worked_on", "learned", "next_step"):
        text = getattr(checkin, name).strip()
        if len(text) > CHECKIN_TEXT_MAX:
            errors.append(
                FieldError(
                    name, "profile.error.too_long", {"max": CHECKIN_TEXT_MAX, "length": len(text)}
                )
            )
    if checkin.rating is not None and not 1 <= checkin.rating <= 5:
        errors.append(FieldError("rating", "checkin.error.rating"))
    return errors


def record(
    session: Session,
    team_id: str,
    user_id: str,
    pair_id: int,
    checkin: CheckinInput,
    now: datetime,
) -> tuple[CheckinOutcome, Meeting]:
    """Store a valid check-in: edit my log of that session, join my partner's, or start one."""
    assert checkin.session_date is not None and checkin.attendance is not None
    pair = session.get(Pair, pair_id, with_for_update=True)  # partners logging at once queue
    assert pair is not None
    mine = session.scalars(
        select(CheckinLog)
        .join(Meeting, Meeting.id == CheckinLog.meeting_id)
        .where(
            Meeting.pair_id == pair_id,
            CheckinLog.author == user_id,
            CheckinLog.session_date == checkin.session_date,
        )
    ).first()
    if mine is not None:
        outcome, meeting = CheckinOutcome.UPDATED, session.get(Meeting, mine.meeting_id)
        log = mine
    else:
        meeting = _partners_meeting(session, pair_id, user_id, checkin.session_date)
        outcome = CheckinOutcome.MERGED if meeting else CheckinOutcome.CREATED
        if meeting is None:
            meeting = Meeting(
                team_id=team_id,
                programme_id=pair.programme_id,
                pair_id=pair_id,
                session_date=checkin.session_date,
                contradictory=False,
                created_at=now,
            )
            session.add(meeting)
            session.flush()
        log = CheckinLog(
            team_id=team_id,
            programme_id=pair.programme_id,
            meeting_id=meeting.id,
            author=user_id,
        )
        session.add(log)
    assert meeting is not None
    log.attendance = checkin.attendance
    log.session_date = checkin.session_date
    log.minutes = checkin.minutes
    log.coach = checkin.coach
    log.worked_on = checkin.worked_on.strip()
    log.learned = checkin.learned.strip()
    log.next_step = checkin.next_step.strip()
    log.rating = checkin.rating
    log.submitted_at = now
    session.flush()
    logs = logs_of(session, meeting.id)
    meeting.contradictory = _disagree(logs)
    meeting.held = any(log.attendance is Attendance.MET for log in logs)
    for goal_id, status in checkin.goal_statuses.items():
        goals.set_status(session, team_id, user_id, goal_id, status, "checkin", now)
    return outcome, meeting


def logs_of(session: Session, meeting_id: int) -> list[CheckinLog]:
    return list(session.scalars(select(CheckinLog).where(CheckinLog.meeting_id == meeting_id)))


def everyone_logged(session: Session, meeting: Meeting) -> bool:
    """Whether every member of the meeting's pair has logged the session."""
    pair = session.get(Pair, meeting.pair_id)
    authors = {log.author for log in logs_of(session, meeting.id)}
    return pair is not None and set(members_of(session, pair)) <= authors


def last_meeting_together(
    session: Session, team_id: str, sender: str, receiver: str
) -> Meeting | None:
    """The latest session logged by a pair the two are both in (what a thank-you is for)."""
    mine, theirs = aliased(PairMember), aliased(PairMember)
    return session.scalars(
        select(Meeting)
        .join(mine, mine.pair_id == Meeting.pair_id)
        .join(theirs, theirs.pair_id == Meeting.pair_id)
        .where(
            Meeting.team_id == team_id,
            mine.user_id == sender,
            theirs.user_id == receiver,
            mine.user_id != theirs.user_id,
        )
        .order_by(Meeting.session_date.desc(), Meeting.id.desc())
        .limit(1)
    ).first()


def validate_kudos_line(line: str) -> list[FieldError]:
    """What is wrong with the line a thank-you carries (it may be empty)."""
    length = len(line.strip())
    if length > KUDOS_LINE_MAX:
        return [
            FieldError("line", "profile.error.too_long", {"max": KUDOS_LINE_MAX, "length": length})
        ]
    return []


def send_kudos(
    session: Session,
    team_id: str,
    sender: str,
    meeting_id: int,
    now: datetime,
    receiver: str | None = None,
) -> list[str]:
    """Thank the other members of the meeting's pair (only `receiver`, when named); those newly
    thanked (none twice)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.team_id != team_id:
        return []
    pair = session.get(Pair, meeting.pair_id)
    members = members_of(session, pair) if pair else []
    if sender not in members:
        return []
    thanked = set(
        session.scalars(
            select(Kudos.receiver).where(Kudos.meeting_id == meeting_id, Kudos.sender == sender)
        )
    )
    new = [m for m in members if m != sender and m not in thanked and receiver in (None, m)]
    for receiver in new:
        session.add(
            Kudos(
                meeting_id=meeting_id,
                sender=sender,
                receiver=receiver,
                team_id=team_id,
                programme_id=meeting.programme_id,
                sent_at=now,
            )
        )
    return new


def _partners_meeting(session: Session, pair_id: int, user_id: str, day: date) -> Meeting | None:
    """The closest meeting of the pair within the window that I have not logged yet."""
    nearby = session.scalars(
        select(Meeting).where(
            Meeting.pair_id == pair_id,
            Meeting.session_date >= day - MERGE_WINDOW,
            Meeting.session_date <= day + MERGE_WINDOW,
        )
    ).all()
    open_ones = [m for m in nearby if all(log.author != user_id for log in logs_of(session, m.id))]
    return min(open_ones, key=lambda m: (abs((m.session_date - day).days), m.id), default=None)


def _disagree(logs: list[CheckinLog]) -> bool:
    """Two accounts of one session that cannot both be true."""
    if len(logs) < 2:
        return False
    if len({log.attendance for log in logs}) > 1:
        return True
    coaches = {log.coach for log in logs if log.coach}
    if len(coaches) > 1:
        return True
    minutes = [log.minutes for log in logs if log.minutes]
    return (
        len(minutes) > 1
        and max(minutes) > MINUTES_DISAGREE * min(minutes)
        and (max(minutes) - min(minutes) > 15)
    )


def next_session_due(session: Session, pair: Pair) -> date:
    """One cadence (the programme's, 14 days unless set) after the last session held, or after
    the pair started."""
    last = session.scalar(
        select(func.max(Meeting.session_date)).where(
            Meeting.pair_id == pair.id, Meeting.held.is_(True)
        )
    )
    cadence = programmes.settings_of(session, pair.programme_id).cadence_days
    return (last or pair.starts_at.date()) + timedelta(days=cadence)
