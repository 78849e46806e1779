"""Agreement rules: when the votes on a text make a settlement.

Only principals and guarantors vote; mediators and observers do not. Each rule is one class
registered in ``AGREEMENT_RULES``; ``decide`` returns whether the text is agreed and, if not,
who blocked it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.core.params import Component, Param

Array = np.ndarray

AGREEMENT_RULES: dict[str, type[AgreementRule]] = {}


def register(cls: type[AgreementRule]) -> type[AgreementRule]:
    """Add an agreement rule class to ``AGREEMENT_RULES`` under its ``name`` (use as a decorator)."""
    AGREEMENT_RULES[cls.name] = cls
    return cls


class AgreementRule(Component):
    """Base class: ``decide(yes, principals, guarantors, capabilities, ids)`` over boolean arrays."""

    def __init__(self, **values: Any):
        super().__init__(**values)
        # the rows each role mask marks, kept for the run: the same few masks come back every round
        self.role_rows: dict[tuple[str, bytes], list[int]] = {}

    def rows(self, mask: Array) -> list[int]:
        """The rows a boolean mask marks, as a list."""
        key = (mask.dtype.char, mask.tobytes())
        rows = self.role_rows.get(key)
        if rows is None:
            rows = self.role_rows[key] = [int(i) for i in np.flatnonzero(mask)]
        return rows

    def decide(
        self, yes: Array, principals: Array, guarantors: Array, capabilities: Array, ids: list[str]
    ) -> tuple[bool, list[str]]:
        raise NotImplementedError


def _ids(mask: Array, ids: list[str]) -> list[str]:
    return [ids[i] for i in np.flatnonzero(mask)]


@register
class Unanimity(AgreementRule):
    """Every principal and every guarantor says yes (the rule of classic peace congresses)."""

    name = "unanimity"

    def decide(self, yes, principals, guarantors, capabilities, ids):
        # plain lists: a dozen booleans are quicker walked in Python than masked in numpy
        said = yes.tolist()
        blockers = [ids[i] for i in self.rows(principals | guarantors) if not said[i]]
        return not blockers, blockers


@register
class PrincipalsPlusGuarantors(AgreementRule):
    """Every principal says yes and at least ``quota`` of the guarantors do (a guarantee needs
    enough guarantors behind it; the belligerents' consent is always required)."""

    name = "principals_plus_guarantors"
    params = {"quota": Param("float", 0.5, "share of guarantors that must say yes", low=0.0, high=1.0)}
    quota: float

    def decide(self, yes, principals, guarantors, capabilities, ids):
        # plain lists: a dozen booleans are quicker walked in Python than masked in numpy
        said = yes.tolist()
        blocking_principals = [ids[i] for i in self.rows(principals) if not said[i]]
        if blocking_principals:
            return False, blocking_principals
        guarantor_votes = [said[i] for i in self.rows(guarantors)]
        share = sum(guarantor_votes) / len(guarantor_votes) if guarantor_votes else 1.0
        if share + 1e-12 < self.quota:
            return False, [ids[i] for i in self.rows(guarantors) if not said[i]]
        return True, []


@register
class WeightedQuota(AgreementRule):
    """The yes-voters' share of voting weight reaches ``quota``; agents listed in ``veto`` must
    all say yes. Weight is capability (``weights: capability``) or one per voter (``equal``)."""

    name = "weighted_quota"
    params = {
        "quota": Param("float", 2 / 3, "share of voting weight needed", low=0.0, high=1.0),
        "weights": Param("str", "capability", "how votes are weighed", choices=("capability", "equal")),
        "veto": Param("agents", [], "agents whose yes is required"),
    }
    quota: float
    weights: str
    veto: list[str]

    @classmethod
    def check(cls, values: dict[str, Any], roles: dict[str, str]) -> list[tuple[str, str]]:
        silent = [a for a in values.get("veto", []) if roles.get(a) not in ("principal", "guarantor")]
        if silent:
            return [
                ("veto", f"{', '.join(silent)} cannot vote, so could never say yes; allowed: principals and guarantors")
            ]
        return []

    def decide(self, yes, principals, guarantors, capabilities, ids):
        voters = principals | guarantors
        weight = capabilities if self.weights == "capability" else np.ones_like(capabilities)
        total = float((weight * voters).sum())
        share = float((weight * (voters & yes)).sum()) / total if total > 0 else 0.0
        vetoing = [a for a in self.veto if a in ids and not yes[ids.index(a)]]
        if vetoing:
            return False, vetoing
        if share + 1e-12 < self.quota:
            return False, _ids(voters & ~yes, ids)
        return True, []
