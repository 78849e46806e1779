"""Which scenario the browser app opens: the YAML files under ``scenarios/``, the one ``serve``
was given, and why a scenario cannot be shown."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from simulator.api import load_scenario_file
from simulator.io import ImportFormatError
from simulator.scenario.spec import Scenario, ScenarioError

SCENARIO_ENV = "PEACESIM_APP_SCENARIO"  # the scenario ``serve`` opens first
DEFAULT_SCENARIO = "scenarios/talks-2026.yaml"
REPOSITORY = Path(__file__).resolve().parents[2]  # simulator/app/scenarios.py -> the repository


def scenario_root() -> Path:
    """The folder whose ``scenarios/`` the app lists: the working directory if it has one,
    else the repository this package lives in."""
    here = Path.cwd()
    if (here / "scenarios").is_dir():
        return here
    return REPOSITORY


def scenario_choices(first: str | None = None, root: Path | None = None) -> list[str]:
    """The scenarios to pick from: every YAML file under ``scenarios/`` (subfolders included),
    as paths relative to ``root``, sorted; ``first`` (a file given on the command line) leads.

    >>> "scenarios/ripeness.yaml" in scenario_choices(root=Path("."))
    True
    """
    root = root or scenario_root()
    folder = root / "scenarios"
    found = sorted(
        p.relative_to(root).as_posix() for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
    )
    if first:
        found = [first, *(f for f in found if f != first)]
    return found


def initial_scenario() -> str:
    """The scenario shown first: the one ``serve`` was given, else the February 2026 talks."""
    given = os.environ.get(SCENARIO_ENV)
    if given:
        return given
    choices = scenario_choices()
    return DEFAULT_SCENARIO if DEFAULT_SCENARIO in choices else (choices[0] if choices else DEFAULT_SCENARIO)


def load(path: str, overrides: Sequence[str] = ()) -> tuple[Scenario, list[str]]:
    """Load a scenario with ``--set`` overrides; return it and the warnings raised (as text).
    Raises ``ScenarioError`` as ``load_scenario`` does."""
    return load_scenario_file(path, overrides)


def load_problem(path: str) -> str | None:
    """Why a scenario cannot be shown (None when it loads)."""
    try:
        load(path)
    except (ScenarioError, ImportFormatError, OSError) as exc:
        return f"{path} cannot be used: {exc}"
    return None
