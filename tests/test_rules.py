"""One test class per concession rule: each behaves in a conference as its source says.

The checks every rule shares (registered, documented, bounded, its group move equal to each
agent's) are in tests/test_rule_contract.py."""

import math

import numpy as np
import pytest
from builders import agent, scenario, two_party

from simulator import PeaceConference, load_scenario, run_conference
from simulator.negotiation.rules import NegotiationState
from simulator.negotiation.rules.time_dependent import TimeDependent


def state(round_: int, max_rounds: int = 10, reservation: float = 0.0) -> NegotiationState:
    ideals = np.array([[0.0], [100.0]])
    return NegotiationState(
        round=round_,
        deadline=max_rounds,
        ideals=ideals,
        saliences=np.ones((2, 1)),
        reservations=np.array([reservation, reservation]),
        offers=ideals.copy(),
        earlier_offers=ideals.copy(),
        aspirations=np.ones(2),
        voters=np.array([True, True]),
        form="linear",
    )


def aspirations_of(model: PeaceConference, agent_id: str) -> list[float]:
    frame = model.datacollector.get_agent_vars_dataframe()
    unique_id = model.delegations[agent_id].unique_id
    return frame.xs(unique_id, level="AgentID")["aspiration"].tolist()


def offers_of(model: PeaceConference, agent_id: str) -> list[list[float]]:
    frame = model.datacollector.get_agent_vars_dataframe()
    unique_id = model.delegations[agent_id].unique_id
    return frame.xs(unique_id, level="AgentID")["offer"].tolist()


class TestTimeDependent:
    @pytest.mark.parametrize("beta", [0.3, 1.0, 3.0])
    def test_aspiration_follows_faratin_curve(self, beta):
        rule = TimeDependent(beta=beta)
        for t in range(11):
            expected = 0.2 + 0.8 * (1 - (t / 10) ** (1 / beta))
            assert rule.demand(state(t, reservation=0.2), 0) == pytest.approx(expected)

    def test_reaches_reservation_at_its_own_deadline(self):
        rule = TimeDependent(beta=0.5, deadline=4)
        assert rule.demand(state(4, reservation=0.3), 0) == pytest.approx(0.3)
        assert rule.demand(state(8, reservation=0.3), 0) == pytest.approx(0.3)

    def test_boulware_concedes_less_early_than_conceder(self):
        def run(beta):
            data = two_party({"type": "time_dependent", "beta": beta}, "hardliner", max_rounds=20)
            model = PeaceConference(load_scenario(data), rng=0)
            for _ in range(10):
                model.step()
            return aspirations_of(model, "A"), [o[0] for o in offers_of(model, "A")]

        boulware, boulware_offers = run(0.3)
        linear, _ = run(1.0)
        conceder, conceder_offers = run(3.0)
        for t in range(1, 11):
            assert boulware[t] > linear[t] > conceder[t]
            assert boulware_offers[t] < conceder_offers[t]  # A's ideal is 0: lower is firmer

    def test_boulware_gets_better_terms_than_conceder_against_the_same_opponent(self):
        def terms(beta):
            data = two_party({"type": "time_dependent", "beta": beta}, "time_dependent", max_rounds=20)
            return run_conference(load_scenario(data), seed=0).report["terms"]["X"]

        assert terms(0.3) < terms(1.0) < terms(3.0)

    def test_two_linear_agents_meet_halfway_at_half_time(self):
        report = run_conference(load_scenario(two_party(max_rounds=10)), seed=0).report
        assert (report["outcome"], report["round"], report["terms"]) == ("agreement", 5, {"X": 50.0})


class TestReciprocal:
    def test_against_a_hardliner_it_stops_after_its_opening_gesture(self):
        data = two_party({"type": "reciprocal", "initial": 0.05}, "hardliner", max_rounds=15)
        model = PeaceConference(load_scenario(data), rng=0)
        model.run_model()
        levels = aspirations_of(model, "A")
        assert levels[1] == pytest.approx(0.95)
        assert all(level == pytest.approx(0.95) for level in levels[1:])
        assert model.outcome == "no_agreement"

    @pytest.mark.parametrize("mirror", [0.5, 1.0])
    def test_mirrors_last_rounds_concession(self, mirror):
        data = two_party({"type": "reciprocal", "mirror": mirror, "initial": 0.0}, "time_dependent", max_rounds=20)
        model = PeaceConference(load_scenario(data), rng=0)
        for _ in range(8):
            model.step()
        mine, theirs = aspirations_of(model, "A"), aspirations_of(model, "B")
        for t in range(2, 9):
            their_last = theirs[t - 2] - theirs[t - 1]
            assert mine[t - 1] - mine[t] == pytest.approx(mirror * their_last)

    def test_never_below_reservation(self):
        data = two_party({"type": "reciprocal", "mirror": 5.0}, {"type": "time_dependent", "beta": 3}, r_a=0.6)
        model = PeaceConference(load_scenario(data), rng=0)
        model.run_model()
        assert min(aspirations_of(model, "A")) >= 0.6 - 1e-12


