"""Conference protocols: who puts which text on the table each round.

A protocol is one class, in a module of its own, registered in ``PROTOCOLS`` by ``@register``;
``simulator/components.py`` imports the module, which registers it. There are two kinds:

* a ``Protocol`` runs the talks with the concession rules and the votes: each round every
  delegation concedes toward the protocol's ``targets``, the protocol ``table``s a text, and the
  voters vote on it (``single_text``, ``alternating_offers``);
* a ``PositionModel`` (the classic models in ``simulator.classic.models``) moves every actor's
  position itself and forecasts the outcome; there are no rules, votes or walk-outs.

Both read the conference through a ``TableView`` only and return what they decide: the conference
writes it. See docs/adding-a-protocol.md for a walk-through.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from simulator.core.params import Component
from simulator.negotiation.view import TableView

Array = np.ndarray


class Protocol(Component):
    """A way of running the talks: the target each delegation concedes toward, the text put to
    the vote, and what the protocol learns from the vote.

    The conference calls, with a read-only ``TableView`` of itself:

    1. ``open(view)`` once, before round 1: returns the opening text;
    2. each round of talks, ``targets(view, indices)`` while the delegations revise their offers
       (from last round's state, all at once);
    3. then ``table(view)``: returns the text put to the vote this round (the conference rounds
       indivisible issues to their options);
    4. then ``after_vote(view, yes)`` with the votes on it, and ``proposer(view)`` for the record.

    A protocol keeps its own state on ``self`` (set up in ``open``); it draws random numbers from
    ``view.rng`` only, so that a run repeats under a seed. Its declared ``params`` become
    attributes (see ``Component``); its docstring names its source, and ``classifier["source"]``
    cites it in short.
    """

    classifier: ClassVar[dict[str, Any]] = {}

    def open(self, view: TableView) -> Array:
        """Set up before round 1 and return the opening text (one value per issue, 0..100)."""
        raise NotImplementedError

    def target(self, view: TableView, i: int) -> Array:
        """The point delegation i concedes toward this round (one value per issue)."""
        raise NotImplementedError

    def targets(self, view: TableView, indices: Array) -> Array:
        """``target`` for several delegations at once: one row each, or one row for all."""
        return np.array([self.target(view, int(i)) for i in indices], dtype=float)

    def table(self, view: TableView) -> Array:
        """The text put to the vote this round, from the offers just made (a new array)."""
        raise NotImplementedError

    def after_vote(self, view: TableView, yes: Array) -> None:
        """Learn from the votes on the text just tabled (``yes``: one bool per agent)."""

    def proposer(self, view: TableView) -> str | None:
        """Who tabled the current text (an agent id), if anyone."""
        return None


class PositionModel(Component):
    """A classic bargaining model: it moves every actor's position itself and forecasts the
    outcome; there are no concession rules, votes or walk-outs beside it, and no war.

    The conference calls ``opening_offers(view)`` and then ``open(view)`` once before round 1,
    and ``advance(view)`` every round of talks. The report's history of positions is the offers
    it returns, round 0 being the opening offers.
    """

    classifier: ClassVar[dict[str, Any]] = {}

    def opening_offers(self, view: TableView) -> Array:
        """The positions the model starts from (agents x issues): by default the ideals as stated."""
        return view.offers

    def open(self, view: TableView) -> Array:
        """Set up before round 1 (``view.offers`` are the opening offers); return the first forecast."""
        raise NotImplementedError

    def advance(self, view: TableView) -> tuple[Array, Array, bool]:
        """One round: the new positions (a new agents x issues array, or ``view.offers`` unchanged),
        the new forecast, and whether the model's own stopping rule has fired (the run then ends
        in agreement on the forecast)."""
        raise NotImplementedError


PROTOCOLS: dict[str, type[Protocol] | type[PositionModel]] = {}


def register(cls: type[Protocol] | type[PositionModel]) -> type[Protocol] | type[PositionModel]:
    """Class decorator: make a protocol or classic model available under its ``name``."""
    PROTOCOLS[cls.name] = cls
    return cls


def make_protocol(kind: str, params: dict[str, Any]) -> Protocol | PositionModel:
    """The registered protocol ``kind``, with its parameters."""
    return PROTOCOLS[kind](**params)
