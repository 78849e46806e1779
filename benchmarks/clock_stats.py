"""When do talks settle, ripen, collapse? Distributions over seeds for the calendar-era scenarios.

    .venv/bin/python benchmarks/clock_stats.py                     # the four default scenarios, 200 seeds
    .venv/bin/python benchmarks/clock_stats.py scenarios/talks-2026.yaml --seeds 50 --set conference.max_rounds=200

For each scenario: P(agreement by the horizon) and every outcome's share, the settlement dates
(p10 / median / p90 of the runs that settled), the dates the conflict first became ripe, and the
number of episodes of talks. Dates come from the scenario's calendar (rounds without one). It runs
the seeds in two processes and prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import warnings
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator import PeaceConference, load_scenario  # noqa: E402
from simulator.core.calendar import Calendar  # noqa: E402

DEFAULT = [
    "scenarios/essay-2024.yaml",
    "scenarios/talks-2026.yaml",
    "scenarios/ukraine-2022.yaml",
    "scenarios/history/istanbul_2022_failed.yaml",
]


def one_run(job: tuple[str, list[str], int]) -> tuple[str, int | None, int | None, int, int]:
    path, overrides, seed = job
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scenario = load_scenario(ROOT / path, overrides)
    model = PeaceConference(scenario, collect=False, records=False, rng=seed)
    model.run_model()
    settled = model.settled_round if model.outcome == "agreement" else None
    return model.outcome or "", settled, model.ripe_round, len(model.episodes), len(model.partial_deals)


def quantiles(values: list[int], calendar: Calendar | None) -> str:
    if not values:
        return "none"
    if len(values) == 1:
        points = [values[0]] * 3
    else:
        cuts = statistics.quantiles(values, n=10, method="inclusive")
        points = [round(cuts[0]), round(statistics.median(values)), round(cuts[-1])]
    shown = [f"round {p}" + (f" ({calendar.iso(p)})" if calendar else "") for p in points]
    return f"p10 {shown[0]}, median {shown[1]}, p90 {shown[2]}  (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="*", default=DEFAULT)
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    for path in args.scenarios:
        if not (ROOT / path).exists():
            print(f"{path}: not found, skipped")
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scenario = load_scenario(ROOT / path, args.overrides)
        jobs = [(path, args.overrides, seed) for seed in range(args.seeds)]
        with ProcessPoolExecutor(args.workers) as pool:
            rows = list(tqdm(pool.map(one_run, jobs, chunksize=4), total=len(jobs), desc=Path(path).stem, leave=False))
        outcomes = Counter(row[0] for row in rows)
        n = len(rows)
        calendar = scenario.calendar
        horizon = scenario.conference.max_rounds
        print(f"{path}: {n} seeds, horizon {horizon} rounds" + (f" (to {calendar.iso(horizon)})" if calendar else ""))
        print(f"  P(agreement by the horizon) {outcomes['agreement'] / n:.3f}; outcomes {dict(outcomes)}")
        print(f"  settlement: {quantiles([r[1] for r in rows if r[1] is not None], calendar)}")
        print(
            f"  first ripe: {quantiles([r[2] for r in rows if r[2] is not None], calendar)}; never ripe in {sum(r[2] is None for r in rows)}"
        )
        print(
            f"  episodes of talks: {dict(sorted(Counter(r[3] for r in rows).items()))}; partial deals: {dict(sorted(Counter(r[4] for r in rows).items()))}"
        )


if __name__ == "__main__":
    main()
