"""The page's controls: one Mesa ``model_params`` entry per setting a teacher may want to move,
keyed by its ``--set`` path, grouped by actor (principals first) and the conference, and the
overrides that the moved controls make."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.app.scenarios import load
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.protocols import PROTOCOLS
from simulator.negotiation.rules import RULES
from simulator.scenario import ROLES
from simulator.scenario.spec import AgentSpec, Scenario, ScenarioError

CONFERENCE = "Conference: protocol, agreement rule, horizon"
SEED = {"type": "InputText", "label": "seed", "value": "0"}  # the seed as typed: a whole number, or empty


@dataclass(frozen=True)
class Control:
    """One control of the page: a Mesa ``model_params`` entry whose key is a ``--set`` path."""

    path: str
    label: str
    kind: str  # a Mesa UserInputs type: SliderFloat, SliderInt or Select
    value: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    values: tuple[str, ...] = ()
    group: str = CONFERENCE  # the page's section that holds it: an actor, or the conference

    def param(self) -> dict[str, Any]:
        """The entry for SolaraViz's ``model_params``."""
        if self.kind == "Select":
            return {"type": "Select", "label": self.label, "value": self.value, "values": list(self.values)}
        return {
            "type": self.kind,
            "label": self.label,
            "value": self.value,
            "min": self.low,
            "max": self.high,
            "step": self.step,
        }


def _slider(path: str, label: str, value: float, low: float, high: float, step: float, group: str) -> Control:
    kind = "SliderInt" if isinstance(step, int) else "SliderFloat"
    return Control(path, label, kind, value, low, high, step, group=group)


def _select(path: str, label: str, value: str, values: Sequence[str], group: str) -> Control:
    return Control(path, label, "Select", value, values=tuple(values), group=group)


def group_title(agent: AgentSpec) -> str:
    """The title of an actor's section: ``UKR · Ukraine · principal``."""
    return f"{agent.id} · {agent.name} · {agent.role}"


def by_role(scenario: Scenario) -> list[AgentSpec]:
    """The actors in page order: principals, guarantors, mediators, observers; as in the file within a role."""
    return sorted(scenario.agents, key=lambda agent: ROLES.index(agent.role))


def _agent_controls(agent: AgentSpec, issues: Sequence[str], walk_away: bool) -> list[Control]:
    at, name, group = f"agents.{agent.id}", agent.id, group_title(agent)
    out = []
    for issue in issues:
        if issue in agent.position or agent.salience.get(issue, 0.0) > 0:
            weight = round(agent.salience.get(issue, 0.0), 2)
            out.append(_slider(f"{at}.salience.{issue}", f"{name} salience {issue}", weight, 0.0, 1.0, 0.01, group))
    top = max(1.0, math.ceil(agent.capability * 2))
    out.append(_slider(f"{at}.capability", f"{name} capability", round(agent.capability, 2), 0.0, top, 0.01, group))
    if walk_away:
        label = f"{name} walk-away value"
        out.append(_slider(f"{at}.reservation", label, round(agent.reservation, 2), 0.0, 1.0, 0.01, group))
    if agent.role == "mediator":
        return out
    out.append(_select(f"{at}.rule", f"{name} concession rule", agent.rule.type, list(RULES), group))
    beta = agent.rule.params.get("beta")
    if beta is not None:
        label, beta = f"{name} concession beta", round(float(beta), 2)
        out.append(_slider(f"{at}.rule.beta", label, beta, min(0.05, beta), max(3.0, math.ceil(beta)), 0.05, group))
    return out


