"""The table as protocols, classic models and agents see it: a narrow, read-only view.

``TableView`` lists exactly what they may read of a running conference. The conference
(``simulator.conference.model.PeaceConference``) provides it; nothing written against the view
can change the conference: a protocol returns the text it puts on the table, a classic model the
positions it moves to (see ``simulator.negotiation.protocols``).

Rows are agents in the scenario's order, columns issues in the scenario's order. Arrays are the
conference's own (not copies): read them, never write into them.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

Array = np.ndarray


class TableView(Protocol):
    """What a protocol, a classic model or an agent may read of the conference."""

    # --- who is at the table (fixed for the run, but events may move positions and weights)
    @property
    def ids(self) -> list[str]:
        """The agents' ids, in the scenario's order (an agent's row in every array)."""

    @property
    def issue_ids(self) -> list[str]:
        """The issues' ids, in the scenario's order (an issue's column in every array)."""

    @property
    def n_agents(self) -> int: ...

    @property
    def n_issues(self) -> int: ...

    @property
    def form(self) -> str:
        """The utility form, ``linear`` or ``quadratic``."""

    @property
    def ideals(self) -> Array:
        """Agents x issues: each agent's ideal position, 0..100."""

    @property
    def saliences(self) -> Array:
        """Agents x issues: how much each issue weighs with each agent."""

    @property
    def has_position(self) -> Array:
        """Agents x issues: whether the agent stated a position on the issue."""

    @property
    def capabilities(self) -> Array:
        """Each agent's capability (its weight in drafts and weighted votes)."""

    @property
    def voters(self) -> Array:
        """Mask of the agents whose consent counts: principals and guarantors."""

    @property
    def principals(self) -> Array:
        """Mask of the parties to the conflict."""

    def voter_saliences(self) -> Array:
        """The saliences of the voting parties, zero for the others."""

    def utilities_of(self, text: Array) -> Array:
        """Every agent's utility of a text."""

    # --- the state of the talks
    @property
    def round(self) -> int:
        """The conference round (1 in the first round)."""

    @property
    def talk_round(self) -> int:
        """Rounds of talks so far, this one included (0 before the conference convenes)."""

    @property
    def offers(self) -> Array:
        """Agents x issues: each agent's current offer."""

    @property
    def aspirations(self) -> Array:
        """The utility each agent demands this round."""

    @property
    def reservations(self) -> Array:
        """Each agent's walk-away value: what fighting on is worth to it."""

    @property
    def text(self) -> Array | None:
        """The text on the table (None before the protocol opens)."""

    @property
    def text_values(self) -> Array:
        """Each agent's utility of the text on the table."""

    @property
    def rng(self) -> np.random.Generator:
        """The conference's random stream (draw from nothing else: runs must repeat under a seed)."""

    # --- the mediator
    @property
    def influence(self) -> Array:
        """The weight of each party's offer in a mediator's draft."""

    @property
    def formulator(self) -> float:
        """How far a formulator mediator pulls its draft toward the Nash solution (0: not at all)."""

    def nash_text(self) -> Array | None:
        """The Nash bargaining solution between the principals, by their current floors; None when
        no text beats fighting on for them all."""
