"""The agreement rules against independent definitions, on every yes/no vector of small conferences.

Each rule is written out again here, from its docstring, in plain Python with exact fractions
(no numpy, no tolerance), and ``decide`` must give the same verdict and the same blockers for
every one of the 2**n ways the delegations can vote. Non-voters (mediators, observers) vote too,
and must make no difference.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from simulator.negotiation.agreement import AGREEMENT_RULES, PrincipalsPlusGuarantors, Unanimity, WeightedQuota

# 2 principals, 3 guarantors, a mediator and an observer, with unequal capabilities
IDS = ["P1", "P2", "G1", "G2", "G3", "M", "O"]
ROLES = ["principal", "principal", "guarantor", "guarantor", "guarantor", "mediator", "observer"]
CAPABILITIES = [3.0, 1.0, 2.0, 0.5, 1.5, 4.0, 2.5]


def masks(roles: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([r == "principal" for r in roles]), np.array([r == "guarantor" for r in roles])


def votes(n: int):
    """Every yes/no vector of n delegations."""
    for bits in itertools.product([False, True], repeat=n):
        yield list(bits)


def unanimity(yes: list[bool], roles: list[str]) -> tuple[bool, list[str]]:
    voters = [k for k, r in enumerate(roles) if r in ("principal", "guarantor")]
    blockers = [IDS[k] for k in voters if not yes[k]]
    return not blockers, blockers


def principals_plus_guarantors(yes: list[bool], roles: list[str], quota: Fraction) -> tuple[bool, list[str]]:
    principals = [k for k, r in enumerate(roles) if r == "principal"]
    guarantors = [k for k, r in enumerate(roles) if r == "guarantor"]
    refusing = [IDS[k] for k in principals if not yes[k]]
    if refusing:  # the belligerents' consent is always required
        return False, refusing
    if guarantors and Fraction(sum(yes[k] for k in guarantors), len(guarantors)) < quota:
        return False, [IDS[k] for k in guarantors if not yes[k]]
    return True, []


def weighted_quota(
    yes: list[bool], roles: list[str], quota: Fraction, weights: str, veto: list[str], capabilities: list[float]
) -> tuple[bool, list[str]]:
    voters = [k for k, r in enumerate(roles) if r in ("principal", "guarantor")]
    weight = {k: Fraction(capabilities[k]) if weights == "capability" else Fraction(1) for k in voters}
    total = sum(weight.values())
    share = sum(weight[k] for k in voters if yes[k]) / total if total else Fraction(0)
    vetoing = [a for a in veto if a in IDS and not yes[IDS.index(a)]]
    if vetoing:
        return False, vetoing
    if share < quota:
        return False, [IDS[k] for k in voters if not yes[k]]
    return True, []


def decided(rule, yes: list[bool], roles: list[str], capabilities: list[float] = CAPABILITIES):
    principals, guarantors = masks(roles)
    agreed, blockers = rule.decide(np.array(yes), principals, guarantors, np.array(capabilities), IDS)
    return bool(agreed), list(blockers)


# a second seating of the same seven, to check a rule instance keeps its role rows apart
OTHER_ROLES = ["guarantor", "principal", "observer", "principal", "guarantor", "guarantor", "mediator"]


def test_every_agreement_rule_is_tested_here():
    assert set(AGREEMENT_RULES) == {"unanimity", "principals_plus_guarantors", "weighted_quota"}


def test_unanimity_on_every_vote():
    rule = Unanimity()
    for roles in (ROLES, OTHER_ROLES):
        for yes in votes(len(IDS)):
            assert decided(rule, yes, roles) == unanimity(yes, roles), (roles, yes)


@pytest.mark.parametrize("quota", [Fraction(0), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3), Fraction(1)])
def test_principals_plus_guarantors_on_every_vote(quota):
    rule = PrincipalsPlusGuarantors(quota=float(quota))
    for roles in (ROLES, OTHER_ROLES):
        for yes in votes(len(IDS)):
            assert decided(rule, yes, roles) == principals_plus_guarantors(yes, roles, quota), (roles, yes)


def test_principals_plus_guarantors_without_guarantors_needs_only_the_principals():
    roles = ["principal", "principal", "observer", "observer", "mediator", "mediator", "observer"]
    rule = PrincipalsPlusGuarantors(quota=1.0)
    for yes in votes(len(IDS)):
        assert decided(rule, yes, roles) == principals_plus_guarantors(yes, roles, Fraction(1)), yes


def test_a_quota_met_exactly_is_met():
    """Two of three guarantors reach a quota of 2/3 (in floats 2/3 may fall an ulp short)."""
    rule = PrincipalsPlusGuarantors(quota=2 / 3)
    assert decided(rule, [True, True, True, True, False, False, False], ROLES) == (True, [])
    assert decided(rule, [True, True, True, False, False, True, True], ROLES) == (False, ["G2", "G3"])


@pytest.mark.parametrize("quota", [Fraction(0), Fraction(1, 2), Fraction(2, 3), Fraction(9, 10), Fraction(1)])
@pytest.mark.parametrize("weights", ["capability", "equal"])
@pytest.mark.parametrize("veto", [[], ["P1"], ["G3", "P2"], ["nobody"]])
def test_weighted_quota_on_every_vote(quota, weights, veto):
    rule = WeightedQuota(quota=float(quota), weights=weights, veto=veto)
    for roles in (ROLES, OTHER_ROLES):
        for yes in votes(len(IDS)):
            expected = weighted_quota(yes, roles, quota, weights, veto, CAPABILITIES)
            assert decided(rule, yes, roles) == expected, (roles, yes)


def test_weighted_quota_weighs_by_capability():
    """P1 (3) and G1 (2) of a voting weight of 8 have 5/8; with one vote each, 2 of 5."""
    yes = [True, False, True, False, False, False, False]
    assert decided(WeightedQuota(quota=0.6, weights="capability"), yes, ROLES) == (True, [])
    assert decided(WeightedQuota(quota=0.6, weights="equal"), yes, ROLES) == (False, ["P2", "G2", "G3"])
    assert decided(WeightedQuota(quota=0.4, weights="equal"), yes, ROLES) == (True, [])


def test_weighted_quota_with_no_voting_weight_agrees_only_to_a_zero_quota():
    capabilities = [0.0] * len(IDS)
    for yes in votes(len(IDS)):
        assert decided(WeightedQuota(quota=0.0), yes, ROLES, capabilities) == (True, [])
        agreed, _ = decided(WeightedQuota(quota=0.5), yes, ROLES, capabilities)
        assert not agreed


def test_weighted_quota_checks_that_vetoers_can_vote():
    roles = {"P1": "principal", "G1": "guarantor", "M": "mediator", "O": "observer"}
    assert WeightedQuota.check({"veto": ["P1", "G1"]}, roles) == []
    [(field, message)] = WeightedQuota.check({"veto": ["P1", "M", "O"]}, roles)
    assert field == "veto" and message.startswith("M, O cannot vote")


def test_weighted_quota_defaults_to_two_thirds_of_the_weight():
    """Of five voters with one vote each, four (0.8) reach the default quota of 2/3, three (0.6) do not."""
    rule = WeightedQuota(weights="equal")
    assert decided(rule, [True, True, True, True, False, False, False], ROLES) == (True, [])
    assert decided(rule, [True, True, True, False, False, True, True], ROLES) == (False, ["G2", "G3"])
