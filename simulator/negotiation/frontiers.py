"""Two parties' Pareto frontiers, worked out once and kept until an event moves a position.

The walk-out test (what a party can expect from the other side) and the ripeness test (is there
a way out) both walk along these frontiers every round.
"""

from __future__ import annotations

import bisect
import itertools

import numpy as np

from simulator.core.two_party import two_party_frontier
from simulator.core.utility import concede_toward, utilities
from simulator.negotiation.parties import Parties
from simulator.scenario.spec import Scenario

Array = np.ndarray


def option_grid(scenario: Scenario) -> list[Array]:
    """Every combination of options on the indivisible issues (NaN where an issue is divisible)."""
    choices = [issue.options or (np.nan,) for issue in scenario.issues]
    return [np.array(combo, dtype=float) for combo in itertools.product(*choices)]


class FrontierCache:
    """Frontiers of pairs of agents (linear utilities), forgotten when the parties change."""

    def __init__(self, scenario: Scenario, parties: Parties) -> None:
        self.parties = parties
        self.option_grid = option_grid(scenario)  # texts searched for a way out (indivisible issues)
        self._revision = parties.revision
        self._frontiers: dict[tuple, tuple[Array, Array, Array]] = {}
        self._frontier_lists: dict[tuple[int, int], tuple[list[float], list[float]]] = {}
        self._grid_frontiers: dict[tuple[int, int], list[tuple[list[float], list[float]]]] = {}

    def _check(self) -> None:
        """Forget every frontier once positions, saliences or roles may have moved."""
        if self._revision != self.parties.revision:
            self._revision = self.parties.revision
            self._frontiers.clear()
            self._frontier_lists.clear()
            self._grid_frontiers.clear()

    def frontier(self, i: int, j: int, fixed: Array | None = None) -> tuple[Array, Array, Array]:
        """The Pareto frontier of agents i and j, with the issues in ``fixed`` held there."""
        self._check()
        key = (i, j, None if fixed is None or np.isnan(fixed).all() else tuple(fixed))
        if key not in self._frontiers:
            parties = self.parties
            self._frontiers[key] = two_party_frontier(parties.ideals[[i, j]], parties.saliences[[i, j]], fixed)
        return self._frontiers[key]

    def grid_frontiers(self, i: int, j: int) -> list[tuple[list[float], list[float]]]:
        """For each text of ``option_grid``, the utilities of the vertices of the frontier of
        agents i and j with the indivisible issues held there, as plain lists."""
        self._check()
        if (i, j) not in self._grid_frontiers:
            vertices = [self.frontier(i, j, fixed)[:2] for fixed in self.option_grid]
            self._grid_frontiers[i, j] = [(u_i.tolist(), u_j.tolist()) for u_i, u_j in vertices]
        return self._grid_frontiers[i, j]

    def best_for(self, i: int, j: int, least_j: float) -> float:
        """The most agent i can get from a text worth at least ``least_j`` to agent j."""
        self._check()
        parties = self.parties
        if parties.form == "linear":  # exact, trading issues off along the two parties' frontier
            if (i, j) not in self._frontier_lists:  # in plain floats: a walk along ten numbers
                vertices_i, vertices_j, _ = self.frontier(i, j)
                self._frontier_lists[i, j] = (vertices_i.tolist(), vertices_j.tolist())
            u_i, u_j = self._frontier_lists[i, j]
            if u_j[0] >= least_j:
                return u_i[0]
            if u_j[-1] < least_j:
                return -np.inf  # j wants more than any text can give it
            k = bisect.bisect_left(u_j, least_j)  # the first vertex worth that much to j (u_j never falls)
            share = (least_j - u_j[k - 1]) / (u_j[k] - u_j[k - 1])
            return u_i[k - 1] + share * (u_i[k] - u_i[k - 1])
        ideals, saliences = parties.ideals, parties.saliences
        offer = concede_toward(ideals[j], ideals[i], saliences[j], least_j, parties.form)
        return float(utilities(offer, ideals[i : i + 1], saliences[i : i + 1], parties.form)[0])
