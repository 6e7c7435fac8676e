"""Circles: made once per origin, joined while they have room, left and closed, and the
facilitator's turn going round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.models import CircleSession
from bot.services import circles, members
from bot.services.circles import JoinOutcome
from tests.programme import TEAM, the_programme

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _make(session: Session, programme: int, people: list[str], origin: str = "V1", **kw):
    return circles.create(
        session,
        team_id=TEAM,
        programme_id=programme,
        topic="Feedback",
        description="Giving and taking it",
        skills=["giving_feedback", "giving_feedback"],
        min_size=kw.get("min_size", 4),
        max_size=kw.get("max_size", 5),
        people=people,
        first_facilitator=kw.get("first"),
        origin=origin,
        by="UCOORD",
        now=NOW,
    )


def test_a_circle_is_made_once_per_origin_with_its_facilitator_first(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme = the_programme(session)
        circle, made = _make(session, programme, ["UA", "UB", "UC", "UD"], first="UC")
        again, made_again = _make(session, programme, ["UA", "UB"])
        assert made and not made_again and again.id == circle.id
        rotation = [m.user_id for m in circles.members(session, circle.id)]
        assert rotation == ["UC", "UA", "UB", "UD"]
        assert circles.skills_of(session, circle.id) == ["giving_feedback"]
        assert circles.next_facilitator(session, circle.id) == "UC"


def test_joining_takes_a_free_seat_once_and_nobody_is_in_two_circles(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme = the_programme(session)
        circle, _ = _make(session, programme, ["UA", "UB", "UC", "UD"])
        other, _ = _make(session, programme, ["UE", "UF", "UG", "UH"], origin="V2")
        join = lambda who, cid=circle.id: circles.join(session, TEAM, programme, cid, who, NOW)  # noqa: E731
        assert join("UE") is JoinOutcome.IN_ANOTHER
        assert join("UX") is JoinOutcome.JOINED
        assert join("UX") is JoinOutcome.ALREADY_IN
        assert join("UY") is JoinOutcome.FULL
        assert join("UY", other.id) is JoinOutcome.JOINED
        assert circles.join(session, "TOTHER", programme, other.id, "UZ", NOW) is (
            JoinOutcome.CLOSED
        )
        assert circles.member_counts(session, [circle.id, other.id]) == {
            circle.id: 5,
            other.id: 5,
        }
        # the newcomer's turn comes last
        assert circles.members(session, circle.id)[-1].user_id == "UX"


def test_leaving_and_closing_end_places_and_keep_the_history(sessions: sessionmaker[Session]):
    later = NOW + timedelta(days=3)
    with sessions.begin() as session:
        programme = the_programme(session)
        circle, _ = _make(session, programme, ["UA", "UB", "UC", "UD"])
        assert circles.leave(session, programme, "UB", later) is circle
        assert circles.leave(session, programme, "UB", later) is None
        assert [m.user_id for m in circles.members(session, circle.id)] == ["UA", "UC", "UD"]
        # back again: their turn comes last
        assert circles.join(session, TEAM, programme, circle.id, "UB", later) is (
            JoinOutcome.JOINED
        )
        assert circles.members(session, circle.id)[-1].user_id == "UB"
        assert circles.close(session, TEAM, circle.id, later) is circle
        assert circles.close(session, TEAM, circle.id, later) is None
        assert circles.members(session, circle.id) == []
        assert circles.open_circles(session, programme) == []
        assert circles.join(session, TEAM, programme, circle.id, "UQ", later) is (
            JoinOutcome.CLOSED
        )


def test_the_facilitator_rotates_every_session_among_those_still_in(
    sessions: sessionmaker[Session],
):
    assert [circles.facilitator(["A", "B", "C"], n) for n in range(5)] == [
        "A",
        "B",
        "C",
        "A",
        "B",
    ]
    assert circles.facilitator([], 3) is None
    with sessions.begin() as session:
        programme = the_programme(session)
        circle, _ = _make(session, programme, ["UA", "UB", "UC", "UD"])
        for day in range(3):
            session.add(
                CircleSession(
                    team_id=TEAM,
                    programme_id=programme,
                    circle_id=circle.id,
                    session_date=(NOW + timedelta(days=14 * day)).date(),
                    facilitator=None,
                    logged_by="UA",
                    created_at=NOW,
                )
            )
        session.flush()
        assert circles.sessions_held(session, circle.id) == 3
        assert circles.next_facilitator(session, circle.id) == "UD"


def test_an_account_slack_says_is_gone_gives_up_its_circle_place(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme = the_programme(session)
        circle, _ = _make(session, programme, ["UA", "UB", "UC", "UD"])
        members.gone(session, TEAM, "UB", NOW)
        assert [m.user_id for m in circles.members(session, circle.id)] == ["UA", "UC", "UD"]
        assert circles.circle_of(session, programme, "UB") is None
