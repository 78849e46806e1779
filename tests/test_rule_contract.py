"""The contract every concession rule keeps, inherited by one test class per rule.

Axelrod's ``TestPlayer`` is the model (axelrod/tests/strategies/test_player.py): the base class
holds the shared checks and each rule's class only names the rule. A new rule gets them all with
one class, ``class TestMyRule(RuleContract): rule = MyRule``; a registered rule without one fails
``test_every_registered_rule_has_a_contract_test``. What each rule does in a conference, from
its source's theory, is tested in tests/test_rules.py.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any, ClassVar

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rule_states import GroupMove, group_moves

from simulator.negotiation.rules import CLASSIFIER, RULES, ConcessionRule, Move, NegotiationState, propose_each
from simulator.negotiation.rules.hardliner import Hardliner
from simulator.negotiation.rules.reciprocal import Reciprocal
from simulator.negotiation.rules.ripeness_gated import RipenessGated
from simulator.negotiation.rules.time_dependent import TimeDependent
from simulator.negotiation.rules.zeuthen import Zeuthen

# rounding: ``ideal + lam * (target - ideal)`` may pass the farther end by an ulp, and an offer
# worth exactly the aspiration may be computed a few ulps short of it
SLACK = 1e-9
# no timing in tests; each rule's class runs the inherited property tests with its own rule, which
# Hypothesis sees as one test run by several classes (its examples database is shared, harmlessly)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.differing_executors])


def assert_group_moves_like_each_agent(move: GroupMove, cls: type[ConcessionRule]) -> None:
    """The group move the model makes (``propose_many``, ``aspirations_many``) equals, exactly,
    the plain move of each agent in turn (``propose_each``: demand, bounds, concession)."""
    state, indices, rules, targets = move.state, move.indices, move.rules, move.targets
    plain_offers, plain_levels = propose_each(rules, state, indices, targets)
    offers, levels = cls.propose_many(rules, state, indices, targets)
    np.testing.assert_array_equal(offers, plain_offers)
    np.testing.assert_array_equal(levels, plain_levels)
    aspirations = cls.aspirations_many(rules, state, indices)
    if aspirations is not None:  # the model then finds the offers itself, from these levels
        np.testing.assert_array_equal(aspirations, plain_levels)


def rebuilt(rule: ConcessionRule) -> ConcessionRule:
    """A new rule of the same class with the same parameters."""
    return type(rule)(**{name: getattr(rule, name) for name in rule.params})


def copied(move: GroupMove) -> GroupMove:
    """The same round with fresh arrays and rules (so nothing kept from the first is seen)."""
    arrays: dict[str, Any] = {
        f.name: getattr(move.state, f.name).copy()
        for f in fields(move.state)
        if isinstance(getattr(move.state, f.name), np.ndarray)
    }
    return GroupMove(replace(move.state, **arrays), move.indices.copy(), [rebuilt(r) for r in move.rules], move.targets)


class RuleContract:
    """The shared checks; a subclass sets ``rule`` (not collected itself: its name is no ``Test...``)."""

    rule: ClassVar[type[ConcessionRule]]

    def test_registered_under_its_name(self) -> None:
        assert self.rule.name and RULES[self.rule.name] is self.rule

    def test_docstring_names_its_source(self) -> None:
        doc = " ".join((self.rule.__doc__ or "").split())
        for work in self.rule.classifier["source"].split(";"):  # "Zeuthen 1930; Harsanyi 1956": each
            author, years = work.split()[0], re.findall(r"\b1[89]\d\d\b|\b20\d\d\b", work)
            assert years and author in doc and all(y in doc for y in years), f"the docstring must cite {work.strip()}"

    def test_classifier_uses_the_vocabulary(self) -> None:
        assert set(self.rule.classifier) == set(CLASSIFIER)
        for key, (kind, _) in CLASSIFIER.items():
            assert isinstance(self.rule.classifier[key], kind), key

    def test_params_are_documented_and_their_defaults_allowed(self) -> None:
        for name, param in self.rule.params.items():
            assert param.doc, name
            assert not hasattr(ConcessionRule, name), f"parameter {name!r} would hide a method"
            assert param.low is None or param.default >= param.low, name
            assert param.high is None or param.default <= param.high, name
        assert self.rule().describe().startswith(self.rule.name)

    def test_explains_a_move_in_its_own_words(self) -> None:
        move = Move(round=3, horizon=10, before=0.9, after=0.8, reservation=0.2, ripe_since=2, others_conceded=0.05)
        assert self.rule().explain(move).startswith(self.rule.name)

    def test_classifier_time_dependent_matches_behaviour(self) -> None:
        """Time-dependent: its move changes with the round (past the opening); otherwise it does not."""
        rule = self.rule()
        moves = [
            move_of(rule, witness(t, deadline=h)) for t, h in ((2, 10), (5, 10), (9, 10), (10, 10), (15, 10), (6, 20))
        ]
        assert (len({repr(m) for m in moves}) > 1) == self.rule.classifier["time_dependent"]

    def test_classifier_reactive_matches_behaviour(self) -> None:
        """Reactive: what it does depends on what the others do (their offers and concessions, or
        the ripeness it perceives); otherwise not."""
        rule = self.rule()
        changed = move_of(rule, witness(5)) != move_of(rule, witness(5, **REACTION))
        assert changed == self.rule.classifier["reactive"]

    def test_classifier_concedes_matches_behaviour(self) -> None:
        """Concedes: it comes to demand less than it opened with; otherwise it never does."""
        rule = self.rule()
        opening = move_of(rule, witness(1))[1]
        later = [move_of(rule, witness(t, **changes))[1] for t in (3, 5, 9, 15) for changes in ({}, REACTION)]
        assert (min(later) < opening) == self.rule.classifier["concedes"]
        assert all(level <= opening for level in later)

    @PROPERTY
    @given(data=st.data())
    def test_deterministic(self, data: st.DataObject) -> None:
        move = data.draw(group_moves(self.rule))
        again = copied(move)
        first = propose_each(move.rules, move.state, move.indices, move.targets)
        second = propose_each(again.rules, again.state, again.indices, again.targets)
        for a, b in zip(first, second, strict=True):
            np.testing.assert_array_equal(a, b)

    @PROPERTY
    @given(data=st.data())
    def test_demands_and_offers_within_bounds(self, data: st.DataObject) -> None:
        move = data.draw(group_moves(self.rule))
        offers, levels = propose_each(move.rules, move.state, move.indices, move.targets)
        assert ((offers >= -SLACK) & (offers <= 100.0 + SLACK)).all()
        for rule, level in zip(move.rules, levels.tolist(), strict=True):
            assert rule.lowest_demand() <= level <= 1.0

    @PROPERTY
    @given(data=st.data())
    def test_offers_are_worth_the_aspiration(self, data: st.DataObject) -> None:
        """A rule that sets only its demand offers the point toward the target worth that much
        (Faratin et al. 1998's tactics set the utility, the offer follows), never below its
        reservation; worth more only where the target itself is."""
        if self.rule.propose is not ConcessionRule.propose:
            return  # it chooses its offers itself
        move = data.draw(group_moves(self.rule))
        state, targets = move.state, np.broadcast_to(move.targets, (len(move.indices), move.state.ideals.shape[1]))
        offers, levels = propose_each(move.rules, state, move.indices, move.targets)
        for row, i in enumerate(move.indices.tolist()):
            assert levels[row] >= state.reservations[i]
            worth = state.value(i, offers[row])
            assert worth >= levels[row] - SLACK
            assert worth <= levels[row] + SLACK or np.allclose(offers[row], targets[row], rtol=0.0, atol=SLACK)

    @PROPERTY
    @given(data=st.data())
    def test_group_move_equals_each_agents_move(self, data: st.DataObject) -> None:
        assert_group_moves_like_each_agent(data.draw(group_moves(self.rule)), self.rule)


def witness(round_: int, **changes: Any) -> NegotiationState:
    """A round of two parties on one issue (ideals 0 and 100, reservations 0.2) after some moves:
    A offers 40 (was 30), B 70 (was 90), both perceive ripeness since round 3. Nash products of
    the offers: A's (0.6 - 0.2)(0.4 - 0.2) = 0.08 above B's (0.3 - 0.2)(0.7 - 0.2) = 0.05."""
    values: dict[str, Any] = {
        "round": round_,
        "deadline": 10,
        "ideals": np.array([[0.0], [100.0]]),
        "saliences": np.ones((2, 1)),
        "reservations": np.array([0.2, 0.2]),
        "offers": np.array([[40.0], [70.0]]),
        "earlier_offers": np.array([[30.0], [90.0]]),
        "aspirations": np.array([0.6, 0.7]),
        "voters": np.array([True, True]),
        "form": "linear",
        "ripe_since": np.array([3, 3]),
    }
    return NegotiationState(**{**values, **changes})


# what B does instead, seen by A: it offers 50 (A's offer now has the lower Nash product, 0.08 <
# 0.09), it did not concede last round, and it was never ripe (nor was A)
REACTION = {
    "offers": np.array([[40.0], [50.0]]),
    "earlier_offers": np.array([[30.0], [50.0]]),
    "ripe_since": np.array([-1, -1]),
}


def move_of(rule: ConcessionRule, state: NegotiationState) -> tuple[list[float], float]:
    offer, level = rule.propose(state, 0, np.array([100.0]))
    return offer.tolist(), level


class TestTimeDependent(RuleContract):
    rule = TimeDependent


class TestReciprocal(RuleContract):
    rule = Reciprocal


class TestHardliner(RuleContract):
    rule = Hardliner


class TestRipenessGated(RuleContract):
    rule = RipenessGated


class TestZeuthen(RuleContract):
    rule = Zeuthen


def contract_tests() -> list[type[RuleContract]]:
    """Every subclass of ``RuleContract``, at any depth."""
    found, todo = [], list(RuleContract.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_registered_rule_has_a_contract_test() -> None:
    tested = {cls.rule for cls in contract_tests()}
    assert [name for name, rule in RULES.items() if rule not in tested] == []


def test_vectorised_demands_equal_each_agents_demand() -> None:
    """``demand_many`` of every rule moved in arrays equals its agents' ``demand``, one by one, on
    random states with non-zero reservations, deadlines of their own and rounds past them."""
    from simulator.negotiation.rules.vectorised import Vectorised

    @PROPERTY
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        cls = data.draw(st.sampled_from(sorted((c for c in RULES.values() if issubclass(c, Vectorised)), key=str)))
        move = data.draw(group_moves(cls))
        plain = [rule.demand(move.state, int(i)) for rule, i in zip(move.rules, move.indices, strict=True)]
        np.testing.assert_array_equal(cls.demand_many(move.rules, move.state, move.indices), np.array(plain))

    check()


def test_a_rule_cannot_change_what_it_reads() -> None:
    """The state and a move are frozen: one rule cannot alter what the next one sees."""
    from dataclasses import FrozenInstanceError

    import pytest

    with pytest.raises(FrozenInstanceError):
        witness(5).round = 6  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        Move(round=1, horizon=10, before=1.0, after=0.9, reservation=0.2).after = 0.0  # type: ignore[misc]
