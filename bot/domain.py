"""Enums and value types shared by services and blocks."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time


class MemberStatus(enum.StrEnum):
    """Where someone stands in a programme (their enrolment's status)."""

    NOT_JOINED = "not_joined"  # never stored: known to the bot, never enrolled in the programme
    ACTIVE = "active"
    PAUSED = "paused"  # never stored: an active member whose paused_until is in the future
    LEFT = "left"
    INACTIVE = "inactive"  # Slack says the account is gone (account_inactive, user_not_found)
    REQUESTED = "requested"  # asked to join a programme by approval; its coordinators decide
    DECLINED = "declined"  # a request its coordinators declined
    INVITED = "invited"  # a coordinator invited them; they have not confirmed yet


class ProgrammeKind(enum.StrEnum):
    PEER = "peer"  # peer coaching: colleagues coach each other in turns
    MENTORING = "mentoring"  # mentors and mentees; a mentor may take several mentees
    CIRCLES = "circles"  # circles of 4-8 around a topic, with a facilitator who rotates


class Enrolment(enum.StrEnum):
    """How people come into a programme."""

    OPEN = "open"  # anyone joins
    APPROVAL = "approval"  # a request the programme's coordinators approve or decline
    INVITE = "invite"  # only those a coordinator invites, who confirm with a click


class RolePreference(enum.StrEnum):
    PEER = "peer"
    MENTOR = "mentor"
    MENTEE = "mentee"


class CareerLevel(enum.StrEnum):
    EARLY = "early"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"
    EXECUTIVE = "executive"


class PairingMode(enum.StrEnum):
    PEER = "peer"  # anyone with anyone
    MENTORING = "mentoring"  # across roles: a mentor (or peer) with a mentee (or peer)
    CROSS_GROUP = "cross_group"  # only across departments
    WITHIN_GROUP = "within_group"  # only inside each department


class MeetingForm(enum.StrEnum):
    """How a person prefers to meet their partner."""

    IN_PERSON = "in_person"
    VIDEO = "video"
    EITHER = "either"


class BookingStatus(enum.StrEnum):
    """Where a booked session stands. A pair has at most one BOOKED session (a partial unique
    index); one whose time has gone by is marked PAST when the pair books its next."""

    BOOKED = "booked"
    CANCELLED = "cancelled"
    PAST = "past"


class CancelReason(enum.StrEnum):
    """Why the bot cancelled a booking when its group ended or lost a member (no member
    cancelled it): what the Cancelled message says."""

    LEFT = "left"  # a member left the programme
    NEW_PARTNER = "new_partner"  # a member asked for a new partner: the group ended
    FORGOTTEN = "forgotten"  # a member asked to be forgotten (and is not named)
    CLOSED = "closed"  # a coordinator closed the programme


class LearningSource(enum.StrEnum):
    """Where a shared learning was offered from."""

    CHECKIN = "checkin"
    REFLECTION = "reflection"


class GoalStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    COMPLETED = "completed"


class Visibility(enum.StrEnum):
    PARTNER = "partner"  # my partner(s) see it too
    PRIVATE = "private"  # only me


class Attendance(enum.StrEnum):
    MET = "met"
    NOT_YET = "not_yet"
    CANCELLED = "cancelled"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a sender; Slack may or may not have it yet
    SENT = "sent"
    FAILED = "failed"  # a permanent error, recorded
    SKIPPED = "skipped"  # not to be sent (the weekly cap, a pause): kept so it never is


class OutboxKind(enum.StrEnum):
    PROMPT = "prompt"  # the fortnightly reflection prompt
    REMINDER = "reminder"  # no check-in four days after the prompt
    WRAPUP = "wrapup"  # the round has ended
    SURVEY = "survey"  # the anonymous feedback survey: a round's end, or 60 days into it
    NUDGE = "nudge"  # a coordinator nudged an at-risk pair from the digest
    INTRO = "intro"  # a new group's intro: ref_id is the pair, user_id its first coach
    UNPLACED = "unplaced"  # "a round could not place you": ref_id is the round
    CIRCLE_UNPLACED = "circle_unplaced"  # "forming circles could not place you": ref_id is
    # the programme, period "circles/<draft id>"
    # A booked session's reminder, scheduled in Slack (chat.scheduleMessage) to post 15 minutes
    # before it: ref_id the booking, number its SEQUENCE, due_at the post time; once scheduled
    # the row keeps Slack's channel and scheduled_message_id (in `ts`)
    SESSION_REMINDER = "session_reminder"
    # Deleting that scheduled reminder (chat.deleteScheduledMessage) after the booking changed:
    # ref_id the reminder's outbox row
    UNSCHEDULE = "unschedule"
    MET_CHECK = "met_check"  # "Did you meet?" after a session: ref_id the booking, due its end
    # A circle's prompt each cycle, posted into the circle's channel: ref_id the circle, user_id
    # the facilitator of its next session when planned, period "circle<id>/p<n>"
    CIRCLE_PROMPT = "circle_prompt"


class MemberEventKind(enum.StrEnum):
    JOINED = "joined"
    REJOINED = "rejoined"
    PROFILE_UPDATED = "profile_updated"
    LEFT = "left"


# The skill catalogue: group -> skill keys. Labels live in the locale catalogues
# (skill_group.<group>, skill.<key>), so every skill exists in English and Swedish.
SKILL_GROUPS: dict[str, tuple[str, ...]] = {
    "communication": (
        "public_speaking",
        "writing",
        "storytelling",
        "giving_feedback",
        "difficult_conversations",
        "negotiation",
    ),
    "leadership": (
        "leading_teams",
        "delegation",
        "coaching_others",
        "decision_making",
        "strategy",
        "change_management",
    ),
    "ways_of_working": (
        "time_management",
        "prioritisation",
        "project_management",
        "facilitation",
        "remote_collaboration",
        "stakeholder_management",
    ),
    "craft": (
        "software_engineering",
        "data_analysis",
        "product_management",
        "design",
        "sales",
        "customer_success",
        "finance",
        "marketing",
    ),
    "growth": (
        "career_planning",
        "confidence",
        "networking",
        "work_life_balance",
        "learning_to_learn",
        "resilience",
    ),
    "inclusion": (
        "inclusive_leadership",
        "cross_cultural_work",
        "mentoring_across_differences",
    ),
}
SKILLS: tuple[str, ...] = tuple(skill for group in SKILL_GROUPS.values() for skill in group)

# A profile's fields: the profile modal's inputs (by block_id) and the member's columns.
PROFILE_FIELDS = (
    "skills_offered",
    "skills_wanted",
    "department",
    "role_preference",
    "career_level",
    "about",
    "meeting_start",
    "meeting_end",
    "meeting_days",
    "meeting_form",
    "holiday_country",
)
MAX_SKILLS_PER_LIST = 10
MAX_CAPACITY = 5  # the most mentees a mentor takes in a mentoring programme
MAX_DEPARTMENT_LENGTH = 80
MAX_ABOUT_LENGTH = 500

# Meeting hours: local times of day in the person's time zone, on weekdays counted as
# date.weekday() counts them (0 Monday ... 6 Sunday).
DEFAULT_MEETING_START = time(9, 0)
DEFAULT_MEETING_END = time(17, 0)
WORKING_WEEK: frozenset[int] = frozenset(range(5))  # Monday to Friday
WEEKDAYS = tuple(range(7))
MIN_MEETING_MINUTES = 30  # the shortest span of hours a slot fits in


@dataclass(frozen=True)
class ProgrammeCard:
    """A programme as blocks show it."""

    id: int
    name: str | None  # None: the workspace's first programme, named in each reader's language
    description: str = ""
    kind: ProgrammeKind = ProgrammeKind.PEER
    enrolment: Enrolment = Enrolment.OPEN
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class JoinOffer:
    """A programme someone may join, and where they stand in it now (None: never asked)."""

    programme: ProgrammeCard
    status: MemberStatus | None = None


@dataclass(frozen=True)
class ProfileInput:
    """What a person enters in the profile modal, already parsed from the payload."""

    skills_offered: tuple[str, ...]
    skills_wanted: tuple[str, ...]
    department: str
    role_preference: RolePreference | None
    career_level: CareerLevel | None
    about: str
    meeting_start: time | None = DEFAULT_MEETING_START  # None: no time chosen
    meeting_end: time | None = DEFAULT_MEETING_END
    meeting_days: frozenset[int] = WORKING_WEEK
    meeting_form: MeetingForm | None = MeetingForm.EITHER
    holiday_country: str | None = None  # ISO 3166-1 alpha-2; None: from their time zone
    capacity: int | None = None  # a mentor's mentees at most, in a mentoring programme (1-5)


@dataclass(frozen=True)
class MemberCard:
    """A member as blocks render them: plain values, no ORM."""

    user_id: str
    status: MemberStatus
    locale: str
    skills_offered: tuple[str, ...] = ()
    skills_wanted: tuple[str, ...] = ()
    department: str = ""
    role_preference: RolePreference | None = None
    career_level: CareerLevel | None = None
    about: str = ""
    joined_at: datetime | None = None
    left_at: datetime | None = None
    paused_until: datetime | None = None
    meeting_start: time = DEFAULT_MEETING_START
    meeting_end: time = DEFAULT_MEETING_END
    meeting_days: frozenset[int] = WORKING_WEEK
    meeting_form: MeetingForm = MeetingForm.EITHER
    holiday_country: str | None = None  # None: the country of their time zone
    time_zone: str | None = None  # their Slack time zone, as last cached
    capacity: int | None = None  # as a mentor in a mentoring programme: mentees at most

    @property
    def is_participant(self) -> bool:
        return self.status in (MemberStatus.ACTIVE, MemberStatus.PAUSED)

    @property
    def has_profile(self) -> bool:
        return bool(self.skills_wanted)


@dataclass(frozen=True)
class Exchange:
    """`giver` offers `skills` that `taker` wants to develop."""

    giver: str
    taker: str
    skills: tuple[str, ...]


@dataclass(frozen=True)
class GroupSummary:
    """A pair or triad, and why its members fit: what blocks show of a group."""

    members: tuple[str, ...]  # in coaching order: members[0] coaches first
    exchanges: tuple[Exchange, ...]
    departments: tuple[str, ...]
    shared_hours: float | None

    @property
    def first_coach(self) -> str:
        return self.members[0]


@dataclass(frozen=True)
class PairingCard:
    """Someone's current group in a running round."""

    pair_id: int
    round_number: int
    starts_at: datetime
    ends_at: datetime
    group: GroupSummary
    viewer: str

    @property
    def partners(self) -> tuple[str, ...]:
        return tuple(m for m in self.group.members if m != self.viewer)


@dataclass(frozen=True)
class RoundOptions:
    """How a coordinator asks a round to be made."""

    mode: PairingMode = PairingMode.PEER
    group_size: int = 2
    recent_rounds: int = 6
    round_weeks: int = 12


CADENCES = (7, 14, 28)  # days between reflection prompts
DIGEST_EVERY = (1, 2, 4, 0)  # weeks between scheduled digests; 0: only on demand
SEND_HOURS = tuple(range(6, 21))  # the local hours a prompt or digest may be sent at
SESSION_MINUTES = (15, 20, 30, 45, 60)  # a coaching session's length (15-30 minutes work best)


@dataclass(frozen=True)
class ProgrammeSettings:
    """What coordinators set for the whole programme (`/mentor settings`)."""

    cadence_days: int = 14
    send_hour: int = 10
    digest_channel: str | None = None
    digest_weekday: int = 0  # Monday
    digest_every_weeks: int = 2
    digest_hour: int = 9
    time_zone: str = "UTC"  # the digest keeps this zone's time
    locale: str | None = None  # the programme's language, for people Slack does not tell us of
    round_defaults: RoundOptions = RoundOptions()
    session_minutes: int = 30  # the length of the times suggested and booked
    learning_channel: str | None = None  # where shared learnings go (None: not offered)


PROGRAMME_NAME_MAX = 80  # characters (programmes.name)
PROGRAMME_DESCRIPTION_MAX = 500


@dataclass(frozen=True)
class ProgrammeDetails:
    """What a coordinator gives a new programme (`/mentor programme new`)."""

    name: str
    description: str = ""
    kind: ProgrammeKind = ProgrammeKind.PEER
    enrolment: Enrolment = Enrolment.OPEN
    starts_on: date | None = None  # a cohort's dates; evergreen: both None
    ends_on: date | None = None


@dataclass(frozen=True)
class ProgrammeSummary:
    """A programme as `/mentor programme` lists it; name None: the workspace's first, named in
    each reader's language."""

    id: int
    name: str | None
    kind: ProgrammeKind
    enrolment: Enrolment
    starts_on: date | None
    ends_on: date | None
    closed: bool
    coordinators: tuple[str, ...]  # those added to it (workspace-wide ones coordinate all)
    active: int  # its active members


@dataclass(frozen=True)
class RoundPreview:
    """A previewed round, for the coordinator to check before confirming."""

    draft_id: str
    options: RoundOptions
    groups: tuple[GroupSummary, ...]
    unplaced: tuple[tuple[str, str], ...]  # (user, reason)
    total_score: float


GOAL_TEXT_MAX = 300
RECENTLY_COMPLETED_DAYS = 30  # how long a completed goal stays on Home

# Goal templates: a starting point for every skill in the goal modal. Its words (what and how
# it is measured) live in the locale catalogues (goal_template.<skill>.what and .measure); its
# typical target is here, in weeks from the day the template is chosen.
GOAL_TEMPLATE_WEEKS: dict[str, int] = {
    "public_speaking": 8,
    "writing": 6,
    "storytelling": 6,
    "giving_feedback": 6,
    "difficult_conversations": 4,
    "negotiation": 10,
    "leading_teams": 12,
    "delegation": 8,
    "coaching_others": 8,
    "decision_making": 6,
    "strategy": 12,
    "change_management": 12,
    "time_management": 4,
    "prioritisation": 4,
    "project_management": 12,
    "facilitation": 8,
    "remote_collaboration": 6,
    "stakeholder_management": 8,
    "software_engineering": 8,
    "data_analysis": 8,
    "product_management": 10,
    "design": 8,
    "sales": 8,
    "customer_success": 10,
    "finance": 10,
    "marketing": 10,
    "career_planning": 8,
    "confidence": 6,
    "networking": 8,
    "work_life_balance": 6,
    "learning_to_learn": 8,
    "resilience": 8,
    "inclusive_leadership": 8,
    "cross_cultural_work": 10,
    "mentoring_across_differences": 12,
}
CHECKIN_TEXT_MAX = 1000
REFLECTION_TEXT_MAX = 2000
LEARNING_TEXT_MAX = 280  # one line, as a shared learning is
KUDOS_LINE_MAX = 280  # the line a thank-you sent from a workflow carries


@dataclass(frozen=True)
class PostedLearning:
    """A shared learning as the learning channel sees it (or will, in the preview)."""

    text: str  # the person's words, unescaped
    anonymous: bool
    author: str | None  # shown only when named
    locale: str  # the language of the words around it
    channel: str
    ts: str | None = None  # None: not posted yet
    permalink: str | None = None


MINUTES_RANGE = (5, 240)
PROMPTS = ("strengths", "develop", "learned", "try_next", "feedback")


@dataclass(frozen=True)
class GoalInput:
    what: str
    skill: str | None
    why: str
    measure: str
    target_date: date | None
    visibility: Visibility | None


@dataclass(frozen=True)
class GoalCard:
    goal_id: int
    owner: str
    what: str
    skill: str | None
    why: str
    measure: str
    target_date: date
    visibility: Visibility
    status: GoalStatus


@dataclass(frozen=True)
class CompletedGoal:
    """A goal its owner completed, and when (its latest move to Completed)."""

    goal: GoalCard
    completed_at: datetime


@dataclass(frozen=True)
class CheckinInput:
    attendance: Attendance | None
    session_date: date | None
    minutes: int | None
    coach: str | None
    worked_on: str
    learned: str
    next_step: str
    rating: int | None
    goal_statuses: dict[int, GoalStatus]


@dataclass(frozen=True)
class CheckinForm:
    """What the check-in modal opens with: the pair, whose turn it is, my open goals."""

    pair_id: int
    members: tuple[str, ...]
    default_coach: str
    today: date
    goals: tuple[GoalCard, ...]
    session_date: date | None = None  # filled in: the booked session's date (else today)
    minutes: int | None = None  # filled in: the booked session's length


@dataclass(frozen=True)
class Prompt:
    """A reflection prompt: a key of the bank, anchored on an open goal when there is one."""

    key: str
    goal: str | None = None
    next_step: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One line of someone's history as they may see it (no one else's rating or private text)."""

    kind: str  # "checkin" or "reflection"
    at: datetime
    author: str
    session_date: date | None = None
    attendance: Attendance | None = None
    minutes: int | None = None
    coach: str | None = None
    worked_on: str = ""
    learned: str = ""
    next_step: str = ""
    rating: int | None = None  # only on the viewer's own check-ins
    prompt: str = ""
    text: str = ""
    shared: bool = False


@dataclass(frozen=True)
class Dashboard:
    """Everything a participant's Home tab shows besides their profile."""

    pairing: PairingCard | None = None
    next_due: date | None = None
    goals: tuple[GoalCard, ...] = ()
    recent: tuple[HistoryEntry, ...] = ()
    avoided: tuple[str, ...] = ()
    partner_goals: tuple[GoalCard, ...] = ()  # the open goals partners chose to share
    completed: tuple[CompletedGoal, ...] = ()  # the person's recently completed goals, newest first
    booked: NextSession | None = None  # the pair's next booked session
    times: SuggestedTimes | None = None  # nothing booked: when the pair could meet
    resources: tuple[ResourceCard, ...] = ()  # suggested from the programme's library
    circles: bool = False  # the programme is of circles: its circle in place of a pair
    circle: HomeCircle | None = None  # the person's circle in it (None: in none)