class TestHardliner:
    def test_never_moves(self):
        data = two_party("hardliner", {"type": "time_dependent", "beta": 0.5}, max_rounds=12)
        model = PeaceConference(load_scenario(data), rng=0)
        model.run_model()
        assert all(offer == [0.0] for offer in offers_of(model, "A"))
        assert all(level == 1.0 for level in aspirations_of(model, "A"))

    def test_a_conceder_with_nothing_to_lose_gives_it_everything(self):
        report = run_conference(load_scenario(two_party("hardliner", "time_dependent")), seed=0).report
        assert report["outcome"] == "agreement"
        assert report["terms"] == {"X": 0.0}
        assert report["round"] == 10  # B reaches its reservation (0) only at the deadline

    def test_holds_firm_even_as_war_lowers_its_reservation(self):
        data = two_party({"type": "hardliner", "aspiration": 0.8}, "hardliner", r_a=0.5)
        data["war"] = {"cost_per_round": {"A": 0.1}}
        model = PeaceConference(load_scenario(data), rng=0)
        model.run_model()
        assert set(aspirations_of(model, "A")[1:]) == {0.8}


class TestZeuthen:
    @pytest.mark.parametrize(("r_a", "r_b"), [(0.0, 0.0), (0.1, 0.3), (0.4, 0.1), (0.25, 0.05)])
    def test_two_parties_converge_to_the_nash_solution(self, r_a, r_b):
        data = two_party("zeuthen", "zeuthen", r_a=r_a, r_b=r_b, max_rounds=400)
        report = run_conference(load_scenario(data), seed=0).report
        nash = 50 * (1 - r_a + r_b)  # equal split of the surplus on one linear issue
        assert report["outcome"] == "agreement"
        assert report["terms"]["X"] == pytest.approx(nash, abs=1.0)
        assert report["benchmarks"]["nash_bargaining"]["X"] == pytest.approx(nash, abs=0.05)

    def test_converges_to_nash_with_quadratic_utilities(self):
        data = two_party("zeuthen", "zeuthen", r_a=0.1, r_b=0.3, max_rounds=400, utility="quadratic")
        report = run_conference(load_scenario(data), seed=0).report
        # maximise (1 - (x/100)^2 - 0.1) * (1 - (1 - x/100)^2 - 0.3) on a fine grid
        x = np.linspace(0, 1, 200001)
        product = np.clip(0.9 - x**2, 0, None) * np.clip(0.7 - (1 - x) ** 2, 0, None)
        assert report["terms"]["X"] == pytest.approx(100 * x[np.argmax(product)], abs=1.0)

    def test_only_the_party_with_the_lowest_nash_product_concedes(self):
        data = scenario(
            [
                agent("A", "principal", {"X": 0}, rule="zeuthen", reservation=0.0),
                agent("B", "principal", {"X": 100}, rule="zeuthen", reservation=0.0),
                agent("C", "guarantor", {"X": 40}, rule="zeuthen", reservation=0.0),
            ],
            max_rounds=50,
        )
        model = PeaceConference(load_scenario(data), rng=0)
        model.step()  # round 1: everyone states its ideal
        model.offers = np.array([[20.0], [90.0], [40.0]])
        model.step()
        # Nash products (u_A u_B u_C): A's offer 0.8*0.2*0.8, B's 0.1*0.9*0.5, C's 0.6*0.4*1
        assert model.offers[0, 0] == 20.0 and model.offers[2, 0] == 40.0
        assert model.offers[1, 0] < 90.0


