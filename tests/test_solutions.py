"""The textbook solutions (simulator/core/solutions.py and two_party.py), checked against theory."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from rule_states import POSITIONS, saliences

from simulator.core.solutions import max_min_surplus, nash_bargaining, weighted_mean, weighted_median
from simulator.core.two_party import two_party_frontier, two_party_max_min, two_party_nash
from simulator.core.utility import utilities, utility_matrix


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


def test_weighted_median_ignores_agents_without_a_stake():
    ideals = np.array([[0.0], [100.0], [50.0]])
    saliences = np.array([[1.0], [1.0], [0.0]])  # the third has no position on the issue
    assert weighted_median(ideals, saliences, np.ones(3))[0] == 50.0
    ideals[2, 0] = 10.0
    assert weighted_median(ideals, saliences, np.ones(3))[0] == 50.0


def test_weighted_mean_counts_powerless_parties_equally():
    assert weighted_mean(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.zeros(2))[0] == 50.0


@st.composite
def two_parties(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two parties with linear utilities on 1..4 issues, and their reservations."""
    m = draw(st.integers(1, 4))
    ideals = draw(arrays(float, (2, m), elements=POSITIONS))
    reservations = draw(arrays(float, 2, elements=st.floats(0.0, 0.6)))
    return ideals, draw(saliences(2, m)), reservations


def texts_between(ideals: np.ndarray, count: int = 400) -> np.ndarray:
    """Random texts in the box the two ideals span (where every Pareto-optimal text lies)."""
    rng = np.random.default_rng(0)
    low, high = ideals.min(axis=0), ideals.max(axis=0)
    return low + rng.random((count, ideals.shape[1])) * (high - low)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # a salience of 1e-308 makes a ratio inf
@settings(max_examples=100, deadline=None)
@given(parties=two_parties())
def test_two_party_frontier_is_pareto_optimal_and_concave(parties) -> None:
    """No text beats a frontier vertex for both parties; the frontier trades utility one for the
    other at a falling rate (logrolling, Raiffa 1982)."""
    ideals, weights, _ = parties
    u_a, u_b, texts = two_party_frontier(ideals, weights)
    np.testing.assert_allclose(utility_matrix(texts, ideals, weights), [u_a, u_b], atol=1e-12)
    others = utility_matrix(texts_between(ideals), ideals, weights)
    for a, b in zip(u_a, u_b, strict=True):
        assert not ((others[0] > a + 1e-9) & (others[1] > b + 1e-9)).any()
    d_a, d_b = np.diff(u_a), np.diff(u_b)
    moving = d_a < -1e-12
    rates = -d_b[moving] / d_a[moving]  # what B gains per unit A gives up, piece by piece
    assert (np.diff(rates) <= 1e-9 * (1 + rates[:-1])).all()


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@settings(max_examples=100, deadline=None)
@given(parties=two_parties())
def test_exact_two_party_solutions_beat_every_other_text(parties) -> None:
    """The max-min text's smallest surplus, and the Nash solution's product of surpluses (Nash
    1950), are at least those of any text."""
    ideals, weights, reservations = parties
    others = utility_matrix(texts_between(ideals), ideals, weights) - reservations[:, None]
    text, surplus = two_party_max_min(ideals, weights, reservations)
    assert min(utilities(text, ideals, weights) - reservations) == pytest.approx(surplus, abs=1e-9)
    assert surplus >= others.min(axis=0).max() - 1e-9
    nash = two_party_nash(ideals, weights, reservations)
    if nash is None:
        assert surplus <= 1e-9  # no text gives both more than walking away
        return
    gains = utilities(nash, ideals, weights) - reservations
    assert (gains > 0).all()
    best_other = np.where((others > 0).all(axis=0), others.prod(axis=0), 0.0).max()
    assert gains.prod() >= best_other - 1e-9


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_compromise_positions_lie_among_the_ideals(data: st.DataObject) -> None:
    """The weighted mean and the weighted median of an issue lie between the extreme ideals of
    those who weigh it (an issue nobody weighs gets 50)."""
    n, m = data.draw(st.integers(1, 6)), data.draw(st.integers(1, 4))
    ideals, weights = data.draw(arrays(float, (n, m), elements=POSITIONS)), data.draw(saliences(n, m))
    # a capability is zero or a share the data can state; a subnormal weight underflows (5e-324 * 1.5 == 5e-324)
    capabilities = data.draw(arrays(float, n, elements=st.one_of(st.just(0.0), st.floats(1e-6, 10.0))))
    weighed = weights > 0
    low = np.where(weighed, ideals, np.inf).min(axis=0)
    high = np.where(weighed, ideals, -np.inf).max(axis=0)
    mean, median = weighted_mean(ideals, weights, capabilities), weighted_median(ideals, weights, capabilities)
    for solution, counted in ((mean, weighed.any(axis=0)), (median, (capabilities[:, None] * weights > 0).any(axis=0))):
        inside = (solution >= low - 1e-9) & (solution <= high + 1e-9)
        assert np.where(counted, inside, solution == 50.0).all()
