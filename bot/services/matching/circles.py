"""Circles: groups of 4 to 8 people around a topic. Pure: no Slack, no database, no clock.

`form_circles()` places each person in at most one circle, by the skills they want to develop
and the hours they can meet, and says why for every placement and for everyone left out.

Hard rules: a person is in at most one circle; every circle formed holds between its topic's
`min_size` and `max_size` people; a topic forms at most `max_circles` circles (None: as many as
its demand fills, so a topic wanted by 30 people with sizes 4-8 gets four circles); a circle's
members all share at least MIN_COMMON_HOURS of meeting hours (a circle meets together, so its
common hours are the intersection of everyone's; a person whose time zone is unknown fits any
hours). A person matches a topic when they want at least one of its skills.

The objective (`CircleResult.value`): each person placed is worth PLACED (FIRST_IN_LINE more for
whoever could not be placed last time, so they are placed before anyone else), plus one per
skill of the topic they want, plus HOUR_WEIGHT per common hour of their circle (up to
HOURS_CAP).

The algorithm, in three steps:
1. Topic choice, as deferred acceptance: everyone picks the open topic that matches most of
   their skills (ties: the topic more people match); a topic with a limit of circles keeps the
   seats it has by priority (already placed, first in line, skills matched) and turns the rest
   away to their next choice. A topic chosen by fewer than its minimum closes (the smallest
   first, one count at a time, so that two small topics can merge), and its people choose again.
2. Circles within a topic: its people sorted around the clock by when their hours begin (cut
   at the widest gap; unknown time zones last), and a dynamic programme over that order cuts
   it into consecutive runs of min..max people with a common hour, leaving out whoever fits no
   run, to maximise the objective (under the topic's limit of circles; on a tie, fewer and
   fuller circles).
3. Repairs: whoever was left out joins the circle with room that matches most of their skills
   and keeps a common hour; people still out whose topic formed no circle get a new one, with
   members that other circles can spare (above their minimum), when that is worth more; a
   first-in-line person still out takes the seat of someone not first in line wherever the
   circle keeps a common hour (the one bumped tries to join a circle with room).

The bound (`CircleResult.bound`): a person is worth at most their skills matched with the most
common hours their own meeting hours allow, in a topic that enough people match to form a
circle. Relaxing the circles' sizes and the sharing of hours leaves a transportation problem:
people to topics, a topic with a limit of circles having max_circles x max_size seats. For any
seat prices p >= 0, sum over people of max(0, max over topics of worth - p) plus sum over
topics of seats x p bounds it (Lagrangian duality); the prices start at 0 (each person in
their best topic) and take PRICE_STEPS subgradient steps, and the least value seen is the
bound. `fit` is value / bound.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, reduce
from operator import and_

import numpy as np
from numpy.typing import NDArray

from bot.services.matching.scores import WORKDAY_HOURS, shared_hours

MIN_SIZE, MAX_SIZE = 4, 8  # the sizes a circle may have
PLACED = 10.0  # what placing a person is worth, far above what skills and hours add
FIRST_IN_LINE = 10.0  # more for whoever could not be placed last time
CIRCLE_TIE = 0.01  # within a topic, fewer and fuller circles when all else is equal
ALREADY_PLACED = 1000.0  # within a topic, leaving out someone already in it costs this much
HOUR_WEIGHT = 0.5  # per common hour of the circle, for each member
HOURS_CAP = 4.0  # common hours beyond this add nothing
MIN_COMMON_HOURS = 1.0  # a circle's members share at least this much of their meeting hours
SLOTS = 48  # meeting hours are counted in half hours of the UTC day
ALL_SLOTS = (1 << SLOTS) - 1
PRICE_STEPS = 40  # subgradient steps on the seat prices of the bound


@dataclass(frozen=True)
class Topic:
    key: str
    skills: frozenset[str]  # keys of bot.domain.SKILLS the topic is about
    min_size: int = MIN_SIZE
    max_size: int = MAX_SIZE
    max_circles: int | None = None  # None: as many circles as its demand fills
    members: tuple[str, ...] = ()  # people already in it: placed in its circles first, never
    # moved to another topic (unplaced, too_few, if the topic cannot form a circle)
    facilitator: str | None = None  # a fixed first facilitator (one of its members)

    def __post_init__(self) -> None:
        if not MIN_SIZE <= self.min_size <= self.max_size <= MAX_SIZE:
            raise ValueError(f"a circle's sizes are within {MIN_SIZE}..{MAX_SIZE}")
        if self.max_circles is not None and self.max_circles < 1:
            raise ValueError("max_circles is at least 1")
        if len(self.members) > self.max_size or (
            self.facilitator is not None and self.facilitator not in self.members
        ):
            raise ValueError("at most max_size members; a facilitator is one of them")


@dataclass(frozen=True)
class Person:
    key: str
    wants: frozenset[str]  # the skills they want to develop
    day_start: float | None = None  # when their meeting hours begin, in hours after 00:00 UTC
    # (None: time zone unknown), as Candidate.day_start
    day_hours: float = WORKDAY_HOURS  # how long their meeting hours last
    first_in_line: bool = False  # could not be placed last time


@dataclass(frozen=True)
class CircleRequest:
    topics: Sequence[Topic]
    people: Sequence[Person]


@dataclass(frozen=True)
class Placement:
    """Why a person is in their circle: the topic's skills they want, and hours shared."""

    key: str
    skills: tuple[str, ...]
    least_shared_hours: float | None  # the fewest hours they share with any other member
    # (None: their time zone or every other member's is unknown)
    first_in_line: bool


