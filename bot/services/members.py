"""Members: who the bot knows, their cached Slack facts, profiles, joining and leaving."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import Row, bindparam, exists, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from bot.domain import (
    MAX_ABOUT_LENGTH,
    MAX_DEPARTMENT_LENGTH,
    MAX_SKILLS_PER_LIST,
    MIN_MEETING_MINUTES,
    PROFILE_FIELDS,
    SKILLS,
    WEEKDAYS,
    MemberCard,
    MemberEventKind,
    MemberStatus,
    ProfileInput,
)
from bot.locale_names import holiday_countries
from bot.models import Coordinator, Member, MemberEvent, PairMember, Workspace, minute_of_day
from bot.services.sql import insert_ignore
from bot.services.working_hours import Hours

SLACK_FACTS_TTL = timedelta(hours=24)
_members = Member.__table__

# What a MemberCard is made of.
CARD_COLUMNS = (
    "user_id",
    "status",
    "locale",
    "time_zone",
    *PROFILE_FIELDS,
    "joined_at",
    "left_at",
    "paused_until",
)


PARTICIPATING = (MemberStatus.ACTIVE, MemberStatus.PAUSED)  # whose profile edit is an edit


class SaveOutcome(enum.StrEnum):
    JOINED = "joined"
    REJOINED = "rejoined"
    UPDATED = "updated"


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
    insert_ignore(session, Workspace, team_id=team_id, created_at=now)
    insert_ignore(
        session,
        Member,
        team_id=team_id,
        user_id=user_id,
        status=MemberStatus.NOT_JOINED,
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
    programme_locale: str | None  # the programme's language, a setting
    added_coordinator: bool  # made a coordinator with `/mentor admin add`


# Built once, of tables' columns (not mapped classes, so it runs on SQLAlchemy's Core path,
# without the ORM's compile step): every request runs it, and building the statement, or loading
# an entity, costs more than the query. Parameters: team_id, user_id. The Slack edge runs it on a
# Connection of its own (bot.slack.people says why) and reads its row with `seen_in`.
_workspaces, _coordinators = Workspace.__table__, Coordinator.__table__
SEEN = (
    select(
        *(
            _members.c[name]
            for name in (
                *CARD_COLUMNS,
                "slack_checked_at",
                "slack_admin",
            )
        ),
        _workspaces.c.locale.label("programme_locale"),
        exists()
        .where(
            _coordinators.c.team_id == bindparam("team_id"),
            _coordinators.c.user_id == bindparam("user_id"),
        )
        .label("added_coordinator"),
    )
    .outerjoin(_workspaces, _workspaces.c.team_id == _members.c.team_id)
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
        card(row, default_locale, now),
        row.locale,
        row.slack_checked_at,
        row.slack_admin,
        row.programme_locale,
        row.added_coordinator,
    )


def card(member: Member | Row[Any], default_locale: str, now: datetime) -> MemberCard:
    """The member (or a row of its CARD_COLUMNS) for rendering; an active member inside a pause
    shows as paused."""
    paused = member.paused_until is not None and member.paused_until > now
    return MemberCard(
        user_id=member.user_id,
        status=MemberStatus.PAUSED
        if paused and member.status is MemberStatus.ACTIVE
        else member.status,
        locale=member.locale or default_locale,
        skills_offered=tuple(member.skills_offered),
        skills_wanted=tuple(member.skills_wanted),
        department=member.department,
        role_preference=member.role_preference,
        career_level=member.career_level,
        about=member.about,
        meeting_start=member.meeting_start,
        meeting_end=member.meeting_end,
        meeting_days=member.meeting_days,
        meeting_form=member.meeting_form,
        holiday_country=member.holiday_country,
        time_zone=member.time_zone,
        joined_at=member.joined_at,
        left_at=member.left_at,
        paused_until=member.paused_until if paused else None,
    )


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
    user_id: str,
    profile: ProfileInput,
    now: datetime,
    default_locale: str,
) -> tuple[MemberCard, SaveOutcome]:
    """Store a valid profile and make the person an active participant (an edit for one who
    is already); the stored profile as a card, and the outcome, logged as a member event."""
    values = _profile_values(profile, now)
    edit = {"of_team": team_id, "of_user": user_id, **{f"new_{k}": v for k, v in values.items()}}
    edited = session.execute(_EDIT, edit).first()
    if edited is not None:
        outcome = SaveOutcome.UPDATED
        stored = card(edited, default_locale, now)
        loaded = session.identity_map.get(identity_key(Member, (team_id, user_id)))
        if loaded is not None:  # a Member this session read before holds the old values
            session.expire(loaded)
    else:
        member = ensure_member(session, team_id, user_id, now)
        left = member.status is MemberStatus.LEFT
        outcome = SaveOutcome.REJOINED if left else SaveOutcome.JOINED
        for name, value in values.items():
            setattr(member, name, value)
        member.status = MemberStatus.ACTIVE
        member.joined_at = now
        member.left_at = None
        stored = card(member, default_locale, now)
    event = {"team_id": team_id, "user_id": user_id, "kind": _EVENT[outcome], "at": now}
    session.execute(_LOG_EVENT, event)
    return stored, outcome


# A participant's profile edit: one UPDATE ... RETURNING what a card shows. Built once, of the
# table (not the mapped class), with bound values, so the Session runs it on SQLAlchemy's Core
# path: building a statement per request, or loading the member as an entity (the ORM's
# bulk-update path, the identity map, and the reference cycles the collector then walks), cost
# more CPU than the query, and every profile save runs it.
_EDIT = (
    update(_members)
    .where(
        _members.c.team_id == bindparam("of_team"),
        _members.c.user_id == bindparam("of_user"),
        _members.c.status.in_(PARTICIPATING),
    )
    .values({name: bindparam(f"new_{name}") for name in (*PROFILE_FIELDS, "updated_at")})
    .returning(*(_members.c[name] for name in CARD_COLUMNS))
)
_LOG_EVENT = insert(MemberEvent.__table__)  # Core: the ORM's bulk-insert path costs more


def _profile_values(profile: ProfileInput, now: datetime) -> dict[str, Any]:
    """The columns a saved profile sets, tidied (no repeated skills, no stray spaces)."""
    return {
        "skills_offered": list(dict.fromkeys(profile.skills_offered)),
        "skills_wanted": list(dict.fromkeys(profile.skills_wanted)),
        "department": " ".join(profile.department.split()),
        "role_preference": profile.role_preference,
        "career_level": profile.career_level,
        "about": profile.about.strip(),
        "meeting_start": profile.meeting_start,
        "meeting_end": profile.meeting_end,
        "meeting_days": profile.meeting_days,
        "meeting_form": profile.meeting_form,
        "holiday_country": profile.holiday_country,
        "updated_at": now,
    }


def cannot_leave(member: Member | None) -> LeaveOutcome | None:
    """Why this person cannot leave (not a member, already left), or None if they can."""
    if member is None or member.status is MemberStatus.NOT_JOINED:
        return LeaveOutcome.NOT_MEMBER
    if member.status is MemberStatus.LEFT:
        return LeaveOutcome.ALREADY_LEFT
    return None


def leave(session: Session, team_id: str, user_id: str, now: datetime) -> LeaveOutcome:
    """End someone's participation; their profile and history stay."""
    member = session.get(Member, (team_id, user_id))
    refusal = cannot_leave(member)
    if refusal is not None or member is None:
        return refusal or LeaveOutcome.NOT_MEMBER
    member.status = MemberStatus.LEFT
    member.left_at = now
    member.updated_at = now
    session.add(MemberEvent(team_id=team_id, user_id=user_id, kind=MemberEventKind.LEFT, at=now))
    session.flush()
    return LeaveOutcome.LEFT


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
    if member.time_zone and member.time_zone in _zones():
        return now.astimezone(ZoneInfo(member.time_zone)).date()
    return now.date()
