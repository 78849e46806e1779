"""The ``events`` section: scheduled changes, each checked against the declaration of the field
it changes (``fields.AGENT_EVENT_FIELDS`` and ``fields.WAR_EVENT_FIELDS``)."""

from __future__ import annotations

from typing import Any, NoReturn

from simulator.core.params import Param
from simulator.scenario.fields import AGENT_EVENT_FIELDS, EVENT_FIELDS, EVENT_TARGETS, WAR_EVENT_FIELDS
from simulator.scenario.overrides import split_path
from simulator.scenario.spec import Change, EventSpec
from simulator.scenario.validate.base import (
    ScenarioChecker,
    Steps,
    Valid,
    kind_of,
    node_origin,
    not_known,
    number_field,
    suggest,
)

KEYS = tuple(EVENT_FIELDS)


def check_events(c: ScenarioChecker, node: Any, origin: str) -> list[EventSpec]:
    if not isinstance(node, list):
        c.error(origin, ["events"], f"expected a list of events, got {kind_of(node)}")
        return []
    out: list[EventSpec] = []
    for k, item in enumerate(node):
        path: Steps = ["events", k]
        if c.mapping(item, c.where(node, k), path, KEYS) is None:
            continue
        when = c.value(item, "round", path, EVENT_FIELDS["round"])
        deadline = c.value(item, "deadline", path, EVENT_FIELDS["deadline"])
        changes_node = item.get("set")
        changes: list[Change] = []
        if "deadline" in item and "set" not in item:
            pass  # an ultimatum alone
        elif not isinstance(changes_node, dict) or not changes_node:
            c.error(
                c.where(item, "set") if "set" in item else node_origin(item),
                [*path, "set"],
                "expected a mapping of PATH: VALUE, for example agents.USA.capability: 0.5 "
                "(or give the event a deadline)",
            )
        else:
            for change_path, value in changes_node.items():
                where = c.where(changes_node, change_path)
                change = check_change(c, str(change_path), value, where, [*path, "set", str(change_path)])
                if change:
                    changes.append(change)
        name = c.value(item, "name", path, EVENT_FIELDS["name"], default=f"event {k}")
        out.append(EventSpec(when, name, changes, deadline))
    return sorted(out, key=lambda e: e.round)


class Refused(Exception):
    """A change that was refused; the error has been recorded."""


def check_change(c: ScenarioChecker, path: str, value: Any, where: str, sub: Steps) -> Change | None:
    """One ``PATH: VALUE`` of an event: the target it resolves to, and its value checked against
    the declaration of the field it changes."""
    try:
        target, field = resolve(c, path, value, where, sub)
    except Refused:
        return None
    checked = c.check(number_field(field), value, where, sub)
    return Change(path, checked.value, target) if isinstance(checked, Valid) else None


def resolve(c: ScenarioChecker, path: str, value: Any, where: str, sub: Steps) -> tuple[tuple[str, ...], Param]:
    """The target of a change path and the declared field it changes; ``Refused`` if none."""
    try:
        raw = split_path(path)
    except ValueError as exc:
        refuse(c, where, sub, f"{exc}; allowed: {EVENT_TARGETS}")
    ids = list(c.agent_roles)
    if len(raw) > 1 and raw[0] == "agents" and isinstance(raw[1], int):  # agents[0] as in --set
        if not 0 <= raw[1] < len(ids):
            refuse(c, where, sub, f"agents[{raw[1]}] does not exist; agents has {len(ids)} entries")
        raw[1] = ids[raw[1]]
    steps = [str(s) for s in raw]
    if len(steps) == 3 and steps[0] == "war" and steps[1] in WAR_EVENT_FIELDS:
        known_agent(c, steps[2], where, sub)
        return ("war", steps[1], steps[2]), WAR_EVENT_FIELDS[steps[1]]
    if len(steps) >= 3 and steps[0] == "agents":
        target = agent_target(c, steps, value, where, sub)
        if target:
            return target, AGENT_EVENT_FIELDS[steps[2]]
    refuse(c, where, sub, f"cannot change {path!r}; allowed: {EVENT_TARGETS}")


def agent_target(c: ScenarioChecker, steps: list[str], value: Any, where: str, sub: Steps) -> tuple[str, ...] | None:
    """``agents.ID.FIELD`` or ``agents.ID.FIELD.ISSUE`` resolved, or ``None`` for another shape."""
    agent_id, name = steps[1], steps[2]
    known_agent(c, agent_id, where, sub)
    if name not in AGENT_EVENT_FIELDS:
        refuse(c, where, sub, f"an event cannot change {name!r}{suggest(name, list(AGENT_EVENT_FIELDS))}")
    if name not in ("position", "salience"):
        return ("agent", agent_id, name) if len(steps) == 3 else None
    if len(steps) != 4:
        return None
    issue = steps[3]
    if issue not in c.issue_ids:
        refuse(c, where, sub, not_known("unknown issue", issue, c.issue_ids))
    if name == "salience" and value and issue not in c.positioned.get(agent_id, ()):
        refuse(
            c,
            where,
            sub,
            f"{agent_id} has no position on {issue}; allowed: give it one first (agents.{agent_id}.position.{issue})",
        )
    if name == "position":
        c.positioned.setdefault(agent_id, set()).add(issue)
    return ("agent", agent_id, name, issue)


def known_agent(c: ScenarioChecker, agent_id: str, where: str, sub: Steps) -> None:
    if agent_id not in c.agent_roles:
        refuse(c, where, sub, not_known("no agent", agent_id, list(c.agent_roles)))


def refuse(c: ScenarioChecker, where: str, sub: Steps, message: str) -> NoReturn:
    c.error(where, sub, message)
    raise Refused