@dataclass(frozen=True)
class HomeCircle:
    """Someone's circle as their Home shows it: its members in their turn to facilitate."""

    circle_id: int
    topic: str
    members: tuple[str, ...]
    next_facilitator: str | None
    channel_id: str | None  # None: its channel is not opened yet


@dataclass(frozen=True)
class SuggestedTimes:
    """Meeting times suggested to a group: the starts (aware UTC) of `minutes`-long slots inside
    every member's hours. When `shared` is False their hours never meet in the coming days, and
    these are the nearest compromise. No starts: no working day ahead suits them at all."""

    starts: tuple[datetime, ...]
    minutes: int
    shared: bool = True
    pair_id: int | None = None  # the group the times are for: their Book buttons carry it


@dataclass(frozen=True)
class BookingCard:
    """A booked session as its message and invitation show it."""

    id: int
    team_id: str
    programme_id: int
    pair_id: int
    start: datetime  # aware UTC
    end: datetime
    form: MeetingForm
    status: BookingStatus
    sequence: int  # the invitation's SEQUENCE: raised on every change
    booked_by: str
    changed_by: str  # who made the latest change (booked, moved or cancelled it)
    members: tuple[str, ...]
    first: bool  # the pair's first session
    conversation_id: str | None  # the pair's group conversation
    message_ts: str | None  # the Booked message in it
    every_days: int | None = None  # a series: the days between its sessions
    repeat_until: datetime | None = None  # a series: no session starts after this


