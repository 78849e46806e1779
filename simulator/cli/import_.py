"""``peacesim import FILE [-o SCENARIO.yaml]``: turn KTAB SMP (CSV, XML) or expected-utility CSV
data into a scenario (``docs/import.md``). (The module's name has an underscore: ``import`` is a
keyword.)"""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.common import emit, fail
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
    emit(text, args.output)
    return 0