@dataclass(frozen=True)
class Circle:
    topic: str
    members: tuple[str, ...]  # by key
    facilitators: tuple[str, ...]  # the rotation order; the first facilitates first
    common_hours: float | None  # the hours every member can meet (None: no time zone known)
    placements: tuple[Placement, ...]  # one for each member, in the members' order

    @property
    def facilitator(self) -> str:
        return self.facilitators[0]


class UnplacedReason(enum.StrEnum):
    NO_MATCHING_TOPIC = "no_matching_topic"  # no topic is about a skill they want
    TOO_FEW = "too_few"  # no topic they match gathered enough people for a circle
    NO_SHARED_HOURS = "no_shared_hours"  # a circle had room, but no common hour with them
    CIRCLES_FULL = "circles_full"  # the circles of the topics they match are full


@dataclass(frozen=True)
class Unplaced:
    key: str
    reason: UnplacedReason


@dataclass(frozen=True)
class CircleResult:
    circles: tuple[Circle, ...]
    unplaced: tuple[Unplaced, ...]
    value: float  # the objective (module docstring)
    bound: float  # no result is worth more

    @property
    def fit(self) -> float:
        """The value as a share of the bound (1.0 when there is nothing to place)."""
        return self.value / self.bound if self.bound > 0 else 1.0


@dataclass
class _Problem:
    """The request as arrays: people in key order, topics in key order."""

    people: list[Person]
    topics: list[Topic]
    matched: NDArray[np.int64]  # people x topics: how many of the topic's skills they want
    bits: list[int]  # each person's meeting hours as bits, one per half hour (hours_mask)
    fixed: NDArray[np.int64]  # the topic each person is already in, -1 for none
    first: NDArray[np.bool_]

    @property
    def size(self) -> int:
        return len(self.people)


Run = list[int]  # a circle's members as indexes into the people


def form_circles(request: CircleRequest) -> CircleResult:
    problem = _problem(request)
    choice = choose_topics(problem)
    runs: list[tuple[int, Run]] = []
    for t in range(len(problem.topics)):
        among = np.flatnonzero(choice == t)
        runs += [(t, run) for run in circles_of_topic(problem, t, among.tolist())]
    runs = _repair(problem, runs)
    placed = {i for _, run in runs for i in run}
    left = [i for i in range(problem.size) if i not in placed]
    circles = tuple(
        sorted((_circle(problem, t, run) for t, run in runs), key=lambda c: (c.topic, c.members))
    )
    return CircleResult(
        circles=circles,
        unplaced=tuple(Unplaced(problem.people[i].key, _why(problem, runs, i)) for i in left),
        value=round(sum(_run_value(problem, t, run) for t, run in runs), 6),
        bound=round(upper_bound(problem), 6),
    )


