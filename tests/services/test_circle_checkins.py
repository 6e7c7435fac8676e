"""Logging a circle's session: the facilitator the first logger names, the date checked, and
nobody outside the circle logging it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import CircleSession
from bot.services import circle_checkins, circles
from tests.programme import TEAM, the_programme

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
PEOPLE = ["UA", "UB", "UC", "UD"]


def _circle(session: Session) -> int:
    circle, _ = circles.create(
        session,
        team_id=TEAM,
        programme_id=the_programme(session),
        topic="Feedback",
        description="",
        skills=[],
        min_size=4,
        max_size=5,
        people=PEOPLE,
        first_facilitator="UA",
        origin="V1",
        by="UCOORD",
        now=NOW,
    )
    return circle.id


def test_the_first_logger_names_who_facilitated_and_the_turn_moves_on_all_the_same(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        circle_id = _circle(session)
        logged = circle_checkins.record(
            session, TEAM, "UB", circle_id, NOW.date(), ["UB", "UC", "UX"], "UC", NOW
        )
        assert logged is not None
        assert (logged.facilitator, logged.attended, logged.new) == ("UC", ("UB", "UC"), True)
        assert logged.next_facilitator == "UB"  # one session held: the second turn
        later = circle_checkins.record(
            session, TEAM, "UD", circle_id, NOW.date(), ["UD"], "UA", NOW
        )
        assert later is not None and not later.new
        assert (later.facilitator, later.attended) == ("UC", ("UB", "UC", "UD"))
        held = session.scalars(select(CircleSession)).one()
        assert (held.facilitator, held.logged_by) == ("UC", "UB")


def test_dates_are_checked_and_outsiders_log_nothing(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        circle_id = _circle(session)
        form = circle_checkins.form(session, TEAM, "UA", circle_id, NOW)
        assert form is not None and form.facilitator == "UA" and form.today == date(2026, 12, 1)
        tomorrow = NOW.date() + timedelta(days=1)
        assert [e.key for e in circle_checkins.validate(tomorrow, "UB", form)] == [
            "circle_rhythm.error_date_future"
        ]
        assert [e.field for e in circle_checkins.validate(None, "UZ", form)] == [
            "date",
            "facilitator",
        ]
        assert circle_checkins.validate(NOW.date(), None, form) == []
        assert circle_checkins.form(session, TEAM, "UZ", circle_id, NOW) is None
        assert (
            circle_checkins.record(session, TEAM, "UZ", circle_id, NOW.date(), ["UZ"], None, NOW)
            is None
        )
        circles.leave(session, the_programme(session), "UA", NOW)
        assert circle_checkins.form(session, TEAM, "UA", circle_id, NOW) is None
        assert session.scalars(select(CircleSession)).all() == []
