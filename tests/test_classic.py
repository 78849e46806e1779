"""The classic bargaining models reproduce their published reference runs (one class per protocol).

The reference inputs and outputs are in ``../shared/data/validation`` (see its README.md): the
Scholz et al. (2011) EU car-emissions run of the expected-utility model, as logged by its open
replication, and KTAB's reference run of its Spatial Model of Politics on ``dummyData_3Dim``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from builders import agent, scenario
from conftest import MINIMAL
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from simulator import PeaceConference, load_scenario, run_conference
from simulator.classic.expected_utility import _first_smallest, eu_matrices, eu_probabilities, eu_round, risk_exponents
from simulator.classic.models import describe_moves
from simulator.classic.spatial import SpatialState, _distances, _pce_batch, _round4, _utility, pce
from simulator.negotiation.protocols import PROTOCOLS, PositionModel

VALIDATION = Path(__file__).resolve().parents[2] / "shared" / "data" / "validation"
BDM_CSV = VALIDATION / "bdm_scholz2011_eu_car_emissions.csv"
BDM_LOG = VALIDATION / "bdm_scholz2011_eu_car_emissions_expected_jmckib_dmasad.log"
KTAB_CSV = VALIDATION / "ktab_dummyData_3Dim.csv"
KTAB_EXPECTED = VALIDATION / "ktab_dummyData_3Dim_expected.txt"

# the weighted mean at the start and after each of the 10 rounds, as logged
SCHOLZ_MEANS = [
    7.389955686853767,
    7.461314378277189,
    7.552500865855845,
    7.590144997451547,
    7.358130531334201,
    7.3491739896752115,
    7.414877545372958,
    7.510457183677219,
    7.5724470975503,
    7.324989065683666,
    7.242130958473938,
]


def need(*paths: Path) -> None:
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        pytest.skip(f"validation data not found in {VALIDATION}: {', '.join(missing)}")


def issue(issue_id: str) -> dict[str, Any]:
    return {"id": issue_id, "anchors": {0: "one end of the scale", 100: "the other end"}}


# --------------------------------------------------------------------------- readers (tests only)


def bdm_scenario(protocol: Any = "expected_utility", max_rounds: int = 100) -> dict[str, Any]:
    """The expected-utility CSV (Actor, Capability, Position, Salience) as a scenario; positions
    stay on the data's year scale (4, 7, 10), which lies within 0..100."""
    with BDM_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    agents = [
        {
            "id": row["Actor"],
            "role": "principal",
            "capability": float(row["Capability"]),
            "position": {"YEAR": float(row["Position"])},
            "salience": {"YEAR": float(row["Salience"])},
        }
        for row in rows
    ]
    return {
        "name": "EU car emissions (Scholz et al. 2011)",
        "saliences": "absolute",
        "issues": [issue("YEAR")],
        "agents": agents,
        "conference": {"protocol": protocol, "max_rounds": max_rounds},
    }


def bdm_log() -> tuple[list[float], list[tuple[int, str, str, str, float]]]:
    """The logged means (start, then after each round) and moves (round, actor, kind, other, new position)."""
    means: list[float] = []
    moves: list[tuple[int, str, str, str, float]] = []
    round_, pending = 0, None
    for line in BDM_LOG.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"ROUND (\d+)$", line):
            round_ = int(m.group(1))
        elif m := re.match(r"Mean position: (\S+)$", line):
            means.append(float(m.group(1)))
        elif m := re.match(r"(\S+) (compromises with|loses confrontation to) (\S+)$", line):
            kind = "compromise" if m.group(2) == "compromises with" else "confrontation"
            pending = (round_, m.group(1), kind, m.group(3))
        elif (m := re.match(r"\tnew_pos = (\S+)$", line)) and pending:
            moves.append((*pending, float(m.group(1))))
            pending = None
    return means, moves


def ktab_scenario(path: Path, max_rounds: int = 100) -> dict[str, Any]:
    """KTAB's SMP CSV: line 1 scenario name, description, actors, dimensions; line 2 the header
    (dimension names); then name, description, capability and (position, salience) per dimension,
    both on 0..100. Saliences become absolute shares (divided by 100), positions stay on 0..100."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = [[cell.strip() for cell in row] for row in csv.reader(handle) if any(c.strip() for c in row)]
    n_actors, n_dims = int(rows[0][2]), int(rows[0][3])
    dims = [rows[1][3 + 2 * d] for d in range(n_dims)]
    agents = [
        {
            "id": row[0],
            "role": "principal",
            "capability": float(row[2]),
            "position": {dims[d]: float(row[3 + 2 * d]) for d in range(n_dims)},
            "salience": {dims[d]: float(row[4 + 2 * d]) / 100.0 for d in range(n_dims)},
        }
        for row in rows[2 : 2 + n_actors]
    ]
    return {
        "name": rows[0][0],
        "saliences": "absolute",
        "issues": [issue(d) for d in dims],
        "agents": agents,
        "conference": {"protocol": "spatial_pce", "max_rounds": max_rounds},
    }


def ktab_expected() -> dict[tuple[str, str], list[float]]:
    """(actor, dimension) -> the position at each state, from the reference run's history."""
    out = {}
    for line in KTAB_EXPECTED.read_text(encoding="utf-8").splitlines():
        m = re.match(r"(\S+), (\S+):\s+([\d.\s]+)$", line)
        if m and m.group(2) != "prob":
            out[m.group(1), m.group(2)] = [float(v) for v in m.group(3).split()]
    return out