def _problem(request: CircleRequest) -> _Problem:
    people = sorted(request.people, key=lambda p: p.key)
    topics = sorted(request.topics, key=lambda t: t.key)
    index = {p.key: i for i, p in enumerate(people)}
    if len(index) != len(people) or len({t.key for t in topics}) != len(topics):
        raise ValueError("people's keys and topics' keys must be unique")
    skills = sorted({s for p in people for s in p.wants} | {s for t in topics for s in t.skills})
    column = {s: k for k, s in enumerate(skills)}
    wants = np.zeros((len(people), max(len(skills), 1)), dtype=np.int64)
    about = np.zeros((len(topics), wants.shape[1]), dtype=np.int64)
    for i, p in enumerate(people):
        wants[i, [column[s] for s in p.wants]] = 1
    for t, topic in enumerate(topics):
        about[t, [column[s] for s in topic.skills]] = 1
    fixed = np.full(len(people), -1, dtype=np.int64)
    for t, topic in enumerate(topics):
        for key in topic.members:
            if key not in index or fixed[index[key]] >= 0:
                raise ValueError(f"{key} is not a person of the request or is in two topics")
            fixed[index[key]] = t
    return _Problem(
        people=people,
        topics=topics,
        matched=wants @ about.T,
        bits=[hours_mask(p.day_start, p.day_hours) for p in people],
        fixed=fixed,
        first=np.array([p.first_in_line for p in people], dtype=bool),
    )


@cache
def hours_mask(day_start: float | None, day_hours: float) -> int:
    """Meeting hours as bits of the UTC day, one per whole half hour inside them (all bits when
    the time zone is unknown); hours past midnight UTC wrap round to the day's start."""
    if day_start is None:
        return ALL_SLOTS
    offsets = (np.arange(SLOTS) / 2 - day_start) % 24
    inside = offsets + 0.5 <= day_hours + 1e-6
    return sum(1 << int(slot) for slot in np.flatnonzero(inside))


def common_hours(problem: _Problem, run: Sequence[int]) -> float:
    """The hours all these people's meeting hours share."""
    return reduce(and_, (problem.bits[i] for i in run), ALL_SLOTS).bit_count() / 2


def _worth(problem: _Problem, t: int, who: NDArray[np.int64]) -> NDArray[np.float64]:
    """What placing each of `who` in topic t is worth, before hours."""
    return PLACED + FIRST_IN_LINE * problem.first[who] + problem.matched[who, t]


def _hours_worth(hours: float) -> float:
    return HOUR_WEIGHT * min(hours, HOURS_CAP)


def _run_value(problem: _Problem, t: int, run: Run) -> float:
    worth = _worth(problem, t, np.array(run, dtype=np.int64))
    return float(worth.sum()) + len(run) * _hours_worth(common_hours(problem, run))


def choose_topics(problem: _Problem) -> NDArray[np.int64]:
    """Each person's topic (-1: none), by deferred acceptance (module docstring, step 1)."""
    n, k = problem.matched.shape
    if n == 0 or k == 0:
        return np.full(n, -1, dtype=np.int64)
    popularity = (problem.matched > 0).sum(axis=0)
    tie = np.argsort(np.argsort(popularity, kind="stable"), kind="stable") / (k + 1)
    is_open = np.ones(k, dtype=bool)
    turned_away = np.zeros((n, k), dtype=bool)
    fixed = problem.fixed >= 0
    while True:
        allowed = (problem.matched > 0) & is_open & ~turned_away
        score = np.where(allowed, problem.matched + tie, -1.0)
        choice = np.where(score.max(axis=1) >= 0, score.argmax(axis=1), -1)
        choice[fixed] = np.where(is_open[problem.fixed[fixed]], problem.fixed[fixed], -1)
        if _turn_away(problem, choice, turned_away):
            continue
        count = np.bincount(choice[choice >= 0], minlength=k)
        failing = is_open & (count > 0) & (count < [t.min_size for t in problem.topics])
        if not failing.any():
            return choice
        is_open[failing & (count == count[failing].min())] = False


def _turn_away(
    problem: _Problem, choice: NDArray[np.int64], turned_away: NDArray[np.bool_]
) -> bool:
    """Topics with a limit of circles keep their seats' worth of people by priority; the rest
    are turned away. True when anyone was."""
    any_turned = False
    for t, topic in enumerate(problem.topics):
        if topic.max_circles is None:
            continue
        seats = topic.max_circles * topic.max_size
        who = np.flatnonzero(choice == t)
        if len(who) <= seats:
            continue
        order = who[np.argsort(-_priority(problem, t, who), kind="stable")]
        turned_away[order[seats:], t] = True
        any_turned = True
    return any_turned


