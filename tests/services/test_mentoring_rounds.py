"""Rounds of a mentoring programme: mentors take up to their capacity of mentees, each mentee
one mentor; a peer programme in the same workspace goes on pairing peers."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.domain import (
    CareerLevel,
    GoalInput,
    OutboxKind,
    OutboxStatus,
    PairingMode,
    ProfileInput,
    ProgrammeKind,
    RolePreference,
    RoundOptions,
    Visibility,
)
from bot.models import Outbox, Pair, PairMember, Programme, Round, Unpaired
from bot.services import availability, dashboard, goals, members, pairs, rhythm, rounds
from bot.services.members import CapacityOutcome
from bot.services.rounds import ConfirmOutcome
from tests.programme import MADE, TEAM, the_programme

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
MENTOR, MENTEE, PEER = RolePreference.MENTOR, RolePreference.MENTEE, RolePreference.PEER


def mentoring_programme(session: Session) -> int:
    the_programme(session)  # the workspace, with its first (peer) programme
    programme = Programme(
        team_id=TEAM, name="New hires", kind=ProgrammeKind.MENTORING, created_at=MADE
    )
    session.add(programme)
    session.flush()
    return programme.id


def join(
    session: Session, programme_id: int, user: str, role: RolePreference, capacity: int = 0
) -> None:
    senior = role is MENTOR
    profile = ProfileInput(
        skills_offered=("strategy", "writing") if senior else ("writing",),
        skills_wanted=("negotiation",) if senior else ("strategy",),
        department="Sales" if senior else "Finance",
        role_preference=role,
        career_level=CareerLevel.SENIOR if senior else CareerLevel.EARLY,
        about="",
    )
    members.save_profile(session, TEAM, programme_id, user, profile, NOW, "en")
    members.ensure_member(session, TEAM, user, NOW).time_zone = "Europe/Stockholm"
    if capacity:
        outcome = members.set_capacity(session, programme_id, user, capacity)
        assert outcome is CapacityOutcome.SET


def draft(session: Session, programme_id: int, now: datetime = NOW, **options) -> str:
    made = rounds.draft_round(session, TEAM, programme_id, "UCOORD", RoundOptions(**options), now)
    return made.id


def confirm(session: Session, draft_id: str, now: datetime = NOW) -> Round:
    outcome, created = rounds.confirm_round(session, TEAM, draft_id, now)
    assert outcome is ConfirmOutcome.CREATED and created is not None
    return created


def groups_of(session: Session, round_id: int) -> list[tuple[str, ...]]:
    """The round's running groups, each in coaching order."""
    rows = session.execute(
        select(PairMember.pair_id, PairMember.user_id)
        .join(Pair, Pair.id == PairMember.pair_id)
        .where(Pair.round_id == round_id, Pair.ended_at.is_(None))
        .order_by(PairMember.pair_id, PairMember.coach_order)
    )
    grouped: dict[int, list[str]] = {}
    for pair_id, user in rows:
        grouped.setdefault(pair_id, []).append(user)
    return [tuple(group) for group in grouped.values()]


