"""The ``agents`` section: roles, capabilities, positions and saliences (normalised to sum to 1
unless ``saliences: absolute``), sources, ratification, red lines and a mediator's means."""

from __future__ import annotations

from typing import Any

from simulator.core.yamlsource import SourcedDict
from simulator.scenario.fields import AGENT_FIELDS, MEDIATION_SETTINGS, RED_LINE_SETTINGS, SALIENCE_TOLERANCE
from simulator.scenario.spec import AgentSpec, RedLine
from simulator.scenario.validate.base import (
    ScenarioChecker,
    Steps,
    Valid,
    format_path,
    kind_of,
    not_known,
    number_field,
)
from simulator.scenario.validate.components import check_component

KEYS = tuple(AGENT_FIELDS)


def check_agents(c: ScenarioChecker, node: Any, origin: str) -> list[AgentSpec]:
    if not isinstance(node, list) or not node:
        c.error(origin, ["agents"], f"expected a non-empty list of agents, got {kind_of(node)}")
        return []
    out: list[AgentSpec] = []
    seen: set[str] = set()
    for k, item in enumerate(node):
        path: Steps = ["agents", k]
        if c.mapping(item, c.where(node, k), path, KEYS) is not None:
            out.append(check_agent(c, item, path, seen))
    return out


def check_agent(c: ScenarioChecker, item: dict, path: Steps, seen: set[str]) -> AgentSpec:
    """One agent; the order of the checks is the order its errors are listed in."""
    agent_id = c.value(item, "id", path, AGENT_FIELDS["id"])
    if agent_id in seen:
        c.error(c.where(item, "id"), [*path, "id"], f"duplicate agent id {agent_id!r}")
    seen.add(agent_id)
    role = c.value(item, "role", path, AGENT_FIELDS["role"])
    position = issue_map(c, item, "position", path)
    salience = issue_map(c, item, "salience", path)
    sources = check_sources(c, item, path)
    written = item.get("position")  # a position given but refused is reported once, not twice
    for issue in salience:
        if isinstance(written, dict | None) and issue not in (written or {}) and salience[issue] > 0:
            c.error(
                c.where(item.get("salience"), issue),
                [*path, "salience", issue],
                f"has weight {salience[issue]:g} but position.{issue} is missing; "
                "allowed: give a position or set the salience to 0",
            )
    node = item.get("salience")
    salience = normalise(c, salience, node, c.where(item, "salience"), [*path, "salience"], role)
    return AgentSpec(
        id=agent_id,
        name=c.value(item, "name", path, AGENT_FIELDS["name"], default=agent_id),
        role=role,
        bloc=c.value(item, "bloc", path, AGENT_FIELDS["bloc"]),
        capability=c.value(item, "capability", path, AGENT_FIELDS["capability"]),
        reservation=c.value(item, "reservation", path, AGENT_FIELDS["reservation"]),
        rule=check_component(c, item, "rule", path, AGENT_FIELDS["rule"]),
        position=position,
        salience=salience,
        sources=sources,
        ratification=check_ratification(c, item, path),
        red_lines=check_red_lines(c, item, path),
        mediation=c.settings(
            item.get("mediation", {}), c.where(item, "mediation"), [*path, "mediation"], MEDIATION_SETTINGS
        ),
    )


def issue_map(c: ScenarioChecker, item: dict, key: str, path: Steps) -> dict[str, float]:
    """``position`` or ``salience``: issue id to a number within the field's bounds."""
    node = item.get(key)
    if node is None:
        return {}
    sub = [*path, key]
    if not c.mapping_from(node, c.where(item, key), sub, "issue id to a number"):
        return {}
    number = number_field(AGENT_FIELDS[key])
    out: dict[str, float] = {}
    for issue in node:
        if issue not in c.issue_ids:
            c.error(c.where(node, issue), [*sub, str(issue)], not_known("unknown issue", issue, c.issue_ids))
        elif isinstance(checked := c.read(node, issue, sub, number), Valid):
            out[issue] = checked.value
    return {i: out[i] for i in c.issue_ids if i in out}


