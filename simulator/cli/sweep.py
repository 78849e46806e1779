"""``peacesim sweep SCENARIO|SWEEP.yaml``: run many variants of a scenario into a folder of
Parquet files, resumably (``docs/sweeps.md``)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from simulator.cli.common import fail
from simulator.scenario.spec import ScenarioError
from simulator.sweeps.run import run_sweep
from simulator.sweeps.spec import DESIGNS, ENGINES, SweepError, SweepSpec, Vary
from simulator.sweeps.summary import render, summarize

SPEC_OPTIONS = ("seeds", "design", "samples", "master_seed")  # options that override the sweep file's


def add_parser(sub: argparse._SubParsersAction) -> None:
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
    sweep.add_argument("--design", choices=DESIGNS, help="default grid")
    sweep.add_argument("--samples", type=int, help="base sample size for lhs, sobol, morris (default 64)")
    sweep.add_argument("--master-seed", type=int, help="seed of the design and of the runs' seeds (default 0)")
    sweep.add_argument("--workers", type=int, help="worker processes (default 2)")
    sweep.add_argument("--out", type=Path, help="results folder (required unless the sweep file names one)")
    sweep.add_argument("--engine", choices=ENGINES, help="local process pool (default) or a Dask cluster")
    sweep.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.add_argument("--no-summary", action="store_true", help="do not summarise at the end")
    sweep.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    try:
        spec, options = sweep_spec(args)
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
        return fail(exc)


def sweep_spec(args: argparse.Namespace) -> tuple[SweepSpec, dict[str, Any]]:
    """The sweep the command line asks for, and the run options of its sweep file (if any).
    Options given on the command line override the file's; --vary and --set add to it."""
    options: dict[str, Any] = {}
    if args.scenario.endswith((".yaml", ".yml")) and is_sweep_file(args.scenario):
        spec, options = SweepSpec.from_file(args.scenario)
        added = {"vary": spec.vary + [Vary.parse(v) for v in args.vary], "overrides": spec.overrides + args.overrides}
    else:
        spec, added = SweepSpec(args.scenario, [Vary.parse(v) for v in args.vary], overrides=args.overrides), {}
    given = {name: getattr(args, name) for name in SPEC_OPTIONS if getattr(args, name) is not None}
    return replace(spec, **added, **given), options  # (replace checks the sweep again, as a new SweepSpec)


def is_sweep_file(path: str) -> bool:
    """A sweep file names a scenario; a scenario file has issues and agents."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and "scenario" in data and "issues" not in data
