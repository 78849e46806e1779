"""``peacesim history``: run the historical cases and print the simulated settlement beside the
real one, with the errors (``docs/history.md``)."""

from __future__ import annotations

import argparse
import sys

from simulator.cli.common import fail
from simulator.evaluate.history import render, run_cases
from simulator.scenario.spec import ScenarioError


def add_parser(sub: argparse._SubParsersAction) -> None:
    history = sub.add_parser(
        "history", help="run the historical cases and print the simulated settlement beside the real one, with errors"
    )
    history.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    history.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    history.add_argument("--folder", default="scenarios/history", help="the cases (default scenarios/history)")
    history.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    try:
        cases = run_cases(args.folder, seed=args.seed)
    except (ScenarioError, OSError, ValueError) as exc:
        return fail(exc)
    sys.stdout.write(render(cases, args.format, folder=args.folder))
    return 0
