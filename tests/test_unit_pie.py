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


# --- non-zero disagreement points: the closed forms solved in the test by bisection (issue 17) -----------------------


def root(f, low: float = 0.0, high: float = 1.0) -> float:
    """The zero of ``f`` on [low, high] by bisection (``f(low)`` and ``f(high)`` of opposite signs)."""
    rising = f(high) > f(low)
    for _ in range(100):
        mid = (low + high) / 2
        if (f(mid) < 0) == rising:
            low = mid
        else:
            high = mid
    return (low + high) / 2


D1, D2 = 0.1, 0.3  # unequal disagreement points: swapping or dropping them moves every split


class TestDisagreementPoints:
    """u1 = x, u2 = sqrt(1 - x), d = (0.1, 0.3)."""

    def test_nash(self):
        # d/dx [log(x - d1) + log(sqrt(1 - x) - d2)] = 1/(x - d1) - 1/(2 sqrt(1-x) (sqrt(1-x) - d2)) = 0
        def slope(x: float) -> float:
            s = math.sqrt(1 - x)
            return 1 / (x - D1) - 1 / (2 * s * (s - D2))

        expected = root(slope, D1 + 1e-9, 1 - D2**2 - 1e-9)
        assert nash_split(lambda x: x, math.sqrt, D1, D2) == pytest.approx(expected, abs=1e-6)
        assert abs(expected - nash_split(lambda x: x, math.sqrt)) > 0.01  # the disagreement point matters here

    def test_kalai_smorodinsky(self):
        # equal fractions of the best gains: (x - d1) / (1 - d1) = (sqrt(1 - x) - d2) / (1 - d2)
        expected = root(lambda x: (x - D1) / (1 - D1) - (math.sqrt(1 - x) - D2) / (1 - D2))
        assert kalai_smorodinsky_split(lambda x: x, math.sqrt, D1, D2) == pytest.approx(expected, abs=1e-9)
        swapped = root(lambda x: (x - D2) / (1 - D2) - (math.sqrt(1 - x) - D1) / (1 - D1))
        assert abs(expected - swapped) > 0.01

    def test_egalitarian(self):
        # equal absolute gains: x - d1 = sqrt(1 - x) - d2
        expected = root(lambda x: (x - D1) - (math.sqrt(1 - x) - D2))
        assert egalitarian_split(lambda x: x, math.sqrt, D1, D2) == pytest.approx(expected, abs=1e-9)
        assert abs(expected - (math.sqrt(5) - 1) / 2) > 0.01

    def test_kalai_smorodinsky_measures_best_gains_from_the_disagreement_point(self):
        # u1 = 2x (best 2), u2 = 1 - x (best 1), d = (0.4, 0.2): (2x - 0.4) / 1.6 = (0.8 - x) / 0.8
        # -> 2x - 0.4 = 1.6 - 2x -> x = 0.5
        assert kalai_smorodinsky_split(lambda x: 2 * x, lambda y: y, 0.4, 0.2) == pytest.approx(0.5, abs=1e-9)

    def test_nash_with_a_grid(self):
        # asymmetric utilities, disagreement (0.05, 0.2): the split maximising the product on a fine grid
        u1, u2 = (lambda x: x**0.7), (lambda y: 1.5 * y)
        xs = [i / 200000 for i in range(200001)]
        best = max(xs, key=lambda x: (u1(x) - 0.05) * (u2(1 - x) - 0.2) if u1(x) > 0.05 and u2(1 - x) > 0.2 else -1)
        assert nash_split(u1, u2, 0.05, 0.2) == pytest.approx(best, abs=2e-5)


def test_utilitarian_with_unequal_utilities():
    # u1 = 2 sqrt(x), u2 = 1 - x: 1 / sqrt(x) = 1 -> x = 1; u1 = sqrt(x), u2 = 1 - x: 1 / (2 sqrt x) = 1 -> x = 1/4
    assert utilitarian_split(lambda x: math.sqrt(x), lambda y: y) == pytest.approx(0.25, abs=1e-6)
    assert utilitarian_split(lambda x: x, lambda y: 2 * math.sqrt(y)) == pytest.approx(0.0, abs=1e-5)


@pytest.mark.parametrize(("d1", "d2"), [(0.5, 0.8), (0.8, 0.5), (0.0, 0.9), (0.9, 0.0), (0.3, 0.3)])
def test_rubinstein_closed_form(d1, d2):
    # Rubinstein (1982): the first proposer gets (1 - d2) / (1 - d1 d2); stated here for each pair
    expected = {(0.5, 0.8): 0.2 / 0.6, (0.8, 0.5): 0.5 / 0.6, (0.0, 0.9): 0.1, (0.9, 0.0): 1.0, (0.3, 0.3): 0.7 / 0.91}
    assert rubinstein_share(d1, d2) == pytest.approx(expected[(d1, d2)], rel=1e-12)


@pytest.mark.parametrize(
    ("own", "other", "reservation", "risk"),
    [
        (0.8, 0.5, 0.0, 0.3 / 0.8),
        (0.9, 0.6, 0.3, 0.5),
        (0.5, 0.45, 0.1, 0.125),
        (0.7, 0.3, 0.3, 1.0),  # the other's offer is only as good as walking away
        (0.7, 0.2, 0.3, 1.0),
        (0.3, 0.35, 0.3, 1.0),  # its own offer gains it nothing
        (0.2, 0.25, 0.3, 1.0),
        (0.6, 0.6, 0.2, 0.0),
    ],
)
def test_zeuthen_risk_cases(own, other, reservation, risk):
    # Zeuthen (1930): (u(own) - u(other)) / (u(own) - r), or 1 when either offer is no better than conflict
    assert zeuthen_risk(own, other, reservation) == pytest.approx(risk, rel=1e-12)