def test_a_mentor_gets_up_to_their_capacity_and_each_mentee_one_mentor(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme_id = mentoring_programme(session)
        join(session, programme_id, "UM3", MENTOR, capacity=3)
        join(session, programme_id, "UM2", MENTOR, capacity=2)
        join(session, programme_id, "UM1", MENTOR)  # never said: one mentee
        for i in range(8):
            join(session, programme_id, f"UE{i}", MENTEE)
        draft_id = draft(session, programme_id, mode=PairingMode.PEER, group_size=3)
        previewed = rounds.load_draft(session, TEAM, draft_id)
        assert previewed is not None
        assert (previewed.mode, previewed.group_size) == (PairingMode.MENTORING, 2)
    with sessions.begin() as session:
        created = confirm(session, draft_id)
        groups = groups_of(session, created.id)
        assert {g for g in groups} == {tuple(g["members"]) for g in previewed.groups}
    with sessions.begin() as session:  # confirmed again: the same round, no pair twice
        outcome, again = rounds.confirm_round(session, TEAM, draft_id, NOW)
        assert outcome is ConfirmOutcome.ALREADY and again is not None
        assert again.id == created.id
        assert session.scalar(select(func.count()).select_from(Pair)) == 6
        left = set(session.scalars(select(Unpaired.user_id).where(Unpaired.round_id == created.id)))
    assert all(len(g) == 2 and g[0].startswith("UM") and g[1].startswith("UE") for g in groups)
    assert Counter(g[0] for g in groups) == {"UM3": 3, "UM2": 2, "UM1": 1}
    mentees = [g[1] for g in groups]
    assert len(set(mentees)) == len(mentees) == 6  # each mentee has one mentor
    assert left == {f"UE{i}" for i in range(8)} - set(mentees)  # six seats for eight
    with sessions.begin() as session:
        assert rounds.first_in_line(session, programme_id) == left
        later = NOW + timedelta(days=1)
        mine = pairs.current_pairs(session, TEAM, "UM3", later)
        assert len(mine) == 3 and {p.round_id for p in mine} == {created.id}
        cards = pairs.current_pairings(session, TEAM, "UM3", later)
        theirs = {g[1] for g in groups if g[0] == "UM3"}
        assert [c.pair_id for c in cards] == [p.id for p in mine]
        assert {c.group.members[1] for c in cards} == theirs
        oldest = mine[-1]  # not the newest: found by its id
        assert pairs.current_pair(session, TEAM, "UM3", later, oldest.id) is oldest
        card = pairs.current_pairing(session, TEAM, "UM3", later, oldest.id)
        assert card is not None and card.pair_id == oldest.id
        another = pairs.current_pairs(session, TEAM, "UM2", later)[0]
        assert pairs.current_pair(session, TEAM, "UM3", later, another.id) is None


def test_mentors_are_never_paired_together_and_peers_are_mentored(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme_id = mentoring_programme(session)
        for i in range(4):
            join(session, programme_id, f"UM{i}", MENTOR, capacity=2)
        join(session, programme_id, "UE0", MENTEE)
        join(session, programme_id, "UP0", PEER)  # chose neither: a mentee here
        created = confirm(session, draft(session, programme_id))
        groups = groups_of(session, created.id)
        left = session.scalars(select(Unpaired.user_id).where(Unpaired.round_id == created.id))
        assert list(left) == []  # mentors with nobody to mentor are not "left out"
    assert sorted(g[1] for g in groups) == ["UE0", "UP0"]
    assert all(g[0].startswith("UM") for g in groups)


def test_recent_pairs_and_avoid_lists_hold(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        programme_id = mentoring_programme(session)
        join(session, programme_id, "UMA", MENTOR)
        join(session, programme_id, "UMB", MENTOR)
        join(session, programme_id, "UE1", MENTEE)
        join(session, programme_id, "UE2", MENTEE)
        availability.avoid(session, TEAM, programme_id, "UE1", "UMA", NOW)
        first = confirm(session, draft(session, programme_id, recent_rounds=1))
        assert sorted(groups_of(session, first.id)) == [("UMA", "UE2"), ("UMB", "UE1")]
    later = NOW + timedelta(weeks=2)
    with sessions.begin() as session:  # UE1 met UMB last round and avoids UMA: nobody left
        second = confirm(session, draft(session, programme_id, later, recent_rounds=1), later)
        assert groups_of(session, second.id) == [("UMB", "UE2")]
        left = session.scalars(select(Unpaired.user_id).where(Unpaired.round_id == second.id))
        assert list(left) == ["UE1"]
        assert second.number == 2


def test_a_preview_goes_stale_when_a_mentor_has_less_room_or_stops_mentoring(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme_id = mentoring_programme(session)
        join(session, programme_id, "UM", MENTOR, capacity=2)
        join(session, programme_id, "UE1", MENTEE)
        join(session, programme_id, "UE2", MENTEE)
        fewer = draft(session, programme_id)
        members.set_capacity(session, programme_id, "UM", 1)
        assert rounds.confirm_round(session, TEAM, fewer, NOW)[0] is ConfirmOutcome.STALE
        join(session, programme_id, "UM", MENTOR, capacity=2)
        turned = draft(session, programme_id)
        join(session, programme_id, "UM", MENTEE)
        assert rounds.confirm_round(session, TEAM, turned, NOW)[0] is ConfirmOutcome.STALE
        join(session, programme_id, "UM", MENTOR)
        assert rounds.confirm_round(session, TEAM, draft(session, programme_id), NOW)[0] is (
            ConfirmOutcome.CREATED
        )


def test_capacity_is_one_to_five_for_an_active_mentor_of_a_mentoring_programme(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme_id = mentoring_programme(session)
        join(session, programme_id, "UM", MENTOR)
        join(session, programme_id, "UE", MENTEE)
        join(session, the_programme(session), "UPEER", MENTOR)  # a mentor of a peer programme
        set_capacity = members.set_capacity
        assert set_capacity(session, programme_id, "UM", 0) is CapacityOutcome.OUT_OF_RANGE
        assert set_capacity(session, programme_id, "UM", 6) is CapacityOutcome.OUT_OF_RANGE
        assert set_capacity(session, programme_id, "UE", 2) is CapacityOutcome.NOT_MENTOR
        peer_programme = the_programme(session)
        assert set_capacity(session, peer_programme, "UPEER", 2) is CapacityOutcome.NOT_MENTOR
        assert set_capacity(session, programme_id, "UNOBODY", 2) is CapacityOutcome.NOT_ACTIVE
        assert set_capacity(session, programme_id, "UM", 5) is CapacityOutcome.SET
        members.leave(session, TEAM, programme_id, "UM", NOW)
        assert set_capacity(session, programme_id, "UM", 4) is CapacityOutcome.NOT_ACTIVE
        place = members.place_of(session, programme_id, "UM")
        assert place is not None and place.capacity == 5


def test_a_peer_programme_beside_it_pairs_peers_and_numbers_its_own_rounds(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        mentoring = mentoring_programme(session)
        peer = the_programme(session)
        join(session, mentoring, "UM", MENTOR, capacity=2)
        join(session, mentoring, "UE1", MENTEE)
        join(session, mentoring, "UE2", MENTEE)
        for user in ("UP1", "UP2", "UP3", "UM"):  # the mentor is a peer there
            join(session, peer, user, PEER)
        confirm(session, draft(session, mentoring))
    later = NOW + timedelta(weeks=1)
    with sessions.begin() as session:
        second = confirm(session, draft(session, mentoring, later, recent_rounds=0), later)
        peer_draft = draft(session, peer, later, mode=PairingMode.PEER)
        peer_round = confirm(session, peer_draft, later)
        assert (second.number, peer_round.number) == (2, 1)
        assert (peer_round.mode, peer_round.group_size) == (PairingMode.PEER, 2)
        peer_groups = groups_of(session, peer_round.id)
        assert sorted(len(g) for g in peer_groups) == [2, 2]
        assert set().union(*peer_groups) == {"UP1", "UP2", "UP3", "UM"}
        assert sorted(groups_of(session, second.id)) == [("UM", "UE1"), ("UM", "UE2")]
        running = pairs.current_pairs(session, TEAM, "UM", later)
        assert len(running) == 3  # two mentees, one peer
        only_peer = pairs.current_pairs(session, TEAM, "UM", later, peer)
        assert [p.round_id for p in only_peer] == [peer_round.id]


def test_a_mentor_asking_for_a_new_mentee_gets_a_free_one_and_theirs_a_mentor_with_room(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme_id = mentoring_programme(session)
        join(session, programme_id, "UMA", MENTOR, capacity=2)
        join(session, programme_id, "UE1", MENTEE)
        join(session, programme_id, "UE2", MENTEE)
        created = confirm(session, draft(session, programme_id))
    later = NOW + timedelta(days=7)
    with sessions.begin() as session:
        join(session, programme_id, "UMB", MENTOR, capacity=2)  # joined since, with room
        join(session, programme_id, "UE3", MENTEE)
        mine = pairs.current_pairs(session, TEAM, "UMA", later)
        chosen = next(p for p in mine if "UE1" in pairs.members_of(session, p))
        change = pairs.request_new_partner(session, TEAM, "UMA", "", later, pair_id=chosen.id)
        assert change.outcome is pairs.RequestOutcome.REPAIRED
        assert change.old_partners == ("UE1",)
        groups = sorted(groups_of(session, created.id))
    assert groups == [("UMA", "UE2"), ("UMA", "UE3"), ("UMB", "UE1")]


def test_a_mentors_home_shows_every_mentees_shared_goals_and_only_this_programmes_pairing(
    sessions: sessionmaker[Session],
):
    later = NOW + timedelta(days=1)
    with sessions.begin() as session:
        mentoring, peer = mentoring_programme(session), the_programme(session)
        join(session, mentoring, "UM", MENTOR, capacity=2)
        join(session, mentoring, "UE1", MENTEE)
        join(session, mentoring, "UE2", MENTEE)
        confirm(session, draft(session, mentoring))
        for user, visibility in (("UE1", Visibility.PARTNER), ("UE2", Visibility.PARTNER)):
            goal = GoalInput("Lead a meeting", None, "", "Once", date(2027, 3, 1), visibility)
            goals.create_goal(session, TEAM, mentoring, user, goal, None, later)
        join(session, peer, "UM", PEER)
        join(session, peer, "UP", PEER)
        confirm(session, draft(session, peer, later), later)  # the peer pair is the newest
        board = dashboard.dashboard(session, TEAM, mentoring, "UM", later, "en")
        assert {g.owner for g in board.partner_goals} == {"UE1", "UE2"}
        assert board.pairing is not None
        assert set(board.pairing.group.members) in ({"UM", "UE1"}, {"UM", "UE2"})
        in_peer = dashboard.dashboard(session, TEAM, peer, "UM", later, "en")
        assert in_peer.pairing is not None and set(in_peer.pairing.group.members) == {"UM", "UP"}


def test_a_mentor_is_asked_each_mid_round_survey_once_not_once_a_mentee(
    sessions: sessionmaker[Session],
):
    with sessions.begin() as session:
        programme_id = mentoring_programme(session)
        join(session, programme_id, "UM", MENTOR, capacity=3)
        for i in range(3):
            join(session, programme_id, f"UE{i}", MENTEE)
        confirm(session, draft(session, programme_id, round_weeks=26))
    moment = NOW
    while moment < NOW + timedelta(days=75):  # past the survey 60 days in, and room for it
        with sessions.begin() as session:
            rhythm.plan(session, TEAM, moment)
        moment += timedelta(hours=12)
    with sessions() as session:
        asked = Counter(
            session.execute(
                select(Outbox.user_id, Outbox.number).where(Outbox.kind == OutboxKind.SURVEY)
            ).all()
        )
    assert asked == {("UM", 60): 1, ("UE0", 60): 1, ("UE1", 60): 1, ("UE2", 60): 1}


def test_a_mentor_gets_the_prompt_of_each_mentee_however_many(
    sessions: sessionmaker[Session],
):
    """The weekly cap grows with the groups someone is in: three mentees, three prompts (and
    each mentee's reminder), none skipped for the cap."""
    with sessions.begin() as session:
        programme_id = mentoring_programme(session)
        join(session, programme_id, "UM", MENTOR, capacity=3)
        for i in range(3):
            join(session, programme_id, f"UE{i}", MENTEE)
        confirm(session, draft(session, programme_id, round_weeks=12))
    moment = NOW
    while moment < NOW + timedelta(days=19):  # the first prompts (14 days) and reminders
        with sessions.begin() as session:
            rhythm.plan(session, TEAM, moment)
        moment += timedelta(hours=6)
    with sessions() as session:
        sent = Counter(
            session.execute(
                select(Outbox.kind, Outbox.status).where(
                    Outbox.user_id == "UM",
                    Outbox.kind.in_((OutboxKind.PROMPT, OutboxKind.REMINDER)),
                )
            ).all()
        )
    assert sent == {
        (OutboxKind.PROMPT, OutboxStatus.PENDING): 3,
        (OutboxKind.REMINDER, OutboxStatus.PENDING): 3,
    }
