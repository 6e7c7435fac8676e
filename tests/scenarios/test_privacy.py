"""The privacy rights: a person's copy of their data, and being forgotten, after which no
table holds anything that leads back to them while the programme's figures stay right."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.domain import CircleWaitReason, LearningSource, PostedLearning, ProgrammeKind
from bot.models import (
    Base,
    CircleAttendance,
    CircleDraft,
    CircleMember,
    CircleSession,
    CircleWaiting,
    FeedbackAnswer,
    Programme,
    Round,
)
from bot.services import bookings, circles, feedback, intro_progress, learnings, reflections
from bot.services.digest_figures import figures
from bot.services.feedback import Answer
from tests.conftest import START
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import the_programme
from tests.services.test_digest_figures import TEAM, build_programme


@pytest.fixture
def programme(sessions: sessionmaker[Session], slack: FakeSlack) -> dict[str, tuple]:
    for user in ("UA", "UB", "UC", "UD", "UE", "UF", "UG", "UH"):
        slack.add_user(user)
    return build_programme(sessions)


def every_value(sessions: sessionmaker[Session]) -> list[str]:
    """Every value of every row of every table, as text."""
    found: list[str] = []
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                found += [f"{table.name}: {json.dumps(value, default=str)}" for value in row]
    return found


def test_export_me_sends_the_person_their_data_and_nobody_elses(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], programme
) -> None:
    me, partner = programme["p1"]
    booked = START + timedelta(days=1, hours=5)
    with sessions.begin() as session:
        bookings.book(session, TEAM, programme["ids"][0], partner, booked, START)
        _in_a_circle(session, me)
    reply = slack_requests.command(me, "export-me")
    assert reply.json()["response_type"] == "ephemeral"
    assert slack.responses[-1]["text"] == "Your data is in your messages with me."
    completed = slack.last("files.completeUploadExternal").args
    assert completed["channel_id"] == "D" + me[1:]
    data = json.loads(slack.uploads[json.loads(completed["files"])[0]["id"]])
    assert data["user"] == me
    [place] = data["programmes"]
    assert (place["status"], place["role_preference"]) == ("active", "peer")
    [circle] = data["circles"]
    assert (circle["topic"], circle["turn_to_facilitate"], circle["others"]) == (
        "Feedback",
        0,
        ["UB", "UC", "UD"],
    )
    assert circle["sessions"] == [
        {"date": START.date().isoformat(), "facilitated": True, "attended": True}
    ]
    assert [w["reason"] for w in data["first_in_line_for_a_circle"]] == ["too_few"]
    hours = ("meeting_start", "meeting_end", "meeting_days", "meeting_form", "holiday_country")
    assert [data["profile"][k] for k in hours] == [
        "09:00:00",
        "17:00:00",
        [0, 1, 2, 3, 4],
        "either",
        None,
    ]
    assert [p["partners"] for p in data["pairs"]] == [[partner]]
    assert [c["author"] for c in data["checkins_i_wrote"]] == [me]
    assert [c["rating"] for c in data["checkins_i_wrote"]] == [4]  # the partner's 5 is theirs
    assert len(data["goals"]) == 2 and data["goals"][0]["status_history"]
    assert [k["receiver"] for k in data["kudos_sent"]] == [partner]
    [booking] = data["pairs"][0]["bookings"]
    assert (booking["starts_at"], booking["status"]) == (booked.isoformat(), "booked")
    assert booking["booked_by"] == partner  # who booked the pair's session


def test_forget_me_leaves_nothing_that_identifies_the_person_and_the_figures_right(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    settings: Settings,
    programme,
) -> None:
    me, _ = programme["p1"]
    with sessions.begin() as session:
        reflections.save(
            session,
            TEAM,
            the_programme(session),
            me,
            "progress",
            "MY-REFLECTION",
            True,
            "V7",
            None,
            START,
        )
        who = feedback.respondent(settings.feedback_key, TEAM, "round1", me)
        feedback.save(
            session,
            TEAM,
            the_programme(session),
            "round1",
            who,
            Answer(4, 4, 8, None, "MY-SURVEY-LINE"),
        )
        before = figures(session, the_programme(session), START, 14)
        a_round = session.scalars(select(Round.id)).first()  # as if they had confirmed it
        assert a_round is not None
        intro_progress.start(session, TEAM, a_round, me, "D0PROGRESS", "1700000000.000100")
        booked = START + timedelta(days=1, hours=5)  # a session they booked for their pair
        bookings.book(session, TEAM, programme["ids"][0], me, booked, START)
        # a learning they shared with their name, in the learning channel
        named = PostedLearning("MY-LEARNING", False, me, "en", "C0LEARN")
        shared = learnings.claim(
            session, TEAM, the_programme(session), me, named, LearningSource.CHECKIN, "V8", START
        )
        assert shared is not None
        learnings.mark_posted(session, shared, "1700000000.000200", None, START)
        circle_channel = slack.add_channel("circle-feedback")
        slack.channels[circle_channel].members |= {me, "UB", "UC", "UD"}
        _in_a_circle(session, me, circle_channel)
    slack_requests.command(me, "forget-me")
    modal = slack.last("views.open").view()
    reply = slack_requests.submit(me, modal, {})
    assert reply.json() == {
        "response_action": "errors",
        "errors": {"confirm": "Tick the box to confirm."},
    }
    reply = slack_requests.submit(me, modal, {"confirm": ["yes"]})
    assert "no longer holds anything that identifies you" in json.dumps(reply.json())
    values = every_value(sessions)
    mine = re.compile(rf"\b{me}\b")
    assert not [v for v in values if mine.search(v)]
    assert not [v for v in values if "MY-REFLECTION" in v]
    # the learning stays posted, its message turned anonymous in Slack
    [unnamed] = slack.calls_to("chat.update")
    assert (unnamed.args["channel"], unnamed.args["ts"]) == ("C0LEARN", "1700000000.000200")
    assert me not in json.dumps(unnamed.args) and "MY-LEARNING" in unnamed.args["text"]
    with sessions() as session:
        after = figures(session, the_programme(session), START, 14)
        answers = session.scalars(select(FeedbackAnswer)).all()
    # the survey answer still counts but its hash no longer matches the person
    assert [a.comment for a in answers] == ["MY-SURVEY-LINE"] and answers[0].respondent != who
    # the pair, its session, the check-ins and the ratings still count; the person has left
    assert (after.groups, after.met, after.checkins, after.ratings, after.rating) == (
        before.groups,
        before.met,
        before.checkins,
        before.ratings,
        before.rating,
    )
    assert after.active == before.active - 1
    assert sum(after.goals.values()) == sum(before.goals.values()) - 2  # goals of people here
    # the partner's own notes are theirs and stay
    assert any("private words" in v for v in values)
    # their circle still counts its session and who was there, without them
    with sessions() as session:
        held = session.scalars(select(CircleSession)).one()
        present = session.scalars(select(CircleAttendance).where(CircleAttendance.attended)).all()
        places = session.scalars(select(CircleMember)).all()
    assert held.facilitator == held.logged_by != me and len(present) == 2
    assert [p.left_at is not None for p in places if p.user_id.startswith("X")] == [True]
    # and they are out of its channel, the others still in
    [kick] = slack.calls_to("conversations.kick")
    assert (kick.args["channel"], kick.args["user"]) == (circle_channel, me)
    assert slack.channels[circle_channel].members == {"UB", "UC", "UD"}
    # the Home tab now invites them to join, as a newcomer
    assert ids.OPEN_PROFILE in json.dumps(slack.last("views.publish").view())


def _in_a_circle(session: Session, me: str, channel: str = "C0CIRCLE") -> None:
    """Put them in a circle of a circles programme, in its channel, with a session they
    facilitated and attended, a preview naming them and a place first in line elsewhere."""
    programme = Programme(
        team_id=TEAM, name="Circles", kind=ProgrammeKind.CIRCLES, created_by=me, created_at=START
    )
    session.add(programme)
    session.flush()
    circle, _ = circles.create(
        session,
        team_id=TEAM,
        programme_id=programme.id,
        topic="Feedback",
        description="",
        skills=["giving_feedback"],
        min_size=4,
        max_size=8,
        people=[me, "UB", "UC", "UD"],
        first_facilitator=me,
        origin="V9",
        by=me,
        now=START,
    )
    circle.channel_id = channel
    for place in circles.members(session, circle.id):
        place.in_channel = True
    held = CircleSession(
        team_id=TEAM,
        programme_id=programme.id,
        circle_id=circle.id,
        session_date=START.date(),
        facilitator=me,
        logged_by=me,
        created_at=START,
    )
    session.add(held)
    session.flush()
    session.add_all(
        CircleAttendance(session_id=held.id, user_id=who, team_id=TEAM, attended=who in (me, "UB"))
        for who in (me, "UB", "UC", "UD")
    )
    session.add(
        CircleDraft(
            id="D1",
            team_id=TEAM,
            programme_id=programme.id,
            created_by=me,
            circles=[{"members": [me, "UB"]}],
            unplaced=[{"key": me}],
            fit=1.0,
            created_at=START,
        )
    )
    session.add(
        CircleWaiting(
            programme_id=the_programme(session),
            user_id=me,
            team_id=TEAM,
            reason=CircleWaitReason.TOO_FEW,
            since=START,
        )
    )
    session.flush()