def test_zeuthen_on_several_issues_converges_to_the_nash_solution():
    data = scenario(
        [
            agent("A", "principal", {"X": 0, "Y": 0, "Z": 0}, {"X": 0.6, "Y": 0.3, "Z": 0.1}, "zeuthen", 0.1),
            agent("B", "principal", {"X": 100, "Y": 100, "Z": 100}, {"X": 0.2, "Y": 0.3, "Z": 0.5}, "zeuthen", 0.2),
        ],
        issues=("X", "Y", "Z"),
        max_rounds=400,
    )
    report = run_conference(load_scenario(data), seed=0).report
    nash = report["benchmarks"]["nash_bargaining"]
    assert report["outcome"] == "agreement"
    # logrolling: A keeps X, B gets Z, Y is split so that the surpluses' product is largest
    assert (nash["X"], nash["Z"]) == (0.0, 100.0)
    for issue in ("X", "Y", "Z"):
        assert report["terms"][issue] == pytest.approx(nash[issue], abs=2.0)


# ---------------------------------------------------------------------------------------------
# The rules' numbers, pinned: each expected value is computed here from the source's formula or
# by hand, through the per-agent path (demand, propose) and the group path the model uses
# (demand_many, aspirations_many, propose_many), with non-zero reservations and deadlines.


def u_linear(x: np.ndarray, ideal: np.ndarray, salience: np.ndarray) -> float:
    """Linear utility written out: 1 - sum_k s_k |x_k - ideal_k| / 100."""
    return 1.0 - float(np.sum(np.asarray(salience) * np.abs(np.asarray(x) - np.asarray(ideal)))) / 100.0


def make_state(
    round_: int,
    *,
    ideals: list[list[float]],
    reservations: list[float],
    max_rounds: int = 10,
    offers: list[list[float]] | None = None,
    earlier: list[list[float]] | None = None,
    aspirations: list[float] | None = None,
    voters: list[bool] | None = None,
    saliences: list[list[float]] | None = None,
    ripe_since: list[int] | None = None,
) -> NegotiationState:
    ideal = np.array(ideals, dtype=float)
    n, m = ideal.shape
    return NegotiationState(
        round=round_,
        deadline=max_rounds,
        ideals=ideal,
        saliences=np.array(saliences, dtype=float) if saliences is not None else np.full((n, m), 1.0 / m),
        reservations=np.array(reservations, dtype=float),
        offers=np.array(offers, dtype=float) if offers is not None else ideal.copy(),
        earlier_offers=np.array(earlier, dtype=float) if earlier is not None else ideal.copy(),
        aspirations=np.array(aspirations, dtype=float) if aspirations is not None else np.ones(n),
        voters=np.array(voters) if voters is not None else np.ones(n, dtype=bool),
        form="linear",
        ripe_since=None if ripe_since is None else np.array(ripe_since),
    )


