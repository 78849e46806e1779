"""The peace conference as a Mesa model: one ``step()`` is one round of war and talks.

Each round: the war is fought for one more round (battle, beliefs, costs, grievance; see
``conflict``) and scheduled events apply; every party's value of fighting on is updated and
ripeness is tested (see ``ripeness``). Once the conference has convened: every delegation
revises its offer with its concession rule (simultaneously, from last round's state); the
protocol puts a text on the table (rounded to the options of indivisible issues); principals
and guarantors vote; a mediator with leverage may buy the missing votes; the agreement rule
decides; an agreed text goes to each principal's veto players for ratification. A principal
that has preferred fighting on to any text it can expect for ``walkout_patience`` rounds walks
out.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import mesa
import numpy as np

from simulator.conference.agents import Delegation, Mediator
from simulator.core.preferences import concede_many, concede_toward, nash_bargaining, two_party_frontier, utilities
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.lenses import affinity, regard_matrix
from simulator.negotiation.protocols import PositionModel, Protocol, make_protocol
from simulator.negotiation.rules import NegotiationState, make_rule
from simulator.scenario.spec import Change, Scenario
from simulator.war import ripeness
from simulator.war.conflict import War
from simulator.war.domestic import Domestic

# utility differences below this are rounding, not disagreement
ACCEPT_TOLERANCE = 1e-6
OUTCOMES = ("agreement", "partial", "no_agreement", "breakdown")


@dataclass
class RoundRecord:
    """What happened in one round, for the report and the narrative."""

    round: int
    text: list[float]
    proposer: str | None
    yes: list[str]
    no: list[str]
    events: list[str] = field(default_factory=list)
    payments: dict[str, float] = field(default_factory=dict)


class CourseEntry(NamedTuple):
    """One round as the plots and the narrative read it (plain lists, one value per agent)."""

    round: int
    talks: bool  # the conference was in session
    reservations: list[float]  # walk-away values
    aspirations: list[float]  # the utility each demanded
    worth: list[float] | None  # what the text on the table was worth to each, all told; None before talks
    war_cost: list[float]  # the war's cost so far


class PeaceConference(mesa.Model):
    """A conference run from a validated ``Scenario``.

    >>> from simulator.scenario import load_scenario
    >>> model = PeaceConference(load_scenario("scenarios/talks-2026.yaml"), rng=1)
    >>> model.run_model()
    >>> model.outcome in OUTCOMES
    True
    """

    def __init__(self, scenario: Scenario, *, collect: bool = True, records: bool = True, rng: Any = None) -> None:
        super().__init__(rng=rng)
        self.spec = scenario
        self.ids = scenario.agent_ids
        self.issue_ids = scenario.issue_ids
        self.n_agents, self.n_issues = len(self.ids), len(self.issue_ids)
        self.form = scenario.conference.utility
        self.max_rounds = scenario.conference.max_rounds

        agents = scenario.agents
        self.has_position = np.array([[k in a.position for k in self.issue_ids] for a in agents])
        self.ideals = np.array([[a.position.get(k, 50.0) for k in self.issue_ids] for a in agents], dtype=float)
        self.saliences = np.array([[a.salience.get(k, 0.0) for k in self.issue_ids] for a in agents], dtype=float)
        self.capabilities = np.array([a.capability for a in agents], dtype=float)
        roles = np.array([a.role for a in agents])
        self.principals = roles == "principal"
        self.guarantors = roles == "guarantor"
        self.voters = self.principals | self.guarantors
        self.walkout_mask = np.isin(np.array(self.ids), scenario.conference.walkout)

        self.war = War(scenario, self.ideals, self.saliences, self.form)
        self.domestic = Domestic(scenario, self.ideals)
        self.reservations = self.war.reservations()
        self.offers = self.ideals.copy()
        self.earlier_offers = self.ideals.copy()
        self.aspirations = np.ones(self.n_agents)
        self.next_offers = self.offers.copy()
        self.next_aspirations = self.aspirations.copy()
        self.text: np.ndarray | None = None
        self.text_values = np.zeros(self.n_agents)
        self.yes = np.zeros(self.n_agents, dtype=bool)
        self.hold_out = [0] * self.n_agents  # rounds in a row each has preferred fighting on (plain ints)
        self.acceptance = np.zeros(self.n_agents)  # what the text on the table is worth to each, all told
        # ripeness and the start of talks
        settings = scenario.conference.settings
        self.convene = settings.get("convene", "start")
        self.talks_start: int | None = 1 if self.convene == "start" else None
        self.ripe_round: int | None = None
        self.ripe_since = np.full(self.n_agents, -1)  # talk round from which each agent perceives ripeness
        self._ripe_for_all = False  # ripe, and every agent perceives it: the ripeness test is settled
        self.hurting = np.zeros(self.n_agents, dtype=bool)  # as of the last round the stalemate was tested
        self._way_out: bool | None = False
        ripe_settings = scenario.ripeness  # fixed for the run: read once
        self.ripeness_terms = (
            ripe_settings.get("horizon", 20),
            ripe_settings.get("decisive", 0.1),
            ripe_settings.get("pain", 0.0),
        )
        self.credibility_terms = (float(settings.get("credibility", 1.0)), float(settings.get("guarantee", 0.0)))
        self.option_grid = ripeness.option_grid(self)  # texts searched for a way out (indivisible issues)
        self.optimism_gaps: list[float] = []
        self.territory: list[float] = []
        mediation = [a.mediation for a in agents if a.role == "mediator"]
        self.communicator = max((m.get("communicator", 0.0) for m in mediation), default=0.0)
        self.leverage = sum(m.get("leverage", 0.0) for m in mediation)
        self.linkage = any(m.get("linkage", False) for m in mediation)
        self.formulator = max((m.get("formulator", 0.0) for m in mediation), default=0.0)
        self.payments = np.zeros(self.n_agents)
        self.options = [np.array(issue.options) if issue.options else None for issue in scenario.issues]
        self.ratified: dict[str, bool] = {}
        self._frontiers: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._frontier_lists: dict[tuple[int, int], tuple[list[float], list[float]]] = {}
        self._grid_frontiers: dict[tuple[int, int], list[tuple[list[float], list[float]]]] = {}
        # fixed for the run (roles and the walk-out list do not change): plain lists for the loops
        self.principal_list = [int(j) for j in np.flatnonzero(self.principals)]
        self.voter_list = [int(j) for j in np.flatnonzero(self.voters)]
        self.walkout_list = [int(i) for i in np.flatnonzero(self.walkout_mask)]
        self.divisible = all(o is None for o in self.options)
        # theory lenses (simulator/lenses.py): how others' gains and power enter; neutral by default
        conf_settings = scenario.conference.settings
        self.influence_exponent = float(conf_settings.get("influence_exponent", 1.0))
        self.agreement_value = float(conf_settings.get("agreement_value", 0.0))
        self.regard_settings = {k: float(conf_settings.get(k, 0.0)) for k in ("relative_gains", "amity", "threat")}
        self._regard: np.ndarray | None = None

        for index, spec in enumerate(agents):
            cls = Mediator if spec.role == "mediator" else Delegation
            cls(self, self, spec, index, make_rule(spec.rule.type, spec.rule.params))
        self.delegations = {a.code: a for a in self.agents}
        # Delegations whose rules are of one class move together, in one array computation per
        # class (``ConcessionRule.propose_many``); mediators hold their offers, so their rows of
        # ``next_offers`` and ``next_aspirations`` keep their opening values.
        movers = self.agents.select(lambda a: not isinstance(a, Mediator)).groupby(lambda a: type(a.rule))
        self.rule_groups = []
        for rule_class, members in movers.groups.items():
            members = sorted(members, key=lambda a: a.index)
            self.rule_groups.append(
                (rule_class, np.array([a.index for a in members]), [a.rule for a in members], members)
            )
        self.lowest_demands = np.array([self.delegations[a].rule.lowest_demand() for a in self.ids])
        self._lowest_list = self.lowest_demands.tolist()

        conf = scenario.conference
        protocol_params = dict(conf.protocol.params)
        if "mediator" in protocol_params and protocol_params["mediator"] is None:
            protocol_params["mediator"] = next((a.id for a in agents if a.role == "mediator"), None)
        self.protocol = make_protocol(conf.protocol.type, protocol_params)
        if isinstance(self.protocol, PositionModel):
            self.offers = self.protocol.opening_offers(self)
            self.war.sides = []  # a classic model forecasts a decision: no war is fought beside it
        self.agreement = AGREEMENT_RULES[conf.agreement.type](**conf.agreement.params)
        self.events_by_round: dict[int, list] = {}
        for event in scenario.events:
            self.events_by_round.setdefault(event.round, []).append(event)

        self.outcome: str | None = None
        self.settled_round: int | None = None
        self.settled_issues: list[str] = []
        self.blockers: list[str] = []
        self.walked_out: str | None = None
        self.history: list[RoundRecord] = []
        self._follow_plans: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list]] = {}
        self._preferences_changed = False
        self._voter_saliences: np.ndarray | None = None
        self.state = self._snapshot()

        self.text = self.protocol.open(self)
        self.positions_history: list[np.ndarray] = [self.offers.copy()]  # round 0 is the start
        self.course: list[CourseEntry] = []  # one entry per round, from round 1
        self._value_text()
        self.collect = collect
        self.records = records  # a RoundRecord and a ``course`` entry per round (a sweep's result row needs neither)
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "text": lambda m: [round(float(v), 4) for v in m.text],
                "accepted": lambda m: int(m.yes.sum()),
                "outcome": "outcome",
                "territory": lambda m: round(m.war.territory, 4),
                "optimism_gap": lambda m: round(m.war.optimism_gap(), 4),
                "ripe": lambda m: m.ripe_round is not None and m.ripe_round == m.round,
                "talks": "in_talks",
            },
            agent_reporters={
                "offer": lambda a: [round(float(v), 4) for v in a.offer],
                "aspiration": "aspiration",
                "utility": "utility",
                "reservation": "reservation",
            },
        )
        if collect:
            self.datacollector.collect(self)

    # ------------------------------------------------------------------ one round
    @property
    def round(self) -> int:
        return self.steps

    @property
    def in_talks(self) -> bool:
        return self.talks_start is not None and self.round >= self.talks_start

    @property
    def talk_round(self) -> int:
        """Rounds of talks so far, this one included (0 before the conference convenes)."""
        return 0 if self.talks_start is None else max(self.round - self.talks_start + 1, 0)

    @property
    def classic(self) -> bool:
        """Whether a classic model moves the positions (no concession rules, votes or walk-outs)."""
        return isinstance(self.protocol, PositionModel)

    def step(self) -> None:
        self._round()
        if self.records:
            self._record_course()

    def _record_course(self) -> None:
        """What the plots and the narrative read about this round (plain lists, cheap)."""
        self.course.append(
            CourseEntry(
                round=self.round,
                talks=self.in_talks,
                reservations=self.reservations.tolist(),
                aspirations=self.aspirations.tolist(),
                worth=self.acceptance.tolist() if self.in_talks else None,
                war_cost=self.war.cumulative.tolist(),
            )
        )

    def _round(self) -> None:
        fired = self._apply_events(after_battle=False)
        self.war.advance(self.rng, self.capabilities, self.communicator)
        self._apply_events(after_battle=True)
        self.reservations = self.war.reservations()
        self._test_ripeness()
        if not self.in_talks:
            self._maybe_convene()
        if not self.in_talks:
            self.positions_history.append(self.offers.copy())
            if self.round >= self.max_rounds:
                self._finish("no_agreement", [])
            if self.collect:
                self.datacollector.collect(self)
            return

        if isinstance(self.protocol, PositionModel):
            self._classic_round(self.protocol, fired)
            return
        protocol = self.protocol

        self.state = self._snapshot()
        self._concede(protocol)
        self.earlier_offers = self.offers
        self.offers = self.next_offers.copy()
        self.aspirations = self.next_aspirations.copy()
        self.positions_history.append(self.offers)  # a new array each round, never changed in place

        self.text = self._indivisible(protocol.table(self))
        self._value_text()
        self.yes = self.voters & (self.acceptance >= self.aspirations - ACCEPT_TOLERANCE)
        agreed, blockers = self.agreement.decide(
            self.yes, self.principals, self.guarantors, self.capabilities, self.ids
        )
        paid: dict[str, float] = {}
        if not agreed and self.leverage > 0:
            agreed, blockers, paid = self._side_payments(blockers)
        protocol.after_vote(self, self.yes)
        if self.records:
            self._record(protocol, fired, paid)
        if agreed:
            self.ratified = self.domestic.ratified(self.acceptance, self.principals, self.ids)
            self._finish("agreement", [])
        else:
            self.blockers = blockers
            walker = self._walkout()
            if walker:
                self.walked_out = walker
                self._finish("breakdown", [walker])
            elif self.round >= self.max_rounds:
                converged = self._converged_issues()
                # partial: some issues settled, not all (if all converged, the vote still failed)
                self.settled_issues = converged if len(converged) < self.n_issues else []
                self._finish("partial" if self.settled_issues else "no_agreement", blockers)
        if self.collect:
            self.datacollector.collect(self)

    def _record(self, protocol: Protocol, fired: list[str], paid: dict[str, float]) -> None:
        """Keep what happened in this round for the report."""
        assert self.text is not None
        yes = self.yes.tolist()
        record = RoundRecord(
            round=self.round,
            text=self.text.tolist(),
            proposer=protocol.proposer(self),
            yes=[self.ids[i] for i in self.voter_list if yes[i]],
            no=[self.ids[i] for i in self.voter_list if not yes[i]],
            events=fired,
            payments=paid,
        )
        self.history.append(record)

    def _concede(self, protocol: Protocol) -> None:
        """Every delegation revises its offer from the same snapshot (simultaneous moves, so the
        order does not matter); as ``Delegation.concede`` would, one rule class at a time."""
        # Rules whose offers follow from their aspirations only set those; the offers of all
        # their agents are then found in one step (as ``ConcessionRule.propose_many`` would).
        follow: list[tuple[np.ndarray, np.ndarray, list[Delegation]]] = []
        for rule_class, indices, rules, members in self.rule_groups:
            levels = rule_class.aspirations_many(rules, self.state, indices)
            if levels is None:
                targets = protocol.targets(self, indices)
                self._place(members, indices, *rule_class.propose_many(rules, self.state, indices, targets))
            else:
                follow.append((indices, levels, members))
        if not follow:
            return
        key = tuple([id(f[0]) for f in follow])  # (a list comprehension is inlined, a generator is not)
        plan = self._follow_plans.get(key)
        if plan is None:  # the same groups follow round after round: their rows, gathered once
            indices = follow[0][0] if len(follow) == 1 else np.concatenate([f[0] for f in follow])
            saliences = self.saliences[indices]
            plan = (indices, self.ideals[indices], saliences, saliences > 0, [a for f in follow for a in f[2]])
            self._follow_plans[key] = plan
        indices, ideals, saliences, weighed, members = plan
        levels = follow[0][1] if len(follow) == 1 else np.concatenate([f[1] for f in follow])
        targets = protocol.targets(self, indices)
        offers = concede_many(ideals, targets, saliences, levels, self.form, weighed)
        self._place(members, indices, offers, levels)

    def _place(self, members: list[Delegation], indices: np.ndarray, offers: np.ndarray, levels: np.ndarray) -> None:
        """Record the new offers and aspirations, each held at the agent's public red lines."""
        if self.domestic.lines:
            for row, agent in enumerate(members):
                i = agent.index
                if i in self.domestic.line_agents:
                    value = float(self.utilities_of(offers[row])[i])
                    offers[row] = self.domestic.hold_red_lines(
                        i, offers[row], float(levels[row]), value, self.talk_round
                    )
        self.next_offers[indices] = offers
        self.next_aspirations[indices] = levels

    def _classic_round(self, classic: PositionModel, fired: list[str]) -> None:
        """A classic bargaining model (expected utility, spatial PCE) moves every actor's
        position itself; its forecast is the text, and its stopping rule ends the run."""
        self.earlier_offers = self.offers
        self.offers, self.text, finished = classic.advance(self)
        if self.records:
            self.history.append(
                RoundRecord(self.round, self.text.tolist(), None, [], [], events=fired)  # type: ignore[union-attr]
            )
        self._value_text()
        self.positions_history.append(self.offers.copy())
        if finished or self.round >= self.max_rounds:
            self._finish("agreement", [])
        if self.collect:
            self.datacollector.collect(self)

    # ------------------------------------------------------------------ ripeness and convening
    @property
    def way_out(self) -> bool:
        """Whether some text gives every principal more than fighting on, this round."""
        if self._way_out is None:
            floors = ripeness.effective_reservations(self)
            self._way_out = ripeness.best_surplus(self, self.principals, floors) > 1e-9
        return self._way_out

    def _test_ripeness(self) -> None:
        self.optimism_gaps.append(self.war.optimism_gap())
        self.territory.append(self.war.territory)
        self._way_out = None  # computed when asked: once the conflict is ripe for all, the rest is settled
        if self._ripe_for_all and self.in_talks:  # nothing below can change any more, nor open the talks
            return
        self.hurting = ripeness.hurting_stalemate(self)
        if self._ripe_for_all:
            return
        sides = self.war.sides
        if sides and not self.hurting.any():  # nobody perceives a stalemate, whatever the way out
            return
        perceives = self.hurting & self.way_out
        if not sides:  # no war modelled: ripeness is the way out alone
            perceives = np.full(self.n_agents, self.way_out)
        ripe = bool(perceives[sides].all()) if sides else self.way_out
        if ripe and self.ripe_round is None:
            self.ripe_round = self.round
        others = np.ones(self.n_agents, dtype=bool)
        others[sides] = False
        perceives = np.where(others, ripe, perceives)
        newly = perceives & (self.ripe_since < 0)
        self.ripe_since = np.where(newly, max(self.talk_round, 1), self.ripe_since)
        self._ripe_for_all = self.ripe_round is not None and int(self.ripe_since.min()) >= 0

    def _maybe_convene(self) -> None:
        settings = self.spec.conference.settings
        opens = {
            "round": self.round >= settings.get("convene_round", 1),
            "ripe": self.ripe_round is not None,
            "mediator": bool(self.hurting.any()),  # a mediator brings the other side once one hurts
        }.get(self.convene, False)
        if opens:
            self.talks_start = self.round
            self.ripe_since = np.where(self.ripe_since >= 0, 1, self.ripe_since)

    # ------------------------------------------------------------------ texts and votes
    def _indivisible(self, text: np.ndarray) -> np.ndarray:
        """Round indivisible issues to their nearest option; with linkage the mediator then
        compensates each principal that lost by it on the other issues (a package deal)."""
        if self.divisible:
            return text
        raw = text.copy()
        for k, options in enumerate(self.options):
            if options is not None:
                text[k] = options[int(np.argmin(np.abs(options - text[k])))]
        if not self.linkage:
            return text
        divisible = np.array([o is None for o in self.options])
        before = utilities(raw, self.ideals, self.saliences, self.form)
        for i in np.flatnonzero(self.principals):
            lost = before[i] - utilities(text, self.ideals[i : i + 1], self.saliences[i : i + 1], self.form)[0]
            if lost <= 0:
                continue
            target = np.where(divisible, self.ideals[i], text)
            weights = np.where(divisible, self.saliences[i], 0.0)
            room = float((weights * np.abs(target - text)).sum()) / 100.0  # what moving fully gains it
            if room > 0:
                text = text + min(1.0, lost / room) * (target - text)
        return text

    def _value_text(self) -> None:
        assert self.text is not None
        self.text_values = utilities(self.text, self.ideals, self.saliences, self.form)
        kappa = ripeness.credibility(self)
        worth = self.text_values
        if any(self.regard_settings.values()):  # others' gains over their walk-away values count too
            worth = worth + self.regard() @ (self.text_values - self.reservations)
        if self.agreement_value:
            worth = worth + self.agreement_value
        if self.domestic.lines:
            worth = worth - self.domestic.audience_costs(self.text, self.talk_round)
        if kappa < 1.0:
            worth = kappa * worth + (1.0 - kappa) * self.war.reservations(shifted=False)
        self.acceptance = worth

    def nash_text(self) -> np.ndarray | None:
        """The Nash bargaining solution between the principals, by their current floors (what a
        formulator mediator believes); None when no text beats fighting on for them all."""
        who = self.principals
        floors = ripeness.effective_reservations(self)[who]
        if not np.isfinite(floors).all():
            return None
        return nash_bargaining(self.ideals[who], self.saliences[who], floors, form=self.form)

    def regard(self) -> np.ndarray:
        """The weights each party puts on the others' gains (see ``lenses.regard_matrix``),
        kept until an event moves an ideal or a salience."""
        if self._regard is None:
            affinities = affinity(self.ideals, self.saliences, self.has_position)
            self._regard = regard_matrix(affinities, self.voters, **self.regard_settings)
        return self._regard

    @property
    def influence(self) -> np.ndarray:
        """The weight of each party's offer in a mediator's draft: its capability, raised to
        ``influence_exponent`` (the realist lens makes power count for more)."""
        if self.influence_exponent == 1.0:
            return self.capabilities
        return self.capabilities**self.influence_exponent

    def voter_saliences(self) -> np.ndarray:
        """The saliences of the voting parties, zero for the others (kept until an event changes them)."""
        if self._voter_saliences is None:
            self._voter_saliences = self.saliences * self.voters[:, None]
        return self._voter_saliences

    def utilities_of(self, text: np.ndarray) -> np.ndarray:
        """Every agent's utility of a text."""
        return utilities(text, self.ideals, self.saliences, self.form)

    def _side_payments(self, blockers: list[str]) -> tuple[bool, list[str], dict[str, float]]:
        """A manipulator mediator promises side payments, within its leverage, to the voters whose
        no blocks the text (Touval and Zartman 1985), if that is enough to carry it."""
        short = self.voters & ~self.yes
        needed = np.clip(self.aspirations - self.acceptance, 0.0, None) + ACCEPT_TOLERANCE
        budget = self.leverage - float(self.payments.sum())
        if float(needed[short].sum()) > budget:
            return False, blockers, {}
        yes = self.yes | short
        agreed, still = self.agreement.decide(yes, self.principals, self.guarantors, self.capabilities, self.ids)
        if not agreed:
            return False, blockers, {}
        self.payments = self.payments + np.where(short, needed, 0.0)
        self.acceptance = self.acceptance + np.where(short, needed, 0.0)
        self.yes = yes
        return True, [], {self.ids[i]: round(float(needed[i]), 4) for i in np.flatnonzero(short)}

    def _snapshot(self) -> NegotiationState:
        start = self.talks_start or 1
        state = NegotiationState(
            round=self.talk_round,
            max_rounds=self.max_rounds - start + 1,
            ideals=self.ideals,
            saliences=self.saliences,
            reservations=self.domestic.floors(self.reservations),
            offers=self.offers,
            earlier_offers=self.earlier_offers,
            aspirations=self.aspirations,
            voters=self.voters,
            form=self.form,
            ripe_since=self.ripe_since,
        )
        # last round's offers are this round's earlier offers: their values carry over, unless
        # an event has moved an ideal or a salience since
        previous = getattr(self, "state", None)
        if (
            previous is not None
            and previous.offers is self.earlier_offers
            and "offer_values" in previous.__dict__
            and not self._preferences_changed
        ):
            state.__dict__["earlier_values"] = previous.__dict__["offer_values"]
        self._preferences_changed = False
        return state

    def expected_values(self) -> np.ndarray:
        """For each agent, the most it can expect from the other side before the deadline.

        Agent i expects each other principal j to give way, at most, down to the least j could
        accept: its walk-away value at the deadline (the war lowers it by j's cost each round)
        or, for a rule that never goes that low (a hardliner), the least its rule ever demands.
        The best text for i that j would then accept, on the line from j's ideal toward i's,
        bounds what i can expect; with several other principals the least forthcoming binds.
        When fighting on is worth more than that, the bargaining range with that party is empty.
        """
        return np.array(self._expected())

    def _expected(self) -> list[float]:
        """``expected_values`` as a list, worked out in plain floats (a few numbers per principal)."""
        remaining = max(self.max_rounds - self.round, 0)
        floors = self.domestic.floors(self.reservations).tolist()
        cost = self.war.cost.tolist()
        lowest = self._lowest_list
        least = {j: max(max(floors[j] - cost[j] * remaining, 0.0), lowest[j]) for j in self.principal_list}
        expected = [np.inf] * self.n_agents
        for i in self.walkout_list:
            for j in self.principal_list:
                if j != i:
                    expected[i] = min(expected[i], self._best_for(i, j, least[j]))
        return expected

    def frontier(self, i: int, j: int, fixed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The Pareto frontier of agents i and j (linear utilities), cached until their
        positions or saliences change."""
        key = (i, j, None if fixed is None or np.isnan(fixed).all() else tuple(fixed))
        if key not in self._frontiers:
            self._frontiers[key] = two_party_frontier(self.ideals[[i, j]], self.saliences[[i, j]], fixed)
        return self._frontiers[key]

    def grid_frontiers(self, i: int, j: int) -> list[tuple[list[float], list[float]]]:
        """For each text of ``option_grid``, the utilities of the vertices of the frontier of
        agents i and j with the indivisible issues held there, as plain lists (cached as ``frontier``)."""
        if (i, j) not in self._grid_frontiers:
            vertices = [self.frontier(i, j, fixed)[:2] for fixed in self.option_grid]
            self._grid_frontiers[i, j] = [(u_i.tolist(), u_j.tolist()) for u_i, u_j in vertices]
        return self._grid_frontiers[i, j]

    def _best_for(self, i: int, j: int, least_j: float) -> float:
        """The most agent i can get from a text worth at least ``least_j`` to agent j."""
        if self.form == "linear":  # exact, trading issues off along the two parties' frontier
            if (i, j) not in self._frontier_lists:  # in plain floats: a walk along ten numbers
                vertices_i, vertices_j, _ = self.frontier(i, j)
                self._frontier_lists[i, j] = (vertices_i.tolist(), vertices_j.tolist())
            u_i, u_j = self._frontier_lists[i, j]
            if u_j[0] >= least_j:
                return u_i[0]
            if u_j[-1] < least_j:
                return -np.inf  # j wants more than any text can give it
            k = bisect.bisect_left(u_j, least_j)  # the first vertex worth that much to j (u_j never falls)
            share = (least_j - u_j[k - 1]) / (u_j[k] - u_j[k - 1])
            return u_i[k - 1] + share * (u_i[k] - u_i[k - 1])
        offer = concede_toward(self.ideals[j], self.ideals[i], self.saliences[j], least_j, self.form)
        return float(utilities(offer, self.ideals[i : i + 1], self.saliences[i : i + 1], self.form)[0])

    def _walkout(self) -> str | None:
        """A party walks out once fighting on has beaten every text it can expect for long enough."""
        if not self.walkout_list:
            return None
        expected = self._expected()
        reservations = self.reservations.tolist()
        patience = self.spec.conference.walkout_patience
        leader, widest = None, -np.inf
        for i in self.walkout_list:
            self.hold_out[i] = self.hold_out[i] + 1 if reservations[i] > expected[i] + 1e-9 else 0
            # if several quit at once, the one that prefers war most leads the way out
            if self.hold_out[i] >= patience and (leader is None or reservations[i] - expected[i] > widest):
                leader, widest = i, reservations[i] - expected[i]
        return None if leader is None else self.ids[leader]

    def _converged_issues(self) -> list[str]:
        """Issues on which every voting party's offer is within ``settle_tolerance`` of the text."""
        assert self.text is not None
        gap = np.abs(self.offers - self.text[None, :])
        gap = np.where(self.has_position, gap, 0.0)[self.voters]
        close = (gap <= self.spec.conference.settle_tolerance).all(axis=0)
        return [self.issue_ids[k] for k in np.flatnonzero(close)]

    def _finish(self, outcome: str, blockers: list[str]) -> None:
        self.outcome = outcome
        self.settled_round = self.round
        if outcome == "agreement":
            self.settled_issues = list(self.issue_ids)
        self.blockers = blockers
        self.running = False

    # ------------------------------------------------------------------ events
    def _apply_events(self, after_battle: bool) -> list[str]:
        """Changes scheduled for this round: those that shape the fighting before the battle;
        a new walk-away value after it, so that it is the value in force during the round."""
        fired = []
        for event in self.events_by_round.get(self.round, []):
            for change in event.changes:
                if (change.target[-1] == "reservation") == after_battle:
                    self.apply_change(change)
            fired.append(event.name)
        return fired

    def apply_change(self, change: Change) -> None:
        """Apply one scheduled change (validated at load time) to the running conference."""
        if change.target[0] == "war":
            _, what, agent_id = change.target
            self.war.change(what, self.ids.index(agent_id), change.value)
            return
        _, agent_id, what, *issue = change.target
        i = self.ids.index(agent_id)
        self._frontiers.clear()  # positions, saliences or roles may have moved
        self._frontier_lists.clear()
        self._grid_frontiers.clear()
        self._follow_plans.clear()
        self._preferences_changed = True
        self._voter_saliences = None
        self._regard = None
        if what == "capability":
            self.capabilities[i] = change.value
        elif what == "reservation":
            self.war.value[i] = change.value
            self.reservations[i] = change.value
        elif what == "position":
            k = self.issue_ids.index(issue[0])
            self.ideals[i, k] = change.value
            self.has_position[i, k] = True
        elif what == "salience":
            k = self.issue_ids.index(issue[0])
            self.saliences[i, k] = change.value
            total = self.saliences[i].sum()
            if total > 0:
                self.saliences[i] /= total  # the same normalisation as at load time
