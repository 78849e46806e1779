"""Scenario files: load, override and validate a YAML conference description.

Every problem found is reported as ``FILE:LINE: PATH: what is wrong; what is allowed``, with
``PATH`` written as ``agents[3].salience.TERR_LINE``. All problems in a file are reported at
once. Unknown keys are refused with the nearest known key as a suggestion. Saliences that do not
sum to one are normalised, with a ``ScenarioWarning`` (see ``docs/scenario-format.md``).
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from simulator.core.params import Param, defaults
from simulator.core.yamlsource import SourcedDict, SourcedList, load_sourced, load_value
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.protocols import PROTOCOLS
from simulator.negotiation.rules import RULES
from simulator.scenario.spec import (
    AgentSpec,
    Change,
    ComponentSpec,
    ConferenceSpec,
    EventSpec,
    Issue,
    RedLine,
    Reference,
    ReferenceIssue,
    Scenario,
    ScenarioError,
    ScenarioWarning,
    WarSpec,
)

ROLES = ("principal", "guarantor", "mediator", "observer")

# Settings blocks declared as parameters: validated like a rule's parameters, documented in
# docs/scenario-format.md and docs/war.md.
WAR_SETTINGS: dict[str, Param] = {
    "sides": Param("agents", [], "the two belligerents; default: the first two principals"),
    "territory": Param("float", 0.5, "share of the contested territory the first side holds at the start", 0.0, 1.0),
    "battle_step": Param("float", 0.01, "share of the contested territory that one round's battle moves", 0.0, 1.0),
    "true_capability": Param("agent_map", {}, "strength that decides battles, where it differs from the public capability (private information)", low=0.0),
    "aid": Param("agent_map", {}, "patrons' aid: strength added to a side in battle", low=0.0),
    "sanctions": Param("agent_map", {}, "cost per round added to a target's war cost", low=0.0, high=1.0),
    "reservation": Param("str", "fixed", "fixed: the scenario's walk-away values, lowered by war costs; lottery: Fearon's value of fighting on, from beliefs and costs", choices=("fixed", "lottery")),
    "horizon": Param("int", 50, "rounds of fighting a side expects ahead when it values fighting on (lottery)", 1, 100_000),
    "belief": Param("agent_map", {}, "a side's prior chance of winning a battle; default: the true chance (complete information)", 0.0, 1.0),
    "belief_strength": Param("float", 20.0, "weight of the prior beliefs, in battles", 0.01, 1e9),
    "misperception": Param("float", 0.0, "chance that a side misreads a battle's outcome", 0.0, 0.5),
    "power_shift": Param("agent_map", {}, "rise a side expects in its chance of winning (commitment problem)", -1.0, 1.0),
    "escalation": Param("str", "none", "how sanctions and rearmament act on their target: spiral (grievance outruns cost) or deterrence", choices=("none", "spiral", "deterrence")),
    "rearmament": Param("agent_map", {}, "capability an agent adds each round by arming", 0.0, 1.0),
}  # fmt: skip
RIPENESS_SETTINGS: dict[str, Param] = {
    "horizon": Param("int", 20, "rounds within which a side would have to expect to win", 1, 100_000),
    "decisive": Param("float", 0.1, "territory gain within the horizon that counts as winning", 0.0, 1.0),
    "pain": Param("float", 0.0, "cumulative war cost above which a side is hurting", 0.0, 1000.0),
}
CONFERENCE_SETTINGS: dict[str, Param] = {
    "convene": Param("str", "start", "when talks open: start, round (convene_round), ripe (Zartman), mediator (once one side is ripe)", choices=("start", "round", "ripe", "mediator")),
    "convene_round": Param("int", 1, "the round talks open when convene is 'round'", 1, 100_000),
    "credibility": Param("float", 1.0, "chance an agreed text holds without guarantees", 0.0, 1.0),
    "guarantee": Param("float", 0.0, "credibility added per unit of guarantor capability", 0.0, 100.0),
    "win_sets": Param("str", "known", "known: negotiators will not sign below their win-set; unknown: they may, and ratification can fail", choices=("known", "unknown")),
    # theory lenses (simulator/lenses.py) set these; each is neutral at its default
    "relative_gains": Param("float", 0.0, "weight k on relative gains (Grieco 1988): a text is worth u - k * (others' mean gain - own gain), gains measured over walk-away values", 0.0, 5.0),
    "influence_exponent": Param("float", 1.0, "capability is raised to this power in the weight of a party's offer in the mediator's draft (2: power decides more)", 0.0, 5.0),
    "amity": Param("float", 0.0, "weight on the gains of like-minded parties (collective identity, Wendt 1999); like-mindedness from ideal points (S-score)", 0.0, 5.0),
    "threat": Param("float", 0.0, "weight against the gains of parties whose ideals oppose its own (threat perception)", 0.0, 5.0),
    "agreement_value": Param("float", 0.0, "utility an agreement is worth in itself to every voter (institutions lower the cost of agreeing, Keohane 1984)", 0.0, 1.0),
}  # fmt: skip
MEDIATION_SETTINGS: dict[str, Param] = {
    "communicator": Param("float", 0.0, "share of the parties' misperception it removes", 0.0, 1.0),
    "formulator": Param("float", 0.0, "weight its drafts put on the Nash solution of what it believes", 0.0, 1.0),
    "leverage": Param("float", 0.0, "side payments it can promise, in utility, in all", 0.0, 10.0),
    "linkage": Param("bool", False, "compensates a party that loses an indivisible issue on the other issues"),
}
RED_LINE_SETTINGS: dict[str, Param] = {
    "issue": Param("issue", None, "the issue"),
    "at": Param("float", None, "the point on the scale it has publicly refused to pass", 0.0, 100.0),
    "cost": Param("float", 0.1, "utility lost by passing it", 0.0, 1.0),
    "growth": Param("float", 0.0, "added cost per round (audience costs grow)", 0.0, 1.0),
}
UTILITY_FORMS = ("linear", "quadratic")
SALIENCE_TOLERANCE = 1e-3


# --------------------------------------------------------------------------- loading


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
        tree: Any = _sourced_copy(source, label)
    else:
        path = Path(source)
        label = name or str(source)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScenarioError([f"{label}: no such file"]) from None
        except OSError as exc:
            raise ScenarioError([f"{label}: cannot read: {exc.strerror}"]) from None
        try:
            tree = load_sourced(text, label)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = f":{mark.line + 1}" if mark else ""
            raise ScenarioError([f"{label}{line}: not valid YAML: {exc.problem or exc}"]) from None
        except yaml.YAMLError as exc:
            raise ScenarioError([f"{label}: not valid YAML: {exc}"]) from None
    if not isinstance(tree, SourcedDict):
        raise ScenarioError([f"{label}:1: the scenario must be a mapping with keys issues, agents, conference"])
    scenario = validate_tree(tree, label, overrides)
    for message in scenario.warnings:
        warnings.warn(message, ScenarioWarning, stacklevel=2)
    return scenario


def validate_tree(tree: SourcedDict, label: str, overrides: Sequence[str] = ()) -> Scenario:
    """Apply ``--set`` overrides to a parsed tree (changed in place) and validate it."""
    errors: list[str] = []
    for text in overrides:
        apply_override(tree, text, errors)
    if errors:
        raise ScenarioError(errors)
    scenario = _Validator(label).scenario(tree)
    scenario.overrides = list(overrides)
    return scenario


def _sourced_copy(value: Any, label: str) -> Any:
    if isinstance(value, dict):
        out = SourcedDict({k: _sourced_copy(v, label) for k, v in value.items()})
        out.origin = label
        return out
    if isinstance(value, list):
        items = SourcedList(_sourced_copy(v, label) for v in value)
        items.origin = label
        items.origins = [label] * len(items)
        return items
    return value


# --------------------------------------------------------------------------- overrides

_COMPONENT_KEYS = ("rule", "protocol", "agreement")  # may be written as just the type name
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
        value = _sourced_copy(load_value(raw), origin)
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
                if step in _COMPONENT_KEYS and isinstance(node.get(step), str):  # shorthand rule: hardliner
                    child["type"] = node[step]
                    child.origins["type"] = node.where(step)
                node[step] = child
                node.origins[step] = origin
            node = node[step]
        else:
            errors.append(f"{origin}: {_format(steps[:depth])} is a single value, it has no field {step!r}")
            return


def _list_index(node: list, step: str | int, origin: str, before: list[str | int], errors: list[str]) -> int | None:
    where = _format(before)
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
    errors.append(f"{origin}: {where} has no entry with id {step!r}{_suggest(step, known)}")
    return None


# --------------------------------------------------------------------------- validation


def _format(steps: Sequence[str | int]) -> str:
    out = ""
    for s in steps:
        out += f"[{s}]" if isinstance(s, int) else (f".{s}" if out else str(s))
    return out or "(top level)"


def _suggest(word: Any, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=0.5)
    allowed = ", ".join(known) if known else "none"
    if close:
        return f"; did you mean {close[0]!r}? Allowed: {allowed}"
    return f"; allowed: {allowed}"


_MISSING: Any = object()  # a required section left out (reported once, as "is required")


def _is_number(value: Any) -> bool:
    """A finite number (YAML's .nan and .inf are refused, and so are booleans)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _Validator:
    """Walks a parsed tree, builds the Scenario and collects every error with its origin."""

    TOP = (
        "name", "description", "as_of", "saliences", "issues", "agents", "conference", "war", "ripeness", "events",
        "reference",
    )  # fmt: skip
    ISSUE = ("id", "name", "anchors", "options")
    AGENT = (
        "id", "name", "role", "bloc", "capability", "reservation",
        "rule", "position", "salience", "sources", "ratification", "red_lines", "mediation",
    )  # fmt: skip
    CONFERENCE = (
        "protocol", "agreement", "max_rounds", "walkout", "walkout_patience", "utility", "settle_tolerance",
        *CONFERENCE_SETTINGS,
    )  # fmt: skip
    WAR = ("cost_per_round", *WAR_SETTINGS)
    EVENT = ("round", "name", "set")

    def __init__(self, label: str):
        self.label = label
        self.issue_ids: list[str] = []
        self.absolute = False
        self.positioned: dict[str, set[str]] = {}  # agent id -> issues it has (or is given) a position on
        self.errors: list[str] = []
        self.warnings: list[str] = []

    # -- helpers
    def error(self, origin: str, path: Sequence[str | int], message: str) -> None:
        self.errors.append(f"{origin}: {_format(path)}: {message}")

    def mapping(self, node: Any, origin: str, path: list[str | int], keys: Sequence[str]) -> dict | None:
        if not isinstance(node, dict):
            self.error(origin, path, f"expected a mapping with keys {', '.join(keys)}, got {_kind(node)}")
            return None
        for key in node:
            if key not in keys:
                where = node.where(key) if isinstance(node, SourcedDict) else origin
                self.error(where, [*path, str(key)], f"unknown key {key!r}{_suggest(key, keys)}")
        return node

    def mapping_from(self, node: Any, origin: str, path: list[str | int], what: str) -> bool:
        """Whether ``node`` is a mapping; if not, report "expected a mapping from WHAT, got ..."."""
        if isinstance(node, dict):
            return True
        self.error(origin, path, f"expected a mapping from {what}, got {_kind(node)}")
        return False

    def where(self, node: Any, key: Any) -> str:
        return node.where(key) if isinstance(node, SourcedDict | SourcedList) else self.label

    def require(self, node: dict, key: str, origin: str, path: list[str | int]) -> bool:
        if key not in node:
            self.error(origin, [*path, key], "is required")
            return False
        return True

    def number(
        self,
        node: dict,
        key: str,
        path: list[str | int],
        low: float | None = None,
        high: float | None = None,
        default: float | None = None,
        integer: bool = False,
    ) -> float:
        if key not in node:
            if default is None:
                self.error(node_origin(node), [*path, key], "is required")
                return float("nan")
            return default
        value = node[key]
        spec = Param("int" if integer else "float", None, "", low=low, high=high)
        ok = _is_number(value) and (not integer or float(value).is_integer())
        if ok and low is not None and value < low:
            ok = False
        if ok and high is not None and value > high:
            ok = False
        if not ok:
            self.error(self.where(node, key), [*path, key], f"got {value!r}; allowed: {spec.describe()}")
            return float("nan")
        return float(value)

    def whole(
        self, node: dict, key: str, path: list[str | int], low: int, high: int, default: int | None = None
    ) -> int:
        """``number(..., integer=True)`` as an int; 0 after an error (already recorded)."""
        value = self.number(node, key, path, low=low, high=high, default=default, integer=True)
        return int(value) if value == value else 0  # NaN marks an error

    def text(self, node: dict, key: str, path: list[str | int], default: str | None = None) -> str:
        if key not in node:
            if default is None:
                self.error(node_origin(node), [*path, key], "is required")
                return ""
            return default
        value = node[key]
        if isinstance(value, datetime.date):  # an unquoted date such as as_of: 2026-02-26
            return value.isoformat()
        if not isinstance(value, str | int | float) or isinstance(value, bool) or value == "":
            self.error(self.where(node, key), [*path, key], f"got {value!r}; allowed: text")
            return ""
        return str(value)

    # -- sections
    def scenario(self, tree: SourcedDict) -> Scenario:
        root: list[str | int] = []
        self.mapping(tree, tree.origin, root, self.TOP)
        for key in ("issues", "agents", "conference"):
            self.require(tree, key, tree.origin, root)
        issues = self.issues(tree.get("issues", _MISSING), tree.where("issues"))
        issue_ids = [i.id for i in issues if i.id]  # an issue without an id is reported already
        self.issue_ids = issue_ids
        # relative (default): each agent's saliences are shares of its attention, normalised to
        # sum to 1; absolute: each is the issue's importance on its own in [0, 1], as in the
        # expected-utility and KTAB data sets
        self.absolute = self.choice(tree, "saliences", [], ("relative", "absolute"), default="relative") == "absolute"
        agents = self.agents(tree.get("agents", _MISSING), tree.where("agents"), issue_ids)
        agent_roles: dict[str, str] = {}
        for a in agents:  # a missing or duplicate id is reported once; the first definition counts
            if a.id:
                agent_roles.setdefault(a.id, a.role)
        if agent_roles and "principal" not in agent_roles.values():
            self.error(tree.where("agents"), ["agents"], "at least one agent must have role 'principal'")
        conference = self.conference(tree.get("conference", _MISSING), tree.where("conference"), agent_roles)
        war = self.war(tree.get("war", SourcedDict()), tree.where("war"), agent_roles)
        ripeness = self.settings(tree.get("ripeness", {}), tree.where("ripeness"), ["ripeness"], RIPENESS_SETTINGS, {})
        self.positioned = {a.id: set(a.position) for a in agents}
        events = self.events(tree.get("events", SourcedList()), tree.where("events"), issue_ids, agent_roles)
        name = self.text(tree, "name", root, default=Path(self.label).stem)
        description = self.text(tree, "description", root, default="")
        as_of = self.text(tree, "as_of", root, default="")
        reference = self.reference(tree.get("reference", _MISSING), tree.where("reference"))
        if self.errors:
            raise ScenarioError(self.errors)
        return Scenario(
            name=name,
            description=description,
            as_of=as_of,
            issues=issues,
            agents=agents,
            conference=conference,
            war=war,
            events=events,
            ripeness=ripeness,
            source=self.label,
            warnings=self.warnings,
            reference=reference,
        )

    def issues(self, node: Any, origin: str) -> list[Issue]:
        if node is _MISSING:  # reported as required
            return []
        if not isinstance(node, list) or not node:
            self.error(origin, ["issues"], f"expected a non-empty list of issues, got {_kind(node)}")
            return []
        out: list[Issue] = []
        seen: set[str] = set()
        for k, item in enumerate(node):
            path: list[str | int] = ["issues", k]
            item_origin = self.where(node, k)
            if self.mapping(item, item_origin, path, self.ISSUE) is None:
                continue
            issue_id = self.text(item, "id", path)
            if issue_id in seen:
                self.error(self.where(item, "id"), [*path, "id"], f"duplicate issue id {issue_id!r}")
            seen.add(issue_id)
            anchors = self.anchors(item.get("anchors"), self.where(item, "anchors"), [*path, "anchors"])
            options = self.options(item.get("options"), self.where(item, "options"), [*path, "options"])
            out.append(Issue(issue_id, self.text(item, "name", path, default=issue_id), anchors, options))
        return out

    def anchors(self, node: Any, origin: str, path: list[str | int]) -> dict[int, str]:
        if not self.mapping_from(node, origin, path, "points 0..100 to their meaning"):
            return {}
        out: dict[int, str] = {}
        for point, meaning in node.items():
            if not isinstance(point, int) or isinstance(point, bool) or not 0 <= point <= 100:
                self.error(self.where(node, point), [*path, str(point)], "allowed: a whole number in [0, 100]")
            elif not isinstance(meaning, str) or not meaning:
                self.error(self.where(node, point), [*path, str(point)], "allowed: text describing that point")
            else:
                out[point] = meaning
        for end in (0, 100):
            if end not in node:
                self.error(origin, path, f"must give the meaning of {end} (both ends of the scale)")
        return dict(sorted(out.items()))

    def options(self, node: Any, origin: str, path: list[str | int]) -> tuple[float, ...] | None:
        if node is None:
            return None
        if not isinstance(node, list) or len(node) < 2 or not all(_is_number(v) and 0 <= v <= 100 for v in node):
            self.error(origin, path, f"got {node!r}; allowed: a list of at least two points in [0, 100]")
            return None
        return tuple(sorted(float(v) for v in node))

    def agents(self, node: Any, origin: str, issue_ids: list[str]) -> list[AgentSpec]:
        if node is _MISSING:  # reported as required
            return []
        if not isinstance(node, list) or not node:
            self.error(origin, ["agents"], f"expected a non-empty list of agents, got {_kind(node)}")
            return []
        out: list[AgentSpec] = []
        seen: set[str] = set()
        for k, item in enumerate(node):
            path: list[str | int] = ["agents", k]
            if self.mapping(item, self.where(node, k), path, self.AGENT) is None:
                continue
            agent_id = self.text(item, "id", path)
            if agent_id in seen:
                self.error(self.where(item, "id"), [*path, "id"], f"duplicate agent id {agent_id!r}")
            seen.add(agent_id)
            role = self.choice(item, "role", path, ROLES)
            position = self.issue_map(item, "position", path, issue_ids, 0.0, 100.0)
            salience = self.issue_map(item, "salience", path, issue_ids, 0.0, None)
            sources = self.sources(item, path, issue_ids)
            written = item.get("position")  # a position given but refused is reported once, not twice
            for issue in salience:
                if isinstance(written, dict | None) and issue not in (written or {}) and salience[issue] > 0:
                    self.error(
                        self.where(item.get("salience"), issue),
                        [*path, "salience", issue],
                        f"has weight {salience[issue]:g} but position.{issue} is missing; "
                        "allowed: give a position or set the salience to 0",
                    )
            salience = self.normalise(salience, self.where(item, "salience"), [*path, "salience"], role)
            out.append(
                AgentSpec(
                    id=agent_id,
                    name=self.text(item, "name", path, default=agent_id),
                    role=role,
                    bloc=self.text(item, "bloc", path, default=""),
                    capability=self.number(item, "capability", path, low=0.0),
                    reservation=self.number(item, "reservation", path, low=0.0, high=1.0, default=0.0),
                    rule=self.component(item, "rule", path, RULES, "rule", {}, default="time_dependent"),
                    position=position,
                    salience=salience,
                    sources=sources,
                    ratification=self.ratification(item, path),
                    red_lines=self.red_lines(item, path),
                    mediation=self.settings(
                        item.get("mediation", {}),
                        self.where(item, "mediation"),
                        [*path, "mediation"],
                        MEDIATION_SETTINGS,
                        {},
                    ),
                )
            )
        return out

    def settings(
        self,
        node: Any,
        origin: str,
        path: list[str | int],
        declared: dict[str, Param],
        roles: dict[str, str],
        strict: bool = True,
    ) -> dict[str, Any]:
        """A block of declared settings: defaults filled in, unknown keys refused with a suggestion
        (``strict=False`` when the block shares its mapping with keys checked elsewhere)."""
        values = {name: p.default for name, p in declared.items()}
        if not isinstance(node, dict) or (strict and self.mapping(node, origin, path, tuple(declared)) is None):
            if not isinstance(node, dict):
                self.error(origin, path, f"expected a mapping with keys {', '.join(declared)}, got {_kind(node)}")
            return values
        for name, value in node.items():
            if name in declared:
                checked = self.param(declared[name], value, self.where(node, name), [*path, name], roles)
                if checked is not None:
                    values[name] = checked
        return values

    def ratification(self, item: dict, path: list[str | int]) -> dict[str, float]:
        """Veto players (a parliament, a referendum) and the utility each needs to ratify."""
        node = item.get("ratification", {})
        sub = [*path, "ratification"]
        if not self.mapping_from(node, self.where(item, "ratification"), sub, "veto player to a threshold in [0, 1]"):
            return {}
        out = {}
        for player in node:
            value = self.number(node, player, sub, low=0.0, high=1.0)
            if value == value:
                out[str(player)] = value
        return out

    def red_lines(self, item: dict, path: list[str | int]) -> list[RedLine]:
        node = item.get("red_lines", [])
        sub = [*path, "red_lines"]
        if not isinstance(node, list):
            self.error(self.where(item, "red_lines"), sub, f"expected a list of red lines, got {_kind(node)}")
            return []
        out = []
        for k, line in enumerate(node):
            values = self.settings(line, self.where(node, k), [*sub, k], RED_LINE_SETTINGS, {})
            for required in ("issue", "at"):
                if isinstance(line, dict) and required not in line:
                    self.error(self.where(node, k), [*sub, k, required], "is required")
            if values["issue"] is not None and values["at"] is not None:
                out.append(RedLine(values["issue"], values["at"], values["cost"], values["growth"]))
        return out

    def choice(self, node: dict, key: str, path: list[str | int], allowed: Sequence[str], default: str = "") -> str:
        if key not in node:
            if default:
                return default
            self.error(node_origin(node), [*path, key], f"is required; allowed: {', '.join(allowed)}")
            return ""
        value = node[key]
        if value not in allowed:
            self.error(self.where(node, key), [*path, key], f"got {value!r}{_suggest(value, list(allowed))}")
            return ""
        return str(value)

    def issue_map(
        self,
        item: dict,
        key: str,
        path: list[str | int],
        issue_ids: list[str],
        low: float,
        high: float | None,
    ) -> dict[str, float]:
        node = item.get(key)
        if node is None:
            return {}
        sub = [*path, key]
        if not self.mapping_from(node, self.where(item, key), sub, "issue id to a number"):
            return {}
        out: dict[str, float] = {}
        for issue in node:
            if issue not in issue_ids:
                self.error(
                    self.where(node, issue),
                    [*sub, str(issue)],
                    f"unknown issue {issue!r}{_suggest(issue, issue_ids)}",
                )
                continue
            number = self.number(node, issue, sub, low=low, high=high)
            if number == number:  # not NaN
                out[issue] = number
        return {i: out[i] for i in issue_ids if i in out}

    def normalise(self, salience: dict[str, float], origin: str, path: list[str | int], role: str) -> dict[str, float]:
        if self.absolute:
            for issue, value in salience.items():
                if value > 1.0:
                    self.error(
                        origin, [*path, issue], f"got {value:g}; allowed with saliences: absolute: a number in [0, 1]"
                    )
            return salience
        total = sum(salience.values())
        if not salience or total == 0:
            if role in ("principal", "guarantor"):
                self.error(origin, path, "a principal or guarantor needs a positive salience on at least one issue")
            return salience
        if abs(total - 1.0) > SALIENCE_TOLERANCE:
            self.warnings.append(f"{origin}: {_format(path)}: saliences sum to {total:.4g}, normalised to sum to 1")
        return {k: v / total for k, v in salience.items()}

    def sources(self, item: dict, path: list[str | int], issue_ids: list[str]) -> dict[str, list[str]]:
        node = item.get("sources")
        if node is None:
            return {}
        sub = [*path, "sources"]
        if not self.mapping_from(node, self.where(item, "sources"), sub, "issue id to source ids"):
            return {}
        out: dict[str, list[str]] = {}
        for issue, ids in node.items():
            if issue not in issue_ids:
                self.error(
                    self.where(node, issue),
                    [*sub, str(issue)],
                    f"unknown issue {issue!r}{_suggest(issue, issue_ids)}",
                )
            elif not isinstance(ids, list) or not all(isinstance(s, str) for s in ids):
                self.error(self.where(node, issue), [*sub, issue], f"got {ids!r}; allowed: a list of source ids")
            else:
                out[issue] = list(ids)
        return out

    def component(
        self,
        item: dict,
        key: str,
        path: list[str | int],
        registry: dict[str, Any],
        what: str,
        agent_roles: dict[str, str],
        default: str | None = None,
    ) -> ComponentSpec:
        node = item.get(key)
        sub = [*path, key]
        if node is None:
            if default is None:
                self.error(node_origin(item), sub, f"is required; allowed {what}s: {', '.join(registry)}")
                return ComponentSpec("", {})
            return ComponentSpec(default, dict(defaults(registry[default].params)))
        if isinstance(node, str):  # shorthand: rule: hardliner
            node = SourcedDict(type=node)
            node.origin = self.where(item, key)
            node.origins["type"] = node.origin
        if not isinstance(node, dict):
            self.error(
                self.where(item, key),
                sub,
                f"expected a {what} name or a mapping with 'type', got {_kind(node)}",
            )
            return ComponentSpec("", {})
        kind = node.get("type")
        if kind not in registry:
            where = self.where(node, "type") if "type" in node else node_origin(node)
            shown = "is required" if kind is None else f"unknown {what} {kind!r}"
            self.error(where, [*sub, "type"], f"{shown}{_suggest(kind or '', list(registry))}")
            return ComponentSpec("", {})
        declared: dict[str, Param] = registry[kind].params
        params = defaults(declared)
        for name, value in node.items():
            if name == "type":
                continue
            where = self.where(node, name)
            if name not in declared:
                self.error(
                    where,
                    [*sub, str(name)],
                    f"unknown parameter {name!r} of {what} {kind!r}{_suggest(name, list(declared))}",
                )
                continue
            checked = self.param(declared[name], value, where, [*sub, name], agent_roles)
            if checked is not None:
                params[name] = checked
        if agent_roles:
            for name, message in registry[kind].check(params, agent_roles):
                where = self.where(node, name) if name in node else self.where(item, key)
                self.error(where, [*sub, name], message)
        return ComponentSpec(str(kind), params)

    def param(self, spec: Param, value: Any, where: str, path: list[str | int], agent_roles: dict[str, str]) -> Any:
        ok = True
        if spec.kind in ("float", "int"):
            ok = _is_number(value) and (spec.kind == "float" or float(value).is_integer())
            ok = ok and (spec.low is None or value >= spec.low) and (spec.high is None or value <= spec.high)
            value = (float(value) if spec.kind == "float" else int(value)) if ok else value
        elif spec.kind == "bool":
            ok = isinstance(value, bool)
        elif spec.kind == "str":
            ok = isinstance(value, str) and (spec.choices is None or value in spec.choices)
        elif spec.kind == "agent":
            if value not in agent_roles:
                self.error(where, path, f"no agent {value!r}{_suggest(value, list(agent_roles))}")
                return None
        elif spec.kind == "issue":
            if value not in self.issue_ids:
                self.error(where, path, f"unknown issue {value!r}{_suggest(value, self.issue_ids)}")
                return None
        elif spec.kind == "agent_map":
            if not isinstance(value, dict):
                ok = False
            else:
                out: dict[str, float] = {}
                number = Param("float", None, "", low=spec.low, high=spec.high)
                for agent_id, v in value.items():
                    at = self.where(value, agent_id)
                    if agent_id not in agent_roles:
                        self.error(
                            at, [*path, str(agent_id)], f"no agent {agent_id!r}{_suggest(agent_id, list(agent_roles))}"
                        )
                    elif self.param(number, v, at, [*path, agent_id], agent_roles) is not None:
                        out[agent_id] = float(v)
                return out
        elif spec.kind == "agents":
            if not isinstance(value, list):
                ok = False
            else:
                for v in value:
                    if v not in agent_roles:
                        self.error(where, path, f"no agent {v!r}{_suggest(v, list(agent_roles))}")
                        return None
                value = list(value)
        if not ok:
            self.error(where, path, f"got {value!r}; allowed: {spec.describe()}")
            return None
        return value

    def conference(self, node: Any, origin: str, agent_roles: dict[str, str]) -> ConferenceSpec:
        path: list[str | int] = ["conference"]
        fallback = ConferenceSpec(ComponentSpec("", {}), ComponentSpec("", {}), 0, [], 0, "linear", 0.0)
        if node is _MISSING:  # reported as required
            return fallback
        if self.mapping(node, origin, path, self.CONFERENCE) is None:
            return fallback
        protocol = self.component(node, "protocol", path, PROTOCOLS, "protocol", agent_roles)
        agreement = self.component(
            node, "agreement", path, AGREEMENT_RULES, "agreement rule", agent_roles, default="unanimity"
        )
        principals = [a for a, r in agent_roles.items() if r == "principal"]
        walkout_node = node.get("walkout", principals)
        walkout: list[str] = []
        if not isinstance(walkout_node, list):
            self.error(
                self.where(node, "walkout"),
                [*path, "walkout"],
                f"got {walkout_node!r}; allowed: a list of agent ids",
            )
        else:
            for k, agent_id in enumerate(walkout_node):
                if agent_id not in agent_roles:
                    self.error(
                        self.where(walkout_node, k), [*path, "walkout", k],
                        f"no agent {agent_id!r}{_suggest(agent_id, list(agent_roles))}",
                    )  # fmt: skip
                elif agent_roles[agent_id] in ("mediator", "observer"):
                    self.error(
                        self.where(walkout_node, k), [*path, "walkout", k],
                        f"{agent_id!r} is {_article(agent_roles[agent_id])} and has no vote to withdraw; "
                        "allowed: principals and guarantors",
                    )  # fmt: skip
                else:
                    walkout.append(agent_id)
        return ConferenceSpec(
            protocol=protocol,
            agreement=agreement,
            max_rounds=self.whole(node, "max_rounds", path, low=1, high=100_000, default=100),
            walkout=walkout,
            walkout_patience=self.whole(node, "walkout_patience", path, low=1, high=1000, default=3),
            utility=self.choice(node, "utility", path, UTILITY_FORMS, default="linear"),
            settle_tolerance=self.number(node, "settle_tolerance", path, low=0.0, high=100.0, default=5.0),
            settings=self.settings(node, origin, path, CONFERENCE_SETTINGS, agent_roles, strict=False),
        )

    def war(self, node: Any, origin: str, agent_roles: dict[str, str]) -> WarSpec:
        path: list[str | int] = ["war"]
        if self.mapping(node, origin, path, self.WAR) is None:
            return WarSpec({})
        costs = node.get("cost_per_round", {})
        out: dict[str, float] = {}
        if not isinstance(costs, dict):
            self.error(
                self.where(node, "cost_per_round"),
                [*path, "cost_per_round"],
                "expected a mapping from agent id to a cost per round",
            )
            return WarSpec({})
        for agent_id in costs:
            sub = [*path, "cost_per_round"]
            if agent_id not in agent_roles:
                self.error(costs.where(agent_id) if isinstance(costs, SourcedDict) else origin, [*sub, str(agent_id)],
                           f"no agent {agent_id!r}{_suggest(agent_id, list(agent_roles))}")  # fmt: skip
                continue
            value = self.number(costs, agent_id, sub, low=0.0, high=1.0)
            if value == value:
                out[agent_id] = value
        settings = self.settings(node, origin, path, WAR_SETTINGS, agent_roles, strict=False)
        principals = [a for a, r in agent_roles.items() if r == "principal"]
        if not settings["sides"]:
            settings["sides"] = principals[:2]
        elif len(settings["sides"]) != 2 or any(agent_roles.get(a) != "principal" for a in settings["sides"]):
            self.error(
                self.where(node, "sides"), [*path, "sides"], f"got {settings['sides']!r}; allowed: two principals"
            )
        if settings["reservation"] == "lottery" and len(settings["sides"]) != 2:
            self.error(self.where(node, "reservation"), [*path, "reservation"],
                       "'lottery' needs two principals to fight; allowed: fixed")  # fmt: skip
        return WarSpec(out, settings)

    def events(self, node: Any, origin: str, issue_ids: list[str], agent_roles: dict[str, str]) -> list[EventSpec]:
        if not isinstance(node, list):
            self.error(origin, ["events"], f"expected a list of events, got {_kind(node)}")
            return []
        out: list[EventSpec] = []
        for k, item in enumerate(node):
            path: list[str | int] = ["events", k]
            if self.mapping(item, self.where(node, k), path, self.EVENT) is None:
                continue
            when = self.whole(item, "round", path, low=1, high=100_000)
            changes_node = item.get("set")
            changes: list[Change] = []
            if not isinstance(changes_node, dict) or not changes_node:
                self.error(self.where(item, "set") if "set" in item else node_origin(item), [*path, "set"],
                           "expected a mapping of PATH: VALUE, for example agents.USA.capability: 0.5")  # fmt: skip
            else:
                for change_path, value in changes_node.items():
                    where = self.where(changes_node, change_path)
                    sub = [*path, "set", str(change_path)]
                    change = self.change(str(change_path), value, where, sub, issue_ids, agent_roles)
                    if change:
                        changes.append(change)
            out.append(EventSpec(when, self.text(item, "name", path, default=f"event {k}"), changes))
        return sorted(out, key=lambda e: e.round)

    EVENT_FIELDS = ("capability", "reservation", "position", "salience")
    WAR_EVENT_FIELDS = {  # event-changeable war settings and their bounds
        "cost_per_round": (0.0, 1.0),
        "aid": (0.0, None),
        "sanctions": (0.0, 1.0),
        "true_capability": (0.0, None),
        "power_shift": (-1.0, 1.0),
    }

    def change(
        self,
        path: str,
        value: Any,
        where: str,
        sub: list[str | int],
        issue_ids: list[str],
        agent_roles: dict[str, str],
    ) -> Change | None:
        allowed = (
            "agents.ID.capability, agents.ID.reservation, agents.ID.position.ISSUE, agents.ID.salience.ISSUE, "
            + ", ".join(f"war.{name}.ID" for name in self.WAR_EVENT_FIELDS)
        )
        try:
            raw = split_path(path)
        except ValueError as exc:
            self.error(where, sub, f"{exc}; allowed: {allowed}")
            return None
        ids = list(agent_roles)
        if len(raw) > 1 and raw[0] == "agents" and isinstance(raw[1], int):  # agents[0] as in --set
            if not 0 <= raw[1] < len(ids):
                self.error(where, sub, f"agents[{raw[1]}] does not exist; agents has {len(ids)} entries")
                return None
            raw[1] = ids[raw[1]]
        steps = [str(s) for s in raw]
        bounds = {
            "capability": (0.0, None),
            "reservation": (0.0, 1.0),
            "position": (0.0, 100.0),
            "salience": (0.0, None),
        }
        target: tuple[str, ...] | None = None
        low: float | None = 0.0
        high: float | None = None
        if len(steps) == 3 and steps[0] == "war" and steps[1] in self.WAR_EVENT_FIELDS:
            if steps[2] not in agent_roles:
                self.error(where, sub, f"no agent {steps[2]!r}{_suggest(steps[2], list(agent_roles))}")
                return None
            target = ("war", steps[1], steps[2])
            low, high = self.WAR_EVENT_FIELDS[steps[1]]
        elif len(steps) >= 3 and steps[0] == "agents":
            agent_id, fld = steps[1], steps[2]
            if agent_id not in agent_roles:
                self.error(where, sub, f"no agent {agent_id!r}{_suggest(agent_id, list(agent_roles))}")
                return None
            if fld not in self.EVENT_FIELDS:
                self.error(where, sub, f"an event cannot change {fld!r}{_suggest(fld, list(self.EVENT_FIELDS))}")
                return None
            low, high = bounds[fld]
            if fld in ("position", "salience"):
                if len(steps) == 4 and steps[3] not in issue_ids:
                    self.error(where, sub, f"unknown issue {steps[3]!r}{_suggest(steps[3], issue_ids)}")
                    return None
                unpositioned = steps[3] not in self.positioned.get(agent_id, ()) if len(steps) == 4 else False
                if fld == "salience" and unpositioned and value:
                    self.error(
                        where,
                        sub,
                        f"{agent_id} has no position on {steps[3]}; "
                        f"allowed: give it one first (agents.{agent_id}.position.{steps[3]})",
                    )
                    return None
                if len(steps) == 4:
                    target = ("agent", agent_id, fld, steps[3])
                    if fld == "position":
                        self.positioned.setdefault(agent_id, set()).add(steps[3])
            elif len(steps) == 3:
                target = ("agent", agent_id, fld)
        if target is None:
            self.error(where, sub, f"cannot change {path!r}; allowed: {allowed}")
            return None
        spec = Param("float", None, "", low=low, high=high)
        if not _is_number(value) or (low is not None and value < low) or (high is not None and value > high):
            self.error(where, sub, f"got {value!r}; allowed: {spec.describe()}")
            return None
        return Change(path, float(value), target)

    # -- the real outcome of a historical case (docs/history.md)
    REFERENCE = ("outcome", "outcome_type", "outcome_text", "dates", "implementation", "sources", "issues")
    REFERENCE_ISSUE = ("outcome", "outcome_text", "prov", "sources", "implementation")
    REFERENCE_OUTCOMES = ("agreement", "partial", "no_agreement", "breakdown")
    PROVENANCE = ("src", "mem", "est")

    def reference(self, node: Any, origin: str) -> Reference | None:
        """``reference:``, the real settlement: per issue a value on the issue's scale (0..100) with
        its text, provenance and sources; for the case its outcome, dates and implementation."""
        if node is _MISSING:
            return None
        path: list[str | int] = ["reference"]
        if self.mapping(node, origin, path, self.REFERENCE) is None:
            return None

        def id_list(parent: dict, sub: list[str | int]) -> list[str]:
            ids = parent.get("sources", [])
            if not isinstance(ids, list) or not all(isinstance(s, str) and s for s in ids):
                self.error(
                    self.where(parent, "sources"), [*sub, "sources"], f"got {ids!r}; allowed: a list of source ids"
                )
                return []
            return list(ids)

        outcome = self.choice(node, "outcome", path, self.REFERENCE_OUTCOMES)
        outcome_type = self.text(node, "outcome_type", path, default="")
        outcome_text = self.text(node, "outcome_text", path, default="")
        dates: dict[str, str] = {}
        dates_node = node.get("dates", {})
        if self.mapping_from(dates_node, self.where(node, "dates"), [*path, "dates"], "event to date (text)"):
            dates = {str(key): self.text(dates_node, key, [*path, "dates"]) for key in dates_node}
        implementation = self.text(node, "implementation", path, default="")
        sources = id_list(node, path)
        issues: dict[str, ReferenceIssue] = {}
        issues_node = node.get("issues", {})
        if not self.mapping_from(
            issues_node, self.where(node, "issues"), [*path, "issues"], "issue id to its real outcome"
        ):
            issues_node = {}
        for issue, entry in issues_node.items():
            sub: list[str | int] = [*path, "issues", str(issue)]
            where = self.where(issues_node, issue)
            if issue not in self.issue_ids:
                self.error(where, sub, f"unknown issue {issue!r}{_suggest(issue, self.issue_ids)}")
                continue
            if self.mapping(entry, where, sub, self.REFERENCE_ISSUE) is None:
                continue
            value = self.number(entry, "outcome", sub, low=0.0, high=100.0)
            text = self.text(entry, "outcome_text", sub, default="")
            prov = self.choice(entry, "prov", sub, self.PROVENANCE)
            ids = id_list(entry, sub)
            done = self.number(entry, "implementation", sub, low=0.0, high=100.0, default=-1.0)
            # implementation -1: not given (NaN: refused, already reported)
            issues[issue] = ReferenceIssue(value, text, prov, ids, done if done >= 0 else None)
        return Reference(
            outcome=outcome,
            outcome_type=outcome_type,
            outcome_text=outcome_text,
            dates=dates,
            implementation=implementation,
            sources=sources,
            issues={i: issues[i] for i in self.issue_ids if i in issues},
        )


def _article(noun: str) -> str:
    return ("an " if noun.startswith(tuple("aeiou")) else "a ") + noun


def node_origin(node: Any) -> str:
    return getattr(node, "origin", "?")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