def controls(scenario: Scenario) -> list[Control]:
    """The controls for a loaded scenario in page order: actor by actor (principals, guarantors,
    mediators, observers), then the conference.

    Saliences are shown as loaded (normalised), to two decimals; a walk-away value is left out
    where the war sets it (``war.reservation: lottery`` for the two sides); mediators, who hold
    their drafts' line, get no concession rule.
    """
    out: list[Control] = []
    lottery = scenario.war.settings.get("reservation") == "lottery"
    sides = scenario.war.settings["sides"] if lottery else []  # (validation names the first two principals by default)
    for agent in by_role(scenario):
        out += _agent_controls(agent, scenario.issue_ids, walk_away=agent.id not in sides)
    conference = scenario.conference
    out.append(_select("conference.protocol", "protocol", conference.protocol.type, list(PROTOCOLS), CONFERENCE))
    agreement = conference.agreement.type
    out.append(_select("conference.agreement", "agreement rule", agreement, list(AGREEMENT_RULES), CONFERENCE))
    rounds = conference.max_rounds
    out.append(_slider("conference.max_rounds", "horizon (max rounds)", rounds, 1, max(200, 2 * rounds), 1, CONFERENCE))
    return out


def sections(source: str) -> list[tuple[str, dict[str, Any]]]:
    """The page's sections of controls: each title with its ``model_params`` entries, in page order.

    >>> [title for title, _ in sections("scenarios/ripeness.yaml")]
    ['UKR · Ukraine · principal', 'RUS · Russia · principal', 'USA · United States · mediator', 'Conference: protocol, agreement rule, horizon']
    """
    scenario, _ = load(source)
    out: dict[str, dict[str, Any]] = {}
    for control in controls(scenario):
        out.setdefault(control.group, {})[control.path] = control.param()
    return list(out.items())


def model_params(source: str) -> dict[str, Any]:
    """SolaraViz ``model_params`` for a scenario: the file (fixed), the seed, then every control."""
    scenario, _ = load(source)
    params: dict[str, Any] = {
        "source": source,
        "rng": dict(SEED),
    }
    for control in controls(scenario):
        params[control.path] = control.param()
    return params


def _show(value: Any) -> str:
    """A control's value as ``--set`` reads it."""
    if isinstance(value, float):
        return f"{round(value, 4):g}"
    return str(value)


def overrides_for(scenario: Scenario, values: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The ``--set`` overrides for the controls that differ from the scenario, in page order,
    and the names of values that are no control of this scenario."""
    out = []
    known = controls(scenario)
    for control in known:
        if control.path not in values:
            continue
        value = values[control.path]
        if control.kind == "Select":
            changed = value != control.value
        else:
            changed = not math.isclose(float(value), float(control.value), abs_tol=1e-9)
        if changed:
            out.append(f"{control.path}={_show(value)}")
    paths = {c.path for c in known}
    return out, [k for k in values if k not in paths]


def parse_seed(text: Any) -> tuple[int | None, str | None]:
    """The seed typed in the page: a whole number, or empty for a random run.

    >>> parse_seed("7"), parse_seed(" "), parse_seed("x")
    ((7, None), (None, None), (0, "seed 'x' is not a whole number; using 0"))
    """
    if text is None or isinstance(text, int):
        return text, None
    text = str(text).strip()
    if not text:
        return None, None
    try:
        return int(text), None
    except ValueError:
        return 0, f"seed {text!r} is not a whole number; using 0"


def build(source: str, overrides: list[str]) -> tuple[Scenario, list[str], list[str], list[str]]:
    """Load ``source`` with as many of ``overrides`` as validate.

    All at once if they can; otherwise one at a time, in order, keeping each that still
    validates with those kept before it. Returns the scenario, the overrides applied, the
    validation errors of those refused, and the loader's warnings."""
    try:
        scenario, notes = load(source, overrides)
        return scenario, list(overrides), [], notes
    except ScenarioError:
        pass
    kept: list[str] = []
    refused: list[str] = []
    for override in overrides:
        try:
            load(source, [*kept, override])
            kept.append(override)
        except ScenarioError as exc:
            refused += [
                f"refused {e}" if e.startswith("--set ") else f"refused --set {override}: {e}" for e in exc.errors
            ]
    scenario, notes = load(source, kept)
    return scenario, kept, refused, notes
