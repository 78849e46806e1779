"""The ripeness-gated rule: firm until the conflict is ripe, then a concession curve."""

from __future__ import annotations

from simulator.core.params import Param
from simulator.negotiation.rules import Move, NegotiationState, register
from simulator.negotiation.rules.deadlines import given_up
from simulator.negotiation.rules.time_dependent import curve_name
from simulator.negotiation.rules.vectorised import Vectorised


@register
class RipenessGated(Vectorised):
    """Stands firm until it perceives the conflict as ripe, then concedes on a time-dependent curve.

    Zartman (2000), "Ripeness: the hurting stalemate and beyond": parties turn to a negotiated
    way out only once they perceive a mutually hurting stalemate. From the round it first does
    (with a way out in sight), it gives up ``((t - t0) / (T - t0)) ** (1 / beta)`` of the way
    from its ideal to its reservation, as the time-dependent rule of Faratin et al. (1998), T
    being the deadline it believes (``deadlines.py``: the one every party knows, or the war's
    pace counted from t0).
    """

    name = "ripeness_gated"
    params = {
        "beta": Param(
            "float", 1.0, "concession curve once ripe: <1 Boulware, 1 linear, >1 Conceder", low=0.01, high=100.0
        ),
    }
    classifier = {"time_dependent": True, "reactive": True, "concedes": True, "source": "Zartman 2000"}
    beta: float

    def demand(self, state: NegotiationState, i: int) -> float:
        since = -1 if state.ripe_since is None else int(state.ripe_since[i])
        if since < 0 or state.round < since:
            return 1.0
        known = state.deadline
        span = max(known - since, 1) if known else state.deadline_of(i)
        share = given_up(state.round - since, span, self.beta)
        r = float(state.reservations[i])
        return r + (1.0 - r) * (1.0 - share)

    def explain(self, move: Move) -> str:
        if move.ripe_since < 0 or move.round < move.ripe_since:
            return "ripeness_gated: it does not yet perceive a hurting stalemate with a way out, so it holds its ideal"
        return (
            f"ripeness_gated ({curve_name(self.beta)}): it has perceived the conflict as ripe since talk round "
            f"{move.ripe_since}, so it concedes toward the least it will accept, {move.reservation:.2f}, demanding "
            f"{move.after:.2f} (was {move.before:.2f})"
        )
