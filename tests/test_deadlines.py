"""The clock of the talks (issue 12): the horizon is not a deadline, what a time-dependent party
concedes against instead, ultimatums, and talks that are suspended and reconvene."""

import math
import warnings

import numpy as np
import pytest
from builders import agent, scenario, two_party

from simulator import PeaceConference, load_scenario
from simulator.negotiation.rules.deadlines import given_up, war_deadlines
from simulator.scenario import ScenarioWarning


def settle(data, seed=0):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScenarioWarning)
        model = PeaceConference(load_scenario(data), rng=seed, collect=False)
    model.run_model()
    return model


class TestGivenUp:
    """Faratin's share of the way given up, ``(t / T) ** (1 / beta)``, against a believed T."""

    @pytest.mark.parametrize(
        ("t", "deadline", "beta", "share"), [(3, 12, 1.0, 0.25), (3, 12, 0.5, 0.0625), (3, 12, 2.0, 0.5)]
    )
    def test_closed_form(self, t, deadline, beta, share):
        assert given_up(t, deadline, beta) == pytest.approx(share, abs=1e-15)

    def test_past_the_deadline_it_has_given_up_everything(self):
        assert given_up(30, 12, 0.3) == 1.0

    def test_no_deadline_means_no_concession_on_time_alone(self):
        assert given_up(500, math.inf, 3.0) == 0.0

    def test_an_uncertain_deadline_is_the_mean_over_the_rounds_it_may_fall_in(self):
        # T uniform on 8..12, t = 9, beta 1: (1 + 1 + 9/10 + 9/11 + 9/12) / 5
        assert given_up(9, 10, 1.0, spread=2) == pytest.approx((1 + 1 + 0.9 + 9 / 11 + 0.75) / 5, abs=1e-15)
        # beta 0.5 (Boulware): each share squared, T on 3..7 at t = 4
        shares = [min(1.0, 4 / end) ** 2 for end in range(3, 8)]
        assert given_up(4, 5, 0.5, spread=2) == pytest.approx(sum(shares) / 5, abs=1e-15)

    @pytest.mark.parametrize("deadline", [0, -3])
    def test_a_deadline_of_zero_or_less_is_none(self, deadline):
        assert given_up(4, deadline, 1.0) == 0.0


class TestWarDeadlines:
    def test_stake_over_cost_and_the_sides_pace_for_third_parties(self):
        # A: 0.6 / 0.01 = 60 rounds; B: 0.5 / 0.002 = 250; C bears no cost: (60 + 250) / 2
        got = war_deadlines(np.array([0.6, 0.5, 0.8]), np.array([0.01, 0.002, 0.0]), [0, 1])
        assert got.tolist() == pytest.approx([60.0, 250.0, 155.0])

    def test_the_pace_of_those_without_a_cost_is_the_belligerents_only(self):
        # sides A (0.5 / 0.01 = 50) and B (0.5 / 0.005 = 100); C pays too (0.5 / 0.02 = 25) but is no side
        got = war_deadlines(np.full(4, 0.5), np.array([0.01, 0.005, 0.02, 0.0]), [0, 1])
        assert got.tolist() == pytest.approx([50.0, 100.0, 25.0, 75.0])

    def test_when_no_side_pays_those_without_a_cost_keep_the_pace_of_those_who_do(self):
        got = war_deadlines(np.full(3, 0.6), np.array([0.0, 0.0, 0.01]), [0, 1])
        assert got.tolist() == pytest.approx([60.0, 60.0, 60.0])

    def test_without_a_cost_of_war_nobody_is_pressed(self):
        assert np.isinf(war_deadlines(np.array([0.5, 0.5, 0.5]), np.zeros(3), [0, 1])).all()

    def test_a_time_dependent_party_concedes_at_the_pace_the_war_sets(self):
        # A bears 0.02 a round; at the first round of talks its reservation has fallen to 0.2 - 0.02
        # = 0.18 (fixed reservations), so its stake is 0.82 and its pace T = 0.82 / 0.02 = 41 rounds.
        data = two_party("time_dependent", "hardliner", r_a=0.2, max_rounds=5, deadline=0, walkout=[])
        data["war"] = {"cost_per_round": {"A": 0.02}}
        model = PeaceConference(load_scenario(data), rng=0, collect=False)
        for t in range(1, 5):
            model.step()
            r = 0.2 - 0.02 * t
            assert model.aspirations[0] == pytest.approx(r + (1 - r) * (1 - t / 41), abs=1e-12), t


