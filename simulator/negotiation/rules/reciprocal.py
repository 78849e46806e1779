"""The reciprocal (tit-for-tat) tactic: give up what the others gave up last round."""

from __future__ import annotations

from simulator.core.params import Param
from simulator.negotiation.rules import Move, NegotiationState, register
from simulator.negotiation.rules.vectorised import VectorisedReciprocal


@register
class Reciprocal(VectorisedReciprocal):
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
        others = state.voters.copy()
        others[i] = False
        if not others.any():  # no other voter
            return float(state.aspirations[i])
        conceded = float(state.concessions[others].mean())  # those that hardened count 0
        return float(state.aspirations[i]) - self.mirror * conceded

    def explain(self, move: Move) -> str:
        if move.round <= 1:
            return f"reciprocal: it opens with a concession of {self.initial:g} to break the ice, demanding {move.after:.2f}"
        floor = " (the least it will accept)" if move.after <= move.reservation + 1e-9 else ""
        return (
            f"reciprocal (mirror {self.mirror:g}): the others conceded {move.others_conceded:.3f} on average last "
            f"round, so it demands {move.after:.2f} (was {move.before:.2f}){floor}"
        )
