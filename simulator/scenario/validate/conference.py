"""The ``conference`` and ``war`` sections (the ``ripeness`` block is a plain settings block)."""

from __future__ import annotations

from typing import Any

from simulator.scenario.fields import CONFERENCE_FIELDS, CONFERENCE_SETTINGS, WAR_FIELDS, WAR_SETTINGS
from simulator.scenario.spec import ComponentSpec, ConferenceSpec, WarSpec
from simulator.scenario.validate.base import (
    ScenarioChecker,
    Steps,
    Valid,
    article,
    is_name,
    not_known,
    number_field,
)
from simulator.scenario.validate.components import check_component

FALLBACK = ConferenceSpec(ComponentSpec("", {}), ComponentSpec("", {}), 0, [], 0, "linear", 0.0)


def check_conference(c: ScenarioChecker, node: Any, origin: str) -> ConferenceSpec:
    path: Steps = ["conference"]
    if c.mapping(node, origin, path, tuple(CONFERENCE_FIELDS)) is None:
        return FALLBACK
    protocol = check_component(c, node, "protocol", path, CONFERENCE_FIELDS["protocol"])
    agreement = check_component(c, node, "agreement", path, CONFERENCE_FIELDS["agreement"])
    walkout = check_walkout(c, node, path)
    return ConferenceSpec(
        protocol=protocol,
        agreement=agreement,
        max_rounds=c.value(node, "max_rounds", path, CONFERENCE_FIELDS["max_rounds"]),
        walkout=walkout,
        walkout_patience=c.value(node, "walkout_patience", path, CONFERENCE_FIELDS["walkout_patience"]),
        utility=c.value(node, "utility", path, CONFERENCE_FIELDS["utility"]),
        settle_tolerance=c.value(node, "settle_tolerance", path, CONFERENCE_FIELDS["settle_tolerance"]),
        settings=c.settings(node, origin, path, CONFERENCE_SETTINGS, strict=False),
        deadline=c.value(node, "deadline", path, CONFERENCE_FIELDS["deadline"]),
    )


def check_walkout(c: ScenarioChecker, node: dict, path: Steps) -> list[str]:
    """Who may walk out: principals and guarantors (default: every principal)."""
    roles = c.agent_roles
    walkout_node = node.get("walkout", [a for a, r in roles.items() if r == "principal"])
    sub = [*path, "walkout"]
    if not isinstance(walkout_node, list):
        c.error(c.where(node, "walkout"), sub, f"got {walkout_node!r}; allowed: a list of agent ids")
        return []
    walkout: list[str] = []
    for k, agent_id in enumerate(walkout_node):
        where = c.where(walkout_node, k)
        if not is_name(agent_id):
            c.error(where, [*sub, k], f"got {agent_id!r}; allowed: an agent id")
        elif agent_id not in roles:
            c.error(where, [*sub, k], not_known("no agent", agent_id, list(roles)))
        elif roles[agent_id] in ("mediator", "observer"):
            c.error(
                where,
                [*sub, k],
                f"{agent_id!r} is {article(roles[agent_id])} and has no vote to withdraw; "
                "allowed: principals and guarantors",
            )
        else:
            walkout.append(agent_id)
    return walkout


def check_war(c: ScenarioChecker, node: Any, origin: str) -> WarSpec:
    path: Steps = ["war"]
    if c.mapping(node, origin, path, tuple(WAR_FIELDS)) is None:
        return WarSpec({})
    costs = node.get("cost_per_round", {})
    sub: Steps = [*path, "cost_per_round"]
    if not isinstance(costs, dict):
        c.error(c.where(node, "cost_per_round"), sub, "expected a mapping from agent id to a cost per round")
        return WarSpec({})
    out: dict[str, float] = {}
    number = number_field(WAR_FIELDS["cost_per_round"])
    for agent_id in costs:
        if agent_id not in c.agent_roles:
            known = list(c.agent_roles)
            c.error(c.where(costs, agent_id), [*sub, str(agent_id)], not_known("no agent", agent_id, known))
        elif isinstance(checked := c.read(costs, agent_id, sub, number), Valid):
            out[agent_id] = checked.value
    settings = c.settings(node, origin, path, WAR_SETTINGS, strict=False)
    check_sides(c, node, path, settings)
    return WarSpec(out, settings)


def check_sides(c: ScenarioChecker, node: dict, path: Steps, settings: dict[str, Any]) -> None:
    """The two belligerents: two principals (default: the first two)."""
    roles = c.agent_roles
    principals = [a for a, r in roles.items() if r == "principal"]
    if not settings["sides"]:
        settings["sides"] = principals[:2]
    elif len(settings["sides"]) != 2 or any(roles.get(a) != "principal" for a in settings["sides"]):
        c.error(c.where(node, "sides"), [*path, "sides"], f"got {settings['sides']!r}; allowed: two principals")
    if settings["reservation"] == "lottery" and len(settings["sides"]) != 2:
        c.error(
            c.where(node, "reservation"),
            [*path, "reservation"],
            "'lottery' needs two principals to fight; allowed: fixed",
        )