class TestHorizonIsNotADeadline:
    """With no deadline the parties know, how far we look must not change what happens before."""

    @staticmethod
    def war_of_attrition(max_rounds, deadline=0):
        data = scenario(
            [
                agent(
                    "A",
                    "principal",
                    {"X": 0, "Y": 20},
                    {"X": 0.7, "Y": 0.3},
                    {"type": "time_dependent", "beta": 0.5},
                    0.3,
                ),
                agent(
                    "B",
                    "principal",
                    {"X": 100, "Y": 90},
                    {"X": 0.4, "Y": 0.6},
                    {"type": "time_dependent", "beta": 2.0},
                    0.3,
                ),
            ],
            issues=("X", "Y"),
            protocol={"type": "alternating_offers"},  # the first proposer is drawn from the seed
            max_rounds=max_rounds,
            deadline=deadline,
        )
        data["war"] = {
            "cost_per_round": {"A": 0.01, "B": 0.008},
            "battle_step": 0.01,
            "reservation": "lottery",
            "belief": {"A": 0.6, "B": 0.6},
        }
        return data

    def settlements(self, max_rounds, deadline=0, seeds=range(12)):
        return [settle(self.war_of_attrition(max_rounds, deadline), seed) for seed in seeds]

    def test_doubling_the_horizon_leaves_every_run_unchanged_inside_the_first(self):
        short, long = self.settlements(48), self.settlements(96)
        inside = [m for m in short if m.outcome == "agreement"]
        assert 3 <= len(inside) < len(short)  # some settle inside the first horizon, some after it
        for s, lng in zip(short, long, strict=True):
            if s.outcome == "agreement":
                assert (lng.outcome, lng.settled_round, lng.text.tolist()) == (
                    s.outcome,
                    s.settled_round,
                    s.text.tolist(),
                )
            else:  # not settled within 48 rounds: not within the first 48 of the longer run either
                assert lng.settled_round > 48

    def test_a_deadline_tied_to_the_horizon_would_move_the_settlements(self):
        """The contrast: when the parties believe the talks end at the horizon, the horizon decides."""
        short = [m.settled_round for m in self.settlements(48, deadline=48, seeds=range(4))]
        long = [m.settled_round for m in self.settlements(96, deadline=96, seeds=range(4))]
        assert short != long


class TestUltimatum:
    def test_an_announced_deadline_starts_the_concessions(self):
        # no war and no deadline: both hold their ideals; in round 5 they learn the talks end by
        # round 10, so A's demand at talk round t >= 5 is 1 - t / 10 (beta 1, reservation 0)
        data = two_party(max_rounds=10, deadline=0)
        data["events"] = [{"round": 5, "name": "ultimatum", "deadline": 10}]
        model = PeaceConference(load_scenario(data), rng=0, collect=False)
        levels = []
        while model.running:
            model.step()
            levels.append(model.aspirations[0])
        assert levels[:4] == [1.0] * 4
        # both demand 0.5 in round 5 and agree at once on the middle
        assert levels[4:] == [pytest.approx(0.5, abs=1e-12)]
        assert (model.outcome, model.text.tolist()) == ("agreement", [pytest.approx(50.0)])

    def test_without_deadline_or_war_the_scenario_warns_that_nobody_will_concede(self):
        with pytest.warns(ScenarioWarning, match="will never concede"):
            load_scenario(two_party(max_rounds=10, deadline=0))


class TestSuspendAndReconvene:
    @staticmethod
    def data(reconvene="convene"):
        # A's walk-away value (0.7) beats anything hardliner B will give it, so it walks out in
        # round 3 (walkout_patience 3). In round 8 an event takes its walk-away value to 0: from
        # then on the talks are worth more to it than fighting, and they reconvene (the pause of 4
        # rounds is over by then).
        data = two_party("time_dependent", "hardliner", r_a=0.7, max_rounds=20, walkout_patience=3, reconvene=reconvene)
        data["events"] = [{"round": 8, "name": "A's prospects collapse", "set": {"agents.A.reservation": 0.0}}]
        return data

    def test_talks_collapse_and_reconvene(self):
        model = settle(self.data())
        episodes = [(e.opened, e.opened_by, e.closed, e.ended, e.left) for e in model.episodes]
        assert episodes == [(1, "start", 3, "suspended", "A"), (8, "reconvened", 20, "agreement", None)]
        assert "fighting on was worth more to it" in model.episodes[0].why
        # hardliner B takes only its ideal: A accepts it once its demand, 1 - t/20, reaches 0
        assert (model.outcome, model.settled_round, model.text.tolist()) == ("agreement", 20, [100.0])

    def test_no_talks_while_suspended(self):
        model = settle(self.data())
        assert [record.round for record in model.history] == [1, 2, 3, *range(8, 21)]

    def test_never_reconvene_ends_the_run_at_the_walkout(self):
        model = settle(self.data(reconvene="never"))
        assert (model.outcome, model.settled_round, model.walked_out) == ("breakdown", 3, "A")
        assert [(e.closed, e.ended) for e in model.episodes] == [(3, "suspended")]

    def test_a_suspension_that_lasts_to_the_horizon_is_a_breakdown(self):
        data = self.data()
        data["events"] = []
        model = settle(data)
        assert (model.outcome, model.settled_round, model.walked_out, model.round) == ("breakdown", 3, "A", 20)
        assert len(model.episodes) == 1


