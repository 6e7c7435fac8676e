"""The privacy rights of the people in a programme: a copy of everything the bot holds about
them (`/mentor export-me`), and being forgotten (`/mentor forget-me`).

Forgetting keeps the programme's figures right without keeping the person: every text they
wrote is deleted, and where they still count (a pair that was made, a session that was held, a
goal's status) their Slack id is replaced by a random stand-in that is kept nowhere else, so
nothing in the database leads back to them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.domain import MemberStatus, PostedLearning
from bot.models import (
    Avoid,
    Booking,
    CheckinLog,
    CircleDraft,
    Coordinator,
    FeedbackAnswer,
    Goal,
    GoalStatusChange,
    Kudos,
    Learning,
    Meeting,
    Member,
    MemberEvent,
    Outbox,
    Pair,
    PairMember,
    PartnerRequest,
    ProgrammeMember,
    Reflection,
    Resource,
    Round,
    RoundDraft,
    RoundProgress,
    Unpaired,
    slack_installations,
)
from bot.services import bookings, feedback, learnings, session_messages
from bot.services.session_messages import ScheduledReminder


def personal_data(session: Session, team_id: str, user_id: str) -> dict[str, Any]:
    """Everything held about the person, as plain JSON-ready values. What others wrote (a
    partner's notes and ratings) is theirs and not included; survey answers cannot be included
    because nothing links them to anyone."""
    member = session.get(Member, (team_id, user_id))
    my_pairs = list(
        session.execute(
            select(Pair, Round, PairMember.coach_order)
            .join(Round, Round.id == Pair.round_id)
            .join(PairMember, PairMember.pair_id == Pair.id)
            .where(PairMember.team_id == team_id, PairMember.user_id == user_id)
            .order_by(Round.number)
        )
    )
    goals = list(
        session.scalars(
            select(Goal).where(Goal.team_id == team_id, Goal.user_id == user_id).order_by(Goal.id)
        )
    )
    return {
        "workspace": team_id,
        "user": user_id,
        "profile": _row(member, exclude={"team_id", "user_id"}) if member else None,
        "programmes": _rows(
            session,
            select(ProgrammeMember)
            .where(ProgrammeMember.team_id == team_id, ProgrammeMember.user_id == user_id)
            .order_by(ProgrammeMember.programme_id),
        ),
        "membership_events": _rows(
            session,
            select(MemberEvent).where(
                MemberEvent.team_id == team_id, MemberEvent.user_id == user_id
            ),
        ),
        "never_pair_me_with": [
            a.avoided_user_id
            for a in session.scalars(
                select(Avoid).where(Avoid.team_id == team_id, Avoid.user_id == user_id)
            )
        ],
        "pairs": [
            {
                "round": round_.number,
                "round_starts": round_.starts_at.isoformat(),
                "round_ends": round_.ends_at.isoformat(),
                "pair_started": pair.starts_at.isoformat(),
                "pair_ended": pair.ended_at.isoformat() if pair.ended_at else None,
                "coaching_order": coach_order,
                "partners": [
                    other
                    for other in session.scalars(
                        select(PairMember.user_id).where(PairMember.pair_id == pair.id)
                    )
                    if other != user_id
                ],
                "sessions": [
                    meeting.session_date.isoformat()
                    for meeting in session.scalars(
                        select(Meeting)
                        .where(Meeting.pair_id == pair.id)
                        .order_by(Meeting.session_date)
                    )
                ],
                "bookings": [
                    _row(booking, exclude={"team_id", "pair_id", "message_ts"})
                    for booking in session.scalars(
                        select(Booking).where(Booking.pair_id == pair.id).order_by(Booking.id)
                    )
                ],
            }
            for pair, round_, coach_order in my_pairs
        ],
        "goals": [
            {
                **_row(goal, exclude={"team_id", "user_id"}),
                "status_history": _rows(
                    session, select(GoalStatusChange).where(GoalStatusChange.goal_id == goal.id)
                ),
            }
            for goal in goals
        ],
        "checkins_i_wrote": _rows(
            session,
            select(CheckinLog).where(CheckinLog.team_id == team_id, CheckinLog.author == user_id),
        ),
        "reflections": _rows(
            session,
            select(Reflection).where(Reflection.team_id == team_id, Reflection.user_id == user_id),
        ),
        "learnings_i_shared": _rows(
            session,
            select(Learning)
            .where(Learning.team_id == team_id, Learning.user_id == user_id)
            .order_by(Learning.id),
        ),
        "kudos_sent": _rows(
            session, select(Kudos).where(Kudos.team_id == team_id, Kudos.sender == user_id)
        ),
        "kudos_received": _rows(
            session, select(Kudos).where(Kudos.team_id == team_id, Kudos.receiver == user_id)
        ),
        "partner_requests": _rows(
            session,
            select(PartnerRequest).where(
                PartnerRequest.team_id == team_id, PartnerRequest.user_id == user_id
            ),
        ),
        "messages_the_bot_sent_me": [
            {"kind": o.kind.value, "due": o.due_at.isoformat(), "status": o.status.value}
            for o in session.scalars(
                select(Outbox)
                .where(Outbox.team_id == team_id, Outbox.user_id == user_id)
                .order_by(Outbox.due_at)
            )
        ],
        "coordinator_of": list(
            session.scalars(
                select(Coordinator.programme_id)
                .where(Coordinator.team_id == team_id, Coordinator.user_id == user_id)
                .order_by(Coordinator.programme_id)
            )
        ),
        "resources_i_added_or_changed": _rows(
            session,
            select(Resource)
            .where(
                Resource.team_id == team_id,
                or_(Resource.created_by == user_id, Resource.updated_by == user_id),
            )
            .order_by(Resource.id),
        ),
        "survey_answers": "Kept without your name: nothing links them to you to show.",
    }


@dataclass(frozen=True)
class Forgotten:
    """What forgetting someone leaves for the edge to do in Slack once it is committed."""

    stand_in: str  # who they count as now (to be kept nowhere: no Slack user)
    held: tuple[ScheduledReminder, ...]  # their reminders Slack holds, to delete there
    cancelled: tuple[int, ...]  # their groups' bookings, cancelled: the groups are told
    # their learnings posted with their name: to be turned anonymous in Slack (chat.update)
    named: tuple[PostedLearning, ...] = ()


def forget(session: Session, team_id: str, user_id: str, key: bytes, now: datetime) -> Forgotten:
    """Forget the person in this workspace. First their groups' live bookings are cancelled
    (their partners' reminders get deleted through the outbox) and their own reminders Slack
    holds are noted, as their outbox rows, which would delete them, go with them."""
    held = tuple(session_messages.held_reminders(session, team_id, user_id, now))
    cancelled = tuple(bookings.cancel_for_member(session, team_id, user_id, now))
    stand_in = "X" + secrets.token_hex(8).upper()
    member = session.get(Member, (team_id, user_id))
    session.add(
        Member(
            team_id=team_id,
            user_id=stand_in,
            skills_offered=[],
            skills_wanted=[],
            department="",
            about="",
            created_at=now,
            updated_at=now,
        )
    )
    session.flush()
    # their places in programmes: the stand-in's, as someone who left (counted, not reached)
    session.execute(
        update(ProgrammeMember)
        .where(ProgrammeMember.team_id == team_id, ProgrammeMember.user_id == user_id)
        .values(
            user_id=stand_in,
            status=MemberStatus.LEFT,
            left_at=now,
            paused_until=None,
            snoozed_until=None,
        )
    )
    # what they shared in the learning channel stays there, without their name
    named = learnings.forget_author(session, team_id, user_id)
    # texts they wrote: gone
    session.execute(
        delete(Reflection).where(Reflection.team_id == team_id, Reflection.user_id == user_id)
    )
    session.execute(
        update(CheckinLog)
        .where(CheckinLog.team_id == team_id, CheckinLog.author == user_id)
        .values(author=stand_in, worked_on="", learned="", next_step="")
    )
    session.execute(
        update(Goal)
        .where(Goal.team_id == team_id, Goal.user_id == user_id)
        .values(user_id=stand_in, what="", skill=None, why="", measure="")
    )
    session.execute(
        update(PartnerRequest)
        .where(PartnerRequest.team_id == team_id, PartnerRequest.user_id == user_id)
        .values(user_id=stand_in, reason="")
    )
    # where they only count: the stand-in
    for model, column in (
        (CheckinLog, CheckinLog.coach),
        (MemberEvent, MemberEvent.user_id),
        (PairMember, PairMember.user_id),
        (Unpaired, Unpaired.user_id),
        (Kudos, Kudos.sender),
        (Kudos, Kudos.receiver),
        (Coordinator, Coordinator.added_by),
        (Round, Round.created_by),
        (RoundDraft, RoundDraft.created_by),
        (Booking, Booking.booked_by),
        (Booking, Booking.updated_by),
        (Resource, Resource.created_by),
        (Resource, Resource.updated_by),
    ):
        session.execute(
            update(model)
            .where(model.team_id == team_id, column == user_id)  # type: ignore[attr-defined]
            .values({column.key: stand_in})
        )
    # what only served them: gone
    session.execute(
        delete(Avoid).where(
            Avoid.team_id == team_id,
            or_(Avoid.user_id == user_id, Avoid.avoided_user_id == user_id),
        )
    )
    session.execute(delete(Outbox).where(Outbox.team_id == team_id, Outbox.user_id == user_id))
    # a round's progress message in their DM is no longer kept up to date
    session.execute(
        delete(RoundProgress).where(
            RoundProgress.team_id == team_id, RoundProgress.user_id == user_id
        )
    )
    session.execute(
        delete(Coordinator).where(Coordinator.team_id == team_id, Coordinator.user_id == user_id)
    )
    # the app's installation by them: kept (its bot token serves the workspace), not by them
    session.execute(
        update(slack_installations)
        .where(slack_installations.c.team_id == team_id, slack_installations.c.user_id == user_id)
        .values(
            user_id=stand_in,
            user_token=None,
            user_refresh_token=None,
            user_scopes=None,
            user_token_expires_at=None,
        )
    )
    _forget_in_drafts(session, team_id, user_id, stand_in)
    _unlink_survey_answers(session, team_id, user_id, key)
    if member is not None:
        session.delete(member)
    session.flush()
    return Forgotten(stand_in, held, cancelled, named)


def _forget_in_drafts(session: Session, team_id: str, user_id: str, stand_in: str) -> None:
    """Previews name people inside their JSON: swap the person for the stand-in there too."""
    for draft in session.scalars(select(RoundDraft).where(RoundDraft.team_id == team_id)):
        draft.groups = _swap(draft.groups, user_id, stand_in)
        draft.unplaced = _swap(draft.unplaced, user_id, stand_in)
    for formed in session.scalars(select(CircleDraft).where(CircleDraft.team_id == team_id)):
        formed.circles = _swap(formed.circles, user_id, stand_in)
        formed.unplaced = _swap(formed.unplaced, user_id, stand_in)
    for pair in session.scalars(select(Pair).where(Pair.team_id == team_id)):
        swapped = _swap(pair.reasons, user_id, stand_in)
        if swapped != pair.reasons:
            pair.reasons = swapped


def _swap(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, list):
        return [_swap(item, old, new) for item in value]
    if isinstance(value, dict):
        return {key: _swap(item, old, new) for key, item in value.items()}
    return value


def _unlink_survey_answers(session: Session, team_id: str, user_id: str, key: bytes) -> None:
    """Their survey answers stay in the totals, but the keyed hash that could confirm they
    gave them (to whoever holds the key) becomes random."""
    surveys = session.scalars(
        select(FeedbackAnswer.survey).where(FeedbackAnswer.team_id == team_id).distinct()
    )
    for survey in list(surveys):
        session.execute(
            update(FeedbackAnswer)
            .where(
                FeedbackAnswer.team_id == team_id,
                FeedbackAnswer.survey == survey,
                FeedbackAnswer.respondent == feedback.respondent(key, team_id, survey, user_id),
            )
            .values(respondent=secrets.token_hex(32))
        )


def _row(row: Any, exclude: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    return {
        column.key: _plain(getattr(row, column.key))
        for column in row.__table__.columns
        if column.key not in exclude
    }


def _rows(session: Session, query: Any) -> list[dict[str, Any]]:
    return [_row(row, exclude={"team_id"}) for row in session.scalars(query)]


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset):  # meeting days: weekday numbers, 0 Monday ... 6 Sunday
        return sorted(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value
