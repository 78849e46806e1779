"""The ``peacesim`` command line.

peacesim run SCENARIO [--seed N] [--set PATH=VALUE ...] [--format text|json|markdown|html] [--out DIR]
             [--plots DIR] [--explain] [--lens realist|liberal|constructivist]
peacesim validate SCENARIO [--set PATH=VALUE ...]
peacesim history [--seed N] [--format text|markdown|json] [--folder DIR]
peacesim rules | protocols | agreements
peacesim app [SCENARIO] [--host H] [--port P] [--no-browser]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from simulator.api import load_scenario_file, run_conference
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.lenses import LENSES, lens_overrides
from simulator.negotiation.protocols import PROTOCOLS
from simulator.negotiation.rules import RULES
from simulator.report import EXTENSIONS, FORMATS, to_json
from simulator.scenario.spec import Scenario, ScenarioError

EXIT_INVALID = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peacesim",
        description="Run a peace conference from a YAML scenario and report the settlement.",
        epilog="Outcomes are model results under the scenario's assumptions, not predictions or advocacy.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def scenario_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("scenario", help="scenario YAML file, e.g. scenarios/talks-2026.yaml")
        p.add_argument(
            "--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE",
            help="override a field, e.g. --set agents.RUS.salience.TERR_LINE=0.3 (repeatable)",
        )  # fmt: skip

    run = sub.add_parser("run", help="run a conference and print the settlement report")
    scenario_args(run)
    run.add_argument("--seed", type=int, default=0, help="random seed (default 0); same seed, same result")
    run.add_argument("--format", choices=sorted(FORMATS), default="text", help="report format (default text)")
    run.add_argument("--out", type=Path, metavar="DIR", help="also write the report and round-by-round CSVs here")
    run.add_argument(
        "--plots", type=Path, metavar="DIR", help="write PNG figures here (positions, terms, utilities, war)"
    )
    run.add_argument("--explain", action="store_true", help="also print a round-by-round narrative: who moved and why")
    run.add_argument(
        "--lens", action="append", default=[], choices=sorted(LENSES),
        help="read the scenario through a theory lens (repeatable; see docs/lenses.md)",
    )  # fmt: skip

    validate = sub.add_parser("validate", help="check a scenario file; exit 1 listing every error")
    scenario_args(validate)

    sweep = sub.add_parser(
        "sweep",
        help="run many variants of a scenario into a folder of Parquet files (resumable)",
        description="Vary scenario fields over a design; results stream to OUT/parts/*.parquet. "
        "Run the same command again to finish an interrupted sweep.",
    )
    sweep.add_argument("scenario", help="scenario YAML, or a sweep YAML file (with scenario, vary, seeds, ...)")
    sweep.add_argument("--vary", action="append", default=[], metavar="PATH=LOW:HIGH[:N] | PATH=a,b,c",
                       help="a field to vary (repeatable), e.g. --vary agents.RUS.rule.beta=0.2:0.8:4")  # fmt: skip
    sweep.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE",
                       help="a fixed override for every run (repeatable)")  # fmt: skip
    sweep.add_argument("--seeds", type=int, help="seeds per design point (default 1)")
    sweep.add_argument("--design", choices=["grid", "lhs", "sobol", "morris"], help="default grid")
    sweep.add_argument("--samples", type=int, help="base sample size for lhs, sobol, morris (default 64)")
    sweep.add_argument("--master-seed", type=int, help="seed of the design and of the runs' seeds (default 0)")
    sweep.add_argument("--workers", type=int, help="worker processes (default 2)")
    sweep.add_argument("--out", type=Path, help="results folder (required unless the sweep file names one)")
    sweep.add_argument("--engine", choices=["local", "dask"], help="local process pool (default) or a Dask cluster")
    sweep.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.add_argument("--no-summary", action="store_true", help="do not summarise at the end")

    importer = sub.add_parser("import", help="turn KTAB SMP (CSV, XML) or expected-utility CSV data into a scenario")
    importer.add_argument(
        "file", help="a KTAB SMP .csv or .xml file, or a CSV with Actor, Capability, Position, Salience"
    )
    importer.add_argument("-o", "--output", type=Path, metavar="SCENARIO.yaml", help="write here (default: print)")

    backtest = sub.add_parser(
        "backtest", help="score every protocol and reference solution on real decisions (DEU III format)"
    )
    backtest.add_argument("data", help="tab-separated table: p<actor>, s<actor>, rp, out; row 2 capabilities")
    backtest.add_argument("--format", choices=["text", "json"], default="text")
    backtest.add_argument("--protocol", action="append", help="only these protocols (repeatable); default all")
    backtest.add_argument("--plot", type=Path, metavar="FILE.png", help="predicted against observed, per model")

    summarize = sub.add_parser("summarize", help="summarise a sweep folder: P(agreement), distributions, plots")
    summarize.add_argument("out", type=Path, help="the sweep's results folder")
    summarize.add_argument("--no-plots", action="store_true")

    app = sub.add_parser("app", help="open the interactive simulator in a browser (works offline)")
    app.add_argument("scenario", nargs="?", help="scenario shown first (default scenarios/talks-2026.yaml)")
    app.add_argument("--host", default="localhost", help="address to serve on (default localhost)")
    app.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    app.add_argument("--no-browser", action="store_true", help="do not open a browser window")

    history = sub.add_parser(
        "history", help="run the historical cases and print the simulated settlement beside the real one, with errors"
    )
    history.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    history.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    history.add_argument("--folder", default="scenarios/history", help="the cases (default scenarios/history)")

    for name, what in (
        ("rules", "concession rules"),
        ("protocols", "protocols"),
        ("agreements", "agreement rules"),
    ):
        sub.add_parser(name, help=f"list the {what} and their parameters")
    return parser


def _list(registry: dict) -> str:
    lines = []
    for name, cls in registry.items():
        doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        lines.append(f"{name}: {' '.join(doc.split())}")
        for pname, p in cls.params.items():
            lines.append(f"    {pname}: {p.doc} ({p.describe()}; default {p.default!r})")
    return "\n".join(lines) + "\n"


def _load(args: argparse.Namespace) -> Scenario:
    scenario, notes = load_scenario_file(args.scenario, args.overrides)
    lenses = getattr(args, "lens", [])
    if lenses:  # a lens's settings come first, so that the user's own --set still wins
        scenario, notes = load_scenario_file(args.scenario, [*lens_overrides(scenario, lenses), *args.overrides])
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    return scenario


def _sweep_commands(args: argparse.Namespace) -> int:
    from simulator.sweeps.run import run_sweep
    from simulator.sweeps.spec import SweepError, SweepSpec, Vary
    from simulator.sweeps.summary import render, summarize

    try:
        if args.command == "summarize":
            sys.stdout.write(render(summarize(args.out, plots=not args.no_plots)))
            return 0
        options: dict = {}
        if args.scenario.endswith((".yaml", ".yml")) and _is_sweep_file(args.scenario):
            spec, options = SweepSpec.from_file(args.scenario)
            spec.vary += [Vary.parse(v) for v in args.vary]
            spec.overrides += args.overrides
        else:
            spec = SweepSpec(args.scenario, [Vary.parse(v) for v in args.vary], overrides=args.overrides)
        for name in ("seeds", "design", "samples", "master_seed"):
            if getattr(args, name) is not None:
                setattr(spec, name, getattr(args, name))
        spec.__post_init__()
        out = args.out or options.get("out")
        if out is None:
            raise SweepError("--out DIR is required")
        run_sweep(
            spec,
            out,
            workers=args.workers or int(options.get("workers", 2)),
            engine=args.engine or options.get("engine", "local"),
            scheduler=args.scheduler or options.get("scheduler"),
            progress=not args.quiet,
        )
        if not args.no_summary:
            sys.stdout.write(render(summarize(out)))
        return 0
    except (SweepError, ScenarioError) as exc:
        print(f"peacesim: {exc}", file=sys.stderr)
        return EXIT_INVALID


def _import(args: argparse.Namespace) -> int:
    from simulator.io import ImportFormatError, import_file, to_yaml

    try:
        text = to_yaml(import_file(args.file), source=args.file)
    except (ImportFormatError, OSError) as exc:
        print(f"peacesim: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _history(args: argparse.Namespace) -> int:
    from simulator.evaluate.history import render, run_cases

    try:
        cases = run_cases(args.folder, seed=args.seed)
    except (ScenarioError, OSError, ValueError) as exc:
        print(f"peacesim: {exc}", file=sys.stderr)
        return EXIT_INVALID
    sys.stdout.write(render(cases, args.format, folder=args.folder))
    return 0


def _app(args: argparse.Namespace) -> int:
    from simulator.app import serve  # Solara loads slowly: only for this command
    from simulator.io import ImportFormatError

    try:
        serve(args.scenario, host=args.host, port=args.port, open_browser=not args.no_browser)
    except (ScenarioError, ImportFormatError) as exc:
        print(f"peacesim: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from simulator.evaluate.backtest import BacktestError, backtest, plot, render, to_json

    try:
        result = backtest(args.data, protocols=args.protocol)
    except (BacktestError, OSError) as exc:
        print(f"peacesim: {exc}", file=sys.stderr)
        return EXIT_INVALID
    sys.stdout.write(to_json(result) if args.format == "json" else render(result))
    if args.plot:
        print(f"wrote {plot(result, args.plot)}", file=sys.stderr)
    return 0


def _is_sweep_file(path: str) -> bool:
    """A sweep file names a scenario; a scenario file has issues and agents."""
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and "scenario" in data and "issues" not in data


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    registries: dict[str, dict] = {"rules": RULES, "protocols": PROTOCOLS, "agreements": AGREEMENT_RULES}
    if args.command in registries:
        sys.stdout.write(_list(registries[args.command]))
        return 0
    if args.command in ("sweep", "summarize"):
        return _sweep_commands(args)
    if args.command == "backtest":
        return _backtest(args)
    if args.command == "app":
        return _app(args)
    if args.command == "history":
        return _history(args)
    if args.command == "import":
        return _import(args)
    from simulator.io import ImportFormatError

    try:
        scenario = _load(args)
    except (ScenarioError, ImportFormatError) as exc:
        print(f"peacesim: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if args.command == "validate":
        n_agents, n_issues = len(scenario.agents), len(scenario.issues)
        print(
            f"{args.scenario}: valid ({n_agents} agent{'s' * (n_agents != 1)}, {n_issues} issue{'s' * (n_issues != 1)})"
        )
        return 0
    result = run_conference(scenario, seed=args.seed)
    story = None
    if args.explain:
        from simulator.report.narrative import narrate

        story = narrate(result.model)
    if args.format == "html":
        from simulator.report.html import to_html

        rendered = to_html(result.report, story)
    else:
        rendered = result.render(args.format)
    sys.stdout.write(rendered)
    if story and args.format != "html":  # (the HTML page carries the narrative itself)
        sys.stdout.write("\n" + story)
    if args.plots:
        from simulator.report.plots import write_plots

        figures = write_plots(result.report, args.plots)
        print(f"wrote {', '.join(str(p) for p in figures)}", file=sys.stderr)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        written = [f"report.{EXTENSIONS[args.format]}"] + ["report.json"] * (args.format != "json")
        written += ["rounds.csv", "agents.csv"]
        (args.out / f"report.{EXTENSIONS[args.format]}").write_text(rendered, encoding="utf-8")
        if args.format != "json":
            (args.out / "report.json").write_text(to_json(result.report), encoding="utf-8")
        dc = result.model.datacollector
        dc.get_model_vars_dataframe().to_csv(args.out / "rounds.csv", index_label="round")
        # one row per round and agent; Mesa indexes agents by an internal number, the CSV names them
        codes = {a.unique_id: a.code for a in result.model.agents}
        agents = dc.get_agent_vars_dataframe().reset_index()
        agents["Step"] = agents["Step"].astype(int)
        agents["AgentID"] = agents["AgentID"].map(codes)
        agents.to_csv(args.out / "agents.csv", index=False)
        print(f"wrote {args.out}/{', '.join(written)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
