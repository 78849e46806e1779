"""The checker every section validator builds on: error lines with their origin, mappings with
unknown keys refused (with a did-you-mean suggestion), and ONE check of a value against its
declared ``Param``.

An error line reads ``FILE:LINE: PATH: what is wrong; what is allowed``; the origin comes from the
``SourcedDict``/``SourcedList`` the YAML loader built (``simulator.core.yamlsource``). A check
returns ``Valid(value)`` or ``INVALID`` (the error is already recorded), never a marker value.
Any file type can declare its fields as ``Param`` tables and use ``Checker.settings`` to get every
error at once (see docs/scenario-format.md, "How the fields are declared").
"""

from __future__ import annotations

import copy
import datetime
import difflib
import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.core.calendar import parse_date, parse_duration
from simulator.core.params import Param, defaults
from simulator.core.yamlsource import SourcedDict, SourcedList

Steps = list[str | int]  # a path into the tree: keys and list indices


@dataclass(frozen=True)
class Valid:
    """A value that passed its check, converted (a whole number to ``int``, a number to ``float``)."""

    value: Any


class Invalid:
    """A value that was refused; the error has been recorded."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()
Checked = Valid | Invalid
_ABSENT: Any = object()  # no default passed to Checker.read


def format_path(steps: Sequence[str | int]) -> str:
    """A path as written in messages and ``--set``.

    >>> format_path(["agents", 1, "salience", "X"]), format_path([])
    ('agents[1].salience.X', '(top level)')
    """
    out = ""
    for s in steps:
        out += f"[{s}]" if isinstance(s, int) else (f".{s}" if out else str(s))
    return out or "(top level)"


def suggest(word: Any, known: Sequence[str]) -> str:
    """The tail of an error message: the nearest known word (difflib) and what is allowed.

    >>> suggest("principle", ["principal", "mediator"])
    "; did you mean 'principal'? Allowed: principal, mediator"
    """
    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=0.5)
    allowed = ", ".join(known) if known else "none"
    if close:
        return f"; did you mean {close[0]!r}? Allowed: {allowed}"
    return f"; allowed: {allowed}"


def not_known(what: str, name: Any, known: Sequence[str]) -> str:
    """The message for a name that is not among ``known``: ``WHAT 'name'`` and a suggestion.

    >>> not_known("no agent", "RUZ", ["RUS", "UKR"])
    "no agent 'RUZ'; did you mean 'RUS'? Allowed: RUS, UKR"
    """
    return f"{what} {name!r}{suggest(name, list(known))}"


def kind_of(value: Any) -> str:
    """A value as an error message names it: ``nothing``, ``a mapping``, ``a list`` or its repr."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def article(noun: str) -> str:
    return ("an " if noun.startswith(tuple("aeiou")) else "a ") + noun


def node_origin(node: Any) -> str:
    """Where a parsed mapping or list starts (``FILE:LINE``), ``?`` for a plain value."""
    return getattr(node, "origin", "?")


def is_number(value: Any) -> bool:
    """A finite number (YAML's .nan and .inf are refused, and so are booleans)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_name(value: Any) -> bool:
    """A value that can be looked up among ids (a list or a mapping cannot)."""
    return isinstance(value, Hashable) and not isinstance(value, list | dict)


def number_field(field: Param) -> Param:
    """The declaration of one number inside a mapping field (a position, a cost per agent)."""
    return Param("float", None, field.doc, low=field.low, high=field.high)


def blank(field: Param) -> Any:
    """A stand-in of the field's type after an error (the file is refused in the end anyway)."""
    return {"text": "", "choice": "", "str": "", "int": 0, "float": 0.0}.get(field.kind)


