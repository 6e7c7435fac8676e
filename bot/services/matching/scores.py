"""Vectorised pair scores and the sparse candidate graph they give.

A score says how much two people would get from each other; hard rules make a pair
impossible (FORBIDDEN). Skills are scored with two matrix products. Everything else a score
depends on (roles, career levels, working hours) takes few distinct values, so it is computed once
for every two distinct profiles and gathered from that table. Rows are scored a block at a time,
so 10,000 people never need a 10,000 x 10,000 matrix in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from bot.domain import PairingMode

FORBIDDEN = np.float32(-1e9)
BLOCK_ROWS = 1024

# Weights of the score, in "one skill one way" units.
MUTUAL_BONUS = 0.5  # per skill the pair exchanges both ways (min of the two directions)
OTHER_DEPARTMENT = 1.0  # peer and mentoring modes prefer pairs across departments
LEVEL_STEP_PENALTY = 0.5  # per career step of difference beyond one (peer modes)
WORKDAY_HOURS = 8.0  # meeting hours when the profile gives none (09:00-17:00)
MIN_SHARED_HOURS = 2.0
SHARED_HOUR_BONUS = 0.1  # per shared working hour
FEW_SHARED_HOURS_PENALTY = 4.0  # under MIN_SHARED_HOURS: avoided unless nothing else fits

# Roles: 0 peer, 1 mentor, 2 mentee. Rows and columns are the two people's roles.
PEER, MENTOR, MENTEE = 0, 1, 2
_F = float(FORBIDDEN)
_PEER_MODES = [[0.5, 0.25, 0.25], [0.25, 0.0, 0.5], [0.25, 0.5, -0.5]]
ROLE_FIT: dict[PairingMode, NDArray[np.float32]] = {
    PairingMode.PEER: np.array(_PEER_MODES, dtype=np.float32),
    PairingMode.CROSS_GROUP: np.array(_PEER_MODES, dtype=np.float32),
    PairingMode.WITHIN_GROUP: np.array(_PEER_MODES, dtype=np.float32),
    # across roles: never two mentors or two mentees
    PairingMode.MENTORING: np.array(
        [[-1.0, 0.5, 0.5], [0.5, _F, 1.5], [0.5, 1.5, _F]], dtype=np.float32
    ),
}


Day = tuple[NDArray[np.float32], NDArray[np.float32]]  # meeting hours' (start, length), hours


@dataclass(frozen=True)
class People:
    """Everyone in a round as arrays, one row per person, in a fixed order."""

    offers: NDArray[np.float32]  # n x skills, 1 where the person offers the skill
    wants: NDArray[np.float32]  # n x skills
    department: NDArray[np.int32]  # department code
    role: NDArray[np.int8]  # PEER, MENTOR or MENTEE
    level: NDArray[np.float32]  # career level 0..4, NaN when unknown
    day_start: NDArray[np.float32]  # when their meeting hours begin, hours after 00:00 UTC; NaN
    # when their time zone is unknown
    day_hours: NDArray[np.float32]  # how long their meeting hours last, in hours
    forbidden: NDArray[np.int64]  # k x 2 index pairs that must never meet (recent, avoided)
    jitter: NDArray[np.float32]  # n, a small per-person value that breaks ties by seed

    @property
    def size(self) -> int:
        return len(self.department)


@dataclass(frozen=True)
class ProfileFit:
    """Each person's profile (role, level, working hours) as a code, and the fit of every two."""

    code: NDArray[np.int64]
    table: NDArray[np.float32]

    @classmethod
    def of(cls, people: People, mode: PairingMode) -> ProfileFit:
        level = np.nan_to_num(people.level, nan=-1)
        start = np.nan_to_num(people.day_start, nan=99)
        keys = np.stack([people.role.astype(np.float32), level, start, people.day_hours], axis=1)
        unique, code = np.unique(keys, axis=0, return_inverse=True)
        role = unique[:, 0].astype(np.int8)
        lvl = np.where(unique[:, 1] < 0, np.nan, unique[:, 1]).astype(np.float32)
        day = (np.where(unique[:, 2] == 99, np.nan, unique[:, 2]).astype(np.float32), unique[:, 3])
        table = pair_fit(
            mode, role[:, None], lvl[:, None], (day[0][:, None], day[1][:, None]), role, lvl, day
        )
        return cls(code=code.ravel(), table=table)


def shared_hours(a: Day, b: Day) -> NDArray[np.float32]:
    """The hours two people's meeting hours share on a day, each (start in hours after 00:00
    UTC, length in hours); a span that runs past midnight UTC goes on into the next day."""
    total = np.float32(0)
    for shift in (-24, 0, 24):
        later_start = np.maximum(a[0], b[0] + shift)
        earlier_end = np.minimum(a[0] + a[1], b[0] + shift + b[1])
        total = total + np.maximum(np.float32(0), earlier_end - later_start)
    return np.asarray(total, dtype=np.float32)


