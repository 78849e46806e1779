"""The page: Solara components around Mesa's ``SolaraViz``. The sidebar picks a scenario and holds
the controls; the main area shows the figures, the settlement report and the narrative, redrawn
after every step."""

from __future__ import annotations

from typing import Any

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import force_update, update_counter

from simulator.app.conference import InteractiveConference, last_rounds, live_report, report_text
from simulator.app.controls import model_params
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