class Checker:
    """Collects every error of one file, each with its origin; ``agent_roles`` and ``issue_ids``
    are the ids that fields of kind ``agent``, ``agents``, ``agent_map`` and ``issue`` may name."""

    def __init__(self, label: str):
        self.label = label
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.agent_roles: dict[str, str] = {}
        self.issue_ids: list[str] = []

    # -- where and what
    def error(self, origin: str, path: Sequence[str | int], message: str) -> None:
        self.errors.append(f"{origin}: {format_path(path)}: {message}")

    def where(self, node: Any, key: Any) -> str:
        return node.where(key) if isinstance(node, SourcedDict | SourcedList) else self.label

    def mapping(self, node: Any, origin: str, path: Steps, keys: Sequence[str]) -> dict | None:
        """``node`` if it is a mapping (its unknown keys reported), else ``None`` (reported)."""
        if not isinstance(node, dict):
            self.error(origin, path, f"expected a mapping with keys {', '.join(keys)}, got {kind_of(node)}")
            return None
        for key in node:
            if key not in keys:
                self.error(self.where(node, key), [*path, str(key)], f"unknown key {key!r}{suggest(key, keys)}")
        return node

    def mapping_from(self, node: Any, origin: str, path: Steps, what: str) -> bool:
        """Whether ``node`` is a mapping; if not, report "expected a mapping from WHAT, got ..."."""
        if isinstance(node, dict):
            return True
        self.error(origin, path, f"expected a mapping from {what}, got {kind_of(node)}")
        return False

    def require(self, node: dict, key: str, origin: str, path: Steps) -> bool:
        if key not in node:
            self.error(origin, [*path, key], "is required")
            return False
        return True

    # -- values
    def check(self, field: Param, value: Any, where: str, path: Steps) -> Checked:
        """Check one value against its declaration: ``Valid(converted value)`` or ``INVALID``."""
        return _CHECKS[field.kind](self, field, value, where, path)

    def read(self, node: dict, key: Any, path: Steps, field: Param, default: Any = _ABSENT) -> Checked:
        """The checked value of ``node[key]``; when the key is left out, ``default`` (or the
        declared default), or an "is required" error for a required field."""
        if key not in node:
            if default is not _ABSENT:
                return Valid(default)
            if not field.required:
                return Valid(copy.copy(field.default))  # no two scenarios share a default list
            allowed = f"; allowed: {', '.join(field.choices)}" if field.kind == "choice" and field.choices else ""
            self.error(node_origin(node), [*path, key], f"is required{allowed}")
            return INVALID
        return self.check(field, node[key], self.where(node, key), [*path, key])

    def value(self, node: dict, key: Any, path: Steps, field: Param, default: Any = _ABSENT) -> Any:
        """``read``'s value, or a stand-in of the right type after an error."""
        checked = self.read(node, key, path, field, default)
        return checked.value if isinstance(checked, Valid) else blank(field)

    def settings(self, node: Any, origin: str, path: Steps, declared: dict[str, Param], strict: bool = True) -> dict:
        """A block of declared fields: defaults filled in, every value checked, unknown keys
        refused with a suggestion (``strict=False`` when the block shares its mapping with keys
        checked elsewhere), required ones reported when missing."""
        values = defaults(declared)
        if not isinstance(node, dict):
            self.error(origin, path, f"expected a mapping with keys {', '.join(declared)}, got {kind_of(node)}")
            return values
        if strict:
            self.mapping(node, origin, path, tuple(declared))
        for name, value in node.items():
            if name in declared:
                checked = self.check(declared[name], value, self.where(node, name), [*path, name])
                if isinstance(checked, Valid):
                    values[name] = checked.value
        for name, field in declared.items():
            if field.required and name not in node:
                self.error(origin, [*path, name], "is required")
        return values


# --------------------------------------------------------------------------- one check per kind

Check = Callable[[Checker, Param, Any, str, Steps], Checked]


