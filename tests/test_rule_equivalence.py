"""The fast paths equal the plain ones, exactly.

Two levels: ``concede_many`` (every agent of a group in arrays) gives, row by row, what
``concede_toward`` gives for one agent; and a whole conference run in which every rule class moves
its agents one by one (``propose_each``, the per-agent reference) reports exactly what the usual
run, with the array paths of rules/vectorised.py, reports. For each rule on random states, the
same is checked by ``RuleContract.test_group_move_equals_each_agents_move``
(tests/test_rule_contract.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from rule_states import POSITIONS, SHARES, saliences

from simulator import run_conference
from simulator.core.utility import concede_many, concede_toward
from simulator.negotiation.rules import RULES, ConcessionRule
from simulator.report import to_json

REPO = Path(__file__).resolve().parents[1]
TALKS = "scenarios/talks-2026.yaml"
# every shipped scenario, and runs that give the other rules the table
RUNS: list[tuple[str, list[str]]] = [
    *[(str(p.relative_to(REPO)), []) for p in sorted((REPO / "scenarios").glob("*.yaml"))],
    *[(str(p.relative_to(REPO)), []) for p in sorted((REPO / "docs" / "examples").glob("*.yaml"))],
    (TALKS, ["conference.utility=quadratic"]),
    (TALKS, ["agents.RUS.rule={type: hardliner, aspiration: 0.8}"]),
    (TALKS, ["agents.UKR.rule={type: ripeness_gated, beta: 0.5}", "agents.RUS.rule={type: ripeness_gated}"]),
    (TALKS, ["agents.UKR.rule={type: reciprocal, mirror: 1.5}", "agents.RUS.rule={type: reciprocal}"]),
    (TALKS, ["agents.EU.rule=zeuthen"]),
    (TALKS, ["agents.RUS.rule.deadline=12", "conference.protocol={type: alternating_offers, first: UKR}"]),
    ("docs/examples/two-party.yaml", ["agents.A.rule=zeuthen", "agents.B.rule=reciprocal"]),
]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_concede_many_equals_concede_toward_row_by_row(data: st.DataObject) -> None:
    n, m = data.draw(st.integers(1, 8)), data.draw(st.integers(1, 12))
    ideals = data.draw(arrays(float, (n, m), elements=POSITIONS))
    targets = data.draw(st.one_of(arrays(float, (1, m), elements=POSITIONS), st.just(ideals.copy())))
    weights = data.draw(saliences(n, m))
    levels = data.draw(arrays(float, n, elements=SHARES))
    form = data.draw(st.sampled_from(["linear", "quadratic"]))
    with np.errstate(over="ignore"):  # a salience of 1e-300 makes a share overflow to inf, alone as together
        together = concede_many(ideals, targets, weights, levels, form)
    rows = np.broadcast_to(targets, (n, m))
    for i in range(n):
        alone = concede_toward(ideals[i], rows[i], weights[i], float(levels[i]), form)
        np.testing.assert_array_equal(together[i], alone)


def report_of(path: str, overrides: list[str], seed: int) -> str:
    return to_json(run_conference(path, seed=seed, overrides=overrides, collect=False).report)


@pytest.mark.parametrize(("path", "overrides"), RUNS, ids=[" ".join([p, *o]) for p, o in RUNS])
def test_a_run_moving_each_agent_alone_reports_the_same(
    path: str, overrides: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    usual = [report_of(path, overrides, seed) for seed in (0, 1)]
    for rule in RULES.values():  # every group moves through propose_each, agent by agent
        monkeypatch.setattr(rule, "aspirations_many", ConcessionRule.__dict__["aspirations_many"])
        monkeypatch.setattr(rule, "propose_many", ConcessionRule.__dict__["propose_many"])
    assert [report_of(path, overrides, seed) for seed in (0, 1)] == usual
