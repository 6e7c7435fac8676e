"""The fortnightly rhythm: which prompts, reminders and wrap-ups are due, as outbox rows.

Planning is idempotent: every message has a unique key (member, kind, period), so planning
twice, late, or from two clocks adds nothing. The weekly cap and snoozes are decided here, and
a message they stop is kept as skipped so that it is never sent later either.

A pair's prompt comes on the cadence from the pair's start (period pair<id>/p<n>), or, while
the pair has a live series of booked sessions, before each session instead (period
pair<id>/b<booking>/<the session's UTC date>; see rhythm_time.session_prompt_due; its
"Did you meet?" follows the session, so it has no four-day reminder). Two prompts of a pair
never come within half a cadence of each other: the one booked from a prompt, say, is not
prompted again two days later.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain import (
    GoalStatus,
    MemberStatus,
    OutboxKind,
    OutboxNote,
    OutboxStatus,
    RhythmNote,
)
from bot.models import (
    CheckinLog,
    Goal,
    GoalStatusChange,
    Meeting,
    Member,
    Outbox,
    Pair,
    PairMember,
    Programme,
    ProgrammeMember,
    Round,
)
from bot.services import (
    bookings,
    checkins,
    circle_confirming,
    circle_rhythm,
    guides,
    meeting_times,
    outbox,
    pairs,
    reflections,
    session_messages,
)
from bot.services.outbox import Claimed
from bot.services.rhythm_time import (
    REMINDER_AFTER,
    latest_prompt,
    latest_session_prompt,
    send_at,
    zone,
)
from bot.services.session_dates import dates, last_end, next_session

# rhythm DMs per person and programme in any seven days, for each group they are in there (a
# mentor with three mentees has three sessions to plan, each with its prompt)
WEEKLY_CAP = 2
RHYTHM_KINDS = (  # what the weekly cap counts: not a new group's intro, nor "not placed"
    OutboxKind.PROMPT,
    OutboxKind.REMINDER,
    OutboxKind.WRAPUP,
    OutboxKind.SURVEY,
    OutboxKind.NUDGE,
)
WRAPUP_WINDOW = timedelta(days=7)  # a round that ended longer ago gets no wrap-up any more
SURVEY_EVERY = 60  # days between mid-round feedback surveys in long rounds
SURVEY_QUIET_END = timedelta(days=30)  # no mid-round survey this close to the round's end
HORIZON = timedelta(days=120)  # keys older than this can no longer be planned again


def plan(session: Session, team_id: str, now: datetime) -> int:
    """Add every rhythm message due at `now` for the workspace's programmes, each on its own
    rhythm; how many were added."""
    programmes = {
        programme.id: programme
        for programme in session.scalars(select(Programme).where(Programme.team_id == team_id))
    }
    if not programmes:
        return 0
    active = _active_members(session, team_id, now)
    planner = _Planner(session, team_id, now, active)
    for ended, member, place in _wrapup_members(session, team_id, now):
        planner.add(
            member, place, OutboxKind.WRAPUP, f"round{ended.id}", ended.id, 0, ended.ends_at
        )
    logged: dict[tuple[int, datetime], bool] = {}
    series = bookings.live_series(session, team_id)
    longest = max(programme.rhythm_cadence_days for programme in programmes.values())
    prompted = _prompted(session, team_id, now - timedelta(days=2 * longest))
    rounds_pairs = _pairs_in_running_rounds(session, team_id, now)
    for pair, member, place in active:
        programme = programmes[pair.programme_id]
        cadence, hour = programme.rhythm_cadence_days, programme.rhythm_send_hour
        booked = series.get(pair.id)
        last = prompted.get((member.user_id, pair.id))
        if booked is not None and last_end(booked[1]) > now:
            booking_id, span = booked
            found_session = latest_session_prompt(dates(span), now, member.time_zone, hour)
            if found_session is not None:
                number, held, due = found_session
                period = f"pair{pair.id}/b{booking_id}/{held.start:%Y%m%d}"
                if not _soon_after(last, due, cadence, (member.user_id, period), planner):
                    planner.add(member, place, OutboxKind.PROMPT, period, pair.id, number, due)
        else:
            found = latest_prompt(pair.starts_at, now, cadence, member.time_zone, hour)
            if found is not None:
                number, due = found
                period = f"pair{pair.id}/p{number}"
                if not _soon_after(last, due, cadence, (member.user_id, period), planner):
                    planner.add(member, place, OutboxKind.PROMPT, period, pair.id, number, due)
                reminder = due + REMINDER_AFTER
                if reminder <= now:
                    if (pair.id, due) not in logged:
                        logged[(pair.id, due)] = _logged_since(session, pair.id, due)
                    if not logged[(pair.id, due)]:
                        planner.add(
                            member, place, OutboxKind.REMINDER, period, pair.id, number, reminder
                        )
        round_ = session.get(Round, pair.round_id)  # one load a round: the session keeps it
        assert round_ is not None
        survey = _mid_round_survey(round_, member, now, hour)
        # the prompt comes first; a survey over the weekly cap waits for room, never skipped;
        # it is the round's, so one a person (a mentor has a pair for each mentee)
        if survey is not None and planner.may_send(member.user_id, place):
            days, due_at = survey
            mine = rounds_pairs.get((member.user_id, pair.round_id), [pair.id])
            if not planner.surveyed(member.user_id, mine, days):
                period = f"survey/pair{pair.id}/d{days}"
                planner.add(member, place, OutboxKind.SURVEY, period, pair.id, days, due_at)
    for booking_id in session_messages.series_to_plan(session, team_id, now):
        booking = bookings.card(session, team_id, booking_id)  # a series' next sessions
        if booking is not None:
            planner.added += session_messages.plan_booking(session, booking, now)
    return planner.added


def _prompted(session: Session, team_id: str, since: datetime) -> dict[tuple[str, int], datetime]:
    """(member, pair) -> when the newest prompt planned to be sent to them was due, since."""
    rows = session.execute(
        select(Outbox.user_id, Outbox.ref_id, func.max(Outbox.due_at))
        .where(
            Outbox.team_id == team_id,
            Outbox.kind == OutboxKind.PROMPT,
            Outbox.status != OutboxStatus.SKIPPED,
            Outbox.due_at > since,
        )
        .group_by(Outbox.user_id, Outbox.ref_id)
    )
    return {(user, pair_id): due for user, pair_id, due in rows}


def _soon_after(
    last: datetime | None,
    due: datetime,
    cadence_days: int,
    key: tuple[str, str],
    planner: _Planner,
) -> bool:
    """Whether another prompt of the pair came within half a cadence before this one (which is
    then not planned); a prompt planned already is left as it is."""
    if last is None or (key[0], OutboxKind.PROMPT, key[1]) in planner.existing:
        return False
    return due - timedelta(days=cadence_days) / 2 < last < due


def _pairs_in_running_rounds(
    session: Session, team_id: str, now: datetime
) -> dict[tuple[str, int], list[int]]:
    """(member, running round) -> their pairs in it, ended ones too: several for a mentor, or
    for someone re-paired mid-round."""
    rows = session.execute(
        select(PairMember.user_id, Pair.round_id, Pair.id)
        .join(Pair, Pair.id == PairMember.pair_id)
        .join(Round, Round.id == Pair.round_id)
        .where(Pair.team_id == team_id, Round.starts_at <= now, Round.ends_at > now)
    )
    found: dict[tuple[str, int], list[int]] = {}
    for user_id, round_id, pair_id in rows:
        found.setdefault((user_id, round_id), []).append(pair_id)
    return found


def survey_key(round_number: int, days: int = 0) -> str:
    """The survey's name: the end of round 3 is "round3", 60 days into it "round3/d60"."""
    return f"round{round_number}/d{days}" if days else f"round{round_number}"


