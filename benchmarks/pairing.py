"""Pairing benchmark: synthetic programmes, the engine's time, memory and quality.

For each size: 20 departments, 60 skills, time zones from Europe to the Americas and Asia,
meeting hours mostly 09:00-17:00 (some start early or work short days),
and 10 earlier rounds of history made by the engine itself (the last 6 are "recent" and
may not repeat), plus a few avoid lists. Quality is measured against the assignment
relaxation on the full graph (exact, dense), whose half-value bounds every pairing; above
5,000 people the dense matrix does not fit, and a 200-per-person sparse relaxation is the
reference instead (a bound only over that graph). Usage: python -m benchmarks.pairing [sizes...]
"""

from __future__ import annotations

import gc
import random
import sys
import time
import tracemalloc
from itertools import combinations

import numpy as np
from scipy.optimize import linear_sum_assignment

from bot.domain import CareerLevel, PairingMode, RolePreference
from bot.services.matching import Candidate, MatchRequest, MatchResult, alone_values, match
from bot.services.matching.scores import FORBIDDEN, Scorer
from bot.services.matching.solve import pairs_from_assignment

SKILL_COUNT = 60
DEPARTMENTS = 20
HISTORY_ROUNDS = 10
RECENT_WINDOW = 6
DENSE_LIMIT = 5000
OFFSETS = [(0, 20), (1, 35), (2, 10), (-5, 12), (-8, 6), (5.5, 7), (8, 5), (9, 5)]
# meeting hours (local start, length): most keep 09:00-17:00, some start early or work short days
DAYS = [((9, 8), 80), ((8, 8), 10), ((10, 5), 10)]


def programme(n: int, seed: int = 7) -> list[Candidate]:
    rnd = random.Random(seed)
    skills = [f"skill{i:02d}" for i in range(SKILL_COUNT)]
    popularity = [1 / (i + 1) ** 0.6 for i in range(SKILL_COUNT)]  # some skills are in demand
    zones, weights = zip(*OFFSETS, strict=True)
    days, day_weights = zip(*DAYS, strict=True)
    return [
        Candidate(
            key=f"U{i:06d}",
            offers=frozenset(rnd.choices(skills, k=rnd.randint(2, 6))),
            wants=frozenset(rnd.choices(skills, weights=popularity, k=rnd.randint(1, 4))),
            department=f"dept{rnd.randrange(DEPARTMENTS):02d}",
            role=rnd.choices(list(RolePreference), weights=[70, 15, 15])[0],
            level=rnd.choice(list(CareerLevel)),
            day_start=(day := rnd.choices(days, weights=day_weights)[0])[0]
            - rnd.choices(zones, weights=weights)[0],
            day_hours=day[1],
            first_in_line=rnd.random() < 0.002,
        )
        for i in range(n)
    ]


def history(people: list[Candidate], seed: int = 11) -> list[frozenset[frozenset[str]]]:
    """Ten earlier rounds, each made by the engine under the rules of its time."""
    rounds: list[frozenset[frozenset[str]]] = []
    for r in range(HISTORY_ROUNDS):
        recent = frozenset().union(*rounds[-RECENT_WINDOW:]) if rounds else frozenset()
        result = match(MatchRequest(people, recent=recent, seed=seed + r))
        rounds.append(
            frozenset(frozenset(p) for g in result.groups for p in combinations(g.members, 2))
        )
    return rounds


def avoid_lists(people: list[Candidate], seed: int = 13) -> frozenset[frozenset[str]]:
    rnd = random.Random(seed)
    keys = [c.key for c in people]
    return frozenset(frozenset(rnd.sample(keys, 2)) for _ in range(len(keys) // 100))


def violations(result: MatchResult, request: MatchRequest) -> int:
    by_key = {c.key: c for c in request.candidates}
    seen: set[str] = set()
    bad = 0
    for group in result.groups:
        bad += sum(m in seen for m in group.members)
        seen.update(group.members)
        for a, b in combinations(group.members, 2):
            pair = frozenset((a, b))
            bad += pair in request.recent or pair in request.avoid
            same = by_key[a].department == by_key[b].department
            bad += (request.mode is PairingMode.CROSS_GROUP and same) or (
                request.mode is PairingMode.WITHIN_GROUP and not same
            )
    return bad


def matching_value(result: MatchResult, request: MatchRequest) -> float:
    """Our result read as a pairing (a triad counts its best pair, the third as left out),
    with the same value for leaving someone out as the engine and the bound use."""
    candidates = sorted(request.candidates, key=lambda c: c.key)
    index = {c.key: i for i, c in enumerate(candidates)}
    alone = alone_values(candidates)
    value = float(sum(alone[index[u.key]] for u in result.unplaced)) / 2
    scorer = _scorer(candidates, request)
    for group in result.groups:
        if len(group.members) == 2:
            value += group.score
            continue
        idx = [index[m] for m in group.members]
        scores = scorer.block(np.array(idx), np.array(idx))
        best = max(combinations(range(3), 2), key=lambda p: scores[p[0], p[1]])
        third = idx[({0, 1, 2} - set(best)).pop()]
        value += float(scores[best[0], best[1]]) + float(alone[third]) / 2
    return value


def reference(request: MatchRequest) -> tuple[float, str]:
    candidates = sorted(request.candidates, key=lambda c: c.key)
    scorer = _scorer(candidates, request)
    alone = alone_values(candidates)
    n = len(candidates)
    if n <= DENSE_LIMIT:
        scores = scorer.block(np.arange(n)).astype(np.float64)
        scores[scores <= FORBIDDEN / 2] = -1e6
        np.fill_diagonal(scores, alone)
        rows, cols = linear_sum_assignment(scores, maximize=True)
        return float(scores[rows, cols].sum()) / 2, "exact"
    a, b, w = scorer.edges(200)
    _, _, value = pairs_from_assignment(n, a, b, w, alone)
    return value / 2, "top-200"


def _scorer(candidates: list[Candidate], request: MatchRequest) -> Scorer:
    """The engine's own scores for this request, for the reference and our value."""
    from bot.services.matching import _arrays

    return Scorer.of(_arrays(candidates, request), request.mode)


def run(n: int) -> dict[str, object]:
    people = programme(n)
    started = time.perf_counter()
    rounds = history(people)
    setup = time.perf_counter() - started
    request = MatchRequest(
        people,
        recent=frozenset().union(*rounds[-RECENT_WINDOW:]),
        avoid=avoid_lists(people),
        seed=1,
    )
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    result = match(request)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    value = matching_value(result, request)
    bound, kind = reference(request)
    return {
        "members": n,
        "seconds": elapsed,
        "peak MB": peak / 2**20,
        "groups": len(result.groups),
        "triads": sum(len(g.members) == 3 for g in result.groups),
        "unplaced": len(result.unplaced),
        "of bound": 100 * value / bound,
        "bound": kind,
        "violations": violations(result, request),
        "history s": setup,
    }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [200, 1000, 5000, 10000]
    columns = [
        "members",
        "seconds",
        "peak MB",
        "groups",
        "triads",
        "unplaced",
        "of bound",
        "bound",
        "violations",
        "history s",
    ]
    print(" ".join(f"{c:>10}" for c in columns))
    for n in sizes:
        row = run(n)
        print(
            " ".join(
                f"{row[c]:>10.2f}" if isinstance(row[c], float) else f"{row[c]!s:>10}"
                for c in columns
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
