"""When talks become an option: each mechanism does what its theory says."""

import numpy as np
import pytest
from builders import agent, scenario, two_party
from conftest import REPO

from simulator import PeaceConference, load_scenario, run_conference
from simulator.war.conflict import fearon_range
from simulator.war.ripeness import best_surplus


def war_game(max_rounds=60, belief=None, strength=20.0, costs=(0.004, 0.004), **war):
    """Two sides on one issue (A's ideal 0, B's 100), valuing war as Fearon's lottery."""
    data = two_party("time_dependent", "time_dependent", max_rounds=max_rounds, walkout=[])
    data["war"] = {
        "cost_per_round": {"A": costs[0], "B": costs[1]},
        "reservation": "lottery",
        "horizon": 20,
        "belief_strength": strength,
        **({"belief": belief} if belief else {}),
        **war,
    }
    return data


def way_out_by_round(data, seed=0):
    model = PeaceConference(load_scenario(data), rng=seed)
    open_ = []
    while model.running:
        model.step()
        open_.append(model.ripeness.way_out)
    return model, open_


class TestFearon:
    def test_range_is_the_costs_around_the_expected_split(self):
        assert fearon_range(0.5, 0.5, 0.1, 0.2) == (0.4, 0.7)

    def test_optimism_beyond_the_costs_empties_it(self):
        assert fearon_range(0.7, 0.5, 0.1, 0.1) == (0.6, 0.6)  # exactly at the edge: one split left
        assert fearon_range(0.71, 0.5, 0.1, 0.1) is None

    @pytest.mark.parametrize("seed", range(5))
    def test_complete_information_and_positive_costs_never_empty_the_range(self, seed):
        # beliefs start at the true odds and both sides see the same battles: no optimism gap
        model, open_ = way_out_by_round(war_game(max_rounds=40), seed)
        assert all(open_)
        assert max(abs(g) for g in model.optimism_gaps) < 1e-12

    def test_without_costs_the_range_shrinks_to_a_point(self):
        model = PeaceConference(load_scenario(war_game(costs=(0.0, 0.0))), rng=0)
        model.step()
        floors = model.valuation.effective_reservations()
        assert best_surplus(model.parties, model.frontiers, model.principals, floors) == pytest.approx(0.0, abs=1e-9)

    def test_a_large_optimism_gap_empties_the_range_and_fighting_reopens_it(self):
        # both expect to win 80% of battles (gap 0.6) against true odds of 50:50; costs over the
        # horizon are 0.08 each, so the range is empty until beliefs converge
        data = war_game(max_rounds=200, belief={"A": 0.8, "B": 0.8}, strength=10.0)
        model, open_ = way_out_by_round(data, seed=1)
        gaps = model.optimism_gaps
        assert not open_[0]
        assert any(open_)
        reopened = open_.index(True)
        assert gaps[reopened] < gaps[0]
        assert gaps[reopened] <= 2 * 0.004 * 20 + 1e-9  # Fearon: gap below the summed costs
        assert model.ripe_round is not None and model.ripe_round >= reopened + 1

    def test_reservations_follow_beliefs_every_round(self):
        model = PeaceConference(load_scenario(war_game(belief={"A": 0.7, "B": 0.6})), rng=3)
        values = []
        for _ in range(10):
            model.step()
            p = model.war.belief(0)
            assert model.reservations[0] == pytest.approx(p * 1.0 + (1 - p) * 0.0 - 0.004 * 20)
            values.append(model.reservations[0])
        assert len(set(np.round(values, 9))) > 1


