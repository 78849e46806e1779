"""The page: Solara components around Mesa's SolaraViz parts. The sidebar picks a scenario and holds
Mesa's run controls and the settings, in collapsed sections by actor (principals first) and one for
the conference; the main area shows the figures, the settlement report and the narrative, redrawn
after every step."""

from __future__ import annotations

from typing import Any

import solara
import solara.lab
from mesa.visualization.solara_viz import ModelController, ShowSteps, UserInputs
from mesa.visualization.utils import force_update, update_counter

from simulator.app.conference import InteractiveConference, last_rounds, live_report, report_text
from simulator.app.controls import SEED, model_params, sections
from simulator.app.scenarios import initial_scenario, load_problem, scenario_choices
from simulator.conference.model import PeaceConference
from simulator.report import plots
from simulator.report.types import SettlementReport

PLOT_DPI = 80  # enough for a screen; the PNGs of the big scenario stay quick to draw


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
def Settings(source: str, on_change: Any) -> None:
    """The settings of the conference: the seed, then a collapsed section per actor (principals,
    guarantors, mediators, observers) and one for the conference. ``on_change(path, value)`` is
    called when one moves; the page does not redraw for it (a setting applies on Reset)."""
    groups = solara.use_memo(lambda: sections(source), [source])
    UserInputs({"rng": SEED}, on_change=on_change)
    with solara.Column(gap="4px", classes=["peacesim-settings"]):
        for title, params in groups:
            with solara.Details(summary=f"{title} · {len(params)} settings"):
                UserInputs(params, on_change=on_change)


@solara.component
def RunControls(model: solara.Reactive[InteractiveConference], settings: solara.Reactive[dict[str, Any]]) -> None:
    """Mesa's Controls card: play and render intervals, threads, and Reset, Play and Step, which
    rebuild the conference from ``settings``."""
    play = solara.use_reactive(150)
    render = solara.use_reactive(1)
    threads = solara.use_reactive(False)
    solara.SliderInt("Play Interval (ms)", value=play, min=1, max=500, step=10)
    solara.SliderInt("Render Interval (steps)", value=render, min=1, max=100, step=2)
    solara.Checkbox(label="Use Threads", value=threads)
    ModelController(model, model_parameters=settings, play_interval=play, render_interval=render, use_threads=threads)


@solara.component
def ConferencePage(source: str) -> None:
    """The page for one scenario: an app bar with its name; in the sidebar, a 'Run to the end'
    button, Mesa's run controls (Reset, Play, Step), the settings by actor and the round reached;
    the dashboard in the main area. Mesa's ``SolaraViz`` shows its parameters in one flat list and
    its components in a grid of half-width tiles, too narrow for a figure with a panel per issue;
    this page puts Mesa's parts together itself."""
    params = solara.use_memo(lambda: model_params(source), [source])
    first = solara.use_memo(lambda: InteractiveConference(source=source), [source])
    model: solara.Reactive[InteractiveConference] = solara.use_reactive(first)
    # what Reset builds the conference from; read only on Reset, so moving a setting redraws nothing
    settings = solara.use_reactive({k: v["value"] if isinstance(v, dict) else v for k, v in params.items()})

    def run_to_end() -> None:
        model.value.run_model()
        force_update()

    def on_change(path: str, value: Any) -> None:
        settings.value = {**settings.value, path: value}

    with solara.AppBar():
        solara.AppBarTitle(f"peacesim: {model.value.spec.name}")
        solara.lab.ThemeToggle()
    with solara.Sidebar(), solara.Column():
        with solara.Card("Run"), solara.Column():
            solara.Button("Run to the end", color="primary", on_click=run_to_end, classes=["peacesim-run"])
            solara.Text("Open an actor's settings below, move them, then press Reset to rebuild the conference.")
        with solara.Card("Controls"):
            RunControls(model, settings)
        with solara.Card("Settings"):
            Settings(source, on_change)
        with solara.Card("Information"):
            ShowSteps(model.value)
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