@dataclass(frozen=True)
class NextSession:
    """A pair's next booked session as Home shows it: the booking, this session's time (a
    series' next one) and the booking's "Add to ..." calendar links."""

    booking: BookingCard
    start: datetime  # aware UTC
    end: datetime
    google: str
    outlook: str


@dataclass(frozen=True)
class RhythmNote:
    """What a scheduled DM says: the fortnightly prompt, a reminder, or a round's wrap-up."""

    kind: OutboxKind
    round_number: int
    partners: tuple[str, ...] = ()
    coach: str | None = None  # who coaches this session
    prompt: Prompt | None = None
    has_open_goal: bool = False
    sessions_held: int = 0
    goals_completed: int = 0
    survey: str | None = None  # the anonymous survey the message invites to
    times: SuggestedTimes | None = None  # for the fortnightly prompt: when the group could meet
    next_session: datetime | None = None  # for the prompt: the group's booked session (no times)
    pair_id: int | None = None  # the group it is about (a mentor has one for each mentee)
    programme_id: int | None = None  # the programme it is from (its survey's and snooze's)
    guide: Guide | None = None  # for the prompt: the guide of the group's next session


@dataclass(frozen=True)
class IntroNote:
    """A new group's intro: the group, and each member as the intro shows them."""

    pairing: PairingCard
    people: tuple[MemberCard, ...]
    times: SuggestedTimes | None = None  # when the group could meet first
    guide: Guide | None = None  # the programme's first session guide