def _priority(problem: _Problem, t: int, who: NDArray[np.int64]) -> NDArray[np.float64]:
    """Already placed first, then first in line, then the most skills matched."""
    return 1000.0 * (problem.fixed[who] == t) + 100.0 * problem.first[who] + problem.matched[who, t]


def circular_order(problem: _Problem, among: Sequence[int]) -> list[int]:
    """People by when their hours begin, around the clock from the widest gap; unknown last."""
    known = [i for i in among if problem.people[i].day_start is not None]
    unknown = [i for i in among if problem.people[i].day_start is None]
    if not known:
        return unknown
    start = {i: (problem.people[i].day_start or 0.0) % 24 for i in known}
    known.sort(key=lambda i: (start[i], i))
    starts = [start[i] for i in known]
    gaps = [(starts[(x + 1) % len(starts)] - starts[x]) % 24 for x in range(len(starts))]
    cut = (int(np.argmax(gaps)) + 1) % len(known)
    return known[cut:] + known[:cut] + unknown


def circles_of_topic(problem: _Problem, t: int, among: Sequence[int]) -> list[Run]:
    """The best cut of a topic's people, in circular order, into runs of min..max people with
    a common hour, under its limit of circles (module docstring, step 2)."""
    topic = problem.topics[t]
    order = circular_order(problem, among)
    g = len(order)
    if g < topic.min_size:
        return []
    limit = topic.max_circles or 0
    counted = 1 if limit else 0  # without a limit the count is not tracked (stays 0)
    who = np.array(order, dtype=np.int64)
    worth = _worth(problem, t, who) + ALREADY_PLACED * (problem.fixed[who] == t)
    sums = np.concatenate([[0.0], np.cumsum(worth)]).tolist()
    bits = [problem.bits[i] for i in order]
    best = [[-np.inf] * (limit + 1) for _ in range(g + 1)]
    best[0][0] = 0.0
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for end in range(1, g + 1):
        for c in range(limit + 1):  # leaving out order[end - 1]
            if best[end - 1][c] > best[end][c]:
                best[end][c] = best[end - 1][c]
                back[(end, c)] = (end - 1, c)
        both = ALL_SLOTS
        for size in range(1, min(topic.max_size, end) + 1):  # a run ending at order[end - 1]
            begin = end - size
            both &= bits[begin]
            hours = both.bit_count() / 2
            if hours < MIN_COMMON_HOURS:
                break
            if size < topic.min_size:
                continue
            gain = sums[end] - sums[begin] + size * _hours_worth(hours) - CIRCLE_TIE
            for c in range(limit + 1 - counted):
                if best[begin][c] + gain > best[end][c + counted]:
                    best[end][c + counted] = best[begin][c] + gain
                    back[(end, c + counted)] = (begin, c)
    return _trace(back, order, (g, int(np.argmax(best[g]))))


def _trace(
    back: dict[tuple[int, int], tuple[int, int]], order: list[int], state: tuple[int, int]
) -> list[Run]:
    """The runs the dynamic programme chose, read backwards from its end."""
    runs: list[Run] = []
    while state in back:
        before = back[state]
        if before[0] < state[0] - 1:
            runs.append(order[before[0] : state[0]])
        state = before
    return runs[::-1]


def _repair(problem: _Problem, runs: list[tuple[int, Run]]) -> list[tuple[int, Run]]:
    """Whoever is left out joins a circle with room; first in line takes a seat from someone
    who is not (module docstring, step 3)."""
    placed = {i for _, run in runs for i in run}
    left = [i for i in range(problem.size) if i not in placed]
    left.sort(key=lambda i: (not problem.first[i], -int(problem.matched[i].max(initial=0)), i))
    left = [i for i in left if not _join(problem, runs, i)]
    for t in range(len(problem.topics)):
        newly = _rescue(problem, runs, t, [i for i in left if _may_join(problem, i, t)])
        if newly:  # the new circle may have room for others still out
            left = [i for i in left if i not in newly and not _join(problem, runs, i)]
    changed = True
    while changed:
        changed = False
        for person in [i for i in left if problem.first[i]]:
            # a seat taken may have widened a circle's hours: room first, then a seat
            if _join(problem, runs, person):
                left.remove(person)
                changed = True
                continue
            bumped = _take_seat(problem, runs, person)
            if bumped is None:
                continue
            left.remove(person)
            changed = True
            if not _join(problem, runs, bumped):
                left.append(bumped)
    for person in left:  # and so for anyone else still out
        _join(problem, runs, person)
    return runs


