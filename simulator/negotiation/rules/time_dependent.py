"""The time-dependent tactic: a concession curve toward the reservation by a deadline."""

from __future__ import annotations

import math

from simulator.core.params import Param
from simulator.negotiation.rules import Move, NegotiationState, register
from simulator.negotiation.rules.deadlines import given_up
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

    The share of the way from the ideal (utility 1) to the reservation given up by talk round t
    is ``(t/T) ** (1/beta)``: beta < 1 is Boulware (holds out until the deadline), beta = 1
    linear, beta > 1 Conceder (gives ground early). T is the deadline it believes: its own, the
    one every party knows, or, when none is known, the pace the war's costs set
    (``deadlines.py``).
    """

    name = "time_dependent"
    params = {
        "beta": Param("float", 1.0, "concession curve: <1 Boulware, 1 linear, >1 Conceder", low=0.01, high=100.0),
        "deadline": Param(
            "int",
            0,
            "talk round T by which it means to reach its reservation; 0: the deadline every party knows, or the war's pace",
            low=0,
        ),
        "deadline_spread": Param(
            "int", 0, "its doubt about T: it weighs every round from T - s to T + s alike", low=0, high=10_000
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
    deadline_spread: int

    def demand(self, state: NegotiationState, i: int) -> float:
        share = given_up(state.round, state.deadline_of(i, self.deadline), self.beta, self.deadline_spread)
        r = float(state.reservations[i])
        return r + (1.0 - r) * (1.0 - share)

    def explain(self, move: Move) -> str:
        deadline = self.deadline or move.horizon
        share = given_up(move.round, deadline, self.beta, self.deadline_spread)
        by = f"of {deadline:.0f}" if math.isfinite(deadline) else "(no deadline, and the war costs it nothing)"
        return (
            f"time_dependent ({curve_name(self.beta)}, beta {self.beta:g}): by talk round {move.round} {by} it "
            f"gives up {share:.1%} of the way from its ideal to the least it will accept, {move.reservation:.2f}, "
            f"so it demands {move.after:.2f} (was {move.before:.2f})"
        )