def weighted_means(model: PeaceConference) -> list[float]:
    w = model.capabilities * model.saliences[:, 0]
    return [float(w @ h[:, 0] / w.sum()) for h in model.positions_history]


# --------------------------------------------------------------------------- expected utility


class TestExpectedUtility:
    def run(self, **protocol: Any) -> PeaceConference:
        need(BDM_CSV)
        model = PeaceConference(load_scenario(bdm_scenario({"type": "expected_utility", **protocol})), rng=0)
        model.run_model()
        return model

    def test_the_log_is_the_one_described(self):
        need(BDM_LOG)
        means, moves = bdm_log()
        assert means == SCHOLZ_MEANS
        assert len(moves) == 30

    def test_weighted_mean_after_each_round_matches_the_log(self):
        model = self.run()
        assert (model.outcome, model.settled_round) == ("agreement", 10)  # rounds=10, then it stops
        assert len(model.positions_history) == 11
        assert weighted_means(model) == pytest.approx(SCHOLZ_MEANS, abs=1e-6, rel=0)
        # the forecast (the text) is that mean, after every round
        assert [r.text[0] for r in model.history] == pytest.approx(SCHOLZ_MEANS[1:], abs=1e-6, rel=0)

    def test_same_moves_as_the_log(self):
        need(BDM_LOG)
        model = self.run()
        _, logged = bdm_log()
        ours = [(m.round, m.actor, m.kind, m.other) for m in model.protocol.moves]
        assert ours == [move[:4] for move in logged]
        assert [m.position for m in model.protocol.moves] == pytest.approx([move[4] for move in logged], abs=1e-9)
        assert describe_moves(model.protocol.moves)[:2] == [
            "Belgium compromises with France",
            "Luxembourg loses confrontation to Belgium",
        ]

    def test_year_scale_positions_load_and_are_reported_as_given(self):
        need(BDM_CSV)
        report = run_conference(load_scenario(bdm_scenario()), seed=0).report
        assert {v["YEAR"] for v in report["history"][0].values()} == {4.0, 7.0, 10.0}
        assert report["history"][1]["Ireland"]["YEAR"] == 4.0  # lost to Luxembourg's old position
        assert report["terms"]["YEAR"] == pytest.approx(7.24, abs=0.005)

    def test_smallest_move_rule_diverges_from_round_four(self):
        model = self.run(compromise="smallest_move")
        means = weighted_means(model)
        assert means[:4] == pytest.approx(SCHOLZ_MEANS[:4], abs=1e-9)
        # in round 4 Belgium takes the compromise that moves it least (with France, not the Netherlands)
        assert [m.other for m in model.protocol.moves if m.round == 4 and m.actor == "Belgium"] == ["France"]
        assert means[4] == pytest.approx(7.6039, abs=1e-4)

    def test_rounds_parameter_stops_the_model(self):
        model = self.run(rounds=3)
        assert (model.outcome, model.settled_round) == ("agreement", 3)

    def test_each_issue_on_its_own_and_only_actors_with_a_position_take_part(self):
        agents = [
            agent("A", "principal", {"X": 0, "Y": 0}, {"X": 0.9, "Y": 0.5}, capability=1.0),
            agent("B", "principal", {"X": 100, "Y": 100}, {"X": 0.3, "Y": 0.5}, capability=1.0),
            agent("C", "guarantor", {"X": 60}, {"X": 0.5}, capability=0.5),
            agent("M", "mediator", {"X": 50, "Y": 50}, {"X": 0.2, "Y": 0.2}, capability=0.2),
            agent("O", "observer", {}, {}, capability=0.1),
        ]
        data = scenario(agents, issues=("X", "Y"), protocol={"type": "expected_utility", "rounds": 5}, max_rounds=20)
        data["saliences"] = "absolute"
        model = PeaceConference(load_scenario(data), rng=0)
        model.run_model()
        assert model.settled_round == 5
        on_y = {m.actor for m in model.protocol.moves if m.issue == "Y"} | {
            m.other for m in model.protocol.moves if m.issue == "Y"
        }
        assert "C" not in on_y and "O" not in on_y
        history = np.array(model.positions_history)
        assert (history[:, 2, 1] == history[0, 2, 1]).all()  # C has no position on Y: it never moves there
        assert (history[:, 4] == history[0, 4]).all()  # the observer has no position at all
        # the forecast is the capability x salience weighted mean of those with a position
        has = model.has_position
        w = model.capabilities[:, None] * model.saliences * has
        assert model.text == pytest.approx((w * model.offers).sum(0) / w.sum(0))
        assert any(m.actor == "M" or m.other == "M" for m in model.protocol.moves)  # the mediator takes part


