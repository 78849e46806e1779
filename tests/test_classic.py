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

from simulator import PeaceConference, load_scenario, run_conference
from simulator.classic.models import describe_moves
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
