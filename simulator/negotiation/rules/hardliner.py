"""The hardliner: a party that never concedes."""

from __future__ import annotations

from simulator.core.params import Param
from simulator.negotiation.rules import Move, NegotiationState, register
from simulator.negotiation.rules.vectorised import Vectorised


@register
class Hardliner(Vectorised):
    """A party that never concedes: it keeps demanding ``aspiration`` (its ideal by default).

    The hard bargainer of the negotiation literature (e.g. Raiffa 1982, "The Art and Science of
    Negotiation"); the baseline against which concession pays or does not. It holds firm even
    above its reservation: it does not follow the war's costs down, and it never accepts less than
    fighting on is worth to it.
    """

    name = "hardliner"
    params = {"aspiration": Param("float", 1.0, "utility it demands, every round", low=0.0, high=1.0)}
    classifier = {"time_dependent": False, "reactive": False, "concedes": False, "source": "Raiffa 1982"}
    aspiration: float

    def demand(self, state: NegotiationState, i: int) -> float:
        return self.aspiration

    def lowest_demand(self) -> float:
        return self.aspiration

    def explain(self, move: Move) -> str:
        return f"hardliner: it demands {move.after:.2f} every round, whatever the others do"
