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


# --- independent numbers for the solutions (issue 17) --------------------------------------------------------------


def brute_median(positions: np.ndarray, weights: np.ndarray) -> float:
    """Black's weighted median by its definition: the positions minimising ``sum w |x - p|`` (a
    point, or a stretch between two positions where the weight splits in half: its midpoint)."""
    staked = weights > 0
    p, w = positions[staked], weights[staked]
    cost = np.array([(w * np.abs(c - p)).sum() for c in p])
    best = p[cost <= cost.min() + 1e-9 * (1.0 + cost.min())]
    return (best.min() + best.max()) / 2.0


class TestWeightedMedian:
    def test_sorts_by_position_not_by_weight(self):
        # positions 0, 40, 100 with weights 2, 1, 1.5: by position the weight passes half (2.25) at 40
        # (sum w|x - p|: 190 at 0, 170 at 40, 260 at 100); sorted by weight it would pass at 100
        ideals = np.array([[0.0], [40.0], [100.0]])
        assert weighted_median(ideals, np.ones((3, 1)), np.array([2.0, 1.0, 1.5]))[0] == 40.0
        assert brute_median(ideals[:, 0], np.array([2.0, 1.0, 1.5])) == 40.0

    def test_weight_is_capability_times_salience_per_issue(self):
        ideals = np.array([[0.0, 0.0], [30.0, 30.0], [100.0, 100.0]])
        saliences = np.array([[0.9, 0.1], [0.5, 0.5], [0.1, 0.9]])
        caps = np.array([1.0, 1.0, 2.0])
        # issue 1: weights 0.9, 0.5, 0.2 -> half 0.8 passed at 0; issue 2: 0.1, 0.5, 1.8 -> at 100
        assert weighted_median(ideals, saliences, caps).tolist() == [0.0, 100.0]

    def test_exact_half_takes_the_midpoint_of_the_two_middle_positions(self):
        ideals = np.array([[70.0], [10.0], [20.0]])
        # by position: 10 (w 1), 20 (w 2), 70 (w 3); half is 3, reached exactly at 20 -> (20 + 70) / 2
        assert weighted_median(ideals, np.ones((3, 1)), np.array([3.0, 1.0, 2.0]))[0] == 45.0

    @pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
    def test_a_near_tie_is_not_a_tie_at_any_scale(self, scale):
        # weights 0.501 and 0.499 (times a scale): sum w |x - p| is 49.9 * scale at 0 and 50.1 * scale at 100,
        # so the median is 0, not the midpoint of a tie; an exact split (0.5, 0.5) is a tie: 50
        ideals, ones = np.array([[0.0], [100.0]]), np.ones((2, 1))
        assert weighted_median(ideals, ones, scale * np.array([0.501, 0.499]))[0] == 0.0
        assert weighted_median(ideals, ones, scale * np.array([0.499, 0.501]))[0] == 100.0
        assert weighted_median(ideals, ones, scale * np.array([0.5, 0.5]))[0] == 50.0

    def test_an_issue_nobody_weighs_is_fifty(self):
        ideals = np.array([[0.0, 10.0], [100.0, 20.0]])
        assert weighted_median(ideals, np.array([[1.0, 0.0], [1.0, 0.0]]), np.array([1.0, 3.0]))[1] == 50.0

    @settings(max_examples=150, deadline=None)
    @given(data=st.data())
    def test_equals_the_brute_force_minimiser(self, data: st.DataObject) -> None:
        """Whole-number positions and weights keep every sum exact, so the minimiser of
        ``sum w |x - p|`` over the candidate positions is found without tolerance trouble."""
        n, m = data.draw(st.integers(1, 7)), data.draw(st.integers(1, 3))
        ideals = data.draw(arrays(float, (n, m), elements=st.integers(0, 100).map(float)))
        weights = data.draw(arrays(float, (n, m), elements=st.integers(0, 4).map(float)))
        caps = data.draw(arrays(float, n, elements=st.integers(0, 3).map(float)))
        median = weighted_median(ideals, weights, caps)
        for k in range(m):
            w = caps * weights[:, k]
            expected = brute_median(ideals[:, k], w) if (w > 0).any() else 50.0
            assert median[k] == expected


