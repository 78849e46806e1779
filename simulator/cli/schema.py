"""``peacesim schema [-o FILE]``: print the JSON Schema of a scenario file, for editors that check and
complete YAML against one (``# yaml-language-server: $schema=FILE`` at the top of a scenario)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from simulator.cli.common import emit
from simulator.scenario.schema import json_schema


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of a scenario file (for editor completion and checking)",
        description="The schema is derived from the same field declarations the validator uses, with the "
        "registered rules, protocols and agreement rules; `peacesim validate` still does the checks across fields.",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the schema here instead of stdout")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    emit(text, args.output)
    return 0
