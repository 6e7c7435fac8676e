"""The digest's figures against a small programme whose every number is worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.domain import (
    Attendance,
    BookingStatus,
    CareerLevel,
    CheckinInput,
    GoalInput,
    GoalStatus,
    MeetingForm,
    ProfileInput,
    RiskReason,
    RolePreference,
    RoundOptions,
    Visibility,
)
from bot.models import Booking, Meeting, Pair, PairMember
from bot.services import bookings, checkins, feedback, goals, members, rounds
from bot.services.digest_figures import figures
from bot.services.feedback import Answer
from bot.services.rounds import ConfirmOutcome
from tests.programme import the_programme

TEAM = "T0TEST"
NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
STARTED = NOW - timedelta(days=40)
KEY = b"test-key"


def join(session: Session, user: str, department: str, at: datetime) -> None:
    profile = ProfileInput(
        skills_offered=("writing",),
        skills_wanted=("negotiation",),
        department=department,
        role_preference=RolePreference.PEER,
        career_level=CareerLevel.MID,
        about="",
    )
    members.save_profile(session, TEAM, the_programme(session), user, profile, at, "en")


def log(session: Session, user: str, pair_id: int, day: datetime, rating: int) -> int:
    checkin = CheckinInput(
        attendance=Attendance.MET,
        session_date=day.date(),
        minutes=30,
        coach=None,
        worked_on="private words",
        learned="",
        next_step="",
        rating=rating,
        goal_statuses={},
    )
    return checkins.record(session, TEAM, user, pair_id, checkin, day)[1].id


def goal(session: Session, user: str, pair_id: int) -> int:
    made = GoalInput(
        what="Lead a meeting",
        skill=None,
        why="",
        measure="Done once",
        target_date=(NOW + timedelta(days=30)).date(),
        visibility=Visibility.PRIVATE,
    )
    return goals.create_goal(session, TEAM, the_programme(session), user, made, pair_id, STARTED).id


def add_booking(
    session: Session,
    pair_id: int,
    start: datetime,
    status: BookingStatus = BookingStatus.PAST,
    every_days: int | None = None,
    repeat_until: datetime | None = None,
) -> None:
    """A booking row as it stands in the database, a series when `every_days` is set."""
    session.add(
        Booking(
            team_id=TEAM,
            programme_id=the_programme(session),
            pair_id=pair_id,
            starts_at=start,
            ends_at=start + timedelta(minutes=30),
            form=MeetingForm.EITHER,
            status=status,
            sequence=0,
            booked_by="UA",
            updated_by="UA",
            every_days=every_days,
            repeat_until=repeat_until,
            created_at=STARTED,
            updated_at=STARTED,
        )
    )


def add_meeting(session: Session, pair_id: int, day: date, held: bool = True) -> None:
    session.add(
        Meeting(
            team_id=TEAM,
            programme_id=the_programme(session),
            pair_id=pair_id,
            session_date=day,
            held=held,
            created_at=NOW,
        )
    )


@pytest.fixture
def programme(sessions: sessionmaker[Session]) -> dict[str, tuple]:
    return build_programme(sessions)


def build_programme(sessions: sessionmaker[Session]) -> dict[str, tuple]:
    """Six people in three pairs since 40 days; one paused, one newly joined; by pair:
    P1 met this cycle (both logged, ratings 4 and 5, one kudos) and booked nothing, P2 met in
    this cycle and the last but only one of them ever logs (rating 3 this cycle) and booked
    the session it held six days ago and its next, in four days; P3 never logged, booked
    nothing, and one of them has closed their account."""
    with sessions.begin() as session:
        for i, user in enumerate(["UA", "UB", "UC", "UD", "UE", "UF", "UG"]):
            join(session, user, f"Dept{i}", STARTED - timedelta(days=1))
        members.place_of(session, the_programme(session), "UG").paused_until = NOW + timedelta(
            days=7
        )
        draft = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(), STARTED
        )
        outcome, _ = rounds.confirm_round(session, TEAM, draft.id, STARTED)
        assert outcome is ConfirmOutcome.CREATED
        join(session, "UH", "Dept9", NOW - timedelta(days=3))
        rows = session.execute(
            select(PairMember.pair_id, PairMember.user_id).order_by(
                PairMember.pair_id, PairMember.coach_order
            )
        )
        pairs: dict[int, list[str]] = {}
        for pair_id, user in rows:
            pairs.setdefault(pair_id, []).append(user)
        (p1, m1), (p2, m2), (p3, m3) = pairs.items()
        log(session, m1[0], p1, NOW - timedelta(days=5), 4)
        meeting = log(session, m1[1], p1, NOW - timedelta(days=5), 5)
        checkins.send_kudos(session, TEAM, m1[0], meeting, NOW - timedelta(days=5))
        log(session, m2[0], p2, NOW - timedelta(days=20), 2)
        log(session, m2[0], p2, NOW - timedelta(days=6), 3)
        bookings.book(session, TEAM, p2, m2[0], NOW - timedelta(days=6), NOW - timedelta(days=8))
        bookings.book(session, TEAM, p2, m2[1], NOW + timedelta(days=4), NOW - timedelta(days=5))
        members.gone(session, TEAM, m3[1], NOW)
        first = goal(session, m1[0], p1)
        goal(session, m1[0], p1)
        goal(session, m2[1], p2)
        goals.set_status(session, TEAM, m1[0], first, GoalStatus.COMPLETED, "home", NOW)
    return {"p1": tuple(m1), "p2": tuple(m2), "p3": tuple(m3), "ids": (p1, p2, p3)}


def test_figures_match_the_hand_count(sessions: sessionmaker[Session], programme) -> None:
    with sessions() as session:
        found = figures(session, the_programme(session), NOW, 14)
    p1, p2, p3 = programme["ids"]
    # UA-UF minus the closed account, plus UH; UG is paused; UH joined three days ago
    assert (found.active, found.paused, found.new) == (6, 1, 1)
    assert (found.pairs, found.triads, found.met, found.met_percent) == (3, 0, 2, 67)
    assert (found.checkins, found.ratings, found.rating) == (3, 3, 4.0)
    assert found.goals == {
        GoalStatus.NOT_STARTED: 2,
        GoalStatus.ON_TRACK: 0,
        GoalStatus.OFF_TRACK: 0,
        GoalStatus.COMPLETED: 1,
    }
    assert found.kudos == 1
    # P1 booked nothing: at risk, after P2 whose one reason ranks above it
    assert [(g.pair_id, g.reasons) for g in found.at_risk] == [
        (p3, (RiskReason.SILENT, RiskReason.PARTNER_GONE, RiskReason.NOTHING_BOOKED)),
        (p2, (RiskReason.ONE_SIDED,)),
        (p1, (RiskReason.NOTHING_BOOKED,)),
    ]
    assert found.nothing_booked == 2
    # P2's session six days ago, held (its next is ahead, not this cycle)
    assert (found.booked, found.booked_groups, found.booked_passed, found.booked_held) == (
        1,
        1,
        1,
        1,
    )
    assert found.held_percent == 100
    assert found.at_risk[0].members == programme["p3"]
    assert found.unpaired == ("UH",)
    # cycles end today, 14 days each: three pairs ran in the last three (the round began 40
    # days ago, so 12 days into the third); P2 met in the second, P1 and P2 in the last
    assert found.meeting_rates[-3:] == (0.0, pytest.approx(1 / 3), pytest.approx(2 / 3))
    assert found.meeting_rates[:-3] == (None,) * 9
    assert found.headline()["met_percent"] == 67


def test_the_rating_is_hidden_below_three_ratings(
    sessions: sessionmaker[Session], programme
) -> None:
    with sessions() as session:
        found = figures(session, the_programme(session), NOW - timedelta(days=5, hours=-1), 14)
    # an hour after P1's two logs: P2's rating (six days ago) is in, so three; a day earlier, not
    assert found.ratings == 3
    with sessions() as session:
        earlier = figures(session, the_programme(session), NOW - timedelta(days=5, hours=1), 14)
    assert (earlier.ratings, earlier.rating) == (1, None)


def test_feedback_needs_three_answers_and_never_two_from_one_person(
    sessions: sessionmaker[Session],
) -> None:
    answer = Answer(growth=4, supported=5, recommend=9, partner_uses=None, comment="Great pairs")
    with sessions.begin() as session:
        join(session, "UA", "Finance", NOW)
        who = feedback.respondent(KEY, TEAM, "round1", "UA")
        assert feedback.save(session, TEAM, the_programme(session), "round1", who, answer)
        assert not feedback.save(
            session, TEAM, the_programme(session), "round1", who, answer
        )  # once per survey
        assert feedback.save(session, TEAM, the_programme(session), "round1", "other", answer)
    with sessions() as session:
        assert feedback.summary(session, the_programme(session)).answers == 2
        assert feedback.summary(session, the_programme(session)).growth is None
        assert feedback.summary(session, the_programme(session)).comments == ()
    low = Answer(growth=1, supported=2, recommend=3, partner_uses=None, comment="")
    with sessions.begin() as session:
        assert feedback.save(session, TEAM, the_programme(session), "round1", "third", low)
    with sessions() as session:
        summary = feedback.summary(session, the_programme(session))
    assert summary.answers == 3
    assert summary.growth == pytest.approx(3.0) and summary.supported == pytest.approx(4.0)
    assert summary.recommend == pytest.approx(7.0) and summary.nps == 33  # 2 promoters, 1 detractor
    assert summary.partner_uses is None  # no mentor answered that one
    assert summary.comments == ("Great pairs", "Great pairs")


def test_the_respondent_hash_is_keyed_and_says_nothing_of_the_person() -> None:
    one = feedback.respondent(KEY, TEAM, "round1", "UA")
    assert one == feedback.respondent(KEY, TEAM, "round1", "UA")
    assert one != feedback.respondent(b"another key", TEAM, "round1", "UA")
    assert one != feedback.respondent(KEY, TEAM, "round2", "UA")
    assert "UA" not in one and len(one) == 64


def test_pairs_whose_hours_never_meet_are_at_risk_and_counted(
    sessions: sessionmaker[Session], programme
) -> None:
    p1, _, _ = programme["ids"]
    first, second = programme["p1"]
    with sessions.begin() as session:
        for user, zone in ((first, "Europe/Stockholm"), (second, "America/Los_Angeles")):
            members.ensure_member(session, TEAM, user, NOW).time_zone = zone
    with sessions() as session:  # Stockholm 09-17 and Los Angeles 09-17 never meet
        apart = figures(session, the_programme(session), NOW, 14)
    with sessions.begin() as session:
        members.ensure_member(session, TEAM, second, NOW).time_zone = "America/New_York"
    with sessions() as session:  # New York's 09-11 is Stockholm's 15-17
        together = figures(session, the_programme(session), NOW, 14)

    # P1 has booked nothing either (the lesser reason, last)
    reasons = {g.pair_id: g.reasons for g in apart.at_risk}
    assert reasons[p1] == (RiskReason.NO_SHARED_HOURS, RiskReason.NOTHING_BOOKED)
    assert (apart.no_shared_hours, together.no_shared_hours) == (1, 0)
    assert {g.pair_id: g.reasons for g in together.at_risk}[p1] == (RiskReason.NOTHING_BOOKED,)


DAY = timedelta(days=1)


def test_booked_sessions_count_each_date_of_a_series_and_never_a_cancelled_one(
    sessions: sessionmaker[Session], programme
) -> None:
    p1, _, p3 = programme["ids"]
    ten = NOW + timedelta(hours=1)  # 10:00 UTC; the cycle is [9 November 09:00, 23 November 09:00)
    with sessions.begin() as session:
        # P1: every seven days from 4 November to 9 December: 11 and 18 November this cycle
        add_booking(session, p1, ten - 19 * DAY, BookingStatus.BOOKED, 7, ten + 16 * DAY)
        # P3: a session before the cycle, and this cycle only cancelled ones, one a series
        add_booking(session, p3, ten - 20 * DAY)
        add_booking(session, p3, ten - 3 * DAY, BookingStatus.CANCELLED)
        add_booking(session, p3, ten - 10 * DAY, BookingStatus.CANCELLED, 2, ten + 10 * DAY)
    with sessions() as session:
        found = figures(session, the_programme(session), NOW, 14)
    # P2's session six days ago (the programme's) and P1's two
    assert (found.booked, found.booked_groups, found.booked_passed) == (3, 2, 3)
    # held: P2's (its check-in that day) and P1's on 18 November (both logged it); not P1's
    # on 11 November
    assert (found.booked_held, found.held_percent) == (2, 67)
    reasons = {group.pair_id: group.reasons for group in found.at_risk}
    assert p1 not in reasons  # met, and booked
    assert reasons[p3][-1] is RiskReason.NOTHING_BOOKED
    assert found.nothing_booked == 1


def test_a_booked_session_is_held_only_by_a_held_meeting_of_that_pair_within_a_day(
    sessions: sessionmaker[Session], programme
) -> None:
    _, p2, p3 = programme["ids"]
    late = datetime(2026, 11, 10, 22, 30, tzinfo=UTC)  # 23:30 in Stockholm
    ten = datetime(2026, 11, 13, 10, tzinfo=UTC)
    with sessions.begin() as session:
        add_booking(session, p3, late)  # logged held on the 11th, the Stockholm date: held
        add_meeting(session, p3, date(2026, 11, 11))
        add_booking(session, p3, ten)  # logged, as not held: not held
        add_meeting(session, p3, ten.date(), held=False)
        add_booking(session, p3, ten + 2 * DAY)  # another pair held a session that day: not held
        add_meeting(session, p2, (ten + 2 * DAY).date())
        add_booking(session, p3, ten + 3 * DAY)  # held two days later: not this session
        add_meeting(session, p3, (ten + 5 * DAY).date())
        # a daily series on the 20th and 21st, one meeting held on the 21st: one of two held
        add_booking(session, p3, ten + 7 * DAY, BookingStatus.PAST, 1, ten + 8 * DAY)
        add_meeting(session, p3, (ten + 8 * DAY).date())
        # started ten minutes ago: booked this cycle, not ended, and ahead
        add_booking(session, p3, NOW - timedelta(minutes=10), BookingStatus.BOOKED)
    with sessions() as session:
        found = figures(session, the_programme(session), NOW, 14)
    # with P2's session six days ago, held
    assert (found.booked, found.booked_groups) == (1 + 7, 2)
    assert (found.booked_passed, found.booked_held, found.held_percent) == (1 + 6, 1 + 2, 43)
    assert RiskReason.NOTHING_BOOKED not in {g.pair_id: g.reasons for g in found.at_risk}[p3]


def test_nothing_booked_waits_a_week_after_the_intro_and_a_booking_ahead_clears_it(
    sessions: sessionmaker[Session], programme
) -> None:
    p1, _, p3 = programme["ids"]
    booker = programme["p3"][0]

    def nothing_booked() -> set[int]:
        with sessions() as session:
            found = figures(session, the_programme(session), NOW, 14)
        return {g.pair_id for g in found.at_risk if RiskReason.NOTHING_BOOKED in g.reasons}

    assert nothing_booked() == {p1, p3}  # introduced (as their round began) 40 days ago
    with sessions.begin() as session:
        session.get(Pair, p1).intro_sent_at = NOW - 6 * DAY
        session.get(Pair, p3).intro_sent_at = NOW - 8 * DAY
    assert nothing_booked() == {p3}  # P1 has a day left to book
    with sessions.begin() as session:
        booked = bookings.book(session, TEAM, p3, booker, NOW + 2 * DAY, NOW)
    assert nothing_booked() == set()
    with sessions.begin() as session:
        bookings.cancel(session, TEAM, booked.booking.id, booker, NOW)
    assert nothing_booked() == {p3}