class TestWeightedMean:
    def test_three_parties_two_issues(self):
        ideals = np.array([[0.0, 80.0], [60.0, 20.0], [100.0, 50.0]])
        saliences = np.array([[0.7, 0.3], [0.4, 0.6], [0.1, 0.9]])
        caps = np.array([3.0, 1.0, 0.5])
        # issue 1: weights 2.1, 0.4, 0.05; issue 2: 0.9, 0.6, 0.45
        expected = [(0.4 * 60 + 0.05 * 100) / 2.55, (0.9 * 80 + 0.6 * 20 + 0.45 * 50) / 1.95]
        np.testing.assert_allclose(weighted_mean(ideals, saliences, caps), expected, rtol=1e-12)

    def test_powerless_issue_weighs_by_salience_beside_a_powered_one(self):
        # issue 1 is weighed only by the powerless party 2 and 3: they count by salience alone;
        # issue 2 is weighed by party 1, who has capability: capability times salience there
        ideals = np.array([[0.0, 0.0], [20.0, 100.0], [100.0, 40.0]])
        saliences = np.array([[0.0, 1.0], [0.25, 0.75], [0.75, 0.25]])
        caps = np.array([2.0, 0.0, 0.0])
        expected = [0.25 * 20 + 0.75 * 100, 0.0]
        np.testing.assert_allclose(weighted_mean(ideals, saliences, caps), expected, rtol=1e-12)

    @pytest.mark.parametrize("fallback", [50.0, 20.0])
    def test_issue_nobody_weighs_takes_the_fallback(self, fallback):
        ideals = np.array([[10.0, 0.0], [30.0, 100.0]])
        saliences = np.array([[1.0, 0.0], [1.0, 0.0]])
        np.testing.assert_allclose(weighted_mean(ideals, saliences, np.array([1.0, 3.0]), fallback), [25.0, fallback])

    def test_fallback_per_issue(self):
        ideals = np.array([[10.0, 0.0, 5.0], [30.0, 100.0, 5.0]])
        saliences = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
        out = weighted_mean(ideals, saliences, np.array([3.0, 1.0]), np.array([1.0, 2.0, 3.0]))
        np.testing.assert_allclose(out, [15.0, 2.0, 3.0])


def grid(m: int, step: float) -> np.ndarray:
    """Every text on a grid of the given step over 0..100 on ``m`` issues."""
    axis = np.arange(0.0, 100.0 + step / 2, step)
    return np.stack(np.meshgrid(*([axis] * m), indexing="ij"), axis=-1).reshape(-1, m)


def refined_best(score, m: int) -> np.ndarray:
    """The text maximising ``score`` (texts -> values; concave here): a step-1 grid, then a step-0.01
    grid within 1.5 of the coarse best."""
    coarse = grid(m, 1.0)
    centre = coarse[np.argmax(score(coarse))]
    axis = np.arange(-1.5, 1.5 + 0.005, 0.01)
    fine = np.clip(centre + np.stack(np.meshgrid(*([axis] * m), indexing="ij"), axis=-1).reshape(-1, m), 0, 100)
    return fine[np.argmax(score(fine))]


