"""Sweeps: designs, resumability, worker-count independence, Dask, and the summary's figures."""

import concurrent.futures as cf
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from builders import two_party

from simulator import load_scenario, run_conference
from simulator.cli import main
from simulator.sweeps import run as sweep_run
from simulator.sweeps import store
from simulator.sweeps.design import design_points, plan
from simulator.sweeps.run import run_sweep, sweep
from simulator.sweeps.spec import SweepError, SweepSpec, Vary
from simulator.sweeps.store import finished_runs, load_results
from simulator.sweeps.summary import summarize, wilson

ROOT = Path(__file__).resolve().parents[1]
TWO_PARTY = str(ROOT / "docs" / "examples" / "two-party.yaml")
MEDIATED = str(ROOT / "docs" / "examples" / "mediated.yaml")


def known_answer(tmp_path: Path) -> str:
    """B never moves; A walks out whenever fighting on is worth anything to it."""
    data = two_party(rule_b="hardliner", max_rounds=10, walkout=["A"])
    path = tmp_path / "known.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


class TestDesigns:
    def test_grid_is_the_cartesian_product_times_seeds(self):
        spec = SweepSpec(
            TWO_PARTY,
            [
                Vary.parse("agents.A.reservation=0:0.4:3"),
                Vary.parse("conference.protocol=alternating_offers,single_text"),
            ],
            seeds=2,
        )
        points = design_points(spec)
        assert len(points) == 6 and len(plan(spec)) == 12
        assert {p["agents.A.reservation"] for p in points} == {0.0, 0.2, 0.4}
        runs = plan(spec)
        assert [r.seed for r in runs[:2]] == [r.seed for r in runs[2:4]]  # common random numbers

    def test_latin_hypercube_has_one_point_per_stratum(self):
        spec = SweepSpec(
            TWO_PARTY,
            [Vary.parse("agents.A.reservation=0:0.5"), Vary.parse("agents.B.reservation=0.1:0.3")],
            design="lhs",
            samples=10,
        )
        points = design_points(spec)
        assert len(points) == 10
        strata = sorted(int(p["agents.A.reservation"] / 0.05) for p in points)
        assert strata == list(range(10))
        assert all(0.1 <= p["agents.B.reservation"] <= 0.3 for p in points)

    def test_sobol_and_morris_sizes_and_fixed_seed(self):
        varies = [
            Vary.parse("agents.A.reservation=0:0.5"),
            Vary.parse("agents.B.reservation=0:0.5"),
            Vary.parse("conference.max_rounds=5:15"),
        ]
        sobol = SweepSpec(TWO_PARTY, varies, design="sobol", samples=8)
        morris = SweepSpec(TWO_PARTY, varies, design="morris", samples=4)
        assert len(plan(sobol)) == 8 * (3 + 2)
        assert len(plan(morris)) == 4 * (3 + 1)
        assert len({r.seed for r in plan(sobol)}) == 1
        with pytest.raises(SweepError, match="one fixed seed per point"):
            SweepSpec(TWO_PARTY, varies, design="sobol", seeds=3)

    def test_categorical_values_in_a_sampled_design(self):
        spec = SweepSpec(
            TWO_PARTY, [Vary.parse("conference.protocol=alternating_offers,single_text")], design="lhs", samples=20
        )
        assert {p["conference.protocol"] for p in design_points(spec)} == {"alternating_offers", "single_text"}

    def test_vary_syntax_errors(self):
        with pytest.raises(SweepError, match="expected PATH=LOW:HIGH"):
            Vary.parse("agents.A.reservation")
        with pytest.raises(SweepError, match="LOW <= HIGH"):
            Vary.parse("agents.A.reservation=0.5:0.1")


