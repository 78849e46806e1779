"""Utilities over issue scales, and the concession step that reaches a demanded utility.

Issues are scales 0..100. Agent i's utility of a text x is

    u_i(x) = 1 - sum_k s_ik * |x_k - p_ik| / 100          (linear loss, the default)
    u_i(x) = 1 - sum_k s_ik * ((x_k - p_ik) / 100) ** 2   (quadratic loss)

with saliences s_ik summing to one and ideal points p_ik: the additive utilities of the
negotiation-analysis literature (Raiffa 1982, "The Art and Science of Negotiation"). Functions
here are pure: arrays in, arrays out, no randomness.
"""

from __future__ import annotations

import numpy as np

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
    """``U[i, j]``: agent i's utility of text j (``texts`` is texts x issues).

    Two agents at 0 and 100 on one issue, and the texts 0, 25 and 100:

    >>> utility_matrix(np.array([[0.0], [25.0], [100.0]]), np.array([[0.0], [100.0]]), np.ones((2, 1)))
    array([[1.  , 0.75, 0.  ],
           [0.  , 0.25, 1.  ]])
    """
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
