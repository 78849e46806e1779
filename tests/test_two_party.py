"""Two parties with linear utilities (simulator/core/two_party.py): the exact frontier and the
solutions on it, against closed forms and a grid search over texts computed in the test."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from rule_states import saliences

from simulator.core.two_party import frontier_max_min, two_party_frontier, two_party_max_min, two_party_nash
from simulator.core.utility import utility_matrix

ONE_ISSUE = np.array([[0.0], [100.0]]), np.ones((2, 1))


def grid_texts(m: int, step: float) -> np.ndarray:
    axis = np.arange(0.0, 100.0 + step / 2, step)
    return np.stack(np.meshgrid(*([axis] * m), indexing="ij"), axis=-1).reshape(-1, m)


class TestFrontier:
    def test_issues_go_to_b_in_the_order_of_b_gain_per_a_loss(self):
        # three issues, A at 0 and B at 100 on each. B's gain / A's loss: 0.5/0.2 = 2.5, 0.3/0.3 = 1,
        # 0.2/0.5 = 0.4: issue 1 goes first, then issue 2, then issue 3
        ideals = np.array([[0.0, 0.0, 0.0], [100.0, 100.0, 100.0]])
        weights = np.array([[0.2, 0.3, 0.5], [0.5, 0.3, 0.2]])
        u_a, u_b, texts = two_party_frontier(ideals, weights)
        np.testing.assert_allclose(u_a, [1.0, 0.8, 0.5, 0.0])
        np.testing.assert_allclose(u_b, [0.0, 0.5, 0.8, 1.0])
        assert texts.tolist() == [[0, 0, 0], [100, 0, 0], [100, 100, 0], [100, 100, 100]]

    def test_partial_distances_and_an_issue_a_does_not_weigh(self):
        # A at (20, 50, 90) weighs issue 3 not at all: it goes first (a free gain for B); then the ratio
        # of the two others: issue 1 (span 0.6): 0.3*0.6 / (0.5*0.6) = 0.6; issue 2 (span 0.3): 0.5/0.5 = 1
        ideals = np.array([[20.0, 50.0, 90.0], [80.0, 20.0, 10.0]])
        weights = np.array([[0.5, 0.5, 0.0], [0.3, 0.5, 0.2]])
        u_a, u_b, texts = two_party_frontier(ideals, weights)
        assert texts.tolist() == [[20, 50, 90], [20, 50, 10], [20, 20, 10], [80, 20, 10]]
        np.testing.assert_allclose(u_a, [1.0, 1.0, 0.85, 0.55])
        np.testing.assert_allclose(u_b, [1 - 0.18 - 0.15 - 0.16, 1 - 0.18 - 0.15, 1 - 0.18, 1.0])

    def test_an_issue_b_does_not_weigh_stays_with_a(self):
        ideals = np.array([[0.0, 0.0], [100.0, 100.0]])
        u_a, u_b, texts = two_party_frontier(ideals, np.array([[0.5, 0.5], [1.0, 0.0]]))
        assert texts.tolist() == [[0, 0], [100, 0]]
        np.testing.assert_allclose([u_a, u_b], [[1.0, 0.5], [0.0, 1.0]])

    def test_a_fixed_issue_stays_at_its_value(self):
        ideals = np.array([[0.0, 0.0], [100.0, 100.0]])
        u_a, u_b, texts = two_party_frontier(ideals, np.array([[0.5, 0.5], [0.25, 0.75]]), np.array([np.nan, 40.0]))
        assert texts.tolist() == [[0, 40], [100, 40]]
        np.testing.assert_allclose([u_a, u_b], [[0.8, 0.3], [0.3, 0.55]])  # B: 1 - 0.75 * 0.6 - 0.25 (1 - t)


class TestFrontierMaxMin:
    def test_crossing_inside_a_piece(self):
        # vertices (1, 0), (0.8, 0.5), (0, 1); r = (0.1, 0.2): the surplus gaps (u_a - r_a) - (u_b - r_b)
        # are 0.9 + 0.2 = 1.1, 0.7 - 0.3 = 0.4, -0.1 - 0.8 = -0.9: the surpluses cross on the second piece,
        # 0.4 / 1.3 of the way along: u_a - r_a = 0.7 - 0.8 * 0.4 / 1.3
        j, share, surplus = frontier_max_min([1.0, 0.8, 0.0], [0.0, 0.5, 1.0], [0.1, 0.2])
        assert (j, share) == (2, pytest.approx(0.4 / 1.3))
        assert surplus == pytest.approx(0.7 - 0.8 * 0.4 / 1.3)
        assert surplus == pytest.approx(0.3 + 0.5 * 0.4 / 1.3)  # the other party's surplus is the same

    def test_a_better_off_everywhere_takes_the_last_vertex(self):
        # A's surplus exceeds B's even at B's best: the last vertex, B's surplus there
        assert frontier_max_min([1.0, 0.9], [0.0, 0.5], [0.0, 0.0]) == (1, None, pytest.approx(0.5))

    def test_b_better_off_everywhere_takes_the_first_vertex(self):
        assert frontier_max_min([0.5, 0.2], [0.8, 1.0], [0.1, 0.0]) == (0, None, pytest.approx(0.4))

    def test_a_better_off_at_the_last_of_several_vertices(self):
        # three vertices, r = (-0.5, 0) (walking away is worse for A than any text): A's surplus still leads
        # at B's best vertex (0.8 against 0.6), so the max-min is there, with B's surplus 0.6
        assert frontier_max_min([1.0, 0.8, 0.3], [0.0, 0.4, 0.6], [-0.5, 0.0]) == (2, None, pytest.approx(0.6))

    def test_a_single_vertex(self):
        assert frontier_max_min([0.7], [0.4], [0.1, 0.1]) == (0, None, pytest.approx(0.3))
        assert frontier_max_min([0.3], [0.9], [0.1, 0.1]) == (0, None, pytest.approx(0.2))

    def test_crossing_exactly_at_a_vertex(self):
        j, share, surplus = frontier_max_min([1.0, 0.6, 0.0], [0.0, 0.6, 1.0], [0.0, 0.0])
        assert surplus == pytest.approx(0.6)
        assert (j, share) in ((1, None), (2, pytest.approx(0.0)))


class TestMaxMin:
    def test_one_issue_closed_form(self):
        # u_a = 1 - t, u_b = t: 1 - t - 0.3 = t - 0.05 -> t = 0.375
        text, surplus = two_party_max_min(*ONE_ISSUE, np.array([0.3, 0.05]))
        assert text[0] == pytest.approx(37.5)
        assert surplus == pytest.approx(0.325)

    def test_uses_a_given_frontier(self):
        ideals, weights = np.array([[0.0, 0.0], [100.0, 100.0]]), np.array([[0.8, 0.2], [0.2, 0.8]])
        frontier = two_party_frontier(ideals, weights)
        assert two_party_max_min(ideals, weights, np.zeros(2), frontier=frontier)[1] == pytest.approx(0.8)


class TestNash:
    @pytest.mark.parametrize(("w_a", "w_b"), [(1.0, 1.0), (2.0, 1.0), (1.0, 3.0), (0.5, 4.0)])
    @pytest.mark.parametrize(("r_a", "r_b"), [(0.0, 0.0), (0.3, 0.05), (0.1, 0.4)])
    def test_one_issue_closed_form(self, w_a, w_b, r_a, r_b):
        # u_a = 1 - t, u_b = t: max w_a log(1 - t - r_a) + w_b log(t - r_b) at
        # t = r_b + w_b / (w_a + w_b) * (1 - r_a - r_b): each party's weight buys its share of the surplus
        x = two_party_nash(*ONE_ISSUE, np.array([r_a, r_b]), np.array([w_a, w_b]))
        assert x[0] == pytest.approx(100 * (r_b + w_b / (w_a + w_b) * (1 - r_a - r_b)), abs=1e-9)

    def test_vertex_solution_when_a_weight_pulls_past_a_kink(self):
        # frontier (1, 0) - (0.8, 0.8) - (0, 1). Equal weights: the kink (0.8, 0.8) (the product 0.64
        # beats anything on either piece). B weighted 9: on the second piece u_a = 0.8 - 0.8 s,
        # u_b = 0.8 + 0.2 s: max log(0.8 - 0.8 s) + 9 log(0.8 + 0.2 s) -> s = (9 * 0.8 * 0.2 - 0.8 * 0.8)
        # / (10 * 0.8 * 0.2) = 0.5, the text half way from (0, 100) to (100, 100)
        ideals, weights = np.array([[0.0, 0.0], [100.0, 100.0]]), np.array([[0.8, 0.2], [0.2, 0.8]])
        assert two_party_nash(ideals, weights, np.zeros(2)).tolist() == [0.0, 100.0]
        np.testing.assert_allclose(two_party_nash(ideals, weights, np.zeros(2), np.array([1.0, 9.0])), [50.0, 100.0])
        np.testing.assert_allclose(two_party_nash(ideals, weights, np.zeros(2), np.array([9.0, 1.0])), [0.0, 50.0])

    @pytest.mark.filterwarnings("error")  # the flat piece is skipped, not divided by its zero length
    def test_an_issue_a_does_not_weigh_goes_to_b_first(self):
        # A weighs only issue 1: the frontier starts with a piece along which A loses nothing (B takes
        # issue 2), then the one-issue split of issue 1: u_a = 1 - t, u_b = 0.5 + 0.5 t, weights (1, 2); the
        # first-order condition -1 / (1 - t) + 2 * 0.5 / (0.5 + 0.5 t) = 0 -> 0.5 + 0.5 t = 1 - t -> t = 1/3
        ideals, weights = np.array([[0.0, 0.0], [100.0, 100.0]]), np.array([[1.0, 0.0], [0.5, 0.5]])
        np.testing.assert_allclose(two_party_nash(ideals, weights, np.zeros(2), np.array([1.0, 2.0])), [100 / 3, 100.0])

    def test_no_range_no_solution(self):
        assert two_party_nash(*ONE_ISSUE, np.array([0.5, 0.5])) is None
        assert two_party_nash(*ONE_ISSUE, np.array([0.6, 0.45])) is None

    def test_fixed_issue(self):
        ideals, weights = np.array([[0.0, 0.0], [100.0, 100.0]]), np.array([[0.5, 0.5], [0.25, 0.75]])
        held = np.array([np.nan, 40.0])
        # issue 2 held at 40, t = x_1 / 100: u_a = 0.8 - 0.5 t, u_b = 0.3 + 0.25 t. The first-order
        # condition -0.5 (u_b - r_b) + 0.25 (u_a - r_a) = 0 for equal weights:
        # r = 0: 0.05 - 0.25 t = 0 -> t = 0.2
        np.testing.assert_allclose(two_party_nash(ideals, weights, np.zeros(2), fixed=held), [20.0, 40.0])
        # r = (0, 0.2): 0.15 - 0.25 t = 0 -> t = 0.6
        np.testing.assert_allclose(two_party_nash(ideals, weights, np.array([0.0, 0.2]), fixed=held), [60.0, 40.0])
        # r = (0.5, 0): -0.075 - 0.25 t < 0 everywhere: A's end of the frontier, t = 0
        assert two_party_nash(ideals, weights, np.array([0.5, 0.0]), fixed=held).tolist() == [0.0, 40.0]


@st.composite
def two_parties(draw: st.DrawFn):
    """Two parties on 1..2 issues with unequal weights and non-zero reservations."""
    m = draw(st.integers(1, 2))
    ideals = draw(arrays(float, (2, m), elements=st.integers(0, 100).map(float)))
    reservations = draw(arrays(float, 2, elements=st.floats(0.0, 0.4)))
    weights = draw(arrays(float, 2, elements=st.floats(0.2, 5.0)))
    return ideals, draw(saliences(2, m)), reservations, weights


@settings(max_examples=60, deadline=None)
@given(parties=two_parties())
def test_weighted_nash_and_max_min_beat_a_grid(parties) -> None:
    """A grid over all texts (step 1 on two issues, 0.1 on one): no text has a larger weighted Nash
    product ``sum w log(u - r)`` or a larger smallest surplus than the exact solutions."""
    ideals, weights, reservations, nash_weights = parties
    m = ideals.shape[1]
    gains = utility_matrix(grid_texts(m, 1.0 if m == 2 else 0.1), ideals, weights) - reservations[:, None]
    text, surplus = two_party_max_min(ideals, weights, reservations)
    assert surplus >= gains.min(axis=0).max() - 1e-9
    assert (utility_matrix(text[None], ideals, weights)[:, 0] - reservations).min() == pytest.approx(surplus, abs=1e-9)
    nash = two_party_nash(ideals, weights, reservations, nash_weights)
    inside = (gains > 0).all(axis=0)
    if nash is None:
        assert surplus <= 1e-9 and not inside.any()
        return
    own = utility_matrix(nash[None], ideals, weights)[:, 0] - reservations
    assert (own > 0).all()
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(inside, (nash_weights[:, None] * np.log(gains)).sum(axis=0), -np.inf)
    assert (nash_weights * np.log(own)).sum() >= values.max() - 1e-9