class TestRunning:
    def test_rows_carry_inputs_seed_and_results(self, tmp_path):
        frame = sweep(TWO_PARTY, ["agents.A.reservation=0,0.2"], seeds=2, out=tmp_path / "s", workers=1)
        assert list(frame["run_id"]) == [0, 1, 2, 3]
        assert {"seed", "agents.A.reservation", "outcome", "round", "terms.X", "utility.A", "ripe_round"} <= set(
            frame.columns
        )
        assert frame.loc[0, "terms.X"] == 50.0 and frame.loc[0, "outcome"] == "agreement"

    def test_a_row_agrees_with_the_full_report_of_the_same_run(self, tmp_path):
        # the mediator's side payments carry some texts: the row's total is the report's
        scenario = str(ROOT / "scenarios" / "mediator-leverage.yaml")
        frame = sweep(scenario, ["agents.USA.mediation.leverage=0,0.05"], seeds=4, out=tmp_path / "s", workers=1)
        for _, row in frame.iterrows():
            override = f"agents.USA.mediation.leverage={row['agents.USA.mediation.leverage']}"
            report = run_conference(load_scenario(scenario, [override]), seed=int(row["seed"]), collect=False).report
            assert (row["outcome"], row["round"], row["ripe_round"]) == (
                report["outcome"],
                report["round"],
                report["ripe_round"],
            )
            assert row["side_payments"] == round(sum(report["side_payments"].values()), 4)
            assert row["utility.UKR"] == report["actors"]["UKR"]["utility"]
        paid = frame[frame["agents.USA.mediation.leverage"] > 0]["side_payments"]
        assert (frame[frame["agents.USA.mediation.leverage"] == 0]["side_payments"] == 0).all()
        assert (paid > 0).any() and (paid <= 0.05 + 1e-9).all()

    def test_one_and_two_workers_give_identical_results(self, tmp_path):
        args = dict(vary=["agents.A.reservation=0:0.3:4"], seeds=3, overrides=["conference.protocol=single_text"])
        scenario = str(ROOT / "docs" / "examples" / "mediated.yaml")
        one = sweep(scenario, out=tmp_path / "one", workers=1, **args)
        two = sweep(scenario, out=tmp_path / "two", workers=2, **args)
        pd.testing.assert_frame_equal(one, two)

    def test_a_bad_path_is_refused_before_any_run(self, tmp_path):
        spec = SweepSpec(TWO_PARTY, [Vary.parse("agents.A.reservaton=0:1:2")])
        with pytest.raises(Exception, match="did you mean 'reservation'"):
            run_sweep(spec, tmp_path / "bad", workers=1, progress=False)
        assert not (tmp_path / "bad" / "parts").exists()

    def test_a_folder_holding_another_sweep_is_refused(self, tmp_path):
        run_sweep(
            SweepSpec(TWO_PARTY, [Vary.parse("agents.A.reservation=0,0.1")]), tmp_path / "s", workers=1, progress=False
        )
        with pytest.raises(SweepError, match="holds a different sweep"):
            run_sweep(
                SweepSpec(TWO_PARTY, [Vary.parse("agents.A.reservation=0,0.2")]),
                tmp_path / "s",
                workers=1,
                progress=False,
            )

    def test_a_failing_run_is_recorded_and_the_sweep_goes_on(self, tmp_path, monkeypatch):
        real = sweep_run.run_one

        def flaky(scenario, seed):
            if scenario.agent("A").reservation == 0.1:
                raise RuntimeError("model failure")
            return real(scenario, seed)

        monkeypatch.setattr(sweep_run, "run_one", flaky)
        frame = sweep(TWO_PARTY, ["agents.A.reservation=0,0.1,0.2"], out=tmp_path / "s", workers=1)
        assert list(frame["outcome"]) == ["agreement", "error", "agreement"]
        assert frame.loc[1, "error"] == "RuntimeError: model failure"

    @pytest.mark.parametrize("path", ["scenarios/talks-2026.yaml", "scenarios/two-level.yaml", MEDIATED])
    def test_a_row_from_the_short_report_equals_one_from_the_full_report(self, path):
        from simulator.sweeps.design import Run
        from simulator.sweeps.run import result_row, run_one

        scenario = load_scenario(ROOT / path)
        for seed in (0, 3):
            run = Run(0, 0, seed, {})
            full = run_conference(scenario, seed=seed, collect=False, history=False).report
            assert result_row(run, run_one(scenario, seed)) == result_row(run, full)

    def test_rerunning_a_finished_sweep_changes_nothing(self, tmp_path):
        spec = SweepSpec(TWO_PARTY, [Vary.parse("agents.A.reservation=0:0.3:4")], seeds=2)
        run_sweep(spec, tmp_path / "s", workers=1, progress=False, chunk_size=3)
        parts = sorted((tmp_path / "s" / "parts").iterdir())
        run_sweep(spec, tmp_path / "s", workers=1, progress=False, chunk_size=3)
        assert sorted((tmp_path / "s" / "parts").iterdir()) == parts
        assert len(parts) == 3


