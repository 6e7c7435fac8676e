"""Forming circles from the database: who may be placed, the draft with its explanations,
confirming it once, stale drafts, filling open circles, and first in line next time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.circle_forms import FormOptions, FormTopic
from bot.domain import (
    CareerLevel,
    CircleUnplacedNote,
    CircleWaitReason,
    OutboxKind,
    ProfileInput,
    ProgrammeKind,
    RolePreference,
)
from bot.models import Circle, CircleMember, CircleWaiting, Outbox, Programme, ProgrammeMember
from bot.services import circle_confirming, circle_forming, circles, members, privacy
from bot.services.circle_confirming import ConfirmOutcome
from tests.programme import TEAM, the_programme

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
TOPICS = ("negotiation", "strategy", "public_speaking", "writing", "delegation")
ZONES = ("Europe/Stockholm", "Europe/London", "America/New_York", "Asia/Tokyo")


def circles_programme(session: Session) -> int:
    """The workspace's programme, made a circles programme."""
    programme_id = the_programme(session)
    programme = session.get(Programme, programme_id)
    assert programme is not None
    programme.kind = ProgrammeKind.CIRCLES
    session.flush()
    return programme_id


def enrol(
    session: Session,
    programme_id: int,
    people: dict[str, tuple[tuple[str, ...], str]],
    now: datetime = NOW,
) -> None:
    """Members with profiles: user -> (the skills they want to develop, their time zone)."""
    for user, (wants, zone) in people.items():
        profile = ProfileInput(
            skills_offered=("finance",),
            skills_wanted=wants,
            department="Sales",
            role_preference=RolePreference.PEER,
            career_level=CareerLevel.MID,
            about="",
        )
        members.save_profile(session, TEAM, programme_id, user, profile, now, "en")
        members.ensure_member(session, TEAM, user, now).time_zone = zone
    session.flush()


