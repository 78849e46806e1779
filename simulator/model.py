"""The peace conference as a Mesa model: one ``step()`` is one round of talks.

Each round: the war costs every party a little more (its walk-away value falls) and scheduled
events apply; every delegation revises its offer with its concession rule (simultaneously,
from last round's state); the protocol puts a text on the table; principals and guarantors
vote; the agreement rule decides; a principal that has preferred fighting on to any text it
can expect for ``walkout_patience`` rounds walks out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mesa
import numpy as np

from simulator.agents import Delegation, Mediator
from simulator.agreement import AGREEMENT_RULES
from simulator.conflict import War
from simulator.preferences import concede_toward, utilities
from simulator.protocols import make_protocol
from simulator.rules import NegotiationState, make_rule
from simulator.scenario import Change, Scenario

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
    blockers: list[str]
    events: list[str] = field(default_factory=list)
    walked_out: str | None = None


class PeaceConference(mesa.Model):
    """A conference run from a validated ``Scenario``.

    >>> from simulator.scenario import load_scenario
    >>> model = PeaceConference(load_scenario("scenarios/talks-2026.yaml"), rng=1)
    >>> model.run_model()
    >>> model.outcome in OUTCOMES
    True
    """

    def __init__(self, scenario: Scenario, *, collect: bool = True, rng: Any = None) -> None:
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

        self.war = War(scenario)
        self.reservations = self.war.value.copy()
        self.offers = self.ideals.copy()
        self.earlier_offers = self.ideals.copy()
        self.aspirations = np.ones(self.n_agents)
        self.next_offers = self.offers.copy()
        self.next_aspirations = self.aspirations.copy()
        self.text: np.ndarray | None = None
        self.text_values = np.zeros(self.n_agents)
        self.yes = np.zeros(self.n_agents, dtype=bool)
        self.hold_out = np.zeros(self.n_agents, dtype=int)

        for index, spec in enumerate(agents):
            cls = Mediator if spec.role == "mediator" else Delegation
            cls(self, spec, index, make_rule(spec.rule.type, spec.rule.params))
        self.delegations = {a.code: a for a in self.agents}
        self.lowest_demands = np.array([self.delegations[a].rule.lowest_demand() for a in self.ids])

        conf = scenario.conference
        protocol_params = dict(conf.protocol.params)
        if "mediator" in protocol_params and protocol_params["mediator"] is None:
            protocol_params["mediator"] = next((a.id for a in agents if a.role == "mediator"), None)
        self.protocol = make_protocol(conf.protocol.type, protocol_params)
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
        self.state = self._snapshot()

        self.protocol.open(self)
        self._value_text()
        self.collect = collect
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "text": lambda m: [round(float(v), 4) for v in m.text],
                "accepted": lambda m: int(m.yes.sum()),
                "outcome": "outcome",
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

    def step(self) -> None:
        self.reservations = self.war.advance().copy()
        fired = self._apply_events()
        self.state = self._snapshot()
        self.agents.shuffle_do("concede")
        self.earlier_offers = self.offers
        self.offers = self.next_offers.copy()
        self.aspirations = self.next_aspirations.copy()

        self.text = self.protocol.table(self)
        self._value_text()
        self.yes = self.voters & (self.text_values >= self.aspirations - ACCEPT_TOLERANCE)
        agreed, blockers = self.agreement.decide(
            self.yes, self.principals, self.guarantors, self.capabilities, self.ids
        )
        self.protocol.after_vote(self, self.yes)
        record = RoundRecord(
            round=self.round,
            text=[float(v) for v in self.text],
            proposer=self.protocol.proposer(self),
            yes=[self.ids[i] for i in np.flatnonzero(self.yes)],
            no=[self.ids[i] for i in np.flatnonzero(self.voters & ~self.yes)],
            blockers=blockers,
            events=fired,
        )
        self.history.append(record)
        if agreed:
            self._finish("agreement", [])
        else:
            self.blockers = blockers
            record.walked_out = self._walkout()
            if record.walked_out:
                self.walked_out = record.walked_out
                self._finish("breakdown", [record.walked_out])
            elif self.round >= self.max_rounds:
                converged = self._converged_issues()
                # partial: some issues settled, not all (if all converged, the vote still failed)
                self.settled_issues = converged if len(converged) < self.n_issues else []
                self._finish("partial" if self.settled_issues else "no_agreement", blockers)
        if self.collect:
            self.datacollector.collect(self)

    def _snapshot(self) -> NegotiationState:
        return NegotiationState(
            round=self.steps,
            max_rounds=self.max_rounds,
            ideals=self.ideals,
            saliences=self.saliences,
            reservations=self.reservations,
            offers=self.offers,
            earlier_offers=self.earlier_offers,
            aspirations=self.aspirations,
            voters=self.voters,
            form=self.form,
        )

    def _value_text(self) -> None:
        assert self.text is not None
        self.text_values = utilities(self.text, self.ideals, self.saliences, self.form)

    def expected_values(self) -> np.ndarray:
        """For each agent, the most it can expect from the other side before the deadline.

        Agent i expects each other principal j to give way, at most, down to the least j could
        accept: its walk-away value at the deadline (the war lowers it by j's cost each round)
        or, for a rule that never goes that low (a hardliner), the least its rule ever demands.
        The best text for i that j would then accept, on the line from j's ideal toward i's,
        bounds what i can expect; with several other principals the least forthcoming binds.
        When fighting on is worth more than that, the bargaining range with that party is empty.
        """
        remaining = max(self.max_rounds - self.round, 0)
        floor = np.maximum(self.reservations - self.war.cost * remaining, 0.0)
        least = np.maximum(floor, self.lowest_demands)
        expected = np.full(self.n_agents, np.inf)
        parties = [int(j) for j in np.flatnonzero(self.principals)]
        for i in np.flatnonzero(self.walkout_mask):
            for j in parties:
                if j == i:
                    continue
                offer = concede_toward(self.ideals[j], self.ideals[i], self.saliences[j], least[j], self.form)
                value = utilities(offer, self.ideals[i : i + 1], self.saliences[i : i + 1], self.form)[0]
                expected[i] = min(expected[i], value)
        return expected

    def _walkout(self) -> str | None:
        """A party walks out once fighting on has beaten every text it can expect for long enough."""
        expected = self.expected_values()
        prefers_war = self.walkout_mask & (self.reservations > expected + 1e-9)
        self.hold_out = np.where(prefers_war, self.hold_out + 1, 0)
        quitting = np.flatnonzero(self.hold_out >= self.spec.conference.walkout_patience)
        if quitting.size == 0:
            return None
        # if several quit at once, the one that prefers war most leads the way out
        gap = (self.reservations - expected)[quitting]
        return self.ids[int(quitting[int(np.argmax(gap))])]

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
    def _apply_events(self) -> list[str]:
        fired = []
        for event in self.events_by_round.get(self.round, []):
            for change in event.changes:
                self.apply_change(change)
            fired.append(event.name)
        return fired

    def apply_change(self, change: Change) -> None:
        """Apply one scheduled change (validated at load time) to the running conference."""
        if change.target[0] == "war":
            self.war.cost[self.ids.index(change.target[1])] = change.value
            return
        _, agent_id, what, *issue = change.target
        i = self.ids.index(agent_id)
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
