"""Two parties with linear utilities, exactly: their Pareto frontier and the solutions on it.

With two parties and linear (additive, piecewise-linear) utilities the Pareto frontier is the
chain of texts that hand issues from A to B in the order of what B gains per unit A loses
(logrolling; Raiffa 1982, "The Art and Science of Negotiation", ch. 10). It is concave and
piecewise linear, so the max-min and the (weighted) Nash bargaining solution (Nash 1950, "The
bargaining problem", Econometrica 18(2)) have closed forms on each of its straight pieces.
"""

from __future__ import annotations

import math

import numpy as np

from simulator.core.utility import utilities

Array = np.ndarray


def two_party_frontier(ideals: Array, saliences: Array, fixed: Array | None = None) -> tuple[Array, Array, Array]:
    """The Pareto frontier of two parties with linear utilities, as its vertices.

    Texts on the frontier lie between the two ideals on every issue. Starting from A's ideal,
    issues move to B's ideal in the order of what B gains per unit A loses (logrolling), so the
    frontier is concave and piecewise linear. Issues marked in ``fixed`` (a NaN-free value) stay
    at that value. Returns ``(u_a, u_b, texts)`` for the vertices, in that order.

    >>> u_a, u_b, texts = two_party_frontier(np.array([[0.0, 0.0], [100.0, 100.0]]),
    ...                                      np.array([[0.8, 0.2], [0.2, 0.8]]))
    >>> u_a.tolist(), u_b.tolist()
    ([1.0, 0.8, 0.0], [0.0, 0.8, 1.0])
    >>> texts[1].tolist()
    [0.0, 100.0]
    """
    a_ideal, b_ideal = ideals
    m = len(a_ideal)
    free = np.ones(m, dtype=bool) if fixed is None else np.isnan(fixed)
    base = np.where(free, a_ideal, fixed if fixed is not None else 0.0)
    span = np.abs(b_ideal - a_ideal) / 100.0
    cost_a = np.where(free, saliences[0] * span, 0.0)  # A's loss moving the issue all the way to B
    gain_b = np.where(free, saliences[1] * span, 0.0)
    movable = free & (gain_b > 0)
    # issues A does not weigh go first (free gains for B), then by B's gain per unit of A's loss
    ratio = np.where(cost_a > 0, gain_b / np.where(cost_a > 0, cost_a, 1.0), np.inf)
    order = [int(k) for k in np.argsort(-ratio, kind="stable") if movable[k]]
    start_text = base.copy()
    u_a = [float(utilities(start_text, ideals[:1], saliences[:1])[0])]
    u_b = [float(utilities(start_text, ideals[1:], saliences[1:])[0])]
    texts = [start_text]
    text = start_text.copy()
    for k in order:
        text = text.copy()
        text[k] = b_ideal[k]
        u_a.append(u_a[-1] - float(cost_a[k]))
        u_b.append(u_b[-1] + float(gain_b[k]))
        texts.append(text)
    return np.array(u_a), np.array(u_b), np.array(texts)


def two_party_max_min(
    ideals: Array,
    saliences: Array,
    reservations: Array,
    fixed: Array | None = None,
    frontier: tuple[Array, Array, Array] | None = None,
) -> tuple[Array, float]:
    """Exact ``max_min_surplus`` for two parties with linear utilities (see ``two_party_frontier``).

    >>> text, surplus = two_party_max_min(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([0.1, 0.3]))
    >>> round(float(text[0]), 6), round(surplus, 6)
    (60.0, 0.3)
    """
    u_a_array, u_b_array, texts = frontier or two_party_frontier(ideals, saliences, fixed)
    # in plain floats: the frontier has a handful of vertices (the same arithmetic as in arrays)
    r_a, r_b = float(reservations[0]), float(reservations[1])
    j, share, surplus = frontier_max_min(u_a_array.tolist(), u_b_array.tolist(), [r_a, r_b])
    return (texts[j] if share is None else texts[j - 1] + share * (texts[j] - texts[j - 1])), surplus


def frontier_max_min(u_a: list[float], u_b: list[float], reservations: list[float]) -> tuple[int, float | None, float]:
    """Where the smallest surplus is largest along a two-party frontier given by its vertices'
    utilities: ``(j, None, surplus)`` at vertex j, or ``(j, share, surplus)`` that share of the way
    from vertex j - 1 to vertex j (see ``two_party_max_min``).

    One straight piece from (1, 0) to (0, 1), reservations 0.1 and 0.3: the surpluses are equal
    (0.3 each) 60% of the way along it.

    >>> j, share, surplus = frontier_max_min([1.0, 0.0], [0.0, 1.0], [0.1, 0.3])
    >>> j, round(share, 6), round(surplus, 6)
    (1, 0.6, 0.3)
    """
    r_a, r_b = reservations
    gap = [(a - r_a) - (b - r_b) for a, b in zip(u_a, u_b, strict=True)]  # falls along the frontier
    if gap[0] <= 0 or len(gap) == 1:
        j = 0 if gap[0] <= 0 else len(gap) - 1
        return j, None, min(u_a[j] - r_a, u_b[j] - r_b)
    if gap[-1] >= 0:
        return len(gap) - 1, None, min(u_a[-1] - r_a, u_b[-1] - r_b)
    j = next(k for k, g in enumerate(gap) if g < 0)  # first vertex past the crossing
    share = gap[j - 1] / (gap[j - 1] - gap[j])
    return j, share, u_a[j - 1] + share * (u_a[j] - u_a[j - 1]) - r_a


def two_party_nash(
    ideals: Array, saliences: Array, reservations: Array, weights: Array | None = None, fixed: Array | None = None
) -> Array | None:
    """Exact (weighted) Nash bargaining solution for two parties with linear utilities.

    The solution lies on the frontier; on each of its straight pieces the first-order condition
    has a closed form. ``None`` when no text gives both more than their reservations.

    >>> x = two_party_nash(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([0.1, 0.3]))
    >>> round(float(x[0]), 6)
    60.0
    """
    w_a, w_b = (1.0, 1.0) if weights is None else (float(weights[0]), float(weights[1]))
    u_a, u_b, texts = two_party_frontier(ideals, saliences, fixed)
    r_a, r_b = float(reservations[0]), float(reservations[1])

    def value(a: float, b: float) -> float:
        return w_a * math.log(a - r_a) + w_b * math.log(b - r_b) if a > r_a and b > r_b else -math.inf

    best, best_text = -math.inf, None
    for j in range(len(u_a)):
        if value(u_a[j], u_b[j]) > best:
            best, best_text = value(u_a[j], u_b[j]), texts[j]
        if j + 1 < len(u_a):
            d_a, d_b = u_a[j + 1] - u_a[j], u_b[j + 1] - u_b[j]
            if d_a == 0 or d_b == 0:
                continue
            s = -(w_a * d_a * (u_b[j] - r_b) + w_b * d_b * (u_a[j] - r_a)) / (d_a * d_b * (w_a + w_b))
            if 0.0 < s < 1.0 and value(u_a[j] + s * d_a, u_b[j] + s * d_b) > best:
                best = value(u_a[j] + s * d_a, u_b[j] + s * d_b)
                best_text = texts[j] + s * (texts[j + 1] - texts[j])
    return None if best_text is None else np.asarray(best_text, dtype=float)