def _may_join(problem: _Problem, person: int, t: int) -> bool:
    """Someone already in a topic joins only its circles; anyone else, those of topics they
    match."""
    fixed = int(problem.fixed[person])
    return t == fixed if fixed >= 0 else bool(problem.matched[person, t] > 0)


def _rescue(problem: _Problem, runs: list[tuple[int, Run]], t: int, waiting: list[int]) -> set[int]:
    """A new circle of topic t for people still waiting, with members other circles can spare
    (above their minimum) who match t, when that is worth more; returns who it placed."""
    topic = problem.topics[t]
    formed = sum(u == t for u, _ in runs)
    if not waiting or (topic.max_circles is not None and formed >= topic.max_circles):
        return set()
    donors = {
        i: x
        for x, (u, run) in enumerate(runs)
        for i in run
        if u != t and problem.matched[i, t] > 0 and problem.fixed[i] < 0
    }
    ranked = sorted(waiting, key=lambda i: (not problem.first[i], -problem.matched[i, t], i))
    ranked += sorted(donors, key=lambda i: (-problem.matched[i, t], i))
    spare = {x: len(run) - problem.topics[u].min_size for x, (u, run) in enumerate(runs)}
    circle: Run = []
    for i in ranked:
        if len(circle) == topic.max_size:
            break
        can_leave = i not in donors or spare[donors[i]] > 0
        if not can_leave or common_hours(problem, [*circle, i]) < MIN_COMMON_HOURS:
            continue
        circle.append(i)
        if i in donors:
            spare[donors[i]] -= 1
    moved = [i for i in circle if i in donors]
    if len(circle) < topic.min_size or len(moved) == len(circle):
        return set()
    after = [(u, [i for i in run if i not in moved]) for u, run in runs]
    touched = {donors[i] for i in moved}
    before_value = sum(_run_value(problem, *runs[x]) for x in touched)
    after_value = sum(_run_value(problem, *after[x]) for x in touched)
    if after_value + _run_value(problem, t, circle) <= before_value:
        return set()
    runs[:] = [*after, (t, circle)]
    return set(circle) - set(moved)


def _join(problem: _Problem, runs: list[tuple[int, Run]], person: int) -> bool:
    """Puts a person in the circle with room that matches most of their skills and keeps a
    common hour (then the most common hours). False when none does."""
    best: tuple[int, float] | None = None
    chosen = -1
    for x, (t, run) in enumerate(runs):
        if not _may_join(problem, person, t) or len(run) >= problem.topics[t].max_size:
            continue
        hours = common_hours(problem, [*run, person])
        key = (int(problem.matched[person, t]), hours)
        if hours >= MIN_COMMON_HOURS and (best is None or key > best):
            best, chosen = key, x
    if best is None:
        return False
    runs[chosen][1].append(person)
    return True


def _take_seat(problem: _Problem, runs: list[tuple[int, Run]], person: int) -> int | None:
    """A first-in-line person takes the seat of a member who is neither first in line nor
    already placed, in a circle of a topic they match that keeps a common hour without that
    member; the most skills matched first. Returns whom they bumped, None when no seat."""
    best: tuple[int, float] | None = None
    chosen = (-1, -1)
    for x, (t, run) in enumerate(runs):
        if not _may_join(problem, person, t):
            continue
        for y, member in enumerate(run):
            if problem.first[member] or problem.fixed[member] >= 0:
                continue
            hours = common_hours(problem, [*run[:y], *run[y + 1 :], person])
            key = (int(problem.matched[person, t]), hours)
            if hours >= MIN_COMMON_HOURS and (best is None or key > best):
                best, chosen = key, (x, y)
    if best is None:
        return None
    run = runs[chosen[0]][1]
    bumped, run[chosen[1]] = run[chosen[1]], person
    return bumped


