"""Typed ORM models. Every table carries the Slack workspace id (`team_id`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.domain import (
    DEFAULT_MEETING_END,
    DEFAULT_MEETING_START,
    RESOURCE_ANY_LANGUAGE,
    RESOURCE_TITLE_MAX,
    RESOURCE_URL_MAX,
    WORKING_WEEK,
    Attendance,
    BookingStatus,
    CareerLevel,
    CircleWaitReason,
    Enrolment,
    GoalStatus,
    LearningSource,
    MeetingForm,
    MemberEventKind,
    MemberStatus,
    OutboxKind,
    OutboxStatus,
    PairingMode,
    ProgrammeKind,
    RolePreference,
    Visibility,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which forgets zones) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class MinuteOfDay(TypeDecorator[time]):
    """A local time of day (to the minute), stored as minutes after midnight.

    Not TIME: SQLite has no time type (SQLAlchemy writes text such as '09:00:00.000000' there,
    which neither compares nor defaults like PostgreSQL's TIME), while a small integer compares,
    subtracts and takes a server default the same on both."""

    impl = SmallInteger()
    cache_ok = True

    def process_bind_param(self, value: time | None, dialect: Dialect) -> int | None:
        return None if value is None else minute_of_day(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> time | None:
        return None if value is None else time(*divmod(int(value), 60))


class Weekdays(TypeDecorator[frozenset[int]]):
    """A set of weekdays (0 Monday ... 6 Sunday, as date.weekday() counts), stored as a bit
    mask: bit d is set when day d is in the set (Monday-Friday is 31).

    Not an ARRAY (PostgreSQL only) nor JSON (stored and compared as text on SQLite, as json on
    PostgreSQL): a small integer reads, compares and takes a server default the same on both."""

    impl = SmallInteger()
    cache_ok = True

    def process_bind_param(self, value: frozenset[int] | None, dialect: Dialect) -> int | None:
        return None if value is None else weekday_mask(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> frozenset[int] | None:
        if value is None:
            return None
        return frozenset(day for day in range(7) if int(value) >> day & 1)


def minute_of_day(moment: time) -> int:
    """Minutes after midnight (MinuteOfDay's stored form; seconds are dropped)."""
    return moment.hour * 60 + moment.minute


def weekday_mask(days: frozenset[int]) -> int:
    """The bit mask of a set of weekdays (Weekdays' stored form)."""
    if any(day not in range(7) for day in days):
        raise ValueError(f"weekdays are 0 (Monday) to 6 (Sunday), not {sorted(days)}")
    return sum(1 << day for day in days)


def _enum(cls: type) -> Enum:
    return Enum(
        cls,
        native_enum=False,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Workspace(Base):
    """A Slack workspace the bot serves."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when the app is uninstalled (its tokens are deleted then, its data RETENTION later);
    # cleared by a new install. Nothing is sent to a workspace while it is set.
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def programme_key() -> Mapped[int]:
    """The programme a row belongs to (its rounds, pairs, goals, messages and figures)."""
    return mapped_column(Integer, ForeignKey("programmes.id", ondelete="CASCADE"))


class Programme(Base):
    """A coaching programme of a workspace, with its own people, coordinators and settings.
    A workspace may run several at once (peer coaching, mentoring, a cohort)."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    # None: the workspace's first programme, named in each reader's language
    name: Mapped[str | None] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    kind: Mapped[ProgrammeKind] = mapped_column(
        _enum(ProgrammeKind), default=ProgrammeKind.PEER, server_default=ProgrammeKind.PEER.value
    )
    enrolment: Mapped[Enrolment] = mapped_column(
        _enum(Enrolment), default=Enrolment.OPEN, server_default=Enrolment.OPEN.value
    )
    starts_on: Mapped[date | None] = mapped_column(Date)  # a cohort's dates; evergreen: None
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str | None] = mapped_column(String(32))  # None: made by an upgrade
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # history kept
    # the modal it was made from (`/mentor programme new`): one programme a view, however
    # often it is submitted; None for one made with its workspace or by an upgrade
    view_id: Mapped[str | None] = mapped_column(String(32))
    # The pairing options used last: the defaults of the next round.
    pairing_mode: Mapped[PairingMode] = mapped_column(
        _enum(PairingMode), default=PairingMode.PEER, server_default=PairingMode.PEER.value
    )
    pairing_group_size: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    pairing_recent_rounds: Mapped[int] = mapped_column(Integer, default=6, server_default="6")
    pairing_round_weeks: Mapped[int] = mapped_column(Integer, default=12, server_default="12")
    rhythm_cadence_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    rhythm_send_hour: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    session_minutes: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    # Its settings (/mentor settings): its language, the zone its digest keeps time
    # in, and where and how often the digest goes (every 0 weeks: never on its own).
    locale: Mapped[str | None] = mapped_column(String(16))
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    digest_channel: Mapped[str | None] = mapped_column(String(32))
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    digest_every_weeks: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    digest_hour: Mapped[int] = mapped_column(Integer, default=9, server_default="9")
    # where learnings people choose to share are posted (None: no sharing offered)
    learning_channel: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_programmes_team", "team_id"),
        UniqueConstraint("team_id", "name"),
        UniqueConstraint("team_id", "view_id"),
    )


class Member(Base):
    """A person the bot knows in a workspace, with their cached Slack facts and profile."""

    __tablename__ = "members"

    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    locale: Mapped[str | None] = mapped_column(String(16))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    slack_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    skills_offered: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills_wanted: Mapped[list[str]] = mapped_column(JSON, default=list)
    department: Mapped[str] = mapped_column(String(80), default="")
    career_level: Mapped[CareerLevel | None] = mapped_column(_enum(CareerLevel))
    about: Mapped[str] = mapped_column(Text, default="")
    dm_channel: Mapped[str | None] = mapped_column(String(32))  # the bot's DM with them (D...)
    slack_admin: Mapped[bool] = mapped_column(  # a workspace admin or owner, as Slack last said
        Boolean, default=False, server_default=false()
    )
    # When they can meet (the profile's "When you can meet"): local times of day in their
    # time_zone, on these weekdays, in this form; public holidays of holiday_country (ISO
    # 3166-1 alpha-2) are not meeting days, and with no country chosen, those of the country
    # their time zone lies in. Server defaults, so rows made before these columns get them.
    meeting_start: Mapped[time] = mapped_column(
        MinuteOfDay(),
        default=DEFAULT_MEETING_START,
        server_default=str(minute_of_day(DEFAULT_MEETING_START)),
    )
    meeting_end: Mapped[time] = mapped_column(
        MinuteOfDay(),
        default=DEFAULT_MEETING_END,
        server_default=str(minute_of_day(DEFAULT_MEETING_END)),
    )
    meeting_days: Mapped[frozenset[int]] = mapped_column(
        Weekdays(), default=WORKING_WEEK, server_default=str(weekday_mask(WORKING_WEEK))
    )
    meeting_form: Mapped[MeetingForm] = mapped_column(
        _enum(MeetingForm), default=MeetingForm.EITHER, server_default=MeetingForm.EITHER.value
    )
    holiday_country: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProgrammeMember(Base):
    """Someone's place in a programme: their role, where they stand, their pause and snooze.
    Their profile (skills, department, hours, language) is the Member's, across programmes."""

    __tablename__ = "programme_members"

    programme_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[MemberStatus] = mapped_column(_enum(MemberStatus))
    role_preference: Mapped[RolePreference | None] = mapped_column(_enum(RolePreference))
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())  # a pause ends by itself
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())  # no rhythm DMs till then
    # a mentor's "how many mentees can you take" (1-5) in a mentoring programme; else None
    capacity: Mapped[int | None] = mapped_column(SmallInteger)

    __table_args__ = (
        ForeignKeyConstraint(
            ["team_id", "user_id"], ["members.team_id", "members.user_id"], ondelete="CASCADE"
        ),
        Index("ix_programme_members_status", "programme_id", "status"),
        Index("ix_programme_members_member", "team_id", "user_id"),
    )


