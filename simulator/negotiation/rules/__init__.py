"""Concession rules: how a delegation lowers its demands from round to round.

Each rule is one small class in a module of its own here (``time_dependent.py``,
``reciprocal.py``, ...), with a docstring naming its source, a ``classifier`` and its declared
``params``, registered in ``RULES`` by the ``@register`` decorator, as strategies are in the
Axelrod library. ``simulator/components.py`` imports every rule module, which registers it; the
scenario loader, the CLI and the docs then pick it up from the registry. A walk-through for a new
rule is in docs/adding-a-rule.md.

A rule sees the conference through ``NegotiationState`` and returns the delegation's new offer
and its aspiration (the utility it now demands). Offers lie on the segment from the agent's
ideal point toward a target chosen by the protocol (the text on the table, or what the others
offer), at the point worth exactly its aspiration. A delegation accepts a text worth at least
its aspiration.

This module holds only the contract; it imports none of the rule modules (they import it).
Moving a group of agents in arrays is an opt-in speed-up that lives in ``vectorised.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np

from simulator.core.params import Component
from simulator.core.utility import concede_toward, own_utilities, utilities

Array = np.ndarray


@dataclass(frozen=True)
class NegotiationState:
    """What a rule may read: the round, everyone's ideals, offers and reservations.

    ``round`` is the talk round. ``offers`` and ``aspirations`` are those at the end of the
    previous round; ``earlier_offers`` those one round before that (equal to the ideals at the
    start). ``voters`` marks the agents whose consent counts (principals and guarantors).
    ``deadline`` is the talk round every party knows the talks end by (0: none is known);
    ``war_deadlines`` each agent's pace set by the war when none is (see ``deadlines.py``).
    """

    round: int
    deadline: int
    ideals: Array
    saliences: Array
    reservations: Array
    offers: Array
    earlier_offers: Array
    aspirations: Array
    voters: Array
    form: str
    ripe_since: Array | None = None  # talk round from which each agent perceives ripeness (-1: not yet)
    war_deadlines: Array | None = None  # per agent, talk rounds of war that would cost its stake (inf: none)

    def deadline_of(self, i: int, own: int = 0) -> float:
        """The deadline agent i concedes against: its rule's own, the known one, or the war's."""
        war = float(self.war_deadlines[i]) if self.war_deadlines is not None else math.inf
        return own or self.deadline or war

    def value(self, i: int, text: Array) -> float:
        """Agent i's utility of a text."""
        return float(utilities(text, self.ideals[i : i + 1], self.saliences[i : i + 1], self.form)[0])

    @cached_property
    def offer_values(self) -> Array:
        """Each agent's utility of its own offer (computed once per round, when a rule asks)."""
        return own_utilities(self.offers, self.ideals, self.saliences, self.form)

    @cached_property
    def earlier_values(self) -> Array:
        """Each agent's utility of its offer of the round before."""
        return own_utilities(self.earlier_offers, self.ideals, self.saliences, self.form)

    @cached_property
    def concessions(self) -> Array:
        """What each agent gave up last round, in its own utility (0 if it hardened)."""
        return np.maximum(self.earlier_values - self.offer_values, 0.0)


@dataclass(frozen=True)
class Move:
    """One delegation's change of demand in one round, as the narrative explains it."""

    round: int  # talk round
    horizon: float  # the talk round it concedes against (its deadline; inf: none)
    before: float  # aspiration (utility demanded) last round
    after: float  # aspiration now
    reservation: float  # the least it will accept now: its walk-away value, or its win-set if higher and known
    ripe_since: int = -1  # talk round from which it perceives ripeness (-1: not yet)
    others_conceded: float = 0.0  # mean concession of the other voting parties last round, in their utility


# The classifier's closed vocabulary: key -> (type, meaning). Every rule declares all four.
CLASSIFIER: dict[str, tuple[type, str]] = {
    "time_dependent": (bool, "its demand depends on the round and the deadline"),
    "reactive": (bool, "its demand depends on what the others do"),
    "concedes": (bool, "it ever demands less than it opened with"),
    "source": (str, "the work it comes from, short (author and year)"),
}


