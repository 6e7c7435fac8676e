"""Coordinators' work on a workspace's programmes (`/mentor programme`): making one, listing
them, appointing each one's coordinators and closing one (its history kept).

Not in bot.services.programmes, which bot.services.members reads: this module needs members
and bookings, and so would make an import cycle there."""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain import (
    PROGRAMME_DESCRIPTION_MAX,
    PROGRAMME_NAME_MAX,
    BookingStatus,
    MemberStatus,
    ProgrammeDetails,
    ProgrammeSettings,
    ProgrammeSummary,
)
from bot.models import Booking, Coordinator, Programme, ProgrammeMember, Round, Workspace
from bot.services import bookings, coordinators, programmes
from bot.services.sql import insert_ignore


@dataclass(frozen=True)
class Creation:
    """What became of a new programme's modal: the programme (made now, or by an earlier
    submission of the same view), or what is wrong (field -> message key)."""

    programme_id: int | None
    problems: dict[str, str] = field(default_factory=dict)
    again: bool = False  # the view had made it before: a repeated submission


class Closing(enum.StrEnum):
    CLOSED = "closed"
    ALREADY = "already"  # closed before (a repeated submission, or another coordinator)
    LAST = "last"  # the workspace's only open programme: closing it is refused
    MISSING = "missing"  # no such programme in the workspace


def problems(
    session: Session, team_id: str, details: ProgrammeDetails, default_names: Collection[str]
) -> dict[str, str]:
    """What is wrong with a new programme's details (field -> message key). A name is taken
    when another programme has it in any case; the first programme's is `default_names`."""
    found: dict[str, str] = {}
    name = details.name.strip()
    if not name:
        found["name"] = "programmes.error_name_required"
    elif len(name) > PROGRAMME_NAME_MAX:
        found["name"] = "programmes.error_name_long"
    elif name.casefold() in taken_names(session, team_id, default_names):
        found["name"] = "programmes.error_name_taken"
    if len(details.description.strip()) > PROGRAMME_DESCRIPTION_MAX:
        found["description"] = "programmes.error_description_long"
    starts, ends = details.starts_on, details.ends_on
    if starts is None and ends is not None:
        found["starts_on"] = "programmes.error_both_dates"
    elif ends is None and starts is not None:
        found["ends_on"] = "programmes.error_both_dates"
    elif starts is not None and ends is not None and ends <= starts:
        found["ends_on"] = "programmes.error_end_before_start"
    return found


def taken_names(session: Session, team_id: str, default_names: Collection[str]) -> set[str]:
    """The workspace's programme names, case folded (open and closed alike)."""
    names = session.scalars(select(Programme.name).where(Programme.team_id == team_id))
    taken: set[str] = set()
    for name in names:
        taken |= {n.casefold() for n in default_names} if name is None else {name.casefold()}
    return taken


def create(
    session: Session,
    team_id: str,
    details: ProgrammeDetails,
    appointed: Sequence[str],
    by: str,
    view_id: str,
    now: datetime,
    default_names: Collection[str],
) -> Creation:
    """Make the programme with the default settings and its coordinators (`appointed`, else
    its maker), once for the view however often it is submitted."""
    made = _made_from(session, team_id, view_id)
    if made is not None:
        return Creation(made, again=True)
    found = problems(session, team_id, details, default_names)
    if found:
        return Creation(None, found)
    insert_ignore(session, Workspace, team_id=team_id, created_at=now)
    programme = Programme(
        team_id=team_id,
        name=details.name.strip(),
        description=details.description.strip(),
        kind=details.kind,
        enrolment=details.enrolment,
        starts_on=details.starts_on,
        ends_on=details.ends_on,
        created_by=by,
        created_at=now,
        view_id=view_id,
    )
    try:
        with session.begin_nested():  # a submission of this view, or this name, at once
            session.add(programme)
            session.flush()
    except IntegrityError:
        made = _made_from(session, team_id, view_id)
        if made is not None:
            return Creation(made, again=True)
        return Creation(None, {"name": "programmes.error_name_taken"})
    programmes.save(session, programme.id, ProgrammeSettings())
    appoint(session, team_id, programme.id, appointed or [by], by, now)
    return Creation(programme.id)


def _made_from(session: Session, team_id: str, view_id: str) -> int | None:
    return session.scalar(
        select(Programme.id).where(Programme.team_id == team_id, Programme.view_id == view_id)
    )


