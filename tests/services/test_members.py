"""Saving a profile: joining, editing, rejoining, and what a session sees afterwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.domain import CareerLevel, MemberStatus, ProfileInput, RolePreference
from bot.models import MemberEvent
from bot.services import members
from bot.services.members import SaveOutcome
from tests.programme import the_programme

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
TEAM = "T0TEST"


def profile(department: str, *wants: str) -> ProfileInput:
    return ProfileInput(
        skills_offered=("writing", "writing"),
        skills_wanted=wants or ("strategy",),
        department=department,
        role_preference=RolePreference.PEER,
        career_level=CareerLevel.MID,
        about="  hello ",
    )


def test_join_edit_leave_and_rejoin_each_say_so_and_are_recorded(
    sessions: sessionmaker[Session],
):
    later = NOW + timedelta(days=1)
    with sessions.begin() as session:
        _, outcome = members.save_profile(
            session, TEAM, the_programme(session), "UANNA", profile("Finance"), NOW, "en"
        )
        assert outcome is SaveOutcome.JOINED
    with sessions.begin() as session:
        card, outcome = members.save_profile(
            session,
            TEAM,
            the_programme(session),
            "UANNA",
            profile(" Customer   Success ", "negotiation"),
            later,
            "en",
        )
        assert outcome is SaveOutcome.UPDATED
        assert card.department == "Customer Success"  # tidied, as stored
        assert (card.skills_offered, card.skills_wanted) == (("writing",), ("negotiation",))
        assert (card.about, card.joined_at) == ("hello", NOW)  # an edit is no new membership
    with sessions.begin() as session:
        members.leave(session, TEAM, the_programme(session), "UANNA", later)
    with sessions.begin() as session:
        _, outcome = members.save_profile(
            session, TEAM, the_programme(session), "UANNA", profile("Legal"), later, "en"
        )
        assert outcome is SaveOutcome.REJOINED
    with sessions() as session:
        kinds = session.scalars(select(MemberEvent.kind).order_by(MemberEvent.id))
        assert [k.value for k in kinds] == ["joined", "profile_updated", "left", "rejoined"]
        place = members.place_of(session, the_programme(session), "UANNA")
        assert place is not None and place.status is MemberStatus.ACTIVE


def test_an_edit_is_seen_by_the_session_that_read_the_member_before(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        members.save_profile(
            session, TEAM, the_programme(session), "UANNA", profile("Finance"), NOW, "en"
        )
    with sessions.begin() as session:
        before = members.ensure_member(session, TEAM, "UANNA", NOW)
        assert before.department == "Finance"
        members.save_profile(
            session, TEAM, the_programme(session), "UANNA", profile("Legal"), NOW, "en"
        )
        assert members.ensure_member(session, TEAM, "UANNA", NOW).department == "Legal"
