"""The importable entry points: ``load_scenario`` and ``run_conference``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.model import PeaceConference
from simulator.outcomes import settlement_report
from simulator.report import FORMATS
from simulator.scenario import Scenario, load_scenario


@dataclass
class ConferenceResult:
    """A finished run: the Mesa model (with its DataCollector) and the settlement report."""

    model: PeaceConference
    report: dict[str, Any]

    @property
    def outcome(self) -> str:
        return self.report["outcome"]

    def render(self, fmt: str = "text") -> str:
        return FORMATS[fmt](self.report)


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
    return ConferenceResult(model, settlement_report(model, seed, history))
