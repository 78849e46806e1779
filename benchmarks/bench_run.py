"""Time one run of each shipped scenario: median and spread over repeated runs.

    .venv/bin/python benchmarks/bench_run.py [--repeat N] [--no-collect]

Prints figures; it asserts nothing (speed is measured here, never in a test).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from simulator import load_scenario, run_conference

ROOT = Path(__file__).resolve().parents[1]


def time_runs(path: Path, repeat: int, collect: bool) -> tuple[list[float], dict]:
    scenario = load_scenario(path)
    run_conference(scenario, seed=0, collect=collect)  # warm-up: imports, caches
    times, report = [], {}
    for seed in range(repeat):
        start = time.perf_counter()
        report = run_conference(scenario, seed=seed, collect=collect).report
        times.append(time.perf_counter() - start)
    return times, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-collect", action="store_true", help="run without the DataCollector")
    args = parser.parse_args()
    paths = sorted((ROOT / "scenarios").glob("*.yaml"))
    width = max(len(p.stem) for p in paths) + 2
    print(
        f"{'scenario':<{width}}{'agents':>7}{'issues':>7}{'rounds':>7}{'median ms':>11}{'min ms':>8}{'max ms':>8}{'ms/round':>10}"
    )
    for path in paths:
        times, report = time_runs(path, args.repeat, not args.no_collect)
        median = statistics.median(times) * 1000
        rounds = report["round"] or 1
        print(
            f"{path.stem:<{width}}{len(report['actors']):>7}{len(report['final_text']):>7}{rounds:>7}"
            f"{median:>11.1f}{min(times) * 1000:>8.1f}{max(times) * 1000:>8.1f}{median / rounds:>10.2f}"
        )


if __name__ == "__main__":
    main()
