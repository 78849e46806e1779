"""The importable entry points: ``load_scenario``, ``load_scenario_file`` and ``run_conference``."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from simulator.conference.model import PeaceConference
from simulator.io.convert import import_file
from simulator.report.formats import render
from simulator.report.reference import compare
from simulator.report.settlement import settlement_report
from simulator.report.types import SettlementReport
from simulator.scenario import load_scenario
from simulator.scenario.spec import Scenario, ScenarioWarning


@dataclass
class ConferenceResult:
    """A finished run: the Mesa model (with its DataCollector) and the settlement report."""

    model: PeaceConference
    report: SettlementReport

    @property
    def outcome(self) -> str:
        outcome = self.report["outcome"]
        assert outcome is not None  # a finished run always has one
        return outcome

    def render(self, fmt: str = "text", *, narrative: str | None = None) -> str:
        """The report in a registered format (``simulator.report.formats``)."""
        return render(self.report, fmt, narrative=narrative)


def conference_report(model: PeaceConference, seed: int | None = None, history: bool = True) -> SettlementReport:
    """The settlement report of a finished (or running) conference; for a historical case (a scenario
    with ``reference:``) with the real outcome beside the simulated one under ``reference``."""
    report = settlement_report(model, seed, history)
    if model.spec.reference is not None:
        report["reference"] = compare(report, model.spec)
    return report


def run_conference(
    scenario: Scenario | str | Path,
    *,
    seed: int | None = 0,
    overrides: Iterable[str] = (),
    collect: bool = True,
    history: bool = True,
) -> ConferenceResult:
    """Run a conference to its end and report the settlement.

    ``scenario`` is a loaded ``Scenario`` or a path to a YAML file; ``overrides`` are ``--set``
    strings (only with a path). The same scenario and seed always give the same report.
    ``collect=False`` skips the DataCollector and ``history=False`` the per-round positions in
    the report (sweeps need neither).
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, overrides)
    elif list(overrides):
        raise ValueError("overrides need a scenario path; apply them with load_scenario(path, overrides)")
    model = PeaceConference(scenario, collect=collect, rng=seed)
    model.run_model()
    return ConferenceResult(model, conference_report(model, seed, history))


def load_scenario_file(path: str, overrides: Sequence[str] = ()) -> tuple[Scenario, list[str]]:
    """Load a scenario file as the command line and the app do: a YAML scenario, or a KTAB SMP
    (``.csv``, ``.xml``) or expected-utility (``.csv``) data file imported on the fly, with
    ``--set`` overrides. Returns the scenario and the loader's warnings, as text.
    Raises ``ScenarioError`` (and ``ImportFormatError`` for a bad data file)."""
    source: str | dict = path
    if path.lower().endswith((".csv", ".xml")):
        source = import_file(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ScenarioWarning)
        scenario = load_scenario(source, list(overrides), name=path)
    return scenario, [str(w.message) for w in caught if issubclass(w.category, ScenarioWarning)]
