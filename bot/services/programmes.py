"""Programmes: which a workspace runs, and each one's settings."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bot.domain import ProgrammeCard, ProgrammeKind, ProgrammeSettings, RoundOptions
from bot.models import Member, Programme, Workspace
from bot.services.sql import insert_ignore


def open_ones(team_id: str) -> Select[Programme]:
    """The workspace's programmes that are not closed, oldest first."""
    return (
        select(Programme)
        .where(Programme.team_id == team_id, Programme.closed_at.is_(None))
        .order_by(Programme.id)
    )


def first(session: Session, team_id: str) -> int | None:
    """The workspace's first programme that is not closed, if it has one."""
    found = session.scalars(open_ones(team_id).limit(1)).first()
    return found.id if found is not None else None


def named(session: Session, team_id: str, name: str, default_names: Collection[str]) -> int | None:
    """The workspace's open programme of this name, in any case (the first programme, unnamed,
    goes by `default_names`: its name in each language)."""
    wanted = name.strip().casefold()
    for programme in session.scalars(open_ones(team_id)):
        names = default_names if programme.name is None else (programme.name,)
        if wanted and wanted in {n.casefold() for n in names}:
            return programme.id
    return None


def is_mentoring(session: Session, programme_id: int) -> bool:
    """Whether it is a mentoring programme (mentors with mentees, each mentor up to their
    number)."""
    programme = session.get(Programme, programme_id)
    return programme is not None and programme.kind is ProgrammeKind.MENTORING


def runs_circles(session: Session, programme_id: int) -> bool:
    """Whether the programme is of the kind circles (its people meet in circles, not pairs)."""
    programme = session.get(Programme, programme_id)
    return programme is not None and programme.kind is ProgrammeKind.CIRCLES


def several(session: Session, team_id: str) -> bool:
    """Whether the workspace runs more than one programme (then each is named)."""
    return len(session.scalars(open_ones(team_id).limit(2)).all()) > 1


def card_if_several(session: Session, programme_id: int) -> ProgrammeCard | None:
    """The programme, when its workspace runs several (what it sends then names it); None
    when it runs only this one."""
    programme = session.get(Programme, programme_id)
    if programme is None or not several(session, programme.team_id):
        return None
    return card_of(programme)


def card_of(programme: Programme) -> ProgrammeCard:
    return ProgrammeCard(
        id=programme.id,
        name=programme.name,
        description=programme.description,
        kind=programme.kind,
        enrolment=programme.enrolment,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
    )


def is_of(session: Session, team_id: str, programme_id: int) -> bool:
    """Whether this is a programme of this workspace, open or closed."""
    programme = session.get(Programme, programme_id)
    return programme is not None and programme.team_id == team_id


def is_open_in(session: Session, team_id: str, programme_id: int) -> bool:
    """Whether this is an open programme of this workspace (an id from a click may be any)."""
    programme = session.get(Programme, programme_id)
    return programme is not None and programme.team_id == team_id and programme.closed_at is None


def current(session: Session, team_id: str, now: datetime) -> int:
    """The programme a request of this workspace is about: its first, made (with the
    workspace) the first time the workspace is served."""
    found = first(session, team_id)
    if found is not None:
        return found
    if not insert_ignore(session, Workspace, team_id=team_id, created_at=now):
        # the workspace was there: its programme too, unless all were closed, or another
        # request made both a moment ago (its insert held ours back until it committed)
        found = first(session, team_id)
        if found is not None:
            return found
    programme = Programme(team_id=team_id, created_at=now)
    session.add(programme)
    session.flush()
    return programme.id


def settings_of(
    session: Session, programme_id: int | None, default_channel: str | None = None
) -> ProgrammeSettings:
    """The programme's settings; `default_channel` (MENTOR_DIGEST_CHANNEL) stands in for a
    digest channel never chosen."""
    programme = session.get(Programme, programme_id) if programme_id is not None else None
    if programme is None:
        return ProgrammeSettings(digest_channel=default_channel)
    return ProgrammeSettings(
        cadence_days=programme.rhythm_cadence_days,
        send_hour=programme.rhythm_send_hour,
        session_minutes=programme.session_minutes,
        digest_channel=programme.digest_channel or default_channel,
        digest_weekday=programme.digest_weekday,
        digest_every_weeks=programme.digest_every_weeks,
        digest_hour=programme.digest_hour,
        time_zone=programme.time_zone,
        locale=programme.locale,
        learning_channel=programme.learning_channel,
        round_defaults=RoundOptions(
            mode=programme.pairing_mode,
            group_size=programme.pairing_group_size,
            recent_rounds=programme.pairing_recent_rounds,
            round_weeks=programme.pairing_round_weeks,
        ),
    )


def save(session: Session, programme_id: int, chosen: ProgrammeSettings) -> None:
    programme = session.get(Programme, programme_id)
    assert programme is not None
    programme.rhythm_cadence_days = chosen.cadence_days
    programme.rhythm_send_hour = chosen.send_hour
    programme.session_minutes = chosen.session_minutes
    programme.digest_channel = chosen.digest_channel
    programme.digest_weekday = chosen.digest_weekday
    programme.digest_every_weeks = chosen.digest_every_weeks
    programme.digest_hour = chosen.digest_hour
    programme.time_zone = chosen.time_zone
    programme.locale = chosen.locale
    programme.learning_channel = chosen.learning_channel
    defaults = chosen.round_defaults
    programme.pairing_mode = defaults.mode
    programme.pairing_group_size = defaults.group_size
    programme.pairing_recent_rounds = defaults.recent_rounds
    programme.pairing_round_weeks = defaults.round_weeks


def time_zone_for(session: Session, team_id: str, user_id: str, current: ProgrammeSettings) -> str:
    """The zone the programme's times are kept in once this coordinator saves: their own (as
    Slack last said), else the one set before."""
    member = session.get(Member, (team_id, user_id))
    return (member.time_zone if member is not None else None) or current.time_zone
