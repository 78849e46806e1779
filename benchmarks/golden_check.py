"""Bit-for-bit regression check for speed work: the same inputs must give the same bytes.

    .venv/bin/python benchmarks/golden_check.py --record   # once, on the code before a change
    .venv/bin/python benchmarks/golden_check.py            # after each change: compare

Cases: every scenario in scenarios/ and docs/examples/ (and the complete example in
docs/scenario-format.md) with seeds 0..7 (the JSON report with history, plus the DataCollector's
tables for seed 0); a set of ``--set`` override runs that switch on the other rules, protocols,
agreement rules and mechanisms; and the rows of two small sweeps (one through ``run_sweep``, one
through ``run_chunk``). Each case's output is hashed into benchmarks/golden.json; with
``--dump DIR`` the outputs are also written to DIR, so that a later mismatch can be diffed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from simulator import load_scenario, run_conference
from simulator.report import to_json
from simulator.sweeps.design import design_points, iter_runs
from simulator.sweeps.run import run_chunk, run_sweep
from simulator.sweeps.spec import SweepSpec, Vary
from simulator.sweeps.store import load_results

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "benchmarks" / "golden.json"
SEEDS = range(8)
TALKS = "scenarios/talks-2026.yaml"

# (scenario, overrides): each run with seeds 0..7
OVERRIDES: list[tuple[str, list[str]]] = [
    (TALKS, ["agents.RUS.rule.beta=0.2"]),
    (TALKS, ["conference.protocol={type: alternating_offers, first: UKR}"]),
    (TALKS, ["conference.protocol={type: alternating_offers, proposers: principals}"]),
    (TALKS, ["conference.utility=quadratic"]),
    (TALKS, ["conference.agreement=unanimity"]),
    (TALKS, ["conference.agreement={type: weighted_quota, quota: 0.6, veto: [UKR]}"]),
    (TALKS, ["agents.RUS.rule={type: hardliner, aspiration: 0.8}"]),
    (TALKS, ["agents.UKR.rule={type: ripeness_gated, beta: 0.5}", "agents.RUS.rule={type: ripeness_gated}"]),
    (TALKS, ["agents.UKR.rule={type: reciprocal, mirror: 1.5}", "agents.RUS.rule={type: reciprocal}"]),
    (TALKS, ["agents.EU.rule=zeuthen"]),
    (TALKS, ["conference.walkout=[]"]),
    (TALKS, ["conference.walkout_patience=1", "agents.RUS.rule={type: hardliner}"]),
    (TALKS, ["conference.convene=mediator"]),
    (TALKS, ["conference.convene=round", "conference.convene_round=20"]),
    (TALKS, ["conference.convene=ripe"]),
    (TALKS, ["conference.credibility=0.5", "conference.guarantee=0.3"]),
    (TALKS, ["conference.credibility=0.0"]),
    (TALKS, ["war.reservation=fixed"]),
    (TALKS, ["war.escalation=deterrence", "war.sanctions={RUS: 0.001}"]),
    (TALKS, ["war.misperception=0.3", "agents.USA.mediation={communicator: 0.5, leverage: 0.2}"]),
    (TALKS, ["issues.ALIGNMENT.options=[0, 35, 65, 100]", "agents.USA.mediation={linkage: true}"]),
    (TALKS, ["issues.ALIGNMENT.options=[0, 35, 65, 100]", "conference.utility=quadratic"]),
    (TALKS, ["conference.max_rounds=30"]),
    (TALKS, ["conference.protocol.noise=0"]),
    ("scenarios/mediator-leverage.yaml", ["agents.USA.mediation.leverage=0"]),
    ("scenarios/mediator-leverage.yaml", ["agents.USA.mediation.leverage=0", "agents.USA.mediation.linkage=true"]),
    ("scenarios/mediator-leverage.yaml", ["issues.ALIGNMENT.options=null"]),
    ("scenarios/audience-costs.yaml", ["agents.UKR.red_lines.0.growth=0"]),
    ("scenarios/audience-costs.yaml", ["agents.UKR.red_lines.0.cost=0.3", "conference.utility=quadratic"]),
    ("scenarios/two-level.yaml", ["conference.win_sets=unknown"]),
    ("scenarios/commitment.yaml", ["conference.guarantee=0"]),
    ("scenarios/escalation.yaml", ["war.escalation=deterrence"]),
    ("docs/examples/two-party.yaml", ["conference.utility=quadratic"]),
    ("docs/examples/two-party.yaml", ["agents.A.rule=zeuthen", "agents.B.rule=zeuthen"]),
    ("docs/examples/mediated.yaml", ["conference.protocol.noise=2", "agents.A.rule=reciprocal"]),
]


def scenario_files() -> list[Path]:
    """The shipped scenarios and doc examples that load as scenarios."""
    paths = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "docs" / "examples").glob("*.yaml"))
    out = []
    for path in paths:
        try:
            load_scenario(path)
        except Exception:  # not a scenario (e.g. a sweep file)
            continue
        out.append(path)
    return out


def doc_example(name: str) -> Path:
    """A ``# example: NAME`` yaml block of docs/scenario-format.md, written to a temporary file."""
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S):
        if block.startswith(f"# example: {name}\n"):
            path = Path(tempfile.gettempdir()) / "peacesim-golden" / f"{name}.yaml"  # a fixed path: it is in the report
            path.parent.mkdir(exist_ok=True)
            path.write_text(block, encoding="utf-8")
            return path
    raise SystemExit(f"no example {name} in docs/scenario-format.md")


