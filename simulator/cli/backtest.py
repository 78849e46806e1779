"""``peacesim backtest DATA``: score every protocol and reference solution on real decisions
(a DEU III-style table; ``docs/import.md``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.common import fail
from simulator.evaluate.backtest import BacktestError, backtest, plot, render, to_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "backtest", help="score every protocol and reference solution on real decisions (DEU III format)"
    )
    parser.add_argument("data", help="tab-separated table: p<actor>, s<actor>, rp, out; row 2 capabilities")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--protocol", action="append", help="only these protocols (repeatable); default all")
    parser.add_argument("--plot", type=Path, metavar="FILE.png", help="predicted against observed, per model")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    try:
        result = backtest(args.data, protocols=args.protocol)
    except (BacktestError, OSError) as exc:
        return fail(exc)
    sys.stdout.write(to_json(result) if args.format == "json" else render(result))
    if args.plot:
        print(f"wrote {plot(result, args.plot)}", file=sys.stderr)
    return 0