class TestRipenessResponds:
    """The thresholds behind ripeness are parameters (ripeness.pain, .decisive, .horizon), and a
    sweep over one shows its effect on when the conflict becomes ripe."""

    def test_a_sweep_over_the_pain_threshold_moves_the_ripe_date(self, tmp_path):
        from simulator.sweeps.run import sweep

        frame = sweep(
            "scenarios/essay-2024.yaml", ["ripeness.pain=0.02,0.1,0.2"], seeds=6, out=tmp_path / "s", workers=1
        )
        ripe = frame.pivot(index="seed", columns="ripeness.pain", values="ripe_round")
        # the war does not depend on the threshold: with the same seed, a side that must bear more
        # cost before it hurts perceives the stalemate no sooner (never: NaN, the latest of all)
        filled = ripe.fillna(10_000)
        assert (filled[0.02] <= filled[0.1]).all() and (filled[0.1] <= filled[0.2]).all()
        assert filled[0.02].median() < filled[0.2].median()
        assert frame["ripe_date"].notna().any()  # the sweep's rows give the dates too


class TestNoPositionNoInfluence:
    """An actor with no position on an issue has no say on it (issue 14): whatever stands in for its
    ideal there, the texts, votes and outcome are the same."""

    @staticmethod
    def run(protocol, g_on_y=None):
        g_position = {"X": 30} if g_on_y is None else {"X": 30, "Y": g_on_y}
        g_salience = {"X": 1.0} if g_on_y is None else {"X": 1.0, "Y": 0.0}
        data = scenario(
            [
                agent("A", "principal", {"X": 0, "Y": 10}, {"X": 0.6, "Y": 0.4}, "time_dependent", 0.1),
                agent("B", "principal", {"X": 100, "Y": 80}, {"X": 0.3, "Y": 0.7}, "time_dependent", 0.2),
                agent("G", "guarantor", g_position, g_salience, "time_dependent", 0.1),
                agent("M", "mediator", {"X": 50, "Y": 50}, {"X": 0.5, "Y": 0.5}, "time_dependent"),
            ],
            issues=("X", "Y"),
            protocol=protocol,
            max_rounds=30,
        )
        model = settle(data, seed=3)
        return model.outcome, model.settled_round, [record.text for record in model.history]

    @pytest.mark.parametrize("protocol", [{"type": "single_text", "noise": 1}, {"type": "alternating_offers"}])
    def test_its_stand_in_ideal_changes_nothing(self, protocol):
        none = self.run(protocol)
        assert none == self.run(protocol, g_on_y=0) == self.run(protocol, g_on_y=100)


class TestConveningRuleNow:
    """Suspended talks reconvene only when the convening rule would call them on this round's war."""

    @staticmethod
    def ripeness(convene):
        data = two_party(max_rounds=10, convene=convene, walkout=[])
        data["war"] = {"cost_per_round": {"A": 0.01, "B": 0.01}}
        return PeaceConference(load_scenario(data), rng=0, collect=False).ripeness

    @pytest.mark.parametrize(
        ("hurting", "way_out", "expected"),
        [([True, True], True, True), ([True, False], True, False), ([True, True], False, False)],
    )
    def test_ripe_means_every_side_hurts_and_a_way_out_exists_now(self, hurting, way_out, expected):
        ripeness = self.ripeness("ripe")
        ripeness.hurting, ripeness._way_out = np.array(hurting), way_out
        assert ripeness.convening_rule_holds() is expected

    def test_without_a_war_ripe_means_a_way_out(self):
        ripeness = self.ripeness("ripe")
        ripeness.war.sides = []  # as under a classic model: nobody fights, nobody hurts
        ripeness.hurting, ripeness._way_out = np.array([False, False]), True
        assert ripeness.convening_rule_holds() is True

    @pytest.mark.parametrize(("hurting", "expected"), [([False, True], True), ([False, False], False)])
    def test_a_mediator_brings_the_sides_once_one_hurts(self, hurting, expected):
        ripeness = self.ripeness("mediator")
        ripeness.hurting, ripeness._way_out = np.array(hurting), False
        assert ripeness.convening_rule_holds() is expected

    @pytest.mark.parametrize("convene", ["start", "round"])
    def test_start_and_round_call_the_talks_at_once(self, convene):
        ripeness = self.ripeness(convene)
        ripeness.hurting, ripeness._way_out = np.array([False, False]), False
        assert ripeness.convening_rule_holds() is True
