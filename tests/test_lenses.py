"""Theory lenses: one test class per lens (its settings, its exact effect on what a text is
worth, and its effect on the shipped 2026 conference), then layering and the command line."""

from __future__ import annotations

import statistics

import numpy as np
import pytest
from builders import agent, scenario, two_party
from conftest import REPO

from simulator import load_scenario, run_conference
from simulator.cli import main
from simulator.conference.model import PeaceConference
from simulator.negotiation.lenses import LENSES, Lens, affinity, lens_overrides, regard_matrix

TALKS = REPO / "scenarios" / "talks-2026.yaml"
SEEDS = range(10)


def worth_at(tree: dict, text: list[float]) -> list[float]:
    """What the text is worth to each party when it votes, under the tree's settings."""
    model = PeaceConference(load_scenario(tree), collect=False, rng=0)
    worth = model.valuation.worth(np.array(text), model.talk_round)
    return [round(float(v), 6) for v in worth.acceptance]


# The lenses' effect on timing is read with the known deadline moved to round 100: with the June
# 2026 deadline of the scenario (round 14) the deadline, not the lens, decides the round.
FAR_DEADLINE = ["events.0.deadline=100"]


def mean_round(lenses: list[str]) -> float:
    base = load_scenario(TALKS, FAR_DEADLINE)
    lensed = load_scenario(TALKS, FAR_DEADLINE + lens_overrides(base, lenses)) if lenses else base
    return statistics.mean(run_conference(lensed, seed=s, collect=False, history=False).report["round"] for s in SEEDS)


@pytest.fixture(scope="module")
def baseline_round() -> float:
    return mean_round([])


def test_registry_lists_the_three_traditions():
    assert list(LENSES) == ["realist", "liberal", "constructivist"]
    for cls in LENSES.values():
        assert issubclass(cls, Lens)
        assert cls.classifier["source"] and cls.__doc__ and "(" in cls.__doc__  # names its sources


class TestRealist:
    def test_overrides(self):
        assert lens_overrides(load_scenario(TALKS), ["realist"]) == [
            "conference.relative_gains=0.5",
            "conference.influence_exponent=2.0",
        ]

    def test_relative_gains_follow_grieco(self):
        # text 75: A (ideal 0) gets 0.25, B (ideal 100) 0.75, walk-away values 0.
        # Grieco: U_A = V_A - k (V_B - V_A) = 0.25 - 0.5 * 0.5 = 0; U_B = 0.75 + 0.25 = 1.0
        assert worth_at(two_party(relative_gains=0.5), [75.0]) == [0.0, 1.0]
        # an even split leaves no one behind: relative gains change nothing
        assert worth_at(two_party(relative_gains=0.5), [50.0]) == [0.5, 0.5]

    def test_power_weighted_draft(self):
        def opening_text(exponent: float) -> float:
            tree = scenario(
                [
                    agent("A", "principal", {"X": 0}, capability=1.0),
                    agent("B", "principal", {"X": 100}, capability=0.5),
                    agent("M", "mediator", {"X": 50}),
                ],
                protocol={"type": "single_text", "mediator": "M"},
                influence_exponent=exponent,
            )
            text = PeaceConference(load_scenario(tree), collect=False, rng=0).text
            assert text is not None
            return round(float(text[0]), 6)

        assert opening_text(1.0) == round(100 * 0.5 / 1.5, 6)  # capability-weighted mean of the ideals
        assert opening_text(2.0) == 20.0  # capability squared: 100 * 0.25 / 1.25

    def test_a_belligerent_compares_with_its_rival_not_the_mean_of_voters(self):
        # A and B are at war; G (ideal 50) guarantees. Text 75: gains 0.25, 0.75, 0.75 (walk-away 0).
        tree = scenario(
            [
                agent("A", "principal", {"X": 0}),
                agent("B", "principal", {"X": 100}),
                agent("G", "guarantor", {"X": 50}),
            ],
            relative_gains=0.5,
        )
        tree["war"] = {"sides": ["A", "B"]}
        # the old rule, k times the gap to the mean of the other voters, would give
        # A: 0.25 - 0.5 * ((0.75 + 0.75) / 2 - 0.25) = 0.0, G: 0.75 - 0.5 * ((0.25 + 0.75) / 2 - 0.75) = 0.875.
        # Rival rule, Snidal's weight k / (N - 1) = 0.25 with N = 3 voters, Powell's conversion only
        # between the sides at war: A 0.25 - 0.25 * (0.75 - 0.25) = 0.125, B 0.75 + 0.125, G keeps 0.75
        assert worth_at(tree, [75.0]) == [0.125, 0.875, 0.75]

    def test_a_principal_not_at_war_weighs_absolute_gains(self):
        # The war's sides default to the first two principals (A, B); C (ideal 20) is not at war.
        # Text 40: gains 0.6, 0.4, 0.8 (walk-away 0); k / (N - 1) = 0.25 with N = 3 voters.
        tree = scenario(
            [
                agent("A", "principal", {"X": 0}),
                agent("B", "principal", {"X": 100}),
                agent("C", "principal", {"X": 20}),
            ],
            relative_gains=0.5,
        )
        # A: 0.6 - 0.25 * (0.4 - 0.6) = 0.65; B: 0.4 - 0.25 * (0.6 - 0.4) = 0.35; C keeps 0.8.
        # (the mean of voters would give A 0.6, B 0.4 - 0.5 * (0.7 - 0.4) = 0.25, C 0.8 + 0.5 * 0.3 = 0.95)
        assert worth_at(tree, [40.0]) == [0.65, 0.35, 0.8]

    def test_without_war_sides_the_rivals_are_the_opposed_parties(self):
        a = affinity(np.array([[0.0], [100.0], [20.0]]), np.full((3, 1), 1.0), np.ones((3, 1), dtype=bool))
        weights = regard_matrix(a, np.ones(3, dtype=bool), relative_gains=0.5)  # rivals: affinity below 0
        surplus = np.array([0.6, 0.4, 0.8])
        # A's rival is B, B's are A and C, C's is B: 0.25 * (own - rival) summed over rivals
        assert (weights @ surplus).round(6).tolist() == [0.05, -0.15, 0.1]

    def test_relative_gains_between_the_sides_barely_move_2026(self, baseline_round):
        # six voters: Russia weighs only Ukraine's gain, at k / 5 = 0.1 (docs/lenses.md)
        assert abs(mean_round(["realist"]) - baseline_round) < 2


