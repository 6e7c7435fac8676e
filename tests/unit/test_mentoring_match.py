"""Mentoring with capacity: optimal against brute force, seats and hard rules always kept."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import combinations, product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from bot.domain import CareerLevel, PairingMode, RolePreference
from bot.services.matching import (
    ALONE,
    ALONE_FIRST_IN_LINE,
    Candidate,
    MatchRequest,
    UnplacedReason,
    match,
)
from bot.services.matching.mentoring import (
    MAX_CAPACITY,
    Mentor,
    MentoringRequest,
    match_mentoring,
    pair_scores,
    plan_round,
)
from bot.services.matching.scores import FORBIDDEN

SKILLS = [f"s{i}" for i in range(8)]


def _person(draw: st.DrawFn, key: str) -> Candidate:
    return Candidate(
        key=key,
        offers=frozenset(draw(st.sets(st.sampled_from(SKILLS), max_size=4))),
        wants=frozenset(draw(st.sets(st.sampled_from(SKILLS), min_size=1, max_size=3))),
        department=draw(st.sampled_from(["Sales", "Finance", "IT"])),
        role=draw(st.sampled_from(RolePreference)),  # not read: the list decides
        level=draw(st.none() | st.sampled_from(CareerLevel)),
        day_start=draw(st.none() | st.sampled_from([17, 14, 9, 8, 0, 20])),
        day_hours=draw(st.sampled_from([8.0, 4.0])),
        first_in_line=draw(st.booleans()),
    )


@st.composite
def rounds(draw: st.DrawFn, max_mentors: int = 6, max_mentees: int = 14) -> MentoringRequest:
    mentors = [
        Mentor(_person(draw, f"UM{i}"), draw(st.integers(1, MAX_CAPACITY)))
        for i in range(draw(st.integers(0, max_mentors)))
    ]
    mentees = [_person(draw, f"UE{i:02d}") for i in range(draw(st.integers(0, max_mentees)))]
    pairs = [frozenset((m.candidate.key, e.key)) for m in mentors for e in mentees] + [
        frozenset(p) for p in combinations([e.key for e in mentees], 2)
    ]
    listed = (
        st.sets(st.sampled_from(pairs), max_size=min(len(pairs), 12)) if pairs else st.just(set())
    )
    return MentoringRequest(
        mentors=mentors,
        mentees=mentees,
        recent=frozenset(draw(listed)),
        avoid=frozenset(draw(listed)),
        seed=draw(st.integers(0, 3)),
        candidates_per_mentee=draw(st.sampled_from([1, 2, 20])),
    )


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_seats_and_hard_rules_hold_and_every_mentee_is_accounted_for(request: MentoringRequest):
    result = match_mentoring(request)
    capacity = {m.candidate.key: m.capacity for m in request.mentors}
    mentees = {e.key for e in request.mentees}
    taken = {key: 0 for key in capacity}
    for group in result.groups:
        mentor, mentee = group.members
        assert mentor in capacity and mentee in mentees, "mentors meet mentees, only"
        assert group.first_coach == mentor
        assert frozenset(group.members) not in request.recent | request.avoid
        taken[mentor] += 1
    assert all(taken[key] <= capacity[key] for key in capacity), "a mentor over capacity"
    placed = [g.members[1] for g in result.groups]
    assert len(placed) == len(set(placed)), "a mentee with two mentors"
    assert sorted(placed + [u.key for u in result.unplaced]) == sorted(mentees)
    alone = UnplacedReason.ALONE if not capacity else UnplacedReason.NO_COMPATIBLE
    assert {u.reason for u in result.unplaced} <= {alone}


def _brute_force(request: MentoringRequest) -> float:
    """The best round's value over every way to give each mentee a mentor or none."""
    mentors, mentees, scores = pair_scores(request)
    alone = [-ALONE_FIRST_IN_LINE if e.first_in_line else -ALONE for e in mentees]
    best = -np.inf
    for choice in product(range(-1, len(mentors)), repeat=len(mentees)):
        if any(choice.count(j) > m.capacity for j, m in enumerate(mentors)):
            continue
        if any(j >= 0 and scores[i, j] <= FORBIDDEN / 2 for i, j in enumerate(choice)):
            continue
        value = sum(float(scores[i, j]) if j >= 0 else alone[i] for i, j in enumerate(choice))
        best = max(best, value)
    return best