@dataclass(frozen=True)
class UnplacedNote:
    """The DM to someone a round could not place: why (an intro.unplaced_<reason> key)."""

    reason: str


@dataclass(frozen=True)
class SessionNote:
    """A DM about one session of a booking: its reminder (SESSION_REMINDER) or "Did you meet?"
    after it (MET_CHECK)."""

    kind: OutboxKind
    booking_id: int
    start: datetime  # aware UTC
    end: datetime
    partners: tuple[str, ...]
    form: MeetingForm


CIRCLE_SIZES = (4, 8)  # the fewest and the most people a circle may have
CIRCLE_TOPIC_MAX = 80  # a circle's topic (its name; the channel is named after it)
CIRCLE_DESCRIPTION_MAX = 500
CIRCLE_SKILLS_MAX = 5  # the skills of the catalogue a circle is about


class CircleWaitReason(enum.StrEnum):
    """Why forming circles could not place someone (they are first in line next time)."""

    NO_MATCHING_TOPIC = "no_matching_topic"
    TOO_FEW = "too_few"
    NO_SHARED_HOURS = "no_shared_hours"
    CIRCLES_FULL = "circles_full"


CIRCLES_PER_PAGE = 10  # circles a page of `/mentor circles` shows (two blocks each at most)


@dataclass(frozen=True)
class CircleCard:
    """An open circle as the list shows it: what it is about and its seats."""

    id: int
    topic: str
    description: str
    skills: tuple[str, ...]
    taken: int  # people in it now
    min_size: int
    max_size: int

    @property
    def has_room(self) -> bool:
        return self.taken < self.max_size


