"""A sweep checked against its scenario before any run, and the declared kind of a varied field.

The scenario's own validator judges every value a sweep will set: the scenario is loaded with
each varied field at its extremes, so a bad path or value is refused with the scenario's message
(did-you-mean included) before a single run, not as thousands of error rows. Whether a range
takes whole numbers only is read from the field's declaration (``simulator.scenario.fields``, or
the parameters a rule or protocol declares).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from simulator.core.params import Param
from simulator.scenario import load_scenario, split_path
from simulator.scenario.fields import field_at
from simulator.scenario.spec import ComponentSpec, Scenario
from simulator.scenario.validate.components import registries
from simulator.sweeps.spec import SweepSpec, override_text


def chosen_component(scenario: Scenario, steps: list[str | int]) -> ComponentSpec | None:
    """The rule, protocol or agreement rule a scenario chose at a path (``agents.RUS.rule``,
    ``agents[0].rule``, ``conference.protocol``), or None where the path names none."""
    node: Any = scenario
    for step in steps:
        if isinstance(node, list):  # records (agents, issues): an id or an index picks one
            node = next((item for k, item in enumerate(node) if step in (k, getattr(item, "id", None))), None)
        else:
            node = getattr(node, str(step), None)
    return node if isinstance(node, ComponentSpec) else None


def declared_field(scenario: Scenario, path: str) -> Param | None:
    """The declaration of the field a ``--set`` path sets: the scenario file's (``field_at``),
    or, for a component's parameter (``agents.RUS.rule.beta``), the one the component the
    scenario chose there declares; None where the path names no declared field."""
    try:
        steps = split_path(path)
    except ValueError:  # a malformed path: the scenario's own check of the override words it
        return None
    field = field_at(steps)
    if field is not None or len(steps) < 2:
        return field
    holder = field_at(steps[:-1])
    chosen = chosen_component(scenario, steps[:-1])
    if holder is None or holder.kind != "component" or chosen is None:
        return None
    component = registries()[holder.of].get(chosen.type)
    return component.params.get(str(steps[-1])) if component is not None else None


def is_whole_number_field(scenario: Scenario, path: str) -> bool:
    """Whether a field is declared whole (``conference.max_rounds``, a rule's ``int`` parameter)."""
    field = declared_field(scenario, path)
    return field is not None and field.kind == "int"


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
