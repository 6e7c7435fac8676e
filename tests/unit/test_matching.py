"""The matching engine: hard rules always hold, odd sizes work, results are reproducible."""

from __future__ import annotations

import random
from functools import cache
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import CareerLevel, PairingMode, RolePreference
from bot.services.matching import (
    Candidate,
    MatchRequest,
    MatchResult,
    UnplacedReason,
    match,
)
from bot.services.matching.scores import shared_hours

SKILLS = [f"s{i}" for i in range(8)]


@st.composite
def programmes(draw: st.DrawFn, max_size: int = 24) -> MatchRequest:
    n = draw(st.integers(0, max_size))
    keys = [f"U{i:03d}" for i in range(n)]
    candidates = [
        Candidate(
            key=key,
            offers=frozenset(draw(st.sets(st.sampled_from(SKILLS), max_size=4))),
            wants=frozenset(draw(st.sets(st.sampled_from(SKILLS), min_size=1, max_size=3))),
            department=draw(st.sampled_from(["Sales", "Finance", "IT", "sales "])),
            role=draw(st.sampled_from(RolePreference)),
            level=draw(st.none() | st.sampled_from(CareerLevel)),
            day_start=draw(st.none() | st.sampled_from([17, 14, 9, 8, 7, 3.5, 0, 20])),
            day_hours=draw(st.sampled_from([8.0, 4.0, 10.5])),
            first_in_line=draw(st.booleans()),
        )
        for key in keys
    ]
    pairs = [frozenset(p) for p in combinations(keys, 2)]
    listed = (
        st.sets(st.sampled_from(pairs), max_size=min(len(pairs), 30)) if pairs else st.just(set())
    )
    return MatchRequest(
        candidates=candidates,
        mode=draw(st.sampled_from(PairingMode)),
        group_size=draw(st.sampled_from([2, 3])),
        recent=frozenset(draw(listed)),
        avoid=frozenset(draw(listed)),
        seed=draw(st.integers(0, 3)),
    )


def _department(c: Candidate) -> str:
    return c.department.strip().casefold()


@settings(max_examples=300, deadline=None)
@given(programmes())
def test_every_round_keeps_the_hard_rules_and_accounts_for_everyone(request: MatchRequest):
    result = match(request)
    by_key = {c.key: c for c in request.candidates}
    placed = [m for g in result.groups for m in g.members]
    assert len(placed) == len(set(placed)), "someone is in two groups"
    assert sorted(placed + [u.key for u in result.unplaced]) == sorted(by_key)
    for group in result.groups:
        assert len(group.members) in (2, 3)
        for a, b in combinations(group.members, 2):
            pair = frozenset((a, b))
            assert pair not in request.recent, "a recent pair met again"
            assert pair not in request.avoid, "an avoided pair was made"
            same = _department(by_key[a]) == _department(by_key[b])
            if request.mode is PairingMode.CROSS_GROUP:
                assert not same
            if request.mode is PairingMode.WITHIN_GROUP:
                assert same
            if request.mode is PairingMode.MENTORING:
                roles = {by_key[a].role, by_key[b].role}
                assert roles not in ({RolePreference.MENTOR}, {RolePreference.MENTEE})


@settings(max_examples=100, deadline=None)
@given(programmes(), st.randoms(use_true_random=False))
def test_same_request_same_groups_whatever_the_order(request: MatchRequest, rnd: random.Random):
    shuffled = list(request.candidates)
    rnd.shuffle(shuffled)
    again = MatchRequest(**{**request.__dict__, "candidates": shuffled})
    assert match(request) == match(again)


def _open_programme(n: int) -> list[Candidate]:
    """People with no rule between them: anyone may meet anyone."""
    rnd = random.Random(n)
    return [
        Candidate(
            f"U{i:03d}",
            frozenset(rnd.sample(SKILLS, 3)),
            frozenset(rnd.sample(SKILLS, 2)),
            f"D{i % 3}",
            day_start=8.0,
        )
        for i in range(n)
    ]