def normalise(
    c: ScenarioChecker, salience: dict[str, float], node: Any, origin: str, path: Steps, role: str
) -> dict[str, float]:
    """``salience`` (read from ``node``, written at ``origin``) scaled to sum to 1, with a warning when
    it did not."""
    if c.absolute:
        for issue, value in salience.items():
            if value > 1.0:
                c.error(origin, [*path, issue], f"got {value:g}; allowed with saliences: absolute: a number in [0, 1]")
        return salience
    total = sum(salience.values())
    if not salience or total == 0:
        if role in ("principal", "guarantor"):
            c.error(origin, path, "a principal or guarantor needs a positive salience on at least one issue")
        return salience
    if abs(total - 1.0) > SALIENCE_TOLERANCE:
        c.warnings.append(normalised_warning(salience, node, origin, path, total))
    return {k: v / total for k, v in salience.items()}


def normalised_warning(salience: dict[str, float], node: Any, origin: str, path: Steps, total: float) -> str:
    """'ORIGIN: PATH: saliences sum to T, normalised to sum to 1'. When ``--set`` changed some of the
    weights, ORIGIN is that ``--set PATH=VALUE`` (not the file's line) and the note says what each
    set weight became."""
    where = node.where if isinstance(node, SourcedDict) else (lambda _: origin)
    overridden = [k for k in salience if where(k).startswith("--set ")]
    line = f"{format_path(path)}: saliences sum to {total:.4g}, normalised to sum to 1"
    if not overridden:
        return f"{origin}: {line}"
    origins = "; ".join(dict.fromkeys(where(k) for k in overridden))
    if origin.startswith("--set "):  # the whole mapping was set
        return f"{origins}: {line}"
    became = ", ".join(f"{k} {salience[k]:g} -> {salience[k] / total:.3f}" for k in overridden)
    return f"{origins}: {line} ({became})"


def check_sources(c: ScenarioChecker, item: dict, path: Steps) -> dict[str, list[str]]:
    node = item.get("sources")
    if node is None:
        return {}
    sub = [*path, "sources"]
    if not c.mapping_from(node, c.where(item, "sources"), sub, "issue id to source ids"):
        return {}
    out: dict[str, list[str]] = {}
    for issue, ids in node.items():
        if issue not in c.issue_ids:
            c.error(c.where(node, issue), [*sub, str(issue)], not_known("unknown issue", issue, c.issue_ids))
        elif not isinstance(ids, list) or not all(isinstance(s, str) for s in ids):
            c.error(c.where(node, issue), [*sub, issue], f"got {ids!r}; allowed: a list of source ids")
        else:
            out[issue] = list(ids)
    return out


def check_ratification(c: ScenarioChecker, item: dict, path: Steps) -> dict[str, float]:
    """Veto players (a parliament, a referendum) and the utility each needs to ratify."""
    node = item.get("ratification", {})
    sub = [*path, "ratification"]
    if not c.mapping_from(node, c.where(item, "ratification"), sub, "veto player to a threshold in [0, 1]"):
        return {}
    number = number_field(AGENT_FIELDS["ratification"])
    out = {}
    for player in node:
        if isinstance(checked := c.read(node, player, sub, number), Valid):
            out[str(player)] = checked.value
    return out


def check_red_lines(c: ScenarioChecker, item: dict, path: Steps) -> list[RedLine]:
    node = item.get("red_lines", [])
    sub = [*path, "red_lines"]
    if not isinstance(node, list):
        c.error(c.where(item, "red_lines"), sub, f"expected a list of red lines, got {kind_of(node)}")
        return []
    out = []
    for k, line in enumerate(node):
        values = c.settings(line, c.where(node, k), [*sub, k], RED_LINE_SETTINGS)
        if values["issue"] is not None and values["at"] is not None:
            out.append(RedLine(values["issue"], values["at"], values["cost"], values["growth"]))
    return out