def pair_fit(
    mode: PairingMode,
    role_a: NDArray[np.int8],
    level_a: NDArray[np.float32],
    day_a: Day,
    role_b: NDArray[np.int8],
    level_b: NDArray[np.float32],
    day_b: Day,
) -> NDArray[np.float32]:
    """Role fit for the mode, career-level gap and shared working hours (broadcasting)."""
    fit = ROLE_FIT[mode][role_a, role_b]
    if mode is PairingMode.MENTORING:
        # The coach should be a step or two above: below is penalised per step, far above mildly.
        a_coaches = (role_a == MENTOR) | (role_b == MENTEE)
        lead = np.nan_to_num(np.where(a_coaches, level_a - level_b, level_b - level_a))
        fit = fit - np.where(lead < 0, -lead, LEVEL_STEP_PENALTY * np.maximum(lead - 2, 0))
    else:
        gap = np.nan_to_num(np.abs(level_a - level_b))
        fit = fit - LEVEL_STEP_PENALTY * np.maximum(gap - 1, 0)
    hours = shared_hours(day_a, day_b)
    fit = fit + np.where(
        np.isnan(hours),
        0.0,
        np.where(hours < MIN_SHARED_HOURS, -FEW_SHARED_HOURS_PENALTY, SHARED_HOUR_BONUS * hours),
    )
    return fit.astype(np.float32)


def score_block(
    people: People,
    fit: ProfileFit,
    rows: NDArray[np.int64],
    cols: NDArray[np.int64] | None,
    mode: PairingMode,
) -> NDArray[np.float32]:
    """Scores of rows x cols (cols None: everyone); forbidden pairs are FORBIDDEN."""
    col = slice(None) if cols is None else cols
    score = people.offers[rows] @ people.wants[col].T  # what each row offers the column wants
    take = people.wants[rows] @ people.offers[col].T
    mutual = np.minimum(score, take)
    mutual *= np.float32(MUTUAL_BONUS)
    score += take
    score += mutual
    del take, mutual
    score += fit.table[fit.code[rows]][:, fit.code[col]]
    same_department = people.department[rows][:, None] == people.department[col][None, :]
    if mode is PairingMode.CROSS_GROUP:
        score[same_department] = FORBIDDEN
    elif mode is PairingMode.WITHIN_GROUP:
        score[~same_department] = FORBIDDEN
    else:
        score += np.float32(OTHER_DEPARTMENT) * ~same_department
    score += people.jitter[rows][:, None] * people.jitter[col][None, :]
    _forbid_listed(score, people, rows, cols)
    return score


def _forbid_listed(
    score: NDArray[np.float32],
    people: People,
    rows: NDArray[np.int64],
    cols: NDArray[np.int64] | None,
) -> None:
    """Self-pairs and listed pairs (both directions) become FORBIDDEN in this block."""
    n = people.size
    row_at = np.full(n, -1, dtype=np.int64)
    row_at[rows] = np.arange(len(rows))
    col_at = np.arange(n, dtype=np.int64)
    if cols is not None:
        col_at = np.full(n, -1, dtype=np.int64)
        col_at[cols] = np.arange(len(cols))
    everyone = np.arange(n, dtype=np.int64)
    pairs = np.concatenate(
        [people.forbidden, people.forbidden[:, ::-1], np.stack([everyone, everyone], axis=1)]
    )
    i, j = row_at[pairs[:, 0]], col_at[pairs[:, 1]]
    inside = (i >= 0) & (j >= 0)
    score[i[inside], j[inside]] = FORBIDDEN


def candidate_edges(
    people: People, fit: ProfileFit, mode: PairingMode, per_person: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
    """Each person's best `per_person` allowed partners, as edges (i, j, score) with i < j."""
    n = people.size
    k = min(per_person, n - 1)
    if k <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    heads, tails, weights = [], [], []
    for start in range(0, n, BLOCK_ROWS):
        rows = np.arange(start, min(n, start + BLOCK_ROWS))
        score = score_block(people, fit, rows, None, mode)
        best = np.argpartition(score, score.shape[1] - k, axis=1)[:, -k:]
        values = np.take_along_axis(score, best, axis=1).ravel()
        allowed = values > FORBIDDEN / 2
        heads.append(np.repeat(rows, k)[allowed])
        tails.append(best.ravel()[allowed])
        weights.append(values[allowed])
    a, b, w = np.concatenate(heads), np.concatenate(tails).astype(np.int64), np.concatenate(weights)
    low, high = np.minimum(a, b), np.maximum(a, b)
    _, first = np.unique(low * n + high, return_index=True)
    return low[first], high[first], w[first]


@dataclass(frozen=True)
class Scorer:
    """Scores for one round: the people, their profile fit, and the mode's rules."""

    people: People
    fit: ProfileFit
    mode: PairingMode

    @classmethod
    def of(cls, people: People, mode: PairingMode) -> Scorer:
        return cls(people, ProfileFit.of(people, mode), mode)

    def block(
        self, rows: NDArray[np.int64], cols: NDArray[np.int64] | None = None
    ) -> NDArray[np.float32]:
        return score_block(self.people, self.fit, rows, cols, self.mode)

    def edges(
        self, per_person: int
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
        return candidate_edges(self.people, self.fit, self.mode, per_person)

    def subset(self, among: NDArray[np.int64]) -> Scorer:
        """The same scores among some of the people (indexes renumbered from 0)."""
        people = self.people
        position = np.full(people.size, -1, dtype=np.int64)
        position[among] = np.arange(len(among))
        pairs = position[people.forbidden]
        sub = People(
            offers=people.offers[among],
            wants=people.wants[among],
            department=people.department[among],
            role=people.role[among],
            level=people.level[among],
            day_start=people.day_start[among],
            day_hours=people.day_hours[among],
            forbidden=pairs[(pairs >= 0).all(axis=1)],
            jitter=people.jitter[among],
        )
        return Scorer(sub, ProfileFit(self.fit.code[among], self.fit.table), self.mode)

    def without_lists(self) -> Scorer:
        """The mode's own rules only: no recent or avoided pairs forbidden."""
        return replace(self, people=replace(self.people, forbidden=np.zeros((0, 2), np.int64)))
