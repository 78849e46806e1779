"""The war beside the table (minimal form): each round of fighting costs each party something.

A party's reservation is the utility of walking away and fighting on. Every round the war
goes on, it falls by that party's ``cost_per_round`` (casualties, money, sanctions), so a text
refused early can become acceptable later. Scheduled events can reset a reservation (a patron
cuts aid) or a cost. The value never falls below zero.
"""

from __future__ import annotations

import numpy as np

from simulator.scenario import Scenario

Array = np.ndarray


class War:
    """Walk-away values and cumulative costs, per agent, advanced one round at a time."""

    def __init__(self, scenario: Scenario):
        ids = scenario.agent_ids
        self.value = np.array([a.reservation for a in scenario.agents], dtype=float)
        self.cost = np.array([scenario.war.cost_per_round.get(a, 0.0) for a in ids], dtype=float)
        self.cumulative = np.zeros(len(ids))

    def advance(self) -> Array:
        """Fight one more round; return the new reservations."""
        paid = np.minimum(self.cost, self.value)
        self.value = self.value - paid
        self.cumulative = self.cumulative + self.cost
        return self.value