class MemberEvent(Base):
    """The membership history: joins, profile edits and departures, never rewritten."""

    __tablename__ = "member_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    # the programme joined or left; None for a profile edit, which is the person's own
    programme_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("programmes.id", ondelete="CASCADE")
    )
    user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[MemberEventKind] = mapped_column(_enum(MemberEventKind))
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        ForeignKeyConstraint(
            ["team_id", "user_id"], ["members.team_id", "members.user_id"], ondelete="CASCADE"
        ),
        Index("ix_member_events_team_at", "team_id", "at"),
        Index("ix_member_events_member", "team_id", "user_id"),
    )


class Avoid(Base):
    """Someone's private "never pair me with" list: one row per person they avoid."""

    __tablename__ = "avoids"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    avoided_user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        ForeignKeyConstraint(
            ["team_id", "user_id"], ["members.team_id", "members.user_id"], ondelete="CASCADE"
        ),
    )


class RoundDraft(Base):
    """A previewed round: exactly what Confirm will create, kept until confirmed or replaced."""

    __tablename__ = "round_drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    programme_id: Mapped[int] = programme_key()
    created_by: Mapped[str] = mapped_column(String(32))
    mode: Mapped[PairingMode] = mapped_column(_enum(PairingMode))
    group_size: Mapped[int] = mapped_column(Integer)
    recent_rounds: Mapped[int] = mapped_column(Integer)
    round_weeks: Mapped[int] = mapped_column(Integer)
    after_round_id: Mapped[int | None] = mapped_column(Integer)  # the latest round when drafted
    groups: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    unplaced: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_round_drafts_programme", "programme_id"),)


