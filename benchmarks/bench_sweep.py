"""Speed of one run, of a sweep, and peak memory; optionally a comparable negotiation in NegMAS.

    .venv/bin/python benchmarks/bench_sweep.py [--runs N] [--workers W] [--repeat R]

Prints, in order:

(a) the median time of one run of each shipped scenario in scenarios/, R repeats (default 20)
    after one warm-up run: a full run (``run_conference`` on a loaded scenario, ``collect=False``:
    round records and the whole settlement report, as ``peacesim run`` makes it) and a sweep's
    run (``sweeps.run.run_one``: no round records, only the report fields a result row reads);
(b) a sweep of N runs (default 10,000) of scenarios/talks-2026.yaml on W workers (default 2):
    ``agents.RUS.rule.beta`` over 10 levels from 0.2 to 0.8, N / 10 seeds each, run with
    ``simulator.sweeps.run.run_sweep`` into a temporary folder (progress bar on stderr); its wall
    time (start-up and Parquet writes included) and runs per second;
(c) peak memory: the resident set high-water mark of this process (``RUSAGE_SELF``) after (a)
    and after (b), and of the largest worker process (``RUSAGE_CHILDREN``), in MiB;
(d) if ``negmas`` is importable, a comparable negotiation in NegMAS: 7 parties, 6 issues of 11
    levels each, up to 100 steps of its stacked alternating offers protocol (``SAOMechanism``)
    between time-based ``AspirationNegotiator``s (Boulware) with opposed linear-additive
    preferences; its median time and the ratio to one run of talks-2026. NegMAS is an optional
    extra for this script only (``pip install negmas`` in a separate environment), never a
    dependency of peacesim or its tests.

The issue's targets on the 2-core reference machine are shown beside the figures; the script
asserts nothing (speed is measured here, never in a test).
"""

from __future__ import annotations

import argparse
import math
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_run import time_runs  # the same timing loop as benchmarks/bench_run.py (same folder)

from simulator import load_scenario
from simulator.sweeps.run import run_one, run_sweep
from simulator.sweeps.spec import SweepSpec, Vary

ROOT = Path(__file__).resolve().parents[1]
SWEEP_SCENARIO = ROOT / "scenarios" / "talks-2026.yaml"
SWEEP_PARAMETER = "agents.RUS.rule.beta"
SWEEP_LEVELS = 10
TARGET_RUN_MS = 5.0  # median of one talks-2026 run
TARGET_SWEEP_S = 60.0  # 10,000 runs on 2 workers
NEGMAS_PARTIES, NEGMAS_ISSUES, NEGMAS_LEVELS, NEGMAS_STEPS = 7, 6, 11, 100


def median_run_ms(path: Path, repeat: int) -> tuple[float, dict]:
    """Median wall time of one run, in ms, over ``repeat`` seeds after a warm-up run."""
    times, report = time_runs(path, repeat, collect=False)
    return statistics.median(times) * 1000, report


def median_sweep_run_ms(path: Path, repeat: int) -> float:
    """Median wall time of a sweep's run (``run_one``), in ms, over ``repeat`` seeds after a warm-up run."""
    scenario = load_scenario(path)
    run_one(scenario, 0)
    times = []
    for seed in range(repeat):
        start = time.perf_counter()
        run_one(scenario, seed)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def max_rss_mib(who: int) -> float:
    """The ``ru_maxrss`` high-water mark in MiB (Linux reports KiB, macOS bytes)."""
    rss = resource.getrusage(who).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def single_runs(repeat: int) -> dict[str, float]:
    paths = sorted((ROOT / "scenarios").glob("*.yaml"))
    width = max(len(p.stem) for p in paths) + 2
    print(f"(a) one run of each shipped scenario: median of {repeat} runs after a warm-up (collect=False)")
    print(f"{'scenario':<{width}}{'agents':>7}{'issues':>7}{'rounds':>7}{'full run ms':>13}{'sweep run ms':>14}")
    medians = {}
    for path in paths:
        median, report = median_run_ms(path, repeat)
        medians[path.stem] = median
        sweep_median = median_sweep_run_ms(path, repeat)
        note = f"   (target < {TARGET_RUN_MS:g} ms)" if path == SWEEP_SCENARIO else ""
        print(
            f"{path.stem:<{width}}{len(report['actors']):>7}{len(report['final_text']):>7}"
            f"{report['round']:>7}{median:>13.1f}{sweep_median:>14.1f}{note}"
        )
    return medians


