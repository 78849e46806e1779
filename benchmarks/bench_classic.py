"""Time the classic models on their reference inputs: KTAB's 80- and 160-actor examples through
``spatial_pce`` (targets: under 1 s and under 10 s; KTAB's own smpc takes 92 s on the first and
does not finish the second in 10 minutes) and the Scholz et al. EU example through ``expected_utility``.

    .venv/bin/python benchmarks/bench_classic.py [--repeat N]

Each time is one whole run of the conference model (the protocol's turns, the Mesa model around
them and the report), best of N; loading the scenario is timed apart. Prints figures, asserts nothing.
The inputs are read from ``../shared/data/validation`` with ``simulator.io``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from simulator import load_scenario, run_conference
from simulator.io import import_file

VALIDATION = Path(__file__).resolve().parents[2] / "shared" / "data" / "validation"


def time_run(data: dict[str, Any], repeat: int) -> tuple[float, float, dict[str, Any]]:
    start = time.perf_counter()
    scenario = load_scenario(data)
    loading = time.perf_counter() - start
    times, report = [], {}
    for _ in range(repeat):
        start = time.perf_counter()
        report = run_conference(scenario, seed=0).report
        times.append(time.perf_counter() - start)
    return loading, min(times), report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per input (the best is shown)")
    args = parser.parse_args()
    cases = [
        ("ktab_dummyData-a080.csv", "spatial_pce", 1.0),
        ("ktab_dummyData-a160.csv", "spatial_pce", 10.0),
        ("ktab_dummyData_3Dim.csv", "spatial_pce", None),
        ("bdm_scholz2011_eu_car_emissions.csv", "expected_utility", None),
    ]
    print(f"{'input':<38}{'protocol':<18}{'actors':>7}{'issues':>7}{'rounds':>7}{'load s':>8}{'run s':>8}  target")
    for name, protocol, target in cases:
        path = VALIDATION / name
        if not path.is_file():
            print(f"{name:<38}missing from {VALIDATION}")
            continue
        loading, best, report = time_run(import_file(path), args.repeat)
        verdict = "" if target is None else f"< {target:g} s: {'yes' if best < target else 'NO'}"
        print(
            f"{name:<38}{protocol:<18}{len(report['actors']):>7}{len(report['final_text']):>7}{report['round']:>7}"
            f"{loading:>8.3f}{best:>8.3f}  {verdict}"
        )


if __name__ == "__main__":
    main()
