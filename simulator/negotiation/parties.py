"""Who is at the table: the per-run arrays read from the scenario (rows agents, columns issues).

Scheduled events move positions, saliences, capabilities and walk-away values during a run
(``change``); every change raises ``revision``, so that whatever is worked out from these arrays
and kept (frontiers, the regard matrix, gathered rows) knows when to work it out again.
"""

from __future__ import annotations

import numpy as np

from simulator.core.utility import utilities
from simulator.scenario.spec import Scenario

Array = np.ndarray


class Parties:
    """The agents' positions, weights and roles, as arrays, and the current walk-away values."""

    def __init__(self, scenario: Scenario) -> None:
        self.ids = scenario.agent_ids
        self.issue_ids = scenario.issue_ids
        self.n_agents, self.n_issues = len(self.ids), len(self.issue_ids)
        self.form = scenario.conference.utility
        agents = scenario.agents
        self.has_position = np.array([[k in a.position for k in self.issue_ids] for a in agents])
        self.ideals = np.array([[a.position.get(k, 50.0) for k in self.issue_ids] for a in agents], dtype=float)
        self.saliences = np.array([[a.salience.get(k, 0.0) for k in self.issue_ids] for a in agents], dtype=float)
        self.capabilities = np.array([a.capability for a in agents], dtype=float)
        roles = np.array([a.role for a in agents])
        self.principals = roles == "principal"
        self.guarantors = roles == "guarantor"
        self.voters = self.principals | self.guarantors
        self.walkout_mask = np.isin(np.array(self.ids), scenario.conference.walkout)
        self.options = [np.array(issue.options) if issue.options else None for issue in scenario.issues]
        self.divisible = all(o is None for o in self.options)
        # fixed for the run (roles and the walk-out list do not change): plain lists for the loops
        self.principal_list = [int(j) for j in np.flatnonzero(self.principals)]
        self.voter_list = [int(j) for j in np.flatnonzero(self.voters)]
        self.walkout_list = [int(i) for i in np.flatnonzero(self.walkout_mask)]
        self.reservations = np.zeros(self.n_agents)  # what fighting on is worth to each, this round
        self.revision = 0  # raised by every change
        self._voter_saliences: Array | None = None

    def utilities_of(self, text: Array) -> Array:
        """Every agent's utility of a text."""
        return utilities(text, self.ideals, self.saliences, self.form)

    def voter_saliences(self) -> Array:
        """The saliences of the voting parties, zero for the others (kept until an event changes them)."""
        if self._voter_saliences is None:
            self._voter_saliences = self.saliences * self.voters[:, None]
        return self._voter_saliences

    def change(self, agent_id: str, what: str, issue: str | None, value: float) -> None:
        """Apply one scheduled change to an agent (validated at load time): its ``capability``,
        ``reservation``, or its ``position`` or ``salience`` on ``issue``."""
        i = self.ids.index(agent_id)
        self.revision += 1
        self._voter_saliences = None
        if what == "capability":
            self.capabilities[i] = value
        elif what == "reservation":
            self.reservations[i] = value
        elif what == "position":
            k = self.issue_ids.index(str(issue))
            self.ideals[i, k] = value
            self.has_position[i, k] = True
        elif what == "salience":
            k = self.issue_ids.index(str(issue))
            self.saliences[i, k] = value
            total = self.saliences[i].sum()
            if total > 0:
                self.saliences[i] /= total  # the same normalisation as at load time
