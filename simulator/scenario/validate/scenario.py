"""A whole scenario: its sections checked in order, every error collected, the ``Scenario`` built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.core.yamlsource import SourcedDict, SourcedList
from simulator.scenario.fields import RIPENESS_SETTINGS, TOP_FIELDS
from simulator.scenario.spec import Scenario, ScenarioError
from simulator.scenario.validate.agents import check_agents
from simulator.scenario.validate.base import ScenarioChecker, Steps
from simulator.scenario.validate.calendar import check_calendar
from simulator.scenario.validate.conference import FALLBACK, check_conference, check_war
from simulator.scenario.validate.events import check_events
from simulator.scenario.validate.issues import check_issues
from simulator.scenario.validate.reference import check_reference

TIMED_RULES = ("time_dependent", "ripeness_gated")  # rules that concede against a deadline


def check_pressure(
    c: ScenarioChecker, tree: SourcedDict, agents: list, conference: Any, war: Any, events: list
) -> None:
    """Warn when nothing would ever make a time-dependent delegation concede: no deadline known
    to the parties (none set, no ultimatum), none of its own, and no cost of war."""
    if conference.deadline or any(e.deadline for e in events) or any(v > 0 for v in war.cost_per_round.values()):
        return
    idle = [a.id for a in agents if a.rule.type in TIMED_RULES and not a.rule.params.get("deadline")]
    idle = [a for a in idle if c.agent_roles.get(a) != "mediator"]
    if idle:
        c.warnings.append(
            f"{tree.where('conference')}: conference.deadline: no deadline is known and the war costs nobody anything, "
            f"so {', '.join(idle)} (time-dependent) will never concede; give conference.deadline, an event with a "
            "deadline, or war.cost_per_round"
        )


REQUIRED_SECTIONS = tuple(name for name, field in TOP_FIELDS.items() if field.required)


def check_scenario(tree: SourcedDict, label: str) -> Scenario:
    """The validated scenario of a parsed tree; ``ScenarioError`` listing every problem."""
    c = ScenarioChecker(label)
    root: Steps = []
    c.mapping(tree, tree.origin, root, tuple(TOP_FIELDS))
    for key in REQUIRED_SECTIONS:
        c.require(tree, key, tree.origin, root)
    issues = check_issues(c, tree["issues"], tree.where("issues")) if "issues" in tree else []
    c.issue_ids = [i.id for i in issues if i.id]  # an issue without an id is reported already
    # relative (default): each agent's saliences are shares of its attention, normalised to
    # sum to 1; absolute: each is the issue's importance on its own in [0, 1], as in the
    # expected-utility and KTAB data sets
    c.absolute = c.value(tree, "saliences", root, TOP_FIELDS["saliences"]) == "absolute"
    agents = check_agents(c, tree["agents"], tree.where("agents")) if "agents" in tree else []
    for a in agents:  # a missing or duplicate id is reported once; the first definition counts
        if a.id:
            c.agent_roles.setdefault(a.id, a.role)
    if c.agent_roles and "principal" not in c.agent_roles.values():
        c.error(tree.where("agents"), ["agents"], "at least one agent must have role 'principal'")
    conference = check_conference(c, tree["conference"], tree.where("conference")) if "conference" in tree else FALLBACK
    war = check_war(c, tree.get("war", SourcedDict()), tree.where("war"))
    ripeness = c.settings(tree.get("ripeness", {}), tree.where("ripeness"), ["ripeness"], RIPENESS_SETTINGS)
    c.positioned = {a.id: set(a.position) for a in agents}
    events = check_events(c, tree.get("events", SourcedList()), tree.where("events"))
    name = c.value(tree, "name", root, TOP_FIELDS["name"], default=Path(label).stem)
    description = c.value(tree, "description", root, TOP_FIELDS["description"])
    as_of = c.value(tree, "as_of", root, TOP_FIELDS["as_of"])
    calendar = check_calendar(c, tree["calendar"], tree.where("calendar")) if "calendar" in tree else None
    reference = check_reference(c, tree["reference"], tree.where("reference")) if "reference" in tree else None
    if c.errors:
        raise ScenarioError(c.errors)
    check_pressure(c, tree, agents, conference, war, events)
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
        source=label,
        warnings=c.warnings,
        reference=reference,
        calendar=calendar,
    )