def check_group(cls, rules, state, expected_demands, target=(100.0,)):
    """Per-agent and group paths give the expected demands, the levels bounded to [r, 1], and offers
    toward ``target`` worth the level (one issue, ideals at 0 or 100: the offer is found by hand)."""
    indices = np.arange(len(rules))
    expected = np.array(expected_demands, dtype=float)
    levels = np.maximum(state.reservations[indices], np.minimum(1.0, expected))
    for i, rule in enumerate(rules):
        assert rule.demand(state, i) == pytest.approx(expected[i], abs=1e-12), i
    np.testing.assert_allclose(cls.demand_many(rules, state, indices), expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(cls.aspirations_many(rules, state, indices), levels, rtol=0, atol=1e-12)
    targets = np.array([target], dtype=float)
    offers, got = cls.propose_many(rules, state, indices, targets)
    np.testing.assert_allclose(got, levels, rtol=0, atol=1e-12)
    for i, rule in enumerate(rules):
        offer, level = rule.propose(state, i, targets[0])
        assert level == pytest.approx(levels[i], abs=1e-12)
        # on one issue the point worth `level` lies 100 (1 - level) from the ideal, toward the
        # target and no farther than it (the target itself is worth more)
        ideal = state.ideals[i, 0]
        by_hand = ideal + min((1.0 - levels[i]) * 100.0, abs(target[0] - ideal)) * np.sign(target[0] - ideal)
        assert offer[0] == pytest.approx(by_hand, abs=1e-9) and offers[i, 0] == pytest.approx(by_hand, abs=1e-9)


class TestTimeDependentNumbers:
    # three agents, each its own curve and reservation; the conference's horizon is 10 rounds
    RULES = (TimeDependent(beta=0.5, deadline=4), TimeDependent(beta=1.0), TimeDependent(beta=3.0, deadline=12))
    RESERVATIONS = (0.3, 0.1, 0.25)
    HORIZONS = (4, 10, 12)

    @staticmethod
    def faratin(t: int, horizon: int, beta: float, r: float) -> float:
        """a(t) = 1 - (t/T)^(1/beta) of the way from utility 1 to r, and r itself from T on."""
        if t >= horizon:
            return r
        return r + (1.0 - r) * (1.0 - (t / horizon) ** (1.0 / beta))

    def test_hand_numbers(self):
        """Boulware (beta 1/2) gives up (t/T)^2, linear t/T, Conceder (beta 3) (t/T)^(1/3)."""
        s = make_state(2, ideals=[[0], [0], [0]], reservations=list(self.RESERVATIONS))
        # round 2: 0.3 + 0.7 (1 - 1/4); 0.1 + 0.9 (1 - 0.2); 0.25 + 0.75 (1 - (1/6)^(1/3))
        check_group(TimeDependent, list(self.RULES), s, [0.825, 0.82, 0.25 + 0.75 * (1 - 6 ** (-1 / 3))])
        s = make_state(4, ideals=[[0], [0], [0]], reservations=list(self.RESERVATIONS))
        check_group(TimeDependent, list(self.RULES), s, [0.3, 0.64, 0.25 + 0.75 * (1 - 3 ** (-1 / 3))])

    @pytest.mark.parametrize("t", [0, 1, 3, 4, 5, 9, 10, 11, 12, 13, 20])
    def test_curve_at_each_round_and_capped_at_the_deadline(self, t):
        """At and after its deadline each demands exactly its reservation (no further)."""
        s = make_state(t, ideals=[[0], [100], [0]], reservations=list(self.RESERVATIONS))
        expected = [
            self.faratin(t, T, rule.beta, r)
            for rule, T, r in zip(self.RULES, self.HORIZONS, self.RESERVATIONS, strict=True)
        ]
        check_group(TimeDependent, list(self.RULES), s, expected, target=(50.0,))

    def test_beyond_the_deadline_a_conceder_does_not_overshoot(self):
        """Without the cap (t/T)^(1/beta) > 1 after T would demand less than the reservation."""
        rule = TimeDependent(beta=2.0, deadline=4)
        for t in (4, 6, 9, 16):
            assert rule.demand(make_state(t, ideals=[[0]], reservations=[0.4]), 0) == 0.4

    def test_its_own_deadline_overrides_the_conference(self):
        rule = TimeDependent(beta=1.0, deadline=20)
        s = make_state(10, ideals=[[0]], reservations=[0.0], max_rounds=10)
        assert rule.demand(s, 0) == pytest.approx(0.5)  # half-way to its own deadline of 20
        assert TimeDependent(beta=1.0).demand(s, 0) == 0.0  # the conference's deadline

    def test_curve_names(self):
        from simulator.negotiation.rules.time_dependent import curve_name

        assert [curve_name(b) for b in (0.2, 0.999, 1.0, 1.001, 5.0)] == [
            "Boulware",
            "Boulware",
            "linear",
            "Conceder",
            "Conceder",
        ]

    def test_explains_its_share_of_the_way(self):
        from simulator.negotiation.rules import Move

        move = Move(round=3, horizon=10, before=0.9, after=0.8, reservation=0.2)
        text = TimeDependent(beta=0.5, deadline=6).explain(move)
        assert "Boulware, beta 0.5" in text and "talk round 3 of 6" in text and "gives up 25.0%" in text
        assert "gives up 9.0%" in TimeDependent(beta=0.5).explain(move)  # (3/10)^2 of the conference's 10
        late = Move(round=12, horizon=10, before=0.2, after=0.2, reservation=0.2)
        assert "gives up 100.0%" in TimeDependent(beta=3.0).explain(late)


class TestRipenessGatedNumbers:
    from simulator.negotiation.rules.ripeness_gated import RipenessGated

    RULES = (RipenessGated(beta=0.5), RipenessGated(beta=1.0), RipenessGated(beta=2.0), RipenessGated(beta=1.0))
    RESERVATIONS = [0.4, 0.2, 0.3, 0.5]
    RIPE = [-1, 3, 6, 12]  # never; from round 3; from round 6; after the deadline (10)

    def expected(self, t: int) -> list[float]:
        by_hand = []
        for rule, r, t0 in zip(self.RULES, self.RESERVATIONS, self.RIPE, strict=True):
            if t0 < 0 or t < t0:
                by_hand.append(1.0)  # firm: its ideal, whatever its reservation
            else:
                span = max(10 - t0, 1)
                by_hand.append(r + (1 - r) * (1 - min(1.0, (t - t0) / span) ** (1 / rule.beta)))
        return by_hand

    @pytest.mark.parametrize("t", [0, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13])
    def test_firm_until_ripe_then_the_curve(self, t):
        s = make_state(t, ideals=[[0], [0], [100], [0]], reservations=self.RESERVATIONS, ripe_since=self.RIPE)
        check_group(self.RipenessGated, list(self.RULES), s, self.expected(t), target=(40.0,))

    def test_hand_numbers(self):
        s = make_state(8, ideals=[[0]] * 4, reservations=self.RESERVATIONS, ripe_since=self.RIPE)
        # ripe since 3: 5/7 of the way, linear; since 6: (2/4)^(1/2) of it
        assert [r.demand(s, i) for i, r in enumerate(self.RULES)] == pytest.approx(
            [1.0, 0.2 + 0.8 * (2 / 7), 0.3 + 0.7 * (1 - 0.5**0.5), 1.0]
        )
        s = make_state(13, ideals=[[0]] * 4, reservations=self.RESERVATIONS, ripe_since=self.RIPE)
        assert [r.demand(s, i) for i, r in enumerate(self.RULES)] == pytest.approx([1.0, 0.2, 0.3, 0.5])

    def test_without_ripeness_information_it_holds_its_ideal(self):
        s = make_state(9, ideals=[[0], [0]], reservations=[0.6, 0.0])
        check_group(self.RipenessGated, [self.RipenessGated(beta=0.5), self.RipenessGated()], s, [1.0, 1.0])

    def test_explains_whether_it_is_ripe(self):
        from simulator.negotiation.rules import Move

        rule = self.RipenessGated(beta=0.5)
        assert "does not yet perceive" in rule.explain(Move(round=3, horizon=10, before=1, after=1, reservation=0.2))
        early = Move(round=3, horizon=10, before=1, after=1, reservation=0.2, ripe_since=4)
        assert "does not yet perceive" in rule.explain(early)
        ripe = Move(round=4, horizon=10, before=1, after=0.9, reservation=0.2, ripe_since=4)
        assert "Boulware" in rule.explain(ripe) and "since talk round 4" in rule.explain(ripe)


class TestReciprocalNumbers:
    from simulator.negotiation.rules.reciprocal import Reciprocal

    # one issue; A (0), B (100), C (100) vote, D (50) does not. Last round's concessions, by hand:
    # A 0.9 -> 0.8 gave 0.1; B 1.0 -> 0.7 gave 0.3; C 0.8 -> 0.9 hardened: 0; D 1.0 -> 0.7 (no vote)
    IDEALS = [[0], [100], [100], [50]]
    EARLIER = [[10], [100], [80], [50]]
    OFFERS = [[20], [70], [90], [20]]
    ASPIRATIONS = [0.85, 0.7, 0.9, 0.9]
    VOTERS = [True, True, True, False]

    def state(self, round_: int, reservations=(0.0, 0.65, 0.0, 0.0)) -> NegotiationState:
        return make_state(
            round_,
            ideals=self.IDEALS,
            reservations=list(reservations),
            offers=self.OFFERS,
            earlier=self.EARLIER,
            aspirations=self.ASPIRATIONS,
            voters=self.VOTERS,
        )

    def test_concessions_by_hand(self):
        np.testing.assert_allclose(self.state(3).concessions, [0.1, 0.3, 0.0, 0.3], atol=1e-12)

    def test_mirrors_the_other_voters_mean_concession(self):
        rules = [self.Reciprocal(mirror=0.5), self.Reciprocal(mirror=2.0), self.Reciprocal(), self.Reciprocal()]
        # A: 0.85 - 0.5 mean(0.3, 0) ; B: 0.7 - 2 mean(0.1, 0) = 0.6, below its reservation 0.65
        # C: 0.9 - mean(0.1, 0.3) ; D (no vote) mirrors all three voters: 0.9 - mean(0.1, 0.3, 0)
        check_group(self.Reciprocal, rules, self.state(3), [0.775, 0.6, 0.7, 0.9 - 0.4 / 3], target=(50.0,))

    def test_opens_with_its_gesture(self):
        rules = [self.Reciprocal(initial=0.05), self.Reciprocal(initial=0.5), self.Reciprocal(), self.Reciprocal()]
        for t in (0, 1):
            check_group(self.Reciprocal, rules, self.state(t), [0.95, 0.5, 0.98, 0.98], target=(50.0,))

    def test_alone_it_keeps_its_aspiration(self):
        s = make_state(
            4, ideals=[[0], [100]], reservations=[0.0, 0.0], offers=[[30], [60]], aspirations=[0.7, 0.6],
            voters=[True, False],
        )  # fmt: skip
        check_group(self.Reciprocal, [self.Reciprocal(mirror=3.0)], s, [0.7])

    def test_explains_its_mirror(self):
        from simulator.negotiation.rules import Move

        rule = self.Reciprocal(mirror=1.5, initial=0.05)
        assert "opens with a concession of 0.05" in rule.explain(Move(1, 10, 1.0, 0.95, 0.0))
        text = rule.explain(Move(2, 10, 0.95, 0.8, 0.3, others_conceded=0.1))
        assert "mirror 1.5" in text and "conceded 0.100" in text and "least it will accept" not in text
        assert "(the least it will accept)" in rule.explain(Move(2, 10, 0.5, 0.3, 0.3, others_conceded=0.1))


class TestHardlinerNumbers:
    from simulator.negotiation.rules.hardliner import Hardliner

    @pytest.mark.parametrize("t", [0, 1, 5, 10, 40])
    def test_never_concedes_below_its_aspiration(self, t):
        rules = [self.Hardliner(aspiration=0.7), self.Hardliner(aspiration=0.7), self.Hardliner()]
        s = make_state(
            t, ideals=[[0], [100], [0]], reservations=[0.5, 0.9, 0.3], offers=[[60], [10], [90]],
            earlier=[[0], [100], [0]], aspirations=[0.2, 0.1, 0.3],
        )  # fmt: skip
        # it demands its aspiration; a reservation above it (0.9) is the floor, as for every rule
        check_group(self.Hardliner, rules, s, [0.7, 0.7, 1.0], target=(50.0,))
        assert [r.lowest_demand() for r in rules] == [0.7, 0.7, 1.0]


class TestZeuthenSteps:
    """Zeuthen's principle step by step, every offer computed here in closed form.

    Two parties on one linear issue, A (ideal 0, reservation 0.1) and B (ideal 100, reservation
    0.3): the Nash product N(x) = (1 - x/100 - 0.1)(x/100 - 0.3) is a parabola with its peak, the
    Nash solution, at p = 50 (1 - 0.1 + 0.3) = 60. Zeuthen (1930): each compares its risk limit
    (u_i(own) - u_i(other)) / (u_i(own) - r_i) (1 when the other's offer is worth no more than
    fighting on); the LOWER one concedes (both on a tie), just far enough that its offer's Nash
    product exceeds the other's (Harsanyi 1956), and by at least ``step`` of its utility. As
    N(x) = 0.09 - (x/100 - 0.6)^2, the offers whose product exceeds c >= 0 are those within
    h = 100 sqrt(0.09 - c) of p.
    """

    R = (0.1, 0.3)
    P = 50 * (1 - 0.1 + 0.3)
    GRID = 0.1  # the two-party path is the frontier searched in 1000 steps of 0.1 per piece

    def u(self, i: int, x: float) -> float:
        return 1 - x / 100 if i == 0 else x / 100

    def risk(self, i: int, own: float, other: float) -> float:
        worth = self.u(i, own) - self.R[i]
        return min(1.0, (self.u(i, own) - self.u(i, other)) / worth)

    def half_width(self, other: float) -> float:
        surplus = max(0.0, (0.9 - other / 100) * (other / 100 - 0.3))  # clipped at zero
        return 100 * max(0.0, 0.09 - surplus) ** 0.5

    def state(self, offers: list[float], round_: int = 3) -> NegotiationState:
        return make_state(round_, ideals=[[0], [100]], reservations=list(self.R), offers=[[x] for x in offers])

    @pytest.mark.parametrize("least", [0.01, 0.001])
    def test_step_by_step_to_the_nash_solution(self, least):
        """With a least step of 0.001 (0.1 points) the Nash products decide how far each moves."""
        from simulator.negotiation.rules.zeuthen import Zeuthen

        rules = [Zeuthen(step=least), Zeuthen(step=least)]
        a, b = 0.0, 100.0
        for step in range(400):
            s = self.state([a, b])
            (new_a, _), (new_b, _) = rules[0].propose(s, 0, np.array([b])), rules[1].propose(s, 1, np.array([a]))
            new_a, new_b = float(new_a[0]), float(new_b[0])
            risks = self.risk(0, a, b), self.risk(1, b, a)
            if abs(b - a) < 100 * least:  # within a step of each other, at the peak: settled
                break
            if abs(risks[0] - risks[1]) < 1e-9 and min(risks) < 1.0:  # a tie up to rounding: either or both
                movers = {i for i, moved in enumerate((new_a != a, new_b != b)) if moved}
                assert movers
            else:
                movers = {i for i in (0, 1) if risks[i] == min(risks)}
                assert (new_a != a, new_b != b) == (0 in movers, 1 in movers), (step, a, b, risks)
            if 0 in movers:  # A moves up: past p - h, and at least one point (step 0.01)
                low = max(self.P - self.half_width(b), a + 100 * least)
                if low < self.P + self.half_width(b):
                    assert low - 1e-6 <= new_a <= low + self.GRID + 1e-6, (step, a, b)
                else:  # no such offer left: the best it can do, the peak
                    assert new_a == pytest.approx(self.P, abs=self.GRID / 2)
            if 1 in movers:  # B moves down: below p + h, and at least one point
                high = min(self.P + self.half_width(a), b - 100 * least)
                if high > self.P - self.half_width(a):
                    assert high - self.GRID - 1e-6 <= new_b <= high + 1e-6, (step, a, b)
                else:
                    assert new_b == pytest.approx(self.P, abs=self.GRID / 2)
            a, b = new_a, new_b
        assert 5 < step < 399
        assert a == pytest.approx(self.P, abs=100 * least) and b == pytest.approx(self.P, abs=100 * least)

    def test_the_lower_risk_moves_alone(self):
        """A at 40, B at 85: A's risk (0.6 - 0.15) / 0.5 = 0.9, B's (0.85 - 0.4) / 0.55 = 0.818: B moves."""
        from simulator.negotiation.rules.zeuthen import Zeuthen

        s = self.state([40.0, 85.0])
        assert self.risk(0, 40, 85) == pytest.approx(0.9) and self.risk(1, 85, 40) == pytest.approx(0.45 / 0.55)
        held, level = Zeuthen().propose(s, 0, np.array([85.0]))
        assert (held.tolist(), level) == ([40.0], pytest.approx(0.6))
        moved, level = Zeuthen().propose(s, 1, np.array([40.0]))
        assert 80.0 - self.GRID - 1e-9 <= moved[0] <= 80.0  # below 2p - a = 80
        assert level == pytest.approx(moved[0] / 100)

    def test_opens_with_its_ideal(self):
        from simulator.negotiation.rules.zeuthen import Zeuthen

        offer, level = Zeuthen().propose(self.state([40.0, 85.0], round_=1), 1, np.array([40.0]))
        assert (offer.tolist(), level) == ([100.0], 1.0)


class TestZeuthenThreeParties:
    """Three parties on two issues: the offer with the lowest Nash product moves along the straight
    line toward the offer with the highest, just past the second lowest product."""

    IDEALS = [[0.0, 0.0], [100.0, 100.0], [40.0, 60.0]]
    SALIENCES = [[0.7, 0.3], [0.4, 0.6], [0.5, 0.5]]
    R = [0.05, 0.1, 0.2]
    OFFERS = [[20.0, 10.0], [90.0, 80.0], [40.0, 60.0]]

    def product(self, x) -> float:
        return float(
            np.prod(
                [max(0.0, u_linear(x, i, s) - r) for i, s, r in zip(self.IDEALS, self.SALIENCES, self.R, strict=True)]
            )
        )

    def state(self, voters=(True, True, True)) -> NegotiationState:
        return make_state(
            4,
            ideals=self.IDEALS,
            reservations=self.R,
            offers=self.OFFERS,
            saliences=self.SALIENCES,
            voters=list(voters),
        )

    def test_who_moves_and_how_far(self):
        from simulator.negotiation.rules.zeuthen import Zeuthen

        products = [self.product(x) for x in self.OFFERS]
        # A: 0.83*0.61*0.6 - ..., by hand: u_A(20,10) = 1 - (14 + 3)/100 = 0.83; u_B = 1 - (32 + 54)/100 = 0.14;
        # u_C = 1 - (10 + 25)/100 = 0.65 -> (0.78)(0.04)(0.45)
        assert products[0] == pytest.approx(0.78 * 0.04 * 0.45)
        assert products[0] < products[1] < products[2]  # A's offer has the weakest claim, C's the strongest
        s = self.state()
        offers = [Zeuthen().propose(s, i, np.zeros(2))[0] for i in range(3)]
        assert offers[1].tolist() == self.OFFERS[1] and offers[2].tolist() == self.OFFERS[2]
        # A's move: the smallest lam with N(a + lam (c - a)) > N(b), by bisection on the closed form
        a, c = np.array(self.OFFERS[0]), np.array(self.OFFERS[2])
        lo, hi = 0.0, 1.0  # N(a) < N(b) < N(c)
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if self.product(a + mid * (c - a)) <= products[1] else (lo, mid)
        lam = hi
        assert 0.05 < lam < 0.95
        got = (offers[0] - a) / (c - a)
        assert got[0] == pytest.approx(got[1])  # on the line toward C, not toward B
        # the search's grid has 2000 steps along the line: the move is to the first grid point past lam
        assert got[0] == pytest.approx(math.ceil(lam * 2000) / 2000, abs=1e-12)
        assert self.product(offers[0]) > products[1]

    def test_a_non_voters_offer_does_not_count(self):
        from simulator.negotiation.rules.zeuthen import Zeuthen

        s = self.state(voters=(True, False, True))
        # B's utility no longer counts: A's offer (0.78 * 0.45) is still weaker than C's (0.49 * 0.8)
        moved = Zeuthen().propose(s, 0, np.zeros(2))[0]
        c = np.array(self.OFFERS[2])
        assert moved.tolist() != self.OFFERS[0]
        assert (1 - np.dot(self.SALIENCES[0], c) / 100 - 0.05) * 0.8 > 0.78 * 0.45
        assert Zeuthen().propose(s, 2, np.zeros(2))[0].tolist() == self.OFFERS[2]
        # A's product without B's factor: past C's 0.392 once (u_A - 0.05)(u_C - 0.2) exceeds it
        u_a = 1 - np.dot(self.SALIENCES[0], moved) / 100
        u_c = 1 - np.dot(self.SALIENCES[2], np.abs(moved - c)) / 100
        assert (u_a - 0.05) * (u_c - 0.2) > 0.49 * 0.8


def test_zeuthen_two_parties_on_two_issues_reach_the_grid_nash_solution():
    """Asymmetric saliences and reservations: the converged text's utilities equal those of the
    Nash bargaining solution found here by brute force on a 0.25-point grid of texts."""
    data = scenario(
        [
            agent("A", "principal", {"X": 0, "Y": 0}, {"X": 0.75, "Y": 0.25}, "zeuthen", 0.15),
            agent("B", "principal", {"X": 100, "Y": 100}, {"X": 0.4, "Y": 0.6}, "zeuthen", 0.05),
        ],
        issues=("X", "Y"),
        max_rounds=400,
    )
    report = run_conference(load_scenario(data), seed=0).report
    assert report["outcome"] == "agreement"
    x, y = np.meshgrid(np.linspace(0, 100, 401), np.linspace(0, 100, 401))
    u_a, u_b = 1 - (0.75 * x + 0.25 * y) / 100, 1 - (0.4 * (100 - x) + 0.6 * (100 - y)) / 100
    product = np.clip(u_a - 0.15, 0, None) * np.clip(u_b - 0.05, 0, None)
    k = np.argmax(product)
    terms = report["terms"]
    got_a = 1 - (0.75 * terms["X"] + 0.25 * terms["Y"]) / 100
    got_b = 1 - (0.4 * (100 - terms["X"]) + 0.6 * (100 - terms["Y"])) / 100
    assert got_a == pytest.approx(u_a.flat[k], abs=0.012) and got_b == pytest.approx(u_b.flat[k], abs=0.012)


def test_zeuthen_explains_whether_it_gave_way():
    from simulator.negotiation.rules import Move
    from simulator.negotiation.rules.zeuthen import Zeuthen

    rule = Zeuthen()
    assert rule.explain(Move(1, 10, 1.0, 1.0, 0.2)) == "zeuthen: it opens with its ideal"
    assert "gave way just enough, demanding 0.70 (was 0.80)" in rule.explain(Move(2, 10, 0.8, 0.7, 0.2))
    held = "zeuthen: another party's offer had the weakest claim, so it held"
    assert rule.explain(Move(2, 10, 0.8, 0.8, 0.2)) == held
    assert rule.explain(Move(3, 10, 0.8, 0.8 - 1e-12, 0.2)) == held  # rounding is no concession
