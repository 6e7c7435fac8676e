"""Coming into a programme: the programmes open to someone, requests to join that the
programme's coordinators approve or decline, and invitations a coordinator sends."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import (
    Enrolment,
    JoinOffer,
    MemberEventKind,
    MemberStatus,
    ProgrammeCard,
    ProgrammeKind,
    RolePreference,
)
from bot.models import Coordinator, Member, MemberEvent, Programme, ProgrammeMember
from bot.services import coordinators, programmes
from bot.services.members import PARTICIPATING, ensure_member, place_of
from bot.services.programmes import card_of


class Decision(enum.StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"
    ALREADY = "already"  # decided before (another coordinator, a double click): nothing changes
    GONE = "gone"  # no such request (withdrawn, another workspace's, or forged)


class Invited(enum.StrEnum):
    INVITED = "invited"
    ALREADY_IN = "already_in"
    ALREADY_INVITED = "already_invited"


def open_programmes(session: Session, team_id: str) -> list[Programme]:
    """The workspace's programmes that are not closed, oldest first."""
    return list(session.scalars(programmes.open_ones(team_id)))


def taking_part(session: Session, team_id: str, user_id: str) -> list[ProgrammeCard]:
    """The open programmes the person takes part in (active or paused), oldest first."""
    rows = session.scalars(
        select(Programme)
        .join(ProgrammeMember, ProgrammeMember.programme_id == Programme.id)
        .where(
            Programme.team_id == team_id,
            Programme.closed_at.is_(None),
            ProgrammeMember.user_id == user_id,
            ProgrammeMember.status == MemberStatus.ACTIVE,
        )
        .order_by(Programme.id)
    )
    return [card_of(programme) for programme in rows]


def programme_card(session: Session, team_id: str, programme_id: int) -> ProgrammeCard | None:
    """The workspace's open programme with this id; None for another's, a closed or no one."""
    if not programmes.is_open_in(session, team_id, programme_id):
        return None
    programme = session.get(Programme, programme_id)
    return card_of(programme) if programme is not None else None


def offers(session: Session, team_id: str, user_id: str) -> list[JoinOffer]:
    """The open programmes this person may join now or has asked to join, with where they
    stand: not those they take part in, nor one by invitation only without an invitation."""
    places = {
        place.programme_id: place.status
        for place in session.scalars(
            select(ProgrammeMember).where(
                ProgrammeMember.team_id == team_id, ProgrammeMember.user_id == user_id
            )
        )
    }
    found = []
    for programme in open_programmes(session, team_id):
        status = places.get(programme.id)
        if status in PARTICIPATING:
            continue
        invited = status in (MemberStatus.INVITED, MemberStatus.LEFT, MemberStatus.INACTIVE)
        if programme.enrolment is Enrolment.INVITE and not invited:
            continue
        found.append(JoinOffer(card_of(programme), status))
    return found


def deciders(
    session: Session, team_id: str, programme_id: int, configured: frozenset[str]
) -> list[str]:
    """Who is asked to approve a request: the programme's own coordinators, else everyone who
    coordinates the workspace's programmes (configured, and admins as Slack last said)."""
    own = list(
        session.scalars(
            select(Coordinator.user_id)
            .where(Coordinator.programme_id == programme_id)
            .order_by(Coordinator.added_at, Coordinator.user_id)
        )
    )
    return own or coordinators.known(session, team_id, programme_id, configured)


def decide(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    approve: bool,
    now: datetime,
) -> Decision:
    """A coordinator's answer to a request to join (the caller checked they may give it):
    approved, the person takes part from now; declined, they may ask again later."""
    programme = session.get(Programme, programme_id)
    place = place_of(session, programme_id, user_id)
    if programme is None or programme.team_id != team_id or place is None:
        return Decision.GONE
    if place.status is not MemberStatus.REQUESTED:
        return Decision.ALREADY
    if not approve:
        place.status = MemberStatus.DECLINED
        return Decision.DECLINED
    place.status, place.joined_at, place.left_at = MemberStatus.ACTIVE, now, None
    session.add(
        MemberEvent(
            team_id=team_id,
            programme_id=programme_id,
            user_id=user_id,
            kind=MemberEventKind.JOINED,
            at=now,
        )
    )
    return Decision.APPROVED


def requests(session: Session, programme_id: int) -> list[str]:
    """Who is waiting for the programme's coordinators to decide."""
    return list(
        session.scalars(
            select(ProgrammeMember.user_id)
            .where(
                ProgrammeMember.programme_id == programme_id,
                ProgrammeMember.status == MemberStatus.REQUESTED,
            )
            .order_by(ProgrammeMember.user_id)
        )
    )


def accept_invitation(
    session: Session, team_id: str, programme_id: int, user_id: str, now: datetime
) -> bool:
    """Accept an invitation at once, when the person has a profile already and the programme
    is not mentoring (a mentoring programme asks who mentors, and how many: the profile modal
    does); True when they take part now."""
    programme = session.get(Programme, programme_id)
    place = place_of(session, programme_id, user_id)
    member = session.get(Member, (team_id, user_id))
    if (
        programme is None
        or programme.team_id != team_id
        or programme.kind is ProgrammeKind.MENTORING
    ):
        return False
    if place is None or place.status is not MemberStatus.INVITED:
        return False
    if member is None or not member.skills_wanted:
        return False
    place.status, place.joined_at, place.left_at = MemberStatus.ACTIVE, now, None
    place.role_preference = place.role_preference or RolePreference.PEER
    session.add(
        MemberEvent(
            team_id=team_id,
            programme_id=programme_id,
            user_id=user_id,
            kind=MemberEventKind.JOINED,
            at=now,
        )
    )
    return True


def invite(
    session: Session, team_id: str, programme_id: int, user_id: str, now: datetime
) -> Invited:
    """Invite someone into the programme; they confirm by joining (a profile, then a click)."""
    ensure_member(session, team_id, user_id, now)
    place = place_of(session, programme_id, user_id)
    if place is not None and place.status in PARTICIPATING:
        return Invited.ALREADY_IN
    if place is not None and place.status is MemberStatus.INVITED:
        return Invited.ALREADY_INVITED
    if place is None:
        place = ProgrammeMember(programme_id=programme_id, user_id=user_id, team_id=team_id)
        session.add(place)
    place.status = MemberStatus.INVITED
    session.flush()
    return Invited.INVITED
