"""The bargaining engine: offers and aspirations, round by round, under the concession rules.

Each round of talks every delegation revises its offer from the same snapshot of last round's
state (simultaneous moves): ``propose`` works the new offers out with the rules, one rule class
at a time in one array computation (``ConcessionRule.propose_many``), and ``commit`` makes them
the current ones. Mediators hold their offers. A principal that has preferred fighting on to any
text it can expect for ``walkout_patience`` rounds walks out (``walkout``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from simulator.core.utility import concede_many
from simulator.negotiation.frontiers import FrontierCache
from simulator.negotiation.parties import Parties
from simulator.negotiation.protocols import Protocol
from simulator.negotiation.rules import ConcessionRule, NegotiationState
from simulator.negotiation.rules.deadlines import war_deadlines
from simulator.negotiation.valuation import ACCEPT_TOLERANCE, Worth
from simulator.negotiation.view import TableView
from simulator.scenario.spec import Scenario
from simulator.war.conflict import War
from simulator.war.domestic import Domestic

Array = np.ndarray


class RuleGroup(NamedTuple):
    """The delegations whose rules are of one class: they move together."""

    rule_class: type[ConcessionRule]
    indices: Array
    rules: list[ConcessionRule]


class FollowPlan(NamedTuple):
    """The rows of the groups whose offers follow from their aspirations alone, gathered once."""

    indices: Array
    ideals: Array
    saliences: Array
    weighed: Array


def rule_groups(rules: list[ConcessionRule], movers: list[int]) -> list[RuleGroup]:
    """The movers grouped by the class of their rule, in the order the classes first appear."""
    members: dict[type[ConcessionRule], list[int]] = {}
    for i in movers:
        members.setdefault(type(rules[i]), []).append(i)
    return [RuleGroup(cls, np.array(rows), [rules[i] for i in rows]) for cls, rows in members.items()]


class Bargaining:
    """Offers, aspirations, the text on the table and the votes on it."""

    def __init__(
        self,
        scenario: Scenario,
        parties: Parties,
        war: War,
        domestic: Domestic,
        frontiers: FrontierCache,
        rules: list[ConcessionRule],
        movers: list[int],
    ) -> None:
        self.parties, self.war, self.domestic, self.frontiers = parties, war, domestic, frontiers
        conference = scenario.conference
        self.known_deadline = conference.deadline  # the round every party knows the talks end by (0: none)
        self.patience = conference.walkout_patience
        self.settle_tolerance = conference.settle_tolerance
        n = parties.n_agents
        self.offers = parties.ideals.copy()
        self.earlier_offers = parties.ideals.copy()
        self.aspirations = np.ones(n)
        # mediators hold their offers: their rows of the next offers and aspirations keep their opening values
        self.next_offers = self.offers.copy()
        self.next_aspirations = self.aspirations.copy()
        self.text: Array | None = None
        self.text_values = np.zeros(n)  # each party's utility of the text on the table
        self.acceptance = np.zeros(n)  # what the text on the table is worth to each, all told
        self.yes = np.zeros(n, dtype=bool)
        self.hold_out = [0] * n  # rounds in a row each has preferred fighting on (plain ints)
        self.rule_groups = rule_groups(rules, movers)
        self.lowest_demands = np.array([rule.lowest_demand() for rule in rules])
        self._lowest_list = self.lowest_demands.tolist()
        self._plans: dict[tuple[int, ...], FollowPlan] = {}
        self._plans_revision = parties.revision
        self.state: NegotiationState | None = None
        self.stakes: Array | None = None  # what a deal could give each beyond fighting on, when talks opened
        self._war_deadlines: tuple[Array, Array] | None = None  # (the cost array they were worked out from, them)

    # ------------------------------------------------------------------ the moves
    def war_deadlines(self, talk_round: int) -> Array:
        """Each agent's pace set by the war (``rules.deadlines.war_deadlines``), from its stake when
        talks first opened and its cost of war now (worked out again when a cost changes)."""
        if self.stakes is None and talk_round >= 1:
            self.stakes = 1.0 - self.domestic.floors(self.parties.reservations)
            self._war_deadlines = None
        cost = self.war.cost
        if self._war_deadlines is None or self._war_deadlines[0] is not cost:
            stakes = self.stakes if self.stakes is not None else 1.0 - self.domestic.floors(self.parties.reservations)
            self._war_deadlines = (cost, war_deadlines(stakes, cost, self.war.sides))
        return self._war_deadlines[1]

    def snapshot(self, talk_round: int, deadline: int, ripe_since: Array) -> None:
        """The state the rules read this round (``deadline``: the talk round every party knows
        the talks end by, 0 if none)."""
        parties = self.parties
        self.state = NegotiationState(
            round=talk_round,
            deadline=deadline,
            ideals=parties.ideals,
            saliences=parties.saliences,
            reservations=self.domestic.floors(parties.reservations),
            offers=self.offers,
            earlier_offers=self.earlier_offers,
            aspirations=self.aspirations,
            voters=parties.voters,
            form=parties.form,
            ripe_since=ripe_since,
            war_deadlines=self.war_deadlines(talk_round),
        )

    def propose(self, protocol: Protocol, view: TableView, talk_round: int) -> None:
        """Every delegation works out its next offer from the snapshot (simultaneous moves, so
        the order does not matter), one rule class at a time."""
        state = self.state
        assert state is not None
        # Rules whose offers follow from their aspirations only set those; the offers of all
        # their agents are then found in one step (as ``ConcessionRule.propose_many`` would).
        follow: list[tuple[int, Array]] = []
        for number, (rule_class, indices, rules) in enumerate(self.rule_groups):
            levels = rule_class.aspirations_many(rules, state, indices)
            if levels is None:
                targets = protocol.targets(view, indices)
                self._place(indices, *rule_class.propose_many(rules, state, indices, targets), talk_round)
            else:
                follow.append((number, levels))
        if not follow:
            return
        plan = self._follow_plan(tuple([number for number, _ in follow]))
        levels = follow[0][1] if len(follow) == 1 else np.concatenate([f[1] for f in follow])
        targets = protocol.targets(view, plan.indices)
        offers = concede_many(plan.ideals, targets, plan.saliences, levels, self.parties.form, plan.weighed)
        self._place(plan.indices, offers, levels, talk_round)

    def _follow_plan(self, groups: tuple[int, ...]) -> FollowPlan:
        """The same groups follow round after round: their rows, gathered once (until an event)."""
        if self._plans_revision != self.parties.revision:
            self._plans.clear()
            self._plans_revision = self.parties.revision
        plan = self._plans.get(groups)
        if plan is None:
            parts = [self.rule_groups[g].indices for g in groups]
            indices = parts[0] if len(parts) == 1 else np.concatenate(parts)
            saliences = self.parties.saliences[indices]
            plan = FollowPlan(indices, self.parties.ideals[indices], saliences, saliences > 0)
            self._plans[groups] = plan
        return plan

    def _place(self, indices: Array, offers: Array, levels: Array, talk_round: int) -> None:
        """Keep the next offers and aspirations, each offer held at the agent's public red lines."""
        domestic = self.domestic
        if domestic.lines:
            for row, i in enumerate(indices.tolist()):
                if i in domestic.line_agents:
                    value = float(self.parties.utilities_of(offers[row])[i])
                    offers[row] = domestic.hold_red_lines(i, offers[row], float(levels[row]), value, talk_round)
        self.next_offers[indices] = offers
        self.next_aspirations[indices] = levels

    def commit(self) -> None:
        """The offers just worked out become the current ones."""
        self.earlier_offers = self.offers
        self.offers = self.next_offers.copy()
        self.aspirations = self.next_aspirations.copy()

    def table(self, text: Array, worth: Worth) -> None:
        """Put a text on the table, with what it is worth to each party."""
        self.text = text
        self.text_values, self.acceptance = worth

    def vote(self) -> None:
        """The voters say yes to a text worth what they demand (within rounding)."""
        self.yes = self.parties.voters & (self.acceptance >= self.aspirations - ACCEPT_TOLERANCE)

    # ------------------------------------------------------------------ walking out, converging
    def expected_values(self, round_: int) -> list[float]:
        """For each agent, the most it can expect from the other side before the deadline.

        Agent i expects each other principal j to give way, at most, down to the least j could
        accept: its walk-away value at the deadline every party knows, or, when none is known, at
        the end of the rounds a side looks ahead when it values fighting on (``war.horizon``; the
        war lowers it by j's cost each round)
        or, for a rule that never goes that low (a hardliner), the least its rule ever demands.
        The best text for i that j would then accept, on the line from j's ideal toward i's,
        bounds what i can expect; with several other principals the least forthcoming binds.
        When fighting on is worth more than that, the bargaining range with that party is empty.
        (Worked out in plain floats: a few numbers per principal.)
        """
        parties = self.parties
        remaining = max(self.known_deadline - round_, 0) if self.known_deadline else self.war.horizon
        floors = self.domestic.floors(parties.reservations).tolist()
        cost = self.war.cost.tolist()
        lowest = self._lowest_list
        least = {j: max(max(floors[j] - cost[j] * remaining, 0.0), lowest[j]) for j in parties.principal_list}
        expected = [np.inf] * parties.n_agents
        for i in parties.walkout_list:
            for j in parties.principal_list:
                if j != i:
                    expected[i] = min(expected[i], self.frontiers.best_for(i, j, least[j]))
        return expected

    def walkout(self, round_: int) -> str | None:
        """A party walks out once fighting on has beaten every text it can expect for long enough."""
        parties = self.parties
        if not parties.walkout_list:
            return None
        expected = self.expected_values(round_)
        reservations = parties.reservations.tolist()
        leader, widest = None, -np.inf
        for i in parties.walkout_list:
            self.hold_out[i] = self.hold_out[i] + 1 if reservations[i] > expected[i] + 1e-9 else 0
            # if several quit at once, the one that prefers war most leads the way out
            if self.hold_out[i] >= self.patience and (leader is None or reservations[i] - expected[i] > widest):
                leader, widest = i, reservations[i] - expected[i]
        return None if leader is None else parties.ids[leader]
