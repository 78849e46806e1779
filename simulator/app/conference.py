"""The conference behind the page: a ``PeaceConference`` built from the page's controls, and what
the page shows of it mid-run (the report so far, the narrative's last rounds)."""

from __future__ import annotations

from typing import Any

from simulator.api import conference_report
from simulator.app.controls import build, overrides_for, parse_seed
from simulator.app.scenarios import initial_scenario, load
from simulator.conference.model import PeaceConference
from simulator.core.calendar import label
from simulator.report import to_text
from simulator.report.narrative import narrate
from simulator.report.tables import headline as report_headline
from simulator.report.tables import horizon
from simulator.report.types import SettlementReport


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
    """The text report (``peacesim run``'s); mid-run, with the round reached (and its date) as headline."""
    if report["outcome"] is not None:
        return to_text(report)
    stand_in: SettlementReport = {**report, "outcome": "no_agreement", "round": model.round}
    text = to_text(stand_in)
    headline = report_headline(stand_in)
    now = f"IN PROGRESS: {label(model.calendar, model.round)} of {horizon(report)}, no agreement yet"
    if headline in text:
        return text.replace(headline, now, 1)
    return now + "\n\n" + text


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
