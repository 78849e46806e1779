"""The spells of talks: when they open, who suspends them and why, when they reconvene, and the
separable issues settled on their own (partial deals) while the rest stays open.

Talks open by the convening rule (``war.ripeness``). A principal that has preferred fighting on
to any text it can expect for ``walkout_patience`` rounds walks out: with ``reconvene: never``
the talks are over (the run ends in ``breakdown``); with ``reconvene: convene`` they are
suspended, the war goes on, and they reconvene once ``reconvene_after`` rounds have passed, the
convening rule would call them again, and every party that left expects from talks at least what
fighting on is worth to it. A ``separable`` issue on which every voting party with a position
offers within ``settle_tolerance`` of the text is settled on its own: its value is fixed in every
later text and offer (a partial deal, as the humanitarian corridors and prisoner exchanges of
2022-2025 were settled outside a general agreement).
"""

from __future__ import annotations

import numpy as np

from simulator.conference.records import Episode, PartialDeal
from simulator.negotiation.engine import Bargaining
from simulator.negotiation.parties import Parties
from simulator.scenario.spec import Scenario
from simulator.war.ripeness import Ripeness

Array = np.ndarray


class Sessions:
    """The episodes of talks and the partial deals of one run."""

    def __init__(self, scenario: Scenario, parties: Parties, ripeness: Ripeness, bargaining: Bargaining) -> None:
        self.parties, self.ripeness, self.bargaining = parties, ripeness, bargaining
        settings = scenario.conference.settings
        self.reconvenes = settings.get("reconvene", "convene") == "convene"
        self.pause = int(settings.get("reconvene_after", 4))
        self.separable = [k for k, issue in enumerate(scenario.issues) if issue.separable]
        self.tolerance = scenario.conference.settle_tolerance
        self.episodes: list[Episode] = []
        self.partial_deals: list[PartialDeal] = []
        self.fixed: dict[int, float] = {}  # issue column -> the value a partial deal settled
        self.left: list[int] = []  # the parties that walked out of the talks now suspended

    @property
    def suspended(self) -> bool:
        return self.ripeness.suspended_since is not None

    def open_if_convened(self, round_: int, was_open: bool) -> None:
        """Start an episode if the convening rule opened the talks this round."""
        if self.ripeness.in_talks(round_) and not was_open:
            self.episodes.append(Episode(round_, self.ripeness.convene, self.ripeness.ripe_round is not None))

    def walk_out(self, round_: int, walker: int) -> bool:
        """Party ``walker`` leaves: True if the talks are over for good (no reconvening)."""
        episode = self.episodes[-1]
        episode.closed, episode.ended, episode.left = round_, "suspended", self.parties.ids[walker]
        patience = self.bargaining.patience
        episode.why = (
            f"fighting on was worth more to it than any text it could expect, {patience} rounds in a row"
            if patience > 1
            else "fighting on was worth more to it than any text it could expect"
        )
        if not self.reconvenes:
            return True
        self.ripeness.suspend(round_)
        self.left = [walker]
        return False

    def maybe_reconvene(self, round_: int) -> bool:
        """Reopen suspended talks once the pause is over, the convening rule calls them and every
        party that left expects from them at least what fighting on is worth to it."""
        since = self.ripeness.suspended_since
        if since is None or round_ - since < self.pause or not self.ripeness.convening_rule_holds():
            return False
        expected = self.bargaining.expected_values(round_)
        reservations = self.parties.reservations.tolist()
        if any(reservations[i] > expected[i] + 1e-9 for i in self.left):
            return False
        self.ripeness.reconvene()
        self.bargaining.hold_out = [0] * self.parties.n_agents
        self.left = []
        self.episodes.append(Episode(round_, "reconvened", self.ripeness.ripe_round is not None))
        return True

    def close(self, round_: int, outcome: str) -> None:
        """The run ends: the episode under way ends with it."""
        if self.episodes and self.episodes[-1].closed is None:
            episode = self.episodes[-1]
            episode.closed = round_
            episode.ended = "agreement" if outcome == "agreement" else "horizon"

    # ------------------------------------------------------------------ partial deals
    def settle_separable(self, round_: int, text: Array) -> None:
        """Settle each open separable issue on which the voters' offers meet the text."""
        parties, offers = self.parties, self.bargaining.offers
        for k in self.separable:
            if k in self.fixed:
                continue
            holders = parties.voters & parties.has_position[:, k]
            if holders.any() and bool((np.abs(offers[holders, k] - text[k]) <= self.tolerance).all()):
                self.fixed[k] = float(text[k])
                self.partial_deals.append(PartialDeal(round_, parties.issue_ids[k], float(text[k])))

    def hold_fixed(self, points: Array) -> Array:
        """``points`` (a text, or offers one per row) with the settled issues at their values."""
        if not self.fixed:
            return points
        points = points.copy()
        for k, value in self.fixed.items():
            points[..., k] = value
        return points

    @property
    def settled_issues(self) -> list[str]:
        return [deal.issue for deal in self.partial_deals]
