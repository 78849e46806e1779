"""The classic models as the conference runs them: ``PositionModel`` adapters of the maths in
``simulator.classic.expected_utility`` and ``simulator.classic.spatial`` (see the package's docstring)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.classic.expected_utility import eu_round
from simulator.classic.spatial import MIN_DELTA, SpatialState
from simulator.core.params import Param
from simulator.core.solutions import weighted_mean
from simulator.negotiation.protocols import PositionModel, register
from simulator.negotiation.view import TableView

Array = np.ndarray


def forecast_mean(view: TableView, offers: Array) -> Array:
    """Per issue, the capability x salience weighted mean of these positions of the actors with
    a position there (the text on the table, or 50, where nobody has one)."""
    fallback = view.text if view.text is not None else 50.0
    return weighted_mean(offers, view.saliences * view.has_position, view.capabilities, fallback)


@dataclass(frozen=True)
class Move:
    """One actor's move in one round of the expected-utility model, on one issue."""

    round: int  # the conference round (its index in the report's history)
    issue: str
    actor: str
    kind: str  # "confrontation" (lost to other), "compromise" (with other), "capitulation" (to other)
    other: str
    eu_own: float  # the actor's expected utility of challenging the other, as it sees it
    eu_other: float  # the other's expected utility of challenging the actor, as the actor sees it
    position: float  # the actor's new position


@register
class ExpectedUtility(PositionModel):
    """Bueno de Mesquita's expected-utility model (Bueno de Mesquita 1985, 1994), as specified by
    Scholz, Calbert and Smith (2011), "Unravelling Bueno De Mesquita's group decision model",
    Journal of Theoretical Politics 23(4), and run by their open replication (jmckib; dmasad).

    Each issue is bargained on its own, by the actors with a position on it. Each round every actor
    infers its risk attitude from its security level, weighs the challenges it could make and
    receive by expected utility (votes weighted by capability x salience decide contests; the
    target's salience is its chance of resisting), and takes the best offer it receives: it loses a
    confrontation (takes the winner's position) or compromises part of the way. All move at once.
    The forecast is the capability x salience weighted mean of the positions on each issue. The
    model runs ``rounds`` rounds (Scholz et al. run 10), then stops.
    """

    name = "expected_utility"
    params = {
        "q": Param("float", 1.0, "weight of the status quo in the value of a challenge (Q)", low=0.0, high=1.0),
        "rounds": Param("int", 10, "rounds of challenges before the model stops", low=1, high=100_000),
        "compromise": Param(
            "str",
            "replication",
            "which compromise an actor takes: the lowest EU-weighted mean (the replication) or the smallest move",
            choices=("replication", "smallest_move"),
        ),
        "capitulation": Param("bool", False, "offer capitulations (the replication never does)"),
    }
    classifier = {
        "mediated": False,
        "texts_per_round": 1,
        "drives_positions": True,
        "source": "Scholz, Calbert and Smith 2011",
    }
    q: float
    rounds: int
    compromise: str
    capitulation: bool

    def open(self, view: TableView) -> Array:
        self.turn = 0
        self.moves: list[Move] = []
        # who bargains on each issue, and the issue's range, fixed from the starting positions
        self.members = [np.flatnonzero(view.has_position[:, k]) for k in range(view.n_issues)]
        self.scales = [float(np.ptp(view.offers[m, k])) if len(m) else 0.0 for k, m in enumerate(self.members)]
        return forecast_mean(view, view.offers)

    def advance(self, view: TableView) -> tuple[Array, Array, bool]:
        self.turn += 1
        offers = view.offers.copy()
        for k, members in enumerate(self.members):
            if len(members) < 2 or self.scales[k] <= 0:
                continue
            new, moves = eu_round(
                view.offers[members, k],
                view.capabilities[members],
                view.saliences[members, k],
                self.scales[k],
                self.q,
                self.compromise,
                self.capitulation,
            )
            offers[members, k] = new
            ids = [view.ids[members[i]] for i in range(len(members))]
            for i, kind, j, eu_own, eu_other, position in moves:
                self.moves.append(Move(view.round, view.issue_ids[k], ids[i], kind, ids[j], eu_own, eu_other, position))
        return offers, forecast_mean(view, offers), self.turn >= self.rounds


