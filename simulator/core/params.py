"""Declared parameters and fields: of pluggable components (rules, protocols, agreement rules) and
of the scenario file itself (``simulator.scenario.fields``).

Each component class lists its parameters as ``Param`` objects; the scenario loader checks a
scenario's values against them, so adding a component never means touching the loader. The same
declarations give the JSON Schema (``simulator.scenario.schema``) and the field tables of the docs.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class Param:
    """One parameter: its kind, default, bounds and a line of documentation.

    ``kind`` is ``"float"``, ``"int"``, ``"bool"``, ``"str"``, ``"agent"`` (an agent id),
    ``"agents"`` (a list of agent ids), ``"agent_map"`` (agent id to a number within the bounds)
    or ``"issue"`` (an issue id). ``choices`` restricts a ``"str"``.

    Scenario fields add ``"text"`` (text; a number or a date is read as text), ``"choice"`` (a
    keyword of ``choices``; a misspelling gets a suggestion) and the compound kinds that the
    scenario validator checks section by section (``COMPOUND_KINDS``). ``required`` fields have no
    default; ``of`` is what a compound field is made of: the fields of a ``"record"`` (or of each
    entry of ``"records"``), or the component kind (``"rule"``) of a ``"component"``.
    """

    kind: str
    default: Any
    doc: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    required: bool = False
    of: Any = None

    def describe(self) -> str:
        """What is allowed, in words.

        >>> Param("float", 1.0, "x", low=0.0).describe()
        'a number >= 0.0'
        >>> Param("int", 1, "x", low=1, high=9).describe()
        'a whole number in [1, 9]'
        """
        noun = {
            "float": "a number",
            "int": "a whole number",
            "bool": "true or false",
            "str": "text",
            "agent": "an agent id",
            "agents": "a list of agent ids",
            "agent_map": "a mapping from agent id to a number",
            "issue": "an issue id",
            **COMPOUND_KINDS,
        }[self.kind]
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.kind == "agent_map" and (self.low is not None or self.high is not None):
            inner = Param("float", None, "", low=self.low, high=self.high).describe().removeprefix("a number ")
            return f"{noun} {inner}"
        if self.low is not None and self.high is not None:
            return f"{noun} in [{self.low}, {self.high}]"
        if self.low is not None:
            return f"{noun} >= {self.low}"
        if self.high is not None:
            return f"{noun} <= {self.high}"
        return noun


# The nouns of the scenario's own kinds (text, keywords, and the compound fields that the validator
# checks section by section)
COMPOUND_KINDS: dict[str, str] = {
    "text": "text",
    "choice": "a keyword",
    "record": "a mapping",
    "records": "a list of mappings",
    "component": "a name or a mapping with 'type'",
    "issue_map": "a mapping from issue id to a number",
    "issue_lists": "a mapping from issue id to a list of source ids",
    "issue_records": "a mapping from issue id to a mapping",
    "number_map": "a mapping from a name to a number",
    "text_map": "a mapping from a name to text",
    "ids": "a list of source ids",
    "point_map": "a mapping from points 0..100 to text",
    "points": "a list of at least two numbers",
    "changes": "a mapping from a path to a number",
    "path_map": "a mapping from a path to a value",  # a sweep file's vary and set
    "date": "a date written YYYY-MM-DD",
    "duration": "a whole number and a unit: days, weeks or months (1 week)",
}


def defaults(params: dict[str, Param]) -> dict[str, Any]:
    """The default value of every parameter."""
    return {name: p.default for name, p in params.items()}


def show(value: Any) -> str:
    """A parameter value as people read it.

    >>> show(2 / 3), show(0.5), show(["UKR"]), show("capability")
    ('0.666667', '0.5', "['UKR']", 'capability')
    """
    return f"{value:g}" if isinstance(value, float) else str(value)


class Component:
    """Base of every pluggable piece (rule, protocol, agreement rule): declared ``params``
    become attributes, from the scenario or their defaults."""

    name: ClassVar[str] = ""
    params: ClassVar[dict[str, Param]] = {}

    def __init__(self, **values: Any):
        for key, value in {**defaults(self.params), **values}.items():
            setattr(self, key, copy.copy(value))  # no instance shares a default list

    @classmethod
    def check(cls, values: dict[str, Any], roles: dict[str, str]) -> list[tuple[str, str]]:
        """Problems that depend on the other agents, as (parameter, message) pairs."""
        return []

    def describe(self) -> str:
        """The name and the parameters, e.g. ``time_dependent(beta=0.5, deadline=0)``."""
        shown = ", ".join(f"{k}={show(getattr(self, k))}" for k in self.params if getattr(self, k) is not None)
        return f"{self.name}({shown})" if shown else self.name