@dataclass(frozen=True)
class CirclePage:
    """One page of a circles programme's open circles (`page` from 0), and the reader's own
    circle apart (shown first, on every page)."""

    programme_id: int
    circles: tuple[CircleCard, ...]
    page: int
    total: int  # open circles on every page, the reader's own not counted
    mine: CircleCard | None

    @property
    def has_next(self) -> bool:
        return (self.page + 1) * CIRCLES_PER_PAGE < self.total


@dataclass(frozen=True)
class CircleInput:
    """A circle as a coordinator describes it in the modal; sizes None when not a number."""

    topic: str
    description: str
    skills: tuple[str, ...]
    min_size: int | None
    max_size: int | None
    people: tuple[str, ...]
    facilitator: str | None


GUIDE_TITLE_MAX = 80  # a session guide's title, in each language
GUIDE_PURPOSE_MAX = 300
GUIDE_QUESTION_MAX = 200  # each question
GUIDE_QUESTIONS = (3, 5)  # the questions a guide asks: at least, at most
GUIDE_MINUTES = (5, 120)  # its suggested length: at least, at most
GUIDE_NEW_MINUTES = 30  # what the editor suggests for a new guide
GUIDES_MAX = 20  # the guides of a journey (the editor shows each in a block)


@dataclass(frozen=True)
class GuideText:
    """A session guide in one language: its title, what the session is for, and the
    questions the coach can ask."""

    title: str
    purpose: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    """One session guide of a programme's journey, in every language it is written in."""

    number: int  # its place in the journey, from 1
    total: int  # the guides in the journey
    minutes: int  # the suggested length of the session
    texts: tuple[tuple[str, GuideText], ...]  # (locale, text), English first

    def text(self, locale: str) -> GuideText:
        """The guide in `locale`, else in the first language it has (English)."""
        found = dict(self.texts)
        return found.get(locale) or self.texts[0][1]


