"""What several commands share: the scenario arguments, loading a scenario as the commands do,
and the one-line error with exit code 1."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from simulator.api import load_scenario_file
from simulator.negotiation.lenses import lens_overrides
from simulator.scenario.spec import Scenario

EXIT_INVALID = 1


def add_scenario_args(parser: argparse.ArgumentParser) -> None:
    """The scenario file and its ``--set`` overrides."""
    parser.add_argument("scenario", help="scenario YAML file, e.g. scenarios/talks-2026.yaml")
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE",
        help="override a field, e.g. --set agents.RUS.salience.TERR_LINE=0.3 (repeatable)",
    )  # fmt: skip


def load_for_command(path: str, overrides: Sequence[str], lenses: Sequence[str] = ()) -> Scenario:
    """The scenario with its overrides, read through ``lenses``; the loader's warnings go to stderr.
    Raises ``ScenarioError`` (``ImportFormatError`` for a bad data file)."""
    scenario, notes = load_scenario_file(path, overrides)
    if lenses:  # a lens's settings come first, so that the user's own --set still wins
        scenario, notes = load_scenario_file(path, [*lens_overrides(scenario, list(lenses)), *overrides])
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    return scenario


def fail(exc: Exception) -> int:
    """Print ``peacesim: MESSAGE`` on stderr; the exit code of a refused input."""
    print(f"peacesim: {exc}", file=sys.stderr)
    return EXIT_INVALID


def emit(text: str, output: Path | None) -> None:
    """Write ``text`` to ``output`` (naming it on stderr), or print it when there is no file."""
    if output:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
