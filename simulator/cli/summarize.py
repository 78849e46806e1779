"""``peacesim summarize OUT``: summarise a sweep folder (``docs/sweeps.md``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.common import fail
from simulator.scenario.spec import ScenarioError
from simulator.sweeps.spec import SweepError
from simulator.sweeps.summary import render, summarize


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("summarize", help="summarise a sweep folder: P(agreement), distributions, plots")
    parser.add_argument("out", type=Path, help="the sweep's results folder")
    parser.add_argument("--no-plots", action="store_true")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    try:
        sys.stdout.write(render(summarize(args.out, plots=not args.no_plots)))
    except (SweepError, ScenarioError) as exc:
        return fail(exc)
    return 0
