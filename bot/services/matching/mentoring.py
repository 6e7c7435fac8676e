"""Mentoring with capacity: each mentor takes up to their capacity of mentees, each mentee
one mentor. Pure: no Slack, no database, no clock.

A pair is scored by the same Scorer as `match()` in MENTORING mode, and recent and avoided
pairs are hard rules. Leaving a mentee out costs ALONE (ALONE_FIRST_IN_LINE for those left out
last time), far more than any pair's score, as in `match()`. The round is the transportation problem
"mentees to mentors' seats" solved exactly by column generation: an assignment over each
mentee's best mentors (every mentor repeated once per seat), the mentors' seat prices (LP duals)
read from it, and every mentor-mentee pair priced against them; pairs that would pay are added
and the assignment solved again, until none would. The prices then prove the optimum: no
round can beat what the mentees gain plus what the mentors' seats are worth at those prices.
Mentors who get nobody are not in the result (they are simply in no group).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from bot.domain import MAX_CAPACITY, Exchange, PairingMode, RolePreference
from bot.services.matching import (
    Candidate,
    Group,
    MatchRequest,
    MatchResult,
    Unplaced,
    UnplacedReason,
    _arrays,
    alone_values,
)
from bot.services.matching.scores import BLOCK_ROWS, FORBIDDEN, People, Scorer, shared_hours
from bot.services.matching.solve import assign_to_slots

MENTORS_PER_MENTEE = 40  # in the first assignment, and added per mentee in each later one;
# measured at 1,000 mentors and 3,000 mentees with seats for about all: 20 needs 4-5
# assignments, 40 needs 2 (0.8 s), 60 needs 2 but each takes longer
MAX_ROUNDS = 50  # assignments solved at most
TOLERANCE = 1e-6  # what an added pair must gain to count, in score units


@dataclass(frozen=True)
class Mentor:
    candidate: Candidate
    capacity: int = 1  # how many mentees they take at most

    def __post_init__(self) -> None:
        if not 1 <= self.capacity <= MAX_CAPACITY:
            raise ValueError(f"a mentor's capacity is 1 to {MAX_CAPACITY}")


@dataclass(frozen=True)
class MentoringRequest:
    """A round of a mentoring programme. Which list a person is in decides their role; the
    Candidate's own `role` is not read."""

    mentors: Sequence[Mentor]
    mentees: Sequence[Candidate]
    recent: frozenset[frozenset[str]] = frozenset()  # pairs that met within the window
    avoid: frozenset[frozenset[str]] = frozenset()  # pairs someone asked never to meet
    seed: int = 0
    candidates_per_mentee: int = MENTORS_PER_MENTEE


@dataclass(frozen=True)
class Plan:
    """A round as indexes: each mentee's mentor (-1: none), and what proves it optimal."""

    mentor_of: NDArray[np.int64]
    value: float  # scores of the pairs made plus the (negative) values of those left out
    bound: float  # no round is worth more
    rounds: int  # assignments solved


def match_mentoring(request: MentoringRequest) -> MatchResult:
    """Groups of (mentor, mentee), the mentor coaching first; unplaced mentees with a reason."""
    mentors, mentees, scorer = _setup(request)
    people = scorer.people
    m = len(mentors)
    scores = _scores(scorer, m)
    capacity = np.array([x.capacity for x in mentors], dtype=np.int64)
    plan = plan_round(scores, alone_values(mentees), capacity, request.candidates_per_mentee)
    groups = sorted(
        (
            _group(mentors[j].candidate, mentees[i], people, j, m + i, float(scores[i, j]))
            for i, j in enumerate(plan.mentor_of.tolist())
            if j >= 0
        ),
        key=lambda g: g.members,
    )
    left = np.flatnonzero(plan.mentor_of < 0)
    return MatchResult(
        groups=tuple(groups),
        unplaced=tuple(
            Unplaced(mentees[i].key, reason)
            for i, reason in zip(left.tolist(), _why_unplaced(m, left), strict=True)
        ),
    )


