"""Preferences and the textbook solutions a settlement is measured against.

Issues are scales 0..100. Agent i's utility of a text x is

    u_i(x) = 1 - sum_k s_ik * |x_k - p_ik| / 100          (linear loss, the default)
    u_i(x) = 1 - sum_k s_ik * ((x_k - p_ik) / 100) ** 2   (quadratic loss)

with saliences s_ik summing to one and ideal points p_ik. Functions here are pure: arrays in,
numbers out, no randomness.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import optimize

Array = np.ndarray
EXPONENT = {"linear": 1, "quadratic": 2}
# ``_sum(x, axis)`` is ``x.sum(axis)`` (the same reduction, bit for bit) without the method's Python
# wrapper, which costs more than the sum on the small arrays of a conference run
_sum = np.add.reduce
# ``_min(x) > 0`` is ``(x > 0).all()`` in one step (NaN, like a non-positive entry, makes it False)
_min = np.minimum.reduce


def utilities(text: Array, ideals: Array, saliences: Array, form: str = "linear") -> Array:
    """Every agent's utility of one text (``ideals`` and ``saliences`` are agents x issues).

    >>> utilities(np.array([50.0]), np.array([[0.0], [100.0]]), np.array([[1.0], [1.0]]))
    array([0.5, 0.5])
    >>> utilities(np.array([50.0, 0.0]), np.array([[0.0, 0.0]]), np.array([[0.5, 0.5]]), "quadratic")
    array([0.875])
    """
    gap = np.abs(text - ideals) / 100.0  # (the text broadcasts along the agents)
    return 1.0 - _sum(saliences * (gap if form == "linear" else gap ** EXPONENT[form]), 1)


def own_utilities(texts: Array, ideals: Array, saliences: Array, form: str = "linear") -> Array:
    """Row i: agent i's utility of text i (``texts`` is agents x issues), as ``utilities`` gives it.

    >>> own_utilities(np.array([[50.0], [50.0]]), np.array([[0.0], [100.0]]), np.array([[1.0], [0.5]]))
    array([0.5 , 0.75])
    """
    gap = np.abs(texts - ideals) / 100.0
    return 1.0 - _sum(saliences * (gap if form == "linear" else gap ** EXPONENT[form]), 1)


def utility_matrix(texts: Array, ideals: Array, saliences: Array, form: str = "linear") -> Array:
    """``U[i, j]``: agent i's utility of text j (``texts`` is texts x issues)."""
    gap = np.abs(texts[None, :, :] - ideals[:, None, :]) / 100.0
    return 1.0 - np.einsum("ik,ijk->ij", saliences, gap ** EXPONENT[form])


def concede_toward(ideal: Array, target: Array, salience: Array, aspiration: float, form: str = "linear") -> Array:
    """The point on the segment from ``ideal`` toward ``target`` that is worth ``aspiration``.

    Along that segment every issue moves away from the ideal, so the loss grows as
    ``lam ** q * L`` (q = 1 linear, 2 quadratic) and the fraction ``lam`` has a closed form.
    An agent asking for more than its ideal stays there; one content with the target goes there.

    >>> concede_toward(np.array([0.0, 0.0]), np.array([100.0, 50.0]), np.array([0.5, 0.5]), 0.625)
    array([50., 25.])
    """
    q = EXPONENT[form]
    full_loss = float((salience * (np.abs(target - ideal) / 100.0) ** q).sum())
    if full_loss <= 0.0:
        return target.astype(float).copy()
    lam = min(1.0, max(0.0, (1.0 - aspiration) / full_loss) ** (1.0 / q))
    # issues the agent does not weigh cost it nothing: it takes the target there
    return np.where(salience > 0, ideal + lam * (target - ideal), target)


