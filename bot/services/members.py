"""Members: who the bot knows, their cached Slack facts, profiles, joining and leaving."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import Row, and_, bindparam, exists, insert, select, update
from sqlalchemy.orm import Session

from bot.domain import (
    MAX_ABOUT_LENGTH,
    MAX_CAPACITY,
    MAX_DEPARTMENT_LENGTH,
    MAX_SKILLS_PER_LIST,
    MIN_MEETING_MINUTES,
    PROFILE_FIELDS,
    SKILLS,
    WEEKDAYS,
    Enrolment,
    MemberCard,
    MemberEventKind,
    MemberStatus,
    ProfileInput,
    ProgrammeKind,
    RolePreference,
)
from bot.locale_names import holiday_countries
from bot.models import (
    CircleMember,
    Coordinator,
    Member,
    MemberEvent,
    PairMember,
    Programme,
    ProgrammeMember,
    minute_of_day,
)
from bot.services import circles, programmes
from bot.services.sql import insert_ignore
from bot.services.working_hours import Hours

SLACK_FACTS_TTL = timedelta(hours=24)
_members, _places = Member.__table__, ProgrammeMember.__table__

# What a MemberCard is made of: the person's own profile (across programmes), and their place
# in the programme (role, status, dates, pause).
PLACE_COLUMNS = ("status", "role_preference", "joined_at", "left_at", "paused_until", "capacity")
OWN_FIELDS = tuple(name for name in PROFILE_FIELDS if name not in PLACE_COLUMNS)
CARD_COLUMNS = ("user_id", "locale", "time_zone", *OWN_FIELDS)


PARTICIPATING = (MemberStatus.ACTIVE, MemberStatus.PAUSED)  # whose profile edit is an edit


class SaveOutcome(enum.StrEnum):
    JOINED = "joined"
    REJOINED = "rejoined"
    UPDATED = "updated"
    REQUESTED = "requested"  # a programme by approval: its coordinators are asked now
    WAITING = "waiting"  # asked before and not yet answered: the profile is saved
    NOT_INVITED = "not_invited"  # a programme by invitation only, and no invitation: nothing saved
    CLOSED = "closed"  # the programme is closed (or not this workspace's): nothing saved


class CapacityOutcome(enum.StrEnum):
    SET = "set"
    OUT_OF_RANGE = "out_of_range"  # not 1 to MAX_CAPACITY
    NOT_ACTIVE = "not_active"  # no place in the programme, or one they left
    NOT_MENTOR = "not_mentor"  # not a mentor of a mentoring programme


class LeaveOutcome(enum.StrEnum):
    LEFT = "left"
    NOT_MEMBER = "not_member"
    ALREADY_LEFT = "already_left"


@dataclass(frozen=True)
class FieldError:
    """One invalid profile field: the translation key of the message and its values."""

    field: str
    key: str
    values: dict[str, Any] = field(default_factory=dict)


def ensure_member(session: Session, team_id: str, user_id: str, now: datetime) -> Member:
    """The member row, created (with its workspace) the first time someone is seen."""
    member = session.get(Member, (team_id, user_id))
    if member is not None:
        return member
    programmes.current(session, team_id, now)  # the workspace, and its programme
    insert_ignore(
        session,
        Member,
        team_id=team_id,
        user_id=user_id,
        skills_offered=[],
        skills_wanted=[],
        department="",
        about="",
        created_at=now,
        updated_at=now,
    )
    member = session.get(Member, (team_id, user_id))
    assert member is not None
    return member


def needs_slack_facts(checked: datetime | None, now: datetime) -> bool:
    """Whether the cached locale and time zone (checked then) are missing or older than a
    day."""
    return checked is None or now - checked >= SLACK_FACTS_TTL


def record_slack_facts(
    member: Member, locale: str | None, time_zone: str | None, now: datetime, admin: bool = False
) -> None:
    """Cache what Slack says of the person; an unknown zone or language keeps the old value."""
    if locale is not None:
        member.locale = locale
    if time_zone is not None and time_zone in _zones():
        member.time_zone = time_zone
    member.slack_admin = admin
    member.slack_checked_at = now


_pair_members = PairMember.__table__
_GROUP = (
    select(_pair_members.c.user_id)
    .where(
        _pair_members.c.team_id == bindparam("team_id"),
        _pair_members.c.pair_id == bindparam("pair_id"),
    )
    .order_by(_pair_members.c.coach_order)
)

# What a person's Hours are made of (hours_of reads a Member or a row of these columns).
HOURS_COLUMNS = ("time_zone", "meeting_start", "meeting_end", "meeting_days", "holiday_country")


def hours_of(member: Member | Row[Any]) -> Hours:
    """The person's meeting hours: the slot finder suggests times in them, and nothing the
    clock sends reaches them outside them."""
    return Hours(
        member.time_zone,
        member.meeting_start,
        member.meeting_end,
        member.meeting_days,
        member.holiday_country,
    )


def group_of(session: Session, team_id: str, pair_id: int) -> list[str]:
    """A group's members in coaching order (whoever coaches first comes first); [] for a pair
    of another workspace."""
    return list(session.scalars(_GROUP, {"team_id": team_id, "pair_id": pair_id}))


def group_hours(session: Session, team_id: str, pair_id: int) -> dict[str, Hours]:
    """Each member of a group with their meeting hours, in coaching order."""
    rows = session.execute(
        select(_pair_members.c.user_id, *(_members.c[name] for name in HOURS_COLUMNS))
        .join(
            _members,
            (_members.c.team_id == _pair_members.c.team_id)
            & (_members.c.user_id == _pair_members.c.user_id),
        )
        .where(_pair_members.c.team_id == team_id, _pair_members.c.pair_id == pair_id)
        .order_by(_pair_members.c.coach_order)
    )
    return {row.user_id: hours_of(row) for row in rows}


def time_zone_of(session: Session, team_id: str, user_id: str) -> str | None:
    member = session.get(Member, (team_id, user_id))
    return member.time_zone if member is not None else None


@dataclass(frozen=True)
class Seen:
    """A member as every request needs them, read in one statement."""

    card: MemberCard
    own_locale: str | None  # their Slack's language, as last cached
    slack_checked_at: datetime | None  # when their Slack facts were cached
    slack_admin: bool  # a workspace admin or owner, as Slack last said
    programme_id: int | None  # the programme the request is about (None: none made yet)
    programme_locale: str | None  # the programme's language, a setting
    added_coordinator: bool  # made a coordinator of one of the workspace's programmes


# Built once, of tables' columns (not mapped classes, so it runs on SQLAlchemy's Core path,
# without the ORM's compile step): every request runs it, and building the statement, or loading
# an entity, costs more than the query. Parameters: team_id, user_id. The Slack edge runs it on a
# Connection of its own (bot.slack.people says why) and reads its row with `seen_in`. The
# programme is the workspace's first open one (programmes.current), its id in `programme_id`.
_programmes, _coordinators = Programme.__table__, Coordinator.__table__
_FIRST_PROGRAMME = (
    select(_programmes.c.id)
    .where(_programmes.c.team_id == bindparam("team_id"), _programmes.c.closed_at.is_(None))
    .order_by(_programmes.c.id)
    .limit(1)
    .scalar_subquery()
)
SEEN = (
    select(
        *(_members.c[name] for name in (*CARD_COLUMNS, "slack_checked_at", "slack_admin")),
        *(_places.c[name] for name in PLACE_COLUMNS),
        _programmes.c.id.label("programme_id"),
        _programmes.c.locale.label("programme_locale"),
        exists()
        .where(
            _coordinators.c.team_id == bindparam("team_id"),
            _coordinators.c.user_id == bindparam("user_id"),
        )
        .label("added_coordinator"),
    )
    .select_from(_members)
    .outerjoin(_programmes, _programmes.c.id == _FIRST_PROGRAMME)
    .outerjoin(
        _places,
        and_(_places.c.programme_id == _programmes.c.id, _places.c.user_id == _members.c.user_id),
    )
    .where(_members.c.team_id == bindparam("team_id"), _members.c.user_id == bindparam("user_id"))
)


def seen(
    session: Session, team_id: str, user_id: str, default_locale: str, now: datetime
) -> Seen | None:
    """The member with their programme's language and whether they were added as a
    coordinator; None for someone never seen."""
    row = session.execute(SEEN, {"team_id": team_id, "user_id": user_id}).first()
    return seen_in(row, default_locale, now)


def seen_in(row: Row[Any] | None, default_locale: str, now: datetime) -> Seen | None:
    """The member from a row of SEEN; None for no row."""
    if row is None:
        return None
    return Seen(
        card(row, row, default_locale, now),
        row.locale,
        row.slack_checked_at,
        row.slack_admin,
        row.programme_id,
        row.programme_locale,
        row.added_coordinator,
    )


def place_of(session: Session, programme_id: int, user_id: str) -> ProgrammeMember | None:
    """Their place in the programme; None for someone never enrolled in it."""
    return session.get(ProgrammeMember, (programme_id, user_id))


def takes_part(session: Session, programme_id: int, user_id: str) -> bool:
    """Whether the person is an active member of the programme now."""
    place = place_of(session, programme_id, user_id)
    return place is not None and place.status is MemberStatus.ACTIVE


def card(
    member: Member | Row[Any],
    place: ProgrammeMember | Row[Any] | None,
    default_locale: str,
    now: datetime,
) -> MemberCard:
    """The member (or a row of its CARD_COLUMNS) and their place in a programme (or a row of
    PLACE_COLUMNS, whose status is None for no place) for rendering; an active member inside a
    pause shows as paused."""
    status = place.status if place is not None else None
    if place is None or status is None:
        place, status = None, MemberStatus.NOT_JOINED
    paused_until = place.paused_until if place is not None else None
    paused = paused_until is not None and paused_until > now
    return MemberCard(
        user_id=member.user_id,
        status=MemberStatus.PAUSED if paused and status is MemberStatus.ACTIVE else status,
        locale=member.locale or default_locale,
        skills_offered=tuple(member.skills_offered),
        skills_wanted=tuple(member.skills_wanted),
        department=member.department,
        role_preference=place.role_preference if place is not None else None,
        career_level=member.career_level,
        about=member.about,
        meeting_start=member.meeting_start,
        meeting_end=member.meeting_end,
        meeting_days=member.meeting_days,
        meeting_form=member.meeting_form,
        holiday_country=member.holiday_country,
        time_zone=member.time_zone,
        joined_at=place.joined_at if place is not None else None,
        left_at=place.left_at if place is not None else None,
        paused_until=paused_until if paused else None,
        capacity=place.capacity if place is not None else None,
    )


def card_in(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    default_locale: str,
    now: datetime,
) -> MemberCard:
    """The person with their place in this programme, for rendering."""
    member = ensure_member(session, team_id, user_id, now)
    return card(member, place_of(session, programme_id, user_id), default_locale, now)


def validate_profile(profile: ProfileInput) -> list[FieldError]:
    """Every problem with a submitted profile, one per field."""
    errors: list[FieldError] = []
    for name, skills in (
        ("skills_offered", profile.skills_offered),
        ("skills_wanted", profile.skills_wanted),
    ):
        if any(skill not in SKILLS for skill in skills):
            errors.append(FieldError(name, "profile.error.unknown_skill"))
        elif len(skills) > MAX_SKILLS_PER_LIST:
            errors.append(FieldError(name, "profile.error.too_many", {"max": MAX_SKILLS_PER_LIST}))
        elif name == "skills_wanted" and not skills:
            errors.append(FieldError(name, "profile.error.wanted_required"))
    department = profile.department.strip()
    if not department:
        errors.append(FieldError("department", "profile.error.department_required"))
    elif len(department) > MAX_DEPARTMENT_LENGTH:
        errors.append(_too_long("department", department, MAX_DEPARTMENT_LENGTH))
    if profile.role_preference is None:
        errors.append(FieldError("role_preference", "profile.error.role_required"))
    if profile.career_level is None:
        errors.append(FieldError("career_level", "profile.error.level_required"))
    if profile.capacity is not None and not 1 <= profile.capacity <= MAX_CAPACITY:
        errors.append(FieldError("capacity", "profile.error.capacity", {"max": MAX_CAPACITY}))
    if len(profile.about.strip()) > MAX_ABOUT_LENGTH:
        errors.append(_too_long("about", profile.about.strip(), MAX_ABOUT_LENGTH))
    return errors + validate_meeting_hours(profile)


def validate_meeting_hours(profile: ProfileInput) -> list[FieldError]:
    """Every problem with the "When you can meet" part of a submitted profile: hours that end
    after they start, at least MIN_MEETING_MINUTES long (within one day), some day, a form and
    a country whose holidays are known (or none: from the time zone)."""
    errors: list[FieldError] = []
    start, end = profile.meeting_start, profile.meeting_end
    if start is None:
        errors.append(FieldError("meeting_start", "profile.error.time_required"))
    if end is None:
        errors.append(FieldError("meeting_end", "profile.error.time_required"))
    elif start is not None and end <= start:
        errors.append(FieldError("meeting_end", "profile.error.end_before_start"))
    elif start is not None and minute_of_day(end) - minute_of_day(start) < MIN_MEETING_MINUTES:
        errors.append(
            FieldError("meeting_end", "profile.error.too_short", {"minutes": MIN_MEETING_MINUTES})
        )
    if not profile.meeting_days:
        errors.append(FieldError("meeting_days", "profile.error.days_required"))
    elif not profile.meeting_days <= frozenset(WEEKDAYS):
        errors.append(FieldError("meeting_days", "profile.error.unknown_day"))
    if profile.meeting_form is None:
        errors.append(FieldError("meeting_form", "profile.error.form_required"))
    country = profile.holiday_country
    if country is not None and country not in holiday_countries():
        errors.append(FieldError("holiday_country", "profile.error.unknown_country"))
    return errors


def save_profile(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    profile: ProfileInput,
    now: datetime,
    default_locale: str,
) -> tuple[MemberCard, SaveOutcome]:
    """Store a valid profile and make the person a participant of the programme as its
    enrolment allows: at once (open, or invited), on its coordinators' approval (by approval:
    the place waits as requested), or not at all (invitation only, uninvited; a closed
    programme). An edit for one who takes part already. The stored profile as a card, and
    the outcome, logged as a member event."""
    programme = session.get(Programme, programme_id)
    place = place_of(session, programme_id, user_id)
    outcome = _enrolling(programme, team_id, place)
    member = ensure_member(session, team_id, user_id, now)
    if outcome in (SaveOutcome.NOT_INVITED, SaveOutcome.CLOSED):
        return card(member, place, default_locale, now), outcome
    for name, value in _profile_values(profile, now).items():
        setattr(member, name, value)
    if place is None:
        place = ProgrammeMember(programme_id=programme_id, user_id=user_id, team_id=team_id)
        session.add(place)
    place.role_preference = profile.role_preference
    mentors = programme is not None and programme.kind is ProgrammeKind.MENTORING
    mentoring = mentors and profile.role_preference is RolePreference.MENTOR
    place.capacity = (profile.capacity or 1) if mentoring else None
    if outcome in (SaveOutcome.JOINED, SaveOutcome.REJOINED):
        place.status, place.joined_at, place.left_at = MemberStatus.ACTIVE, now, None
    elif outcome is SaveOutcome.REQUESTED:
        place.status = MemberStatus.REQUESTED
    session.flush()
    joined = outcome in (SaveOutcome.JOINED, SaveOutcome.REJOINED)
    event = {
        "team_id": team_id,
        "user_id": user_id,
        "programme_id": programme_id if joined else None,
        "kind": _EVENT.get(outcome, MemberEventKind.PROFILE_UPDATED),
        "at": now,
    }
    session.execute(_LOG_EVENT, event)
    return card(member, place, default_locale, now), outcome


def _enrolling(
    programme: Programme | None, team_id: str, place: ProgrammeMember | None
) -> SaveOutcome:
    """What saving a profile does to someone's place in the programme."""
    if programme is None or programme.team_id != team_id or programme.closed_at is not None:
        return SaveOutcome.CLOSED
    status = place.status if place is not None else None
    if status in PARTICIPATING:
        return SaveOutcome.UPDATED
    if status in (MemberStatus.LEFT, MemberStatus.INACTIVE):  # in it before: back as they were
        return SaveOutcome.REJOINED
    if programme.enrolment is Enrolment.APPROVAL:
        return SaveOutcome.WAITING if status is MemberStatus.REQUESTED else SaveOutcome.REQUESTED
    if programme.enrolment is Enrolment.INVITE and status is not MemberStatus.INVITED:
        return SaveOutcome.NOT_INVITED
    return SaveOutcome.JOINED