# --------------------------------------------------------------------------- KTAB's spatial model


class TestSpatialPCE:
    def run(self) -> PeaceConference:
        need(KTAB_CSV, KTAB_EXPECTED)
        model = PeaceConference(load_scenario(ktab_scenario(KTAB_CSV)), rng=0)
        model.run_model()
        return model

    def test_same_number_of_states_as_the_reference(self):
        model = self.run()
        assert len(model.positions_history) == 11  # the start and 10 turns
        assert (model.outcome, model.settled_round) == ("agreement", 10)
        assert model.protocol.changes[0] == pytest.approx(0.9999, abs=1e-4)
        assert model.protocol.changes[-1] < 0.02 <= min(model.protocol.changes[1:-1])

    def test_every_position_at_every_turn_within_a_tenth_of_the_reference(self):
        model = self.run()
        expected = ktab_expected()
        history = np.array(model.positions_history)
        assert len(expected) == len(model.ids) * len(model.issue_ids) == 21
        worst = 0.0
        for (actor, dim), values in expected.items():
            ours = history[:, model.ids.index(actor), model.issue_ids.index(dim)]
            assert len(values) == len(ours)
            worst = max(worst, float(np.abs(ours - np.array(values)).max()))
        assert worst <= 0.1

    def test_the_report_history_carries_the_positions(self):
        need(KTAB_CSV)
        report = run_conference(load_scenario(ktab_scenario(KTAB_CSV)), seed=0).report
        assert len(report["history"]) == 11
        assert report["history"][0]["SActor-00"] == {"Pstn1": 75.79, "Pstn2": 6.37, "Pstn3": 70.45}
        assert report["history"][1]["SActor-00"]["Pstn2"] == pytest.approx(44.71, abs=1e-9)  # KTAB's full log

    def test_the_forecast_is_the_expected_outcome_of_the_pce(self):
        model = self.run()
        index, chances = model.protocol.state.outcome_probabilities()
        assert chances.sum() == pytest.approx(1.0)
        members = model.protocol.members
        expected = chances @ model.offers[members][index]
        assert model.text == pytest.approx(expected)
        low, high = model.offers.min(axis=0), model.offers.max(axis=0)
        assert ((low <= model.text) & (model.text <= high)).all()

    def test_actors_without_salience_take_no_part(self):
        agents = [
            agent("A", "principal", {"X": 10, "Y": 20}, {"X": 0.6, "Y": 0.3}, capability=2.0),
            agent("B", "principal", {"X": 90, "Y": 70}, {"X": 0.5, "Y": 0.4}, capability=1.0),
            agent("C", "guarantor", {"X": 40}, {"X": 0.8}, capability=1.5),
            agent("O", "observer", {}, {}, capability=5.0),
        ]
        data = scenario(agents, issues=("X", "Y"), protocol="spatial_pce", max_rounds=100)
        data["saliences"] = "absolute"
        model = PeaceConference(load_scenario(data), rng=0)
        model.run_model()
        history = np.array(model.positions_history)
        assert (history[:, 3] == history[0, 3]).all()
        assert model.outcome == "agreement" and model.settled_round < 100
        assert np.abs(history[-1, :3] - history[0, :3]).max() > 1  # the others bargained


# --------------------------------------------------------------------------- selectable in YAML


@pytest.mark.parametrize("protocol", ["expected_utility", "spatial_pce"])
def test_selectable_in_yaml_and_reported_like_the_others(protocol, write_scenario):
    assert protocol in PROTOCOLS and issubclass(PROTOCOLS[protocol], PositionModel)
    reference = run_conference(write_scenario(MINIMAL, "reference.yaml"), seed=0).report
    tree = yaml.safe_load(MINIMAL)
    tree["saliences"] = "absolute"
    tree["conference"]["protocol"] = {"type": protocol}
    path = write_scenario(yaml.safe_dump(tree, sort_keys=False), f"{protocol}.yaml")
    result = run_conference(path, seed=0)
    report = result.report
    assert report.keys() == reference.keys()
    assert report["protocol"].startswith(protocol)
    assert report["outcome"] == "agreement"
    assert report["terms"].keys() == {"TERR_LINE", "SANCTIONS"}
    assert len(report["history"]) == report["round"] + 1
    for state in report["history"]:
        assert state.keys() == {"UKR", "RUS", "MED", "OBS"}
        assert all(positions.keys() == {"TERR_LINE", "SANCTIONS"} for positions in state.values())
    assert report["history"][0]["UKR"] == {"TERR_LINE": 10.0, "SANCTIONS": 0.0}
    assert report["history"][-1]["OBS"] == report["history"][0]["OBS"]  # no position: takes no part
    assert [r["round"] for r in report["rounds"]] == list(range(1, report["round"] + 1))
    for fmt in ("text", "markdown", "json"):
        assert result.render(fmt)