def nash_score(ideals, saliences, reservations, weights, form):
    def score(texts: np.ndarray) -> np.ndarray:
        gains = utility_matrix(texts, ideals, saliences, form) - reservations[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            values = (weights[:, None] * np.log(gains)).sum(axis=0)
        return np.where((gains > 0).all(axis=0), values, -np.inf)

    return score


NASH_CASES = {
    "three on one issue": (
        [[0.0], [70.0], [100.0]], [[1.0], [1.0], [1.0]], [0.1, 0.3, 0.05], [1.0, 2.0, 0.5]),
    "three on two issues": (
        [[0.0, 10.0], [60.0, 100.0], [100.0, 30.0]], [[0.7, 0.3], [0.4, 0.6], [0.2, 0.8]], [0.2, 0.1, 0.3],
        [2.0, 1.0, 1.5]),
    "two on one issue": (
        [[10.0], [90.0]], [[1.0], [1.0]], [0.3, 0.05], [3.0, 1.0]),
    "two on two issues": (
        [[0.0, 100.0], [100.0, 20.0]], [[0.6, 0.4], [0.3, 0.7]], [0.25, 0.1], [1.0, 2.5]),
}  # fmt: skip


@pytest.mark.parametrize("form", ["linear", "quadratic"])
@pytest.mark.parametrize("case", list(NASH_CASES))
def test_nash_bargaining_is_the_grid_maximum(case, form):
    """``argmax sum w_i log(u_i - r_i)`` found by a grid search in the test, with unequal weights and
    non-zero reservations: the solution's objective is the grid's best, and the text is where it is."""
    ideals, saliences, reservations, weights = (np.array(v, dtype=float) for v in NASH_CASES[case])
    score = nash_score(ideals, saliences, reservations, weights, form)
    best = refined_best(score, ideals.shape[1])
    x = nash_bargaining(ideals, saliences, reservations, weights, form)
    assert x is not None
    assert score(x[None])[0] >= score(best[None])[0] - 1e-6
    np.testing.assert_allclose(x, best, atol=0.05)


def test_quadratic_two_party_nash_has_a_closed_form():
    # u1 = 1 - t^2, u2 = 1 - (1 - t)^2 with t = x / 100, r = (0.2, 0): the first-order condition
    # -2t / (0.8 - t^2) + 2(1 - t) / (2t - t^2) = 0, i.e. t(2t - t^2) = (1 - t)(0.8 - t^2), the cubic
    # 2t^3 - 3t^2 - 0.8t + 0.8 = 0 (positive where the objective still rises) -- solved by bisection
    def condition(t: float) -> float:
        return 2 * t**3 - 3 * t**2 - 0.8 * t + 0.8

    low, high = 0.0, 1.0
    for _ in range(80):
        mid = (low + high) / 2
        low, high = (mid, high) if condition(mid) > 0 else (low, mid)
    x = nash_bargaining(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([0.2, 0.0]), form="quadratic")
    assert x[0] == pytest.approx(100 * low, abs=1e-3)
    assert x[0] < 50.0  # party 1 (ideal 0) has the better disagreement point, so the text leans its way


MAX_MIN_CASES = {
    "three on one issue": ([[0.0], [70.0], [100.0]], [[1.0], [1.0], [1.0]], [0.1, 0.3, 0.05]),
    "three on two issues": (
        [[0.0, 10.0], [60.0, 100.0], [100.0, 30.0]], [[0.7, 0.3], [0.4, 0.6], [0.2, 0.8]], [0.2, 0.1, 0.3]),
    "four on two issues": (
        [[0.0, 0.0], [100.0, 20.0], [40.0, 100.0], [80.0, 70.0]],
        [[0.5, 0.5], [0.8, 0.2], [0.1, 0.9], [0.4, 0.6]], [0.1, 0.35, 0.2, 0.0]),
    "four with no bargaining range": (
        [[0.0, 0.0], [100.0, 100.0], [0.0, 100.0], [100.0, 0.0]],
        [[0.5, 0.5], [0.5, 0.5], [0.3, 0.7], [0.6, 0.4]], [0.6, 0.7, 0.5, 0.55]),
}  # fmt: skip


def min_surplus(ideals, saliences, reservations, form):
    def score(texts: np.ndarray) -> np.ndarray:
        return (utility_matrix(texts, ideals, saliences, form) - reservations[:, None]).min(axis=0)

    return score


@pytest.mark.parametrize("form", ["linear", "quadratic"])
@pytest.mark.parametrize("case", list(MAX_MIN_CASES))
def test_max_min_surplus_is_the_grid_maximum(case, form):
    """The largest smallest surplus ``max_x min_i (u_i(x) - r_i)`` over a grid of texts, for three and
    four parties (ripeness reads it), one with no text above every reservation (a negative surplus):
    the returned surplus is that value and the text attains it."""
    ideals, saliences, reservations = (np.array(v, dtype=float) for v in MAX_MIN_CASES[case])
    score = min_surplus(ideals, saliences, reservations, form)
    best = refined_best(score, ideals.shape[1])
    text, surplus = max_min_surplus(ideals, saliences, reservations, form)
    # the grid misses the kink by at most half a step (0.005 points, 5e-5 of utility): no grid text does
    # better than the solution, and the solution is no more than that better than the grid's best
    assert score(best[None])[0] - 1e-7 <= surplus <= score(best[None])[0] + 1e-4
    assert score(text[None])[0] == pytest.approx(surplus, abs=1e-6)


@pytest.mark.parametrize("form", ["linear", "quadratic"])
@pytest.mark.parametrize("n", [2, 3])
def test_max_min_surplus_holds_a_fixed_issue(n, form):
    """An issue held at a value stays there; the surplus is the best over the other issue alone."""
    ideals = np.array([[0.0, 10.0], [60.0, 100.0], [100.0, 30.0]])[:n]
    saliences = np.array([[0.7, 0.3], [0.4, 0.6], [0.2, 0.8]])[:n]
    reservations = np.array([0.2, 0.1, 0.3])[:n]
    fixed = np.array([np.nan, 80.0])
    text, surplus = max_min_surplus(ideals, saliences, reservations, form, fixed)
    assert text[1] == 80.0
    line = np.stack([np.arange(0.0, 100.0001, 0.01), np.full(10001, 80.0)], axis=1)
    best = min_surplus(ideals, saliences, reservations, form)(line).max()
    assert best - 1e-7 <= surplus <= best + 1e-4
    assert min_surplus(ideals, saliences, reservations, form)(text[None])[0] == pytest.approx(surplus, abs=1e-6)


def test_three_party_max_min_closed_form():
    # one issue, parties at 0, 50, 100, reservations 0.1, 0.3, 0: u = 1 - |x - p| / 100. The outer two
    # bind: 0.9 - x/100 = x/100 - 0 -> x = 45, surplus 0.45; the middle one then has 0.95 - 0.3 = 0.65
    text, surplus = max_min_surplus(np.array([[0.0], [50.0], [100.0]]), np.ones((3, 1)), np.array([0.1, 0.3, 0.0]))
    assert text[0] == pytest.approx(45.0, abs=1e-7)
    assert surplus == pytest.approx(0.45, abs=1e-9)


def test_three_party_nash_bargaining_none_without_a_range():
    ideals = np.array([[0.0], [50.0], [100.0]])
    assert nash_bargaining(ideals, np.ones((3, 1)), np.array([0.6, 0.0, 0.6])) is None