def listing(
    session: Session, team_id: str, only: Collection[int] | None = None
) -> list[ProgrammeSummary]:
    """The workspace's programmes (or those of `only`), open ones first, each in the order made."""
    query = select(Programme).where(Programme.team_id == team_id)
    if only is not None:
        query = query.where(Programme.id.in_(list(only)))
    found = list(session.scalars(query.order_by(Programme.closed_at.is_not(None), Programme.id)))
    ids = [programme.id for programme in found]
    active = dict(
        session.execute(
            select(ProgrammeMember.programme_id, func.count())
            .where(
                ProgrammeMember.programme_id.in_(ids),
                ProgrammeMember.status == MemberStatus.ACTIVE,
            )
            .group_by(ProgrammeMember.programme_id)
        ).all()
    )
    added: dict[int, list[str]] = {}
    for programme_id, user_id in session.execute(
        select(Coordinator.programme_id, Coordinator.user_id)
        .where(Coordinator.programme_id.in_(ids))
        .order_by(Coordinator.added_at, Coordinator.user_id)
    ):
        added.setdefault(programme_id, []).append(user_id)
    return [
        ProgrammeSummary(
            id=programme.id,
            name=programme.name,
            kind=programme.kind,
            enrolment=programme.enrolment,
            starts_on=programme.starts_on,
            ends_on=programme.ends_on,
            closed=programme.closed_at is not None,
            coordinators=tuple(added.get(programme.id, ())),
            active=active.get(programme.id, 0),
        )
        for programme in found
    ]


def coordinated(session: Session, team_id: str, user_id: str) -> set[int]:
    """The programmes someone was added to as a coordinator (open or closed)."""
    return set(
        session.scalars(
            select(Coordinator.programme_id).where(
                Coordinator.team_id == team_id, Coordinator.user_id == user_id
            )
        )
    )


def manageable(
    session: Session, team_id: str, user_id: str, everywhere: bool
) -> list[ProgrammeSummary]:
    """The open programmes someone may manage: all of them when they coordinate `everywhere`
    (configured, or a workspace admin), else those they were added to."""
    only = None if everywhere else coordinated(session, team_id, user_id)
    return [p for p in listing(session, team_id, only) if not p.closed]


def may_manage(
    session: Session, team_id: str, programme_id: int, user_id: str, configured: frozenset[str]
) -> bool:
    """Whether the programme is an open one of the workspace that the person coordinates."""
    programme = session.get(Programme, programme_id)
    if programme is None or programme.team_id != team_id or programme.closed_at is not None:
        return False
    return coordinators.is_coordinator(session, team_id, programme_id, user_id, configured)


def appoint(
    session: Session,
    team_id: str,
    programme_id: int,
    users: Sequence[str],
    by: str,
    now: datetime,
) -> None:
    """Make `users` the programme's added coordinators, in place of those it had (those kept
    keep when they were added)."""
    session.execute(
        delete(Coordinator).where(
            Coordinator.programme_id == programme_id, Coordinator.user_id.not_in(list(users))
        )
    )
    for user_id in dict.fromkeys(users):
        coordinators.appoint(session, team_id, programme_id, user_id, by, now)


def close(
    session: Session, team_id: str, programme_id: int, by: str, now: datetime
) -> tuple[Closing, list[int]]:
    """Close the programme: its running rounds end now (the clock then plans each member's
    wrap-up), its pairs' live bookings are cancelled, every row is kept. Refused for the
    workspace's only open programme. With the ids of the bookings cancelled."""
    open_ones = list(
        session.scalars(
            select(Programme)
            .where(Programme.team_id == team_id, Programme.closed_at.is_(None))
            .order_by(Programme.id)
            .with_for_update()
        )
    )
    programme = session.get(Programme, programme_id)
    if programme is None or programme.team_id != team_id:
        return Closing.MISSING, []
    if programme.closed_at is not None:
        return Closing.ALREADY, []
    if [p.id for p in open_ones] == [programme_id]:
        return Closing.LAST, []
    programme.closed_at = now
    for running in session.scalars(
        select(Round).where(Round.programme_id == programme_id, Round.ends_at > now)
    ):
        running.starts_at = min(running.starts_at, now)
        running.ends_at = now
    booked = session.scalars(
        select(Booking.pair_id)
        .where(Booking.programme_id == programme_id, Booking.status == BookingStatus.BOOKED)
        .order_by(Booking.pair_id)
    ).all()
    cancelled = bookings.cancel_for_pairs(session, team_id, booked, by, now)
    session.flush()
    return Closing.CLOSED, cancelled