def _refuse(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Invalid:
    checker.error(where, path, f"got {value!r}; allowed: {field.describe()}")
    return INVALID


def _number(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    ok = is_number(value) and (field.kind == "float" or float(value).is_integer())
    ok = ok and (field.low is None or value >= field.low) and (field.high is None or value <= field.high)
    if not ok:
        return _refuse(checker, field, value, where, path)
    return Valid(float(value) if field.kind == "float" else int(value))


def _text(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    if isinstance(value, datetime.date):  # an unquoted date such as as_of: 2026-02-26
        return Valid(value.isoformat())
    if not isinstance(value, str | int | float) or isinstance(value, bool) or value == "":
        return _refuse(checker, field, value, where, path)
    return Valid(str(value))


def _date(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    try:
        return Valid(parse_date(value))
    except ValueError:
        return _refuse(checker, field, value, where, path)


def _duration(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    try:
        return Valid(parse_duration(value))
    except ValueError:
        return _refuse(checker, field, value, where, path)


def _choice(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    allowed = list(field.choices or ())
    if not is_name(value) or value not in allowed:
        checker.error(where, path, f"got {value!r}{suggest(value, allowed)}")
        return INVALID
    return Valid(str(value))


def _flag(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    return Valid(value) if isinstance(value, bool) else _refuse(checker, field, value, where, path)


def _keyword(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    if isinstance(value, str) and (field.choices is None or value in field.choices):
        return Valid(value)
    return _refuse(checker, field, value, where, path)


def _known(checker: Checker, name: Any, known: Sequence[str], unknown: str, where: str, path: Steps) -> bool:
    """Whether ``name`` is one of ``known``; if not, the error ``UNKNOWN 'name'`` with a suggestion."""
    if name in known:
        return True
    checker.error(where, path, not_known(unknown, name, known))
    return False


def _agent(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    if not is_name(value):
        return _refuse(checker, field, value, where, path)
    return Valid(value) if _known(checker, value, list(checker.agent_roles), "no agent", where, path) else INVALID


def _agents(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    if not isinstance(value, list) or not all(is_name(v) for v in value):
        return _refuse(checker, field, value, where, path)
    known = list(checker.agent_roles)
    if not all(_known(checker, v, known, "no agent", where, path) for v in value):  # stops at the first unknown
        return INVALID
    return Valid(list(value))


def _id_map(
    checker: Checker, field: Param, value: Any, where: str, path: Steps, known: Sequence[str], unknown: str
) -> Checked:
    """A mapping from known ids (agents or issues) to numbers within the field's bounds."""
    if not isinstance(value, dict):
        return _refuse(checker, field, value, where, path)
    out: dict[str, float] = {}
    number = number_field(field)
    for key, v in value.items():
        at = checker.where(value, key)
        if _known(checker, key, known, unknown, at, [*path, str(key)]) and isinstance(
            checked := _number(checker, number, v, at, [*path, key]), Valid
        ):
            out[key] = checked.value
    return Valid(out)


def _agent_map(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    return _id_map(checker, field, value, where, path, list(checker.agent_roles), "no agent")


def _issue(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    if not is_name(value):
        return _refuse(checker, field, value, where, path)
    return Valid(value) if _known(checker, value, checker.issue_ids, "unknown issue", where, path) else INVALID


def _issue_map(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    """A mapping from issue id to a number within the field's bounds (a conference setting)."""
    return _id_map(checker, field, value, where, path, checker.issue_ids, "unknown issue")


def _path_map(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    """A mapping from a ``--set`` path to what ``field.of`` names (a sweep file's ``vary`` and
    ``set``); nothing is an empty one. The entries are the file's own checker's to judge."""
    if value is None:
        return Valid({})
    if not checker.mapping_from(value, where, path, f"a path to {field.of or 'a value'}"):
        return INVALID
    return Valid(value)  # the parsed mapping itself: its entries keep their origins


def _ids(checker: Checker, field: Param, value: Any, where: str, path: Steps) -> Checked:
    if not isinstance(value, list) or not all(isinstance(s, str) and s for s in value):
        return _refuse(checker, field, value, where, path)
    return Valid(list(value))


_CHECKS: dict[str, Check] = {
    "float": _number,
    "int": _number,
    "text": _text,
    "date": _date,
    "duration": _duration,
    "choice": _choice,
    "bool": _flag,
    "str": _keyword,
    "agent": _agent,
    "agents": _agents,
    "agent_map": _agent_map,
    "issue": _issue,
    "issue_map": _issue_map,
    "ids": _ids,
    "path_map": _path_map,
}


class ScenarioChecker(Checker):
    """A checker with what a scenario's later sections need to know of its earlier ones."""

    def __init__(self, label: str):
        super().__init__(label)
        self.absolute = False  # saliences: absolute (kept as written) or relative (normalised)
        self.positioned: dict[str, set[str]] = {}  # agent id -> issues it has (or is given) a position on


def check_fields(tree: Any, label: str, fields: dict[str, Param]) -> tuple[dict[str, Any], list[str]]:
    """A whole file of declared fields (a sweep file, a calibration file): its values, defaults
    filled in, and every error at once as ``FILE:LINE: PATH: ...`` lines.

    >>> from simulator.core.yamlsource import load_sourced
    >>> fields = {"seeds": Param("int", 1, "runs per point", 1, 1000), "design": Param("choice", "grid", "", choices=("grid", "lhs"))}
    >>> check_fields(load_sourced("seeds: 0\\ndesing: lhs\\n", "s.yaml"), "s.yaml", fields)[1]
    ["s.yaml:2: desing: unknown key 'desing'; did you mean 'design'? Allowed: seeds, design", 's.yaml:1: seeds: got 0; allowed: a whole number in [1, 1000]']
    """
    checker = Checker(label)
    values = checker.settings(tree, node_origin(tree) if isinstance(tree, dict) else f"{label}:1", [], fields)
    return values, checker.errors