def concede_many(
    ideals: Array,
    targets: Array,
    saliences: Array,
    aspirations: Array,
    form: str = "linear",
    weighed: Array | None = None,
) -> Array:
    """``concede_toward`` for many agents at once: row i is agent i's offer toward ``targets[i]``
    (or toward ``targets[0]`` for all, when ``targets`` has one row). ``weighed`` is
    ``saliences > 0``, if the caller keeps it.

    The same arithmetic, row by row, so every row equals what ``concede_toward`` returns for it.

    >>> concede_many(np.array([[0.0, 0.0]]), np.array([[100.0, 50.0]]), np.array([[0.5, 0.5]]), np.array([0.625]))
    array([[50., 25.]])
    """
    q = EXPONENT[form]
    span = targets - ideals
    gap = np.abs(span) / 100.0
    full_loss = _sum(saliences * (gap if q == 1 else gap**q), 1)  # (x ** 1 is x)
    everyone = _min(full_loss) > 0.0  # the usual case: every agent loses by going all the way
    moves = None if everyone else full_loss > 0.0
    share = np.maximum(0.0, (1.0 - aspirations) / (full_loss if moves is None else np.where(moves, full_loss, 1.0)))
    # q = 1: x ** 1.0 is x; q = 2: Python's power, since numpy's vectorised one may differ in the last bit
    lam = np.minimum(1.0, share if q == 1 else np.array([x ** (1.0 / q) for x in share.tolist()]))
    offers = np.where(saliences > 0 if weighed is None else weighed, ideals + lam[:, None] * span, targets)
    # an agent whose ideal costs it nothing to leave takes the target (as in concede_toward)
    return offers if moves is None else np.where(moves[:, None], offers, targets)


def weighted_mean(ideals: Array, saliences: Array, capabilities: Array, fallback: Array | float = 50.0) -> Array:
    """The compromise model: per issue, ``sum c s x / sum c s``.

    Where the capabilities of everyone who weighs an issue are zero, they count equally;
    issues nobody weighs take ``fallback``.

    >>> weighted_mean(np.array([[0.0], [100.0]]), np.array([[1.0], [1.0]]), np.array([1.0, 3.0]))
    array([75.])
    >>> weighted_mean(np.array([[0.0], [100.0]]), np.array([[1.0], [3.0]]), np.array([0.0, 0.0]))
    array([75.])
    """
    weights = capabilities[:, None] * saliences
    total = _sum(weights, 0)
    if _min(total) > 0:  # the usual case, in fewer steps: every issue weighed by someone with capability
        return _sum(weights * ideals, 0) / total
    powerless = total <= 0
    if powerless.any():
        weights = np.where(powerless[None, :], saliences, weights)
        total = _sum(weights, 0)
    weighed = total > 0
    mean = _sum(weights * ideals, 0) / np.where(weighed, total, 1.0)
    return np.where(weighed, mean, fallback)


def weighted_median(ideals: Array, saliences: Array, capabilities: Array) -> Array:
    """Per issue, the position where the capability-times-salience weight first reaches half
    (the midpoint of the two middle positions when the weight splits exactly in half).

    >>> weighted_median(np.array([[0.0], [40.0], [100.0]]), np.ones((3, 1)), np.array([1.0, 1.0, 1.5]))
    array([40.])
    >>> weighted_median(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([1.0, 1.0]))
    array([50.])
    """
    weights = capabilities[:, None] * saliences
    out = np.full(ideals.shape[1], 50.0)
    # issue by issue in plain floats (a dozen agents): the same sums, in the same order, as numpy's
    # cumsum, searchsorted and isclose would take
    for k, (column, positions) in enumerate(zip(weights.T.tolist(), ideals.T.tolist(), strict=True)):
        # agents without a stake on the issue do not count; a stable sort by position
        staked = sorted(((p, w) for p, w in zip(positions, column, strict=True) if w > 0), key=lambda pw: pw[0])
        if not staked:
            continue
        cumulative: list[float] = []
        running = 0.0
        for _, w in staked:
            running = w if not cumulative else running + w
            cumulative.append(running)
        half = cumulative[-1] / 2.0
        at = next(i for i, c in enumerate(cumulative) if c >= half)
        exact = abs(cumulative[at] - half) <= 1e-8 + 1e-5 * abs(half) and at + 1 < len(staked)  # np.isclose
        out[k] = (staked[at][0] + staked[at + 1][0]) / 2.0 if exact else staked[at][0]
    return out


