"""The matching engine: who meets whom in a round. Pure: no Slack, no database, no clock.

`match()` maximises the total score of a round under hard rules (no recent repeat, no avoided
pair, the mode's department and role rules), places an odd one out in the triad where they
fit best, and says why for every group and for anyone it could not place. The same request
and seed always give the same groups.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from bot.domain import CareerLevel, Exchange, PairingMode, RolePreference
from bot.services.matching.scores import (
    FORBIDDEN,
    MENTEE,
    MENTOR,
    PEER,
    WORKDAY_HOURS,
    People,
    Scorer,
    shared_hours,
)
from bot.services.matching.solve import assign_to_slots, best_pairs

ALONE = 50.0  # what leaving someone out costs, far above any pair's score
ALONE_FIRST_IN_LINE = 100.0  # left out last time: placed before anyone else
CANDIDATES_PER_PERSON = 20  # measured: 30 or 60 add under 0.05 % to a round's score
JITTER = 0.03  # jitter products stay under 0.001: they only break ties
_ROLE_CODE = {
    RolePreference.PEER: PEER,
    RolePreference.MENTOR: MENTOR,
    RolePreference.MENTEE: MENTEE,
}
_LEVELS = list(CareerLevel)


@dataclass(frozen=True)
class Candidate:
    key: str
    offers: frozenset[str]
    wants: frozenset[str]
    department: str
    role: RolePreference = RolePreference.PEER
    level: CareerLevel | None = None
    day_start: float | None = None  # when their meeting hours begin, in hours after 00:00 UTC
    # at the round's start (None: time zone unknown)
    day_hours: float = WORKDAY_HOURS  # how long their meeting hours last
    first_in_line: bool = False


@dataclass(frozen=True)
class MatchRequest:
    candidates: Sequence[Candidate]
    mode: PairingMode = PairingMode.PEER
    group_size: int = 2
    recent: frozenset[frozenset[str]] = frozenset()  # pairs that met within the window
    avoid: frozenset[frozenset[str]] = frozenset()  # pairs someone asked never to meet
    seed: int = 0
    candidates_per_person: int = CANDIDATES_PER_PERSON


@dataclass(frozen=True)
class Group:
    members: tuple[str, ...]
    score: float
    first_coach: str
    exchanges: tuple[Exchange, ...]
    departments: tuple[str, ...]
    shared_hours: float | None  # the fewest working hours any two members share


class UnplacedReason(enum.StrEnum):
    ALONE = "alone"  # nobody else in the round can meet them under this mode
    NO_COMPATIBLE = "no_compatible"  # everyone who could was met recently, avoided or taken


@dataclass(frozen=True)
class Unplaced:
    key: str
    reason: UnplacedReason


@dataclass(frozen=True)
class MatchResult:
    groups: tuple[Group, ...]
    unplaced: tuple[Unplaced, ...]

    @property
    def total_score(self) -> float:
        return sum(group.score for group in self.groups)


Scored = tuple[tuple[int, ...], float]  # member indexes, the group's score


def match(request: MatchRequest) -> MatchResult:
    if request.group_size not in (2, 3):
        raise ValueError("group_size must be 2 or 3")
    candidates = sorted(request.candidates, key=lambda c: c.key)
    if len({c.key for c in candidates}) != len(candidates):
        raise ValueError("candidate keys must be unique")
    scorer = Scorer.of(_arrays(candidates, request), request.mode)
    alone = alone_values(candidates)
    groups, left = _pairs(scorer, np.arange(len(candidates)), alone, request)
    if left:  # a second pass: the left-over may fit each other
        more, left = _pairs(scorer, np.array(left), alone, request)
        groups += more
    left.sort(key=lambda i: (alone[i], i))  # first in line first
    if request.group_size == 3:
        groups, left = _make_triads(scorer, groups, left)
    else:
        groups, left = _join_groups(scorer, groups, left)
    built = [_group(candidates, scorer.people, members, score) for members, score in groups]
    return MatchResult(
        groups=tuple(sorted(built, key=lambda g: g.members)),
        unplaced=tuple(Unplaced(candidates[i].key, _why_unplaced(scorer, i)) for i in sorted(left)),
    )


def alone_values(candidates: Sequence[Candidate]) -> np.ndarray:
    """What leaving each person out is worth (negative): more for those first in line."""
    return np.array(
        [-ALONE_FIRST_IN_LINE if c.first_in_line else -ALONE for c in candidates],
        dtype=np.float32,
    )


def _arrays(candidates: Sequence[Candidate], request: MatchRequest) -> People:
    skills = sorted({s for c in candidates for s in c.offers | c.wants})
    column = {skill: i for i, skill in enumerate(skills)}
    n = len(candidates)
    offers = np.zeros((n, max(len(skills), 1)), dtype=np.float32)
    wants = np.zeros_like(offers)
    for i, c in enumerate(candidates):
        offers[i, [column[s] for s in c.offers]] = 1
        wants[i, [column[s] for s in c.wants]] = 1
    departments = {d: i for i, d in enumerate(sorted({_department(c) for c in candidates}))}
    index = {c.key: i for i, c in enumerate(candidates)}
    pairs = [
        sorted((index[a], index[b]))
        for pair in request.recent | request.avoid
        if len(pair) == 2 and all(key in index for key in pair)
        for a, b in [tuple(pair)]
    ]
    rng = np.random.default_rng(request.seed)
    return People(
        offers=offers,
        wants=wants,
        department=np.array([departments[_department(c)] for c in candidates], dtype=np.int32),
        role=np.array([_ROLE_CODE[c.role] for c in candidates], dtype=np.int8),
        level=np.array(
            [np.nan if c.level is None else _LEVELS.index(c.level) for c in candidates],
            dtype=np.float32,
        ),
        day_start=np.array(
            [np.nan if c.day_start is None else c.day_start % 24 for c in candidates],
            dtype=np.float32,
        ),
        day_hours=np.array([c.day_hours for c in candidates], dtype=np.float32),
        forbidden=np.array(pairs, dtype=np.int64).reshape(-1, 2),
        jitter=(rng.random(n) * JITTER).astype(np.float32),
    )


def _department(candidate: Candidate) -> str:
    return " ".join(candidate.department.casefold().split())


def _pairs(
    scorer: Scorer, among: np.ndarray, alone: np.ndarray, request: MatchRequest
) -> tuple[list[Scored], list[int]]:
    """The best pairs among `among` (indexes into people), and who is left."""
    sub = scorer if len(among) == scorer.people.size else scorer.subset(among)
    a, b, w = sub.edges(request.candidates_per_person)
    pairs, left = best_pairs(sub.people.size, a, b, w, alone[among])
    scored = [((int(among[i]), int(among[j])), weight) for i, j, weight in pairs]
    return scored, [int(among[i]) for i in left]


def _fit(scorer: Scorer, who: list[int], groups: list[Scored]) -> np.ndarray:
    """How well each of `who` fits each group: the sum of their scores with its members."""
    scores = scorer.block(np.array(who, dtype=np.int64))
    fit = np.zeros((len(who), len(groups)), dtype=np.float32)
    for g, (members, _) in enumerate(groups):
        member_scores = scores[:, list(members)]
        allowed = (member_scores > FORBIDDEN / 2).all(axis=1)
        fit[:, g] = np.where(allowed, member_scores.sum(axis=1), FORBIDDEN)
    return fit


def _join_groups(
    scorer: Scorer, groups: list[Scored], left: list[int]
) -> tuple[list[Scored], list[int]]:
    """Each person left over joins the pair where they fit best, making it a triad."""
    unplaced: list[int] = []
    for person in left:
        pairs = [i for i, (members, _) in enumerate(groups) if len(members) == 2]
        fit = _fit(scorer, [person], [groups[i] for i in pairs])[0] if pairs else None
        if fit is None or fit.max() <= FORBIDDEN / 2:
            unplaced.append(person)
            continue
        best = pairs[int(np.argmax(fit))]
        members, score = groups[best]
        groups[best] = ((*members, person), score + float(fit.max()))
    return groups, unplaced


def _make_triads(
    scorer: Scorer, groups: list[Scored], left: list[int]
) -> tuple[list[Scored], list[int]]:
    """Triads from pairs: the weakest pairs give their members to the strongest as thirds.
    n = 3t + r people make t triads (r = 0), t - 1 triads and two pairs (r = 1), or t
    triads and a pair (r = 2)."""
    n = 2 * len(groups) + len(left)
    triads, rest = divmod(n, 3)
    keep_pairs = {0: 0, 1: 2, 2: 1}[rest]
    triads -= rest == 1
    if triads <= 0:
        return _join_groups(scorer, groups, left)
    groups = sorted(groups, key=lambda g: -g[1])
    dissolve = max(len(groups) - triads - keep_pairs, 0)
    hosts = groups[: len(groups) - dissolve]
    singles = left + [m for members, _ in groups[len(groups) - dissolve :] for m in members]
    fit = _fit(scorer, singles, hosts)
    k = min(CANDIDATES_PER_PERSON, len(hosts))
    best = np.argpartition(-fit, k - 1, axis=1)[:, :k]
    values = np.take_along_axis(fit, best, axis=1).ravel()
    allowed = values > FORBIDDEN / 2
    slot = assign_to_slots(
        len(singles),
        len(hosts),
        np.repeat(np.arange(len(singles)), k)[allowed],
        best.ravel()[allowed],
        values[allowed],
        -ALONE,
    )
    result = list(hosts)
    unplaced = []
    for i, host in enumerate(slot):
        if host < 0:
            unplaced.append(singles[i])
            continue
        members, score = result[host]
        result[host] = ((*members, singles[i]), score + float(fit[i, host]))
    return _join_groups(scorer, result, unplaced)


def _why_unplaced(scorer: Scorer, person: int) -> UnplacedReason:
    """ALONE when the mode's own rules leave nobody, else NO_COMPATIBLE."""
    scores = scorer.without_lists().block(np.array([person]))[0]
    return UnplacedReason.NO_COMPATIBLE if (scores > FORBIDDEN / 2).any() else UnplacedReason.ALONE


