"""The peace conference as a Mesa model: one ``step()`` is one round of war and talks.

Each round: the war is fought one more round (``war.conflict``) and scheduled events apply;
ripeness is tested (``war.ripeness``). Once the conference has convened, every delegation revises
its offer with its concession rule (``negotiation.engine``); the protocol tables a text; the
voters vote, a mediator may buy missing votes (``negotiation.mediation``); the agreement rule
decides, and an agreed text goes to ratification. A principal that has preferred fighting on
for ``walkout_patience`` rounds walks out. A classic model (``classic``) moves the positions itself.
The model composes these parts; it is the ``TableView`` (``negotiation.view``) they read.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from simulator.conference.agents import Delegation, Mediator
from simulator.conference.events import Events
from simulator.conference.forward import Forward
from simulator.conference.records import (
    OUTCOMES,
    CourseEntry,
    Episode,
    NullRecorder,
    Outcome,
    PartialDeal,
    Recorder,
    RoundRecord,
)
from simulator.conference.records import datacollector as make_datacollector
from simulator.conference.sessions import Sessions
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.engine import Bargaining
from simulator.negotiation.frontiers import FrontierCache
from simulator.negotiation.mediation import Mediation
from simulator.negotiation.parties import Parties
from simulator.negotiation.protocols import PositionModel, Protocol, make_protocol
from simulator.negotiation.rules import ConcessionRule, make_rule
from simulator.negotiation.valuation import Valuation
from simulator.scenario.spec import Scenario
from simulator.war.conflict import War
from simulator.war.domestic import Domestic
from simulator.war.ripeness import Ripeness

__all__ = ["OUTCOMES", "CourseEntry", "Episode", "PartialDeal", "PeaceConference", "RoundRecord"]

Array = np.ndarray


class PeaceConference(mesa.Model):
    """A conference run from a validated ``Scenario``.

    ``collect=False`` keeps Mesa's DataCollector empty and ``records=False`` keeps no per-round
    records (a sweep's result row needs neither).

    >>> from simulator.scenario import load_scenario
    >>> model = PeaceConference(load_scenario("scenarios/talks-2026.yaml"), rng=1)
    >>> model.run_model()
    >>> model.outcome in OUTCOMES
    True
    """

    # The state lives in the parts; the report, the narrative, the app and the TableView read it here.
    ids: Forward[list[str]] = Forward("parties")
    issue_ids: Forward[list[str]] = Forward("parties")
    n_agents: Forward[int] = Forward("parties")
    n_issues: Forward[int] = Forward("parties")
    form: Forward[str] = Forward("parties")
    ideals: Forward[Array] = Forward("parties")
    saliences: Forward[Array] = Forward("parties")
    has_position: Forward[Array] = Forward("parties")
    capabilities: Forward[Array] = Forward("parties")
    principals: Forward[Array] = Forward("parties")
    voters: Forward[Array] = Forward("parties")
    principal_list: Forward[list[int]] = Forward("parties")
    voter_list: Forward[list[int]] = Forward("parties")
    reservations: Forward[Array] = Forward("parties")
    offers: Forward[Array] = Forward("bargaining")
    aspirations: Forward[Array] = Forward("bargaining")
    text: Forward[Array | None] = Forward("bargaining")
    text_values: Forward[Array] = Forward("bargaining")
    acceptance: Forward[Array] = Forward("bargaining")
    yes: Forward[Array] = Forward("bargaining")
    influence: Forward[Array] = Forward("valuation")
    formulator: Forward[float] = Forward("mediation")
    payments: Forward[Array] = Forward("mediation")
    convene: Forward[str] = Forward("ripeness")
    talks_start: Forward[int | None] = Forward("ripeness")
    ripe_round: Forward[int | None] = Forward("ripeness")
    ripe_since: Forward[Array] = Forward("ripeness")
    optimism_gaps: Forward[list[float]] = Forward("ripeness")
    territory: Forward[list[float]] = Forward("ripeness")
    outcome: Forward[str | None] = Forward("end")
    settled_round: Forward[int | None] = Forward("end")
    settled_issues: Forward[list[str]] = Forward("end")
    blockers: Forward[list[str]] = Forward("end")
    walked_out: Forward[str | None] = Forward("end")
    ratified: Forward[dict[str, bool]] = Forward("end")
    episodes: Forward[list[Episode]] = Forward("sessions")  # the spells of talks, in order
    partial_deals: Forward[list[PartialDeal]] = Forward("sessions")  # separable issues settled on their own
    history: Forward[list[RoundRecord]] = Forward("recorder")
    course: Forward[list[CourseEntry]] = Forward("recorder")

    def __init__(self, scenario: Scenario, *, collect: bool = True, records: bool = True, rng: Any = None) -> None:
        super().__init__(rng=rng)
        self.spec = scenario
        self.max_rounds = scenario.conference.max_rounds  # the horizon: how far the run looks
        self.calendar = scenario.calendar  # the date of each round (None: rounds only)
        self.parties = parties = Parties(scenario)
        self.war = War(scenario, parties.ideals, parties.saliences, parties.form)
        self.domestic = Domestic(scenario, parties.ideals)
        parties.reservations = self.war.reservations()
        self.frontiers = FrontierCache(scenario, parties)
        self.valuation = Valuation(scenario.conference.settings, parties, self.war, self.domestic)
        self.ripeness = Ripeness(scenario, parties, self.war, self.valuation, self.frontiers)
        agreement = scenario.conference.agreement
        self.agreement = AGREEMENT_RULES[agreement.type](**agreement.params)
        self.mediation = Mediation(scenario, parties, self.valuation, self.agreement)
        rules, movers = self._seat_delegations()
        self.bargaining = Bargaining(scenario, parties, self.war, self.domestic, self.frontiers, rules, movers)
        self.protocol = self._make_protocol()
        self.events = Events(scenario, parties, self.war)
        self.sessions = Sessions(scenario, parties, self.ripeness, self.bargaining)
        self.end = Outcome()
        self.recorder = Recorder() if records else NullRecorder()
        self.datacollector = make_datacollector(collect)
        self._open()

    def _seat_delegations(self) -> tuple[list[ConcessionRule], list[int]]:
        """One Mesa agent per delegation; their rules, and the rows of those that move (not mediators)."""
        rules = []
        for index, spec in enumerate(self.spec.agents):
            cls = Mediator if spec.role == "mediator" else Delegation
            rules.append(cls(self, self, spec, index, make_rule(spec.rule.type, spec.rule.params)).rule)
        self.delegations = {a.code: a for a in self.agents}
        return rules, [i for i, spec in enumerate(self.spec.agents) if spec.role != "mediator"]

    def _make_protocol(self) -> Protocol | PositionModel:
        params = dict(self.spec.conference.protocol.params)
        if "mediator" in params and params["mediator"] is None:
            params["mediator"] = next((a.id for a in self.spec.agents if a.role == "mediator"), None)
        return make_protocol(self.spec.conference.protocol.type, params)

    def _open(self) -> None:
        """Before round 1: the protocol's opening text (a classic model's opening positions too)."""
        if isinstance(self.protocol, PositionModel):
            self.war.sides = []  # a classic model forecasts a decision: no war is fought beside it
            self.bargaining.offers = self.protocol.opening_offers(self)
        self._snapshot()
        text = self.protocol.open(self)
        self.positions_history: list[Array] = [self.offers.copy()]  # round 0 is the start
        self.bargaining.table(text, self.valuation.worth(text, self.talk_round))
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ the TableView
    @property
    def round(self) -> int:
        return self.steps

    @property
    def in_talks(self) -> bool:
        return self.ripeness.in_talks(self.round)

    @property
    def talk_round(self) -> int:
        """Rounds of talks so far, this one included (0 before the conference convenes)."""
        return self.ripeness.talk_round(self.round)

    @property
    def classic(self) -> bool:
        """Whether a classic model moves the positions (no concession rules, votes or walk-outs)."""
        return isinstance(self.protocol, PositionModel)

    def voter_saliences(self) -> Array:
        return self.parties.voter_saliences()

    def utilities_of(self, text: Array) -> Array:
        return self.parties.utilities_of(text)

    def nash_text(self) -> Array | None:
        return self.mediation.nash_text()

    def expected_values(self) -> Array:
        """For each agent, the most it can expect from the other side before the deadline
        (see ``Bargaining.expected_values``)."""
        return np.array(self.bargaining.expected_values(self.round))

    # ------------------------------------------------------------------ one round
    def step(self) -> None:
        fired = self.events.apply(self.round, after_battle=False)
        self.bargaining.known_deadline = self.events.deadline_at(self.round)
        self.war.advance(self.rng, self.parties.capabilities, self.mediation.communicator)
        self.events.apply(self.round, after_battle=True)
        self.parties.reservations = self.war.reservations()
        was_open = self.ripeness.in_talks(self.round - 1)
        self.ripeness.update(self.round)
        self.sessions.open_if_convened(self.round, was_open)
        if self.sessions.maybe_reconvene(self.round):
            self.end.walked_out, self.end.blockers = None, []
        if not self.in_talks:
            self.positions_history.append(self.offers.copy())
            if self.round >= self.max_rounds and self.sessions.suspended:
                self._finish("breakdown", self.end.blockers)
                self.end.settled_round = self.ripeness.suspended_since  # the round the talks broke down
            elif self.round >= self.max_rounds:
                self._finish(self._unsettled(), [])
        elif isinstance(self.protocol, PositionModel):
            self._classic_round(self.protocol, fired)
        else:
            self._talks_round(self.protocol, fired)
        self.datacollector.collect(self)
        self.recorder.end_round(self)

    def _snapshot(self) -> None:
        deadline = self.ripeness.in_talk_rounds(self.events.deadline_at(self.round))
        self.bargaining.snapshot(self.talk_round, deadline, self.ripeness.ripe_since)

    def _unsettled(self) -> str:
        """The outcome at the horizon without an agreement: partial deals, or none."""
        self.end.settled_issues = self.sessions.settled_issues
        return "partial" if self.partial_deals else "no_agreement"

    def _talks_round(self, protocol: Protocol, fired: list[str]) -> None:
        """Offers, a text, the votes (and side payments), then the agreement rule decides."""
        bargaining, parties = self.bargaining, self.parties
        self._snapshot()
        bargaining.propose(protocol, self, self.talk_round)
        bargaining.commit()
        bargaining.offers = self.sessions.hold_fixed(bargaining.offers)
        self.positions_history.append(bargaining.offers)  # a new array each round, never changed in place
        text = self.sessions.hold_fixed(self.mediation.indivisible(protocol.table(self)))
        bargaining.table(text, self.valuation.worth(text, self.talk_round))
        bargaining.vote()
        agreed, blockers = self.agreement.decide(
            bargaining.yes, parties.principals, parties.guarantors, parties.capabilities, parties.ids
        )
        paid: dict[str, float] = {}
        if not agreed and self.mediation.leverage > 0:
            bought = self.mediation.side_payments(bargaining.yes, bargaining.acceptance, bargaining.aspirations)
            if bought is not None:
                agreed, blockers, paid = True, [], bought.paid
                bargaining.yes, bargaining.acceptance = bought.yes, bought.acceptance
        protocol.after_vote(self, bargaining.yes)
        if not agreed:
            self.sessions.settle_separable(self.round, text)
        self.recorder.talks(self, protocol.proposer(self), fired, paid)
        self._settle(agreed, blockers)

    def _settle(self, agreed: bool, blockers: list[str]) -> None:
        """An agreement goes to ratification; otherwise a walk-out or the deadline may end the run."""
        if agreed:
            self.end.ratified = self.domestic.ratified(self.acceptance, self.parties.principals, self.ids)
            self._finish("agreement", [])
            return
        self.end.blockers = blockers
        walker = self.bargaining.walkout(self.round)
        if walker:
            self.end.walked_out = walker
            over = self.sessions.walk_out(self.round, self.ids.index(walker))
            if over or self.round >= self.max_rounds:
                self._finish("breakdown", [walker])
            else:
                self.end.blockers = [walker]
        elif self.round >= self.max_rounds:
            self._finish(self._unsettled(), blockers)

    def _classic_round(self, classic: PositionModel, fired: list[str]) -> None:
        """A classic bargaining model (expected utility, spatial PCE) moves every actor's
        position itself; its forecast is the text, and its stopping rule ends the run."""
        bargaining = self.bargaining
        bargaining.earlier_offers = bargaining.offers
        bargaining.offers, text, finished = classic.advance(self)
        bargaining.table(text, self.valuation.worth(text, self.talk_round))
        self.recorder.classic(self, fired)
        self.positions_history.append(self.offers.copy())
        if finished or self.round >= self.max_rounds:
            self._finish("agreement", [])

    def _finish(self, outcome: str, blockers: list[str]) -> None:
        self.end.finish(outcome, self.round, blockers, self.issue_ids)
        self.sessions.close(self.round, outcome)
        self.running = False