def forty() -> dict[str, tuple[tuple[str, ...], str]]:
    """40 people: most want one or two of the five topics' skills, a few want none of them;
    a quarter in Tokyo (no working hour shared with Europe)."""
    people: dict[str, tuple[tuple[str, ...], str]] = {}
    for i in range(40):
        wants = (TOPICS[i % 5],) if i % 3 else (TOPICS[i % 5], TOPICS[(i + 2) % 5])
        if i % 13 == 12:
            wants = ("finance",)
        people[f"U{i:03d}"] = (wants, ZONES[(i // 3) % 4])
    return people


def topics(*skills: str, low: int = 4, high: int = 8, limit: int | None = None) -> FormOptions:
    return FormOptions(tuple(FormTopic(s.title(), (s,), low, high, limit) for s in skills))


def test_a_draft_places_each_person_once_within_sizes_and_says_why(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme = circles_programme(session)
        enrol(session, programme, forty())
        draft = circle_forming.draft_formation(
            session, TEAM, programme, "UCOORD", topics(*TOPICS), NOW
        )
        shown = circle_forming.preview(draft)
    placed = [p.user_id for c in shown.circles for p in c.placements]
    assert len(placed) == len(set(placed)) and len(placed) >= 24
    assert all(4 <= len(c.placements) <= 8 and c.circle_id is None for c in shown.circles)
    assert set(placed).isdisjoint(u for u, _ in shown.unplaced)
    assert len(placed) + len(shown.unplaced) == 40
    for circle in shown.circles:
        skill = circle.topic.lower()
        for p in circle.placements:
            assert p.skills == (skill,) and p.new
            assert p.shared_hours is not None and p.shared_hours >= 1
    reasons = dict(shown.unplaced)
    assert reasons["U012"] == CircleWaitReason.NO_MATCHING_TOPIC  # wants only finance
    assert 0 < shown.fit <= 1


def test_who_may_be_placed_leaves_out_the_paused_the_inactive_and_those_in_a_circle(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme = circles_programme(session)
        people = {f"U{i}": (("negotiation",), "Europe/Stockholm") for i in range(8)}
        enrol(session, programme, people)
        place = session.get(ProgrammeMember, (programme, "U0"))
        assert place is not None
        place.paused_until = NOW + timedelta(days=7)
        _make(session, programme, ["U1", "U2", "U3", "U4"])
        placeable = {m.user_id for m in circle_forming.placeable(session, programme, NOW)}
    assert placeable == {"U5", "U6", "U7"}


def _make(session: Session, programme: int, people: list[str], max_size: int = 8) -> Circle:
    circle, _ = circles.create(
        session,
        team_id=TEAM,
        programme_id=programme,
        topic="Negotiation",
        description="",
        skills=["negotiation"],
        min_size=4,
        max_size=max_size,
        people=people,
        first_facilitator=None,
        origin=f"V{people[0]}",
        by="UCOORD",
        now=NOW,
    )
    return circle


def test_confirming_creates_the_circles_once_and_puts_the_unplaced_first_in_line(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme = circles_programme(session)
        enrol(session, programme, forty())
        draft = circle_forming.draft_formation(
            session, TEAM, programme, "UCOORD", topics(*TOPICS), NOW
        )
        draft_id = draft.id
        expected = [[m["user_id"] for m in c["members"]] for c in draft.circles]
        left_out = {u["user_id"] for u in draft.unplaced}
    with sessions.begin() as session:
        done = circle_confirming.confirm(session, TEAM, draft_id, "UCOORD", NOW)
    with sessions.begin() as session:
        again = circle_confirming.confirm(session, TEAM, draft_id, "UCOORD", NOW)
        made = session.scalars(select(Circle).order_by(Circle.id)).all()
        rotations = [[m.user_id for m in circles.members(session, c.id)] for c in made]
        waiting = dict(session.execute(select(CircleWaiting.user_id, CircleWaiting.reason)).all())
        told = session.scalars(
            select(Outbox.user_id).where(Outbox.kind == OutboxKind.CIRCLE_UNPLACED)
        ).all()
    assert done.outcome is ConfirmOutcome.CREATED and done.made == len(expected)
    assert again.outcome is ConfirmOutcome.ALREADY and again.made == done.made
    assert [c.origin for c in made] == [f"{draft_id}/{n}" for n in range(len(expected))]
    assert rotations == expected  # each circle's members in their turn to facilitate
    assert set(waiting) == left_out and waiting["U012"] is CircleWaitReason.NO_MATCHING_TOPIC
    assert sorted(told) == sorted(left_out)  # each told once, however often it was confirmed


def test_a_draft_someone_in_it_has_left_since_is_stale_and_creates_nothing(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme = circles_programme(session)
        enrol(session, programme, {f"U{i}": (("strategy",), "Europe/London") for i in range(9)})
        draft = circle_forming.draft_formation(
            session, TEAM, programme, "UCOORD", topics("strategy"), NOW
        )
        assert draft.circles
        someone = draft.circles[0]["members"][0]["user_id"]
        place = session.get(ProgrammeMember, (programme, someone))
        assert place is not None
        place.paused_until = NOW + timedelta(days=3)
        outcome = circle_confirming.confirm(session, TEAM, draft.id, "UCOORD", NOW).outcome
        assert outcome is ConfirmOutcome.STALE
        assert session.scalar(select(func.count()).select_from(Circle)) == 0
        assert circle_confirming.confirm(session, TEAM, "nope", "UCOORD", NOW).outcome is (
            ConfirmOutcome.MISSING
        )
        assert circle_confirming.confirm(session, "TOTHER", draft.id, "U1", NOW).outcome is (
            ConfirmOutcome.MISSING
        )


def test_forming_fills_an_open_circle_with_room_and_keeps_its_members(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme = circles_programme(session)
        people = {f"U{i}": (("negotiation",), "Europe/Stockholm") for i in range(7)}
        enrol(session, programme, people)
        circle = _make(session, programme, ["U0", "U1", "U2", "U3"], max_size=6)
        options = FormOptions(topics("writing").topics, fill_open=True)
        draft = circle_forming.draft_formation(session, TEAM, programme, "UCOORD", options, NOW)
        shown = circle_forming.preview(draft)
        assert [c.circle_id for c in shown.circles] == [circle.id]
        newcomers = {p.user_id for p in shown.circles[0].newcomers}
        assert len(newcomers) == 2 and newcomers < {"U4", "U5", "U6"}
        assert {u for u, _ in shown.unplaced} == {"U4", "U5", "U6"} - newcomers
        done = circle_confirming.confirm(session, TEAM, draft.id, "UCOORD", NOW)
        assert (done.outcome, done.made, done.filled) == (ConfirmOutcome.CREATED, 0, 1)
        inside = {m.user_id for m in circles.members(session, circle.id)}
        assert inside == {"U0", "U1", "U2", "U3"} | newcomers
        assert session.scalar(select(func.count()).select_from(CircleMember)) == 6


def test_whoever_waits_is_placed_first_next_time(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        programme = circles_programme(session)
        enrol(session, programme, {f"UA{i}": (("writing",), "Europe/London") for i in range(6)})
        one = topics("writing", high=4, limit=1)
        first = circle_forming.draft_formation(session, TEAM, programme, "UCOORD", one, NOW)
        circle_confirming.confirm(session, TEAM, first.id, "UCOORD", NOW)
        left_out = {u["user_id"] for u in first.unplaced}
        assert len(left_out) == 2
        assert {w.reason for w in session.scalars(select(CircleWaiting))} == {
            CircleWaitReason.CIRCLES_FULL
        }
        later = NOW + timedelta(days=30)
        enrol(session, programme, {f"UB{i}": (("writing",), "Europe/London") for i in range(4)})
        second = circle_forming.draft_formation(session, TEAM, programme, "UCOORD", one, later)
        placed = {m["user_id"] for c in second.circles for m in c["members"]}
        assert left_out < placed
        assert all(
            m["first_in_line"] == (m["user_id"] in left_out)
            for c in second.circles
            for m in c["members"]
        )
        circle_confirming.confirm(session, TEAM, second.id, "UCOORD", later)
        still = set(session.scalars(select(CircleWaiting.user_id)))
        assert still.isdisjoint(left_out) and len(still) == 2
        # a DM still queued for someone placed since is no longer wanted
        assert all(circle_confirming.unplaced_note(session, programme, u) is None for u in left_out)
        note = circle_confirming.unplaced_note(session, programme, min(still))
        assert note == CircleUnplacedNote("circles_full")


def test_bad_options_are_named_by_field():
    problems = circle_forming.option_problems
    assert problems(topics("writing")) == {}
    assert problems(FormOptions(())) == {"topics": "circle_form.error.topics"}
    assert problems(topics(*(["writing"] * 11))) == {"topics": "circle_form.error.topics"}
    assert problems(topics("juggling")) == {"topics": "circle_form.error.skills"}
    assert problems(topics("writing", low=6, high=5)) == {
        "max_size": "circle_form.error.min_above_max"
    }
    assert problems(topics("writing", low=3, high=9)) == {
        "min_size": "circle_form.error.size",
        "max_size": "circle_form.error.size",
    }
    assert problems(topics("writing", limit=0)) == {"max_circles": "circle_form.error.max_circles"}


def test_only_an_open_circles_programme_is_formed(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        programme = the_programme(session)
        assert not circle_forming.is_circles(session, TEAM, programme)
        circles_programme(session)
        assert circle_forming.is_circles(session, TEAM, programme)
        assert not circle_forming.is_circles(session, "TOTHER", programme)


def test_a_topic_needs_a_name_and_one_to_five_skills_of_the_catalogue():
    problems = circle_forming.topic_problems
    assert problems(FormTopic("Leading remotely", ("leading_teams", "remote_collaboration"))) == {}
    assert problems(FormTopic(" ", ("strategy",))) == {"name": "circle_form.error.name"}
    assert problems(FormTopic("x" * 81, ("strategy",))) == {"name": "circle_form.error.name"}
    six = ("strategy", "writing", "negotiation", "delegation", "design", "sales")
    assert problems(FormTopic("Many", six)) == {"skills": "circle_form.error.skills"}
    assert problems(FormTopic("None", ())) == {"skills": "circle_form.error.skills"}


def test_someone_forgotten_is_swapped_out_of_the_drafts_that_name_them(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme = circles_programme(session)
        enrol(session, programme, {f"U{i}": (("writing",), "Europe/London") for i in range(5)})
        enrol(session, programme, {"UOUT": (("finance",), "Europe/London")})
        draft = circle_forming.draft_formation(
            session, TEAM, programme, "UCOORD", topics("writing"), NOW
        )
        privacy.forget(session, TEAM, "U0", b"k" * 32, NOW)
        privacy.forget(session, TEAM, "UOUT", b"k" * 32, NOW)
        session.refresh(draft)
        assert "U0" not in str(draft.circles) and "UOUT" not in str(draft.unplaced)
        assert len(draft.circles[0]["members"]) == 5 and len(draft.unplaced) == 1
