"""Bueno de Mesquita's expected-utility model, one issue at a time: pure maths on arrays.

As Scholz, Calbert and Smith (2011), "Unravelling Bueno De Mesquita's group decision model",
Journal of Theoretical Politics 23(4), specify it and as their open replication (jmckib; dmasad)
runs it; written from those sources, not copied. The conference adapter is
``simulator.classic.models.ExpectedUtility``.
"""

from __future__ import annotations

import numpy as np

from simulator.classic import BLOCK_ELEMENTS

Array = np.ndarray


def _first_smallest(keys: Array, allowed: Array) -> Array:
    """Per row, the first column among the allowed ones whose key is the smallest (keys within
    1e-12 of the smallest count as equal, so exact ties go to the first actor in order, whatever
    the last bit of the arithmetic); -1 where no column is allowed.

    >>> _first_smallest(np.array([[3.0, 1.0, 1.0], [2.0, 0.0, 5.0]]), np.array([[1, 1, 1], [1, 0, 1]], bool)).tolist()
    [1, 0]
    """
    masked = np.where(allowed, keys, np.inf)
    least = masked.min(axis=1, keepdims=True)
    near = allowed & (masked <= least + 1e-12 * np.maximum(1.0, np.abs(least)))
    return np.where(allowed.any(axis=1), np.argmax(near, axis=1), -1)


