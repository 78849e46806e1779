"""Utilities and the concession step (simulator/core/utility.py), checked against numbers from theory."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from rule_states import POSITIONS, SHARES, saliences

from simulator.core.utility import concede_many, concede_toward, own_utilities, utilities, utility_matrix


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


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_utilities_lie_in_zero_one_and_agree_with_each_other(data: st.DataObject) -> None:
    """With saliences summing to one and positions on 0..100 every utility is in [0, 1]; the
    three functions compute the same numbers (the matrix by another summation order)."""
    n, m = data.draw(st.integers(1, 6)), data.draw(st.integers(1, 8))
    ideals, weights = data.draw(arrays(float, (n, m), elements=POSITIONS)), data.draw(saliences(n, m))
    texts = data.draw(arrays(float, (n, m), elements=POSITIONS))
    form = data.draw(st.sampled_from(["linear", "quadratic"]))
    matrix = utility_matrix(texts, ideals, weights, form)
    assert ((matrix >= -1e-12) & (matrix <= 1.0 + 1e-12)).all()
    for j in range(n):
        np.testing.assert_allclose(matrix[:, j], utilities(texts[j], ideals, weights, form), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(
        own_utilities(texts, ideals, weights, form),
        [utilities(texts[i], ideals[i : i + 1], weights[i : i + 1], form)[0] for i in range(n)],
    )


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_concede_toward_offers_exactly_what_it_demands(data: st.DataObject) -> None:
    """The offer lies between the ideal and the target and is worth the aspiration, or more
    only when the target itself is worth more (then it is the target)."""
    m = data.draw(st.integers(1, 8))
    ideal, target = data.draw(arrays(float, m, elements=POSITIONS)), data.draw(arrays(float, m, elements=POSITIONS))
    weight = data.draw(saliences(1, m))[0]
    aspiration = data.draw(SHARES)
    form = data.draw(st.sampled_from(["linear", "quadratic"]))
    offer = concede_toward(ideal, target, weight, aspiration, form)
    low, high = np.minimum(ideal, target), np.maximum(ideal, target)
    assert ((offer >= low - 1e-9) & (offer <= high + 1e-9)).all()
    worth = utilities(offer, ideal[None], weight[None], form)[0]
    reachable = utilities(target, ideal[None], weight[None], form)[0]
    assert worth == pytest.approx(max(aspiration, reachable), abs=1e-9)


# --- the concession step pinned (issue 17) ---------------------------------------------------------------------------


class TestConcedeClosedForms:
    def test_linear_fraction(self):
        # ideal (10, 80), target (90, 20), saliences (0.6, 0.4): the whole way costs 0.6 * 0.8 + 0.4 * 0.6
        # = 0.72; aspiration 0.82 gives up 0.18 = 0.25 of it: a quarter of the way on every issue
        offer = concede_toward(np.array([10.0, 80.0]), np.array([90.0, 20.0]), np.array([0.6, 0.4]), 0.82)
        np.testing.assert_allclose(offer, [30.0, 65.0], rtol=1e-12)

    def test_quadratic_fraction(self):
        # the whole way costs 0.6 * 0.64 + 0.4 * 0.36 = 0.528; a loss of 0.132 is lam^2 * 0.528 -> lam = 0.5
        offer = concede_toward(
            np.array([10.0, 80.0]), np.array([90.0, 20.0]), np.array([0.6, 0.4]), 1 - 0.132, "quadratic"
        )
        np.testing.assert_allclose(offer, [50.0, 50.0], rtol=1e-12)

    def test_asking_more_than_the_ideal_stays_there_and_less_than_the_target_goes_there(self):
        ideal, target, weight = np.array([10.0, 80.0]), np.array([90.0, 20.0]), np.array([0.6, 0.4])
        assert concede_toward(ideal, target, weight, 1.2).tolist() == [10.0, 80.0]
        assert concede_toward(ideal, target, weight, 0.1).tolist() == [90.0, 20.0]
        assert concede_many(ideal[None], target[None], weight[None], np.array([1.2])).tolist() == [[10.0, 80.0]]
        assert concede_many(ideal[None], target[None], weight[None], np.array([0.1])).tolist() == [[90.0, 20.0]]

    def test_nothing_to_lose_takes_the_target(self):
        # the agent weighs only issue 1, where the target is its ideal: the target, whatever it asks
        offer = concede_toward(np.array([30.0, 0.0]), np.array([30.0, 70.0]), np.array([1.0, 0.0]), 0.95)
        assert offer.tolist() == [30.0, 70.0]


class TestConcedeMany:
    IDEALS = np.array([[10.0, 80.0, 0.0], [50.0, 50.0, 50.0], [100.0, 0.0, 40.0]])
    TARGET = np.array([[90.0, 20.0, 60.0]])
    SALIENCES = np.array([[0.6, 0.4, 0.0], [0.0, 0.5, 0.5], [0.2, 0.3, 0.5]])

    @pytest.mark.parametrize("form", ["linear", "quadratic"])
    def test_an_issue_an_agent_does_not_weigh_takes_the_target_and_the_others_move_by_one_fraction(self, form):
        aspirations = np.array([0.9, 0.97, 0.98])
        offers = concede_many(self.IDEALS, self.TARGET, self.SALIENCES, aspirations, form)
        for i in range(3):
            weighed = self.SALIENCES[i] > 0
            # no cost on an unweighed issue: the agent takes the target there
            np.testing.assert_array_equal(offers[i, ~weighed], self.TARGET[0, ~weighed])
            # on the weighed ones, the same fraction of the way from the ideal to the target
            span = self.TARGET[0] - self.IDEALS[i]
            fractions = (offers[i, weighed] - self.IDEALS[i, weighed]) / span[weighed]
            np.testing.assert_allclose(fractions, fractions[0], rtol=1e-12)
            assert 0.0 < fractions[0] < 1.0
            worth = utilities(offers[i], self.IDEALS[i : i + 1], self.SALIENCES[i : i + 1], form)[0]
            assert worth == pytest.approx(aspirations[i], abs=1e-12)

    def test_closed_form_rows(self):
        # row 0: whole way 0.6 * 0.8 + 0.4 * 0.6 = 0.72, aspiration 0.82 -> a quarter of the way;
        # row 1: 0.5 * 0.3 + 0.5 * 0.1 = 0.2, aspiration 0.9 -> half; row 2: 0.2 * 0.1 + 0.3 * 0.2 + 0.5 * 0.2
        # = 0.18, aspiration 0.91 -> half
        offers = concede_many(self.IDEALS, self.TARGET, self.SALIENCES, np.array([0.82, 0.9, 0.91]))
        np.testing.assert_allclose(offers, [[30.0, 65.0, 60.0], [90.0, 35.0, 55.0], [95.0, 10.0, 50.0]], rtol=1e-12)

    @pytest.mark.parametrize("asks", [0.95, 1.0, 1.3])
    def test_targets_per_agent_and_an_agent_with_nothing_to_lose(self, asks):
        ideals = np.array([[0.0, 0.0], [30.0, 0.0]])
        targets = np.array([[100.0, 100.0], [30.0, 70.0]])
        weights = np.array([[0.5, 0.5], [1.0, 0.0]])  # agent 2 loses nothing going to its target
        # (whatever it asks, even all of its utility: no 0 / 0 beside an agent that does lose)
        offers = concede_many(ideals, targets, weights, np.array([0.75, asks]))
        np.testing.assert_allclose(offers, [[25.0, 25.0], [30.0, 70.0]], rtol=1e-12)


@st.composite
def concessions(draw: st.DrawFn):
    n, m = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    ideals = draw(arrays(float, (n, m), elements=POSITIONS))
    targets = draw(arrays(float, (draw(st.sampled_from([1, n])), m), elements=POSITIONS))
    # some agents' targets are their ideals (nothing to lose: the target), on some or all issues
    same = draw(arrays(bool, (n, m)))
    if targets.shape[0] == n:
        targets = np.where(same, ideals, targets)
    weights = draw(saliences(n, m))
    aspirations = draw(arrays(float, n, elements=st.floats(-0.2, 1.2)))
    return ideals, targets, weights, aspirations, draw(st.sampled_from(["linear", "quadratic"])), draw(st.booleans())


@settings(max_examples=150, deadline=None)
@given(case=concessions())
def test_concede_many_is_concede_toward_row_by_row(case) -> None:
    """The vectorised step equals the per-agent one bit for bit (the engine and the rules use one or
    the other), and the offer is worth exactly the aspiration when the target is worth less."""
    ideals, targets, weights, aspirations, form, keep = case
    offers = concede_many(ideals, targets, weights, aspirations, form, weights > 0 if keep else None)
    for i in range(len(ideals)):
        target = targets[0 if len(targets) == 1 else i]
        alone = concede_toward(ideals[i], target, weights[i], float(aspirations[i]), form)
        np.testing.assert_array_equal(offers[i], alone)
        own = ideals[i : i + 1], weights[i : i + 1]
        floor = utilities(target, *own, form)[0]
        worth = utilities(offers[i], *own, form)[0]
        assert worth == pytest.approx(min(1.0, max(float(aspirations[i]), floor)), abs=1e-9)
