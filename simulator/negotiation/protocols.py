"""Conference protocols: who puts which text on the table each round.

Each protocol is one class registered in ``PROTOCOLS``. The model calls, every round:
``target(model, i)`` (the point delegation i concedes toward), then ``table(model)`` (the text
put to the vote), then ``after_vote(model, yes)``. ``open(model)`` runs once before round 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from simulator.core.params import Component, Param
from simulator.core.solutions import weighted_mean

if TYPE_CHECKING:
    from simulator.conference.model import PeaceConference

Array = np.ndarray

PROTOCOLS: dict[str, type[Protocol]] = {}


def register(cls: type[Protocol]) -> type[Protocol]:
    PROTOCOLS[cls.name] = cls
    return cls


class Protocol(Component):
    classifier: ClassVar[dict[str, Any]] = {}
    # A classic model (expected utility, spatial PCE) moves every position itself through
    # ``advance(model) -> finished``, instead of concession rules and votes.
    drives_positions: ClassVar[bool] = False

    def advance(self, model: PeaceConference) -> bool:
        raise NotImplementedError

    def open(self, model: PeaceConference) -> None:
        """Prepare before round 1 (e.g. a first draft)."""

    def target(self, model: PeaceConference, i: int) -> Array:
        raise NotImplementedError

    def targets(self, model: PeaceConference, indices: Array) -> Array:
        """``target`` for several delegations at once: one row each, or one row for all."""
        return np.array([self.target(model, int(i)) for i in indices], dtype=float)

    def table(self, model: PeaceConference) -> Array:
        raise NotImplementedError

    def after_vote(self, model: PeaceConference, yes: Array) -> None:
        """Learn from the votes on the text just tabled."""

    def proposer(self, model: PeaceConference) -> str | None:
        """Who tabled the current text (an agent id), if anyone."""
        return None


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

    def open(self, model: PeaceConference) -> None:
        self.critic_weight = np.ones(model.n_agents)
        model.text = self.draft(model, model.ideals)

    def draft(self, model: PeaceConference, offers: Array) -> Array:
        read = offers
        if self.noise > 0:  # (minimum of maximum: np.clip's result, without its Python wrapper)
            # rng.normal(0, noise) draws 0.0 + noise * z from the same stream: this is that, without
            # its checks of the parameters
            errors = self.noise * model.rng.standard_normal(offers.shape) + 0.0
            read = np.minimum(np.maximum(offers + errors, 0.0), 100.0)
        previous = model.text if model.text is not None else np.full(model.n_issues, 50.0)
        drafted = weighted_mean(read, model.voter_saliences(), self.critic_weight * model.influence, previous)
        if model.formulator > 0:  # a formulator pulls its draft toward the Nash solution it sees
            nash = model.nash_text()
            if nash is not None:
                drafted = (1.0 - model.formulator) * drafted + model.formulator * nash
        return drafted

    def target(self, model: PeaceConference, i: int) -> Array:
        assert model.text is not None
        return model.text

    def targets(self, model: PeaceConference, indices: Array) -> Array:
        assert model.text is not None
        return model.text[None, :]  # one draft for all

    def table(self, model: PeaceConference) -> Array:
        return self.draft(model, model.offers)

    def after_vote(self, model: PeaceConference, yes: Array) -> None:
        critics = model.voters ^ yes  # (the voters that said no: only voters say yes)
        self.critic_weight = self.critic_weight * np.where(critics, 1.0 + self.responsiveness, 1.0)
        voting = self.critic_weight[model.voters]
        self.critic_weight /= np.add.reduce(voting) / len(voting)  # their mean (as ndarray.mean computes it)

    def proposer(self, model: PeaceConference) -> str | None:
        return self.mediator


@register
class AlternatingOffers(Protocol):
    """Multilateral (stacked) alternating offers, after Rubinstein (1982), "Perfect equilibrium
    in a bargaining model", Econometrica 50(1), extended to n parties.

    Each round one voting party, in turn, tables its current offer as the text; the others
    accept or reject it. A party concedes toward the mean of the other voting parties' latest
    offers, weighted per issue by capability times salience. The first proposer is ``first``, or drawn with the model's rng.
    """

    name = "alternating_offers"
    params = {
        "first": Param("agent", None, "the party that proposes first; default: drawn at random"),
        "proposers": Param("str", "voters", "who takes turns to propose", choices=("voters", "principals")),
    }
    classifier = {"mediated": False, "texts_per_round": 1, "source": "Rubinstein 1982"}
    first: str | None
    proposers: str

    @classmethod
    def check(cls, values: dict[str, Any], roles: dict[str, str]) -> list[tuple[str, str]]:
        allowed = ("principal",) if values.get("proposers") == "principals" else ("principal", "guarantor")
        first = values.get("first")
        if first is not None and roles.get(first) not in allowed:
            return [("first", f"agent {first!r} has role {roles.get(first)!r}; allowed: an agent with role "
                              + " or ".join(repr(r) for r in allowed))]  # fmt: skip
        return []

    def open(self, model: PeaceConference) -> None:
        mask = model.principals if self.proposers == "principals" else model.voters
        self.order = [int(i) for i in np.flatnonzero(mask)]
        if self.first is not None and model.ids.index(self.first) in self.order:
            self.start = self.order.index(model.ids.index(self.first))
        else:
            self.start = int(model.rng.integers(len(self.order)))
        self.current = self.order[self.start]
        model.text = model.ideals[self.current].copy()  # the opening statement of the first proposer

    def target(self, model: PeaceConference, i: int) -> Array:
        others = model.voters.copy()
        others[i] = False
        if not others.any():
            return model.offers[i]
        return weighted_mean(model.offers, model.saliences * others[:, None], model.influence, model.offers[i])

    def table(self, model: PeaceConference) -> Array:
        self.current = self.order[(self.start + model.talk_round - 1) % len(self.order)]
        return model.offers[self.current].copy()

    def proposer(self, model: PeaceConference) -> str | None:
        return model.ids[self.current]


def make_protocol(kind: str, params: dict[str, Any]) -> Protocol:
    return PROTOCOLS[kind](**params)
