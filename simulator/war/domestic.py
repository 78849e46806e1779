"""Domestic politics: ratification win-sets (two-level games) and audience costs.

Putnam (1988), "Diplomacy and domestic politics: the logic of two-level games": an agreement
must fall inside every principal's domestic win-set, here the texts worth at least each veto
player's threshold to that principal. A negotiator who knows its win-set treats the tightest
threshold as its floor ("my parliament will not ratify less"), which can win it better terms;
one who does not may sign a text that then fails ratification.

Fearon (1994), "Domestic political audiences and the escalation of international disputes":
public red lines make backing down costly; passing one costs ``cost + growth * round``.
"""

from __future__ import annotations

import numpy as np

from simulator.scenario.spec import Scenario

Array = np.ndarray


class Domestic:
    """Win-set thresholds and red lines for every agent of a scenario."""

    def __init__(self, scenario: Scenario, ideals: Array):
        self.issue_ids = scenario.issue_ids
        self.thresholds = [dict(a.ratification) for a in scenario.agents]
        self.win_set = np.array([max(t.values(), default=0.0) for t in self.thresholds])
        self.known = scenario.conference.settings.get("win_sets", "known") == "known"
        # floors differ from reservations only where a known win-set is above 0 (reservations are
        # never below 0), so without one ``floors`` skips the array operation
        self.binding = self.known and bool((self.win_set > 0).any())
        # red lines as (agent, issue index, point, direction away from the ideal, cost, growth)
        self.lines = []
        for i, agent in enumerate(scenario.agents):
            for line in agent.red_lines:
                k = self.issue_ids.index(line.issue)
                away = 1.0 if ideals[i, k] <= line.at else -1.0
                self.lines.append((i, k, line.at, away, line.cost, line.growth))
        self.line_agents = {line[0] for line in self.lines}

    def floors(self, reservations: Array) -> Array:
        """The least each negotiator can sign: its reservation or, if it knows it, its win-set."""
        return np.maximum(reservations, self.win_set) if self.binding else reservations

    def audience_costs(self, text: Array, round_: int) -> Array:
        """What passing its public red lines in this text costs each agent, in utility."""
        costs = np.zeros(len(self.thresholds))
        for i, k, point, away, cost, growth in self.lines:
            if (text[k] - point) * away > 1e-9:
                costs[i] += cost + growth * round_
        return costs

    def hold_red_lines(self, i: int, offer: Array, demand: float, value: float, round_: int) -> Array:
        """Agent i's offer pulled back to its public red lines where passing them would cost it
        more than the slack between the offer's ``value`` and what it ``demand``s."""
        held = offer.copy()
        for agent, k, point, away, cost, growth in self.lines:
            if agent == i and (held[k] - point) * away > 1e-9 and value - (cost + growth * round_) < demand:
                held[k] = point
        return held

    def ratified(self, values: Array, principals: Array, ids: list[str]) -> dict[str, bool]:
        """Whether each principal's veto players ratify a text worth ``values`` to it."""
        return {
            ids[i]: bool(all(values[i] >= t - 1e-9 for t in self.thresholds[i].values()))
            for i in np.flatnonzero(principals)
        }

    def failed(self, values: Array, principals: Array, ids: list[str]) -> dict[str, list[str]]:
        """For each principal that fails to ratify, the veto players that refuse."""
        out = {}
        for i in np.flatnonzero(principals):
            refusing = [name for name, t in self.thresholds[i].items() if values[i] < t - 1e-9]
            if refusing:
                out[ids[i]] = refusing
        return out
