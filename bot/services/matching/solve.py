"""From a scored candidate graph to pairs: exact up to EXACT_LIMIT people, then a relaxation.

Up to EXACT_LIMIT people, Edmonds' blossom algorithm (rustworkx, compiled) finds the
maximum-weight matching of the candidate graph exactly. Above it, the assignment problem
(each person "chooses" one partner, every partner chosen once; staying alone is a costly
self-loop) is solved exactly by scipy's LAPJVsp on the sparse graph. Its solution is a
permutation whose 2-cycles are pairs; longer cycles are split into the best pairs along the
cycle. Half the assignment's value bounds any matching of the same graph.
"""

from __future__ import annotations

import numpy as np
import rustworkx
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

Pair = tuple[int, int, float]  # two people and their edge weight
EXACT_LIMIT = 2000  # measured: blossom on 20 candidates each takes 0.4 s at 2,000 people
WEIGHT_SCALE = 1000  # the blossom works on integers: scores to 1/1000


def best_pairs(
    n: int,
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    weight: NDArray[np.float32],
    alone: NDArray[np.float32],
) -> tuple[list[Pair], list[int]]:
    """The best pairs over edges (a[k], b[k], weight[k]); alone[i] is the value of leaving i
    out. Returns the pairs and the people left over."""
    if n > EXACT_LIMIT:
        pairs, left, _ = pairs_from_assignment(n, a, b, weight, alone)
        return pairs, left
    return exact_pairs(n, a, b, weight, alone)


def exact_pairs(
    n: int,
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    weight: NDArray[np.float32],
    alone: NDArray[np.float32],
) -> tuple[list[Pair], list[int]]:
    """Maximum-weight matching. A pair is worth its score plus what leaving its two members
    out would have cost, so that placing people always beats leaving them out."""
    graph = rustworkx.PyGraph()
    graph.add_nodes_from(range(n))
    worth = np.rint((weight - (alone[a] + alone[b]) / 2) * WEIGHT_SCALE).astype(np.int64)
    graph.add_edges_from(
        list(
            zip(
                a.tolist(),
                b.tolist(),
                zip(worth.tolist(), weight.tolist(), strict=True),
                strict=True,
            )
        )
    )
    matched = rustworkx.max_weight_matching(graph, weight_fn=lambda edge: edge[0])
    pairs = [
        (min(u, v), max(u, v), float(graph.get_edge_data(u, v)[1])) for u, v in sorted(matched)
    ]
    placed = {x for pair in pairs for x in pair[:2]}
    return sorted(pairs), [i for i in range(n) if i not in placed]


def pairs_from_assignment(
    n: int,
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    weight: NDArray[np.float32],
    alone: NDArray[np.float32],
) -> tuple[list[Pair], list[int], float]:
    """Pairs over edges (a[k], b[k], weight[k]); alone[i] is the value of leaving i out.
    Returns the pairs, the people left over, and the assignment's value (an upper bound x 2)."""
    if n == 0:
        return [], [], 0.0
    rows = np.concatenate([a, b, np.arange(n)])
    cols = np.concatenate([b, a, np.arange(n)])
    values = np.concatenate([weight, weight, alone]).astype(np.float64)
    offset = values.max() + 1.0  # LAPJVsp minimises positive costs
    costs = csr_matrix((offset - values, (rows, cols)), shape=(n, n))
    matched_rows, matched_cols = min_weight_full_bipartite_matching(costs)
    partner = np.empty(n, dtype=np.int64)
    partner[matched_rows] = matched_cols
    gain = offset - np.asarray(costs[np.arange(n), partner]).ravel()
    pairs, left = _split_cycles(partner, gain)
    return pairs, left, float(gain.sum())


def _split_cycles(
    partner: NDArray[np.int64], gain: NDArray[np.float64]
) -> tuple[list[Pair], list[int]]:
    """The best pairs along each cycle of the permutation; odd cycles leave one person out."""
    seen = np.zeros(len(partner), dtype=bool)
    pairs: list[Pair] = []
    left: list[int] = []
    for start in range(len(partner)):
        if seen[start]:
            continue
        cycle = [start]
        seen[start] = True
        nxt = int(partner[start])
        while nxt != start:
            cycle.append(nxt)
            seen[nxt] = True
            nxt = int(partner[nxt])
        if len(cycle) == 1:
            left.append(start)
            continue
        edges = gain[cycle]  # edges[t] joins cycle[t] and cycle[t + 1]
        k = len(cycle)
        if k % 2 == 0:
            first = 0 if edges[0::2].sum() >= edges[1::2].sum() else 1
            pairs += [(cycle[t], cycle[(t + 1) % k], float(edges[t])) for t in range(first, k, 2)]
            continue
        out = _best_left_out(edges)
        left.append(cycle[out])
        for m in range(k // 2):
            t = (out + 1 + 2 * m) % k
            pairs.append((cycle[t], cycle[(t + 1) % k], float(edges[t])))
    return pairs, left


def _best_left_out(edges: NDArray[np.float64]) -> int:
    """In an odd cycle, whom to leave out so the alternating pairs of the rest weigh most."""
    k = len(edges)
    doubled = np.concatenate([edges, edges])
    sums = np.zeros(2 * k + 2)
    sums[2::2] = np.cumsum(doubled[0::2])
    sums[3::2] = np.cumsum(doubled[1::2])
    outs = np.arange(k)
    value = sums[outs + k] - sums[outs + 1]  # edges out+1, out+3, ..., out+k-2
    return int(np.argmax(value))


def assign_to_slots(
    n_rows: int,
    n_slots: int,
    rows: NDArray[np.int64],
    slots: NDArray[np.int64],
    weight: NDArray[np.float32],
    unassigned: float,
) -> NDArray[np.int64]:
    """Each row to a different slot, maximising the weights given; -1 where none fits."""
    if n_rows == 0:
        return np.zeros(0, dtype=np.int64)
    dummy = n_slots + np.arange(n_rows)  # one way out per row keeps the problem feasible
    values = np.concatenate([weight, np.full(n_rows, unassigned)]).astype(np.float64)
    offset = values.max() + 1.0
    costs = csr_matrix(
        (
            offset - values,
            (np.concatenate([rows, np.arange(n_rows)]), np.concatenate([slots, dummy])),
        ),
        shape=(n_rows, n_slots + n_rows),
    )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(costs)
    slot = np.full(n_rows, -1, dtype=np.int64)
    slot[matched_rows] = np.where(matched_cols < n_slots, matched_cols, -1)
    return slot