@given(st.integers(2, 60))
def test_pairs_with_one_triad_for_an_odd_count(n: int):
    sizes = sorted(len(g.members) for g in match(MatchRequest(_open_programme(n))).groups)
    assert sizes == [2] * (n // 2 - n % 2) + [3] * (n % 2)


@given(st.integers(3, 60))
def test_triads_with_pairs_only_for_the_remainder(n: int):
    result = match(MatchRequest(_open_programme(n), group_size=3))
    sizes = sorted(len(g.members) for g in result.groups)
    triads, rest = divmod(n, 3)
    expected = {0: [3] * triads, 1: [2, 2] + [3] * (triads - 1), 2: [2] + [3] * triads}[rest]
    assert sizes == expected
    assert result.unplaced == ()


def test_one_person_alone_is_told_why():
    result = match(MatchRequest(_open_programme(1)))
    assert [(u.key, u.reason) for u in result.unplaced] == [("U000", UnplacedReason.ALONE)]


def test_alone_in_their_department_within_groups():
    people = _open_programme(7)  # departments D0 x3, D1 x2, D2 x2
    lone = Candidate("U999", frozenset({"s1"}), frozenset({"s2"}), "Legal")
    result = match(MatchRequest([*people, lone], mode=PairingMode.WITHIN_GROUP))
    assert [(u.key, u.reason) for u in result.unplaced] == [("U999", UnplacedReason.ALONE)]


def test_everyone_met_recently_is_no_compatible_partner():
    a, b, c = _open_programme(3)
    recent = frozenset({frozenset({a.key, b.key}), frozenset({a.key, c.key})})
    result = match(MatchRequest([a, b, c], recent=recent))
    assert [g.members for g in result.groups] == [(b.key, c.key)]
    assert [(u.key, u.reason) for u in result.unplaced] == [(a.key, UnplacedReason.NO_COMPATIBLE)]


def test_first_in_line_is_placed_before_a_better_fit():
    host = Candidate("UHOST", frozenset({"s1", "s2"}), frozenset({"s3"}), "A")
    keen = Candidate("UKEEN", frozenset({"s3"}), frozenset({"s1", "s2"}), "B")  # a great fit
    waiting = Candidate("UWAIT", frozenset(), frozenset({"s7"}), "C", first_in_line=True)
    avoid = frozenset({frozenset({"UKEEN", "UWAIT"})})
    without = match(
        MatchRequest(
            [host, keen, waiting.__class__(**{**waiting.__dict__, "first_in_line": False})],
            avoid=avoid,
        )
    )
    assert [g.members for g in without.groups] == [("UHOST", "UKEEN")]
    result = match(MatchRequest([host, keen, waiting], avoid=avoid))
    assert [g.members for g in result.groups] == [("UHOST", "UWAIT")]
    assert [u.key for u in result.unplaced] == ["UKEEN"]


def test_pairs_avoid_time_zones_with_under_two_shared_hours():
    tokyo = [
        Candidate(f"UT{i}", frozenset({"s1"}), frozenset({"s2"}), "A", day_start=0)
        for i in range(2)
    ]
    la = [
        Candidate(f"UL{i}", frozenset({"s2"}), frozenset({"s1"}), "B", day_start=17)
        for i in range(2)
    ]
    result = match(MatchRequest(tokyo + la))
    for group in result.groups:
        assert group.shared_hours is not None and group.shared_hours >= 2
        assert {m[:2] for m in group.members} in ({"UT"}, {"UL"})


def test_reasons_say_who_helps_whom_with_what_and_who_coaches_first():
    mentor = Candidate(
        "UANNA",
        frozenset({"s1", "s2"}),
        frozenset({"s5"}),
        "Finance",
        RolePreference.MENTOR,
        CareerLevel.SENIOR,
        1.0,
    )
    mentee = Candidate(
        "UBEN",
        frozenset({"s5"}),
        frozenset({"s1", "s3"}),
        "Sales",
        RolePreference.MENTEE,
        CareerLevel.MID,
        -5.0,
    )
    (group,) = match(MatchRequest([mentor, mentee], mode=PairingMode.MENTORING)).groups
    assert group.first_coach == "UANNA"
    assert {(e.giver, e.taker, e.skills) for e in group.exchanges} == {
        ("UANNA", "UBEN", ("s1",)),
        ("UBEN", "UANNA", ("s5",)),
    }
    assert group.departments == ("Finance", "Sales")
    assert group.shared_hours == 2.0


@cache
def _best_pairing(scores: tuple[tuple[float, ...], ...], left: frozenset[int]) -> float:
    if not left:
        return 0.0
    first = min(left)
    rest = left - {first}
    return max(
        (
            scores[first][j] + _best_pairing(scores, rest - {j})
            for j in rest
            if scores[first][j] > -1e8
        ),
        default=-1e12,
    )


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5).map(lambda k: 2 * k), st.integers(0, 10_000))
def test_close_to_the_optimum_on_small_programmes(n: int, seed: int):
    """Against brute force over every pairing of up to 10 people."""
    import numpy as np

    from bot.services.matching import _arrays
    from bot.services.matching.scores import Scorer

    rnd = random.Random(seed)
    people = [
        Candidate(
            f"U{i}",
            frozenset(rnd.sample(SKILLS, rnd.randint(1, 4))),
            frozenset(rnd.sample(SKILLS, rnd.randint(1, 3))),
            rnd.choice("ABC"),
            day_start=rnd.choice([9, 8, 14, 0]),
        )
        for i in range(n)
    ]
    request = MatchRequest(people, seed=seed)
    result: MatchResult = match(request)
    scores = Scorer.of(_arrays(sorted(people, key=lambda c: c.key), request), request.mode).block(
        np.arange(n)
    )
    best = _best_pairing(tuple(map(tuple, scores.tolist())), frozenset(range(n)))
    assert result.unplaced == ()
    assert result.total_score >= best - 0.02 * abs(best) - 1e-3


