"""Sweep a scenario over many seeds: when talks ripen, how conferences end, how beliefs converge.

    .venv/bin/python benchmarks/ripeness_sweep.py [--seeds N] [--workers W] [--scenario PATH]
                                                  [--set PATH=VALUE ...] [--plot FILE.png]

Runs seeds 0..N-1 in a process pool, in chunks of CHUNK seeds; each task gets only the scenario
path, the overrides and its seeds, and sends back one small dict per run, so the figures are the
same for any number of workers. Prints figures on stdout and progress on stderr; asserts nothing.
Outcomes are model results under the scenario's inputs and assumptions, not predictions.
"""

from __future__ import annotations

import argparse
import functools
import math
import statistics
import sys
import time
import warnings
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

import numpy as np

from simulator import ScenarioError, ScenarioWarning, load_scenario, run_conference

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCENARIO = ROOT / "scenarios" / "talks-2026.yaml"
CHUNK = 50  # seeds per task
BIN = 10  # rounds per bin of the text histogram
OUTCOMES = ("agreement", "partial", "no_agreement", "breakdown")
PERCENTILES = (10, 25, 50, 75, 90)
Z95 = 1.959963984540054
BAND_MIN_RUNS = 10  # the plot's optimism-gap band stops where fewer runs are still going


# ---------------------------------------------------------------------------- worker side
@functools.cache
def _scenario(path: str, overrides: tuple[str, ...]) -> Any:
    """The scenario, loaded once per worker process (the parent has already shown its warnings)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScenarioWarning)
        return load_scenario(path, overrides)


def run_chunk(path: str, overrides: tuple[str, ...], seeds: Sequence[int]) -> list[dict[str, Any]]:
    """Run one chunk of seeds; return one small plain dict per run."""
    scenario = _scenario(path, overrides)
    rows = []
    for seed in seeds:
        report = run_conference(scenario, seed=seed, collect=False).report
        rows.append(
            {
                "seed": seed,
                "outcome": report["outcome"],
                "round": report["round"],
                "ripe_round": report["ripe_round"],
                "talks_opened": report["talks_opened"],
                "gap": [float(g) for g in report.get("optimism_gap") or []],
            }
        )
    return rows


# ---------------------------------------------------------------------------- parent side
class Progress:
    """One line on stderr: runs done / total, rate and time left (redrawn in place on a terminal)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.start = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.shown_tenth = -1

    def update(self, done: int) -> None:
        elapsed = time.perf_counter() - self.start
        rate = done / elapsed if elapsed > 0 else 0.0
        left = f"{(self.total - done) / rate:.0f} s" if rate > 0 else "?"
        line = f"{done}/{self.total} runs  {rate:.1f} runs/s  {left} left"
        if self.tty:
            sys.stderr.write(f"\r{line:<60}")
        else:  # a log file: a line per tenth of the work, not a line per chunk
            tenth = done * 10 // self.total
            if tenth == self.shown_tenth:
                return
            self.shown_tenth = tenth
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def close(self) -> None:
        if self.tty:
            sys.stderr.write("\n")
            sys.stderr.flush()


def sweep(path: str, overrides: tuple[str, ...], n_seeds: int, workers: int) -> list[dict[str, Any]]:
    """All runs for seeds 0..n_seeds-1, ordered by seed."""
    chunks = [list(range(lo, min(lo + CHUNK, n_seeds))) for lo in range(0, n_seeds, CHUNK)]
    progress = Progress(n_seeds)
    progress.update(0)
    results: dict[int, list[dict[str, Any]]] = {}
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future, int] = {pool.submit(run_chunk, path, overrides, c): i for i, c in enumerate(chunks)}
        try:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = pending.pop(future)
                    results[index] = future.result()
                    done += len(chunks[index])
                progress.update(done)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
        finally:
            progress.close()
    return [row for i in range(len(chunks)) for row in results[i]]


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial share.

    >>> [round(x, 4) for x in wilson(0, 10)]
    [0.0, 0.2775]
    """
    if n == 0:
        return (float("nan"), float("nan"))
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def _num(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.1f}"


def distribution(values: Sequence[int]) -> str:
    pct = np.percentile(values, PERCENTILES)
    parts = [f"min {min(values)}"] + [
        f"{'median' if p == 50 else f'p{p}'} {_num(v)}" for p, v in zip(PERCENTILES, pct, strict=True)
    ]
    return ", ".join(parts + [f"max {max(values)}"])


def text_histogram(values: Sequence[int], never: int, last_round: int, width: int = 40) -> list[str]:
    """Bins of BIN rounds from round 1 to ``last_round``, then a 'never' line."""
    n_bins = max(1, math.ceil(last_round / BIN))
    counts = [0] * n_bins
    for v in values:
        counts[min((v - 1) // BIN, n_bins - 1) if v >= 1 else 0] += 1
    rows = [(f"rounds {b * BIN + 1:>3}-{(b + 1) * BIN:<3}", c) for b, c in enumerate(counts)]
    rows.append(("never ripe", never))
    total = len(values) + never
    top = max(c for _, c in rows) or 1
    return [f"  {label:<16}|{'#' * round(width * c / top):<{width}} {c:>6} {c / total:6.1%}" for label, c in rows]


def gap_bands(runs: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rounds, and median, 10th and 90th percentile of the optimism gap among the runs still going
    at each round (a run stops recording when its conference ends); stops where fewer than
    BAND_MIN_RUNS are left."""
    longest = max((len(r["gap"]) for r in runs), default=0)
    rounds, median, low, high = [], [], [], []
    for k in range(longest):
        values = [r["gap"][k] for r in runs if len(r["gap"]) > k]
        if len(values) < min(BAND_MIN_RUNS, len(runs)):
            break
        p10, p50, p90 = np.percentile(values, (10, 50, 90))
        rounds.append(k + 1)
        median.append(p50)
        low.append(p10)
        high.append(p90)
    return np.array(rounds), np.array(median), np.array(low), np.array(high)


