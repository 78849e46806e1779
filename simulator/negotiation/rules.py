"""Concession rules: how a delegation lowers its demands from round to round.

Each rule is one small class with a docstring naming its source, a ``classifier`` dict and its
declared ``params``, registered in ``RULES`` by the ``@register`` decorator (as strategies are
in the Axelrod library). Adding a rule is one class and one decorator; the scenario loader and
the docs pick it up from the registry.

A rule sees the conference through ``NegotiationState`` and returns the delegation's new offer
and its aspiration (the utility it now demands). Offers lie on the segment from the agent's
ideal point toward a target chosen by the protocol (the text on the table, or what the others
offer), at the point worth exactly its aspiration. A delegation accepts a text worth at least
its aspiration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar, cast

import numpy as np

from simulator.core.params import Component, Param
from simulator.core.two_party import two_party_frontier
from simulator.core.utility import concede_many, concede_toward, own_utilities, utilities, utility_matrix

Array = np.ndarray


@dataclass(frozen=True)
class NegotiationState:
    """What a rule may read: the round, everyone's ideals, offers and reservations.

    ``offers`` and ``aspirations`` are those at the end of the previous round; ``earlier_offers``
    those one round before that (equal to the ideals at the start). ``voters`` marks the agents
    whose consent counts (principals and guarantors).
    """

    round: int
    max_rounds: int
    ideals: Array
    saliences: Array
    reservations: Array
    offers: Array
    earlier_offers: Array
    aspirations: Array
    voters: Array
    form: str
    ripe_since: Array | None = None  # talk round from which each agent perceives ripeness (-1: not yet)

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
    horizon: int  # talk rounds to the conference's deadline
    before: float  # aspiration (utility demanded) last round
    after: float  # aspiration now
    reservation: float  # the least it will accept now: its walk-away value, or its win-set if higher and known
    ripe_since: int = -1  # talk round from which it perceives ripeness (-1: not yet)
    others_conceded: float = 0.0  # mean concession of the other voting parties last round, in their utility


def _curve(beta: float) -> str:
    return "Boulware" if beta < 1 else "Conceder" if beta > 1 else "linear"


RULES: dict[str, type[ConcessionRule]] = {}


def register(cls: type[ConcessionRule]) -> type[ConcessionRule]:
    """Class decorator: make a rule selectable in scenarios under ``cls.name``."""
    RULES[cls.name] = cls
    return cls


class ConcessionRule(Component):
    """Base class. Subclasses set ``name``, ``params``, ``classifier`` and override ``demand``
    (the utility demanded this round) or ``propose`` (for rules that choose offers directly)."""

    classifier: ClassVar[dict[str, Any]] = {}

    def demand(self, state: NegotiationState, i: int) -> float:
        raise NotImplementedError

    def lowest_demand(self) -> float:
        """The least utility this rule will ever settle for, beyond its reservation (0: none)."""
        return 0.0

    def explain(self, move: Move) -> str:
        """Why it now demands what it does, in one sentence (for ``peacesim run --explain``)."""
        return f"{self.name}: it demands {move.after:.2f} (was {move.before:.2f})"

    def propose(self, state: NegotiationState, i: int, target: Array) -> tuple[Array, float]:
        """The new offer and aspiration of agent ``i``, conceding toward ``target``."""
        level = max(float(state.reservations[i]), min(1.0, self.demand(state, i)))
        return concede_toward(state.ideals[i], target, state.saliences[i], level, state.form), level

    @classmethod
    def demand_many(cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array) -> Array:
        """``demand`` for agents ``indices``, whose rules (``rules``, in the same order) are all of this class."""
        return np.array([rule.demand(state, int(i)) for rule, i in zip(rules, indices, strict=True)], dtype=float)

    @classmethod
    def aspirations_many(cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array) -> Array | None:
        """The aspirations of agents ``indices`` (with ``rules``, in the same order, all of this
        class) when their offers follow from them: the point toward the target worth exactly that
        much, as in ``propose``. None for rules that choose their offers some other way."""
        if cls.propose is not ConcessionRule.propose:
            return None
        if cls.demand_many.__func__ is not ConcessionRule.demand_many.__func__:  # type: ignore[attr-defined]
            floors = state.reservations[indices]  # a vectorised ``demand_many``: bound in arrays
            return np.maximum(floors, np.minimum(1.0, cls.demand_many(rules, state, indices)))
        # one demand per agent anyway: bound each in plain floats, as np.maximum(floor,
        # np.minimum(1.0, d)) does it (NaN kept; of two equal values the second)
        levels = []
        for rule, i, floor in zip(rules, indices.tolist(), state.reservations.take(indices).tolist(), strict=True):
            d = rule.demand(state, i)
            d = 1.0 if d > 1.0 else d
            levels.append(floor if floor > d else d)
        return np.array(levels, dtype=float)

    @classmethod
    def propose_many(
        cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array, targets: Array
    ) -> tuple[Array, Array]:
        """``propose`` for a group of agents whose rules are all of this class: their offers (one
        row per agent, toward the rows of ``targets``, or all toward its one row) and aspirations,
        equal to what each agent's own ``propose`` returns. The model moves a scenario's agents in
        such groups: one array operation for a group costs about what one costs for one agent."""
        levels = cls.aspirations_many(rules, state, indices)
        if levels is not None:
            ideals, saliences = state.ideals[indices], state.saliences[indices]
            return concede_many(ideals, targets, saliences, levels, state.form), levels
        # the rule picks its offers itself: ask each agent
        targets = np.broadcast_to(targets, (len(indices), state.ideals.shape[1]))
        moves = [rule.propose(state, int(i), target) for rule, i, target in zip(rules, indices, targets, strict=True)]
        return np.array([offer for offer, _ in moves]), np.array([level for _, level in moves], dtype=float)


@register
class TimeDependent(ConcessionRule):
    """Time-dependent tactic of Faratin, Sierra and Jennings (1998), "Negotiation decision
    functions for autonomous agents", Robotics and Autonomous Systems 24(3-4).

    The share of the way from the ideal (utility 1) to the reservation given up by round t is
    ``(t/T) ** (1/beta)``: beta < 1 is Boulware (holds out until the deadline), beta = 1 linear,
    beta > 1 Conceder (gives ground early).
    """

    name = "time_dependent"
    params = {
        "beta": Param("float", 1.0, "concession curve: <1 Boulware, 1 linear, >1 Conceder", low=0.01, high=100.0),
        "deadline": Param(
            "int", 0, "round T by which it reaches its reservation; 0 = the conference's max_rounds", low=0
        ),
    }
    classifier = {
        "time_dependent": True,
        "reactive": False,
        "concedes": True,
        "source": "Faratin et al. 1998",
    }
    beta: float
    deadline: int

    def demand(self, state: NegotiationState, i: int) -> float:
        horizon = self.deadline or state.max_rounds
        given_up = min(1.0, state.round / horizon) ** (1.0 / self.beta)
        r = float(state.reservations[i])
        return r + (1.0 - r) * (1.0 - given_up)

    def explain(self, move: Move) -> str:
        horizon = self.deadline or move.horizon
        share = min(1.0, move.round / horizon) ** (1.0 / self.beta)
        return (
            f"time_dependent ({_curve(self.beta)}, beta {self.beta:g}): by talk round {move.round} of {horizon} it "
            f"gives up {share:.1%} of the way from its ideal to the least it will accept, {move.reservation:.2f}, "
            f"so it demands {move.after:.2f} (was {move.before:.2f})"
        )

    @classmethod
    def demand_many(cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array) -> Array:
        return cls._demands(rules, state, state.reservations[indices])

    @classmethod
    def aspirations_many(cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array) -> Array | None:
        # as the base class computes them, reading the reservations once
        floors = state.reservations[indices]
        return np.maximum(floors, np.minimum(1.0, cls._demands(rules, state, floors)))

    # the shares not yet given up, by (round, horizon, each rule's deadline and beta): a sweep's
    # runs and a benchmark's repeats ask for the same curves again and again
    _kept: ClassVar[dict[tuple, Array]] = {}

    @classmethod
    def _demands(cls, rules: Sequence[ConcessionRule], state: NegotiationState, r: Array) -> Array:
        t, horizon = state.round, state.max_rounds
        group = cast(Sequence[TimeDependent], rules)
        key = (t, horizon, *[(rule.deadline, rule.beta) for rule in group])
        kept = cls._kept.get(key)
        if kept is None:
            if len(cls._kept) > 20_000:
                cls._kept.clear()
            # the power in Python floats, as in ``demand`` (numpy's vectorised power may differ in the last bit)
            kept = np.array([1.0 - min(1.0, t / (rule.deadline or horizon)) ** (1.0 / rule.beta) for rule in group])
            kept.flags.writeable = False
            cls._kept[key] = kept
        return r + (1.0 - r) * kept


@register
class Reciprocal(ConcessionRule):
    """Absolute tit-for-tat, after the imitative tactics of Faratin, Sierra and Jennings (1998).

    Gives up, in its own utility, ``mirror`` times the average concession the other voting
    parties made last round (each measured in their own utility). It opens with a concession of
    ``initial`` to break the ice, and never goes below its reservation.
    """

    name = "reciprocal"
    params = {
        "mirror": Param("float", 1.0, "fraction of the others' concession it returns", low=0.0, high=10.0),
        "initial": Param("float", 0.02, "concession made in the first round, in utility", low=0.0, high=1.0),
    }
    classifier = {
        "time_dependent": False,
        "reactive": True,
        "concedes": True,
        "source": "Faratin et al. 1998",
    }
    mirror: float
    initial: float

    def demand(self, state: NegotiationState, i: int) -> float:
        if state.round <= 1:
            return 1.0 - self.initial
        gains = state.concessions[self._others(state.voters, i)]
        if not len(gains):  # no other voter
            return float(state.aspirations[i])
        # the mean of their concessions, those that hardened counting 0 (as clip(0, None).mean()
        # computes it, without the wrappers)
        conceded = float(np.add.reduce(gains) / len(gains))
        return float(state.aspirations[i]) - self.mirror * conceded

    def _others(self, voters: Array, i: int) -> Array:
        """The other voting parties' rows (kept while the model's ``voters`` array is the same)."""
        kept = self.__dict__.get("_other_rows")
        if kept is None or kept[0] is not voters or kept[1] != i:
            others = voters.copy()
            others[i] = False
            kept = self.__dict__["_other_rows"] = (voters, i, np.flatnonzero(others))
        return kept[2]

    def explain(self, move: Move) -> str:
        if move.round <= 1:
            return f"reciprocal: it opens with a concession of {self.initial:g} to break the ice, demanding {move.after:.2f}"
        floor = " (the least it will accept)" if move.after <= move.reservation + 1e-9 else ""
        return (
            f"reciprocal (mirror {self.mirror:g}): the others conceded {move.others_conceded:.3f} on average last "
            f"round, so it demands {move.after:.2f} (was {move.before:.2f}){floor}"
        )


@register
class Hardliner(ConcessionRule):
    """A party that never concedes: it keeps demanding ``aspiration`` (its ideal by default).

    The hard bargainer of the negotiation literature (e.g. Raiffa 1982, "The Art and Science of
    Negotiation"); the baseline against which concession pays or does not.
    """

    name = "hardliner"
    params = {"aspiration": Param("float", 1.0, "utility it demands, every round", low=0.0, high=1.0)}
    classifier = {"time_dependent": False, "reactive": False, "concedes": False, "source": "Raiffa 1982"}
    aspiration: float

    def demand(self, state: NegotiationState, i: int) -> float:
        return self.aspiration

    def lowest_demand(self) -> float:
        return self.aspiration

    def explain(self, move: Move) -> str:
        return f"hardliner: it demands {move.after:.2f} every round, whatever the others do"

    def propose(self, state: NegotiationState, i: int, target: Array) -> tuple[Array, float]:
        # A hardliner holds firm even above its reservation; it does not follow the war's costs down,
        # and it never accepts less than fighting on is worth to it.
        level = max(self.aspiration, float(state.reservations[i]))
        return concede_toward(state.ideals[i], target, state.saliences[i], level, state.form), level

    @classmethod
    def aspirations_many(cls, rules: Sequence[ConcessionRule], state: NegotiationState, indices: Array) -> Array | None:
        demands = np.array([cast(Hardliner, rule).aspiration for rule in rules], dtype=float)
        return np.maximum(demands, state.reservations[indices])


@register
class RipenessGated(ConcessionRule):
    """Stands firm until it perceives the conflict as ripe, then concedes on a time-dependent curve.

    Zartman (2000), "Ripeness: the hurting stalemate and beyond": parties turn to a negotiated
    way out only once they perceive a mutually hurting stalemate. From the round it first does
    (with a way out in sight), it gives up ``((t - t0) / (T - t0)) ** (1 / beta)`` of the way
    from its ideal to its reservation, as the time-dependent rule of Faratin et al. (1998).
    """

    name = "ripeness_gated"
    params = {
        "beta": Param(
            "float", 1.0, "concession curve once ripe: <1 Boulware, 1 linear, >1 Conceder", low=0.01, high=100.0
        ),
    }
    classifier = {"time_dependent": True, "reactive": True, "concedes": True, "source": "Zartman 2000"}
    beta: float

    def demand(self, state: NegotiationState, i: int) -> float:
        since = -1 if state.ripe_since is None else int(state.ripe_since[i])
        if since < 0 or state.round < since:
            return 1.0
        span = max(state.max_rounds - since, 1)
        given_up = min(1.0, (state.round - since) / span) ** (1.0 / self.beta)
        r = float(state.reservations[i])
        return r + (1.0 - r) * (1.0 - given_up)

    def explain(self, move: Move) -> str:
        if move.ripe_since < 0 or move.round < move.ripe_since:
            return "ripeness_gated: it does not yet perceive a hurting stalemate with a way out, so it holds its ideal"
        return (
            f"ripeness_gated ({_curve(self.beta)}): it has perceived the conflict as ripe since talk round "
            f"{move.ripe_since}, so it concedes toward the least it will accept, {move.reservation:.2f}, demanding "
            f"{move.after:.2f} (was {move.before:.2f})"
        )


@register
class Zeuthen(ConcessionRule):
    """Zeuthen's principle (Zeuthen 1930, "Problems of Monopoly and Economic Warfare"; Harsanyi
    1956, Econometrica 24(2)) in its n-party form: the party whose offer has the lowest Nash
    product ``prod_j (u_j(x) - r_j)`` over the voting parties gives way.

    It moves toward the offer with the highest Nash product just far enough that its own offer
    is no longer the lowest, by at least ``step`` of its own utility. Two parties with linear
    utilities move along their Pareto frontier and converge to the Nash bargaining solution on
    any number of issues; otherwise offers move on the straight line between them, and converge
    to the Nash solution on one issue.
    """

    name = "zeuthen"
    params = {"step": Param("float", 0.01, "smallest concession, in its own utility", low=1e-6, high=1.0)}
    classifier = {
        "time_dependent": False,
        "reactive": True,
        "concedes": True,
        "source": "Zeuthen 1930; Harsanyi 1956",
    }
    step: float
    GRID = 2000  # points on the segment searched for the smallest sufficient concession

    def path(self, state: NegotiationState, i: int, j: int, own: Array, toward: Array) -> Array:
        """The texts it may move through, from its offer toward party j's.

        Two parties with linear utilities concede along their Pareto frontier (trading issues
        off, as Zeuthen's bargainers over a utility frontier do), so the process reaches the
        Nash solution on any number of issues; otherwise along the straight line.
        """
        if state.form == "linear" and int(state.voters.sum()) == 2:
            _, _, corners = two_party_frontier(state.ideals[[i, j]], state.saliences[[i, j]])
            pieces = [corners[k] + np.linspace(0, 1, self.GRID // len(corners), endpoint=False)[:, None]
                      * (corners[k + 1] - corners[k]) for k in range(len(corners) - 1)]  # fmt: skip
            frontier = np.vstack([*pieces, corners[-1:]])
            here = int(np.argmin(np.abs(frontier - own).sum(axis=1)))
            return frontier[here:]
        lams = np.linspace(0.0, 1.0, self.GRID + 1)
        return own[None, :] + lams[:, None] * (toward - own)[None, :]

    @staticmethod
    def nash_products(state: NegotiationState, texts: Array) -> Array:
        voters = np.flatnonzero(state.voters)
        values = utility_matrix(texts, state.ideals[voters], state.saliences[voters], state.form)
        surplus = np.clip(values - state.reservations[voters][:, None], 0.0, None)
        return surplus.prod(axis=0)

    def propose(self, state: NegotiationState, i: int, target: Array) -> tuple[Array, float]:
        if state.round <= 1:  # it opens with its ideal
            return state.ideals[i].copy(), 1.0
        own = state.offers[i]
        own_value = state.value(i, own)
        voters = [int(j) for j in np.flatnonzero(state.voters)]
        products = self.nash_products(state, state.offers[voters])
        mine = float(products[voters.index(i)]) if i in voters else 0.0
        rivals = [(float(p), int(j)) for p, j in zip(products, voters, strict=True) if j != i]
        if not rivals or mine > min(p for p, _ in rivals):
            return own.copy(), own_value  # someone else has the weakest claim: they give way
        lowest_rival = min(p for p, _ in rivals)
        best = max(rivals)[1]
        toward = state.offers[best]
        floor = float(state.reservations[i])
        texts = self.path(state, i, best, own, toward)
        # Nash products along the path are not monotone (zero at both ends when the offers
        # are far apart), so search it point by point rather than bisect.
        products_along = self.nash_products(state, texts)
        own_along = utility_matrix(texts, state.ideals[i : i + 1], state.saliences[i : i + 1], state.form)[0]
        affordable = own_along >= floor - 1e-12
        enough = affordable & (products_along > lowest_rival) & (own_value - own_along >= self.step)
        if enough.any():
            k = int(np.argmax(enough))  # the smallest such move
        elif affordable.any():
            k = int(np.argmax(np.where(affordable, products_along, -1.0)))  # the best it can do
        else:
            k = 0
        offer = texts[k]
        return offer, state.value(i, offer)

    def explain(self, move: Move) -> str:
        if move.round <= 1:
            return "zeuthen: it opens with its ideal"
        if move.after < move.before - 1e-9:
            return (
                f"zeuthen: its offer had the lowest Nash product (the weakest claim), so it gave way just enough, "
                f"demanding {move.after:.2f} (was {move.before:.2f})"
            )
        return "zeuthen: another party's offer had the weakest claim, so it held"


def make_rule(kind: str, params: dict[str, Any]) -> ConcessionRule:
    """Instantiate a registered rule by name."""
    return RULES[kind](**params)