@dataclass(frozen=True)
class RankedTime:
    """A suggested time for a group, and how many of its members are free then."""

    start: datetime  # aware UTC
    suits: int


@dataclass(frozen=True)
class CircleTimes:
    """Times suggested to a circle: each with how many of its `of` members it suits."""

    times: tuple[RankedTime, ...]
    minutes: int
    of: int


@dataclass(frozen=True)
class CirclePromptNote:
    """A circle's prompt in its channel: who facilitates next, the guide, times to meet."""

    circle_id: int
    channel: str
    topic: str
    members: tuple[str, ...]  # in the order of their turn
    facilitator: str
    guide: Guide | None
    times: CircleTimes


@dataclass(frozen=True)
class CircleCheckinForm:
    """What the circle check-in modal offers: the circle's current members (in the order of
    their turn), the facilitator to preselect, and the logger's today."""

    circle_id: int
    topic: str
    members: tuple[str, ...]
    facilitator: str | None
    logger: str
    today: date


@dataclass(frozen=True)
class CircleLogged:
    """A circle session logged: its date, who facilitated it, who attended (everyone's reports
    together) and who facilitates next."""

    session_date: date
    facilitator: str | None
    attended: tuple[str, ...]
    next_facilitator: str | None
    new: bool  # this log made the session (an earlier one of the same date only added to it)


@dataclass(frozen=True)
class CircleUnplacedNote:
    """The DM to someone forming circles could not place: why (a CircleWaitReason value)."""

    reason: str


# what an outbox row says
OutboxNote = (
    RhythmNote | IntroNote | UnplacedNote | SessionNote | CirclePromptNote | CircleUnplacedNote
)


@dataclass(frozen=True)
class IntroProgress:
    """How a confirmed round's intros are going, as its coordinator's progress message shows."""

    round_number: int
    groups: int  # groups to introduce (one that ended before its intro is not counted)
    introduced: int
    failed: int  # Slack refused for good (a member's account or settings)
    waiting: int  # still to go: intros and "not placed" DMs
    why: str  # the commonest reason the waiting ones wait: an outbox error, or "queued"
    unplaced: int  # people the round could not place

    @property
    def done(self) -> bool:
        return self.waiting == 0

    @property
    def fingerprint(self) -> str:
        """What the message shows, to update it only when that changes."""
        return f"{self.groups}/{self.introduced}/{self.failed}/{self.waiting}/{self.why}"[:64]


