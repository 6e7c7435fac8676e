"""Rounds in the database: preview, confirm once, never repeat, pauses, requests."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta
from itertools import combinations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.domain import CareerLevel, PairingMode, ProfileInput, RolePreference, RoundOptions
from bot.models import Member, Pair, PairMember, PartnerRequest, Round, Unpaired
from bot.services import availability, members, pairs, rounds
from bot.services.rounds import ConfirmOutcome
from tests.programme import the_programme

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
TEAM = "T0TEST"


def join(session: Session, user: str, department: str = "Finance", **changes) -> None:
    profile = ProfileInput(
        skills_offered=changes.get("offers", ("writing", "strategy")),
        skills_wanted=changes.get("wants", ("negotiation",)),
        department=department,
        role_preference=changes.get("role", RolePreference.PEER),
        career_level=CareerLevel.MID,
        about="",
    )
    members.save_profile(session, TEAM, the_programme(session), user, profile, NOW, "en")
    members.ensure_member(session, TEAM, user, NOW).time_zone = changes.get(
        "tz", "Europe/Stockholm"
    )


def run_round(sessions: sessionmaker[Session], now: datetime = NOW, **options) -> Round:
    with sessions.begin() as session:
        draft = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(**options), now
        )
        outcome, created = rounds.confirm_round(session, TEAM, draft.id, now)
        assert outcome is ConfirmOutcome.CREATED and created is not None
        return created


def groups_of(session: Session, round_id: int) -> set[frozenset[str]]:
    rows = session.execute(
        select(PairMember.pair_id, PairMember.user_id)
        .join(Pair, Pair.id == PairMember.pair_id)
        .where(Pair.round_id == round_id, Pair.ended_at.is_(None))
    )
    grouped: dict[int, set[str]] = {}
    for pair_id, user in rows:
        grouped.setdefault(pair_id, set()).add(user)
    return {frozenset(g) for g in grouped.values()}


def test_confirm_creates_exactly_the_preview(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        for i, dept in enumerate(["Finance", "Sales", "IT", "Sales", "Finance"]):
            join(session, f"U{i}", dept)
        draft = rounds.draft_round(
            session,
            TEAM,
            the_programme(session),
            "UCOORD",
            RoundOptions(mode=PairingMode.CROSS_GROUP, round_weeks=8),
            NOW,
        )
        previewed = {frozenset(g["members"]) for g in draft.groups}
        outcome, created = rounds.confirm_round(session, TEAM, draft.id, NOW)
        assert outcome is ConfirmOutcome.CREATED and created is not None
        assert (created.number, created.ends_at) == (1, NOW + timedelta(weeks=8))
        assert groups_of(session, created.id) == previewed
        assert sum(len(g) for g in previewed) == 5  # one triad takes the odd one
        assert rounds.last_options(session, the_programme(session)).mode is PairingMode.CROSS_GROUP
        first = session.scalars(select(PairMember).where(PairMember.coach_order == 0)).all()
        assert len(first) == len(previewed)  # one first coach per group


def test_confirming_twice_makes_one_round(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        for i in range(4):
            join(session, f"U{i}", f"D{i % 2}")
        draft_id = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(), NOW
        ).id
    with sessions.begin() as session:
        assert rounds.confirm_round(session, TEAM, draft_id, NOW)[0] is ConfirmOutcome.CREATED
    with sessions.begin() as session:
        outcome, again = rounds.confirm_round(session, TEAM, draft_id, NOW)
        assert outcome is ConfirmOutcome.ALREADY and again is not None
        assert session.scalar(select(func.count()).select_from(Round)) == 1


def test_two_coordinators_confirming_at_once_make_one_round(
    sessions: sessionmaker[Session], engine: Engine
):
    with sessions.begin() as session:
        for i in range(6):
            join(session, f"U{i}", f"D{i % 3}")
        draft_id = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(), NOW
        ).id
    outcomes: list[ConfirmOutcome] = []
    barrier = threading.Barrier(4)

    def confirm() -> None:
        barrier.wait()
        with sessions.begin() as session:
            outcomes.append(rounds.confirm_round(session, TEAM, draft_id, NOW)[0])

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted([ConfirmOutcome.CREATED] + [ConfirmOutcome.ALREADY] * 3)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 1
        assert session.scalar(select(func.count()).select_from(Pair)) == 3


def test_a_preview_goes_stale_when_things_change(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        for i in range(4):
            join(session, f"U{i}", f"D{i % 2}")
        old = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(), NOW
        ).id
        paused = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(), NOW
        ).id
        availability.pause(session, the_programme(session), "U0", 2, NOW)
        assert rounds.confirm_round(session, TEAM, paused, NOW)[0] is ConfirmOutcome.STALE
        availability.resume(session, the_programme(session), "U0", NOW)
        newer = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(), NOW
        ).id
        assert rounds.confirm_round(session, TEAM, newer, NOW)[0] is ConfirmOutcome.CREATED
        assert rounds.confirm_round(session, TEAM, old, NOW)[0] is ConfirmOutcome.STALE
        assert rounds.confirm_round(session, TEAM, "nope", NOW)[0] is ConfirmOutcome.MISSING


def test_paused_left_and_profileless_people_are_never_paired(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        for i in range(6):
            join(session, f"U{i}", f"D{i % 2}")
        availability.pause(session, the_programme(session), "U0", 2, NOW)
        members.leave(session, TEAM, the_programme(session), "U1", NOW)
        members.ensure_member(session, TEAM, "UNEW", NOW)  # never joined
    created = run_round(sessions)
    with sessions() as session:
        paired = set().union(*groups_of(session, created.id))
        assert paired == {"U2", "U3", "U4", "U5"}
    later = NOW + timedelta(weeks=2, minutes=1)  # the pause has ended by itself
    with sessions.begin() as session:
        eligible = rounds.eligible(session, the_programme(session), later)
        assert "U0" in {e.member.user_id for e in eligible}


def test_no_pair_repeats_within_the_window_and_avoid_lists_hold(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        for i in range(8):
            join(session, f"U{i}", f"D{i % 4}")
        availability.avoid(session, TEAM, the_programme(session), "U0", "U1", NOW)
    met: list[set[frozenset[str]]] = []
    for r in range(3):
        created = run_round(sessions, NOW + timedelta(weeks=12 * r), recent_rounds=6)
        with sessions() as session:
            met.append(
                {
                    frozenset(p)
                    for g in groups_of(session, created.id)
                    for p in combinations(sorted(g), 2)
                }
            )
    assert not met[0] & met[1] and not met[0] & met[2] and not met[1] & met[2]
    assert frozenset({"U0", "U1"}) not in set().union(*met)


def test_someone_left_out_is_first_in_line_next_round(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        for user in ("UA", "UB", "UC"):
            join(session, user, "Finance")
        availability.avoid(session, TEAM, the_programme(session), "UA", "UB", NOW)
        availability.avoid(
            session, TEAM, the_programme(session), "UB", "UC", NOW
        )  # UB can meet nobody
    first = run_round(sessions)
    with sessions.begin() as session:
        left = session.scalars(select(Unpaired.user_id).where(Unpaired.round_id == first.id)).all()
        assert left == ["UB"]
        assert "UB" in rounds.first_in_line(session, the_programme(session))
        assert {
            c.key: c.first_in_line for c in rounds.candidates(session, the_programme(session), NOW)
        }["UB"]


def test_asking_for_a_new_partner_repairs_both_with_free_people(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        for i in range(4):
            join(session, f"U{i}", f"D{i}")
    created = run_round(sessions)
    later = NOW + timedelta(days=7)
    with sessions.begin() as session:
        for user in ("UX", "UY"):  # joined after the round started: free
            join(session, user, f"D{user}")
        old = pairs.current_pair(session, TEAM, "U0", later)
        assert old is not None
        partner = next(m for m in pairs.members_of(session, old) if m != "U0")
        change = pairs.request_new_partner(session, TEAM, "U0", "  we never click  ", later)
        assert change.outcome is pairs.RequestOutcome.REPAIRED
        assert change.old_partners == (partner,) and change.reason == "we never click"
        now_groups = groups_of(session, created.id)
        assert frozenset({"U0", partner}) not in now_groups
        mine = next(g for g in now_groups if "U0" in g)
        assert mine & {"UX", "UY"}  # a free person, not someone already paired
        assert any(partner in g for g in now_groups)  # the freed partner got someone too
        again = pairs.request_new_partner(session, TEAM, "UNOBODY", "", later)
        assert again.outcome is pairs.RequestOutcome.NO_PAIR
        request = session.scalars(select(PartnerRequest)).one()
        assert request.resolved_at == later


def test_a_second_request_for_the_same_pair_changes_nothing(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        for i in range(2):
            join(session, f"U{i}", f"D{i}")
    run_round(sessions)
    with sessions.begin() as session:
        first = pairs.request_new_partner(session, TEAM, "U0", "", NOW)
        assert first.outcome is pairs.RequestOutcome.WAITING  # nobody free: first in line
        assert "U0" in rounds.first_in_line(session, the_programme(session))
        assert pairs.request_new_partner(session, TEAM, "U0", "", NOW).outcome in (
            pairs.RequestOutcome.NO_PAIR,
            pairs.RequestOutcome.ALREADY,
        )
        assert session.scalar(select(func.count()).select_from(PartnerRequest)) == 1


def test_the_rest_of_a_triad_carry_on_together(sessions: sessionmaker[Session]):
    with sessions.begin() as session:
        for i in range(3):
            join(session, f"U{i}", f"D{i}")
    created = run_round(sessions, group_size=3)
    with sessions.begin() as session:
        change = pairs.request_new_partner(session, TEAM, "U1", "", NOW)
        assert change.outcome is pairs.RequestOutcome.WAITING
        assert groups_of(session, created.id) == {frozenset({"U0", "U2"})}


def test_matching_weighs_each_members_own_meeting_hours_in_utc() -> None:
    winter, summer = datetime(2027, 1, 11, tzinfo=UTC), datetime(2027, 6, 14, tzinfo=UTC)
    early = Member(team_id=TEAM, user_id="U1", time_zone="Europe/Stockholm")
    early.meeting_start, early.meeting_end = time(7, 30), time(11)
    assert rounds.meeting_day(early, winter) == (6.5, 3.5)
    assert rounds.meeting_day(early, summer) == (5.5, 3.5)
    early.time_zone = None  # unknown zone: no hours to weigh, the length still known
    assert rounds.meeting_day(early, winter) == (None, 3.5)
