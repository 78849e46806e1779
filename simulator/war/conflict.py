"""The war beside the table: battles, territory, costs, beliefs and the value of fighting on.

Each round of fighting, in order:

1. Arms build-ups add to the arming agents' capabilities.
2. A battle between the two sides: the first side wins with chance ``s0 / (s0 + s1)`` (a
   contest success function), where a side's strength is its true capability plus its patrons'
   aid; the winner gains ``battle_step`` of the contested territory.
3. Each side updates its belief (a Beta distribution over its chance of winning a battle) from
   the outcome it saw; with ``misperception`` it misreads the outcome, less so when a
   communicator mediator is at work (Slantchev 2003; Wagner 2000: fighting reveals information).
4. Every agent pays its cost of war for the round, sanctions included.
5. Sanctions and rearmament feed the target's grievance, by Richardson's equation
   ``G <- (1 - fatigue) G + reactivity * pressure`` (Richardson 1960; Jervis 1976: in a spiral
   grievance outruns cost, under deterrence cost outruns grievance).
6. Reservations: ``fixed`` keeps each scenario walk-away value, lowered by costs paid;
   ``lottery`` values fighting on as Fearon's (1995) lottery: with its believed chance p of
   prevailing a side gets its ideal, otherwise the other side's, less the cost of ``horizon``
   more rounds, plus its grievance.

A power shift (``power_shift``, the rise a side expects in its chance of winning within the
horizon) has two effects, declared and weighted apart (see ``War.reservations``):

* expected gains (``shift_gains``, default 1): the rising side counts its own rise in its value
  of fighting on;
* the preventive motive (``shift_preventive``, default 1): the other side counts that rise
  against a deal that may break, in its value of fighting on once a broken deal has let the
  rising side rise (Fearon 1995, "Rationalist explanations for war", IO 49(3); Powell 2006,
  "War as a commitment problem", IO 60(1)). It bites through the chance kappa that a deal holds
  (``simulator.negotiation.valuation``).

The two sides are treated alike: a shift for either side works the same way, by the same formula.
"""

from __future__ import annotations

import numpy as np

from simulator.core.utility import utilities
from simulator.scenario.spec import Scenario

Array = np.ndarray

REACTIVITY = {"none": 0.0, "spiral": 3.0, "deterrence": 0.5}
FATIGUE = 0.05


def fearon_range(p_a: float, p_a_by_b: float, cost_a: float, cost_b: float) -> tuple[float, float] | None:
    """Fearon's (1995) bargaining range: A's shares x of a unit pie that both prefer to war.

    A believes it wins with chance ``p_a``, B believes A wins with ``p_a_by_b``. A accepts
    x >= p_a - c_a, B accepts x <= p_a_by_b + c_b. Empty (None) iff the optimism gap exceeds
    the costs: ``p_a - p_a_by_b > c_a + c_b``.

    >>> fearon_range(0.6, 0.6, 0.1, 0.05)
    (0.5, 0.65)
    >>> fearon_range(0.8, 0.5, 0.1, 0.1) is None
    True
    """
    low, high = p_a - cost_a, p_a_by_b + cost_b
    if low > high:
        return None
    return max(low, 0.0), min(high, 1.0)


