"""A sweep checked against its scenario before any run, and the declared kind of a varied field.

The scenario's own validator judges every value a sweep will set: the scenario is loaded with
each varied field at its extremes, so a bad path or value is refused with the scenario's message
(did-you-mean included) before a single run, not as thousands of error rows.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from simulator.scenario import load_scenario, split_path
from simulator.scenario.spec import ComponentSpec, Scenario
from simulator.sweeps.spec import SweepSpec, override_text


def field_value(scenario: Scenario, path: str) -> Any:
    """The validated value at a ``--set`` path (``conference.max_rounds``, ``agents.RUS.rule.beta``),
    or None where the path names no value of the scenario's records."""
    try:
        steps = split_path(path)
    except ValueError:  # a malformed path: the scenario's own check of the override words it
        return None
    node: Any = scenario
    for step in steps:
        if isinstance(node, Scenario) and step in ("agents", "issues"):
            node = {item.id: item for item in getattr(node, str(step))}
        elif isinstance(node, ComponentSpec):
            node = node.type if step == "type" else node.params.get(str(step))
        elif dataclasses.is_dataclass(node):
            names = {f.name for f in dataclasses.fields(node)}
            node = getattr(node, str(step)) if step in names else getattr(node, "settings", {}).get(step)
        elif isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list | tuple) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    return node


def is_whole_number_field(scenario: Scenario, path: str) -> bool:
    """Whether a field is declared whole (``conference.max_rounds``, a rule's ``int`` parameter).

    The validator turns every number into its declared kind, an ``int`` for a whole-number field
    and a ``float`` for any other, so the validated scenario's value says the kind."""
    value = field_value(scenario, path)
    return isinstance(value, int) and not isinstance(value, bool)


def checked_spec(spec: SweepSpec) -> SweepSpec:
    """Refuse a bad sweep before any run: the scenario with every extreme value must load
    (``ScenarioError`` otherwise). Returns the spec with each numeric range on a whole-number
    field (``conference.max_rounds``) marked ``integer``."""
    base = load_scenario(spec.scenario, spec.overrides)
    vary = [
        dataclasses.replace(v, integer=True) if v.numeric and is_whole_number_field(base, v.path) else v
        for v in spec.vary
    ]
    for v in vary:
        for end in list(v.values) if v.values is not None else [v.low, v.high]:
            load_scenario(spec.scenario, [*spec.overrides, override_text(v.path, end)])
    return dataclasses.replace(spec, vary=vary)
