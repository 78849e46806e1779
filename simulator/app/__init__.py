"""The interactive browser app: ``peacesim app [SCENARIO]`` (see ``docs/app.md``).

A Mesa ``SolaraViz`` page. The sidebar picks a scenario and holds one control per setting a
teacher may want to move: every agent's saliences, capability, walk-away value (reservation) and
concession rule, the protocol, the agreement rule, the deadline and the seed. The controls are
Mesa ``model_params`` keyed by their ``--set`` path (``agents.RUS.salience.TERR_LINE``); when the
model is (re)built, every control that differs from the scenario file becomes a ``--set``
override and the scenario is loaded again through ``load_scenario``, so the app validates exactly
as the command line does. The main area shows every actor's position on each issue over the
rounds with the text on the table, utilities against walk-away values, the war (territory, costs,
optimism gap, ripeness) and the settlement report, redrawn after every step.

Everything the page loads comes from the local server: Solara's front end is served from the
``solara-assets`` package (its CDN proxy reads the files installed with it), so the app works on
a machine with no internet. ``serve`` also turns off Solara's telemetry and version check.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import force_update, update_counter

from simulator.api import conference_report, load_scenario_file
from simulator.conference.model import PeaceConference
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.protocols import PROTOCOLS
from simulator.negotiation.rules import RULES
from simulator.report import OUTCOME_WORDS, plots, to_text
from simulator.report.narrative import narrate
from simulator.report.types import SettlementReport
from simulator.scenario.spec import Scenario, ScenarioError

SCENARIO_ENV = "PEACESIM_APP_SCENARIO"  # the scenario ``serve`` opens first
DEFAULT_SCENARIO = "scenarios/talks-2026.yaml"
PLOT_DPI = 80  # enough for a screen; the PNGs of the big scenario stay quick to draw
# Solara's front end, served from the solara-assets package; present when the app works offline
OFFLINE_MARKER = "@widgetti/solara-vuetify-app@10.1.1/dist/solara-vuetify-app8.min.js"


# --------------------------------------------------------------------------- scenarios


def scenario_root() -> Path:
    """The folder whose ``scenarios/`` the app lists: the working directory if it has one,
    else the repository this package lives in."""
    here = Path.cwd()
    if (here / "scenarios").is_dir():
        return here
    return Path(__file__).resolve().parent.parent


def scenario_choices(first: str | None = None, root: Path | None = None) -> list[str]:
    """The scenarios to pick from: every YAML file under ``scenarios/`` (subfolders included),
    as paths relative to ``root``, sorted; ``first`` (a file given on the command line) leads.

    >>> "scenarios/ripeness.yaml" in scenario_choices(root=Path("."))
    True
    """
    root = root or scenario_root()
    folder = root / "scenarios"
    found = sorted(
        p.relative_to(root).as_posix() for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
    )
    if first:
        found = [first, *(f for f in found if f != first)]
    return found


def initial_scenario() -> str:
    """The scenario shown first: the one ``serve`` was given, else the February 2026 talks."""
    given = os.environ.get(SCENARIO_ENV)
    if given:
        return given
    choices = scenario_choices()
    return DEFAULT_SCENARIO if DEFAULT_SCENARIO in choices else (choices[0] if choices else DEFAULT_SCENARIO)


def load(path: str, overrides: Sequence[str] = ()) -> tuple[Scenario, list[str]]:
    """Load a scenario with ``--set`` overrides; return it and the warnings raised (as text).
    Raises ``ScenarioError`` as ``load_scenario`` does."""
    return load_scenario_file(path, overrides)


def load_problem(path: str) -> str | None:
    """Why a scenario cannot be shown (None when it loads)."""
    from simulator.io import ImportFormatError

    try:
        load(path)
    except (ScenarioError, ImportFormatError, OSError) as exc:
        return f"{path} cannot be used: {exc}"
    return None


# --------------------------------------------------------------------------- controls


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
    out.append(_slider("conference.max_rounds", "deadline (max rounds)", rounds, 1, max(200, 2 * rounds), 1))
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


# --------------------------------------------------------------------------- the model


class InteractiveConference(PeaceConference):
    """A ``PeaceConference`` built from the page's controls (``model_params``).

    ``source`` is the scenario file; ``controls`` maps ``--set`` paths to the values of the
    page's controls; those that differ from the file become overrides. ``rng`` is the seed as
    typed (a whole number; empty for a random run). Settings that do not validate are left out
    and listed in ``problems``, with the loader's warnings in ``notes``. SolaraViz also passes
    Mesa's own ``scenario`` when it rebuilds a model; the conference's scenario is ``source``.

    >>> model = InteractiveConference("docs/examples/two-party.yaml", rng="1", **{"agents.A.capability": 2.0})
    >>> model.spec.overrides, model.seed
    (['agents.A.capability=2'], 1)
    """

    def __init__(self, source: str = "", rng: Any = "0", scenario: Any = None, **controls: Any) -> None:
        source = source or initial_scenario()
        base, _ = load(source)
        seed, seed_problem = parse_seed(rng)
        overrides, unknown = overrides_for(base, controls)
        spec, applied, refused, notes = build(source, overrides)
        super().__init__(spec, rng=seed)
        self.source = source
        self.seed = seed
        self.applied = applied
        self.problems = refused + [f"{k}: not a setting of {source}; ignored" for k in unknown]
        if seed_problem:
            self.problems.append(seed_problem)
        self.notes = notes

    def step(self) -> None:
        if self.running:  # a finished conference stays as it ended
            super().step()


def live_report(model: PeaceConference) -> SettlementReport | None:
    """The settlement report of the conference as it stands (None before a text is tabled)."""
    if model.text is None:
        return None
    return conference_report(model, getattr(model, "seed", None))


def report_text(model: PeaceConference, report: SettlementReport) -> str:
    """The text report (``peacesim run``'s); mid-run, with the round reached as headline."""
    if report["outcome"] is not None:
        return to_text(report)
    stand_in: SettlementReport = {**report, "outcome": "no_agreement", "round": model.round}
    text = to_text(stand_in)
    headline = f"{OUTCOME_WORDS['no_agreement']} in round {model.round} of {report['max_rounds']}"
    now = f"IN PROGRESS: round {model.round} of {report['max_rounds']}, no agreement yet"
    if headline in text:
        return text.replace(headline, now, 1)
    return now + "\n\n" + text


# --------------------------------------------------------------------------- the page


def _use_report(model: PeaceConference) -> SettlementReport | None:
    """The live report, worked out again when the model steps or is rebuilt."""
    counter = update_counter.get()
    return solara.use_memo(lambda: live_report(model), [model, model.steps, counter])


def _plot(model: PeaceConference, draw: Any, title: str) -> None:
    counter = update_counter.get()
    report = _use_report(model)

    def image() -> bytes | None:
        if report is None:
            return None
        figure = draw(report)  # (the figures read a mid-run report too)
        return None if figure is None else plots.png_bytes(figure, PLOT_DPI)

    png = solara.use_memo(image, [model, model.steps, counter])
    with solara.Card(title):
        if png is None:
            solara.Info(
                "nothing to draw: " + ("no text on the table yet" if report is None else "no war in this scenario")
            )
        else:
            solara.Image(png, width="100%", classes=["peacesim-plot"])


@solara.component
def PositionsPlot(model: PeaceConference) -> None:
    """Every actor's position on each issue over the rounds, and the text on the table."""
    _plot(model, plots.positions_figure, "Positions and the text on the table")


@solara.component
def UtilitiesPlot(model: PeaceConference) -> None:
    """Each actor's utility of the text against its walk-away value."""
    _plot(model, plots.utilities_figure, "Utilities against walk-away values")


@solara.component
def WarPlot(model: PeaceConference) -> None:
    """Territory, war costs, optimism gap; when talks opened and became ripe."""
    _plot(model, plots.war_figure, "The war: territory, costs, optimism gap, ripeness")


@solara.component
def ReportView(model: PeaceConference) -> None:
    """The settlement report as ``peacesim run`` prints it, and what the controls changed."""
    report = _use_report(model)
    with solara.Card("Settlement report"):
        for problem in getattr(model, "problems", []):
            solara.Error(problem)
        for note in getattr(model, "notes", []):
            solara.Info(note, dense=True)
        if report is None:
            solara.Info("no text on the table yet")
        else:
            solara.Preformatted(
                report_text(model, report),
                class_="peacesim-report",
                style_="font-size: 11px; line-height: 1.35; white-space: pre-wrap",
            )


@solara.component
def WhyView(model: PeaceConference) -> None:
    """The narrative of the last rounds (``peacesim run --explain``): who moved, why, who blocked."""
    counter = update_counter.get()
    story = solara.use_memo(lambda: last_rounds(model), [model, model.steps, counter])
    with solara.Card("Why: the last rounds"):
        solara.Preformatted(
            story,
            class_="peacesim-why",
            style_="font-size: 11px; line-height: 1.35; white-space: pre-wrap; max-height: 420px; overflow-y: auto",
        )


def last_rounds(model: PeaceConference, rounds: int = 3) -> str:
    """The narrative's last ``rounds`` rounds, with its opening line when talks opened late."""
    if not model.history:
        return "no round of talks yet"
    paragraphs = narrate(model).split("\nRound ")
    head, body = paragraphs[0], ["Round " + p for p in paragraphs[1:]]
    if head.startswith("Round "):  # talks from round 1: the first paragraph is a round too
        body.insert(0, head)
        head = ""
    shown = body[-rounds:]
    return "\n".join(([head] if head and len(body) <= rounds else []) + shown).rstrip("\n")


@solara.component
def Dashboard(model: PeaceConference) -> None:
    """The main area: the figures on the left, the settlement report and the narrative beside them."""
    with solara.Columns([3, 2]):
        with solara.Column():
            PositionsPlot(model)
            UtilitiesPlot(model)
            WarPlot(model)
        with solara.Column():
            ReportView(model)
            WhyView(model)


@solara.component
def ConferencePage(source: str) -> None:
    """Mesa's SolaraViz for one scenario (app bar, controls, model parameters), a 'Run to the
    end' button beside Mesa's Reset, Play and Step, and the dashboard. The figures and the report
    are laid out here rather than in SolaraViz's grid of half-width tiles, which is too narrow
    for a figure with a panel per issue."""
    params = solara.use_memo(lambda: model_params(source), [source])
    first = solara.use_memo(lambda: InteractiveConference(source=source), [source])
    model: solara.Reactive[InteractiveConference] = solara.use_reactive(first)

    def run_to_end() -> None:
        model.value.run_model()
        force_update()

    with solara.Sidebar(), solara.Card("Run"), solara.Column():
        solara.Button("Run to the end", color="primary", on_click=run_to_end, classes=["peacesim-run"])
        solara.Text("Move the settings under Model Parameters, then press Reset to rebuild the conference with them.")
    SolaraViz(model, model_params=params, name=f"peacesim: {model.value.spec.name}", play_interval=150)
    Dashboard(model.value)


@solara.component
def Page() -> None:
    """The app: pick a scenario, then its SolaraViz page."""
    first = solara.use_memo(initial_scenario, [])
    choice = solara.use_reactive(first)
    choices = solara.use_memo(lambda: scenario_choices(first), [first])
    problem = solara.use_memo(lambda: load_problem(choice.value), [choice.value])
    with solara.Sidebar(), solara.Card("Scenario"):
        solara.Select("scenario", values=choices, value=choice)
    if problem:
        solara.Error(problem, classes=["peacesim-problem"])
    else:
        ConferencePage(choice.value).key(choice.value)


# --------------------------------------------------------------------------- the server


def offline_assets() -> Path | None:
    """The folder Solara serves its front end from, if the solara-assets files are in it."""
    import solara.server.settings as server_settings

    folder = Path(server_settings.assets.proxy_cache_dir)
    return folder if (folder / OFFLINE_MARKER).is_file() else None


def configure_offline() -> list[str]:
    """Serve every asset from this machine and call nobody: Solara's CDN proxy on (it serves the
    solara-assets files), telemetry off. Returns warnings for the user (none when all is well)."""
    import solara.server.settings as server_settings
    import solara.settings

    solara.settings.assets.proxy = True
    server_settings.telemetry.mixpanel_enable = False
    if offline_assets() is None:
        return [
            f"Solara's front-end files are not in {server_settings.assets.proxy_cache_dir}: the page will try to fetch "
            "them from the internet. Install them with: pip install solara-assets"
        ]
    return []


def serve(scenario: str | None, host: str = "localhost", port: int = 8765, open_browser: bool = True) -> None:
    """Serve the app on ``http://HOST:PORT`` until interrupted, opening ``scenario`` first.

    Raises ``ScenarioError`` if the scenario does not load.
    """
    if scenario:
        load(scenario)  # fail here, with the loader's messages, not in the browser
        os.environ[SCENARIO_ENV] = scenario
    for message in configure_offline():
        print(f"warning: {message}")
    # served over plain http on a host other than 'localhost' (a classroom), Solara warns that its
    # session cookie cannot be samesite=none; it falls back to lax, which is all this page needs
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    from solara.__main__ import run as solara_run

    args = [
        "simulator.app",
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-check-version",
        "--open" if open_browser else "--no-open",
    ]
    solara_run.main(args=args, standalone_mode=False)