def report(runs: list[dict[str, Any]], last_round: int) -> list[str]:
    n = len(runs)
    lines = []
    ripe = [r["ripe_round"] for r in runs if r["ripe_round"] is not None]
    never = n - len(ripe)
    lines.append(f"talks became an option (ripe_round set): {len(ripe)}/{n} = {len(ripe) / n:.1%}")
    if ripe:
        lines.append("ripe_round: " + distribution(ripe))
        lines.extend(text_histogram(ripe, never, max(last_round, max(ripe))))
    else:
        lines.append("ripe_round: never set in any run")
    opened = [r["talks_opened"] for r in runs if r["talks_opened"] is not None]
    if opened:
        lines.append(f"talks opened in {len(opened)}/{n} runs; median round {_num(statistics.median(opened))}")

    lines.append("")
    lines.append("outcomes:")
    counts = {o: sum(r["outcome"] == o for r in runs) for o in OUTCOMES}
    for outcome in [*OUTCOMES, *sorted({r["outcome"] for r in runs} - set(OUTCOMES))]:
        c = counts.get(outcome, sum(r["outcome"] == outcome for r in runs))
        line = f"  {outcome:<13}{c:>6} {c / n:7.1%}"
        if outcome == "agreement":
            low, high = wilson(c, n)
            line += f"   95% Wilson CI {low:.1%} - {high:.1%}"
        lines.append(line)
    settled = [r["round"] for r in runs if r["outcome"] == "agreement" and r["round"] is not None]
    if settled:
        lines.append(
            f"settlement round (agreements): median {_num(statistics.median(settled))}"
            f" (min {min(settled)}, max {max(settled)}, n={len(settled)})"
        )
    else:
        lines.append("settlement round (agreements): no agreement in any run")

    lines.append("")
    with_gap = [r["gap"] for r in runs if r["gap"]]
    if with_gap:
        start = statistics.median(g[0] for g in with_gap)
        end = statistics.median(g[-1] for g in with_gap)
        lines.append(f"optimism gap (p_a + p_b - 1), median over runs: start {start:.4f} (round 1), end {end:.4f} (last round of each run)")  # fmt: skip
        if all(v == 0.0 for g in with_gap for v in g):
            lines.append("  (zero throughout: the scenario models no war between two sides)")
    else:
        lines.append("optimism gap: not recorded")
    return lines


def plot(runs: list[dict[str, Any]], last_round: int, title: str, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ripe = [r["ripe_round"] for r in runs if r["ripe_round"] is not None]
    settled = [r["round"] for r in runs if r["outcome"] == "agreement" and r["round"] is not None]
    top = max([last_round, *ripe, *settled])
    width = max(1, top // 50)
    bins = np.arange(0.5, top + width + 0.5, width)

    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 7.5), constrained_layout=True)
    n = len(runs)
    ax1.hist(ripe, bins=bins, alpha=0.6, label=f"ripe round ({len(ripe)}/{n} runs ripened)")
    ax1.hist(settled, bins=bins, alpha=0.6, label=f"settlement round ({len(settled)}/{n} agreements)")
    ax1.set_xlim(0, top + 1)
    ax1.set_xlabel("round")
    ax1.set_ylabel("runs")
    ax1.set_title(title, fontsize=10)
    ax1.legend(loc="upper center", fontsize=9)

    rounds, median, low, high = gap_bands(runs)
    if len(rounds):
        ax2.fill_between(rounds, low, high, alpha=0.3, label="10-90% of runs")
        ax2.plot(rounds, median, label="median")
    if ripe:
        ax2.axvline(statistics.median(ripe), color="grey", linestyle="--", linewidth=1, label="median ripe round")
    ax2.axhline(0.0, color="black", linewidth=0.5)
    ax2.set_xlim(0, top + 1)
    ax2.set_xlabel("round")
    ax2.set_ylabel("optimism gap (p_a + p_b - 1)")
    ax2.set_title(f"optimism gap among runs still going (shown while at least {BAND_MIN_RUNS} are)", fontsize=10)
    ax2.legend(fontsize=9)
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO, help="scenario YAML (default %(default)s)")
    parser.add_argument("--seeds", type=int, default=1000, help="run seeds 0..N-1 (default %(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default %(default)s)")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE",
                        help="override a scenario value, as for 'peacesim run' (repeatable)")  # fmt: skip
    parser.add_argument("--plot", type=Path, metavar="FILE.png", help="save a figure here")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        parser.error("--seeds must be at least 1")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    overrides = tuple(args.overrides)
    path = str(args.scenario)
    try:
        scenario = load_scenario(path, overrides)  # fail early, and show warnings once
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return 2
    last_round = scenario.conference.max_rounds

    start = time.perf_counter()
    runs = sweep(path, overrides, args.seeds, args.workers)
    wall = time.perf_counter() - start

    print(f"scenario: {path}" + (f" with {' '.join('--set ' + o for o in overrides)}" if overrides else ""))
    print(
        f"runs: {len(runs)} (seeds 0-{args.seeds - 1}) in {wall:.1f} s with {args.workers} worker(s):"
        f" {len(runs) / wall:.1f} runs/s"
    )
    print()
    print("\n".join(report(runs, last_round)))
    if args.plot:
        title = f"{Path(path).name}: {len(runs)} seeds" + (f" ({', '.join(overrides)})" if overrides else "")
        plot(runs, last_round, title, args.plot)
        print(f"\nfigure: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
