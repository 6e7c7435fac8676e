"""What a participant's Home tab shows besides their profile, read in a fixed number of
statements however many goals, sessions and bookings they have had."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain import (
    CompletedGoal,
    Dashboard,
    GoalCard,
    GoalStatus,
    HistoryEntry,
    HomeCircle,
    NextSession,
    ProgrammeKind,
)
from bot.models import Pair, Programme
from bot.services import (
    availability,
    bookings,
    checkins,
    circles,
    goals,
    guides,
    history,
    meeting_times,
    pairs,
    resources,
    session_dates,
)
from bot.services.invitation import google_link, of_booking, outlook_link


@dataclass(frozen=True)
class Own:
    """What Home shows of the person whatever the programme: their open goals, their history
    and their goals completed lately."""

    goals: tuple[GoalCard, ...]
    recent: tuple[HistoryEntry, ...]
    completed: tuple[CompletedGoal, ...]


def own(session: Session, team_id: str, user_id: str, now: datetime) -> Own:
    """The person's own part of Home, read once however many programmes they are in."""
    recent, _ = history.history(session, team_id, user_id)
    return Own(
        goals=tuple(goals.goals_of(session, team_id, user_id, open_only=True)),
        recent=tuple(recent),
        completed=tuple(goals.recently_completed(session, team_id, user_id, now)),
    )


def dashboard(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    now: datetime,
    locale: str,
    person: Own | None = None,
) -> Dashboard:
    """The person's dashboard in the programme at `now`; `locale` is the language of its
    calendar links and the one its suggested resources prefer; `person`: their own part, when
    read already (for another programme's section). A mentor with several mentees sees the
    newest pairing, and the shared goals of all their mentees. In a circles programme: their
    circle in place of a pair."""
    person = person or own(session, team_id, user_id, now)
    # no statement when the caller read the programme (a Home of several); one by key otherwise
    programme = session.get(Programme, programme_id)
    if programme is not None and programme.kind == ProgrammeKind.CIRCLES:
        return Dashboard(
            circles=True,
            circle=circle_card(session, programme_id, user_id),
            goals=person.goals,
            recent=person.recent,
            avoided=tuple(availability.avoided_by(session, programme_id, user_id)),
            completed=person.completed,
            resources=tuple(resources.suggestions(session, team_id, programme_id, user_id, locale)),
        )
    running = pairs.current_pairs(session, team_id, user_id, now, programme_id)
    pair = running[0] if running else None
    partners = [m for group in running for m in pairs.members_of(session, group) if m != user_id]
    booked = next_booked(session, pair, now, locale) if pair else None
    return Dashboard(
        partner_goals=tuple(
            goal
            for partner in partners
            for goal in goals.shared_goals_of(session, team_id, partner)
            if goal.status is not GoalStatus.COMPLETED
        ),
        pairing=pairs.pairing_card(session, pair, user_id) if pair else None,
        next_due=checkins.next_session_due(session, pair) if pair else None,
        goals=person.goals,
        recent=person.recent,
        avoided=tuple(availability.avoided_by(session, programme_id, user_id)),
        completed=person.completed,
        booked=booked,
        times=meeting_times.for_group(session, team_id, pair.id, now)
        if pair and booked is None
        else None,
        resources=tuple(resources.suggestions(session, team_id, programme_id, user_id, locale)),
    )


def circle_card(session: Session, programme_id: int, user_id: str) -> HomeCircle | None:
    """The person's open circle in the programme, with who facilitates its next session."""
    circle = circles.circle_of(session, programme_id, user_id)
    if circle is None:
        return None
    rotation = tuple(place.user_id for place in circles.members(session, circle.id))
    turn = circles.facilitator(rotation, circles.sessions_held(session, circle.id))
    return HomeCircle(circle.id, circle.topic, rotation, turn, circle.channel_id)


def next_booked(session: Session, pair: Pair, now: datetime, locale: str) -> NextSession | None:
    """The pair's next booked session that has not ended (a series' next date), with the
    booking's calendar links; None when nothing is booked ahead. The links name no attendees:
    each member adds the session to their own calendar (the Booked message's links and the
    .ics, made when the booking changes, carry everyone's email from Slack)."""
    booking = bookings.live(session, pair.team_id, pair.id)
    upcoming = session_dates.next_session(booking, now) if booking is not None else None
    if booking is None or upcoming is None:
        return None
    invitation = of_booking(booking, (), locale, now, guides.next_guide(session, pair.id))
    return NextSession(
        booking, upcoming.start, upcoming.end, google_link(invitation), outlook_link(invitation)
    )