class TestBattlefield:
    def test_territory_moves_toward_the_stronger_side(self):
        data = war_game(max_rounds=200, battle_step=0.01)
        data["agents"][0]["capability"] = 3.0  # A three times as strong as B
        model = PeaceConference(load_scenario(data), rng=0)
        for _ in range(100):
            model.step()
        assert model.war.territory > 0.7

    def test_aid_strengthens_a_side(self):
        data = war_game(max_rounds=200, battle_step=0.01, aid={"B": 3.0})
        model = PeaceConference(load_scenario(data), rng=0)
        assert model.war.true_chances()[1] == pytest.approx(0.8)

    def test_private_information_beliefs_learn_the_true_strength(self):
        # B is publicly as strong as A but truly three times stronger; A's prior is the public view
        data = war_game(max_rounds=300, belief={"A": 0.5, "B": 0.5}, true_capability={"B": 3.0})
        model = PeaceConference(load_scenario(data), rng=2)
        for _ in range(250):
            model.step()
        assert model.war.belief(0) == pytest.approx(0.25, abs=0.08)

    def test_a_catastrophe_event_raises_costs_sharply(self):
        data = war_game(max_rounds=30)
        data["events"] = [{"round": 5, "name": "catastrophe", "set": {"war.cost_per_round.B": 0.05}}]
        model = PeaceConference(load_scenario(data), rng=0)
        for _ in range(6):
            model.step()
        assert model.war.cumulative[1] == pytest.approx(4 * 0.004 + 2 * 0.05)

    def test_misperception_makes_beliefs_drift_apart_and_a_communicator_removes_it(self):
        def mean_gap(communicator):
            data = war_game(max_rounds=300, misperception=0.3)
            data["agents"].append(agent("M", "mediator", {"X": 50}))
            data["agents"][-1]["mediation"] = {"communicator": communicator}
            gaps = []
            for seed in range(10):
                model = PeaceConference(load_scenario(data), rng=seed)
                for _ in range(40):
                    model.step()
                gaps.append(abs(model.war.optimism_gap()))
            return float(np.mean(gaps))

        assert mean_gap(0.0) > 0.02  # each side misreads different battles: beliefs part
        assert mean_gap(1.0) < 1e-12  # a communicator lets both see the same battles


class TestRipeness:
    def test_ripe_round_is_none_when_a_side_expects_to_win(self):
        data = war_game(max_rounds=30, belief={"A": 0.95, "B": 0.05}, strength=1e6, battle_step=0.01)
        data["ripeness"] = {"horizon": 20, "decisive": 0.1}
        assert run_conference(load_scenario(data), seed=0).report["ripe_round"] is None

    def test_pain_threshold_delays_ripeness(self):
        base = war_game(max_rounds=30)
        base["ripeness"] = {"pain": 0.02}  # 0.004 a round: hurts from round 5
        assert run_conference(load_scenario(base), seed=0).report["ripe_round"] == 5

    def test_convene_when_ripe_waits_for_ripeness(self):
        data = war_game(max_rounds=60)
        data["ripeness"] = {"pain": 0.04}
        data["conference"]["convene"] = "ripe"
        report = run_conference(load_scenario(data), seed=0).report
        assert report["ripe_round"] == 10
        assert report["talks_opened"] == 10
        assert report["rounds"][0]["round"] == 10

    def test_convene_at_a_fixed_round(self):
        data = war_game(max_rounds=60)
        data["conference"].update(convene="round", convene_round=7)
        report = run_conference(load_scenario(data), seed=0).report
        assert report["talks_opened"] == 7 and report["rounds"][0]["round"] == 7

    def test_a_mediator_convenes_once_one_side_hurts(self):
        data = war_game(max_rounds=60, costs=(0.01, 0.001))
        data["ripeness"] = {"pain": 0.05}  # A hurts from round 5, B only from round 50
        data["conference"]["convene"] = "mediator"
        report = run_conference(load_scenario(data), seed=0).report
        assert report["talks_opened"] == 5

    def test_never_ripe_never_convened(self):
        data = war_game(max_rounds=20)
        data["ripeness"] = {"pain": 1.0}
        data["conference"]["convene"] = "ripe"
        report = run_conference(load_scenario(data), seed=0).report
        assert (report["outcome"], report["ripe_round"], report["talks_opened"], report["rounds"]) == (
            "no_agreement",
            None,
            None,
            [],
        )

    def test_ripeness_gated_rule_stands_firm_until_ripe(self):
        data = war_game(max_rounds=60)
        data["agents"][1]["rule"] = {"type": "ripeness_gated", "beta": 1.0}
        data["ripeness"] = {"pain": 0.08}  # ripe at round 20
        model = PeaceConference(load_scenario(data), rng=0)
        for _ in range(19):
            model.step()
        assert model.aspirations[1] == 1.0
        assert model.offers[1, 0] == 100.0
        for _ in range(5):
            model.step()
        assert model.ripe_round == 20
        assert model.aspirations[1] < 1.0