def _mid_round_survey(
    round_: Round, member: Member, now: datetime, hour: int
) -> tuple[int, datetime] | None:
    """The latest mid-round survey due by `now` (days into the round, when), if any: every
    SURVEY_EVERY days, unless the round ends within SURVEY_QUIET_END after it (the end of the
    round brings its own survey)."""
    days = (now - round_.starts_at).days // SURVEY_EVERY * SURVEY_EVERY
    while days > 0:
        day = round_.starts_at.astimezone(zone(member.time_zone)).date() + timedelta(days=days)
        due = send_at(day, member.time_zone, hour)
        if due <= now and round_.ends_at - due >= SURVEY_QUIET_END:
            return days, due
        days -= SURVEY_EVERY
    return None


def nudge(session: Session, team_id: str, pair_ids: Iterable[int], now: datetime) -> int:
    """Queue a coordinator's nudge to the members of these running groups (once a day a group,
    within the weekly cap, never to paused or snoozed people); how many will be sent."""
    wanted = set(pair_ids)
    active = _active_members(session, team_id, now)
    planner = _Planner(session, team_id, now, active)
    for pair, member, place in active:
        if pair.id in wanted:
            period = f"nudge{pair.id}/{now.date().isoformat()}"
            planner.add(member, place, OutboxKind.NUDGE, period, pair.id, 0, now)
    return planner.queued


