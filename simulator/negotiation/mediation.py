"""What a mediator adds beyond drafting: a communicator narrows the sides' beliefs about the war,
a formulator proposes the Nash solution, a manipulator buys missing votes with side payments, and
with linkage it packages indivisible issues with the others (Touval and Zartman 1985)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from simulator.core.solutions import nash_bargaining
from simulator.core.utility import utilities
from simulator.negotiation.agreement import AgreementRule
from simulator.negotiation.parties import Parties
from simulator.negotiation.valuation import ACCEPT_TOLERANCE, Valuation
from simulator.scenario.spec import Scenario

Array = np.ndarray


class Purchase(NamedTuple):
    """The votes a mediator bought: the votes and worths after its side payments, and who got what."""

    yes: Array
    acceptance: Array
    paid: dict[str, float]


class Mediation:
    """The mediators' roles, summed over every mediator of the scenario."""

    def __init__(self, scenario: Scenario, parties: Parties, valuation: Valuation, agreement: AgreementRule) -> None:
        self.parties, self.valuation, self.agreement = parties, valuation, agreement
        mediation = [a.mediation for a in scenario.agents if a.role == "mediator"]
        self.communicator = max((m.get("communicator", 0.0) for m in mediation), default=0.0)
        self.leverage = sum(m.get("leverage", 0.0) for m in mediation)
        self.linkage = any(m.get("linkage", False) for m in mediation)
        self.formulator = max((m.get("formulator", 0.0) for m in mediation), default=0.0)
        self.payments = np.zeros(parties.n_agents)  # promised so far, to each party

    def indivisible(self, text: Array) -> Array:
        """Round indivisible issues to their nearest option; with linkage the mediator then
        compensates each principal that lost by it on the other issues (a package deal)."""
        parties = self.parties
        if parties.divisible:
            return text
        raw = text.copy()
        for k, options in enumerate(parties.options):
            if options is not None:
                text[k] = options[int(np.argmin(np.abs(options - text[k])))]
        if not self.linkage:
            return text
        ideals, saliences, form = parties.ideals, parties.saliences, parties.form
        divisible = np.array([o is None for o in parties.options])
        before = utilities(raw, ideals, saliences, form)
        for i in np.flatnonzero(parties.principals):
            lost = before[i] - utilities(text, ideals[i : i + 1], saliences[i : i + 1], form)[0]
            if lost <= 0:
                continue
            target = np.where(divisible, ideals[i], text)
            weights = np.where(divisible, saliences[i], 0.0)
            room = float((weights * np.abs(target - text)).sum()) / 100.0  # what moving fully gains it
            if room > 0:
                text = text + min(1.0, lost / room) * (target - text)
        return text

    def nash_text(self) -> Array | None:
        """The Nash bargaining solution between the principals, by their current floors (what a
        formulator mediator believes); None when no text beats fighting on for them all."""
        parties = self.parties
        who = parties.principals
        floors = self.valuation.effective_reservations()[who]
        if not np.isfinite(floors).all():
            return None
        return nash_bargaining(parties.ideals[who], parties.saliences[who], floors, form=parties.form)

    def side_payments(self, yes: Array, acceptance: Array, aspirations: Array) -> Purchase | None:
        """A manipulator mediator promises side payments, within its leverage, to the voters whose
        no blocks the text (Touval and Zartman 1985), if that is enough to carry it."""
        parties = self.parties
        short = parties.voters & ~yes
        needed = np.clip(aspirations - acceptance, 0.0, None) + ACCEPT_TOLERANCE
        budget = self.leverage - float(self.payments.sum())
        if float(needed[short].sum()) > budget:
            return None
        yes = yes | short
        agreed, _ = self.agreement.decide(
            yes, parties.principals, parties.guarantors, parties.capabilities, parties.ids
        )
        if not agreed:
            return None
        self.payments = self.payments + np.where(short, needed, 0.0)
        paid = {parties.ids[i]: round(float(needed[i]), 4) for i in np.flatnonzero(short)}
        return Purchase(yes, acceptance + np.where(short, needed, 0.0), paid)