class War:
    """The state of the war, advanced one round at a time by the model."""

    def __init__(self, scenario: Scenario, ideals: Array, saliences: Array, form: str):
        settings = scenario.war.settings
        ids = scenario.agent_ids
        self.ids = ids
        self.mode = settings.get("reservation", "fixed")
        self.horizon = int(settings.get("horizon", 50))
        self.sides = [ids.index(a) for a in settings.get("sides", [])]
        self.base_cost = np.array([scenario.war.cost_per_round.get(a, 0.0) for a in ids])
        self.sanctions = np.array([settings.get("sanctions", {}).get(a, 0.0) for a in ids])
        self._cost = self.base_cost + self.sanctions  # read several times a round: kept, renewed by ``change``
        self._sanctioned = bool(self.sanctions.any())  # without sanctions none are paid: skip the sum
        self.aid = np.array([settings.get("aid", {}).get(a, 0.0) for a in ids])
        public = np.array([a.capability for a in scenario.agents])
        true_caps = settings.get("true_capability", {})
        self.true_capability = np.array([true_caps.get(a, public[k]) for k, a in enumerate(ids)])
        self._chances: list[float] | None = None
        self.rearmament = np.array([settings.get("rearmament", {}).get(a, 0.0) for a in ids])
        self.arming = bool(self.rearmament.any())  # no event changes rearmament
        self.power_shift = np.array([settings.get("power_shift", {}).get(a, 0.0) for a in ids])
        # the two effects of a power shift, weighted apart (1: the theory's full count)
        self.shift_weights = (float(settings.get("shift_gains", 1.0)), float(settings.get("shift_preventive", 1.0)))
        self.reactivity = REACTIVITY[settings.get("escalation", "none")]
        self.misperception = float(settings.get("misperception", 0.0))
        self.step_size = float(settings.get("battle_step", 0.01))
        self.territory = float(settings.get("territory", 0.5))

        self.value = np.array([a.reservation for a in scenario.agents], dtype=float)  # fixed-mode walk-away
        self.cumulative = np.zeros(len(ids))
        self.sanctions_paid = np.zeros(len(ids))
        self.grievance = np.zeros(len(ids))
        # what losing means to a side: the other side's ideal imposed
        self.loss_value = np.zeros(len(ids))
        if len(self.sides) == 2:
            a, b = self.sides
            self.loss_value[a] = utilities(ideals[b], ideals[a : a + 1], saliences[a : a + 1], form)[0]
            self.loss_value[b] = utilities(ideals[a], ideals[b : b + 1], saliences[b : b + 1], form)[0]
        # beliefs: Beta(alpha, beta) over each side's chance of winning a battle
        strength = float(settings.get("belief_strength", 20.0))
        prior = settings.get("belief", {})
        # plain floats: read a few times a round, two numbers at a time
        self.alpha = [0.0] * len(ids)
        self.beta = [0.0] * len(ids)
        for side, chance in zip(self.sides, self.true_chances(), strict=False):
            mean = prior.get(ids[side], chance)
            self.alpha[side], self.beta[side] = mean * strength, (1.0 - mean) * strength
        self.last_winner: int | None = None
        self.initial_chances = self.true_chances()

    @property
    def cost(self) -> Array:
        """Each agent's cost of one more round of war (do not change it in place: use ``change``)."""
        return self._cost

    def change(self, what: str, i: int, value: float) -> None:
        """Set agent i's ``cost_per_round``, ``aid``, ``sanctions``, ``true_capability`` or
        ``power_shift`` (a scheduled event)."""
        array = {
            "cost_per_round": self.base_cost,
            "aid": self.aid,
            "sanctions": self.sanctions,
            "true_capability": self.true_capability,
            "power_shift": self.power_shift,
        }[what]
        array[i] = value
        self._cost = self.base_cost + self.sanctions
        self._sanctioned = bool(self.sanctions.any())
        self._chances = None

    def true_chances(self) -> list[float]:
        """Each side's true chance of winning a battle (first side, second side)."""
        if self._chances is None:  # kept until capabilities or aid change (``change``, arming)
            self._chances = self._true_chances()
        return self._chances

    def _true_chances(self) -> list[float]:
        if len(self.sides) != 2:
            return []
        a, b = self.sides
        # plain floats: two numbers are quicker added in Python than in numpy (same arithmetic)
        first, second = (
            float(self.true_capability[a]) + float(self.aid[a]),
            float(self.true_capability[b]) + float(self.aid[b]),
        )
        total = first + second
        share = 0.5 if total <= 0 else first / total
        return [share, 1.0 - share]

    def belief(self, i: int) -> float:
        """Side i's believed chance of winning (the mean of its Beta belief)."""
        alpha, beta = self.alpha[i], self.beta[i]
        total = alpha + beta
        return alpha / total if total > 0 else 0.5

    def optimism_gap(self) -> float:
        """How far the sides' beliefs are from being consistent: ``p_a + p_b - 1`` (0 = agreement)."""
        if len(self.sides) != 2:
            return 0.0
        return self.belief(self.sides[0]) + self.belief(self.sides[1]) - 1.0

    def expects_gain(self, i: int, rounds: int) -> float:
        """The territory side i expects to gain over ``rounds`` battles, by its own belief."""
        return rounds * self.step_size * (2.0 * self.belief(i) - 1.0)

    def advance(self, rng: np.random.Generator, capabilities: Array, communicator: float = 0.0) -> None:
        """Fight one round (see the module docstring for the order)."""
        if self.arming:
            capabilities += self.rearmament
            self.true_capability = self.true_capability + self.rearmament
            self._chances = None
        if len(self.sides) == 2:
            first, second = self.sides
            first_wins = bool(rng.random() < self.true_chances()[0])
            self.last_winner = first if first_wins else second
            self.territory = min(max(self.territory + (self.step_size if first_wins else -self.step_size), 0.0), 1.0)
            slip = self.misperception * (1.0 - communicator)
            for side, won in ((first, first_wins), (second, not first_wins)):
                seen = won != bool(rng.random() < slip)
                self.alpha[side] += seen
                self.beta[side] += not seen
        cost = self.cost
        self.cumulative = self.cumulative + cost
        if self._sanctioned:
            self.sanctions_paid = self.sanctions_paid + self.sanctions
        self.value = np.maximum(self.value - cost, 0.0)
        if self.reactivity:  # without escalation the grievance stays 0
            self.grievance = (1.0 - FATIGUE) * self.grievance + self.reactivity * self.pressure()

    def pressure(self) -> Array:
        """Sanctions on each agent, plus arms build-ups by others on the belligerents."""
        pressure = self.sanctions.copy()
        if len(self.sides) == 2 and self.rearmament.any():
            first, second = self.sides
            arming = self.rearmament.sum()
            pressure[first] += arming - self.rearmament[first]
            pressure[second] += arming - self.rearmament[second]
        return pressure

    def shifted_chance(self, side: int, after: bool) -> float:
        """Side's chance of winning in its value of fighting on, with the power shifts counted.

        ``q_i = clip( p_i + g s_i - [after] P s_j , 0, 1 )``: p_i its believed chance, s_i its own
        expected rise, s_j the other side's, g = ``shift_gains`` (expected gains: a side counts its
        own rise), P = ``shift_preventive`` (the preventive motive: a side counts the other side's
        rise, once a broken deal has let it happen). The formula is the same for both sides.
        """
        other = self.sides[1] if side == self.sides[0] else self.sides[0]
        gains, preventive = self.shift_weights
        chance = self.belief(side) + gains * float(self.power_shift[side])
        if after:
            chance -= preventive * float(self.power_shift[other])
        return min(max(chance, 0.0), 1.0)

    def reservations(self, shifted: bool = True) -> Array:
        """Each agent's value of fighting on.

        In ``lottery`` mode, for each side i (L_i: its utility of the other side's ideal, c_i: its
        cost of a round, H: ``horizon``, G_i: its grievance, q_i: ``shifted_chance``)::

            r_i = clip( q_i + (1 - q_i) L_i - c_i H + G_i , 0, 1 )

        With ``shifted`` (the default) its value of fighting on now, with its own expected rise
        (``after`` false in ``q_i``); without, its value once a deal has broken and the other side
        has risen too (``r_after``, ``after`` true), which is what a deal that may break is
        discounted toward (``Valuation.effective_reservations``).
        """
        values = self.value.copy()
        if self.mode == "lottery" and len(self.sides) == 2:
            cost = self.cost
            for side in self.sides:
                chance = self.shifted_chance(side, after=not shifted)
                values[side] = chance + (1.0 - chance) * float(self.loss_value[side]) - float(cost[side]) * self.horizon
        if self.reactivity:
            values += self.grievance
        # np.clip(values, 0.0, 1.0), bit for bit (-0.0 and NaN included), without its Python wrapper
        return np.minimum(np.maximum(0.0, values), 1.0)

    def escalation_report(self) -> dict[str, dict[str, float | str]]:
        """For each agent under pressure: the cost effect (sanctions paid, or over the horizon in
        lottery mode, plus the value lost to worse battle odds from others' arming), the grievance
        effect and which won."""
        out: dict[str, dict[str, float | str]] = {}
        horizon = self.horizon if self.mode == "lottery" else 1
        for i in np.flatnonzero(self.pressure() > 0):
            cost = float(self.sanctions_paid[i] if self.mode == "fixed" else self.sanctions[i] * horizon)
            if i in self.sides:  # the other side's arms build-up deters through the odds of battle
                k = self.sides.index(int(i))
                lost_odds = self.initial_chances[k] - self.true_chances()[k]
                cost += max(lost_odds, 0.0) * (1.0 - self.loss_value[i])
            grievance = float(self.grievance[i])
            out[self.ids[i]] = {
                "cost_effect": round(cost, 4),
                "grievance_effect": round(grievance, 4),
                "dominant": "spiral" if grievance > cost else "deterrence",
            }
        return out