def pair_scores(
    request: MentoringRequest,
) -> tuple[list[Mentor], list[Candidate], NDArray[np.float32]]:
    """Mentors and mentees in key order, and every mentee's score with every mentor."""
    mentors, mentees, scorer = _setup(request)
    return mentors, mentees, _scores(scorer, len(mentors))


def _setup(request: MentoringRequest) -> tuple[list[Mentor], list[Candidate], Scorer]:
    """Mentors and mentees by key, and a Scorer over mentors (0..m-1) then mentees (m...)."""
    mentors = sorted(request.mentors, key=lambda x: x.candidate.key)
    mentees = sorted(request.mentees, key=lambda c: c.key)
    keys = [x.candidate.key for x in mentors] + [c.key for c in mentees]
    if len(set(keys)) != len(keys):
        raise ValueError("keys must be unique across mentors and mentees")
    everyone = [replace(x.candidate, role=RolePreference.MENTOR) for x in mentors] + [
        replace(c, role=RolePreference.MENTEE) for c in mentees
    ]
    mode = PairingMode.MENTORING
    as_pairs = MatchRequest(
        everyone, mode=mode, recent=request.recent, avoid=request.avoid, seed=request.seed
    )
    return mentors, mentees, Scorer.of(_arrays(everyone, as_pairs), mode)


def _scores(scorer: Scorer, m: int) -> NDArray[np.float32]:
    """Every mentee's score with every mentor (mentees x mentors), FORBIDDEN where not allowed."""
    n = scorer.people.size
    mentors = np.arange(m)
    out = np.empty((n - m, m), dtype=np.float32)
    for start in range(m, n, BLOCK_ROWS):
        rows = np.arange(start, min(n, start + BLOCK_ROWS))
        out[start - m : rows[-1] - m + 1] = scorer.block(rows, mentors)
    return out


def plan_round(
    scores: NDArray[np.float32],
    alone: NDArray[np.float32],
    capacity: NDArray[np.int64],
    per_mentee: int = MENTORS_PER_MENTEE,
) -> Plan:
    """The best round for scores (mentees x mentors, FORBIDDEN where not allowed), alone[i]
    the value of leaving mentee i out, capacity[j] mentor j's seats."""
    n, m = scores.shape
    if n == 0 or m == 0:
        return Plan(np.full(n, -1, dtype=np.int64), float(alone.sum()), float(alone.sum()), 0)
    # What placing a mentee with a mentor gains over leaving them out (-inf: not allowed).
    gain = scores.astype(np.float64)
    gain -= alone[:, None]
    gain[scores <= FORBIDDEN / 2] = -np.inf
    rows, cols = _best_mentors(gain, np.zeros(m), np.arange(n), per_mentee)
    done = 0
    while True:
        done += 1
        mentor_of = _assign(gain, capacity, rows, cols)
        price = _seat_prices(gain, capacity, mentor_of, rows, cols)
        placed = mentor_of >= 0
        kept = np.zeros(n)  # what each mentee keeps of its gain after paying for its seat
        kept[placed] = gain[placed, mentor_of[placed]] - price[mentor_of[placed]]
        could = _most_left(gain, price)
        wanting = np.flatnonzero(could > kept + TOLERANCE)
        grown = _union(rows, cols, *_best_mentors(gain, price, wanting, per_mentee), m)
        if len(grown[0]) == len(rows) or done == MAX_ROUNDS:
            return Plan(
                mentor_of=mentor_of,
                value=float(gain[placed, mentor_of[placed]].sum() + alone.sum()),
                bound=float(could.sum() + capacity @ price + alone.sum()),
                rounds=done,
            )
        rows, cols = grown


def _most_left(gain: NDArray[np.float64], price: NDArray[np.float64]) -> NDArray[np.float64]:
    """The most a pair could leave each mentee at these seat prices (0: staying out)."""
    most = np.zeros(len(gain))
    for start in range(0, len(gain), BLOCK_ROWS):
        block = gain[start : start + BLOCK_ROWS] - price
        most[start : start + len(block)] = block.max(axis=1, initial=0.0)
    return most