def test_people_in_one_zone_whose_hours_never_meet_are_not_paired():
    # Same zone, but early birds work 06-10 and late starters 13-17: they share no hour.
    early = [
        Candidate(f"UE{i}", frozenset({"s1"}), frozenset({"s2"}), "A", day_start=6, day_hours=4)
        for i in range(2)
    ]
    late = [
        Candidate(f"UL{i}", frozenset({"s2"}), frozenset({"s1"}), "B", day_start=13, day_hours=4)
        for i in range(2)
    ]
    result = match(MatchRequest(early + late))
    for group in result.groups:
        assert {m[:2] for m in group.members} in ({"UE"}, {"UL"})
        assert group.shared_hours == 4


hours = st.floats(min_value=0, max_value=23.75).map(lambda h: round(h * 4) / 4)


@given(a=hours, b=hours)
def test_eight_hour_days_share_eight_hours_less_the_gap_between_them(a: float, b: float):
    gap = abs(a - b) % 24
    expected = max(0.0, 8 - min(gap, 24 - gap))
    found = shared_hours((np.float32([a]), np.float32([8])), (np.float32([b]), np.float32([8])))
    assert found[0] == pytest.approx(expected)


@given(a=hours, b=hours, la=st.sampled_from([1.0, 4.5, 8.0, 12.0]), lb=st.sampled_from([2.0, 8.0]))
def test_shared_hours_count_the_hours_both_spans_cover_around_midnight(
    a: float, b: float, la: float, lb: float
):
    quarters_a = {round(a * 4 + q) % 96 for q in range(round(la * 4))}
    quarters_b = {round(b * 4 + q) % 96 for q in range(round(lb * 4))}
    found = shared_hours((np.float32([a]), np.float32([la])), (np.float32([b]), np.float32([lb])))
    assert found[0] == pytest.approx(len(quarters_a & quarters_b) / 4)