def _group(
    candidates: Sequence[Candidate], people: People, members: tuple[int, ...], score: float
) -> Group:
    chosen = [candidates[i] for i in sorted(members, key=lambda i: candidates[i].key)]
    exchanges = tuple(
        Exchange(giver.key, taker.key, tuple(sorted(giver.offers & taker.wants)))
        for giver in chosen
        for taker in chosen
        if giver is not taker and giver.offers & taker.wants
    )
    starts, lengths = people.day_start[list(members)], people.day_hours[list(members)]
    hours = None
    if not np.isnan(starts).any():
        hours = float(
            min(
                shared_hours((starts[[x]], lengths[[x]]), (starts[[y]], lengths[[y]]))[0]
                for x, y in combinations(range(len(members)), 2)
            )
        )
    return Group(
        members=tuple(c.key for c in chosen),
        score=round(score, 4),
        first_coach=_first_coach(chosen, exchanges),
        exchanges=exchanges,
        departments=tuple(dict.fromkeys(c.department for c in chosen)),
        shared_hours=hours,
    )


def _first_coach(chosen: list[Candidate], exchanges: tuple[Exchange, ...]) -> str:
    """Mentors coach first; otherwise whoever has the most to give; ties by key."""
    for role in (RolePreference.MENTOR, RolePreference.PEER):
        if any(c.role is RolePreference.MENTEE for c in chosen):
            coaches = [c for c in chosen if c.role is role]
            if coaches:
                return coaches[0].key
    given = {c.key: 0 for c in chosen}
    for exchange in exchanges:
        given[exchange.giver] += len(exchange.skills)
    return max(chosen, key=lambda c: given[c.key]).key  # max keeps the first (lowest key) tie
