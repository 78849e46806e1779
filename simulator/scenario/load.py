"""Loading a scenario: read the file safely (``simulator.core.yamlsource``), apply ``--set``
overrides, validate (``simulator.scenario.validate``) and issue the warnings."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from simulator.core.yamlsource import SourcedDict, load_sourced
from simulator.scenario.overrides import apply_override, sourced_copy
from simulator.scenario.spec import Scenario, ScenarioError, ScenarioWarning
from simulator.scenario.validate.scenario import check_scenario


def load_scenario(
    source: str | Path | dict,
    overrides: Iterable[str] = (),
    *,
    name: str | None = None,
) -> Scenario:
    """Load and validate a scenario from a YAML file (or an already parsed dict).

    ``overrides`` are ``PATH=VALUE`` strings as given to ``--set``; they are applied before
    validation, so a bad value is refused with the same messages as one in the file.
    Raises ``ScenarioError`` listing every problem.
    """
    overrides = list(overrides)
    if isinstance(source, dict):
        label = name or "<scenario>"
        tree: Any = sourced_copy(source, label)
    else:
        label = name or str(source)
        tree = read_tree(Path(source), label)
    if not isinstance(tree, SourcedDict):
        raise ScenarioError([f"{label}:1: the scenario must be a mapping with keys issues, agents, conference"])
    scenario = validate_tree(tree, label, overrides)
    for message in scenario.warnings:
        warnings.warn(message, ScenarioWarning, stacklevel=2)
    return scenario


def read_tree(path: Path, label: str) -> Any:
    """A YAML file parsed safely, with ``FILE:LINE`` origins; ``ScenarioError`` (one line) if it
    cannot be read or is not valid YAML. Any file type with declared fields can start here."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([f"{label}: no such file"]) from None
    except OSError as exc:
        raise ScenarioError([f"{label}: cannot read: {exc.strerror}"]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError([f"{label}: cannot read: not UTF-8 text ({exc.reason})"]) from None
    try:
        return load_sourced(text, label)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise ScenarioError([f"{label}{line}: not valid YAML: {exc.problem or exc}"]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([f"{label}: not valid YAML: {exc}"]) from None


def validate_tree(tree: SourcedDict, label: str, overrides: Sequence[str] = ()) -> Scenario:
    """Apply ``--set`` overrides to a parsed tree (changed in place) and validate it."""
    errors: list[str] = []
    for text in overrides:
        apply_override(tree, text, errors)
    if errors:
        raise ScenarioError(errors)
    scenario = check_scenario(tree, label)
    scenario.overrides = list(overrides)
    return scenario
