"""Random negotiation states and rule groups for property tests of the concession rules.

``group_moves`` draws what the model hands a rule class in one round: a ``NegotiationState``
(2..8 agents, 1..6 issues, linear or quadratic utilities, non-zero reservations, some zero
saliences, a deadline every party knows or none, each agent's pace set by the war (or none), any
round before or after the deadline, ripeness perceived or not), the rows of a group of agents, one
rule of the class per agent with parameters drawn within their declared bounds (a rule's own
deadline of 0 defers to the known one, else the war's), and the protocol's targets (one row for
all, or one per agent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from simulator.core.params import Param
from simulator.negotiation.rules import ConcessionRule, NegotiationState

POSITIONS = st.floats(0.0, 100.0, allow_nan=False)
SHARES = st.floats(0.0, 1.0, allow_nan=False)


@dataclass(frozen=True)
class GroupMove:
    """One rule class's share of a round: the state, the group's rows, rules and targets."""

    state: NegotiationState
    indices: np.ndarray
    rules: list[ConcessionRule]
    targets: np.ndarray


def param_value(param: Param) -> st.SearchStrategy[Any]:
    """Values a scenario may give a parameter (the loader checks these kinds and bounds)."""
    if param.kind == "float":
        return st.floats(param.low if param.low is not None else -1e6, param.high if param.high is not None else 1e6)
    if param.kind == "int":
        return st.integers(int(param.low or 0), int(param.high) if param.high is not None else 60)
    if param.kind == "bool":
        return st.booleans()
    if param.kind == "str" and param.choices:
        return st.sampled_from(param.choices)
    return st.just(param.default)  # agent ids and the like: the default


def rules_of(cls: type[ConcessionRule], count: int) -> st.SearchStrategy[list[ConcessionRule]]:
    """``count`` rules of class ``cls``, each with its own parameters."""
    one = st.fixed_dictionaries({name: param_value(p) for name, p in cls.params.items()}).map(lambda v: cls(**v))
    return st.lists(one, min_size=count, max_size=count)


def saliences(n: int, m: int) -> st.SearchStrategy[np.ndarray]:
    """Rows of non-negative weights summing to one (some zero; a row of zeros weighs all equally)."""

    def normalise(raw: np.ndarray) -> np.ndarray:
        raw = np.where(raw.sum(axis=1, keepdims=True) > 0, raw, 1.0)
        return raw / raw.sum(axis=1, keepdims=True)

    return arrays(float, (n, m), elements=st.one_of(st.just(0.0), SHARES)).map(normalise)


@st.composite
def states(draw: st.DrawFn, n: int, m: int) -> NegotiationState:
    """A state of ``n`` agents on ``m`` issues."""
    deadline = draw(st.integers(0, 40))  # the talk round every party knows the talks end by; 0: none
    war_deadlines = arrays(float, n, elements=st.one_of(st.just(np.inf), st.floats(1.0, 200.0)))
    ideals = draw(arrays(float, (n, m), elements=POSITIONS))
    offers = draw(st.one_of(st.just(ideals.copy()), arrays(float, (n, m), elements=POSITIONS)))
    earlier = draw(st.one_of(st.just(ideals.copy()), arrays(float, (n, m), elements=POSITIONS)))
    ripe = st.one_of(st.none(), arrays(int, n, elements=st.integers(-1, 40)))
    return NegotiationState(
        round=draw(st.integers(0, 45)),
        deadline=deadline,
        ideals=ideals,
        saliences=draw(saliences(n, m)),
        reservations=draw(arrays(float, n, elements=st.floats(0.0, 0.95))),
        offers=offers,
        earlier_offers=earlier,
        aspirations=draw(arrays(float, n, elements=SHARES)),
        voters=draw(arrays(bool, n)),
        form=draw(st.sampled_from(["linear", "quadratic"])),
        ripe_since=draw(ripe),
        war_deadlines=draw(st.one_of(st.none(), war_deadlines)),
    )


@st.composite
def group_moves(draw: st.DrawFn, cls: type[ConcessionRule]) -> GroupMove:
    """A random round for a group of agents whose rules are of class ``cls``."""
    n, m = draw(st.integers(2, 8)), draw(st.integers(1, 6))
    state = draw(states(n, m))
    members = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True).map(sorted))
    indices = np.array(members)
    rows = draw(st.sampled_from([1, len(members)]))
    targets = draw(arrays(float, (rows, m), elements=POSITIONS))
    return GroupMove(state, indices, draw(rules_of(cls, len(members))), targets)