class TestLiberal:
    def test_overrides(self):
        tree = two_party(credibility=0.6)
        tree["agents"].append(agent("M", "mediator", {"X": 50}))
        assert lens_overrides(load_scenario(tree), ["liberal"]) == [
            "conference.agreement_value=0.02",
            "conference.credibility=0.8",  # half the gap to 1 closed
            "conference.walkout_patience=6",  # twice the default 3
            "conference.relative_gains=0",
            "agents.M.mediation.linkage=true",
        ]

    def test_an_agreement_is_worth_something_in_itself(self):
        assert worth_at(two_party(agreement_value=0.02), [75.0]) == [0.27, 0.77]

    def test_agreement_comes_sooner_in_2026(self, baseline_round):
        assert mean_round(["liberal"]) < baseline_round - 2


class TestConstructivist:
    def test_overrides(self):
        assert lens_overrides(load_scenario(TALKS), ["constructivist"]) == [
            "conference.amity=0.5",
            "conference.threat=0.5",
        ]

    def test_affinity_is_an_s_score(self):
        ideals = np.array([[0.0, 0.0], [100.0, 100.0], [0.0, 100.0]])
        saliences = np.array([[0.5, 0.5], [0.5, 0.5], [0.9, 0.1]])
        scores = affinity(ideals, saliences, np.ones((3, 2), dtype=bool))
        assert scores[0, 1] == -1.0 and scores[0, 0] == 1.0
        # A and C agree on the first issue only: weights (0.5 + 0.9) / 2 and (0.5 + 0.1) / 2
        assert scores[0, 2] == pytest.approx(1 - 2 * (0.3 * 100) / (1.0 * 100))
        assert np.allclose(scores, scores.T)

    def test_threat_makes_a_rival_gain_a_loss(self):
        # A and B have opposite ideals (affinity -1): each loses threat x the other's gain
        assert worth_at(two_party(threat=0.5), [75.0]) == [0.25 - 0.375, 0.75 - 0.125]

    def test_amity_makes_a_friend_gain_welcome(self):
        tree = scenario(
            [
                agent("A", "principal", {"X": 0}),
                agent("C", "principal", {"X": 0}),  # like-minded with A
                agent("B", "principal", {"X": 100}),
            ],
            amity=0.5,
        )
        # text 40: A and C get 0.6, B 0.4. A gains half of C's 0.6 averaged over its two others
        assert worth_at(tree, [40.0]) == [0.6 + 0.5 * 0.6 / 2, 0.6 + 0.5 * 0.6 / 2, 0.4]

    def test_regard_rows_average_over_the_other_voters(self):
        weights = regard_matrix(np.ones((3, 3)), np.array([True, True, False]), amity=1.0)
        # the observer (not a voter) counts for no one; it weighs the two voters' gains itself
        assert weights.tolist() == [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0]]

    def test_opposed_belligerents_settle_later_in_2026(self, baseline_round):
        assert mean_round(["constructivist"]) > baseline_round


class TestLayering:
    def test_later_lenses_win_and_user_settings_win_over_lenses(self, capsys):
        assert main(["run", str(TALKS), "--lens", "liberal", "--lens", "realist", "--format", "json"]) == 0
        out = capsys.readouterr().out
        assert '"conference.relative_gains=0",' in out and '"conference.relative_gains=0.5",' in out
        scenario_ = load_scenario(TALKS, [*lens_overrides(load_scenario(TALKS), ["liberal", "realist"])])
        assert scenario_.conference.settings["relative_gains"] == 0.5
        mine = load_scenario(TALKS, [*lens_overrides(scenario_, ["realist"]), "conference.relative_gains=0.1"])
        assert mine.conference.settings["relative_gains"] == 0.1

    def test_unknown_lens_is_refused(self, capsys):
        with pytest.raises(SystemExit) as info:
            main(["run", str(TALKS), "--lens", "marxist"])
        assert info.value.code == 2
        err = capsys.readouterr().err  # (argparse quotes the choices since Python 3.12.8)
        assert "argument --lens: invalid choice: 'marxist'" in err
        assert all(name in err for name in ("constructivist", "liberal", "realist"))
        with pytest.raises(ValueError, match="unknown lens 'marxist'; choose from realist, liberal, constructivist"):
            lens_overrides(load_scenario(TALKS), ["marxist"])

    def test_a_neutral_scenario_is_unchanged(self):
        plain = run_conference(TALKS, seed=3, collect=False).report
        zeroed = run_conference(
            TALKS,
            seed=3,
            collect=False,
            overrides=["conference.relative_gains=0", "conference.amity=0", "conference.influence_exponent=1"],
        ).report
        assert {k: v for k, v in zeroed.items() if k != "overrides"} == {
            k: v for k, v in plain.items() if k != "overrides"
        }
