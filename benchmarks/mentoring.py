"""Mentoring benchmark: mentors with capacities 1-5, the engine's time, memory and quality.

People come from the pairing benchmark's programme (20 departments, 60 skills, time zones
from the Americas to Asia); mentors lean senior, mentees junior. Each mentor takes 1 to 5
mentees (uniformly, so the seats about match the mentees at 1 : 3), three earlier rounds made
by the engine itself are "recent" and may not repeat, and there is an avoided pair per 100
people. "rss MB" is the process's peak so far: give one size alone to read it for that size.
Quality is the round's value (scores of the pairs made, minus ALONE for each mentee left out)
against the exact optimum of the same problem, a dense assignment of mentees to seats by
scipy's linear_sum_assignment (up to DENSE_LIMIT cells), and against the engine's own bound
from its seat prices. Usage: python -m benchmarks.mentoring [mentors:mentees ...]
"""

from __future__ import annotations

import gc
import random
import resource
import statistics
import sys
import time
import tracemalloc
from dataclasses import replace

import numpy as np
from scipy.optimize import linear_sum_assignment

from benchmarks.pairing import programme
from bot.domain import CareerLevel
from bot.services.matching import Candidate, MatchResult, alone_values
from bot.services.matching.mentoring import (
    MAX_CAPACITY,
    Mentor,
    MentoringRequest,
    Plan,
    match_mentoring,
    pair_scores,
    plan_round,
)
from bot.services.matching.scores import FORBIDDEN

HISTORY_ROUNDS = 3
RUNS = 5
DENSE_LIMIT = 40_000_000  # mentees x seats cells of the dense reference
MENTOR_LEVELS = [CareerLevel.SENIOR, CareerLevel.LEAD, CareerLevel.EXECUTIVE]
MENTEE_LEVELS = [CareerLevel.EARLY, CareerLevel.MID, CareerLevel.SENIOR]


def people(mentors: int, mentees: int, seed: int = 5) -> tuple[list[Mentor], list[Candidate]]:
    rnd = random.Random(seed)
    everyone = programme(mentors + mentees)
    return (
        [
            Mentor(replace(c, level=rnd.choice(MENTOR_LEVELS)), rnd.randint(1, MAX_CAPACITY))
            for c in everyone[:mentors]
        ],
        [replace(c, level=rnd.choice(MENTEE_LEVELS)) for c in everyone[mentors:]],
    )


def history(request: MentoringRequest) -> frozenset[frozenset[str]]:
    """Earlier rounds made by the engine, each keeping off the pairs before it."""
    recent: frozenset[frozenset[str]] = frozenset()
    for r in range(HISTORY_ROUNDS):
        result = match_mentoring(replace(request, recent=recent, seed=100 + r))
        recent |= {frozenset(g.members) for g in result.groups}
    return recent


def avoid_lists(request: MentoringRequest, seed: int = 13) -> frozenset[frozenset[str]]:
    rnd = random.Random(seed)
    mentors = [m.candidate.key for m in request.mentors]
    mentees = [c.key for c in request.mentees]
    count = (len(mentors) + len(mentees)) // 100
    return frozenset(frozenset((rnd.choice(mentors), rnd.choice(mentees))) for _ in range(count))


def violations(result: MatchResult, request: MentoringRequest) -> int:
    capacity = {m.candidate.key: m.capacity for m in request.mentors}
    mentees = {c.key for c in request.mentees}
    taken = dict.fromkeys(capacity, 0)
    seen: set[str] = set()
    bad = 0
    for group in result.groups:
        mentor, mentee = group.members
        bad += mentor not in capacity or mentee not in mentees or mentee in seen
        bad += frozenset(group.members) in request.recent | request.avoid
        seen.add(mentee)
        taken[mentor] = taken.get(mentor, 0) + 1
    return bad + sum(taken[key] > capacity.get(key, 0) for key in taken)


def reference(request: MentoringRequest) -> tuple[float, Plan, float | None]:
    """Any round's value as scored, the engine's own plan and bound, and the exact optimum by a
    dense assignment of mentees to seats (None when it does not fit)."""
    mentors, mentees, scores = pair_scores(request)
    alone = alone_values(mentees).astype(np.float64)
    capacity = np.array([m.capacity for m in mentors])
    plan = plan_round(scores, alone_values(mentees), capacity, request.candidates_per_mentee)
    if len(mentees) * capacity.sum() > DENSE_LIMIT:
        return scores, plan, None
    gain = np.where(scores > FORBIDDEN / 2, scores.astype(np.float64) - alone[:, None], 0.0)
    seats = np.maximum(gain[:, np.repeat(np.arange(len(mentors)), capacity)], 0.0)
    del gain
    rows, cols = linear_sum_assignment(seats, maximize=True)
    return scores, plan, float(seats[rows, cols].sum() + alone.sum())


def round_value(result: MatchResult, request: MentoringRequest, scores: np.ndarray) -> float:
    """The pairs' scores (unrounded) plus the (negative) value of each mentee left out."""
    mentors = {key: j for j, key in enumerate(sorted(m.candidate.key for m in request.mentors))}
    in_order = sorted(request.mentees, key=lambda c: c.key)
    mentees = {c.key: i for i, c in enumerate(in_order)}
    alone = dict(zip(mentees, alone_values(in_order).tolist(), strict=True))
    value = sum(
        float(scores[mentees[b], mentors[a]]) for a, b in (g.members for g in result.groups)
    )
    return value + sum(alone[u.key] for u in result.unplaced)


def run(n_mentors: int, n_mentees: int) -> dict[str, object]:
    mentors, mentees = people(n_mentors, n_mentees)
    request = MentoringRequest(mentors, mentees, seed=1)
    started = time.perf_counter()
    request = replace(request, recent=history(request), avoid=avoid_lists(request))
    setup = time.perf_counter() - started
    seconds = []
    for _ in range(RUNS):
        gc.collect()
        started = time.perf_counter()
        result = match_mentoring(request)
        seconds.append(time.perf_counter() - started)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gc.collect()
    tracemalloc.start()
    match_mentoring(request)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    scores, plan, exact = reference(request)
    value = round_value(result, request, scores)
    return {
        "mentors": n_mentors,
        "mentees": n_mentees,
        "seats": sum(m.capacity for m in mentors),
        "first s": seconds[0],
        "median s": statistics.median(seconds),
        "peak MB": peak / 2**20,
        "rss MB": rss,
        "groups": len(result.groups),
        "unplaced": len(result.unplaced),
        "score": result.total_score,
        "value": value,
        "bound": plan.bound,
        "exact": exact if exact is not None else "-",
        "% exact": 100 * value / exact if exact else "-",
        "% bound": 100 * value / plan.bound,
        "gap": f"{(exact if exact is not None else plan.bound) - value:.1e}",
        "rounds": plan.rounds,
        "violations": violations(result, request),
        "history s": setup,
    }


def main() -> None:
    sizes = [tuple(map(int, a.split(":"))) for a in sys.argv[1:]] or [
        (100, 300),
        (1000, 3000),
        (2000, 6000),
    ]
    header = False
    for m, n in sizes:
        row = run(m, n)
        if not header:
            print(" ".join(f"{c:>10}" for c in row))
            header = True
        print(
            " ".join(f"{v:>10.2f}" if isinstance(v, float) else f"{v!s:>10}" for v in row.values()),
            flush=True,
        )


if __name__ == "__main__":
    main()
