"""Splitting a unit pie (simulator/core/unit_pie.py), checked against numbers from theory."""

import math

import pytest

from simulator.core.unit_pie import (
    egalitarian_split,
    kalai_smorodinsky_split,
    nash_split,
    rubinstein_share,
    utilitarian_split,
    zeuthen_risk,
)


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


def test_zeuthen_risk():
    assert zeuthen_risk(0.8, 0.5, 0.2) == pytest.approx(0.5)
    assert zeuthen_risk(0.8, 0.1, 0.2) == 1.0  # the other's offer is worse than fighting
    assert zeuthen_risk(0.6, 0.6) == 0.0
