"""What a text is worth to each party, all told.

Its own utility of the text; the others' gains as the theory lenses weigh them (relative gains,
amity, threat; see ``simulator.negotiation.lenses``); a value of agreement itself; the audience
costs of passing public red lines; and, when a deal may not hold, the chance it breaks
(Fearon 1995's commitment problem, eased by third-party guarantees, Walter 2002, as far as the
text provides them).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from simulator.core.utility import utilities
from simulator.negotiation.lenses import affinity, regard_matrix, rivalries
from simulator.negotiation.parties import Parties
from simulator.war.conflict import War
from simulator.war.domestic import Domestic

Array = np.ndarray

# utility differences below this are rounding, not disagreement
ACCEPT_TOLERANCE = 1e-6


class CredibilityTerms(NamedTuple):
    """How far a deal is believed to hold (the scenario's ``credibility``, ``guarantee`` and
    ``guarantee_issues``)."""

    base: float  # the chance an agreed text holds, without guarantees
    guarantee: float  # added per unit of guarantor capability, as far as the text provides it
    issues: Array  # columns of the issues on which a text provides the guarantee
    void: Array  # on each, the point where the text leaves no guarantee
    full: Array  # on each, the end of the scale where the guarantee is full (the end far from void)


def credibility_terms(settings: dict[str, Any], issue_ids: list[str]) -> CredibilityTerms:
    """The credibility settings, with each guarantee issue's void point and full end."""
    declared = settings.get("guarantee_issues") or {}
    columns = [issue_ids.index(k) for k in declared]
    void = np.array([float(v) for v in declared.values()])
    full = np.where(void > 50.0, 0.0, 100.0)  # the end of the scale farther from the void point (100 from 50)
    return CredibilityTerms(
        float(settings.get("credibility", 1.0)),
        float(settings.get("guarantee", 0.0)),
        np.array(columns, dtype=int),
        void,
        full,
    )


def provision(terms: CredibilityTerms, text: Array | None) -> float:
    """How far ``text`` provides the guarantee, in [0, 1]: on each guarantee issue the share of the
    way from the void point to the full end the text goes (0 at or past void), multiplied over
    the issues (each is needed: a guarantee that cannot be invoked backs no army, and a guarantee
    backs nothing once the army it would support is disbanded). ``None``: the best case, 1."""
    if text is None or len(terms.issues) == 0:
        return 1.0
    shares = (text[terms.issues] - terms.void) / (terms.full - terms.void)
    return float(np.prod(np.clip(shares, 0.0, 1.0)))


class Worth(NamedTuple):
    """A text's value to each party: its plain utility, and its worth all told (what it votes on)."""

    values: Array
    acceptance: Array


class Valuation:
    """Values texts for every party: utility, lenses, credibility and audience costs."""

    def __init__(self, settings: dict[str, Any], parties: Parties, war: War, domestic: Domestic) -> None:
        self.parties, self.war, self.domestic = parties, war, domestic
        self.credibility_terms = credibility_terms(
            settings, list(parties.issue_ids) if settings.get("guarantee_issues") else []
        )
        # theory lenses (simulator/negotiation/lenses.py): how others' gains and power enter; neutral by default
        self.influence_exponent = float(settings.get("influence_exponent", 1.0))
        self.agreement_value = float(settings.get("agreement_value", 0.0))
        self.regard_settings = {k: float(settings.get(k, 0.0)) for k in ("relative_gains", "amity", "threat")}
        self._regard: Array | None = None
        self._regard_revision = parties.revision

    def credibility(self, text: Array | None = None) -> float:
        """The chance an agreed ``text`` holds: the scenario's base credibility plus guarantees,
        ``guarantee`` per unit of guarantor capability (Walter 2002: third-party guarantees),
        counted as far as the text provides them (``provision``). No text: the best case, a text
        that provides the guarantee in full."""
        base, guarantee = self.credibility_terms.base, self.credibility_terms.guarantee
        if guarantee == 0.0:  # (base + 0 * backing is base: skip summing the guarantors' capabilities)
            return min(1.0, base)
        backing = float(self.parties.capabilities[self.parties.guarantors].sum())
        return min(1.0, base + guarantee * backing * provision(self.credibility_terms, text))

    def effective_reservations(self) -> Array:
        """What a text must be worth to each agent for it to prefer the deal to fighting on.

        A deal holds with chance kappa; if it breaks, a side fights on from where the other side's
        expected rise in power has left it (``war.reservations(shifted=False)``). A deal x is worth
        ``kappa u(x) + (1 - kappa) r_after``; it beats fighting on (r) when
        ``u(x) > r + (1 - kappa) / kappa * (r - r_after)`` (Fearon 1995, commitment problems).

        The floors are one per agent, for any text, so kappa is the best case: the credibility of a
        text that provides the guarantee in full. Where no text clears these floors none clears
        its own, so an empty range here is exact; a range found here may hold only texts with
        weaker guarantees, which ``worth`` then discounts by their own credibility when they are voted on.
        """
        kappa = self.credibility()
        r = self.domestic.floors(self.parties.reservations)  # a known win-set binds like a walk-away value
        if kappa >= 1.0:
            return r.copy()
        after = self.domestic.floors(self.war.reservations(shifted=False))
        if kappa <= 0.0:
            return np.where(r > after, np.inf, r)
        return r + (1.0 - kappa) / kappa * np.maximum(r - after, 0.0)

    def regard(self) -> Array:
        """The weights each party puts on the others' gains (see ``lenses.regard_matrix``; the
        rivals of relative gains are the war's two sides, ``lenses.rivalries``), kept until an
        event moves an ideal or a salience."""
        parties = self.parties
        if self._regard is None or self._regard_revision != parties.revision:
            affinities = affinity(parties.ideals, parties.saliences, parties.has_position)
            rivals = rivalries(affinities, self.war.sides)
            self._regard = regard_matrix(affinities, parties.voters, rivals=rivals, **self.regard_settings)
            self._regard_revision = parties.revision
        return self._regard

    @property
    def influence(self) -> Array:
        """The weight of each party's offer in a mediator's draft: its capability, raised to
        ``influence_exponent`` (the realist lens makes power count for more)."""
        if self.influence_exponent == 1.0:
            return self.parties.capabilities
        return self.parties.capabilities**self.influence_exponent

    def worth(self, text: Array, talk_round: int) -> Worth:
        """What ``text`` is worth to each party in this round of talks."""
        parties = self.parties
        values = utilities(text, parties.ideals, parties.saliences, parties.form)
        kappa = self.credibility(text)
        worth = values
        if any(self.regard_settings.values()):  # others' gains over their walk-away values count too
            worth = worth + self.regard() @ (values - parties.reservations)
        if self.agreement_value:
            worth = worth + self.agreement_value
        if self.domestic.lines:
            worth = worth - self.domestic.audience_costs(text, talk_round)
        if kappa < 1.0:
            worth = kappa * worth + (1.0 - kappa) * self.war.reservations(shifted=False)
        return Worth(values, worth)
