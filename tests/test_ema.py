"""The EMA Workbench adapter: uncertainties from --vary, outcomes from the sweep's runs, PRIM."""

from pathlib import Path

import numpy as np
import pytest

from simulator import ScenarioError
from simulator.sweeps.design import seed_for
from simulator.sweeps.ema import ema_model, ema_name, experiments, find_box, run_experiment
from simulator.sweeps.run import sweep
from simulator.sweeps.spec import SweepError

ROOT = Path(__file__).resolve().parents[1]
TWO_PARTY = str(ROOT / "docs" / "examples" / "two-party.yaml")
# two linear bargainers agree while their walk-away values leave a range: r_A + r_B < 1; with
# r_B = 0.5 that is r_A < 0.5, whatever B's capability
VARY = ["agents.A.reservation=0.2:0.8", "agents.B.capability=0.5:2"]
FIXED = ["agents.B.reservation=0.5"]


@pytest.fixture(scope="module")
def model():
    return ema_model(TWO_PARTY, VARY, seeds=2, overrides=FIXED)


@pytest.fixture(scope="module")
def results(model):
    return experiments(model, 120, rng=0)


class TestModel:
    def test_uncertainties_follow_the_vary_strings(self):
        model = ema_model(
            TWO_PARTY,
            ["agents.A.reservation=0.1:0.4", "conference.max_rounds=5:20", "conference.utility=linear,quadratic"],
        )
        kinds = {u.name: type(u).__name__ for u in model.uncertainties}
        assert kinds == {
            "agents_A_reservation": "RealParameter",
            "conference_max_rounds": "IntegerParameter",  # a whole-number field, found as a sweep finds it
            "conference_utility": "CategoricalParameter",
        }
        reservation = model.uncertainties["agents_A_reservation"]
        assert (reservation.lower_bound, reservation.upper_bound) == (0.1, 0.4)
        assert reservation.variable_name == ["agents.A.reservation"]  # what the run is given

    def test_whole_numbers_and_categories_reach_the_run(self):
        model = ema_model(TWO_PARTY, ["conference.max_rounds=5:20", "conference.utility=linear,quadratic"], seeds=1)
        frame, outcomes = experiments(model, 6, rng=0)
        for k in range(6):
            values = {"conference.max_rounds": int(frame.loc[k, "conference_max_rounds"])}
            values["conference.utility"] = frame.loc[k, "conference_utility"]
            run = run_experiment(TWO_PARTY, [], model.replications[0]["seed"], **values)
            assert outcomes["round"][k] == run["round"] <= values["conference.max_rounds"]
        assert set(frame["conference_utility"]) == {"linear", "quadratic"}

    def test_replications_are_the_sweep_seeds(self, model):
        assert [r["seed"] for r in model.replications] == [seed_for(0, 0), seed_for(0, 1)]

    def test_outcomes(self, model):
        assert [o.name for o in model.outcomes] == [
            "p_agreement",
            "p_breakdown",
            "p_ripe",
            "round",
            "utility_A",
            "utility_B",
        ]

    def test_a_bad_field_is_refused_before_any_run(self):
        with pytest.raises(ScenarioError, match="unknown key 'reservaton'; did you mean 'reservation'"):
            ema_model(TWO_PARTY, ["agents.A.reservaton=0:1"])

    def test_no_varied_field(self):
        with pytest.raises(SweepError, match="at least one varied field"):
            ema_model(TWO_PARTY, [])


class TestExperiments:
    def test_a_run_is_the_sweep_row(self):
        rows = sweep(TWO_PARTY, ["agents.A.reservation=0.3,0.7"], seeds=2, overrides=FIXED, workers=1)
        for _, row in rows.iterrows():
            got = run_experiment(
                TWO_PARTY, FIXED, int(row["seed"]), **{"agents.A.reservation": row["agents.A.reservation"]}
            )
            assert got["agreement"] == float(row["outcome"] == "agreement")
            assert got["round"] == row["round"]
            assert got["utility.A"] == row["utility.A"] and got["utility.B"] == row["utility.B"]

    def test_outcomes_average_the_replications(self, model, results):
        frame, outcomes = results
        k = 7
        point = {path: frame.loc[k, ema_name(path)] for path in ("agents.A.reservation", "agents.B.capability")}
        runs = [run_experiment(TWO_PARTY, FIXED, r["seed"], **point) for r in model.replications]
        assert outcomes["p_agreement"][k] == np.mean([r["agreement"] for r in runs])
        assert outcomes["round"][k] == np.mean([r["round"] for r in runs])

    def test_agreement_where_theory_says(self, results):
        frame, outcomes = results
        expected = (frame["agents_A_reservation"] < 0.5).to_numpy(dtype=float)
        assert np.array_equal(outcomes["p_agreement"], expected)

    def test_the_same_seed_gives_the_same_experiments(self, model, results):
        frame, outcomes = results
        frame2, outcomes2 = experiments(model, 120, rng=0)
        names = [u.name for u in model.uncertainties]
        assert frame[names].equals(frame2[names])
        assert all(np.array_equal(outcomes[k], outcomes2[k]) for k in outcomes)
        assert not frame[names].equals(experiments(model, 120, rng=1)[0][names])


class TestScenarioDiscovery:
    def test_prim_finds_the_box_theory_predicts(self, model, results):
        frame, outcomes = results
        box = find_box(frame, [u.name for u in model.uncertainties], outcomes["p_agreement"] > 0.5)
        limits = box.box_lim
        # the agreement region is r_A < 0.5: PRIM bounds A's walk-away value there ...
        assert limits.loc[0, "agents_A_reservation"] == frame["agents_A_reservation"].min()
        assert 0.45 < limits.loc[1, "agents_A_reservation"] < 0.55
        # ... and leaves B's capability, which plays no part, unrestricted
        capability = frame["agents_B_capability"]
        assert limits["agents_B_capability"].tolist() == [capability.min(), capability.max()]
        assert box.density == 1.0 and box.coverage > 0.9

    def test_prim_on_a_sweeps_rows(self, tmp_path):
        rows = sweep(TWO_PARTY, VARY, design="lhs", samples=60, overrides=FIXED, out=tmp_path / "s", workers=2)
        box = find_box(rows, ["agents.A.reservation", "agents.B.capability"], rows["outcome"] == "agreement")
        assert 0.45 < box.box_lim.loc[1, "agents.A.reservation"] < 0.55
        assert box.density == 1.0 and box.coverage > 0.9