@register
class SpatialPCE(PositionModel):
    """KTAB's Spatial Model of Politics (KAPSARC, open source; Wise and Bankes 2015, "Non-spatial
    probabilistic Condorcet election methodology"), a descendant of Bueno de Mesquita's (1994)
    models, with KTAB's defaults.

    All issues are one space (positions scaled to 0..1, saliences as given). Each turn every actor
    infers its risk attitude from a probabilistic Condorcet election (PCE) over all positions,
    challenges the actor whose challenge gains it most (contests by proportional votes, linear
    victory probability, conditional PCE, third parties semi-committed), and makes an S2P2 bargain
    with it (interpolated by salience squared times chance squared, rounded to 4 decimals, only the
    initiator's view). Each actor then takes the bargain it is part of that wins a PCE among them
    (deterministic). The model stops after ``max_turns`` turns, or from turn ``min_turns`` on once
    the change in a turn is under ``tolerance`` of the change in the first. The forecast is the
    expected outcome: the actors' distinct positions weighted by their chances in KTAB's PCE.
    """

    name = "spatial_pce"
    params = {
        "max_turns": Param("int", 100, "most turns before the model stops", low=1, high=100_000),
        "min_turns": Param("int", 2, "turns before the stopping test applies", low=1, high=100_000),
        "tolerance": Param(
            "float", 0.02, "stop once a turn's change is below this share of the first turn's", low=0.0, high=1.0
        ),
    }
    classifier = {
        "mediated": False,
        "texts_per_round": 1,
        "drives_positions": True,
        "source": "KTAB SMP (KAPSARC); Wise and Bankes 2015",
    }
    max_turns: int
    min_turns: int
    tolerance: float

    def opening_offers(self, view: TableView) -> Array:
        self.members = np.flatnonzero(view.saliences.sum(axis=1) > 0)
        # an actor with no position on an issue (no salience there) starts at the weighted mean
        # of the stated positions; it does not care where it ends up there
        stated = weighted_mean(view.offers, view.saliences * view.has_position, view.capabilities)
        offers = view.offers.copy()
        rows = offers[self.members]
        offers[self.members] = np.where(view.has_position[self.members], rows, stated[None, :])
        return offers

    def open(self, view: TableView) -> Array:
        self.turn = 0
        self.changes: list[float] = []  # each turn's change, as a share of the first turn's
        saliences = view.saliences[self.members]
        total = saliences.sum(axis=1, keepdims=True)
        self.saliences = saliences / np.maximum(total, 1.0)  # KTAB needs each actor's sum <= 1
        offers = view.offers
        self.state = SpatialState(offers[self.members] / 100.0, view.capabilities[self.members], self.saliences)
        self.first_change: float | None = None
        return self.forecast(view, offers)

    def forecast(self, view: TableView, offers: Array) -> Array:
        """The expected outcome, on the scenario's scale."""
        if len(self.members) == 0:
            return forecast_mean(view, offers)
        return self.state.forecast() * 100.0

    def advance(self, view: TableView) -> tuple[Array, Array, bool]:
        if len(self.members) < 2:
            assert view.text is not None
            return view.offers, view.text, True
        self.turn += 1
        before = self.state.x
        after = self.state.step()
        change = float(np.sqrt(((after - before) ** 2).sum(axis=1)).sum())
        if self.first_change is None:
            self.first_change = change + MIN_DELTA
        self.changes.append(change / self.first_change)
        self.state = SpatialState(after, self.state.c, self.saliences)
        offers = view.offers.copy()
        offers[self.members] = after * 100.0
        finished = self.turn >= self.max_turns or (self.turn >= self.min_turns and self.changes[-1] < self.tolerance)
        return offers, self.forecast(view, offers), finished


def describe_moves(moves: list[Move]) -> list[str]:
    """The moves as the replication logs them: ``Belgium compromises with France``."""
    words = {
        "confrontation": "loses confrontation to",
        "compromise": "compromises with",
        "capitulation": "capitulates to",
    }
    return [f"{m.actor} {words[m.kind]} {m.other}" for m in moves]