def _circle(problem: _Problem, t: int, run: Run) -> Circle:
    topic = problem.topics[t]
    members = sorted(run, key=lambda i: problem.people[i].key)
    least, total = _shared_with_others(problem, members)
    rotation = sorted(
        range(len(members)),
        key=lambda x: (-total[x], -int(problem.matched[members[x], t]), members[x]),
    )
    keys = [problem.people[members[x]].key for x in rotation]
    if topic.facilitator in keys:
        keys.remove(topic.facilitator)
        keys.insert(0, topic.facilitator)
    known = [i for i in members if problem.people[i].day_start is not None]
    return Circle(
        topic=topic.key,
        members=tuple(problem.people[i].key for i in members),
        facilitators=tuple(keys),
        common_hours=common_hours(problem, known) if known else None,
        placements=tuple(
            Placement(
                key=problem.people[i].key,
                skills=tuple(sorted(problem.people[i].wants & topic.skills)),
                least_shared_hours=least[x],
                first_in_line=bool(problem.first[i]),
            )
            for x, i in enumerate(members)
        ),
    )


def _shared_with_others(
    problem: _Problem, members: list[int]
) -> tuple[list[float | None], list[float]]:
    """For each member, the fewest and the total hours they share with each other member
    whose time zone is known (None and 0 when theirs or all the others' are unknown)."""
    people = [problem.people[i] for i in members]
    known = np.array([p.day_start is not None for p in people])
    start = np.array([(p.day_start or 0.0) % 24 for p in people], dtype=np.float32)
    length = np.array([p.day_hours for p in people], dtype=np.float32)
    shared = shared_hours((start[:, None], length[:, None]), (start[None, :], length[None, :]))
    counts = known[:, None] & known[None, :] & ~np.eye(len(people), dtype=bool)
    least = np.where(counts, shared, np.inf).min(axis=1)
    total = np.where(counts, shared, 0.0).sum(axis=1)
    return [None if np.isinf(x) else float(x) for x in least], total.tolist()


def _why(problem: _Problem, runs: list[tuple[int, Run]], person: int) -> UnplacedReason:
    """The first of: no topic matches; none they match (or the one they are in) formed; a
    circle of theirs had room (so the hours kept them out); the circles were full."""
    fixed = int(problem.fixed[person])
    if fixed < 0 and not (problem.matched[person] > 0).any():
        return UnplacedReason.NO_MATCHING_TOPIC
    theirs = [(t, run) for t, run in runs if _may_join(problem, person, t)]
    if not theirs:
        return UnplacedReason.TOO_FEW
    if any(len(run) < problem.topics[t].max_size for t, run in theirs):
        return UnplacedReason.NO_SHARED_HOURS
    return UnplacedReason.CIRCLES_FULL


def upper_bound(problem: _Problem) -> float:
    """No result is worth more (module docstring): the best of the Lagrangian bounds over the
    seat prices tried."""
    worth = _best_case(problem)
    seats = np.array(
        [np.inf if t.max_circles is None else t.max_circles * t.max_size for t in problem.topics]
    )
    capped = np.isfinite(seats)
    price = np.zeros(len(problem.topics))
    best = np.inf
    for step in range(PRICE_STEPS if capped.any() else 1):
        left = worth - price
        top = left.max(axis=1, initial=-np.inf)
        best = min(best, float(np.maximum(top, 0.0).sum() + seats[capped] @ price[capped]))
        taking = np.flatnonzero(top > 0)
        demand = np.bincount(left[taking].argmax(axis=1), minlength=len(price))
        excess = np.where(capped, demand - np.where(capped, seats, 0), 0)
        rate = PLACED / (step + 1) / max(np.abs(excess).max(initial=0), 1)
        price = np.maximum(price + rate * excess, 0.0)
    return best if np.isfinite(best) else 0.0


def _best_case(problem: _Problem) -> NDArray[np.float64]:
    """What each person could be worth in each topic (people x topics, -inf where they cannot
    be placed): the skills they match, with the most common hours their own hours allow, in
    the topics enough people match to form a circle."""
    matches = (problem.matched > 0) | (problem.fixed[:, None] == np.arange(len(problem.topics)))
    can_form = matches.sum(axis=0) >= [t.min_size for t in problem.topics]
    own = np.array(
        [HOURS_CAP if p.day_start is None else p.day_hours for p in problem.people], dtype=float
    )
    own = np.where(own >= MIN_COMMON_HOURS, HOUR_WEIGHT * np.minimum(own, HOURS_CAP), -np.inf)
    person = PLACED + FIRST_IN_LINE * problem.first + own
    return np.where(matches & can_form, person[:, None] + problem.matched, -np.inf)
