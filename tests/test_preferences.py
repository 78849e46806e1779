"""Utilities and the textbook solutions, checked against numbers from theory."""

import math

import numpy as np
import pytest

from simulator.core.solutions import max_min_surplus, nash_bargaining, weighted_mean, weighted_median
from simulator.core.unit_pie import (
    egalitarian_split,
    kalai_smorodinsky_split,
    nash_split,
    rubinstein_share,
    utilitarian_split,
    zeuthen_risk,
)
from simulator.core.utility import concede_toward, utilities


def sqrt_pie():
    return (lambda x: x), (lambda y: math.sqrt(y))


class TestUnitPie:
    """Split a unit pie with u1 = x, u2 = sqrt(1 - x), disagreement 0 (the BRIEF's textbook check)."""

    def test_nash_gives_two_thirds(self):
        assert nash_split(*sqrt_pie()) == pytest.approx(2 / 3, abs=1e-6)

    def test_kalai_smorodinsky_gives_golden_section(self):
        # x = sqrt(1 - x)  =>  x = (sqrt(5) - 1) / 2
        assert kalai_smorodinsky_split(*sqrt_pie()) == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-9)

    def test_utilitarian_gives_three_quarters(self):
        assert utilitarian_split(*sqrt_pie()) == pytest.approx(0.75, abs=1e-6)

    def test_egalitarian_equals_kalai_smorodinsky_when_best_gains_are_equal(self):
        assert egalitarian_split(*sqrt_pie()) == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-9)

    def test_egalitarian_and_kalai_smorodinsky_differ_when_best_gains_differ(self):
        u1, u2 = (lambda x: x), (lambda y: 0.5 * math.sqrt(y))
        # x = 0.5 sqrt(1 - x)  =>  x^2 + x/4 - 1/4 = 0
        assert egalitarian_split(u1, u2) == pytest.approx((-0.25 + math.sqrt(1.0625)) / 2, abs=1e-9)
        assert kalai_smorodinsky_split(u1, u2) == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-9)

    def test_nash_with_disagreement_point_linear(self):
        # u1 = x, u2 = 1 - x, d = (0.2, 0.4): equal surplus split -> x = 0.4
        assert nash_split(lambda x: x, lambda y: y, 0.2, 0.4) == pytest.approx(0.4, abs=1e-6)


class TestRubinstein:
    def test_equal_patience_favours_first_mover(self):
        assert rubinstein_share(0.9, 0.9) == pytest.approx(1 / 1.9)

    def test_more_patient_responder_gets_more(self):
        assert rubinstein_share(0.9, 0.99) < rubinstein_share(0.9, 0.9)

    def test_limit_of_patience_is_half(self):
        assert rubinstein_share(0.99999, 0.99999) == pytest.approx(0.5, abs=1e-4)


class TestUtilities:
    def test_linear_utility_is_one_minus_weighted_distance(self):
        ideals = np.array([[0.0, 100.0]])
        saliences = np.array([[0.25, 0.75]])
        assert utilities(np.array([40.0, 60.0]), ideals, saliences)[0] == pytest.approx(1 - 0.25 * 0.4 - 0.75 * 0.4)

    def test_quadratic_utility(self):
        assert utilities(np.array([50.0]), np.array([[0.0]]), np.array([[1.0]]), "quadratic")[0] == pytest.approx(0.75)

    @pytest.mark.parametrize("form", ["linear", "quadratic"])
    @pytest.mark.parametrize("aspiration", [1.0, 0.9, 0.6, 0.2])
    def test_concede_toward_hits_the_aspiration(self, form, aspiration):
        ideal, target, salience = np.array([10.0, 80.0]), np.array([90.0, 20.0]), np.array([0.6, 0.4])
        offer = concede_toward(ideal, target, salience, aspiration, form)
        reachable = utilities(target, ideal[None], salience[None], form)[0]
        expected = max(aspiration, reachable)
        assert utilities(offer, ideal[None], salience[None], form)[0] == pytest.approx(expected)

    def test_concede_toward_takes_target_on_issues_it_does_not_weigh(self):
        offer = concede_toward(np.array([0.0, 50.0]), np.array([100.0, 80.0]), np.array([1.0, 0.0]), 0.9)
        assert offer.tolist() == pytest.approx([10.0, 80.0])


class TestCompromiseModel:
    def test_weighted_mean_is_capability_times_salience(self):
        ideals = np.array([[0.0, 0.0], [100.0, 100.0]])
        saliences = np.array([[0.5, 0.5], [0.2, 0.8]])
        caps = np.array([1.0, 2.0])
        expected = [100 * 0.4 / (0.5 + 0.4), 100 * 1.6 / (0.5 + 1.6)]
        assert weighted_mean(ideals, saliences, caps).tolist() == pytest.approx(expected)

    def test_weighted_median_ignores_extremes(self):
        ideals = np.array([[0.0], [45.0], [55.0], [100.0]])
        caps = np.array([1.0, 1.0, 1.0, 0.5])
        assert weighted_median(ideals, np.ones((4, 1)), caps)[0] == 45.0


class TestNashBargaining:
    @pytest.mark.parametrize(("r1", "r2"), [(0.0, 0.0), (0.1, 0.3), (0.4, 0.1)])
    def test_one_issue_splits_surplus_equally(self, r1, r2):
        x = nash_bargaining(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([r1, r2]))
        # u1 = 1 - x/100, u2 = x/100; u1 - r1 = u2 - r2
        assert x[0] == pytest.approx(50 * (1 - r1 + r2), abs=0.05)

    def test_logrolling_gives_each_side_the_issue_it_cares_about(self):
        ideals = np.array([[0.0, 0.0], [100.0, 100.0]])
        saliences = np.array([[0.8, 0.2], [0.2, 0.8]])
        x = nash_bargaining(ideals, saliences, np.zeros(2))
        assert x[0] == pytest.approx(0.0, abs=0.1)
        assert x[1] == pytest.approx(100.0, abs=0.1)

    def test_quadratic_matches_first_order_condition(self):
        # u1 = 1 - (x/100)^2, u2 = 1 - (1 - x/100)^2, r = 0: maximise log u1 + log u2 on a grid
        x = nash_bargaining(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.zeros(2), form="quadratic")
        assert x[0] == pytest.approx(50.0, abs=0.05)

    def test_empty_bargaining_range_has_no_solution(self):
        ideals = np.array([[0.0], [100.0]])
        assert nash_bargaining(ideals, np.ones((2, 1)), np.array([0.6, 0.6])) is None
        _, surplus = max_min_surplus(ideals, np.ones((2, 1)), np.array([0.6, 0.6]))
        assert surplus == pytest.approx(-0.1)


def test_zeuthen_risk():
    assert zeuthen_risk(0.8, 0.5, 0.2) == pytest.approx(0.5)
    assert zeuthen_risk(0.8, 0.1, 0.2) == 1.0  # the other's offer is worse than fighting
    assert zeuthen_risk(0.6, 0.6) == 0.0


def test_weighted_median_ignores_agents_without_a_stake():
    ideals = np.array([[0.0], [100.0], [50.0]])
    saliences = np.array([[1.0], [1.0], [0.0]])  # the third has no position on the issue
    assert weighted_median(ideals, saliences, np.ones(3))[0] == 50.0
    ideals[2, 0] = 10.0
    assert weighted_median(ideals, saliences, np.ones(3))[0] == 50.0


def test_weighted_mean_counts_powerless_parties_equally():
    assert weighted_mean(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.zeros(2))[0] == 50.0
