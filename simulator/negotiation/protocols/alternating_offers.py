"""Multilateral alternating offers (after Rubinstein 1982)."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.core.params import Param
from simulator.core.solutions import weighted_mean
from simulator.negotiation.protocols import Protocol, register
from simulator.negotiation.view import TableView

Array = np.ndarray


@register
class AlternatingOffers(Protocol):
    """Multilateral (stacked) alternating offers, after Rubinstein (1982), "Perfect equilibrium
    in a bargaining model", Econometrica 50(1), extended to n parties.

    Each round one voting party, in turn, tables its current offer as the text; the others
    accept or reject it. A party concedes toward the mean of the other voting parties' latest
    offers, weighted per issue by capability times salience. The first proposer is ``first``, or drawn with the model's rng.
    """

    name = "alternating_offers"
    params = {
        "first": Param("agent", None, "the party that proposes first; default: drawn at random"),
        "proposers": Param("str", "voters", "who takes turns to propose", choices=("voters", "principals")),
    }
    classifier = {"mediated": False, "texts_per_round": 1, "source": "Rubinstein 1982"}
    first: str | None
    proposers: str

    @classmethod
    def check(cls, values: dict[str, Any], roles: dict[str, str]) -> list[tuple[str, str]]:
        allowed = ("principal",) if values.get("proposers") == "principals" else ("principal", "guarantor")
        first = values.get("first")
        if first is not None and roles.get(first) not in allowed:
            return [("first", f"agent {first!r} has role {roles.get(first)!r}; allowed: an agent with role "
                              + " or ".join(repr(r) for r in allowed))]  # fmt: skip
        return []

    def open(self, view: TableView) -> Array:
        mask = view.principals if self.proposers == "principals" else view.voters
        self.order = [int(i) for i in np.flatnonzero(mask)]
        if self.first is not None and view.ids.index(self.first) in self.order:
            self.start = self.order.index(view.ids.index(self.first))
        else:
            self.start = int(view.rng.integers(len(self.order)))
        self.current = self.order[self.start]
        return view.ideals[self.current].copy()  # the opening statement of the first proposer

    def target(self, view: TableView, i: int) -> Array:
        others = view.voters.copy()
        others[i] = False
        if not others.any():
            return view.offers[i]
        return weighted_mean(view.offers, view.saliences * others[:, None], view.influence, view.offers[i])

    def table(self, view: TableView) -> Array:
        self.current = self.order[(self.start + view.talk_round - 1) % len(self.order)]
        return view.offers[self.current].copy()

    def proposer(self, view: TableView) -> str | None:
        return view.ids[self.current]
