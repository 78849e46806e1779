"""``--set PATH=VALUE`` overrides: a path into the parsed tree (``agents.RUS.salience.TERR_LINE``,
``agents[1].rule.beta``) and a value read as YAML, applied before validation so that an overridden
value is checked like one in the file, with ``--set PATH=VALUE`` as its origin."""

from __future__ import annotations

import re
from typing import Any

import yaml

from simulator.core.yamlsource import SourcedDict, SourcedList, load_value
from simulator.scenario.validate.base import format_path, suggest

COMPONENT_KEYS = ("rule", "protocol", "agreement")  # may be written as just the type name
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(path: str) -> list[str | int]:
    """Split ``agents.RUS.salience.TERR_LINE`` or ``agents[1].rule.beta`` into steps.

    >>> split_path("agents[1].salience.TERR_LINE")
    ['agents', 1, 'salience', 'TERR_LINE']
    >>> split_path("agents.RUS.rule.beta")
    ['agents', 'RUS', 'rule', 'beta']
    """
    steps: list[str | int] = []
    pos = 0
    while pos < len(path):
        if path[pos] == ".":
            pos += 1
            continue
        m = _TOKEN.match(path, pos)
        if not m:
            raise ValueError(f"cannot read path {path!r} at {path[pos:]!r}")
        steps.append(int(m.group(2)) if m.group(2) is not None else m.group(1))
        pos = m.end()
    if not steps:
        raise ValueError("empty path")
    return steps


def sourced_copy(value: Any, label: str) -> Any:
    """Plain dicts and lists turned into sourced ones whose every origin is ``label``."""
    if isinstance(value, dict):
        out = SourcedDict({k: sourced_copy(v, label) for k, v in value.items()})
        out.origin = label
        return out
    if isinstance(value, list):
        items = SourcedList(sourced_copy(v, label) for v in value)
        items.origin = label
        items.origins = [label] * len(items)
        return items
    return value


def apply_override(tree: SourcedDict, text: str, errors: list[str]) -> None:
    """Apply one ``PATH=VALUE`` to a parsed scenario tree, recording problems in ``errors``."""
    origin = f"--set {text}"
    if "=" not in text:
        errors.append(f"{origin}: expected PATH=VALUE, for example agents.RUS.salience.TERR_LINE=0.3")
        return
    path, raw = text.split("=", 1)
    try:
        steps = split_path(path.strip())
    except ValueError as exc:
        errors.append(f"{origin}: {exc}")
        return
    try:
        value = sourced_copy(load_value(raw), origin)
    except yaml.YAMLError as exc:  # the value is read as YAML, safely; a bad one is an error, not a crash
        problem = exc.problem if isinstance(exc, yaml.MarkedYAMLError) and exc.problem else exc
        errors.append(f"{origin}: not valid YAML: {problem}")
        return
    node: Any = tree
    for depth, step in enumerate(steps):
        last = depth == len(steps) - 1
        if isinstance(node, SourcedList):
            index = _list_index(node, step, origin, steps[:depth], errors)
            if index is None:
                return
            if last:
                node[index] = value
                node.origins[index] = origin
                return
            node = node[index]
        elif isinstance(node, SourcedDict):
            if last:
                node[step] = value
                node.origins[step] = origin
                return
            if step not in node or not isinstance(node[step], dict | list):
                child = SourcedDict()
                child.origin = origin
                if step in COMPONENT_KEYS and isinstance(node.get(step), str):  # shorthand rule: hardliner
                    child["type"] = node[step]
                    child.origins["type"] = node.where(step)
                node[step] = child
                node.origins[step] = origin
            node = node[step]
        else:
            errors.append(f"{origin}: {format_path(steps[:depth])} is a single value, it has no field {step!r}")
            return


def _list_index(node: list, step: str | int, origin: str, before: list[str | int], errors: list[str]) -> int | None:
    where = format_path(before)
    if isinstance(step, int) or (isinstance(step, str) and step.isdigit()):
        index = int(step)
        if 0 <= index < len(node):
            return index
        errors.append(f"{origin}: {where}[{index}] does not exist; {where} has {len(node)} entries")
        return None
    ids = [item.get("id") for item in node if isinstance(item, dict)]
    if step in ids:
        return ids.index(step)
    known = [str(i) for i in ids if i is not None]
    errors.append(f"{origin}: {where} has no entry with id {step!r}{suggest(step, known)}")
    return None