def max_min_surplus(
    ideals: Array, saliences: Array, reservations: Array, form: str = "linear", fixed: Array | None = None
) -> tuple[Array, float]:
    """The text that maximises the smallest surplus ``u_i - r_i``, and that surplus.

    A positive surplus means a bargaining range exists: some text beats walking away for all.
    Linear utilities make this a linear programme; quadratic ones a smooth convex problem.

    >>> text, surplus = max_min_surplus(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([0.1, 0.3]))
    >>> round(float(text[0]), 6), round(surplus, 6)
    (60.0, 0.3)
    """
    n, m = ideals.shape
    fixed = np.full(m, np.nan) if fixed is None else fixed
    pinned = [(float(v), float(v)) if not np.isnan(v) else (0.0, 100.0) for v in fixed]  # issues held at a value
    if form == "linear" and n == 2:
        return two_party_max_min(ideals, saliences, reservations, fixed)
    if form == "linear":
        # variables: x (m), d (n*m) with d_ik >= |x_k - p_ik|, z; maximise z
        nv = m + n * m + 1
        cost = np.zeros(nv)
        cost[-1] = -1.0
        rows, rhs = [], []
        for i in range(n):
            row = np.zeros(nv)
            row[m + i * m : m + (i + 1) * m] = saliences[i] / 100.0
            row[-1] = 1.0
            rows.append(row)
            rhs.append(1.0 - reservations[i])
            for k in range(m):
                for sign in (1.0, -1.0):
                    row = np.zeros(nv)
                    row[k] = sign
                    row[m + i * m + k] = -1.0
                    rows.append(row)
                    rhs.append(sign * ideals[i, k])
        bounds = pinned + [(0.0, None)] * (n * m) + [(None, None)]
        res = optimize.linprog(cost, A_ub=np.array(rows), b_ub=np.array(rhs), bounds=bounds, method="highs")
        return res.x[:m], float(-res.fun)
    start = weighted_mean(ideals, saliences, np.ones(n))
    held = ~np.isnan(fixed)

    def worst(x: Array) -> float:
        x = np.where(held, fixed, x)
        return -float((utilities(x, ideals, saliences, form) - reservations).min())

    res = optimize.minimize(
        worst, start, method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-10, "maxiter": 20000}
    )
    x = np.where(held, fixed, np.clip(res.x, 0.0, 100.0))
    return x, -worst(x)


def nash_bargaining(
    ideals: Array,
    saliences: Array,
    reservations: Array,
    weights: Array | None = None,
    form: str = "linear",
) -> Array | None:
    """The (weighted) Nash bargaining solution: ``argmax sum_i w_i log(u_i(x) - r_i)``.

    Returns ``None`` when no text gives every party more than its reservation.
    Two parties on one issue with linear utilities split the surplus equally:

    >>> x = nash_bargaining(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([0.1, 0.3]))
    >>> round(float(x[0]), 2)
    60.0
    """
    n, m = ideals.shape
    if form == "linear" and n == 2:
        return two_party_nash(ideals, saliences, reservations, weights)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    start, surplus = max_min_surplus(ideals, saliences, reservations, form)
    if surplus <= 1e-9:
        return None
    q = EXPONENT[form]
    smooth = 1e-4  # points: smooths |y| so a gradient method can climb the piecewise-linear objective

    def objective(x: Array) -> tuple[float, Array]:
        y = x[None, :] - ideals
        if q == 1:
            a = np.sqrt(y * y + smooth * smooth)
            loss_grad = y / a / 100.0
            loss = (saliences * a / 100.0).sum(axis=1)
        else:
            loss = (saliences * (y / 100.0) ** 2).sum(axis=1)
            loss_grad = 2.0 * y / 100.0**2
        gain = 1.0 - loss - reservations
        if np.any(gain <= 0):
            return 1e12, np.zeros(m)
        value = -float((w * np.log(gain)).sum())
        grad = ((w / gain)[:, None] * saliences * loss_grad).sum(axis=0)
        return value, grad

    res = optimize.minimize(objective, start, jac=True, method="L-BFGS-B", bounds=[(0.0, 100.0)] * m,
                            options={"ftol": 1e-14, "gtol": 1e-10, "maxiter": 5000})  # fmt: skip
    return np.clip(res.x, 0.0, 100.0)