def indivisible(linked=False, linkage=False, leverage=0.0):
    """NATO membership-like issue N, 0 or 100 only; optionally linked with a divisible issue D."""
    issues = ("N", "D") if linked else ("N",)
    sal = {"N": 0.5, "D": 0.5} if linked else {"N": 1.0}
    agents = [
        agent("A", "principal", {k: 0 for k in issues}, sal, reservation=0.3),
        agent("B", "principal", {k: 100 for k in issues}, sal, reservation=0.3),
        agent("M", "mediator", {k: 50 for k in issues}),
    ]
    agents[2]["mediation"] = {"linkage": linkage, "leverage": leverage}
    data = scenario(agents, issues=issues, protocol="single_text", max_rounds=40, walkout=[])
    data["issues"][0]["options"] = [0, 100]
    return data


def range_open(data):
    model = PeaceConference(load_scenario(data), rng=0)
    model.step()
    return model.ripeness.way_out


class TestIndivisibleIssues:
    def test_divisible_the_issue_has_a_bargaining_range_and_settles(self):
        data = indivisible()
        del data["issues"][0]["options"]
        assert range_open(data)
        assert run_conference(load_scenario(data), seed=0).outcome == "agreement"

    def test_indivisible_it_has_none_and_blocks_the_deal(self):
        assert not range_open(indivisible())
        report = run_conference(load_scenario(indivisible()), seed=0).report
        assert report["outcome"] == "no_agreement"
        assert report["final_text"]["N"] in (0.0, 100.0)

    def test_side_payments_restore_it_within_the_leverage_budget(self):
        report = run_conference(load_scenario(indivisible(leverage=0.35)), seed=0).report
        assert report["outcome"] == "agreement"
        assert 0.3 <= sum(report["side_payments"].values()) <= 0.35
        assert run_conference(load_scenario(indivisible(leverage=0.2)), seed=0).outcome == "no_agreement"

    def test_linking_a_divisible_issue_restores_the_range_and_the_deal(self):
        assert range_open(indivisible(linked=True))
        report = run_conference(load_scenario(indivisible(linked=True, linkage=True)), seed=0).report
        assert report["outcome"] == "agreement"
        n, d = report["terms"]["N"], report["terms"]["D"]
        assert n in (0.0, 100.0)
        assert (d < 50) == (n == 100.0)  # the loser on N is compensated on D


class TestCommitment:
    def game(self, credibility=1.0, guarantee=0.0, shift=0.3):
        data = war_game(max_rounds=40, power_shift={"B": shift})
        data["agents"].append(agent("G", "guarantor", {"X": 50}, capability=2.0))
        data["conference"].update(credibility=credibility, guarantee=guarantee, agreement="principals_plus_guarantors")
        return data

    def first_round(self, data):
        model = PeaceConference(load_scenario(data), rng=0)
        model.step()
        return model

    def test_a_rising_power_refuses_what_it_would_otherwise_accept(self):
        assert self.first_round(self.game(shift=0.0)).ripeness.way_out
        assert not self.first_round(self.game(shift=0.3)).ripeness.way_out

    def test_low_credibility_empties_the_range_for_the_declining_side(self):
        fair = self.first_round(self.game(credibility=1.0, shift=0.05))
        doubtful = self.first_round(self.game(credibility=0.3, shift=0.05))
        assert fair.ripeness.way_out and not doubtful.ripeness.way_out

    def test_guarantees_restore_it(self):
        guaranteed = self.first_round(self.game(credibility=0.3, guarantee=0.35, shift=0.05))
        assert guaranteed.ripeness.way_out


def two_level(threshold=None, known="known"):
    data = two_party(max_rounds=40, walkout=[])
    data["agents"][0]["rule"] = {"type": "time_dependent", "beta": 1.0}
    if threshold is not None:
        data["agents"][0]["ratification"] = {"Verkhovna Rada": threshold}
    data["conference"]["win_sets"] = known
    return data


