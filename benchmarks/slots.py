"""Slot benchmark: suggesting three meeting times for every pair of a round. 5,000 people in 8
time zones from Los Angeles to Tokyo (weighted towards Europe, as in benchmarks.pairing), a
fifth of them with hours of their own (earlier, later, a four-day week), each with a few busy
intervals over the next two weeks, paired at random into 2,500 pairs. Prints the seconds for
the whole round and the microseconds a pair, for the first round in the process (which loads
the holiday calendars and the time-zone data) and the median of the rounds after it, and how
many pairs got three shared slots, fewer, or a compromise (their hours never meet).

    python -m benchmarks.slots [--pairs 2500] [--runs 5] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from datetime import time as clock

from bot.services.slots import Interval, Suggestion, suggest
from bot.services.working_hours import Hours

ZONES = [  # (zone, weight)
    ("Europe/London", 20),
    ("Europe/Stockholm", 35),
    ("Europe/Helsinki", 10),
    ("America/New_York", 12),
    ("America/Los_Angeles", 6),
    ("Asia/Kolkata", 7),
    ("Asia/Singapore", 5),
    ("Asia/Tokyo", 5),
]
OWN_HOURS = [  # a fifth of the people keep hours of their own
    (clock(8), clock(16), frozenset(range(5))),
    (clock(10), clock(18), frozenset(range(5))),
    (clock(7, 30), clock(15, 30), frozenset(range(5))),
    (clock(9), clock(17), frozenset(range(4))),
]
AFTER = datetime(2027, 3, 1, 7, tzinfo=UTC)  # a Monday morning, the round's start


def people(count: int, rnd: random.Random) -> list[tuple[Hours, list[Interval]]]:
    """Each person's hours and a few busy intervals (30 to 120 minutes) in the next 14 days."""
    names, weights = zip(*ZONES, strict=True)
    found = []
    for _ in range(count):
        name = rnd.choices(names, weights=weights)[0]
        hours = Hours(name, *rnd.choice(OWN_HOURS)) if rnd.random() < 0.2 else Hours(name)
        busy = []
        for _ in range(rnd.randint(0, 5)):
            start = AFTER + timedelta(minutes=15 * rnd.randrange(14 * 24 * 4))
            busy.append(Interval(start, start + timedelta(minutes=30 * rnd.randint(1, 4))))
        found.append((hours, busy))
    return found


def round_of(
    pairs: Sequence[tuple[tuple[Hours, list[Interval]], tuple[Hours, list[Interval]]]],
) -> tuple[float, list[Suggestion]]:
    started = time.perf_counter()
    suggestions = [suggest([a[0], b[0]], a[1] + b[1], AFTER) for a, b in pairs]
    return time.perf_counter() - started, suggestions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=5, help="rounds after the first")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    everyone = people(2 * args.pairs, rnd)
    pairs = list(zip(everyone[::2], everyone[1::2], strict=True))
    first, suggestions = round_of(pairs)
    later = [round_of(pairs)[0] for _ in range(args.runs)]
    kinds = Counter(
        "compromise" if not s.shared else "three shared" if len(s.slots) == 3 else "fewer shared"
        for s in suggestions
    )
    short = sum(not s.shared and len(s.slots) < 3 for s in suggestions)
    print(f"{len(pairs)} pairs, {len(everyone)} people in {len(ZONES)} time zones")
    rounds = [("first round", first), (f"median of {args.runs} more", statistics.median(later))]
    for label, seconds in rounds:
        print(f"  {label}: {seconds:.3f} s, {1e6 * seconds / len(pairs):.0f} µs a pair")
    print(
        f"  three shared slots: {kinds['three shared']}, fewer shared: {kinds['fewer shared']}, "
        f"a compromise: {kinds['compromise']} (with fewer than three: {short})"
    )


if __name__ == "__main__":
    main()