def _best_mentors(
    gain: NDArray[np.float64], price: NDArray[np.float64], among: NDArray[np.int64], k: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The k allowed mentors that leave each of `among` the most at these seat prices, as
    (mentee, mentor) edges."""
    k = max(1, min(k, gain.shape[1]))
    heads, tails = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for start in range(0, len(among), BLOCK_ROWS):
        rows = among[start : start + BLOCK_ROWS]
        left = gain[rows] - price
        best = np.argpartition(left, left.shape[1] - k, axis=1)[:, -k:]
        keep = np.isfinite(np.take_along_axis(left, best, axis=1)).ravel()
        heads.append(np.repeat(rows, k)[keep])
        tails.append(best.ravel()[keep].astype(np.int64))
    return np.concatenate(heads), np.concatenate(tails)


def _union(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    more_rows: NDArray[np.int64],
    more_cols: NDArray[np.int64],
    m: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    edge = np.unique(np.concatenate([rows * m + cols, more_rows * m + more_cols]))
    return edge // m, edge % m


def _assign(
    gain: NDArray[np.float64],
    capacity: NDArray[np.int64],
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
) -> NDArray[np.int64]:
    """The best assignment over the edges given: each mentee's mentor, -1 for none."""
    n, m = gain.shape
    first_seat = np.concatenate([[0], np.cumsum(capacity)[:-1]]).astype(np.int64)
    seats = capacity[cols]
    edge = np.repeat(np.arange(len(rows)), seats)
    nth = np.arange(len(edge)) - np.repeat(np.cumsum(seats) - seats, seats)
    seat = assign_to_slots(
        n,
        int(capacity.sum()),
        rows[edge],
        first_seat[cols[edge]] + nth,
        gain[rows[edge], cols[edge]],
        0.0,
    )
    owner = np.repeat(np.arange(m), capacity)
    return np.where(seat >= 0, owner[np.maximum(seat, 0)], -1)


def _seat_prices(
    gain: NDArray[np.float64],
    capacity: NDArray[np.int64],
    mentor_of: NDArray[np.int64],
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
) -> NDArray[np.float64]:
    """The least seat prices (LP duals, one per mentor) under which no mentee would rather
    take a seat elsewhere, over the edges given: longest paths by Bellman-Ford. A mentor with
    a free seat is worth 0."""
    m = gain.shape[1]
    price = np.zeros(m)
    unplaced = mentor_of[rows] < 0
    np.maximum.at(price, cols[unplaced], gain[rows[unplaced], cols[unplaced]])
    placed = ~unplaced & (mentor_of[rows] != cols)
    a, b = mentor_of[rows[placed]], cols[placed]  # a mentee of a could move to b
    step = gain[rows[placed], b] - gain[rows[placed], a]
    full = np.bincount(mentor_of[mentor_of >= 0], minlength=m) >= capacity
    for _ in range(m + 1):
        before = price.copy()
        np.maximum.at(price, b, price[a] + step)
        price[~full] = 0.0
        if (price - before).max(initial=0.0) <= TOLERANCE / m:
            break
    return price


def _why_unplaced(m: int, left: NDArray[np.int64]) -> list[UnplacedReason]:
    """ALONE when there is no mentor at all; else NO_COMPATIBLE: the mode lets any mentor meet
    any mentee, so only the recent and avoid lists or full seats kept them out."""
    reason = UnplacedReason.NO_COMPATIBLE if m else UnplacedReason.ALONE
    return [reason] * left.size


def _group(
    mentor: Candidate, mentee: Candidate, people: People, j: int, i: int, score: float
) -> Group:
    exchanges = tuple(
        Exchange(giver.key, taker.key, tuple(sorted(giver.offers & taker.wants)))
        for giver, taker in ((mentor, mentee), (mentee, mentor))
        if giver.offers & taker.wants
    )
    starts, lengths = people.day_start[[j, i]], people.day_hours[[j, i]]
    hours = None
    if not np.isnan(starts).any():
        hours = float(shared_hours((starts[:1], lengths[:1]), (starts[1:], lengths[1:]))[0])
    return Group(
        members=(mentor.key, mentee.key),
        score=round(score, 4),
        first_coach=mentor.key,
        exchanges=exchanges,
        departments=tuple(dict.fromkeys((mentor.department, mentee.department))),
        shared_hours=hours,
    )
