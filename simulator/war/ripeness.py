"""When talks become an option: Zartman's ripeness and the bargaining range, per round.

A side perceives a *mutually hurting stalemate* when it does not expect to win within the
ripeness horizon (the territory it expects to gain falls short of ``decisive``) and the war has
cost it more than ``pain``. A *way out* exists when some text gives every principal more than
fighting on (the bargaining range is not empty). Talks are an option (the conflict is ripe) when
both sides perceive the stalemate and a way out exists (Zartman 2000, "Ripeness: the hurting
stalemate and beyond").

With indivisible issues the range is searched over their options only; with a commitment
problem each principal discounts a text by its credibility (see ``effective_reservations``).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from simulator.core.solutions import max_min_surplus
from simulator.core.two_party import frontier_max_min

if TYPE_CHECKING:
    from simulator.conference.model import PeaceConference

Array = np.ndarray


def credibility(model: PeaceConference) -> float:
    """The chance an agreed text holds: the scenario's base credibility plus guarantees,
    ``guarantee`` per unit of guarantor capability (Walter 2002: third-party guarantees)."""
    base, guarantee = model.credibility_terms
    if guarantee == 0.0:  # (base + 0 * backing is base: skip summing the guarantors' capabilities)
        return min(1.0, base)
    backing = float(model.capabilities[model.guarantors].sum())
    return min(1.0, base + guarantee * backing)


def effective_reservations(model: PeaceConference) -> Array:
    """What a text must be worth to each agent for it to prefer the deal to fighting on.

    A deal holds with chance kappa; if it breaks, a side fights on from where the other side's
    expected rise in power has left it (``war.reservations(shifted=False)``). A deal x is worth
    ``kappa u(x) + (1 - kappa) r_after``; it beats fighting on (r) when
    ``u(x) > r + (1 - kappa) / kappa * (r - r_after)`` (Fearon 1995, commitment problems).
    """
    kappa = credibility(model)
    r = model.domestic.floors(model.reservations)  # a known win-set binds like a walk-away value
    if kappa >= 1.0:
        return r.copy()
    after = model.domestic.floors(model.war.reservations(shifted=False))
    if kappa <= 0.0:
        return np.where(r > after, np.inf, r)
    return r + (1.0 - kappa) / kappa * np.maximum(r - after, 0.0)


def option_grid(model: PeaceConference) -> list[Array]:
    """Every combination of options on the indivisible issues (NaN where an issue is divisible)."""
    choices = [issue.options or (np.nan,) for issue in model.spec.issues]
    return [np.array(combo, dtype=float) for combo in itertools.product(*choices)]


def best_surplus(model: PeaceConference, who: Array, floors: Array) -> float:
    """The largest smallest surplus ``u_i(x) - floor_i`` over texts x, for the agents in ``who``."""
    floors = floors[who]
    if not np.isfinite(floors).all():
        return -np.inf
    best = -np.inf
    pair = [int(k) for k in np.flatnonzero(who)]
    if len(pair) == 2 and model.form == "linear":  # exact, along their frontiers (cached, in plain floats)
        reservations = floors.tolist()
        for u_a, u_b in model.grid_frontiers(pair[0], pair[1]):
            best = max(best, frontier_max_min(u_a, u_b, reservations)[2])
        return best
    ideals, saliences = model.ideals[who], model.saliences[who]
    for fixed in model.option_grid:
        _, surplus = max_min_surplus(ideals, saliences, floors, model.form, fixed)
        best = max(best, surplus)
    return best


def hurting_stalemate(model: PeaceConference) -> Array:
    """Per agent: does it perceive a mutually hurting stalemate (sides only; others False)."""
    horizon, decisive, pain = model.ripeness_terms
    war = model.war
    out = [False] * model.n_agents
    for side in war.sides:
        expects_to_win = war.expects_gain(side, horizon) >= decisive
        out[side] = bool(war.cumulative[side] >= pain) and not expects_to_win
    return np.array(out)
