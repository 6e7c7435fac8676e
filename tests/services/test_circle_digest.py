"""A circles programme's digest figures against circles, sessions and attendance made by hand,
every number worked out here: circles open, the share that held a session this cycle, the
attendance rate, the circles at risk by both rules, and the change since the last digest."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.blocks.digest import digest_message
from bot.db import Database
from bot.domain import CircleRiskReason, ProgrammeKind
from bot.models import CircleAttendance, CircleSession, Programme
from bot.services import circles, digests
from bot.services.digest_figures import figures
from tests.programme import TEAM, the_programme
from tests.scenarios.test_home_booking import statements

# a cycle of 14 days: the digest's cycle holds 10-23 November, the one before 27 October-9 November
NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
OLD = datetime(2026, 10, 1, 9, tzinfo=UTC)
CADENCE = 14


def circles_programme(session: Session) -> int:
    programme_id = the_programme(session)
    programme = session.get(Programme, programme_id)
    assert programme is not None
    programme.kind = ProgrammeKind.CIRCLES
    return programme_id


def make(
    session: Session,
    programme_id: int,
    topic: str,
    people: list[str],
    made: datetime = OLD,
    channel: str | None = None,
) -> int:
    circle, _ = circles.create(
        session,
        team_id=TEAM,
        programme_id=programme_id,
        topic=topic,
        description="SECRET-DESCRIPTION",
        skills=["feedback"],
        min_size=4,
        max_size=6,
        people=people,
        first_facilitator=None,
        origin=f"V-{topic}",
        by="UCOORD",
        now=made,
    )
    circle.channel_id = channel
    return circle.id


def held(
    session: Session, programme_id: int, circle_id: int, day: date, came: dict[str, bool]
) -> None:
    """A session of the circle on `day`, and who of its members came."""
    row = CircleSession(
        team_id=TEAM,
        programme_id=programme_id,
        circle_id=circle_id,
        session_date=day,
        facilitator=next(iter(came)),
        logged_by=next(iter(came)),
        created_at=NOW,
    )
    session.add(row)
    session.flush()
    session.add_all(
        CircleAttendance(session_id=row.id, user_id=user, team_id=TEAM, attended=attended)
        for user, attended in came.items()
    )
    session.flush()


def came(people: list[str], count: int) -> dict[str, bool]:
    return {user: n < count for n, user in enumerate(people)}


A, B, C, D, E = (
    ["UA1", "UA2", "UA3", "UA4"],
    ["UB1", "UB2", "UB3", "UB4"],
    ["UC1", "UC2", "UC3", "UC4"],
    ["UD1", "UD2", "UD3", "UD4"],
    ["UE1", "UE2", "UE3", "UE4"],
)


def build(session: Session) -> tuple[int, dict[str, int]]:
    """Feedback meets well; Negotiation last met before the last two cycles; Writing is new
    and has not met; Leading meets but one of four comes; Closed met this cycle, then closed."""
    programme_id = circles_programme(session)
    ids = {
        "feedback": make(session, programme_id, "Feedback", A),
        "negotiation": make(session, programme_id, "Negotiation", B, channel="C0NEG"),
        "writing": make(
            session, programme_id, "Writing", C, made=datetime(2026, 11, 15, tzinfo=UTC)
        ),
        "leading": make(session, programme_id, "Leading", D, channel="C0LEAD"),
        "closed": make(session, programme_id, "Closed", E),
    }
    held(session, programme_id, ids["feedback"], date(2026, 11, 15), came(A, 3))
    held(session, programme_id, ids["feedback"], date(2026, 11, 1), came(A, 4))
    held(session, programme_id, ids["negotiation"], date(2026, 10, 10), came(B, 4))
    held(session, programme_id, ids["leading"], date(2026, 11, 20), came(D, 1))
    held(session, programme_id, ids["leading"], date(2026, 11, 5), came(D, 1))
    held(session, programme_id, ids["closed"], date(2026, 11, 12), came(E, 4))
    circles.close(session, TEAM, ids["closed"], datetime(2026, 11, 18, tzinfo=UTC))
    return programme_id, ids


def test_circles_open_share_held_attendance_and_at_risk_by_both_rules(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        programme_id, _ = build(session)
        result = figures(session, programme_id, NOW, CADENCE)
    found = result.circles
    assert found is not None
    assert (found.active, found.members) == (4, 16)
    # Feedback and Leading held one this cycle, of four open circles
    assert (found.held, found.held_percent) == (2, 50)
    # this cycle's sessions, the closed circle's too: 3 of 4, 1 of 4, 4 of 4
    assert (found.attended, found.expected, found.attendance_percent) == (8, 12, 67)
    assert [(c.topic, c.channel_id, c.reasons) for c in found.at_risk] == [
        ("Leading", "C0LEAD", (CircleRiskReason.LOW_ATTENDANCE,)),
        ("Negotiation", "C0NEG", (CircleRiskReason.NO_SESSION,)),
    ]
    # no pair figures in a circles programme; the chart: three of the five circles open this
    # cycle met in it (the closed one too), two of four the cycle before
    assert (result.groups, result.at_risk, result.unpaired) == (0, (), ())
    assert result.meeting_rates[-1] == 3 / 5 and result.meeting_rates[-2] == 2 / 4


def test_a_new_circle_comes_at_risk_two_cycles_after_it_was_made(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        programme_id, ids = build(session)
        # Writing was made on 15 November: not at risk on 12 December, at risk on 13 December
        before = figures(session, programme_id, datetime(2026, 12, 12, 9, tzinfo=UTC), CADENCE)
        after = figures(session, programme_id, datetime(2026, 12, 13, 9, tzinfo=UTC), CADENCE)
    assert before.circles is not None and after.circles is not None
    assert ids["writing"] not in {c.circle_id for c in before.circles.at_risk}
    writing = [c for c in after.circles.at_risk if c.circle_id == ids["writing"]]
    assert [c.reasons for c in writing] == [(CircleRiskReason.NO_SESSION,)]


def test_a_pairs_programme_has_no_circle_figures(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        assert figures(session, the_programme(session), NOW, CADENCE).circles is None


def test_the_next_digest_shows_the_change_in_the_circle_figures(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        programme_id, ids = build(session)
        first = figures(session, programme_id, NOW, CADENCE)
        digest_id = digests.claim(session, TEAM, programme_id, None, "C0", first.headline(), NOW)
        assert digest_id is not None
        digests.mark_posted(session, digest_id, "1700000000.000100", NOW)
        # a day later Negotiation meets, all four of them
        later = NOW + timedelta(days=1)
        held(session, programme_id, ids["negotiation"], date(2026, 11, 24), came(B, 4))
        second = figures(session, programme_id, later, CADENCE)
        previous = digests.previous(session, programme_id, later)
    assert previous is not None
    assert previous.headline["circles_held_percent"] == 50
    assert second.circles is not None and second.circles.held_percent == 75
    message = digest_message(second, previous.headline, previous.posted_at, "en")
    text = json.dumps(message["blocks"])
    assert "3 of 4 circles (75 %) (+25 pp)" in text
    assert "12 of 16 places at this cycle's sessions (75 %) (+8 pp)" in text
    assert "4 open \\u00b7 16 people in them (\\u00b10)" in text
    assert "Circles that may need help: 1" in text and "*Leading* (<#C0LEAD>)" in text
    assert "Pairs" not in text and "SECRET" not in text


def test_the_figures_take_the_same_statements_however_many_circles(
    database: Database, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        programme_id, _ = build(session)
    with sessions.begin() as session, statements(database) as few:
        figures(session, programme_id, NOW, CADENCE)
    with sessions.begin() as session:
        for n in range(6):
            people = [f"UN{n}{k}" for k in range(4)]
            made = make(session, programme_id, f"More {n}", people, channel=f"C0M{n}")
            held(session, programme_id, made, date(2026, 11, 12 + n), came(people, n % 4))
    with sessions.begin() as session, statements(database) as many:
        bigger = figures(session, programme_id, NOW, CADENCE)
    assert bigger.circles is not None and bigger.circles.active == 10
    assert len(many) == len(few)