FEEDBACK_THRESHOLD = 3  # fewer answers than this and nothing of them is shown
FEEDBACK_COMMENT_MAX = 500  # characters of the survey's free-text line
CHART_CYCLES = 12  # cycles of meeting rate in the digest's chart


class RiskReason(enum.StrEnum):
    SILENT = "silent"  # no check-in for two cycles
    ONE_SIDED = "one_sided"  # only one member logs their sessions
    CONTRADICTORY = "contradictory"  # the partners' logs of a session disagree
    PARTNER_GONE = "partner_gone"  # a member left or their account is closed
    NO_SHARED_HOURS = "no_shared_hours"  # their meeting hours never overlap in two weeks
    NOTHING_BOOKED = "nothing_booked"  # a week after the intro, no session booked this cycle
    # or ahead (ranked after the reasons above: see digest_figures)


@dataclass(frozen=True)
class AtRiskGroup:
    pair_id: int
    members: tuple[str, ...]
    reasons: tuple[RiskReason, ...]


class CircleRiskReason(enum.StrEnum):
    NO_SESSION = "no_session"  # no session in two cycles (a new circle: two since it was made)
    LOW_ATTENDANCE = "low_attendance"  # under half attended the last two cycles' sessions


@dataclass(frozen=True)
class CircleAtRisk:
    """An open circle the digest names, by topic, with its channel when it has one."""

    circle_id: int
    topic: str
    channel_id: str | None
    reasons: tuple[CircleRiskReason, ...]


@dataclass(frozen=True)
class CircleFigures:
    """A circles programme's figures over the digest's cycle (counts only, never who said what).
    `held`: open circles with a session dated in the cycle; `attended` of `expected`: the
    attendance recorded for the cycle's sessions (every circle's, closed ones too)."""

    active: int  # open circles
    members: int  # people in them
    held: int
    attended: int
    expected: int
    at_risk: tuple[CircleAtRisk, ...] = ()

    @property
    def held_percent(self) -> int | None:
        """The share of open circles that held a session this cycle."""
        return round(100 * self.held / self.active) if self.active else None

    @property
    def attendance_percent(self) -> int | None:
        return round(100 * self.attended / self.expected) if self.expected else None


@dataclass(frozen=True)
class FeedbackSummary:
    """Aggregates of the anonymous survey; every figure is None below the threshold."""

    answers: int
    growth: float | None = None  # 1-5
    supported: float | None = None  # 1-5
    recommend: float | None = None  # 0-10
    nps: int | None = None  # % promoters (9-10) - % detractors (0-6)
    partner_uses: float | None = None  # 1-5, mentors' answers only
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class DigestFigures:
    """Programme health over the cycle that ends `until` (cycle: the prompt cadence)."""

    since: datetime
    until: datetime
    active: int
    paused: int
    new: int
    pairs: int
    triads: int
    met: int  # groups with a session held this cycle
    checkins: int
    ratings: int
    rating: float | None  # the average rating, shown from FEEDBACK_THRESHOLD ratings up
    goals: dict[GoalStatus, int]
    kudos: int
    at_risk: tuple[AtRiskGroup, ...]
    unpaired: tuple[str, ...]
    meeting_rates: tuple[float | None, ...]  # per cycle, oldest first; None: no groups then
    feedback: FeedbackSummary
    booked: int = 0  # booked sessions (not cancelled) that started this cycle, each of a series
    booked_groups: int = 0  # running groups with one of them
    booked_passed: int = 0  # of those sessions, the ones that have ended
    booked_held: int = 0  # of those, the ones the pair logged as held
    top_resources: tuple[ResourceOpens, ...] = ()  # the most opened this cycle (counts only)
    # the learnings shared in the last LEARNING_WEEK: their links (None: no link known)
    learnings: tuple[str | None, ...] = ()
    # a circles programme's figures (its pair figures are then left at nothing)
    circles: CircleFigures | None = None

    @property
    def groups(self) -> int:
        return self.pairs + self.triads

    @property
    def nothing_booked(self) -> int:
        """Groups with no session booked this cycle or ahead."""
        return sum(RiskReason.NOTHING_BOOKED in group.reasons for group in self.at_risk)

    @property
    def held_percent(self) -> int | None:
        """The share of this cycle's booked sessions, of those that have ended, that were held."""
        return round(100 * self.booked_held / self.booked_passed) if self.booked_passed else None

    @property
    def no_shared_hours(self) -> int:
        """Groups whose meeting hours never overlap: the times suggested to them compromise."""
        return sum(RiskReason.NO_SHARED_HOURS in group.reasons for group in self.at_risk)

    @property
    def met_percent(self) -> int | None:
        return round(100 * self.met / self.groups) if self.groups else None

    def headline(self) -> dict[str, int]:
        """The figures a later digest shows the change in."""
        return {
            "active": self.active,
            "paused": self.paused,
            "new": self.new,
            "groups": self.groups,
            "met": self.met,
            "met_percent": self.met_percent or 0,
            "checkins": self.checkins,
            "completed": self.goals.get(GoalStatus.COMPLETED, 0),
            "kudos": self.kudos,
            "at_risk": len(self.at_risk),
            "unpaired": len(self.unpaired),
            "booked": self.booked,
            **(_circle_headline(self.circles) if self.circles is not None else {}),
        }


