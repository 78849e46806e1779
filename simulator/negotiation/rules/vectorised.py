"""The fast path of the concession rules: a group of agents moved in arrays (opt-in).

The model moves a scenario's delegations in groups, one per rule class: it asks each class for
its agents' aspirations (``aspirations_many``) and, for all the groups that return them, finds
every offer in one ``concede_many`` call; the groups that return None move through
``propose_many``. The base ``ConcessionRule`` moves each agent through its own ``propose``
(``propose_each``): plain, and always right. A rule whose offer is simply the point toward the
target worth its bounded demand may opt in here, by subclassing ``Vectorised`` instead of
``ConcessionRule``:

    class RipenessGated(Vectorised): ...

``Vectorised`` asks each agent for its ``demand`` and does the rest in arrays;
``VectorisedTimeCurve`` also computes the demands of ``time_dependent`` rules in arrays, and
``VectorisedReciprocal`` those of ``reciprocal`` rules with the rows it needs kept from round to
round.
The contract tests (tests/test_rule_contract.py) check, for every registered rule on random
states, that the group move equals ``propose_each`` exactly; tests/test_rule_equivalence.py that
whole runs report the same with every group moved agent by agent.

Why the code looks as it does (bit-exactness):

- the bounds ``np.maximum(floor, np.minimum(1.0, d))`` give the values of the per-agent
  ``max(floor, min(1.0, d))`` (of two equal numbers either may be kept: they are the same);
- powers are taken in Python floats: numpy's vectorised power may differ in the last bit;
- ``concede_many`` does ``concede_toward``'s arithmetic row by row (see simulator/core/utility.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, cast

import numpy as np

from simulator.core.utility import concede_many
from simulator.negotiation.rules import ConcessionRule, NegotiationState
from simulator.negotiation.rules.deadlines import given_up

Array = np.ndarray


class Vectorised(ConcessionRule):
    """A concession rule that implements only ``demand``, whose agents move in arrays.

    Its group methods replace the base class's per-agent ones. Override ``demand_many`` to
    compute the group's demands in arrays as well.
    """

    @classmethod
    def demand_many(cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array) -> Array:
        """``demand`` for agents ``indices`` (with ``rules``, all of this class, in the same order)."""
        return np.array([rule.demand(state, i) for rule, i in zip(rules, indices.tolist(), strict=True)], dtype=float)

    @classmethod
    def aspirations_many(cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array) -> Array:
        """Their demands kept within [reservation, 1], as ``ConcessionRule.propose`` keeps each."""
        floors = state.reservations[indices]
        return np.maximum(floors, np.minimum(1.0, cls.demand_many(rules, state, indices)))

    @classmethod
    def propose_many(
        cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array, targets: Array
    ) -> tuple[Array, Array]:
        """Their offers (the points toward the targets worth their aspirations) and aspirations."""
        levels = cls.aspirations_many(rules, state, indices)
        return concede_many(state.ideals[indices], targets, state.saliences[indices], levels, state.form), levels


class TimeCurve(Protocol):
    """What ``VectorisedTimeCurve`` reads of a rule: the parameters of its Faratin curve."""

    beta: float
    deadline: int
    deadline_spread: int


class KeptShares:
    """The shares of the way not yet given up, ``1 - given_up(t, T, beta, spread)``, of a group of
    time-dependent rules, remembered by (round, each agent's believed deadline, beta and spread).

    A sweep's runs and a benchmark's repeats ask for the same curves again and again. The table is
    emptied when it holds more than ``limit`` groups.
    """

    def __init__(self, limit: int = 20_000):
        self.limit = limit
        self.table: dict[tuple, Array] = {}

    def get(self, rules: Sequence[TimeCurve], t: int, deadlines: list[float]) -> Array:
        key = (t, *[(end, rule.beta, rule.deadline_spread) for rule, end in zip(rules, deadlines, strict=True)])
        kept = self.table.get(key)
        if kept is None:
            if len(self.table) > self.limit:
                self.table.clear()
            # in Python floats, as ``TimeDependent.demand`` computes it
            kept = np.array(
                [
                    1.0 - given_up(t, end, rule.beta, rule.deadline_spread)
                    for rule, end in zip(rules, deadlines, strict=True)
                ]
            )
            kept.flags.writeable = False
            self.table[key] = kept
        return kept


KEPT_SHARES = KeptShares()


class VectorisedTimeCurve(Vectorised):
    """``Vectorised`` for ``time_dependent`` rules: the demands ``r + (1 - r) * kept`` in arrays,
    the kept shares from ``KEPT_SHARES``."""

    @classmethod
    def demand_many(cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array) -> Array:
        r = state.reservations[indices]
        curves = cast(Sequence[TimeCurve], rules)
        deadlines = [state.deadline_of(i, rule.deadline) for rule, i in zip(curves, indices.tolist(), strict=True)]
        return r + (1.0 - r) * KEPT_SHARES.get(curves, state.round, deadlines)


class Mirror(Protocol):
    """What ``VectorisedReciprocal`` reads of a rule: the parameters of its tit-for-tat."""

    mirror: float
    initial: float


class OtherVoters:
    """Each agent's other voting parties, as rows, for the ``voters`` mask last seen: the model
    keeps one mask for a whole run and never changes it in place, and every reciprocal agent asks
    for its rows every round."""

    def __init__(self) -> None:
        self.voters: Array | None = None
        self.rows: dict[int, Array] = {}

    def of(self, voters: Array, i: int) -> Array:
        if voters is not self.voters:
            self.voters, self.rows = voters, {}
        rows = self.rows.get(i)
        if rows is None:
            others = voters.copy()
            others[i] = False
            rows = self.rows[i] = np.flatnonzero(others)
        return rows


OTHER_VOTERS = OtherVoters()


class VectorisedReciprocal(Vectorised):
    """``Vectorised`` for ``reciprocal`` rules: each agent's demand as ``Reciprocal.demand``
    computes it, the other voters' rows from ``OTHER_VOTERS``."""

    @classmethod
    def demand_many(cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array) -> Array:
        group = cast(Sequence[Mirror], rules)
        if state.round <= 1:
            return np.array([1.0 - rule.initial for rule in group])
        concessions, demands = state.concessions, []
        for rule, i, aspiration in zip(group, indices.tolist(), state.aspirations[indices].tolist(), strict=True):
            rows = OTHER_VOTERS.of(state.voters, i)
            if len(rows):  # ``concessions[rows].mean()`` bit for bit, without the method's wrappers
                aspiration -= rule.mirror * float(np.add.reduce(concessions[rows]) / len(rows))
            demands.append(aspiration)
        return np.array(demands)