def collected(model) -> str:
    """The DataCollector's model and agent tables, as text."""
    frames = model.datacollector.get_model_vars_dataframe(), model.datacollector.get_agent_vars_dataframe()
    return "\n".join(frame.to_json(orient="split", double_precision=15) for frame in frames)


def rows_text(rows: list[dict]) -> str:
    return json.dumps(rows, sort_keys=True, default=repr)


def cases() -> Iterator[tuple[str, Callable[[], str]]]:
    files = [*scenario_files(), doc_example("full-conference")]
    for path in files:
        label = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
        for seed in SEEDS:

            def run(path: Path = path, seed: int = seed) -> str:
                result = run_conference(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path, seed=seed)
                return to_json(result.report) + (collected(result.model) if seed == 0 else "")

            yield f"{label} seed={seed}", run
    for scenario, overrides in OVERRIDES:
        for seed in SEEDS:

            def run_set(scenario: str = scenario, overrides: list[str] = overrides, seed: int = seed) -> str:
                return to_json(run_conference(scenario, seed=seed, overrides=overrides).report)

            yield f"{scenario} {' '.join(overrides)} seed={seed}", run_set

    def example_sweep() -> str:
        spec, _ = SweepSpec.from_file(ROOT / "docs" / "examples" / "sweeps" / "sweep.yaml")
        with tempfile.TemporaryDirectory() as out:
            run_sweep(spec, out, workers=1, progress=False, chunk_size=5)
            frame = load_results(out)
        return rows_text(json.loads(frame.to_json(orient="records", double_precision=15)))

    yield "sweep docs/examples/sweeps/sweep.yaml", example_sweep

    def talks_chunk() -> str:
        spec = SweepSpec(
            str(ROOT / TALKS),
            [Vary.parse("agents.RUS.rule.beta=0.2:0.8:4"), Vary.parse("agents.UKR.salience.TERR_LINE=0.1,0.3")],
            seeds=3,
            overrides=["conference.max_rounds=100"],
        )
        runs = list(iter_runs(spec, design_points(spec)))
        return rows_text(run_chunk(spec.scenario, spec.overrides, runs))

    yield "run_chunk talks-2026 beta x salience", talks_chunk


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    os.chdir(ROOT)  # paths in the reports are relative to the repository root
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="store the current outputs as the golden ones")
    parser.add_argument("--dump", type=Path, help="also write each output to this folder (for diffs)")
    parser.add_argument("--only", default="", help="check only the cases whose name contains this")
    args = parser.parse_args()
    if args.record and args.only:
        parser.error("--record stores every case: leave out --only")
    golden = {} if args.record else json.loads(GOLDEN.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    bad = 0
    for k, (name, run) in enumerate(cases()):
        if args.only not in name:
            continue
        text = run()
        found[name] = digest(text)
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / f"{k:04d}.txt").write_text(f"{name}\n{text}", encoding="utf-8")
        if not args.record and golden.get(name) != found[name]:
            bad += 1
            print(f"DIFFERS: {name}" if name in golden else f"NEW CASE: {name}")
    if args.record:
        GOLDEN.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
        print(f"recorded {len(found)} cases in {GOLDEN.relative_to(ROOT)}")
        return
    missing = {name for name in golden if args.only in name} - set(found)
    for name in sorted(missing):
        print(f"MISSING: {name}")
    print(f"{len(found) - bad} of {len(found) + len(missing)} cases identical" + ("" if bad or missing else ": OK"))
    sys.exit(1 if bad or missing else 0)


if __name__ == "__main__":
    main()
