"""The JSON Schema (draft 2020-12) of a scenario file and the Markdown field tables of the docs,
both derived from the declarations in ``simulator.scenario.fields`` and the registered rules,
protocols and agreement rules (their ``Param`` declarations).

The schema lets an editor complete and check a scenario as it is typed (for YAML, through the
``yaml-language-server`` modeline or a ``$schema`` setting). It checks shapes, bounds and names;
the checks across fields (an agent id that must exist, saliences that need a position, events
against positions) stay with the validator, which also gives the ``FILE:LINE`` messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from simulator.core.params import Component, Param
from simulator.scenario.fields import AGENT_EVENT_FIELDS, TOP_FIELDS, WAR_EVENT_FIELDS
from simulator.scenario.validate.components import registries

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DEFS = {"rule": "rule", "protocol": "protocol", "agreement rule": "agreement"}  # component kind -> $defs name
_ID = r"[^.\[\]]+"
NULL_IS_ABSENT = ("component", "issue_map", "issue_lists", "points")  # the validator reads null as left out
TEXT: dict[str, Any] = {"type": ["string", "number"], "minLength": 1}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file (a dict ready for ``json.dumps``)."""
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": "https://github.com/peacesim/peacesim/scenario.schema.json",
        "title": "peacesim scenario",
        "description": "A peace conference: issues, delegations, conference rules, war and events (docs/scenario-format.md).",
    }
    schema.update(record(TOP_FIELDS))
    schema["$defs"] = {DEFS[what]: component_schema(what, found) for what, found in registries().items()}
    return schema


def record(fields: Mapping[str, Param]) -> dict[str, Any]:
    """A mapping with exactly the declared keys."""
    return {
        "type": "object",
        "properties": {name: field_schema(field) for name, field in fields.items()},
        "required": [name for name, field in fields.items() if field.required],
        "additionalProperties": False,
    }


def field_schema(field: Param) -> dict[str, Any]:
    """The schema of one declared field: its type, bounds, allowed values, default and meaning."""
    out = dict(_SHAPES[field.kind](field))
    if field.kind in NULL_IS_ABSENT and not field.required:
        out = {"anyOf": [out, {"type": "null"}]}
    if field.doc:
        out["description"] = field.doc
    if field.default is not None and not field.required:
        out["default"] = field.default
    return out


def number(field: Param, integer: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "integer" if integer else "number"}
    if field.low is not None:
        out["minimum"] = field.low
    if field.high is not None:
        out["maximum"] = field.high
    return out


def keyed(values: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": values}


def component_schema(what: str, found: Mapping[str, type[Component]]) -> dict[str, Any]:
    """A registered name, or a mapping with ``type`` and that component's parameters."""
    variants = []
    for name, component in found.items():
        params = {key: field_schema(param) for key, param in component.params.items()}
        variants.append(
            {
                "type": "object",
                "properties": {"type": {"const": name}, **params},
                "required": ["type"],
                "additionalProperties": False,
            }
        )
    return {"description": f"a registered {what}", "oneOf": [{"enum": list(found)}, *variants]}


def change_targets() -> dict[str, Any]:
    """The paths an event may set, each with the bounds of the field it changes."""
    agent = rf"agents(\.{_ID}|\[\d+\])"
    patterns = {
        rf"^{agent}\.{name}$" if field.kind == "float" else rf"^{agent}\.{name}\.{_ID}$": number(field)
        for name, field in AGENT_EVENT_FIELDS.items()
    }
    patterns |= {rf"^war\.{re.escape(name)}\.{_ID}$": number(field) for name, field in WAR_EVENT_FIELDS.items()}
    return {"type": "object", "minProperties": 1, "patternProperties": patterns, "additionalProperties": False}


_SHAPES: dict[str, Any] = {
    "float": number,
    "int": lambda f: number(f, integer=True),
    "bool": lambda f: {"type": "boolean"},
    "str": lambda f: {"type": "string", "enum": list(f.choices)} if f.choices else {"type": "string"},
    "text": lambda f: TEXT,
    "date": lambda f: {"type": "string", "format": "date"},
    "duration": lambda f: {"type": "string", "pattern": r"^\s*[0-9]+\s*(day|week|month)s?\s*$"},
    "choice": lambda f: {"enum": list(f.choices)},
    "agent": lambda f: {"type": "string"},
    "agents": lambda f: {"type": "array", "items": {"type": "string"}},
    "agent_map": lambda f: keyed(number(f)),
    "issue": lambda f: {"type": "string"},
    "ids": lambda f: {"type": "array", "items": {"type": "string", "minLength": 1}},
    "record": lambda f: record(f.of),
    "records": lambda f: {"type": "array", "items": record(f.of), **({"minItems": 1} if f.required else {})},
    "issue_records": lambda f: keyed(record(f.of)),
    "component": lambda f: {"$ref": f"#/$defs/{DEFS[f.of]}"},
    "issue_map": lambda f: keyed(number(f)),
    "number_map": lambda f: keyed(number(f)),
    "issue_lists": lambda f: keyed({"type": "array", "items": {"type": "string"}}),
    "text_map": lambda f: keyed(TEXT),
    "point_map": lambda f: {
        "type": "object",
        "propertyNames": {"pattern": "^(100|[1-9]?[0-9])$"},
        "additionalProperties": {"type": "string", "minLength": 1},
        "required": ["0", "100"],
    },
    "points": lambda f: {"type": "array", "minItems": 2, "items": number(f)},
    "changes": lambda f: change_targets(),
}


# --------------------------------------------------------------------------- docs tables

TYPE_NAMES = {
    "float": "number",
    "int": "whole number",
    "text": "text",
    "choice": "text",
    "agents": "list of agent ids",
    "record": "mapping",
    "records": "list",
    "changes": "mapping from path to number",
}


def field_table(fields: Mapping[str, Param]) -> str:
    """A Markdown table of declared fields: key, type, default, what is allowed, meaning."""
    lines = ["| key | type | default | allowed | meaning |", "|---|---|---|---|---|"]
    for name, field in fields.items():
        kind = TYPE_NAMES.get(field.kind) or field.describe().removeprefix("a ").removeprefix("an ")
        default = "required" if field.required else ("" if field.default is None else f"`{field.default}`")
        lines.append(f"| `{name}` | {kind} | {default} | {allowed(field)} | {field.doc} |")
    return "\n".join(lines)


def allowed(field: Param) -> str:
    if field.choices:
        return ", ".join(f"`{c}`" for c in field.choices)
    if field.kind in ("float", "int"):
        return field.describe().removeprefix("a whole number ").removeprefix("a number ")
    return ""
