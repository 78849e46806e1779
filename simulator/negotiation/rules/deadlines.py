"""The deadline a delegation concedes against, and how much of the way it has given up by then.

A time-dependent rule (Faratin et al. 1998) gives up ``(t / T) ** (1 / beta)`` of the way from
its ideal to its reservation by talk round t, against a deadline T. Which T it believes:

1. its own, when its rule states one (``deadline``; with ``deadline_spread`` s it is unsure and
   weighs every round from T - s to T + s alike);
2. else the deadline every party knows (``conference.deadline`` or an event's ultimatum);
3. else none is known, and the war sets its pace: T is the number of rounds of fighting that would
   cost it its whole stake in a deal (what a deal gives it beyond fighting on when talks opened,
   divided by its cost of war per round), as in the bargaining theory of war, where the costs of
   fighting are what make a settlement worth having (Fearon 1995). A party that bears no cost
   keeps the belligerents' mean pace; with no cost of war at all nothing presses anyone, and it
   holds (T infinite).

The run's horizon (``max_rounds``) is how far we look; no party knows it.
"""

from __future__ import annotations

import math

import numpy as np

Array = np.ndarray
NONE = math.inf  # no deadline: it never reaches its reservation on time alone


def given_up(t: float, deadline: float, beta: float, spread: int = 0) -> float:
    """The share of the way from ideal to reservation given up by talk round ``t``.

    >>> given_up(5, 10, 1.0), given_up(20, 10, 1.0), given_up(5, 10, 0.5)
    (0.5, 1.0, 0.25)
    >>> given_up(10, math.inf, 1.0)
    0.0
    >>> round(given_up(5, 10, 1.0, spread=5), 4)  # T from 5 to 15: mean of min(1, 5/T)
    0.5613
    """
    if not math.isfinite(deadline) or deadline <= 0:
        return 0.0
    if spread <= 0:
        return min(1.0, t / deadline) ** (1.0 / beta)
    ends = range(max(int(round(deadline)) - spread, 1), int(round(deadline)) + spread + 1)
    return sum(min(1.0, t / end) ** (1.0 / beta) for end in ends) / len(ends)


def war_deadlines(stakes: Array, costs: Array, sides: list[int]) -> Array:
    """Per agent, the talk rounds of fighting that would cost it its stake in a deal
    (``stake / cost``); the belligerents' mean for those that bear no cost; infinite if none does.

    >>> war_deadlines(np.array([0.5, 0.4, 0.7]), np.array([0.01, 0.004, 0.0]), [0, 1]).tolist()
    [50.0, 100.0, 75.0]
    >>> war_deadlines(np.array([0.5, 0.5]), np.zeros(2), [0, 1]).tolist()
    [inf, inf]
    """
    safe = np.where(costs > 0, costs, 1.0)
    own = np.where(costs > 0, np.maximum(stakes, 0.0) / safe, np.inf)
    paying = [s for s in sides if costs[s] > 0] or [int(k) for k in np.flatnonzero(costs > 0)]
    pace = float(np.mean(own[paying])) if paying else math.inf
    return np.where(costs > 0, own, pace)