class _Planner:
    """Adds outbox rows for one workspace and tick, knowing what exists and each weekly count."""

    def __init__(
        self,
        session: Session,
        team_id: str,
        now: datetime,
        active: list[tuple[Pair, Member, ProgrammeMember]],
    ) -> None:
        self.session, self.team_id, self.now = session, team_id, now
        # how many running groups each person is in, per programme: their cap's multiple
        self.groups = Counter((member.user_id, pair.programme_id) for pair, member, _ in active)
        self.added = 0
        self.queued = 0  # of those added, the ones to be sent (not skipped)
        self.existing = {
            (user, kind, period)
            for user, kind, period in session.execute(
                select(Outbox.user_id, Outbox.kind, Outbox.period).where(
                    Outbox.team_id == team_id, Outbox.created_at > now - HORIZON
                )
            )
        }
        self.this_week: dict[tuple[str, int], int] = {
            (user, programme): count
            for user, programme, count in session.execute(
                select(Outbox.user_id, Outbox.programme_id, func.count())
                .where(
                    Outbox.team_id == team_id,
                    Outbox.kind.in_(RHYTHM_KINDS),
                    Outbox.status.in_(
                        [OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.SENT]
                    ),
                    Outbox.next_attempt_at > now - timedelta(days=7),
                )
                .group_by(Outbox.user_id, Outbox.programme_id)
            )
        }

    def add(
        self,
        member: Member,
        place: ProgrammeMember,
        kind: OutboxKind,
        period: str,
        ref_id: int,
        number: int,
        due: datetime,
    ) -> None:
        """Queue a message of the programme of `place` to the member (skipped when it may not
        be sent), unless it was planned before."""
        key = (member.user_id, kind, period)
        if key in self.existing:
            return
        self.existing.add(key)
        sendable = self.may_send(member.user_id, place)
        if sendable:
            counted = (member.user_id, place.programme_id)
            self.this_week[counted] = self.this_week.get(counted, 0) + 1
        status = OutboxStatus.PENDING if sendable else OutboxStatus.SKIPPED
        outbox.queue(
            self.session,
            member.team_id,
            place.programme_id,
            member.user_id,
            kind,
            period,
            ref_id,
            number,
            due,
            self.now,
            status,
        )
        self.added += 1
        self.queued += sendable

    def surveyed(self, user_id: str, pair_ids: Iterable[int], days: int) -> bool:
        """Whether the person was asked the survey `days` into the round through any of its
        pairs (they are one survey: one answer each)."""
        return any(
            (user_id, OutboxKind.SURVEY, f"survey/pair{pair_id}/d{days}") in self.existing
            for pair_id in pair_ids
        )

    def may_send(self, user_id: str, place: ProgrammeMember) -> bool:
        """Not paused or snoozed in the programme, still in it, and under the programme's weekly
        cap, which grows with the groups they are in there (each programme keeps its own
        rhythm: one does not silence another)."""
        if not _taking_part(place, self.now):
            return False
        counted = (user_id, place.programme_id)
        cap = WEEKLY_CAP * max(1, self.groups[counted])
        return self.this_week.get(counted, 0) < cap