_LOG_EVENT = insert(MemberEvent.__table__)  # Core: the ORM's bulk-insert path costs more


def _profile_values(profile: ProfileInput, now: datetime) -> dict[str, Any]:
    """The columns a saved profile sets, tidied (no repeated skills, no stray spaces)."""
    return {
        "skills_offered": list(dict.fromkeys(profile.skills_offered)),
        "skills_wanted": list(dict.fromkeys(profile.skills_wanted)),
        "department": " ".join(profile.department.split()),
        "career_level": profile.career_level,
        "about": profile.about.strip(),
        "meeting_start": profile.meeting_start,
        "meeting_end": profile.meeting_end,
        "meeting_days": profile.meeting_days,
        "meeting_form": profile.meeting_form,
        "holiday_country": profile.holiday_country,
        "updated_at": now,
    }


def set_capacity(
    session: Session, programme_id: int, user_id: str, capacity: int
) -> CapacityOutcome:
    """Set how many mentees a mentor takes in a mentoring programme (1 to MAX_CAPACITY); only
    for someone whose place in it is active (a pause keeps it) and who mentors there."""
    if not 1 <= capacity <= MAX_CAPACITY:
        return CapacityOutcome.OUT_OF_RANGE
    place = place_of(session, programme_id, user_id)
    if place is None or place.status is not MemberStatus.ACTIVE:
        return CapacityOutcome.NOT_ACTIVE
    programme = session.get(Programme, programme_id)
    if (
        programme is None
        or programme.kind is not ProgrammeKind.MENTORING
        or place.role_preference is not RolePreference.MENTOR
    ):
        return CapacityOutcome.NOT_MENTOR
    place.capacity = capacity
    session.flush()
    return CapacityOutcome.SET


