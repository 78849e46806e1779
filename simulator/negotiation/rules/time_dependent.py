"""The time-dependent tactic: a concession curve toward the reservation by a deadline."""

from __future__ import annotations

from simulator.core.params import Param
from simulator.negotiation.rules import Move, NegotiationState, register
from simulator.negotiation.rules.vectorised import VectorisedTimeCurve


def curve_name(beta: float) -> str:
    """The name of a Faratin curve's shape.

    >>> curve_name(0.5), curve_name(1.0), curve_name(3.0)
    ('Boulware', 'linear', 'Conceder')
    """
    return "Boulware" if beta < 1 else "Conceder" if beta > 1 else "linear"


@register
class TimeDependent(VectorisedTimeCurve):
    """Time-dependent tactic of Faratin, Sierra and Jennings (1998), "Negotiation decision
    functions for autonomous agents", Robotics and Autonomous Systems 24(3-4).

    The share of the way from the ideal (utility 1) to the reservation given up by round t is
    ``(t/T) ** (1/beta)``: beta < 1 is Boulware (holds out until the deadline), beta = 1 linear,
    beta > 1 Conceder (gives ground early).
    """

    name = "time_dependent"
    params = {
        "beta": Param("float", 1.0, "concession curve: <1 Boulware, 1 linear, >1 Conceder", low=0.01, high=100.0),
        "deadline": Param(
            "int", 0, "round T by which it reaches its reservation; 0 = the conference's max_rounds", low=0
        ),
    }
    classifier = {
        "time_dependent": True,
        "reactive": False,
        "concedes": True,
        "source": "Faratin et al. 1998",
    }
    beta: float
    deadline: int

    def demand(self, state: NegotiationState, i: int) -> float:
        horizon = self.deadline or state.max_rounds
        given_up = min(1.0, state.round / horizon) ** (1.0 / self.beta)
        r = float(state.reservations[i])
        return r + (1.0 - r) * (1.0 - given_up)

    def explain(self, move: Move) -> str:
        horizon = self.deadline or move.horizon
        share = min(1.0, move.round / horizon) ** (1.0 / self.beta)
        return (
            f"time_dependent ({curve_name(self.beta)}, beta {self.beta:g}): by talk round {move.round} of {horizon} it "
            f"gives up {share:.1%} of the way from its ideal to the least it will accept, {move.reservation:.2f}, "
            f"so it demands {move.after:.2f} (was {move.before:.2f})"
        )