# --------------------------------------------------------------------------- the unit pie


def nash_split(u1: Callable[[float], float], u2: Callable[[float], float], d1: float = 0.0, d2: float = 0.0) -> float:
    """Share x of a unit pie for player 1 (player 2 gets 1 - x) maximising ``(u1 - d1)(u2 - d2)``.

    >>> round(nash_split(lambda x: x, lambda y: math.sqrt(y)), 4)
    0.6667
    """
    res = optimize.minimize_scalar(
        lambda x: -math.log(max(u1(x) - d1, 1e-300)) - math.log(max(u2(1 - x) - d2, 1e-300)),
        bounds=(0.0, 1.0), method="bounded", options={"xatol": 1e-10},
    )  # fmt: skip
    return float(res.x)


def kalai_smorodinsky_split(
    u1: Callable[[float], float], u2: Callable[[float], float], d1: float = 0.0, d2: float = 0.0
) -> float:
    """Share x where both players get the same fraction of their best possible gain.

    >>> round(kalai_smorodinsky_split(lambda x: x, lambda y: math.sqrt(y)), 3)
    0.618
    """
    best1, best2 = u1(1.0) - d1, u2(1.0) - d2
    return float(optimize.brentq(lambda x: (u1(x) - d1) / best1 - (u2(1 - x) - d2) / best2, 0.0, 1.0, xtol=1e-12))


def utilitarian_split(u1: Callable[[float], float], u2: Callable[[float], float]) -> float:
    """Share x maximising ``u1 + u2``.

    >>> round(utilitarian_split(lambda x: x, lambda y: math.sqrt(y)), 4)
    0.75
    """
    res = optimize.minimize_scalar(lambda x: -(u1(x) + u2(1 - x)), bounds=(0.0, 1.0), method="bounded",
                                   options={"xatol": 1e-10})  # fmt: skip
    return float(res.x)


def egalitarian_split(
    u1: Callable[[float], float], u2: Callable[[float], float], d1: float = 0.0, d2: float = 0.0
) -> float:
    """Share x giving both players the same absolute gain over disagreement.

    >>> round(egalitarian_split(lambda x: x, lambda y: 0.5 * math.sqrt(y)), 4)
    0.3904
    """
    return float(optimize.brentq(lambda x: (u1(x) - d1) - (u2(1 - x) - d2), 0.0, 1.0, xtol=1e-12))


def rubinstein_share(d1: float, d2: float) -> float:
    """Player 1's share in Rubinstein's alternating-offers game when player 1 proposes first.

    >>> round(rubinstein_share(0.9, 0.9), 6)  # 1 / 1.9
    0.526316
    """
    return (1.0 - d2) / (1.0 - d1 * d2)


def zeuthen_risk(own_offer_value: float, other_offer_value: float, reservation: float = 0.0) -> float:
    """Zeuthen's willingness to risk conflict: the share of its gain a party loses by giving in.

    1 when the other's offer is no better than walking away; 0 when the two offers are worth the same.

    >>> zeuthen_risk(0.8, 0.5, 0.2)
    0.5
    """
    gain = own_offer_value - reservation
    if gain <= 0.0 or other_offer_value <= reservation:
        return 1.0
    return (own_offer_value - other_offer_value) / gain


# --------------------------------------------------------------------------- two parties, exactly


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
    from vertex j - 1 to vertex j (see ``two_party_max_min``)."""
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