class Round(Base):
    """A confirmed pairing round."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    programme_id: Mapped[int] = programme_key()
    number: Mapped[int] = mapped_column(Integer)
    draft_id: Mapped[str] = mapped_column(String(36))
    mode: Mapped[PairingMode] = mapped_column(_enum(PairingMode))
    group_size: Mapped[int] = mapped_column(Integer)
    recent_rounds: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("team_id", "draft_id"),  # one preview confirmed twice: one round
        UniqueConstraint("programme_id", "number"),
    )


class Pair(Base):
    """A pair or triad of a round, with why it was made and where its intro went."""

    __tablename__ = "pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    round_id: Mapped[int] = mapped_column(Integer, ForeignKey("rounds.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # ended early (re-paired)
    conversation_id: Mapped[str | None] = mapped_column(String(32))
    intro_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_pairs_programme_round", "programme_id", "round_id"),)


class PairMember(Base):
    """Who is in a pair, and in which order they take turns coaching (0 coaches first)."""

    __tablename__ = "pair_members"

    pair_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    coach_order: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_pair_members_member", "team_id", "user_id"),)


class Unpaired(Base):
    """Someone a round could not place, and why: first in line for the next round."""

    __tablename__ = "unpaired"

    round_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(24))
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RoundProgress(Base):
    """The message that shows the coordinator who confirmed a round its intros going out."""

    __tablename__ = "round_progress"

    round_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))  # the coordinator who confirmed it
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    shown: Mapped[str] = mapped_column(String(64), default="")  # the figures the message shows
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # all sent, or given up


class PartnerRequest(Base):
    """A participant asked for a new partner; the reason is for coordinators only."""

    __tablename__ = "partner_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int] = mapped_column(Integer, ForeignKey("pairs.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    new_pair_id: Mapped[int | None] = mapped_column(Integer)  # set when re-paired
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("team_id", "pair_id", "user_id"),  # one request per person and pair
        Index("ix_partner_requests_open", "team_id", "resolved_at"),
    )


class Goal(Base):
    """A SMART goal someone set; completed goals stay as history."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    user_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="SET NULL")
    )
    what: Mapped[str] = mapped_column(Text)
    skill: Mapped[str | None] = mapped_column(String(48))
    why: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[str] = mapped_column(Text)
    target_date: Mapped[date] = mapped_column(Date)
    visibility: Mapped[Visibility] = mapped_column(_enum(Visibility))
    status: Mapped[GoalStatus] = mapped_column(_enum(GoalStatus))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        ForeignKeyConstraint(
            ["team_id", "user_id"], ["members.team_id", "members.user_id"], ondelete="CASCADE"
        ),
        Index("ix_goals_owner", "team_id", "user_id"),
        Index("ix_goals_programme", "programme_id"),
    )