class TestTwoLevelGames:
    def test_a_narrower_win_set_wins_better_terms_until_agreement_is_impossible(self):
        terms = []
        for threshold in (None, 0.55, 0.65, 0.75):
            report = run_conference(load_scenario(two_level(threshold)), seed=0).report
            assert report["outcome"] == "agreement"
            assert report["ratified"] == {"A": True, "B": True}
            terms.append(report["terms"]["X"])
        assert terms == sorted(terms, reverse=True) and terms[0] > terms[-1]  # A's ideal is 0
        # B (reservation 0) cannot be pushed below nothing, but a win-set above what B's
        # hardline position allows leaves no agreement
        data = two_level(0.9)
        data["agents"][1]["rule"] = {"type": "hardliner", "aspiration": 0.2}
        assert run_conference(load_scenario(data), seed=0).outcome != "agreement"

    def test_an_agreed_text_outside_the_win_set_fails_ratification(self):
        report = run_conference(load_scenario(two_level(0.65, known="unknown")), seed=0).report
        assert report["outcome"] == "agreement"
        assert report["ratified"] == {"A": False, "B": True}
        assert report["ratification_failures"] == {"A": ["Verkhovna Rada"]}


class TestAudienceCosts:
    def test_a_public_red_line_makes_crossing_it_costly_and_the_cost_grows(self):
        plain = run_conference(load_scenario(two_party(max_rounds=20)), seed=0).report
        data = two_party(max_rounds=20)
        data["agents"][0]["red_lines"] = [{"issue": "X", "at": 40, "cost": 0.3, "growth": 0.01}]
        committed = run_conference(load_scenario(data), seed=0).report
        assert plain["terms"]["X"] == 50.0
        assert committed["terms"]["X"] == 40.0  # A holds its offer at the red line: tied hands
        model = PeaceConference(load_scenario(data), rng=0)
        assert model.domestic.audience_costs(np.array([60.0]), 1)[0] == pytest.approx(0.31)
        assert model.domestic.audience_costs(np.array([60.0]), 10)[0] == pytest.approx(0.4)
        assert model.domestic.audience_costs(np.array([30.0]), 10)[0] == 0.0


class TestEscalation:
    def run(self, mode):
        data = war_game(max_rounds=40, sanctions={"B": 0.003}, escalation=mode)
        return run_conference(load_scenario(data), seed=0).report["escalation"]["B"]

    def test_sanctions_raise_the_targets_cost_and_grievance(self):
        report = self.run("deterrence")
        assert report["cost_effect"] == pytest.approx(0.003 * 20)
        assert report["grievance_effect"] > 0

    def test_spiral_or_deterrence_decides_which_effect_dominates(self):
        assert self.run("spiral")["dominant"] == "spiral"
        assert self.run("deterrence")["dominant"] == "deterrence"


class TestReport:
    def test_json_carries_the_war(self):
        report = run_conference(load_scenario(war_game(max_rounds=30)), seed=0).report
        assert isinstance(report["ripe_round"], int)
        assert len(report["optimism_gap"]) == report["round"]
        assert set(report["war_cost"]) == {"A", "B"}
        assert report["war_cost"]["A"] == pytest.approx(0.004 * report["round"])
        assert sum(report["territory"].values()) == pytest.approx(1.0)
        assert report["ratified"] == {"A": True, "B": True}


def test_a_formulator_drafts_toward_the_nash_solution_it_sees():
    def text_after_round_one(formulator):
        data = two_party(protocol="single_text", r_a=0.1, r_b=0.3, max_rounds=30)
        data["agents"].append(agent("M", "mediator", {"X": 50}))
        data["agents"][-1]["mediation"] = {"formulator": formulator}
        model = PeaceConference(load_scenario(data), rng=0)
        model.step()
        return float(model.text[0])

    plain, halfway, full = (text_after_round_one(f) for f in (0.0, 0.5, 1.0))
    assert full == pytest.approx(60.0)  # Nash: equal surplus, u_A - 0.1 = u_B - 0.3
    assert halfway == pytest.approx((plain + full) / 2)


def test_a_conference_that_never_convened_reports_no_votes():
    report = run_conference(REPO / "scenarios" / "ripeness.yaml", overrides=["war.belief.RUS=0.95"]).report
    assert report["talks_opened"] is None and report["rounds"] == []
    assert {a: f["accepted"] for a, f in report["actors"].items()} == {"UKR": None, "RUS": None, "USA": None}
