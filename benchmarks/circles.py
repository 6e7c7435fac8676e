"""Circles benchmark: forming circles for 5,000 people and 200 topics, time, memory and fit.

People want 1 to 4 of the bot's skills (some skills are in demand), in the pairing benchmark's
time zones and meeting hours; 0.5 % are first in line. Each topic is about 1 to 3 skills, its
circles hold 4-5 to 6-8 people, and one topic in five forms at most 1 to 3 circles. Fit is the
result's value (the engine's objective) against its upper bound. "rss MB" is the process's
peak so far. Usage: python -m benchmarks.circles [people:topics ...]
"""

from __future__ import annotations

import gc
import random
import resource
import statistics
import sys
import time
import tracemalloc

from benchmarks.pairing import DAYS, OFFSETS
from bot.domain import SKILLS
from bot.services.matching.circles import (
    CircleRequest,
    CircleResult,
    Person,
    Topic,
    form_circles,
)

RUNS = 5


def people(n: int, seed: int = 19) -> list[Person]:
    rnd = random.Random(seed)
    popularity = [1 / (i + 1) ** 0.6 for i in range(len(SKILLS))]
    zones, zone_weights = zip(*OFFSETS, strict=True)
    days, day_weights = zip(*DAYS, strict=True)
    result = []
    for i in range(n):
        (start, hours), zone = (
            rnd.choices(days, day_weights)[0],
            rnd.choices(zones, zone_weights)[0],
        )
        result.append(
            Person(
                key=f"U{i:06d}",
                wants=frozenset(rnd.choices(SKILLS, weights=popularity, k=rnd.randint(1, 4))),
                day_start=None if rnd.random() < 0.02 else (start - zone) % 24,
                day_hours=hours,
                first_in_line=rnd.random() < 0.005,
            )
        )
    return result


def topics(n: int, seed: int = 23) -> list[Topic]:
    rnd = random.Random(seed)
    result = []
    for i in range(n):
        low = rnd.choice([4, 4, 5])
        result.append(
            Topic(
                key=f"T{i:04d}",
                skills=frozenset(rnd.sample(SKILLS, rnd.randint(1, 3))),
                min_size=low,
                max_size=rnd.randint(max(low, 6), 8),
                max_circles=rnd.randint(1, 3) if rnd.random() < 0.2 else None,
            )
        )
    return result


def violations(request: CircleRequest, result: CircleResult) -> int:
    """Broken hard rules: someone twice, a circle outside its sizes, no common hour."""
    sizes = {t.key: (t.min_size, t.max_size) for t in request.topics}
    seen: set[str] = set()
    bad = 0
    for circle in result.circles:
        low, high = sizes[circle.topic]
        bad += not low <= len(circle.members) <= high
        bad += len(seen & set(circle.members))
        bad += circle.common_hours is not None and circle.common_hours < 1
        seen |= set(circle.members)
    return bad


def run(n_people: int, n_topics: int) -> dict[str, object]:
    request = CircleRequest(topics(n_topics), people(n_people))
    seconds = []
    for _ in range(RUNS):
        gc.collect()
        started = time.perf_counter()
        result = form_circles(request)
        seconds.append(time.perf_counter() - started)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gc.collect()
    tracemalloc.start()
    form_circles(request)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    placed = sum(len(c.members) for c in result.circles)
    first = [p for p in request.people if p.first_in_line]
    first_placed = len(first) - sum(u.key in {p.key for p in first} for u in result.unplaced)
    return {
        "people": n_people,
        "topics": n_topics,
        "first s": seconds[0],
        "median s": statistics.median(seconds),
        "peak MB": peak / 2**20,
        "rss MB": rss,
        "placed": placed,
        "first in line": f"{first_placed}/{len(first)}",
        "circles": len(result.circles),
        "value": result.value,
        "bound": result.bound,
        "% bound": 100 * result.fit,
        "violations": violations(request, result),
    }


def main() -> None:
    sizes = [tuple(map(int, a.split(":"))) for a in sys.argv[1:]] or [(5000, 200)]
    header = False
    for n, k in sizes:
        row = run(n, k)
        if not header:
            print(" ".join(f"{c:>13}" for c in row))
            header = True
        print(
            " ".join(f"{v:>13.2f}" if isinstance(v, float) else f"{v!s:>13}" for v in row.values()),
            flush=True,
        )


if __name__ == "__main__":
    main()
