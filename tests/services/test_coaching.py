"""Goals, check-ins, reflections, kudos and history in the database, with the privacy rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.domain import (
    Attendance,
    CheckinInput,
    GoalInput,
    GoalStatus,
    ProgrammeSettings,
    Visibility,
)
from bot.models import CheckinLog, Meeting, Pair
from bot.services import checkins, goals, history, programmes, reflections
from bot.services.checkins import CheckinOutcome
from tests.programme import the_programme
from tests.services.test_rounds import TEAM, join, run_round

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
TODAY = NOW.date()


def paired(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as session:
        join(session, "UANNA", "Finance")
        join(session, "UBEN", "Sales")
    run_round(sessions, NOW - timedelta(days=7))
    with sessions() as session:
        return session.scalars(select(Pair.id)).one()


def checkin(**changes) -> CheckinInput:
    values = dict(
        attendance=Attendance.MET,
        session_date=TODAY,
        minutes=30,
        coach="UANNA",
        worked_on="Negotiation role play",
        learned="Anchoring works",
        next_step="Try it with a supplier",
        rating=4,
        goal_statuses={},
    )
    values.update(changes)
    return CheckinInput(**values)


def goal(**changes) -> GoalInput:
    values = dict(
        what="Lead a negotiation",
        skill="negotiation",
        why="My new role",
        measure="One deal closed",
        target_date=TODAY + timedelta(days=60),
        visibility=Visibility.PARTNER,
    )
    values.update(changes)
    return GoalInput(**values)


def test_goal_rules_and_status_history(sessions: sessionmaker[Session]):
    paired(sessions)
    assert {
        e.field
        for e in goals.validate_goal(
            goal(what=" ", measure="", target_date=TODAY, visibility=None), TODAY
        )
    } == {"what", "measure", "target_date", "visibility"}
    with sessions.begin() as session:
        created = goals.create_goal(
            session, TEAM, the_programme(session), "UANNA", goal(), None, NOW
        )
        assert goals.set_status(
            session, TEAM, "UANNA", created.id, GoalStatus.ON_TRACK, "home", NOW + timedelta(days=1)
        )
        assert not goals.set_status(
            session, TEAM, "UBEN", created.id, GoalStatus.COMPLETED, "home", NOW
        )  # not Ben's goal
        assert not goals.set_status(
            session, TEAM, "UANNA", created.id, GoalStatus.ON_TRACK, "home", NOW
        )  # unchanged
        goals.set_status(
            session,
            TEAM,
            "UANNA",
            created.id,
            GoalStatus.COMPLETED,
            "checkin",
            NOW + timedelta(days=2),
        )
        goals.create_goal(
            session,
            TEAM,
            the_programme(session),
            "UANNA",
            goal(visibility=Visibility.PRIVATE, what="Private goal"),
            None,
            NOW,
        )
        assert [(s, src) for s, src, _ in goals.status_history(session, created.id)] == [
            (GoalStatus.NOT_STARTED, "created"),
            (GoalStatus.ON_TRACK, "home"),
            (GoalStatus.COMPLETED, "checkin"),
        ]
        mine = goals.goals_of(session, TEAM, "UANNA")
        assert [g.status for g in mine] == [GoalStatus.NOT_STARTED, GoalStatus.COMPLETED]
        assert [g.what for g in goals.shared_goals_of(session, TEAM, "UANNA")] == [
            "Lead a negotiation"
        ]


def test_two_logs_of_one_session_make_one_meeting_with_two_perspectives(
    sessions: sessionmaker[Session],
):
    pair_id = paired(sessions)
    with sessions.begin() as session:
        first = checkins.record(session, TEAM, "UANNA", pair_id, checkin(), NOW)
        second = checkins.record(
            session,
            TEAM,
            "UBEN",
            pair_id,
            checkin(session_date=TODAY - timedelta(days=1), rating=2),
            NOW,
        )
        assert (first[0], second[0]) == (CheckinOutcome.CREATED, CheckinOutcome.MERGED)
        assert first[1].id == second[1].id and not second[1].contradictory
        assert session.scalar(select(func.count()).select_from(Meeting)) == 1
        assert session.scalar(select(func.count()).select_from(CheckinLog)) == 2


def test_submitting_again_edits_instead_of_doubling(sessions: sessionmaker[Session]):
    pair_id = paired(sessions)
    with sessions.begin() as session:
        checkins.record(session, TEAM, "UANNA", pair_id, checkin(), NOW)
        outcome, _ = checkins.record(session, TEAM, "UANNA", pair_id, checkin(minutes=45), NOW)
        assert outcome is CheckinOutcome.UPDATED
        logs = session.scalars(select(CheckinLog)).all()
        assert [(log.author, log.minutes) for log in logs] == [("UANNA", 45)]


def test_contradictory_logs_are_flagged(sessions: sessionmaker[Session]):
    pair_id = paired(sessions)
    with sessions.begin() as session:
        checkins.record(session, TEAM, "UANNA", pair_id, checkin(), NOW)
        _, meeting = checkins.record(
            session,
            TEAM,
            "UBEN",
            pair_id,
            checkin(attendance=Attendance.CANCELLED, minutes=None),
            NOW,
        )
        assert meeting.contradictory


def test_the_coach_rotates_with_every_session_held(sessions: sessionmaker[Session]):
    pair_id = paired(sessions)
    with sessions.begin() as session:
        pair = session.get(Pair, pair_id)
        first = checkins.default_coach(session, pair)
        checkins.record(
            session, TEAM, "UANNA", pair_id, checkin(session_date=TODAY - timedelta(days=6)), NOW
        )
        second = checkins.default_coach(session, pair)
        assert {first, second} == {"UANNA", "UBEN"}
        assert checkins.next_session_due(session, pair) == TODAY - timedelta(days=6) + timedelta(
            days=14
        )
        # a programme that meets weekly expects the next session a week after the last
        programmes.save(
            session, programmes.current(session, TEAM, NOW), ProgrammeSettings(cadence_days=7)
        )
        assert checkins.next_session_due(session, pair) == TODAY + timedelta(days=1)


def test_check_in_rules(sessions: sessionmaker[Session]):
    pair_id = paired(sessions)
    with sessions.begin() as session:
        form = checkins.form(session, TEAM, "UANNA", session.get(Pair, pair_id), TODAY)
    bad = checkin(
        attendance=None,
        session_date=TODAY + timedelta(days=1),
        minutes=500,
        coach="USTRANGER",
        worked_on="x" * 1001,
        rating=9,
    )
    fields = {e.field for e in checkins.validate(bad, form, TODAY - timedelta(days=7))}
    assert fields == {"attendance", "session_date", "minutes", "coach", "worked_on", "rating"}
    early = checkin(session_date=TODAY - timedelta(days=30))
    assert [e.key for e in checkins.validate(early, form, TODAY - timedelta(days=7))] == [
        "checkin.error.date_before_pair"
    ]


def test_goal_statuses_move_from_a_check_in(sessions: sessionmaker[Session]):
    pair_id = paired(sessions)
    with sessions.begin() as session:
        mine = goals.create_goal(
            session, TEAM, the_programme(session), "UANNA", goal(), pair_id, NOW
        )
        bens = goals.create_goal(
            session, TEAM, the_programme(session), "UBEN", goal(), pair_id, NOW
        )
        checkins.record(
            session,
            TEAM,
            "UANNA",
            pair_id,
            checkin(goal_statuses={mine.id: GoalStatus.ON_TRACK, bens.id: GoalStatus.COMPLETED}),
            NOW,
        )
        assert mine.status is GoalStatus.ON_TRACK
        assert bens.status is GoalStatus.NOT_STARTED  # nobody moves someone else's goal


def test_kudos_go_once_to_each_partner(sessions: sessionmaker[Session]):
    pair_id = paired(sessions)
    with sessions.begin() as session:
        _, meeting = checkins.record(session, TEAM, "UANNA", pair_id, checkin(), NOW)
        assert checkins.send_kudos(session, TEAM, "UANNA", meeting.id, NOW) == ["UBEN"]
        assert checkins.send_kudos(session, TEAM, "UANNA", meeting.id, NOW) == []
        assert checkins.send_kudos(session, TEAM, "USTRANGER", meeting.id, NOW) == []


def test_prompts_rotate_and_quote_the_open_goal_and_last_next_step(
    sessions: sessionmaker[Session],
):
    pair_id = paired(sessions)
    with sessions.begin() as session:
        assert reflections.next_prompt(session, TEAM, "UANNA").goal is None
        goals.create_goal(session, TEAM, the_programme(session), "UANNA", goal(), pair_id, NOW)
        checkins.record(session, TEAM, "UANNA", pair_id, checkin(), NOW)
        first = reflections.next_prompt(session, TEAM, "UANNA")
        assert (first.goal, first.next_step) == ("Lead a negotiation", "Try it with a supplier")
        reflections.save(
            session,
            TEAM,
            the_programme(session),
            "UANNA",
            first.key,
            "I rushed",
            False,
            "V1",
            pair_id,
            NOW,
        )
        _, created = reflections.save(
            session,
            TEAM,
            the_programme(session),
            "UANNA",
            first.key,
            "I rushed",
            False,
            "V1",
            pair_id,
            NOW,
        )
        assert not created  # the same modal submitted twice
        assert reflections.next_prompt(session, TEAM, "UANNA").key != first.key


def test_history_shows_each_person_only_what_is_theirs_to_see(sessions: sessionmaker[Session]):
    pair_id = paired(sessions)
    with sessions.begin() as session:
        checkins.record(session, TEAM, "UANNA", pair_id, checkin(rating=5), NOW)
        reflections.save(
            session,
            TEAM,
            the_programme(session),
            "UANNA",
            "learned",
            "PRIVATE-THOUGHT",
            False,
            "V1",
            pair_id,
            NOW,
        )
        reflections.save(
            session,
            TEAM,
            the_programme(session),
            "UANNA",
            "feedback",
            "SHARED-THOUGHT",
            True,
            "V2",
            pair_id,
            NOW + timedelta(minutes=1),
        )
        anna, _ = history.history(session, TEAM, "UANNA")
        ben, _ = history.history(session, TEAM, "UBEN")
    assert {e.text for e in anna if e.kind == "reflection"} == {"PRIVATE-THOUGHT", "SHARED-THOUGHT"}
    assert {e.text for e in ben if e.kind == "reflection"} == {"SHARED-THOUGHT"}
    assert [e.rating for e in anna if e.kind == "checkin"] == [5]
    assert [e.rating for e in ben if e.kind == "checkin"] == [None]  # Anna's rating is hers
    assert [e.worked_on for e in ben if e.kind == "checkin"] == ["Negotiation role play"]
