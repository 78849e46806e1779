"""The ``peacesim`` command line.

peacesim run SCENARIO [--seed N] [--set PATH=VALUE ...] [--format text|json|markdown|html] [--out DIR]
             [--plots DIR] [--explain [short|full]] [--lens realist|liberal|constructivist]
peacesim validate SCENARIO [--set PATH=VALUE ...]
peacesim sweep SCENARIO|SWEEP.yaml [--vary PATH=LOW:HIGH[:N] ...] [--set PATH=VALUE ...] [--seeds N]
               [--design grid|lhs|sobol|morris] [--samples N] [--master-seed N] [--workers N] [--out DIR]
               [--engine local|dask] [--scheduler ADDRESS] [--quiet] [--no-summary]
peacesim summarize OUT [--no-plots]
peacesim import FILE [-o SCENARIO.yaml]
peacesim backtest DATA [--format text|json] [--protocol NAME ...] [--plot FILE.png]
peacesim app [SCENARIO] [--host H] [--port P] [--no-browser]
peacesim history [--seed N] [--format text|markdown|json] [--folder DIR]
peacesim schema [-o FILE]
peacesim rules | protocols | agreements

One module per command (``run``, ``validate``, ``sweep``, ``summarize``, ``import_``, ``backtest``,
``app``, ``history``, ``schema``, ``registries``): each adds its sub-parser and sets ``func``, which ``main``
calls. A new command is a new module and one entry in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from simulator.cli import app, backtest, history, import_, registries, run, schema, summarize, sweep, validate

COMMANDS = (run, validate, sweep, import_, backtest, summarize, app, history, schema, registries)  # in the help's order


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peacesim",
        description="Run a peace conference from a YAML scenario and report the settlement.",
        epilog="Outcomes are model results under the scenario's assumptions, not predictions or advocacy.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