class GoalStatusChange(Base):
    """Every status a goal had, with when and from where it was set."""

    __tablename__ = "goal_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    goal_id: Mapped[int] = mapped_column(Integer, ForeignKey("goals.id", ondelete="CASCADE"))
    status: Mapped[GoalStatus] = mapped_column(_enum(GoalStatus))
    source: Mapped[str] = mapped_column(String(16))  # home, checkin, nudge, created
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_goal_status_changes_goal", "goal_id"),)


class Meeting(Base):
    """One coaching session of a pair, as its members logged it (one log each)."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    pair_id: Mapped[int] = mapped_column(Integer, ForeignKey("pairs.id", ondelete="CASCADE"))
    session_date: Mapped[date] = mapped_column(Date)
    contradictory: Mapped[bool] = mapped_column(Boolean, default=False)
    # someone logged it as held (attendance "met"): kept with the logs, read by the figures
    held: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_meetings_pair_date", "pair_id", "session_date"),
        Index("ix_meetings_programme_date", "programme_id", "session_date", "held", "pair_id"),
    )


LIVE_BOOKING = text("status = 'booked'")


class Booking(Base):
    """A session a pair booked: when, in which form, and its invitation's SEQUENCE."""

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    pair_id: Mapped[int] = mapped_column(Integer, ForeignKey("pairs.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    form: Mapped[MeetingForm] = mapped_column(_enum(MeetingForm))  # agreed from preferences
    status: Mapped[BookingStatus] = mapped_column(_enum(BookingStatus))
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # the invitation's SEQUENCE
    booked_by: Mapped[str] = mapped_column(String(32))
    updated_by: Mapped[str] = mapped_column(String(32))  # who moved or cancelled it last
    message_ts: Mapped[str | None] = mapped_column(String(32))  # the Booked message
    # a series ("every two weeks at this time"): the days between sessions, and the last
    # start allowed (the round's end); both None for a single session
    every_days: Mapped[int | None] = mapped_column(Integer)
    repeat_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        # one live booking a pair: two clicks at once make one, whatever slots they chose
        Index(
            "uq_bookings_live",
            "team_id",
            "pair_id",
            unique=True,
            sqlite_where=LIVE_BOOKING,
            postgresql_where=LIVE_BOOKING,
        ),
        Index("ix_bookings_pair", "team_id", "pair_id", "starts_at"),
        # the digest reads a programme's bookings of the cycle: measured with 20 programmes of
        # 5,000 (928,000 bookings), 78 ms scanning them all on PostgreSQL, 6 ms by this index
        Index("ix_bookings_programme", "programme_id", "starts_at"),
    )


class CheckinLog(Base):
    """One member's account of a meeting. The rating is theirs alone."""

    __tablename__ = "checkin_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    meeting_id: Mapped[int] = mapped_column(Integer, ForeignKey("meetings.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(32))
    attendance: Mapped[Attendance] = mapped_column(_enum(Attendance))
    session_date: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int | None] = mapped_column(Integer)
    coach: Mapped[str | None] = mapped_column(String(32))
    worked_on: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("meeting_id", "author"),  # a second submission edits, never doubles
        Index("ix_checkin_logs_author", "team_id", "author"),
        Index("ix_checkin_logs_programme_submitted", "programme_id", "submitted_at"),
    )


