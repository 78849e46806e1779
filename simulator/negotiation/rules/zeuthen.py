"""Zeuthen's principle: the party with the weakest claim gives way."""

from __future__ import annotations

import numpy as np

from simulator.core.params import Param
from simulator.core.two_party import two_party_frontier
from simulator.core.utility import utility_matrix
from simulator.negotiation.rules import ConcessionRule, Move, NegotiationState, register

Array = np.ndarray


@register
class Zeuthen(ConcessionRule):
    """Zeuthen's principle (Zeuthen 1930, "Problems of Monopoly and Economic Warfare"; Harsanyi
    1956, Econometrica 24(2)) in its n-party form: the party whose offer has the lowest Nash
    product ``prod_j (u_j(x) - r_j)`` over the voting parties gives way.

    It moves toward the offer with the highest Nash product just far enough that its own offer
    is no longer the lowest, by at least ``step`` of its own utility. Two parties with linear
    utilities move along their Pareto frontier and converge to the Nash bargaining solution on
    any number of issues; otherwise offers move on the straight line between them, and converge
    to the Nash solution on one issue.
    """

    name = "zeuthen"
    params = {"step": Param("float", 0.01, "smallest concession, in its own utility", low=1e-6, high=1.0)}
    classifier = {
        "time_dependent": False,
        "reactive": True,
        "concedes": True,
        "source": "Zeuthen 1930; Harsanyi 1956",
    }
    step: float
    GRID = 2000  # points on the segment searched for the smallest sufficient concession

    def path(self, state: NegotiationState, i: int, j: int, own: Array, toward: Array) -> Array:
        """The texts it may move through, from its offer toward party j's.

        Two parties with linear utilities concede along their Pareto frontier (trading issues
        off, as Zeuthen's bargainers over a utility frontier do), so the process reaches the
        Nash solution on any number of issues; otherwise along the straight line.
        """
        if state.form == "linear" and int(state.voters.sum()) == 2:
            _, _, corners = two_party_frontier(state.ideals[[i, j]], state.saliences[[i, j]])
            pieces = [corners[k] + np.linspace(0, 1, self.GRID // len(corners), endpoint=False)[:, None]
                      * (corners[k + 1] - corners[k]) for k in range(len(corners) - 1)]  # fmt: skip
            frontier = np.vstack([*pieces, corners[-1:]])
            here = int(np.argmin(np.abs(frontier - own).sum(axis=1)))
            return frontier[here:]
        lams = np.linspace(0.0, 1.0, self.GRID + 1)
        return own[None, :] + lams[:, None] * (toward - own)[None, :]

    @staticmethod
    def nash_products(state: NegotiationState, texts: Array) -> Array:
        voters = np.flatnonzero(state.voters)
        values = utility_matrix(texts, state.ideals[voters], state.saliences[voters], state.form)
        surplus = np.clip(values - state.reservations[voters][:, None], 0.0, None)
        return surplus.prod(axis=0)

    def propose(self, state: NegotiationState, i: int, target: Array) -> tuple[Array, float]:
        if state.round <= 1:  # it opens with its ideal
            return state.ideals[i].copy(), 1.0
        own = state.offers[i]
        own_value = state.value(i, own)
        voters = [int(j) for j in np.flatnonzero(state.voters)]
        products = self.nash_products(state, state.offers[voters])
        mine = float(products[voters.index(i)]) if i in voters else 0.0
        rivals = [(float(p), int(j)) for p, j in zip(products, voters, strict=True) if j != i]
        if not rivals or mine > min(p for p, _ in rivals):
            return own.copy(), own_value  # someone else has the weakest claim: they give way
        lowest_rival = min(p for p, _ in rivals)
        best = max(rivals)[1]
        toward = state.offers[best]
        floor = float(state.reservations[i])
        texts = self.path(state, i, best, own, toward)
        # Nash products along the path are not monotone (zero at both ends when the offers
        # are far apart), so search it point by point rather than bisect.
        products_along = self.nash_products(state, texts)
        own_along = utility_matrix(texts, state.ideals[i : i + 1], state.saliences[i : i + 1], state.form)[0]
        affordable = own_along >= floor - 1e-12
        enough = affordable & (products_along > lowest_rival) & (own_value - own_along >= self.step)
        if enough.any():
            k = int(np.argmax(enough))  # the smallest such move
        elif affordable.any():
            k = int(np.argmax(np.where(affordable, products_along, -1.0)))  # the best it can do
        else:
            k = 0
        offer = texts[k]
        return offer, state.value(i, offer)

    def explain(self, move: Move) -> str:
        if move.round <= 1:
            return "zeuthen: it opens with its ideal"
        if move.after < move.before - 1e-9:
            return (
                f"zeuthen: its offer had the lowest Nash product (the weakest claim), so it gave way just enough, "
                f"demanding {move.after:.2f} (was {move.before:.2f})"
            )
        return "zeuthen: another party's offer had the weakest claim, so it held"