@settings(max_examples=150, deadline=None)
@given(rounds(max_mentors=3, max_mentees=6))
def test_no_round_is_better_than_the_engines(request: MentoringRequest):
    result = match_mentoring(request)
    alone = {e.key: -ALONE_FIRST_IN_LINE if e.first_in_line else -ALONE for e in request.mentees}
    value = result.total_score + sum(alone[u.key] for u in result.unplaced)
    assert value == pytest.approx(_brute_force(request), abs=1e-3)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 40),
    st.integers(1, 15),
    st.integers(1, 3),
    st.integers(0, 10_000),
)
def test_priced_pairs_reach_the_optimum_from_one_mentor_each(
    n: int, m: int, per_mentee: int, seed: int
):
    """Even starting from each mentee's single best mentor, the seat prices bring in the pairs
    that pay, up to the exact optimum (a dense assignment), and the bound proves it."""
    rng = np.random.default_rng(seed)
    scores = rng.normal(2, 3, (n, m)).astype(np.float32)
    scores[rng.random((n, m)) < 0.2] = FORBIDDEN
    alone = np.where(rng.random(n) < 0.1, -ALONE_FIRST_IN_LINE, -ALONE).astype(np.float32)
    capacity = rng.integers(1, MAX_CAPACITY + 1, m)
    plan = plan_round(scores, alone, capacity, per_mentee)
    gain = np.where(scores > FORBIDDEN / 2, scores.astype(np.float64) - alone[:, None], 0)
    seats = np.maximum(gain[:, np.repeat(np.arange(m), capacity)], 0)
    rows, cols = linear_sum_assignment(seats, maximize=True)
    optimum = float(seats[rows, cols].sum() + alone.sum())
    assert plan.value == pytest.approx(optimum, abs=1e-6)
    assert plan.bound == pytest.approx(optimum, abs=1e-6)
    assert (np.bincount(plan.mentor_of[plan.mentor_of >= 0], minlength=m) <= capacity).all()


@settings(max_examples=100, deadline=None)
@given(rounds(), st.randoms(use_true_random=False))
def test_same_request_same_round_whatever_the_order(request: MentoringRequest, rnd: random.Random):
    mentors, mentees = list(request.mentors), list(request.mentees)
    rnd.shuffle(mentors)
    rnd.shuffle(mentees)
    again = replace(request, mentors=mentors, mentees=mentees)
    assert match_mentoring(request) == match_mentoring(again)


def _open(n_mentors: int, capacity: int, n_mentees: int) -> MentoringRequest:
    """A round with no rule between anyone: any mentor may take any mentee."""
    rnd = random.Random(n_mentors * 100 + n_mentees)

    def person(key: str) -> Candidate:
        return Candidate(
            key, frozenset(rnd.sample(SKILLS, 3)), frozenset(rnd.sample(SKILLS, 2)), "D"
        )

    return MentoringRequest(
        [Mentor(person(f"UM{i}"), capacity) for i in range(n_mentors)],
        [person(f"UE{i:02d}") for i in range(n_mentees)],
    )


@given(st.integers(1, 6), st.integers(1, MAX_CAPACITY), st.integers(0, 40))
def test_as_many_mentees_are_placed_as_there_are_seats(m: int, capacity: int, n: int):
    result = match_mentoring(_open(m, capacity, n))
    assert len(result.groups) == min(n, m * capacity)
    assert {u.reason for u in result.unplaced} <= {UnplacedReason.NO_COMPATIBLE}
    mentors = [g.members[0] for g in result.groups]
    assert max(map(mentors.count, set(mentors)), default=0) <= capacity


def test_without_mentors_every_mentee_is_alone():
    request = _open(0, 1, 3)
    result = match_mentoring(request)
    assert result.groups == ()
    assert [(u.key, u.reason) for u in result.unplaced] == [
        ("UE00", UnplacedReason.ALONE),
        ("UE01", UnplacedReason.ALONE),
        ("UE02", UnplacedReason.ALONE),
    ]