def eu_probabilities(x: Array, w: Array, r: Array, scale: float) -> Array:
    """``P[a, b]``: the chance that the actor at ``x[a]`` wins a contest against ``x[b]``.

    Voter k backs a over b by ``w_k ((|x_k - x_b| / scale) ** r_k - (|x_k - x_a| / scale) ** r_k)``;
    P is the sum of the votes for a, divided (as in Scholz et al.'s code and the replication) by the
    sum of the absolute votes of every voter over every ordered pair of actors. Actors at the same
    position do not contest (P = 0).

    >>> eu_probabilities(np.array([0.0, 1.0]), np.array([1.0, 1.0]), np.ones(2), 1.0).tolist()
    [[0.0, 0.25], [0.25, 0.0]]
    """
    n = len(x)
    d = (np.abs(x[None, :] - x[:, None]) / scale) ** r[:, None]  # d[k, m]: voter k's distance to m
    # sum over a, b of |d[k, b] - d[k, a]|, from the sorted distances: 2 sum_i d_(i) (2i - n + 1)
    ranks = 2.0 * np.arange(n) - (n - 1)
    total = float(w @ (2.0 * (np.sort(d, axis=1) @ ranks)))
    if total <= 0:
        return np.zeros((n, n))
    votes = np.zeros((n, n))
    block = max(1, BLOCK_ELEMENTS // (n * n))
    for k0 in range(0, n, block):
        dk = d[k0 : k0 + block]
        gain = dk[:, None, :] - dk[:, :, None]  # [k, a, b] = d[k, b] - d[k, a]: k's vote for a over b
        np.maximum(gain, 0.0, out=gain)
        votes += np.tensordot(w[k0 : k0 + block], gain, axes=1)
    p = votes / total
    p[x[:, None] == x[None, :]] = 0.0
    return p


def eu_matrices(x: Array, s: Array, p: Array, r: Array, q: float, scale: float) -> tuple[Array, Array]:
    """``A[i, j]``: i's expected utility of challenging j; ``B[i, j]``: j's expected utility of
    challenging i; both as i sees them, with i's risk exponent ``r_i``.

    The target resists with a chance equal to its salience; then the challenger wins with the
    chance ``p``. ``Us = 2 - 4 (0.5 - 0.5 d) ** r``, ``Uf = 2 - 4 (0.5 + 0.5 d) ** r``,
    ``Usq = 2 - 4 * 0.5 ** r`` with d the distance over the scale, and
    ``EU = s_j (p Us + (1 - p) Uf) + (1 - s_j) Us - q Usq``.
    """
    half = 0.5 * np.abs(x[:, None] - x[None, :]) / scale
    rr = r[:, None]
    success = 2.0 - 4.0 * np.maximum(0.5 - half, 0.0) ** rr
    failure = 2.0 - 4.0 * (0.5 + half) ** rr
    status_quo = 2.0 - 4.0 * 0.5**rr
    a = s[None, :] * (p * success + (1.0 - p) * failure) + (1.0 - s[None, :]) * success - q * status_quo
    pt = p.T
    b = s[:, None] * (pt * success + (1.0 - pt) * failure) + (1.0 - s[:, None]) * success - q * status_quo
    return a, b


def risk_exponents(x: Array, w: Array, s: Array, q: float, scale: float) -> Array:
    """Each actor's risk exponent in [0.5, 2], from its security level.

    With every exponent 1, an actor's danger is the sum of the expected utilities of every other
    actor challenging it; ``R = (2 danger - max - min) / (max - min)`` over the actors and
    ``r = (1 - R / 3) / (1 + R / 3)`` (Scholz et al. 2011, as their replication computes it).
    """
    ones = np.ones(len(x))
    a, _ = eu_matrices(x, s, eu_probabilities(x, w, ones, scale), ones, q, scale)
    danger = a.sum(axis=0) - np.diag(a)  # danger[k] = sum over j != k of EU(j challenges k)
    high, low = danger.max(), danger.min()
    if high - low <= 0:
        return ones
    big_r = (2.0 * danger - high - low) / (high - low)
    return (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)


def eu_round(
    x: Array,
    c: Array,
    s: Array,
    scale: float,
    q: float = 1.0,
    compromise: str = "replication",
    capitulation: bool = False,
) -> tuple[Array, list[tuple[int, str, int, float, float, float]]]:
    """One round on one issue: the new positions and the moves ``(i, kind, j, A_ij, B_ij, new x_i)``.

    Every actor weighs the offers of the others from its own view (risk exponent, from the
    positions at the start of the round): if j's challenge is worth more to j than i's to i and
    both are positive, i loses a confrontation to j and takes j's position; if i's challenge is
    worth less than nothing to i but j's is worth more to j than i's loss, i compromises and moves
    toward j by ``|A_ij / B_ij|`` of the way. A confrontation is preferred to a compromise (the
    one needing the smallest move, first in order on ties). Among compromises, ``replication``
    takes the one with the numerically lowest EU-weighted mean ``(|A| x_i + |B| x_j) / (|A| + |B|)``
    (Scholz et al.'s code, which the replication follows and which its logged run needs);
    ``smallest_move`` takes the one closest to x_i, as the paper states the rule. Capitulations
    (i's loss outweighs j's gain: i takes j's position) are offered only with ``capitulation``
    (the replication's test for them never holds). All actors move at once.
    """
    w = c * s
    r = risk_exponents(x, w, s, q, scale)
    a, b = eu_matrices(x, s, eu_probabilities(x, w, r, scale), r, q, scale)
    differ = x[:, None] != x[None, :]
    jx = np.broadcast_to(x[None, :], a.shape)
    xi = x[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        compromise_at = xi + (jx - xi) * np.abs(a / b)
    confront = differ & (b > a) & (a > 0)
    comp = differ & (b > 0) & (a < 0) & (b > np.abs(a))
    capit = differ & (b > 0) & (a < 0) & (b < np.abs(a)) if capitulation else np.zeros_like(differ)
    distance = np.abs(jx - xi)
    if compromise == "replication":
        with np.errstate(divide="ignore", invalid="ignore"):
            comp_key = (np.abs(a) * xi + np.abs(b) * jx) / (np.abs(a) + np.abs(b))
    else:
        comp_key = np.abs(compromise_at - xi)
    choices = [
        ("confrontation", _first_smallest(distance, confront), jx),
        ("compromise", _first_smallest(comp_key, comp), compromise_at),
        ("capitulation", _first_smallest(distance, capit), jx),
    ]
    new = x.copy()
    moves = []
    for i in range(len(x)):
        for kind, chosen, target in choices:
            j = int(chosen[i])
            if j >= 0:
                new[i] = target[i, j]
                moves.append((i, kind, j, float(a[i, j]), float(b[i, j]), float(new[i])))
                break
    return new, moves