def sweep_command(out: Path, seeds: int) -> list[str]:
    return [
        sys.executable, "-m", "simulator.cli", "sweep", str(ROOT / "scenarios" / "essay-2024.yaml"),
        "--vary", "agents.RUS.rule.beta=0.2:0.8:4", "--seeds", str(seeds), "--out", str(out),
        "--workers", "2", "--no-summary",
    ]  # fmt: skip


def wait_for_parts(out: Path, at_least: int, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if len(list((out / "parts").glob("part-*.parquet"))) >= at_least if (out / "parts").exists() else False:
            return
        time.sleep(0.05)
    raise AssertionError("the sweep wrote no parts in time")


def children(pid: int) -> list[int]:
    """The sweep's worker processes (not the resource tracker)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"resource_tracker" not in cmdline:
                found.append(int(child))
    return found


class TestResume:
    def test_a_killed_sweep_finishes_without_lost_or_duplicated_runs(self, tmp_path):
        out = tmp_path / "s"
        proc = subprocess.Popen(sweep_command(out, 30), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        wait_for_parts(out, 2)
        for child in children(proc.pid):
            os.kill(child, signal.SIGKILL)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        partial = finished_runs(out)
        assert 0 < len(partial) < 120
        done = subprocess.run(sweep_command(out, 30), capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        frame = load_results(out)
        assert sorted(frame["run_id"]) == list(range(120))
        clean = sweep(
            ROOT / "scenarios" / "essay-2024.yaml",
            ["agents.RUS.rule.beta=0.2:0.8:4"],
            seeds=30,
            out=tmp_path / "clean",
            workers=2,
        )
        pd.testing.assert_frame_equal(frame, clean)

    def test_a_killed_worker_is_replaced_and_every_run_finishes(self, tmp_path):
        out = tmp_path / "s"
        proc = subprocess.Popen(
            sweep_command(out, 30), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, text=True
        )
        wait_for_parts(out, 1)
        workers = children(proc.pid)
        assert workers, "the sweep runs worker processes"
        os.kill(workers[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0
        assert "a worker died" in err
        frame = load_results(out)
        assert sorted(frame["run_id"]) == list(range(120))


class PoolThatBreaks:
    """A stand-in for the local engine's process pool that runs each chunk as it is submitted and
    breaks once, as a pool whose worker is killed does, at a chosen moment: at the n-th submit
    (the death was noticed while the sweep wrote a finished chunk), or as the n-th chunk runs.
    A broken pool refuses every later submit, as ``ProcessPoolExecutor`` does."""

    submitted = 0  # across pools: the sweep's restarts go on counting

    def __init__(self, moment: tuple[str, int], **_: object):
        self.moment = moment
        self.broken = False

    def __enter__(self) -> "PoolThatBreaks":
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def submit(self, fn, *args) -> cf.Future:
        if self.broken:
            raise cf.process.BrokenProcessPool("a child process terminated abruptly")
        PoolThatBreaks.submitted += 1
        future: cf.Future = cf.Future()
        if self.moment == ("submit", PoolThatBreaks.submitted):
            self.broken = True
            raise cf.process.BrokenProcessPool("a child process terminated abruptly")
        if self.moment == ("run", PoolThatBreaks.submitted):
            self.broken = True
            future.set_exception(cf.process.BrokenProcessPool("a child process terminated abruptly"))
        else:
            future.set_result(fn(*args))
        return future


@pytest.mark.parametrize("moment", [(when, n) for when in ("submit", "run") for n in range(1, 8)])
def test_a_pool_that_breaks_at_any_moment_loses_no_run_and_repeats_none(monkeypatch, moment):
    # (a worker killed while a finished chunk was being written once lost the next chunk: taken
    # from the iterator, refused by the broken pool's submit, never put in flight)
    spec = SweepSpec(TWO_PARTY, [Vary.parse("agents.A.reservation=0:0.6:4")], seeds=3)  # 12 runs, 6 chunks
    monkeypatch.setattr(PoolThatBreaks, "submitted", 0)
    monkeypatch.setattr(sweep_run.cf, "ProcessPoolExecutor", lambda **options: PoolThatBreaks(moment, **options))
    monkeypatch.setattr(sweep_run, "run_chunk", lambda scenario, overrides, runs: [{"run_id": r.run_id} for r in runs])
    written: list[int] = []
    sweep_run.run_local(
        spec, sweep_run.chunks_of(plan(spec), 2), 2, lambda rows: written.extend(r["run_id"] for r in rows)
    )
    assert sorted(written) == list(range(12))


class TestCompaction:
    """Small part files are merged once there are many; rows, resuming and reading stay the same."""

    @staticmethod
    def run(out: Path) -> Path:
        """12 runs, one part file each."""
        spec = SweepSpec(TWO_PARTY, [Vary.parse("agents.A.reservation=0:0.6:4")], seeds=3)
        run_sweep(spec, out, workers=1, progress=False, chunk_size=1)
        return out

    def reference(self, tmp_path):
        return self.run(tmp_path / "ref")

    def test_small_parts_are_merged_and_the_rows_kept(self, tmp_path, monkeypatch):
        reference = load_results(self.reference(tmp_path))  # 12 parts: fewer than COMPACT_PARTS
        assert len(list((tmp_path / "ref" / "parts").glob("part-*.parquet"))) == 12
        monkeypatch.setattr(store, "COMPACT_PARTS", 5)
        self.run(tmp_path / "c")
        # merged after the 5th and 10th parts; the last two stay (fewer than 5)
        names = sorted(p.name[:24] for p in (tmp_path / "c" / "parts").glob("part-*.parquet"))
        assert names == ["part-000000000-000000009", "part-000000010-000000010", "part-000000011-000000011"]
        pd.testing.assert_frame_equal(load_results(tmp_path / "c"), reference)

    def test_a_kill_between_writing_and_deleting_counts_rows_once(self, tmp_path):
        out = self.reference(tmp_path)
        reference = load_results(out)
        parts = sorted((out / "parts").glob("part-*.parquet"))
        # a merged part on disk whose inputs were not yet deleted: its rows are in two files
        merged = out / "parts" / parts[0].name.replace(parts[0].name[-16:-8], "ffffffff")
        merged.write_bytes(parts[0].read_bytes())
        pd.testing.assert_frame_equal(load_results(out), reference)
        assert len(finished_runs(out)) == 12
        assert store.compact(out, at_least=2) == 13
        [part] = (out / "parts").glob("part-*.parquet")
        assert pq.read_metadata(part).num_rows == 12
        pd.testing.assert_frame_equal(load_results(out), reference)

    def test_resuming_after_a_merge_redoes_only_the_lost_runs(self, tmp_path, monkeypatch):
        reference = load_results(self.reference(tmp_path))
        monkeypatch.setattr(store, "COMPACT_PARTS", 5)
        self.run(tmp_path / "c")
        lost = sorted((tmp_path / "c" / "parts").glob("part-000000010-*"))
        lost[0].unlink()  # the run a kill lost
        assert len(finished_runs(tmp_path / "c")) == 11
        self.run(tmp_path / "c")
        pd.testing.assert_frame_equal(load_results(tmp_path / "c"), reference)


class TestDask:
    def test_a_local_dask_cluster_gives_the_same_results(self, tmp_path):
        distributed = pytest.importorskip("distributed")
        args = dict(vary=["agents.A.reservation=0:0.3:4"], seeds=2)
        local = sweep(TWO_PARTY, out=tmp_path / "local", workers=1, **args)
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            remote = sweep(TWO_PARTY, out=tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address, **args)
        pd.testing.assert_frame_equal(local, remote)


class TestSummary:
    def test_figures_of_a_sweep_whose_answer_is_known(self, tmp_path):
        scenario = known_answer(tmp_path)
        out = tmp_path / "s"
        run_sweep(
            SweepSpec(scenario, [Vary.parse("agents.A.reservation=0,0.5")], seeds=5), out, workers=1, progress=False
        )
        summary = summarize(out)
        low, high = wilson(5, 10)
        assert summary["p_agreement"] == {"p": 0.5, "low": round(low, 4), "high": round(high, 4), "n": 10}
        assert summary["p_breakdown"]["p"] == 0.5
        levels = summary["by_parameter"]["agents.A.reservation"]
        assert [(lv["value"], lv["p"]) for lv in levels] == [(0.0, 1.0), (0.5, 0.0)]
        # where A stays it settles at the deadline; where it walks out nothing settles
        assert [(lv["p_breakdown"], lv["round"]) for lv in levels] == [(0.0, 10.0), (1.0, None)]
        assert [lv["p_ripe"] for lv in levels] == [1.0, 1.0]  # no war: ripe once a text beats walking away
        assert summary["terms"]["X"]["median"] == 100.0  # B gets everything where A stays
        assert summary["round"]["median"] == 10.0
        assert [lv["terms"] for lv in levels] == [{"X": 100.0}, {"X": None}]
        names = [Path(p).name for p in summary["plots"]]
        assert names == [
            "p_agreement_agents_A_reservation.png",
            "round_agents_A_reservation.png",
            "terms_agents_A_reservation.png",
        ]
        text = (out / "summary.txt").read_text()
        assert "P(agreement) = 0.500  (95% CI 0.237 - 0.763)\n" in text
        assert "P(ripe)      = 1.000  (95% CI 0.723 - 1.000): talks became an option (ripe) in 10 of 10 runs\n" in text
        assert "before ripeness" not in text  # every agreement came once talks were ripe
        assert "round of settlement: median 10 (p10 10, p90 10)\n" in text
        assert ("terms of the agreements:\n  issue  median    p10    p90\n  X       100.0  100.0  100.0\n") in text
        assert (
            "by agents.A.reservation (round: median over the agreements):\n"
            "  value  P(agreement)         95% CI  n  P(breakdown)  P(ripe)  round\n"
            "    0.0         1.000  0.566 - 1.000  5         0.000    1.000     10\n"
            "    0.5         0.000  0.000 - 0.434  5         1.000    1.000      -\n"
            "median terms of the agreements by agents.A.reservation:\n"
            "  issue    0.0  0.5\n"
            "  X      100.0    -\n"
        ) in text
        assert "plots:\n" + "".join(f"  {out / 'plots' / n}\n" for n in names) in text
        assert json.loads((out / "summary.json").read_text())["runs"] == 10

    def test_sobol_indices_find_the_parameter_that_matters(self, tmp_path):
        # two linear bargainers agree while their walk-away values leave a range (r_A + r_B < 1);
        # B's capability plays no part
        out = tmp_path / "s"
        varies = [
            Vary.parse("agents.A.reservation=0.2:0.8"),
            Vary.parse("agents.B.reservation=0.2:0.8"),
            Vary.parse("agents.B.capability=0.5:2"),
        ]
        run_sweep(SweepSpec(TWO_PARTY, varies, design="sobol", samples=64), out, workers=2, progress=False)
        indices = summarize(out, plots=False)["sensitivity"]["agreement"]
        assert indices["agents.A.reservation"]["ST"] > 0.3
        assert indices["agents.B.reservation"]["ST"] > 0.3
        assert abs(indices["agents.B.capability"]["ST"]) < 0.05

    def test_heatmap_over_two_parameters(self, tmp_path):
        out = tmp_path / "s"
        spec = SweepSpec(
            TWO_PARTY, [Vary.parse("agents.A.reservation=0:0.4:3"), Vary.parse("agents.B.reservation=0:0.4:3")]
        )
        run_sweep(spec, out, workers=1, progress=False)
        assert "heatmap.png" in [Path(p).name for p in summarize(out)["plots"]]


class TestCommandLine:
    def test_sweep_and_summarize_commands(self, tmp_path, capsys):
        out = tmp_path / "s"
        code = main(
            [
                "sweep",
                TWO_PARTY,
                "--vary",
                "agents.A.reservation=0:0.2:3",
                "--seeds",
                "2",
                "--out",
                str(out),
                "--workers",
                "1",
                "--quiet",
            ]
        )
        assert code == 0
        printed = capsys.readouterr().out
        assert "sweep of" in printed and "P(agreement) = 1.000" in printed
        assert main(["summarize", str(out), "--no-plots"]) == 0
        assert "6 of 6 runs" in capsys.readouterr().out

    def test_a_sweep_file(self, tmp_path, capsys):
        spec_file = tmp_path / "sweep.yaml"
        spec_file.write_text(
            f"scenario: {MEDIATED}\nvary:\n  agents.A.reservation: '0:0.2:3'\n  conference.protocol: [alternating_offers, single_text]\n"
            f"seeds: 2\nout: {tmp_path / 'out'}\nworkers: 1\n",
            encoding="utf-8",
        )
        assert main(["sweep", str(spec_file), "--quiet", "--no-summary"]) == 0
        frame = load_results(tmp_path / "out")
        assert len(frame) == 12 and set(frame["conference.protocol"]) == {"alternating_offers", "single_text"}

    def test_a_sweep_file_with_an_unknown_key(self, tmp_path, capsys):
        spec_file = tmp_path / "sweep.yaml"
        spec_file.write_text(f"scenario: {TWO_PARTY}\nseed: 3\n", encoding="utf-8")
        assert main(["sweep", str(spec_file), "--out", str(tmp_path / "o")]) == 1
        assert (
            f"{spec_file}:2: seed: unknown key 'seed'; did you mean 'seeds'? Allowed: scenario,"
            in capsys.readouterr().err
        )

    def test_progress_bar_on_stderr(self, tmp_path, capsys):
        # tqdm's bar: the runs found on disk count as done; the rate and the time left are shown
        spec = SweepSpec(TWO_PARTY, [Vary.parse("agents.A.reservation=0:0.3:4")])
        run_sweep(spec, tmp_path / "s", workers=1, chunk_size=2)
        first = capsys.readouterr()
        assert first.out == "" and "4/4" in first.err and "run/s" in first.err
        run_sweep(spec, tmp_path / "s", workers=1)  # nothing left to run
        assert "4/4" in capsys.readouterr().err
        run_sweep(spec, tmp_path / "s", workers=1, progress=False)
        assert capsys.readouterr().err == ""


def test_rows_with_different_columns_keep_them_all(tmp_path):
    # a breakdown first, then an agreement (which adds ratified.*), in one chunk
    scenario = known_answer(tmp_path)
    spec = SweepSpec(scenario, [Vary.parse("agents.A.reservation=0.6,0")])
    run_sweep(spec, tmp_path / "s", workers=1, progress=False, chunk_size=10)
    frame = load_results(tmp_path / "s")
    assert list(frame["outcome"]) == ["breakdown", "agreement"]
    assert frame.loc[1, "ratified.A"] == True  # noqa: E712 (a numpy bool)


def test_a_column_keeps_its_type_whichever_parts_hold_nulls(tmp_path):
    # a breakdown alone in the first part (terms.X null there), an agreement in the second
    scenario = known_answer(tmp_path)
    run_sweep(
        SweepSpec(scenario, [Vary.parse("agents.A.reservation=0.6,0")]),
        tmp_path / "s",
        workers=1,
        progress=False,
        chunk_size=1,
    )
    frame = load_results(tmp_path / "s")
    assert len(list((tmp_path / "s" / "parts").glob("*.parquet"))) == 2
    assert frame["terms.X"].dtype == "float64" and frame["terms.X"].isna().tolist() == [True, False]
    assert list(frame.columns)[:6] == ["run_id", "point", "seed", "agents.A.reservation", "outcome", "round"]


def test_whole_number_fields_stay_whole_in_sampled_designs(tmp_path):
    spec = SweepSpec(TWO_PARTY, [Vary.parse("conference.max_rounds=5:15")], design="lhs", samples=12)
    run_sweep(spec, tmp_path / "s", workers=1, progress=False)
    frame = load_results(tmp_path / "s")
    assert (frame["outcome"] != "error").all()
    assert all(float(v).is_integer() and 5 <= v <= 15 for v in frame["conference.max_rounds"])


def test_summary_orders_numeric_levels_by_value(tmp_path):
    run_sweep(
        SweepSpec(TWO_PARTY, [Vary.parse("conference.max_rounds=6,10,8")]), tmp_path / "s", workers=1, progress=False
    )
    levels = summarize(tmp_path / "s", plots=False)["by_parameter"]["conference.max_rounds"]
    assert [lv["value"] for lv in levels] == [6, 8, 10]


def test_a_column_null_in_one_part_stays_numeric_when_the_parts_are_joined(tmp_path):
    """However the runs fell into parts (a resumed sweep), the frame is the same: a term that no run of
    one part settled (all nulls there) is still a column of numbers."""
    rows = [{"run_id": 0, "terms.X": None}, {"run_id": 1, "terms.X": None}, {"run_id": 2, "terms.X": 40.5}]
    split, whole = tmp_path / "split", tmp_path / "whole"
    store.write_part(split, rows[:2])
    store.write_part(split, rows[2:])
    store.write_part(whole, rows)
    joined = store.load_results(split)
    assert str(joined["terms.X"].dtype) == "float64"
    pd.testing.assert_frame_equal(joined, store.load_results(whole))
