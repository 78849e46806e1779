"""Rule, protocol and agreement-rule blocks: a registered name (``rule: hardliner``) or a mapping
with ``type`` and the component's declared parameters (``simulator.core.params.Param``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.core.params import Component, Param, defaults
from simulator.core.yamlsource import SourcedDict
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.protocols import PROTOCOLS
from simulator.negotiation.rules import RULES
from simulator.scenario.spec import ComponentSpec
from simulator.scenario.validate.base import ScenarioChecker, Steps, Valid, kind_of, node_origin, suggest


def registries() -> dict[str, Mapping[str, type[Component]]]:
    """The registered components by kind, as a component field names it (``Param.of``)."""
    return {"rule": RULES, "protocol": PROTOCOLS, "agreement rule": AGREEMENT_RULES}


def check_component(c: ScenarioChecker, item: dict, key: str, path: Steps, field: Param) -> ComponentSpec:
    what: str = field.of
    registry = registries()[what]
    node = item.get(key)
    sub = [*path, key]
    if node is None:
        if field.required:
            c.error(node_origin(item), sub, f"is required; allowed {what}s: {', '.join(registry)}")
            return ComponentSpec("", {})
        return ComponentSpec(field.default, dict(defaults(registry[field.default].params)))
    if isinstance(node, str):  # shorthand: rule: hardliner
        node = SourcedDict(type=node)
        node.origin = c.where(item, key)
        node.origins["type"] = node.origin
    if not isinstance(node, dict):
        c.error(c.where(item, key), sub, f"expected a {what} name or a mapping with 'type', got {kind_of(node)}")
        return ComponentSpec("", {})
    kind = node.get("type")
    if not isinstance(kind, str) or kind not in registry:
        where = c.where(node, "type") if "type" in node else node_origin(node)
        shown = "is required" if kind is None else f"unknown {what} {kind!r}"
        c.error(where, [*sub, "type"], f"{shown}{suggest(kind or '', list(registry))}")
        return ComponentSpec("", {})
    component = registry[kind]
    params = check_params(c, node, sub, component, f"{what} {kind!r}")
    if c.agent_roles:
        for name, message in component.check(params, c.agent_roles):
            where = c.where(node, name) if name in node else c.where(item, key)
            c.error(where, [*sub, name], message)
    return ComponentSpec(kind, params)


def check_params(c: ScenarioChecker, node: dict, path: Steps, component: type[Component], named: str) -> dict[str, Any]:
    """The component's parameters: defaults, with each given value checked against its ``Param``."""
    declared = component.params
    params = defaults(declared)
    for name, value in node.items():
        if name == "type":
            continue
        where = c.where(node, name)
        if name not in declared:
            message = f"unknown parameter {name!r} of {named}{suggest(name, list(declared))}"
            c.error(where, [*path, str(name)], message)
        elif isinstance(checked := c.check(declared[name], value, where, [*path, name]), Valid):
            params[name] = checked.value
    return params