def _circle_headline(circles: CircleFigures) -> dict[str, int]:
    """A circles programme's figures a later digest shows the change in."""
    return {
        "circles": circles.active,
        "circles_held_percent": circles.held_percent or 0,
        "circle_attendance_percent": circles.attendance_percent or 0,
        "circles_at_risk": len(circles.at_risk),
    }


@dataclass(frozen=True)
class CoordinatorPanel:
    """What a coordinator's Home tab shows of a programme they coordinate."""

    figures: DigestFigures
    settings: ProgrammeSettings
    programme_id: int | None = None  # what its buttons act on (None: the workspace's)
    name: str | None = None  # said when the workspace runs several programmes
    requests: tuple[str, ...] = ()  # people waiting for an answer to their request to join


@dataclass(frozen=True)
class ProgrammeSection:
    """One programme on the Home tab of someone in a workspace that runs several: their place
    in it (a dashboard when they take part) and, for its coordinators, its panel."""

    programme: ProgrammeCard
    card: MemberCard
    dashboard: Dashboard | None = None
    panel: CoordinatorPanel | None = None


# The resource library (#18): links coordinators add to a programme, suggested to its members
# by the skills they want to develop, counted when opened (counts only, never who).
RESOURCE_TITLE_MAX = 150  # a header's limit; a button's text (75) shows none of it
RESOURCE_WHY_MAX = 300
RESOURCE_URL_MAX = 2000  # a link button takes 3000
RESOURCE_SKILLS_MAX = 5
RESOURCE_ANY_LANGUAGE = "any"
# any, then config.SUPPORTED_LOCALES
RESOURCE_LANGUAGES = (RESOURCE_ANY_LANGUAGE, "en", "sv", "nb", "da", "fi", "de")
RESOURCES_PER_PAGE = 5
RESOURCE_SUGGESTIONS = 3  # on each programme's part of a member's Home


@dataclass(frozen=True)
class ResourceInput:
    """What a coordinator enters in the resource modal, as read from the payload."""

    title: str
    url: str
    why: str
    skills: tuple[str, ...]
    language: str  # a supported locale, or RESOURCE_ANY_LANGUAGE


@dataclass(frozen=True)
class ResourceCard:
    """A resource as blocks show it; `host` is its link's host name (where it leads)."""

    id: int
    programme_id: int
    title: str
    url: str
    why: str
    skills: tuple[str, ...]
    language: str
    host: str


@dataclass(frozen=True)
class ResourcePage:
    """One page of a programme's resources matching `query` ("" for all); `page` counts from 0."""

    programme_id: int
    resources: tuple[ResourceCard, ...]
    query: str
    page: int
    total: int  # resources matching, on every page

    @property
    def has_next(self) -> bool:
        return (self.page + 1) * RESOURCES_PER_PAGE < self.total


@dataclass(frozen=True)
class ResourceOpens:
    """How often a resource was opened in a period: a count, never who."""

    title: str
    url: str
    opens: int


@dataclass(frozen=True)
class CirclePerson:
    """A circle member as its intro shows them: what they bring and want (skill keys)."""

    user_id: str
    offers: tuple[str, ...]
    wants: tuple[str, ...]


@dataclass(frozen=True)
class CircleIntro:
    """What a circle's intro in its channel says: its topic, its people in the order of their
    turn to facilitate, who facilitates first, and the first session's guide."""

    topic: str
    description: str
    skills: tuple[str, ...]  # what the circle is about (skill keys)
    people: tuple[CirclePerson, ...]
    facilitator: str | None
    guide: Guide