class ConcessionRule(Component):
    """The base of every concession rule (as Axelrod's ``Player`` is of every strategy).

    A subclass sets:

    - ``name``: the name scenarios use (``rule: {type: NAME, ...}``);
    - ``params``: its parameters, ``{name: Param(...)}``; they become attributes (``self.beta``);
    - ``classifier``: the four keys of ``CLASSIFIER``, ``source`` naming the work it follows;
    - a docstring whose first paragraph names the source (``peacesim rules`` shows it);

    and implements one of:

    - ``demand(state, i)``: the utility agent ``i`` demands this round. ``propose`` keeps it within
      [reservation, 1] and offers the point toward the protocol's target worth exactly that;
    - ``propose(state, i, target)``: the offer and aspiration directly (as ``zeuthen`` does).

    Optional: ``lowest_demand`` and ``explain``. The model moves the agents of one rule class
    together through the classmethods ``aspirations_many`` and ``propose_many``; here they ask
    each agent in turn (``propose_each``). A rule that only implements ``demand`` may subclass
    ``vectorised.Vectorised`` to be moved in arrays instead, with the same results.
    """

    classifier: ClassVar[dict[str, Any]] = {}

    def demand(self, state: NegotiationState, i: int) -> float:
        """The utility agent ``i`` demands this round (1: its ideal), before the bounds."""
        raise NotImplementedError(f"{type(self).__name__} must implement demand or propose")

    def propose(self, state: NegotiationState, i: int, target: Array) -> tuple[Array, float]:
        """The new offer and aspiration of agent ``i``, conceding toward ``target``."""
        level = max(float(state.reservations[i]), min(1.0, self.demand(state, i)))
        return concede_toward(state.ideals[i], target, state.saliences[i], level, state.form), level

    def lowest_demand(self) -> float:
        """The least utility this rule will ever settle for, beyond its reservation (0: none)."""
        return 0.0

    def explain(self, move: Move) -> str:
        """Why it now demands what it does, in one sentence (for ``peacesim run --explain``)."""
        return f"{self.name}: it demands {move.after:.2f} (was {move.before:.2f})"

    @classmethod
    def aspirations_many(cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array) -> Array | None:
        """The aspirations of agents ``indices`` (with ``rules``, all of this class, in the same
        order) when their offers follow from them alone; None when each agent must propose
        itself, as here (``vectorised.Vectorised`` returns them)."""
        return None

    @classmethod
    def propose_many(
        cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array, targets: Array
    ) -> tuple[Array, Array]:
        """``propose`` for agents ``indices`` (with ``rules``, all of this class, in the same
        order): their offers, one row per agent toward the rows of ``targets`` (or all toward its
        one row), and their aspirations."""
        return propose_each(rules, state, indices, targets)


def propose_each(
    rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array, targets: Array
) -> tuple[Array, Array]:
    """The plain per-agent move of a group: each agent's own ``propose``, one after the other.

    The reference every faster way of moving a group must equal (tests/test_rule_equivalence.py).
    """
    targets = np.broadcast_to(targets, (len(indices), state.ideals.shape[1]))
    moves = [rule.propose(state, int(i), target) for rule, i, target in zip(rules, indices, targets, strict=True)]
    return np.array([offer for offer, _ in moves]), np.array([level for _, level in moves], dtype=float)


RULES: dict[str, type[ConcessionRule]] = {}


def register(cls: type[ConcessionRule]) -> type[ConcessionRule]:
    """Class decorator: make a rule selectable in scenarios under ``cls.name``.

    The module that defines the rule must be imported for the decorator to run: the built-in
    rules are imported by ``simulator/components.py``.
    """
    RULES[cls.name] = cls
    return cls


def make_rule(kind: str, params: dict[str, Any]) -> ConcessionRule:
    """A new rule of the registered kind ``kind``, with ``params`` (checked by the scenario
    loader) as attributes and the declared defaults for the rest."""
    return RULES[kind](**params)
