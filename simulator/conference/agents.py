"""The delegations at the table and the mediator, as Mesa agents.

The numbers each agent works with live in the conference's arrays (row ``index``), so that
whole-conference calculations stay vectorised; an agent is a small read-only view of its row
(what the DataCollector's agent table and the narrative read). The moves themselves are made
for all agents at once by the conference's bargaining engine (``simulator.negotiation.engine``).
"""

from __future__ import annotations

import mesa
import numpy as np

from simulator.negotiation.rules import ConcessionRule
from simulator.negotiation.view import TableView
from simulator.scenario.spec import AgentSpec


class Delegation(mesa.Agent):
    """A party at the conference: a principal, a guarantor or an observer.

    Each round it revises its offer with its concession rule, toward the target the protocol
    sets; principals and guarantors then vote on the text.
    """

    def __init__(self, model: mesa.Model, view: TableView, spec: AgentSpec, index: int, rule: ConcessionRule):
        super().__init__(model)
        self.table = view
        self.code = spec.id
        self.label = spec.name
        self.role = spec.role
        self.bloc = spec.bloc
        self.index = index
        self.rule = rule

    @property
    def offer(self) -> np.ndarray:
        return self.table.offers[self.index]

    @property
    def aspiration(self) -> float:
        return float(self.table.aspirations[self.index])

    @property
    def reservation(self) -> float:
        return float(self.table.reservations[self.index])

    @property
    def utility(self) -> float:
        """Its utility of the text on the table."""
        return float(self.table.text_values[self.index])


class Mediator(Delegation):
    """A mediator: it does not vote or concede; under the single-text protocol it drafts."""
