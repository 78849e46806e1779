"""Utilities and the concession step (simulator/core/utility.py), checked against numbers from theory."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from rule_states import POSITIONS, SHARES, saliences

from simulator.core.utility import concede_toward, own_utilities, utilities, utility_matrix


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
