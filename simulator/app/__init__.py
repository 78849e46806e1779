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

The parts: ``scenarios`` (which files the page offers), ``controls`` (the settings and the
overrides they make), ``conference`` (``InteractiveConference``, the model behind the page),
``components`` (the Solara page, ``Page``) and ``server`` (``serve``, offline). This package
re-exports their public names, so ``solara run simulator.app`` finds ``Page``; none of the parts
imports this package. ``routes`` makes ``Page`` the only page (without it Solara would give each
module with a component its own tab).
"""

import solara

from simulator.app.components import (
    PLOT_DPI,
    ConferencePage,
    Dashboard,
    Page,
    PositionsPlot,
    ReportView,
    RunControls,
    Settings,
    UtilitiesPlot,
    WarPlot,
    WhyView,
)
from simulator.app.conference import InteractiveConference, last_rounds, live_report, report_text
from simulator.app.controls import (
    CONFERENCE,
    SEED,
    Control,
    build,
    by_role,
    controls,
    group_title,
    model_params,
    overrides_for,
    parse_seed,
    sections,
)
from simulator.app.scenarios import (
    DEFAULT_SCENARIO,
    SCENARIO_ENV,
    initial_scenario,
    load,
    load_problem,
    scenario_choices,
    scenario_root,
)
from simulator.app.server import OFFLINE_MARKER, configure_offline, offline_assets, serve

routes = [solara.Route(path="/", component=Page, label="peacesim")]

__all__ = [
    "CONFERENCE",
    "DEFAULT_SCENARIO",
    "OFFLINE_MARKER",
    "PLOT_DPI",
    "SCENARIO_ENV",
    "SEED",
    "ConferencePage",
    "Control",
    "Dashboard",
    "InteractiveConference",
    "Page",
    "PositionsPlot",
    "ReportView",
    "RunControls",
    "Settings",
    "UtilitiesPlot",
    "WarPlot",
    "WhyView",
    "build",
    "by_role",
    "configure_offline",
    "controls",
    "group_title",
    "initial_scenario",
    "last_rounds",
    "live_report",
    "load",
    "load_problem",
    "model_params",
    "offline_assets",
    "overrides_for",
    "parse_seed",
    "report_text",
    "routes",
    "scenario_choices",
    "scenario_root",
    "sections",
    "serve",
]
