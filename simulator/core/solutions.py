"""The textbook solutions a settlement is measured against, for any number of parties.

- ``weighted_mean``: the compromise model (per issue, positions weighted by capability times
  salience; Bueno de Mesquita 1994, "Political forecasting: an expected utility method").
- ``weighted_median``: the position the weighted majority prefers on each issue (Black 1948,
  "On the rationale of group decision-making", Journal of Political Economy 56(1)).
- ``max_min_surplus``: the text whose smallest gain over walking away is largest (the egalitarian
  point of the surpluses; a positive value means a bargaining range exists).
- ``nash_bargaining``: the (weighted) Nash bargaining solution (Nash 1950, "The bargaining
  problem", Econometrica 18(2)).

Two parties with linear utilities are solved exactly on their frontier (``two_party``); other
cases numerically with scipy. Pure functions: arrays in, arrays out.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from simulator.core.two_party import two_party_max_min, two_party_nash
from simulator.core.utility import EXPONENT, utilities

Array = np.ndarray
# ``_sum(x, axis)`` is ``x.sum(axis)`` bit for bit, without the method's Python wrapper; ``_min(x) > 0``
# is ``(x > 0).all()`` in one step (NaN makes it False): both cost less on the small arrays of a run
_sum = np.add.reduce
_min = np.minimum.reduce


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
