"""The page's controls: one Mesa ``model_params`` entry per setting a teacher may want to move,
keyed by its ``--set`` path, and the overrides that the moved controls make."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.app.scenarios import load
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.protocols import PROTOCOLS
from simulator.negotiation.rules import RULES
from simulator.scenario.spec import Scenario, ScenarioError


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


def _slider(path: str, label: str, value: float, low: float, high: float, step: float) -> Control:
    kind = "SliderInt" if isinstance(step, int) else "SliderFloat"
    return Control(path, label, kind, value, low, high, step)


def _select(path: str, label: str, value: str, values: Sequence[str]) -> Control:
    return Control(path, label, "Select", value, values=tuple(values))


def controls(scenario: Scenario) -> list[Control]:
    """The controls for a loaded scenario, agent by agent, then the conference, in page order.

    Saliences are shown as loaded (normalised), to two decimals; a walk-away value is left out
    where the war sets it (``war.reservation: lottery`` for the two sides); mediators, who hold
    their drafts' line, get no concession rule.
    """
    out: list[Control] = []
    lottery = scenario.war.settings.get("reservation") == "lottery"
    sides = scenario.war.settings["sides"] if lottery else []  # (validation names the first two principals by default)
    for agent in scenario.agents:
        at, name = f"agents.{agent.id}", agent.id
        for issue in scenario.issue_ids:
            if issue in agent.position or agent.salience.get(issue, 0.0) > 0:
                weight = round(agent.salience.get(issue, 0.0), 2)
                out.append(_slider(f"{at}.salience.{issue}", f"{name} salience {issue}", weight, 0.0, 1.0, 0.01))
        top = max(1.0, math.ceil(agent.capability * 2))
        out.append(_slider(f"{at}.capability", f"{name} capability", round(agent.capability, 2), 0.0, top, 0.01))
        if agent.id not in sides:
            label = f"{name} walk-away value"
            out.append(_slider(f"{at}.reservation", label, round(agent.reservation, 2), 0.0, 1.0, 0.01))
        if agent.role == "mediator":
            continue
        out.append(_select(f"{at}.rule", f"{name} concession rule", agent.rule.type, list(RULES)))
        beta = agent.rule.params.get("beta")
        if beta is not None:
            label = f"{name} concession beta"
            beta = round(float(beta), 2)
            out.append(_slider(f"{at}.rule.beta", label, beta, min(0.05, beta), max(3.0, math.ceil(beta)), 0.05))
    conference = scenario.conference
    out.append(_select("conference.protocol", "protocol", conference.protocol.type, list(PROTOCOLS)))
    out.append(_select("conference.agreement", "agreement rule", conference.agreement.type, list(AGREEMENT_RULES)))
    rounds = conference.max_rounds
    out.append(_slider("conference.max_rounds", "horizon (max rounds)", rounds, 1, max(200, 2 * rounds), 1))
    return out


def model_params(source: str) -> dict[str, Any]:
    """SolaraViz ``model_params`` for a scenario: the file (fixed), the seed, then every control."""
    scenario, _ = load(source)
    params: dict[str, Any] = {
        "source": source,
        "rng": {"type": "InputText", "label": "seed", "value": "0"},
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
