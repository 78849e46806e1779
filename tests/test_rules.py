"""One test class per concession rule: each behaves in a conference as its source says.

The checks every rule shares (registered, documented, bounded, its group move equal to each
agent's) are in tests/test_rule_contract.py."""

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
        max_rounds=max_rounds,
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