def _taking_part(place: ProgrammeMember, now: datetime) -> bool:
    """Active in the programme, neither paused nor snoozed."""
    if place.status is not MemberStatus.ACTIVE:
        return False
    if place.paused_until is not None and place.paused_until > now:
        return False
    return place.snoozed_until is None or place.snoozed_until <= now


_PLACE_OF_PAIR_MEMBER = (ProgrammeMember.programme_id == Pair.programme_id) & (
    ProgrammeMember.user_id == PairMember.user_id
)


def _active_members(
    session: Session, team_id: str, now: datetime
) -> list[tuple[Pair, Member, ProgrammeMember]]:
    """Members of pairs in a running round of any of the workspace's programmes, with the pair
    and their place in its programme."""
    rows = session.execute(
        select(Pair, Member, ProgrammeMember)
        .join(Round, Round.id == Pair.round_id)
        .join(PairMember, PairMember.pair_id == Pair.id)
        .join(
            Member, (Member.team_id == PairMember.team_id) & (Member.user_id == PairMember.user_id)
        )
        .join(ProgrammeMember, _PLACE_OF_PAIR_MEMBER)
        .where(
            Pair.team_id == team_id,
            Pair.ended_at.is_(None),
            Round.starts_at <= now,
            Round.ends_at > now,
        )
        .order_by(Pair.id, PairMember.coach_order)
    )
    return [(pair, member, place) for pair, member, place in rows]


def _wrapup_members(
    session: Session, team_id: str, now: datetime
) -> list[tuple[Round, Member, ProgrammeMember]]:
    """Members of the pairs of rounds that ended within the wrap-up window, with their place in
    the round's programme."""
    rows = session.execute(
        select(Round, Member, ProgrammeMember)
        .join(Pair, Pair.round_id == Round.id)
        .join(PairMember, PairMember.pair_id == Pair.id)
        .join(
            Member, (Member.team_id == PairMember.team_id) & (Member.user_id == PairMember.user_id)
        )
        .join(ProgrammeMember, _PLACE_OF_PAIR_MEMBER)
        .where(
            Round.team_id == team_id,
            Round.ends_at <= now,
            Round.ends_at > now - WRAPUP_WINDOW,
            Pair.ended_at.is_(None),
        )
    )
    return [(ended, member, place) for ended, member, place in rows]


def _logged_since(session: Session, pair_id: int, since: datetime) -> bool:
    return bool(
        session.scalar(
            select(func.count())
            .select_from(CheckinLog)
            .join(Meeting, Meeting.id == CheckinLog.meeting_id)
            .where(Meeting.pair_id == pair_id, CheckinLog.submitted_at >= since)
        )
    )


