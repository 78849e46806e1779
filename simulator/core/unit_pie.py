"""Splitting a unit pie between two players: the classic bargaining solutions in closed settings.

Player 1 gets the share x, player 2 gets 1 - x; ``u1`` and ``u2`` are their utilities of their
own shares and ``d1``, ``d2`` their disagreement values. The solutions of Nash (1950, "The
bargaining problem", Econometrica 18(2)), Kalai and Smorodinsky (1975, "Other solutions to Nash's
bargaining problem", Econometrica 43(3)), the utilitarian and egalitarian ones (Kalai 1977,
"Proportional solutions to bargaining situations", Econometrica 45(7)), Rubinstein's
alternating-offers share (1982, "Perfect equilibrium in a bargaining model", Econometrica 50(1))
and Zeuthen's risk measure (1930, "Problems of Monopoly and Economic Warfare").
"""

from __future__ import annotations

import math
from collections.abc import Callable

from scipy import optimize


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