def test_without_mentees_nobody_is_placed_and_idle_mentors_are_not_unplaced():
    assert match_mentoring(_open(3, 2, 0)).groups == ()
    assert match_mentoring(_open(3, 2, 0)).unplaced == ()
    result = match_mentoring(_open(3, 2, 1))
    assert len(result.groups) == 1
    assert result.unplaced == ()


def test_a_mentee_whose_only_mentor_met_them_recently_has_no_compatible_mentor():
    request = _open(1, 3, 2)
    recent = frozenset({frozenset({"UM0", "UE00"})})
    result = match_mentoring(MentoringRequest(request.mentors, request.mentees, recent=recent))
    assert [g.members for g in result.groups] == [("UM0", "UE01")]
    assert [(u.key, u.reason) for u in result.unplaced] == [("UE00", UnplacedReason.NO_COMPATIBLE)]


def test_first_in_line_takes_the_last_seat_before_a_better_fit():
    mentor = Mentor(Candidate("UM", frozenset({"s1", "s2"}), frozenset({"s3"}), "A"), 1)
    keen = Candidate("UKEEN", frozenset({"s3"}), frozenset({"s1", "s2"}), "B")  # a great fit
    waiting = Candidate("UWAIT", frozenset(), frozenset({"s7"}), "A")
    without = match_mentoring(MentoringRequest([mentor], [keen, waiting]))
    assert [g.members for g in without.groups] == [("UM", "UKEEN")]
    waiting = Candidate("UWAIT", frozenset(), frozenset({"s7"}), "A", first_in_line=True)
    result = match_mentoring(MentoringRequest([mentor], [keen, waiting]))
    assert [g.members for g in result.groups] == [("UM", "UWAIT")]
    assert [u.key for u in result.unplaced] == ["UKEEN"]


def test_a_pair_scores_as_it_does_in_pairs_mode_mentoring():
    mentor = Candidate(
        "UANNA",
        frozenset({"s1", "s2"}),
        frozenset({"s5"}),
        "Finance",
        level=CareerLevel.SENIOR,
        day_start=1.0,
    )
    mentee = Candidate(
        "UBEN",
        frozenset({"s5"}),
        frozenset({"s1", "s3"}),
        "Sales",
        level=CareerLevel.MID,
        day_start=-5.0,
    )
    (group,) = match_mentoring(MentoringRequest([Mentor(mentor, 2)], [mentee])).groups
    as_pair = match(
        MatchRequest(
            [
                replace(mentor, role=RolePreference.MENTOR),
                replace(mentee, role=RolePreference.MENTEE),
            ],
            mode=PairingMode.MENTORING,
        )
    ).groups[0]
    assert group.members == ("UANNA", "UBEN")
    assert group.first_coach == "UANNA"
    assert group.score == pytest.approx(as_pair.score, abs=1e-3)  # up to the tie-break jitter
    assert {(e.giver, e.taker, e.skills) for e in group.exchanges} == {
        ("UANNA", "UBEN", ("s1",)),
        ("UBEN", "UANNA", ("s5",)),
    }
    assert group.departments == ("Finance", "Sales")
    assert group.shared_hours == 2.0


def test_a_mentor_with_several_mentees_is_in_several_groups():
    result = match_mentoring(_open(1, 3, 3))
    assert [g.members for g in result.groups] == [("UM0", "UE00"), ("UM0", "UE01"), ("UM0", "UE02")]


@pytest.mark.parametrize("capacity", [0, MAX_CAPACITY + 1])
def test_a_capacity_outside_one_to_five_is_refused(capacity: int):
    with pytest.raises(ValueError):
        Mentor(Candidate("UM", frozenset(), frozenset(), "A"), capacity)


def test_someone_both_mentor_and_mentee_is_refused():
    person = Candidate("U1", frozenset(), frozenset(), "A")
    with pytest.raises(ValueError):
        match_mentoring(MentoringRequest([Mentor(person)], [person]))