class Reflection(Base):
    """A private reflection; shared with the partner(s) only when its author says so."""

    __tablename__ = "reflections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    user_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="SET NULL")
    )
    prompt: Mapped[str] = mapped_column(String(48))
    text: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    view_id: Mapped[str] = mapped_column(String(32))  # the modal it came from: one per view
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        ForeignKeyConstraint(
            ["team_id", "user_id"], ["members.team_id", "members.user_id"], ondelete="CASCADE"
        ),
        UniqueConstraint("team_id", "view_id"),
        Index("ix_reflections_author", "team_id", "user_id"),
    )


class Learning(Base):
    """A learning someone chose to share in the programme's learning channel, named or
    anonymous. Its author is kept (for their export and forget-me) and shown only when named;
    forgetting them clears it. One per sharing modal (`view_id`): a retry posts nothing more."""

    __tablename__ = "learnings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    user_id: Mapped[str | None] = mapped_column(String(32))  # None: its author was forgotten
    anonymous: Mapped[bool] = mapped_column(Boolean)
    text: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(16))  # the language it was posted in
    source: Mapped[LearningSource] = mapped_column(_enum(LearningSource))
    view_id: Mapped[str] = mapped_column(String(32))  # the sharing modal: one post a modal
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))  # None: being posted
    permalink: Mapped[str | None] = mapped_column(String(500))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("team_id", "view_id"),
        Index("ix_learnings_programme_posted", "programme_id", "posted_at"),
        Index("ix_learnings_author", "team_id", "user_id"),
    )


class Kudos(Base):
    """A thank-you after a session; only counts ever leave the pair."""

    __tablename__ = "kudos"

    meeting_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    sender: Mapped[str] = mapped_column(String(32), primary_key=True)
    receiver: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_kudos_programme_sent", "programme_id", "sent_at"),)


class Outbox(Base):
    """A scheduled message: sent at most once (unique key), never silently lost (a row)."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[OutboxKind] = mapped_column(_enum(OutboxKind))
    period: Mapped[str] = mapped_column(String(64))  # e.g. pair12/p3: which prompt of which pair
    ref_id: Mapped[int] = mapped_column(Integer)  # the pair (prompt, reminder) or round (wrap-up)
    number: Mapped[int] = mapped_column(Integer, default=0)  # the prompt's number
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[OutboxStatus] = mapped_column(_enum(OutboxStatus))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claim: Mapped[str | None] = mapped_column(String(36))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("programme_id", "user_id", "kind", "period"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_member", "team_id", "user_id", "due_at"),
    )


class Coordinator(Base):
    """Someone a coordinator made a coordinator (`/mentor admin add`)."""

    __tablename__ = "coordinators"

    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    programme_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    added_by: Mapped[str] = mapped_column(String(32))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Digest(Base):
    """A digest of programme health posted to the coordinators' channel, with its figures (the
    next digest shows the change since this one). Scheduled ones are unique per period."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    programme_id: Mapped[int] = programme_key()
    period: Mapped[str] = mapped_column(String(40))  # the scheduled slot, or manual/<uuid>
    channel: Mapped[str] = mapped_column(String(32))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("programme_id", "period"),
        Index("ix_digests_programme_posted", "programme_id", "posted_at"),
    )


