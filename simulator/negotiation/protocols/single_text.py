"""The mediated single negotiating text (Raiffa 1982)."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.core.params import Param
from simulator.core.solutions import weighted_mean
from simulator.negotiation.protocols import Protocol, register
from simulator.negotiation.view import TableView

Array = np.ndarray


@register
class SingleText(Protocol):
    """Mediated single negotiating text (Raiffa 1982, "The Art and Science of Negotiation",
    ch. 14; used at Camp David 1978: 13 days, 23 drafts).

    The mediator drafts one text: per issue, the capability-and-salience weighted mean of the
    voting parties' current offers, as it reads them (with ``noise`` points of error). Each
    party concedes toward the draft on the table and then says yes or no. The mediator revises
    toward the critics: each party that said no gains ``responsiveness`` in draft weight, so the
    text moves toward one that all principals can accept.
    """

    name = "single_text"
    params = {
        "mediator": Param("agent", None, "the agent (role mediator) who drafts; default: the first mediator"),
        "responsiveness": Param("float", 0.25, "weight gained by each party that rejects a draft", low=0.0, high=10.0),
        "noise": Param("float", 0.0, "error, in points, in the mediator's reading of offers", low=0.0, high=50.0),
    }
    classifier = {"mediated": True, "texts_per_round": 1, "source": "Raiffa 1982"}
    mediator: str | None
    responsiveness: float
    noise: float

    @classmethod
    def check(cls, values: dict[str, Any], roles: dict[str, str]) -> list[tuple[str, str]]:
        mediator = values.get("mediator")
        if mediator is None:
            if "mediator" not in roles.values():
                return [("mediator", "single_text needs an agent with role 'mediator' to draft the text")]
            return []
        if roles.get(mediator) != "mediator":
            return [
                (
                    "mediator",
                    f"agent {mediator!r} has role {roles.get(mediator)!r}; the mediator must have role 'mediator'",
                )
            ]
        return []

    def open(self, view: TableView) -> Array:
        self.critic_weight = np.ones(view.n_agents)
        return self.draft(view, view.ideals)

    def draft(self, view: TableView, offers: Array) -> Array:
        """The mediator's draft from these offers, as it reads them."""
        read = offers
        if self.noise > 0:  # (minimum of maximum: np.clip's result, without its Python wrapper)
            # rng.normal(0, noise) draws 0.0 + noise * z from the same stream: this is that, without
            # its checks of the parameters
            errors = self.noise * view.rng.standard_normal(offers.shape) + 0.0
            read = np.minimum(np.maximum(offers + errors, 0.0), 100.0)
        previous = view.text if view.text is not None else np.full(view.n_issues, 50.0)
        drafted = weighted_mean(read, view.voter_saliences(), self.critic_weight * view.influence, previous)
        if view.formulator > 0:  # a formulator pulls its draft toward the Nash solution it sees
            nash = view.nash_text()
            if nash is not None:
                drafted = (1.0 - view.formulator) * drafted + view.formulator * nash
        return drafted

    def target(self, view: TableView, i: int) -> Array:
        assert view.text is not None
        return view.text

    def targets(self, view: TableView, indices: Array) -> Array:
        assert view.text is not None
        return view.text[None, :]  # one draft for all

    def table(self, view: TableView) -> Array:
        return self.draft(view, view.offers)

    def after_vote(self, view: TableView, yes: Array) -> None:
        critics = view.voters ^ yes  # (the voters that said no: only voters say yes)
        self.critic_weight = self.critic_weight * np.where(critics, 1.0 + self.responsiveness, 1.0)
        voting = self.critic_weight[view.voters]
        self.critic_weight /= np.add.reduce(voting) / len(voting)  # their mean (as ndarray.mean computes it)

    def proposer(self, view: TableView) -> str | None:
        return self.mediator