def test_the_command_line_reads_classic_data_files(tmp_path, capsys):
    from simulator.cli import main

    data = Path(__file__).resolve().parents[2] / "shared" / "data" / "validation"
    if not data.is_dir():
        pytest.skip("the validation data is not beside the repository")
    assert main(["run", str(data / "bdm_scholz2011_eu_car_emissions.csv"), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert abs(report["final_text"]["Position"] - 7.242130958473938) < 0.01
    assert report["territory"] == {} and all(a["accepted"] is None for a in report["actors"].values())
    out = tmp_path / "k.yaml"
    assert main(["import", str(data / "ktab_dummyData_3Dim.csv"), "-o", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    assert "valid (7 agents, 3 issues)" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("Actor,Capability,Position\nA,1,x\n", encoding="utf-8")
    assert main(["run", str(bad)]) == 1
    assert str(bad) in capsys.readouterr().err


# --------------------------------------------------------------------------- the pure maths, by hand
#
# The reference runs above pin the models end to end; the tests below pin each function on small
# cases against numbers worked out by hand, or against the formulas of Scholz et al. (2011) and
# KTAB written out again here as plain loops (one actor, one pair at a time).


def loop_probabilities(x, w, r, scale):
    """P[a, b] = sum_k w_k max(d_kb - d_ka, 0) / sum_k w_k sum_(a, b) |d_kb - d_ka|, d_km = (|x_k - x_m| / scale) ** r_k."""
    n = len(x)

    def d(k, m):
        return (abs(x[k] - x[m]) / scale) ** r[k]

    total = sum(w[k] * abs(d(k, b) - d(k, a)) for k in range(n) for a in range(n) for b in range(n))
    p = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            if x[a] != x[b]:
                p[a, b] = sum(w[k] * max(d(k, b) - d(k, a), 0.0) for k in range(n)) / total
    return p


def loop_eu(x, s, p, r, q, scale, i, j, challenger, target):
    """As i sees it (risk r_i), the expected utility to ``challenger`` of challenging ``target``
    (i and j are the pair): s_t (P Us + (1 - P) Uf) + (1 - s_t) Us - q Usq."""
    half = 0.5 * abs(x[i] - x[j]) / scale
    success = 2 - 4 * (0.5 - half) ** r[i]
    failure = 2 - 4 * (0.5 + half) ** r[i]
    status_quo = 2 - 4 * 0.5 ** r[i]
    chance = p[challenger, target]
    return s[target] * (chance * success + (1 - chance) * failure) + (1 - s[target]) * success - q * status_quo


def loop_risk(x, w, s, q, scale):
    n = len(x)
    ones = np.ones(n)
    p = loop_probabilities(x, w, ones, scale)
    danger = [sum(loop_eu(x, s, p, ones, q, scale, j, k, j, k) for j in range(n) if j != k) for k in range(n)]
    danger = np.array(danger)
    high, low = danger.max(), danger.min()
    big_r = (2 * danger - high - low) / (high - low)
    return (1 - big_r / 3) / (1 + big_r / 3), danger


def loop_round(x, c, s, scale, q=1.0, capitulation=False, rule="replication"):
    """One round as the paper and the replication state it, actor by actor."""
    n = len(x)
    w = c * s
    r, _ = loop_risk(x, w, s, q, scale)
    p = loop_probabilities(x, w, r, scale)
    new, moves = x.copy(), []
    for i in range(n):
        offers: dict[str, list[tuple[float, int, float, float, float]]] = {
            "confrontation": [],
            "compromise": [],
            "capitulation": [],
        }
        for j in range(n):
            if x[i] == x[j]:
                continue
            a = loop_eu(x, s, p, r, q, scale, i, j, i, j)  # i challenging j
            b = loop_eu(x, s, p, r, q, scale, i, j, j, i)  # j challenging i, as i sees it
            if 0 < a < b:
                offers["confrontation"].append((abs(x[j] - x[i]), j, x[j], a, b))
            elif a < 0 < b and b > -a:
                at = x[i] + (x[j] - x[i]) * abs(a / b)
                key = (abs(a) * x[i] + abs(b) * x[j]) / (abs(a) + abs(b)) if rule == "replication" else abs(at - x[i])
                offers["compromise"].append((key, j, at, a, b))
            elif capitulation and a < 0 < b < -a:
                offers["capitulation"].append((abs(x[j] - x[i]), j, x[j], a, b))
        for kind in ("confrontation", "compromise", "capitulation"):  # in this order of preference
            if offers[kind]:
                _, j, at, a, b = min(offers[kind], key=lambda t: (t[0], t[1]))
                new[i] = at
                moves.append((i, kind, j, a, b, at))
                break
    return new, moves


class TestExpectedUtilityMaths:
    def test_probabilities_by_hand(self):
        # x = 0, 5, 10 on a scale of 10, weights 1, 1, 2, r = 1: d = [[0, .5, 1], [.5, 0, .5], [1, .5, 0]];
        # the absolute votes over ordered pairs: 4 (voter 0) + 2 (voter 1) + 2 x 4 (voter 2) = 14.
        # For 0 over 1: only voter 0, 0.5; for 1 over 0: voter 1 0.5, voter 2 2 x 0.5; and so on.
        p = eu_probabilities(np.array([0.0, 5.0, 10.0]), np.array([1.0, 1.0, 2.0]), np.ones(3), 10.0)
        expected = np.array([[0.0, 0.5, 1.0], [1.5, 0.0, 1.0], [2.0, 1.0, 0.0]]) / 14.0
        assert p == pytest.approx(expected, abs=1e-15)
        assert p.sum() == pytest.approx(0.5)  # every vote counted once in P, twice in the total

    def test_probabilities_with_risk_exponents_match_the_formula(self):
        x = np.array([0.0, 3.0, 4.0, 10.0])
        w = np.array([2.0, 0.5, 1.0, 3.0])
        r = np.array([0.5, 2.0, 1.3, 0.7])  # each voter's own exponent on its own distances
        p = eu_probabilities(x, w, r, 10.0)
        assert p == pytest.approx(loop_probabilities(x, w, r, 10.0), abs=1e-14)
        assert p.sum() == pytest.approx(0.5)

    def test_actors_at_one_position_do_not_contest(self):
        p = eu_probabilities(np.array([2.0, 2.0, 8.0]), np.array([1.0, 2.0, 3.0]), np.ones(3), 6.0)
        assert p[0, 1] == p[1, 0] == 0.0
        assert p[0, 2] > 0 and p[2, 1] > 0
        assert eu_probabilities(np.array([4.0, 4.0]), np.ones(2), np.ones(2), 1.0).tolist() == [[0, 0], [0, 0]]

    def test_expected_utilities_match_the_formula_both_ways(self):
        x = np.array([1.0, 4.0, 10.0])
        s = np.array([0.9, 0.3, 0.6])
        r = np.array([0.5, 1.0, 2.0])
        p = loop_probabilities(x, np.array([3.0, 1.0, 2.0]) * s, r, 9.0)
        for q in (1.0, 0.4):
            a, b = eu_matrices(x, s, p, r, q, 9.0)
            for i in range(3):
                for j in range(3):
                    assert a[i, j] == pytest.approx(loop_eu(x, s, p, r, q, 9.0, i, j, i, j), abs=1e-14)
                    assert b[i, j] == pytest.approx(loop_eu(x, s, p, r, q, 9.0, i, j, j, i), abs=1e-14)
        # by hand, r = 1, q = 1, one pair at the ends of the scale: Us = 2, Uf = -2, Usq = 0:
        # A = s_j (2P - 2 (1 - P)) + 2 (1 - s_j) = 0.5 (0.4 - 1.6) + 1 = 0.4 with P = 0.2, s_j = 0.5
        a, _ = eu_matrices(
            np.array([0.0, 1.0]), np.array([0.5, 0.5]), np.array([[0, 0.2], [0.8, 0]]), np.ones(2), 1.0, 1.0
        )
        assert a[0, 1] == pytest.approx(0.4) and a[1, 0] == pytest.approx(0.5 * (1.6 - 0.4) + 1)

    def test_risk_exponents_from_the_security_levels(self):
        x = np.array([0.0, 2.0, 7.0, 10.0])
        c = np.array([5.0, 1.0, 3.0, 2.0])
        s = np.array([0.4, 0.9, 0.6, 0.8])
        r = risk_exponents(x, c * s, s, 1.0, 10.0)
        expected, danger = loop_risk(x, c * s, s, 1.0, 10.0)
        assert r == pytest.approx(expected, abs=1e-13)
        # the most endangered actor gets 0.5 (R = 1), the safest 2 (R = -1)
        assert r[danger.argmax()] == pytest.approx(0.5) and r[danger.argmin()] == pytest.approx(2.0)
        assert ((r >= 0.5 - 1e-12) & (r <= 2 + 1e-12)).all()
        # with everyone alike (two actors, same weight and salience) nobody is more endangered
        assert risk_exponents(np.array([0.0, 1.0]), np.ones(2), np.ones(2), 1.0, 1.0).tolist() == [1.0, 1.0]

    @pytest.mark.parametrize(
        ("x", "c", "s", "q", "kinds"),
        [
            ([5.0, 8.0, 10.0], [1.0, 2.0, 8.0], [0.9, 0.3, 0.3], 1.0, {"confrontation", "compromise"}),
            ([3.0, 1.0, 4.0], [9.0, 2.0, 4.0], [0.4, 0.9, 0.2], 1.0, {"confrontation", "capitulation"}),
            ([3.0, 1.0, 4.0], [9.0, 2.0, 4.0], [0.4, 0.9, 0.2], 0.5, {"compromise", "capitulation"}),
            ([5.0, 2.0, 7.0, 4.0], [6.0, 5.0, 8.0, 2.0], [0.2, 0.3, 0.9, 0.4], 0.5, None),
        ],
    )
    def test_challenge_compromise_capitulate_as_the_formulas_decide(self, x, c, s, q, kinds):
        x, c, s = np.array(x), np.array(c), np.array(s)
        scale = float(np.ptp(x))
        expected, expected_moves = loop_round(x, c, s, scale, q, capitulation=True)
        assert {m[1] for m in expected_moves} == (kinds or {"confrontation", "compromise", "capitulation"})
        new, moves = eu_round(x, c, s, scale, q, capitulation=True)
        assert new == pytest.approx(expected, abs=1e-12)
        assert [m[:3] for m in moves] == [m[:3] for m in expected_moves]
        assert np.array([m[3:] for m in moves]) == pytest.approx(np.array([m[3:] for m in expected_moves]), abs=1e-12)
        for i, kind, j, a, b, at in moves:  # the rules themselves, on the numbers reported
            if kind == "confrontation":
                assert 0 < a < b and at == x[j]
            elif kind == "compromise":
                assert a < 0 < b and b > -a and at == pytest.approx(x[i] + (x[j] - x[i]) * -a / b)
            else:
                assert a < 0 < b < -a and at == x[j]
        # without capitulations (the replication) those actors stay where they are
        new, moves = eu_round(x, c, s, scale, q)
        expected, expected_moves = loop_round(x, c, s, scale, q)
        assert new == pytest.approx(expected, abs=1e-12) and "capitulation" not in {m[1] for m in moves}
        assert [m[:3] for m in moves] == [m[:3] for m in expected_moves]

    @settings(max_examples=40)
    @given(
        st.lists(st.integers(0, 20), min_size=2, max_size=5),
        st.lists(st.integers(1, 9), min_size=5, max_size=5),
        st.lists(st.integers(1, 9), min_size=5, max_size=5),
        st.sampled_from([0.0, 0.5, 1.0]),
        st.sampled_from(["replication", "smallest_move"]),
    )
    def test_a_round_is_the_papers_rules_actor_by_actor(self, xs, cs, ss, q, rule):
        x = np.array(xs, dtype=float)
        assume(np.ptp(x) > 0)
        n = len(x)
        c, s = np.array(cs[:n], dtype=float), np.array(ss[:n]) / 10.0
        scale = float(np.ptp(x))
        with np.errstate(divide="ignore", invalid="ignore"):
            danger = loop_risk(x, c * s, s, q, scale)[1] if len(set(xs)) == n else None
        assume(danger is not None and np.ptp(danger) > 1e-9)
        new, moves = eu_round(x, c, s, scale, q, rule, capitulation=True)
        expected, expected_moves = loop_round(x, c, s, scale, q, capitulation=True, rule=rule)
        assert new == pytest.approx(expected, abs=1e-9)
        assert [m[:3] for m in moves] == [m[:3] for m in expected_moves]

    def test_ties_go_to_the_first_actor_within_a_relative_tolerance(self):
        allowed = np.ones((3, 2), dtype=bool)
        keys = np.array([[5e-13, 0.0], [1e12 + 0.5, 1e12], [2e-12, 0.0]])
        # within 1e-12 of the smallest (relative to it when it is above 1): the first counts as equal
        assert _first_smallest(keys, allowed).tolist() == [0, 0, 1]
        assert _first_smallest(keys, np.array([[0, 0], [0, 1], [1, 0]], bool)).tolist() == [-1, 1, 0]


def loop_pce(utilities, weights):
    """Conditional PCE: C_ab = 1e-8 + sum_k w_k max(u_ka - u_kb, 0); P(a beats b) = C_ab / (C_ab + C_ba);
    P(a) proportional to the product over b != a of P(a beats b)."""
    voters, m = utilities.shape
    c = np.full((m, m), 1e-8)
    for k in range(voters):
        for a in range(m):
            for b in range(m):
                c[a, b] += weights[k] * max(utilities[k, a] - utilities[k, b], 0.0)
    product = np.array([np.prod([c[a, b] / (c[a, b] + c[b, a]) for b in range(m) if b != a]) for a in range(m)])
    return product / product.sum()


class TestSpatialMaths:
    def test_pce_two_options_by_hand(self):
        # voter weights 1 and 3, each for its own option: C_01 = 1, C_10 = 3: option 1 wins 3 in 4
        p = pce(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, 3.0]))
        assert p == pytest.approx([0.25, 0.75], abs=1e-8)

    def test_pce_three_options_from_the_condorcet_formula(self):
        u = np.array([[1.0, 0.6, 0.0], [0.2, 1.0, 0.5], [0.0, 0.3, 1.0]])
        w = np.array([3.0, 1.0, 2.0])
        p = pce(u, w)
        assert p == pytest.approx(loop_pce(u, w), abs=1e-12)
        # by hand: C_01 = 3 x 0.4 = 1.2, C_10 = 0.8 + 2 x 0.3 = 1.4; C_02 = 3, C_20 = 0.3 + 2 = 2.3;
        # C_12 = 1.8 + 0.5 = 2.3, C_21 = 2 x 0.7 = 1.4 (+1e-8 each):
        # P0 ~ 1.2/2.6 x 3/5.3, P1 ~ 1.4/2.6 x 2.3/3.7, P2 ~ 2.3/5.3 x 1.4/3.7
        raw = np.array([1.2 / 2.6 * 3 / 5.3, 1.4 / 2.6 * 2.3 / 3.7, 2.3 / 5.3 * 1.4 / 3.7])
        assert p == pytest.approx(raw / raw.sum(), abs=1e-7)
        assert (
            p.argmax() == 1
        )  # the Condorcet winner (beats 0 by 1.4 to 1.2, 2 by 2.3 to 1.4), not the heaviest voter's
        # a cycle of equal voters: no option is favoured
        cyclic = np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.5], [0.5, 0.0, 1.0]])
        assert pce(cyclic, np.ones(3)) == pytest.approx([1 / 3] * 3)

    def test_pce_neither_underflows_nor_overflows_with_many_options(self):
        # 1100 options nobody tells apart: every contest is 1e-8 against 1e-8, a chance of 1/2, so each
        # option's product is 2 ** -1100 (below the smallest double): the chances must still be equal
        m = 1100
        assert pce(np.zeros((1, m)), np.ones(1)) == pytest.approx(np.full(m, 1 / m))
        assert _pce_batch(np.zeros((1, 1, m)), np.ones(1))[0] == pytest.approx(np.full(m, 1 / m))
        # 60 options in a strict order: the last loses every contest by 1e-8 to about 1 (a product
        # near 1e-8 ** 59, far below the smallest double); the first wins nearly surely
        ranked = -np.arange(60.0)[None, :]
        for p in (pce(ranked, np.ones(1)), _pce_batch(ranked[None], np.ones(1))[0]):
            assert np.isfinite(p).all() and p[0] == pytest.approx(1.0) and p.sum() == pytest.approx(1.0)

    def test_pce_batch_is_pce_per_election(self):
        rng = np.random.default_rng(3)
        u = rng.random((4, 5, 3))
        w = rng.random(5) + 0.1
        batch = _pce_batch(u, w)
        for g in range(4):
            assert batch[g] == pytest.approx(loop_pce(u[g], w), abs=1e-12)

    def test_utility_distance_and_rounding_by_hand(self):
        assert _utility(np.array([0.0, 0.5, 1.0]), 0.5).tolist() == pytest.approx([1.0, 0.625, 0.0])
        assert _utility(np.array([0.25]), -0.5).tolist() == pytest.approx([0.75 * 0.875])
        # D[i, j]: sqrt(sum_k s_ik^2 (y_ik - x_jk)^2 / sum_k s_ik^2)
        ideals = np.array([[0.0, 0.0], [1.0, 0.5]])
        saliences = np.array([[0.3, 0.4], [0.5, 0.0]])
        d = _distances(ideals, ideals, saliences)
        assert d[0, 1] == pytest.approx(np.sqrt((0.09 * 1.0 + 0.16 * 0.25) / 0.25))
        assert d[1, 0] == pytest.approx(1.0) and d[0, 0] == d[1, 1] == 0.0
        assert _round4(np.array([0.12344, 0.12345, 0.99996, -0.00004])).tolist() == pytest.approx(
            [0.1234, 0.1235, 1.0, 0.0]
        )

    def test_risk_attitudes_span_from_the_likeliest_to_the_least_likely(self):
        x = np.array([[0.1, 0.9], [0.5, 0.4], [0.8, 0.2], [0.3, 0.35]])
        c = np.array([4.0, 1.0, 2.0, 3.0])
        s = np.array([[0.5, 0.3], [0.2, 0.6], [0.4, 0.4], [0.3, 0.3]])
        state = SpatialState(x, c, s)
        d = np.array([[np.sqrt(sum(s[i, k] ** 2 * (x[i, k] - x[j, k]) ** 2 for k in range(2)) / (s[i] ** 2).sum())
                       for j in range(4)] for i in range(4)])  # fmt: skip
        p = loop_pce(1.0 - d, c)  # risk-neutral utilities, capability votes
        assert state.risk[p.argmax()] == pytest.approx(1.0) and state.risk[p.argmin()] == pytest.approx(-0.5)
        assert state.risk == pytest.approx((3 * p - p.max() - 2 * p.min()) / (2 * (p.max() - p.min())), abs=1e-9)
        assert state.estimate[0, 1] == pytest.approx((2 * state.risk[0] + state.risk[1]) / 3)
        assert state.own[2, 0] == pytest.approx((1 - d[2, 0]) * (1 + d[2, 0] * state.risk[2]))

    def test_the_forecast_merges_positions_within_a_thousandth(self):
        x = np.array([[0.2], [0.2005], [0.9]])
        c = np.array([1.0, 1.0, 1.5])
        state = SpatialState(x, c, np.ones((3, 1)))
        index, p = state.outcome_probabilities()
        assert index.tolist() == [0, 2]
        assert p == pytest.approx(loop_pce(state.own[:, [0, 2]], c), abs=1e-12)
        assert state.forecast() == pytest.approx(p[0] * 0.2 + p[1] * 0.9)


