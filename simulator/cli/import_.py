"""``peacesim import FILE [-o SCENARIO.yaml]``: turn KTAB SMP (CSV, XML) or expected-utility CSV
data into a scenario (``docs/import.md``). (The module's name has an underscore: ``import`` is a
keyword.)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.common import fail
from simulator.io import ImportFormatError, import_file, to_yaml


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import", help="turn KTAB SMP (CSV, XML) or expected-utility CSV data into a scenario")
    parser.add_argument(
        "file", help="a KTAB SMP .csv or .xml file, or a CSV with Actor, Capability, Position, Salience"
    )
    parser.add_argument("-o", "--output", type=Path, metavar="SCENARIO.yaml", help="write here (default: print)")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    try:
        text = to_yaml(import_file(args.file), source=args.file)
    except (ImportFormatError, OSError) as exc:
        return fail(exc)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