def note_for(
    session: Session, item: Claimed, now: datetime, default_locale: str
) -> OutboxNote | None:
    """What the claimed message of any kind should say now, or None when it is no longer
    wanted: the one place that resolves an outbox row into what to send."""
    if item.kind is OutboxKind.INTRO:
        return pairs.intro_note(session, item.ref_id, default_locale, now)
    if item.kind is OutboxKind.UNPLACED:
        return pairs.unplaced_note(session, item.ref_id, item.user_id)
    if item.kind is OutboxKind.CIRCLE_PROMPT:
        return circle_rhythm.note(session, item, now)
    if item.kind is OutboxKind.CIRCLE_UNPLACED:
        return circle_confirming.unplaced_note(session, item.ref_id, item.user_id)
    if item.kind in (OutboxKind.SESSION_REMINDER, OutboxKind.MET_CHECK):
        booking = bookings.card(session, item.team_id, item.ref_id)
        return session_messages.note_for(session, item, booking, now)
    member = session.get(Member, (item.team_id, item.user_id))
    place = session.get(ProgrammeMember, (item.programme_id, item.user_id))
    if member is None or place is None or place.status is not MemberStatus.ACTIVE:
        return None
    if item.kind is OutboxKind.WRAPUP:
        return _wrapup(session, item, member)
    pair = session.get(Pair, item.ref_id)
    round_ = session.get(Round, pair.round_id) if pair else None
    if not _taking_part(place, now) or pair is None or round_ is None or pair.ended_at is not None:
        return None
    if not round_.starts_at <= now < round_.ends_at:
        return None
    members = pairs.members_of(session, pair)
    if item.kind is OutboxKind.SURVEY:
        return RhythmNote(
            OutboxKind.SURVEY,
            round_.number,
            survey=survey_key(round_.number, item.number),
            programme_id=item.programme_id,
        )
    if item.kind is OutboxKind.NUDGE:
        others = tuple(m for m in members if m != member.user_id)
        return RhythmNote(OutboxKind.NUDGE, round_.number, others, pair_id=pair.id)
    if item.kind is OutboxKind.REMINDER:
        if _logged_since(session, pair.id, item_due(session, item) - REMINDER_AFTER):
            return None  # someone logged a check-in since the prompt
        others = tuple(m for m in members if m != member.user_id)
        return RhythmNote(OutboxKind.REMINDER, round_.number, others, pair_id=pair.id)
    prompt = reflections.next_prompt(session, item.team_id, item.user_id)
    booked = bookings.live(session, item.team_id, pair.id)
    upcoming = next_session(booked, now) if booked is not None else None
    return RhythmNote(
        kind=OutboxKind.PROMPT,
        round_number=round_.number,
        partners=tuple(m for m in members if m != member.user_id),
        coach=checkins.default_coach(session, pair, members),
        prompt=prompt,
        has_open_goal=prompt.goal is not None,  # the prompt is anchored on an open goal
        times=None if upcoming else meeting_times.for_group(session, item.team_id, pair.id, now),
        next_session=upcoming.start if upcoming else None,
        pair_id=pair.id,
        programme_id=item.programme_id,
        guide=guides.next_guide(session, pair.id),
    )


def item_due(session: Session, item: Claimed) -> datetime:
    row = session.get(Outbox, item.id)
    assert row is not None
    return row.due_at


def _wrapup(session: Session, item: Claimed, member: Member) -> RhythmNote | None:
    ended = session.get(Round, item.ref_id)
    if ended is None:
        return None
    pair_ids = (
        select(PairMember.pair_id)
        .join(Pair, Pair.id == PairMember.pair_id)
        .where(Pair.round_id == ended.id, PairMember.user_id == member.user_id)
    )
    held = (
        session.scalar(
            select(func.count())
            .select_from(Meeting)
            .where(Meeting.pair_id.in_(pair_ids), Meeting.held.is_(True))
        )
        or 0
    )
    completed = (
        session.scalar(
            select(func.count(func.distinct(GoalStatusChange.goal_id)))
            .join(Goal, Goal.id == GoalStatusChange.goal_id)
            .where(
                Goal.programme_id == ended.programme_id,
                Goal.user_id == member.user_id,
                GoalStatusChange.status == GoalStatus.COMPLETED,
                GoalStatusChange.at >= ended.starts_at,
                GoalStatusChange.at <= ended.ends_at,
            )
        )
        or 0
    )
    return RhythmNote(
        OutboxKind.WRAPUP,
        ended.number,
        sessions_held=held,
        goals_completed=completed,
        survey=survey_key(ended.number),
        programme_id=ended.programme_id,
    )
