"""When talks become an option: Zartman's ripeness and the bargaining range, per round.

A side perceives a *mutually hurting stalemate* when it does not expect to win within the
ripeness horizon (the territory it expects to gain falls short of ``decisive``) and the war has
cost it more than ``pain``. A *way out* exists when some text gives every principal more than
fighting on (the bargaining range is not empty). Talks are an option (the conflict is ripe) when
both sides perceive the stalemate and a way out exists (Zartman 2000, "Ripeness: the hurting
stalemate and beyond").

With indivisible issues the range is searched over their options only; with a commitment
problem each principal discounts a text by its credibility (see
``Valuation.effective_reservations``). The conference convenes at the start, in a set round,
once the conflict is ripe, or once a side hurts (a mediator brings the other side).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from simulator.core.solutions import max_min_surplus
from simulator.core.two_party import frontier_max_min
from simulator.negotiation.frontiers import FrontierCache
from simulator.negotiation.parties import Parties
from simulator.negotiation.valuation import Valuation
from simulator.scenario.spec import Scenario
from simulator.war.conflict import War

Array = np.ndarray


class RipenessTerms(NamedTuple):
    """The scenario's ripeness settings, fixed for the run."""

    horizon: int  # rounds ahead a side looks when it asks whether it can still win
    decisive: float  # the territory it must expect to gain in that time to count on winning
    pain: float  # the war's cost it must have borne to hurt


def best_surplus(parties: Parties, frontiers: FrontierCache, who: Array, floors: Array) -> float:
    """The largest smallest surplus ``u_i(x) - floor_i`` over texts x, for the agents in ``who``."""
    floors = floors[who]
    if not np.isfinite(floors).all():
        return -np.inf
    best = -np.inf
    pair = [int(k) for k in np.flatnonzero(who)]
    if len(pair) == 2 and parties.form == "linear":  # exact, along their frontiers (cached, in plain floats)
        reservations = floors.tolist()
        for u_a, u_b in frontiers.grid_frontiers(pair[0], pair[1]):
            best = max(best, frontier_max_min(u_a, u_b, reservations)[2])
        return best
    ideals, saliences = parties.ideals[who], parties.saliences[who]
    for fixed in frontiers.option_grid:
        _, surplus = max_min_surplus(ideals, saliences, floors, parties.form, fixed)
        best = max(best, surplus)
    return best


def hurting_stalemate(war: War, terms: RipenessTerms, n_agents: int) -> Array:
    """Per agent: does it perceive a mutually hurting stalemate (sides only; others False)."""
    out = [False] * n_agents
    for side in war.sides:
        expects_to_win = war.expects_gain(side, terms.horizon) >= terms.decisive
        out[side] = bool(war.cumulative[side] >= terms.pain) and not expects_to_win
    return np.array(out)


class Ripeness:
    """Whether the conflict is ripe, who perceives it since when, and when the talks open."""

    def __init__(
        self, scenario: Scenario, parties: Parties, war: War, valuation: Valuation, frontiers: FrontierCache
    ) -> None:
        self.parties, self.war, self.valuation, self.frontiers = parties, war, valuation, frontiers
        settings = scenario.conference.settings
        self.convene = settings.get("convene", "start")
        self.convene_round = settings.get("convene_round", 1)
        ripe = scenario.ripeness
        self.terms = RipenessTerms(ripe.get("horizon", 20), ripe.get("decisive", 0.1), ripe.get("pain", 0.0))
        n = parties.n_agents
        self.talks_start: int | None = 1 if self.convene == "start" else None  # the round talks first opened
        self.suspended_since: int | None = None  # the round talks were suspended, while they are
        self.ripe_round: int | None = None
        self.ripe_since = np.full(n, -1)  # talk round from which each agent perceives ripeness
        self.ripe_for_all = False  # ripe, and every agent perceives it: the ripeness test is settled
        self.hurting = np.zeros(n, dtype=bool)  # as of the last round the stalemate was tested
        self._way_out: bool | None = False
        self.optimism_gaps: list[float] = []  # per round, as the war left it
        self.territory: list[float] = []

    def in_talks(self, round_: int) -> bool:
        """Whether the conference is in session in this round."""
        return self.talks_start is not None and round_ >= self.talks_start and self.suspended_since is None

    def talk_round(self, round_: int) -> int:
        """Rounds since the talks first opened, this one included (0 before): a suspension does
        not stop the clock the parties concede by."""
        return 0 if self.talks_start is None else max(round_ - self.talks_start + 1, 0)

    def in_talk_rounds(self, round_: int) -> int:
        """A round of the run counted in talk rounds, as the rules count (0 stays 0: no deadline)."""
        return max(round_ - (self.talks_start or 1) + 1, 1) if round_ else 0

    def suspend(self, round_: int) -> None:
        """A party has walked out: no talks until they reconvene."""
        self.suspended_since = round_

    def reconvene(self) -> None:
        self.suspended_since = None

    def convening_rule_holds(self) -> bool:
        """Whether the convening rule would call the talks now, on this round's war: at once
        (``start``, ``round``), once the conflict is ripe for every side now (``ripe``), or once
        one side hurts (``mediator``)."""
        sides = self.war.sides
        if self.convene == "ripe":
            return (bool(self.hurting[sides].all()) if sides else True) and self.way_out
        if self.convene == "mediator":
            return bool(self.hurting.any())
        return True

    @property
    def way_out(self) -> bool:
        """Whether some text gives every principal more than fighting on, this round."""
        if self._way_out is None:
            floors = self.valuation.effective_reservations()
            self._way_out = best_surplus(self.parties, self.frontiers, self.parties.principals, floors) > 1e-9
        return self._way_out

    def update(self, round_: int) -> None:
        """Test ripeness after this round's battle, and convene the conference if it is due."""
        self._test(round_)
        if self.talks_start is None:
            self._maybe_convene(round_)

    def _test(self, round_: int) -> None:
        self.optimism_gaps.append(self.war.optimism_gap())
        self.territory.append(self.war.territory)
        self._way_out = None  # computed when asked: once the conflict is ripe for all, the rest is settled
        if self.ripe_for_all and self.in_talks(round_):  # nothing below can change any more, nor open the talks
            return
        n = self.parties.n_agents
        self.hurting = hurting_stalemate(self.war, self.terms, n)
        if self.ripe_for_all:
            return
        sides = self.war.sides
        if sides and not self.hurting.any():  # nobody perceives a stalemate, whatever the way out
            return
        perceives = self.hurting & self.way_out
        if not sides:  # no war modelled: ripeness is the way out alone
            perceives = np.full(n, self.way_out)
        ripe = bool(perceives[sides].all()) if sides else self.way_out
        if ripe and self.ripe_round is None:
            self.ripe_round = round_
        others = np.ones(n, dtype=bool)
        others[sides] = False
        perceives = np.where(others, ripe, perceives)
        newly = perceives & (self.ripe_since < 0)
        self.ripe_since = np.where(newly, max(self.talk_round(round_), 1), self.ripe_since)
        self.ripe_for_all = self.ripe_round is not None and int(self.ripe_since.min()) >= 0

    def _maybe_convene(self, round_: int) -> None:
        opens = {
            "round": round_ >= self.convene_round,
            "ripe": self.ripe_round is not None,
            "mediator": bool(self.hurting.any()),  # a mediator brings the other side once one hurts
        }.get(self.convene, False)
        if opens:
            self.talks_start = round_
            self.ripe_since = np.where(self.ripe_since >= 0, 1, self.ripe_since)