# --------------------------------------------------------------------------- the adapters


def eu_table(positions, capabilities, saliences, **protocol):
    agents = [
        agent(f"A{k}", "principal", {"X": x}, {"X": s}, capability=c)
        for k, (x, c, s) in enumerate(zip(positions, capabilities, saliences, strict=True))
    ]
    data = scenario(agents, protocol={"type": "expected_utility", "rounds": 1, **protocol}, max_rounds=5)
    data["saliences"] = "absolute"
    model = PeaceConference(load_scenario(data), rng=0)
    model.run_model()
    return model


class TestAdapters:
    def test_capitulations_only_when_asked_for(self):
        # the case above where, by the formulas, actor 0 capitulates to actor 1 (q = 1)
        x, c, s = [30.0, 10.0, 40.0], [9.0, 2.0, 4.0], [0.4, 0.9, 0.2]
        _, expected = loop_round(np.array(x), np.array(c), np.array(s), 30.0, 1.0, capitulation=True)
        assert (0, "capitulation", 1) in [m[:3] for m in expected]
        default = eu_table(x, c, s)
        assert "capitulation" not in {m.kind for m in default.protocol.moves}
        assert default.positions_history[1][0, 0] == 30.0  # actor 0 stays
        asked = eu_table(x, c, s, capitulation=True)
        assert [(m.actor, m.kind, m.other) for m in asked.protocol.moves if m.kind == "capitulation"] == [
            ("A0", "capitulation", "A1")
        ]
        assert asked.positions_history[1][0, 0] == 10.0

    def test_an_issue_everyone_agrees_on_is_left_alone(self):
        agents = [
            agent("A", "principal", {"X": 20, "Y": 70}, {"X": 0.5, "Y": 0.5}, capability=2.0),
            agent("B", "principal", {"X": 80, "Y": 70}, {"X": 0.5, "Y": 0.5}, capability=1.0),
        ]
        data = scenario(agents, issues=("X", "Y"), protocol={"type": "expected_utility", "rounds": 3}, max_rounds=5)
        data["saliences"] = "absolute"
        model = PeaceConference(load_scenario(data), rng=0)
        model.run_model()
        history = np.array(model.positions_history)
        assert (history[:, :, 1] == 70.0).all() and model.text[1] == 70.0
        assert {m.issue for m in model.protocol.moves} <= {"X"}

    def test_spatial_actor_without_a_position_starts_at_the_weighted_mean(self):
        agents = [
            agent("A", "principal", {"X": 10, "Y": 20}, {"X": 0.6, "Y": 0.3}, capability=2.0),
            agent("B", "principal", {"X": 90, "Y": 80}, {"X": 0.5, "Y": 0.1}, capability=1.0),
            agent("C", "guarantor", {"X": 40}, {"X": 0.8}, capability=1.5),
        ]
        data = scenario(agents, issues=("X", "Y"), protocol="spatial_pce", max_rounds=1)
        data["saliences"] = "absolute"
        model = PeaceConference(load_scenario(data), rng=0)
        model.step()
        # C's Y: the capability x salience weighted mean of A's and B's, (2 x 0.3 x 20 + 0.1 x 80) / 0.7
        assert model.positions_history[0][2, 1] == pytest.approx((0.6 * 20 + 0.1 * 80) / 0.7)

    def test_spatial_saliences_are_scaled_to_sum_at_most_one(self):
        agents = [
            agent("A", "principal", {"X": 10, "Y": 20}, {"X": 0.8, "Y": 0.7}, capability=2.0),
            agent("B", "principal", {"X": 90, "Y": 80}, {"X": 0.3, "Y": 0.4}, capability=1.0),
        ]
        data = scenario(agents, issues=("X", "Y"), protocol="spatial_pce", max_rounds=1)
        data["saliences"] = "absolute"
        model = PeaceConference(load_scenario(data), rng=0)
        model.step()
        assert model.protocol.saliences == pytest.approx(np.array([[0.8 / 1.5, 0.7 / 1.5], [0.3, 0.4]]))

    def test_spatial_with_one_actor_ends_at_once(self):
        agents = [
            agent("A", "principal", {"X": 10}, {"X": 0.8}, capability=2.0),
            agent("O", "observer", {}, {}, capability=1.0),
        ]
        data = scenario(agents, protocol="spatial_pce", max_rounds=20)
        data["saliences"] = "absolute"
        model = PeaceConference(load_scenario(data), rng=0)
        model.run_model()
        assert model.settled_round == 1 and model.text[0] == pytest.approx(10.0)
