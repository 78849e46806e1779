"""The delegations at the table and the mediator, as Mesa agents.

The numbers each agent works with live in the model's arrays (row ``index``), so that whole-
conference calculations stay vectorised; agents read and write their own row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from simulator.negotiation.rules import ConcessionRule
from simulator.scenario.spec import AgentSpec

if TYPE_CHECKING:
    from simulator.conference.model import PeaceConference


class Delegation(mesa.Agent):
    """A party at the conference: a principal, a guarantor or an observer.

    Each round it revises its offer with its concession rule, toward the target the protocol
    sets; principals and guarantors then vote on the text.
    """

    model: PeaceConference

    def __init__(self, model: PeaceConference, spec: AgentSpec, index: int, rule: ConcessionRule):
        super().__init__(model)
        self.code = spec.id
        self.label = spec.name
        self.role = spec.role
        self.bloc = spec.bloc
        self.index = index
        self.rule = rule

    @property
    def offer(self) -> np.ndarray:
        return self.model.offers[self.index]

    @property
    def aspiration(self) -> float:
        return float(self.model.aspirations[self.index])

    @property
    def reservation(self) -> float:
        return float(self.model.reservations[self.index])

    @property
    def utility(self) -> float:
        """Its utility of the text on the table."""
        return float(self.model.text_values[self.index])

    def concede(self) -> None:
        """Choose this round's offer from last round's state (all parties move simultaneously).

        The model moves all delegations with the same kind of rule at once (see
        ``PeaceConference.step``), with the same result; this is the move of one delegation alone.
        """
        state = self.model.state
        target = self.model.protocol.target(self.model, self.index)
        offer, level = self.rule.propose(state, self.index, target)
        self.model.next_offers[self.index] = self.hold_red_lines(offer, level)
        self.model.next_aspirations[self.index] = level

    def hold_red_lines(self, offer: np.ndarray, level: float) -> np.ndarray:
        """The offer pulled back to its public red lines where passing them costs too much."""
        domestic = self.model.domestic
        if self.index not in domestic.line_agents:
            return offer
        value = float(self.model.utilities_of(offer)[self.index])
        return domestic.hold_red_lines(self.index, offer, level, value, self.model.talk_round)


class Mediator(Delegation):
    """A mediator: it does not vote or concede; under the single-text protocol it drafts."""

    def concede(self) -> None:
        self.model.next_offers[self.index] = self.model.offers[self.index]
        self.model.next_aspirations[self.index] = self.model.aspirations[self.index]
