"""``peacesim validate SCENARIO [--set PATH=VALUE ...]``: check a scenario file."""

from __future__ import annotations

import argparse

from simulator.cli.common import add_scenario_args, fail, load_for_command
from simulator.io import ImportFormatError
from simulator.scenario.spec import ScenarioError


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help="check a scenario file; exit 1 listing every error")
    add_scenario_args(parser)
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    try:
        scenario = load_for_command(args.scenario, args.overrides)
    except (ScenarioError, ImportFormatError) as exc:
        return fail(exc)
    n_agents, n_issues = len(scenario.agents), len(scenario.issues)
    print(f"{args.scenario}: valid ({n_agents} agent{'s' * (n_agents != 1)}, {n_issues} issue{'s' * (n_issues != 1)})")
    return 0