def sweep_speed(runs: int, workers: int) -> None:
    levels = max(1, min(SWEEP_LEVELS, runs))
    seeds = math.ceil(runs / levels)
    spec = SweepSpec(
        str(SWEEP_SCENARIO), [Vary.parse(f"{SWEEP_PARAMETER}=0.2:0.8:{levels}")], seeds=seeds, design="grid"
    )
    total = levels * seeds
    print(
        f"\n(b) sweep of {SWEEP_SCENARIO.relative_to(ROOT)}: {SWEEP_PARAMETER} at {levels} levels x {seeds} seeds"
        f" = {total} runs on {workers} worker{'s' * (workers != 1)}"
    )
    sys.stdout.flush()
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as folder:
        start = time.perf_counter()
        run_sweep(spec, folder, workers=workers, progress=True)
        wall = time.perf_counter() - start
        parts = len(list((Path(folder) / "parts").glob("part-*.parquet")))
        size = sum(p.stat().st_size for p in (Path(folder) / "parts").iterdir()) / (1024 * 1024)
    target = 10_000 / TARGET_SWEEP_S
    print(f"wall time {wall:.1f} s, start-up included")
    print(
        f"{total / wall:,.1f} runs/s   (target: 10,000 runs in < {TARGET_SWEEP_S:g} s on 2 workers, > {target:.0f} runs/s)"
    )
    print(f"results: {parts} Parquet part{'s' * (parts != 1)}, {size:.2f} MiB")


def negmas_comparison(ours_ms: float, repeat: int) -> None:
    print(
        f"\n(d) NegMAS: {NEGMAS_PARTIES} parties, {NEGMAS_ISSUES} issues x {NEGMAS_LEVELS} levels, "
        f"up to {NEGMAS_STEPS} steps, SAOMechanism with Boulware AspirationNegotiators"
    )
    try:
        import negmas
    except ImportError:
        print("skipped: negmas is not installed (optional: pip install negmas in a separate environment)")
        return
    import numpy as np
    from negmas import AspirationNegotiator, SAOMechanism, make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction

    names = [f"issue{k}" for k in range(NEGMAS_ISSUES)]
    top = NEGMAS_LEVELS - 1

    def preferences(seed: int) -> tuple[list, list]:
        """Opposed preferences as in peacesim: an ideal level and a salience per issue, utility
        falling linearly with the distance from the ideal."""
        rng = np.random.default_rng(seed)
        issues = [make_issue(values=NEGMAS_LEVELS, name=name) for name in names]
        ufuns = []
        for _ in range(NEGMAS_PARTIES):
            ideal = rng.integers(0, NEGMAS_LEVELS, NEGMAS_ISSUES)
            salience = rng.dirichlet(np.ones(NEGMAS_ISSUES))
            values = {
                name: {v: 1.0 - abs(v - int(ideal[k])) / top for v in range(NEGMAS_LEVELS)}
                for k, name in enumerate(names)
            }
            weights = {name: float(salience[k]) for k, name in enumerate(names)}
            ufuns.append(
                LinearAdditiveUtilityFunction(values=values, weights=weights, issues=issues, reserved_value=0.0)
            )
        return issues, ufuns

    def negotiate(seed: int) -> tuple[float, object]:
        issues, ufuns = preferences(seed)  # not timed: the scenario is already loaded on our side too
        start = time.perf_counter()
        mechanism = SAOMechanism(issues=issues, n_steps=NEGMAS_STEPS)
        for k, ufun in enumerate(ufuns):
            mechanism.add(AspirationNegotiator(name=f"party{k}", aspiration_type="boulware"), ufun=ufun)
        state = mechanism.run()
        return time.perf_counter() - start, state

    negotiate(10_000)  # warm-up
    times, steps, agreed = [], [], 0
    for seed in range(repeat):
        elapsed, state = negotiate(seed)
        times.append(elapsed)
        steps.append(state.step)
        agreed += state.agreement is not None
    median = statistics.median(times) * 1000
    print(f"negmas {negmas.__version__}: median {median:.1f} ms over {repeat} negotiations")
    print(f"agreements {agreed}/{repeat}, median steps {statistics.median(steps):g}")
    print(f"ratio NegMAS / peacesim talks-2026 run: {median / ours_ms:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs in the sweep (default 10000)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the sweep (default 2)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per scenario in (a) and (d) (default 20)")
    args = parser.parse_args()
    if args.runs < 1 or args.workers < 1 or args.repeat < 1:
        parser.error("--runs, --workers and --repeat must be at least 1")

    medians = single_runs(args.repeat)
    after_single = max_rss_mib(resource.RUSAGE_SELF)
    sweep_speed(args.runs, args.workers)
    print("\n(c) peak memory (ru_maxrss)")
    print(f"this process: {after_single:.0f} MiB after (a), {max_rss_mib(resource.RUSAGE_SELF):.0f} MiB after (b)")
    print(f"largest worker process: {max_rss_mib(resource.RUSAGE_CHILDREN):.0f} MiB")
    negmas_comparison(medians[SWEEP_SCENARIO.stem], args.repeat)


if __name__ == "__main__":
    main()