def cannot_leave(place: ProgrammeMember | None) -> LeaveOutcome | None:
    """Why this person cannot leave (not a member, already left), or None if they can."""
    if place is None:
        return LeaveOutcome.NOT_MEMBER
    if place.status is MemberStatus.LEFT:
        return LeaveOutcome.ALREADY_LEFT
    return None


def leave(
    session: Session, team_id: str, programme_id: int, user_id: str, now: datetime
) -> LeaveOutcome:
    """End someone's participation in the programme; their profile and history stay."""
    place = place_of(session, programme_id, user_id)
    if place is not None and place.team_id != team_id:
        place = None  # another workspace's programme: nothing of theirs here
    refusal = cannot_leave(place)
    if refusal is not None or place is None:
        return refusal or LeaveOutcome.NOT_MEMBER
    place.status = MemberStatus.LEFT
    place.left_at = now
    circles.leave(session, programme_id, user_id, now)  # their circle's channel is tidied
    session.add(
        MemberEvent(
            team_id=team_id,
            programme_id=programme_id,
            user_id=user_id,
            kind=MemberEventKind.LEFT,
            at=now,
        )
    )
    session.flush()
    return LeaveOutcome.LEFT


def gone(session: Session, team_id: str, user_id: str, now: datetime) -> None:
    """Slack says their account is gone: they stop taking part in every programme, and their
    places in circles end (the clock's channel sweep takes them out of the channels)."""
    session.execute(
        update(CircleMember)
        .where(
            CircleMember.team_id == team_id,
            CircleMember.user_id == user_id,
            CircleMember.left_at.is_(None),
        )
        .values(left_at=now)
    )
    session.execute(
        update(ProgrammeMember)
        .where(
            ProgrammeMember.team_id == team_id,
            ProgrammeMember.user_id == user_id,
            ProgrammeMember.status == MemberStatus.ACTIVE,
        )
        .values(status=MemberStatus.INACTIVE)
    )


_EVENT = {
    SaveOutcome.JOINED: MemberEventKind.JOINED,
    SaveOutcome.REJOINED: MemberEventKind.REJOINED,
    SaveOutcome.UPDATED: MemberEventKind.PROFILE_UPDATED,
}


def _too_long(name: str, text: str, limit: int) -> FieldError:
    return FieldError(name, "profile.error.too_long", {"max": limit, "length": len(text)})


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def local_today(member: Member, now: datetime) -> date:
    """Today's date where the person is (UTC when their time zone is unknown)."""
    return today_in(member.time_zone, now)


def today_in(time_zone: str | None, now: datetime) -> date:
    """Today's date in an IANA time zone (UTC when it is None or unknown)."""
    if time_zone and time_zone in _zones():
        return now.astimezone(ZoneInfo(time_zone)).date()
    return now.date()