class FeedbackAnswer(Base):
    """One anonymous answer to a feedback survey. No user id: `respondent` is a keyed hash of
    (workspace, survey, person) whose only use is to refuse a second answer."""

    __tablename__ = "feedback_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    programme_id: Mapped[int] = programme_key()
    survey: Mapped[str] = mapped_column(String(40))  # e.g. round3 or round3/d60
    respondent: Mapped[str] = mapped_column(String(64))
    growth: Mapped[int] = mapped_column(Integer)  # 1-5: did it help your growth
    supported: Mapped[int] = mapped_column(Integer)  # 1-5: do you feel supported
    recommend: Mapped[int] = mapped_column(Integer)  # 0-10: would you recommend it
    partner_uses: Mapped[int | None] = mapped_column(Integer)  # 1-5, mentors only
    comment: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("programme_id", "survey", "respondent"),)


class Resource(Base):
    """A link in a programme's resource library: what it is, why it helps, the skills it
    builds and its language. A removed one stays (its opens still count) but is no longer
    listed or suggested."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    programme_id: Mapped[int] = programme_key()
    title: Mapped[str] = mapped_column(String(RESOURCE_TITLE_MAX))
    url: Mapped[str] = mapped_column(String(RESOURCE_URL_MAX))
    why: Mapped[str] = mapped_column(Text, default="")
    # a supported locale, or RESOURCE_ANY_LANGUAGE
    language: Mapped[str] = mapped_column(String(16), default=RESOURCE_ANY_LANGUAGE)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # the modal it was added from: one resource a view, however often Slack sends it
    view_id: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_resources_programme", "programme_id", "removed_at"),
        UniqueConstraint("team_id", "view_id"),
    )


class ResourceSkill(Base):
    """A skill a resource builds (a key of domain.SKILLS): what suggestions match on."""

    __tablename__ = "resource_skills"

    resource_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(String(48), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()

    __table_args__ = (Index("ix_resource_skills_programme", "programme_id", "skill"),)


class ResourceOpen(Base):
    """How often a resource was opened in an hour (UTC): a count, and nothing of who."""

    __tablename__ = "resource_opens"

    resource_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    hour: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    opens: Mapped[int] = mapped_column(Integer, default=0)

    # resource_id and opens in the index: the digest's most opened sums a cycle's opens (about
    # 5,000 rows of a busy library) from the index alone, without a lookup of each row
    __table_args__ = (
        Index("ix_resource_opens_programme", "programme_id", "hour", "resource_id", "opens"),
    )


class SessionGuide(Base):
    """One session guide of a programme whose coordinators edited its journey (a programme
    with none follows the default journey of its kind: bot/services/guides.py)."""

    __tablename__ = "session_guides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    position: Mapped[int] = mapped_column(Integer)  # from 1
    minutes: Mapped[int] = mapped_column(Integer)  # the suggested length of the session

    __table_args__ = (UniqueConstraint("programme_id", "position"),)


class SessionGuideText(Base):
    """A session guide in one language (one row per locale, so more languages can come)."""

    __tablename__ = "session_guide_texts"

    guide_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("session_guides.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(8), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    title: Mapped[str] = mapped_column(String(80))
    purpose: Mapped[str] = mapped_column(String(300))
    questions: Mapped[str] = mapped_column(Text)  # one a line

    __table_args__ = (Index("ix_session_guide_texts_programme", "programme_id"),)


OPEN_PLACE = text("left_at IS NULL")


class Circle(Base):
    """A circle of a circles programme: 4-8 people around a topic, with its private channel.
    Closed circles (and their channels, archived) stay as history."""

    __tablename__ = "circles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    topic: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    min_size: Mapped[int] = mapped_column(SmallInteger)
    max_size: Mapped[int] = mapped_column(SmallInteger)
    # where it came from, so a retried submission or confirmation makes it once: the modal's
    # view id for one made by hand, "<draft id>/<n>" for the n-th circle a formation made
    origin: Mapped[str] = mapped_column(String(48))
    channel_id: Mapped[str | None] = mapped_column(String(32))  # None: not opened yet
    intro_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its channel archived

    __table_args__ = (
        UniqueConstraint("team_id", "origin"),
        Index("ix_circles_programme", "programme_id", "closed_at"),
    )


class CircleSkill(Base):
    """A skill of the catalogue a circle is about (what forming matches people by)."""

    __tablename__ = "circle_skills"

    circle_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(String(48), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))


class CircleMember(Base):
    """Someone's place in a circle, and their turn to facilitate (0 facilitates first).
    Leaving keeps the row (left_at); a person has one open place a programme at most."""

    __tablename__ = "circle_members"

    circle_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    rotation: Mapped[int] = mapped_column(Integer)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # in the circle's channel, as the bot last made it (invited, or removed after leaving)
    in_channel: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        # one open circle a person and programme: two joins at once place them once
        Index(
            "uq_circle_members_open",
            "programme_id",
            "user_id",
            unique=True,
            sqlite_where=OPEN_PLACE,
            postgresql_where=OPEN_PLACE,
        ),
        Index("ix_circle_members_member", "team_id", "user_id"),
    )


class CircleSession(Base):
    """A session a circle held, logged by its facilitator or any member: one a circle and
    date, however many log it."""

    __tablename__ = "circle_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    circle_id: Mapped[int] = mapped_column(Integer, ForeignKey("circles.id", ondelete="CASCADE"))
    session_date: Mapped[date] = mapped_column(Date)
    facilitator: Mapped[str | None] = mapped_column(String(32))  # None: forgotten
    logged_by: Mapped[str | None] = mapped_column(String(32))  # the first to log it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("circle_id", "session_date"),
        Index("ix_circle_sessions_programme_date", "programme_id", "session_date"),
    )


class CircleAttendance(Base):
    """Whether a member of the circle attended one of its sessions."""

    __tablename__ = "circle_attendance"

    session_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("circle_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    attended: Mapped[bool] = mapped_column(Boolean)


class CircleDraft(Base):
    """Circles the bot proposed to form: exactly what Confirm will create."""

    __tablename__ = "circle_drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = programme_key()
    created_by: Mapped[str] = mapped_column(String(32))
    circles: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    unplaced: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    fit: Mapped[float] = mapped_column(Float)  # the result's value against its bound
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_circle_drafts_programme", "programme_id"),)


class CircleWaiting(Base):
    """Someone forming circles could not place, and why: first in line next time."""

    __tablename__ = "circle_waiting"

    programme_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    reason: Mapped[CircleWaitReason] = mapped_column(_enum(CircleWaitReason))
    since: Mapped[datetime] = mapped_column(UTCDateTime())


class SlackEvent(Base):
    """An Events API delivery already handled: Slack retries one it thinks was missed, and a
    retry with a known event_id is acknowledged and dropped (across processes)."""

    __tablename__ = "slack_events"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_slack_events_received", "received_at"),)


class WorkflowRun(Base):
    """A Workflow Builder step's run that did its work, with the outputs it completed with: a
    run Slack delivers again (a retry, or a new event for the same execution) does no work
    twice and completes with the same outputs."""

    __tablename__ = "workflow_runs"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    execution_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    step: Mapped[str] = mapped_column(String(64))  # the function's callback_id
    outputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_workflow_runs_done", "done_at"),)


class SchedulerLease(Base):
    """Which clock process runs the schedule; another waits until the lease expires."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


# The tables of slack_sdk's SQLAlchemy installation and OAuth state stores, declared here so
# that our Alembic migrations create and change them. The tokens in them are encrypted
# (bot/slack/installations.py), and the ciphertext is longer than the token it holds.
SEALED_TOKEN = String(1000)
slack_installations = SQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, "slack_installations"
)
slack_bots = SQLAlchemyInstallationStore.build_bots_table(Base.metadata, "slack_bots")
for _table in (slack_installations, slack_bots):
    for _column in _table.columns:
        if _column.name.endswith(("_token", "_refresh_token")):
            _column.type = SEALED_TOKEN
slack_oauth_states = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    Base.metadata, "slack_oauth_states"
)
