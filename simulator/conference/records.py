"""What a run keeps: how it ended (``Outcome``), and what happened round by round (a ``Recorder``).

A sweep runs thousands of conferences and keeps one result row each: it records nothing per round
(``NullRecorder``) and collects nothing (``NullCollector``). A run for a report, the narrative or
the app keeps a ``RoundRecord`` per round of talks and a ``CourseEntry`` per round (``Recorder``),
and Mesa's DataCollector rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import mesa
import numpy as np

from simulator.war.conflict import War

OUTCOMES = ("agreement", "partial", "no_agreement", "breakdown")


@dataclass
class RoundRecord:
    """What happened in one round, for the report and the narrative."""

    round: int
    text: list[float]
    proposer: str | None
    yes: list[str]
    no: list[str]
    events: list[str] = field(default_factory=list)
    payments: dict[str, float] = field(default_factory=dict)


OPENINGS = ("start", "round", "ripe", "mediator", "reconvened")  # what opened a spell of talks
ENDINGS = ("agreement", "suspended", "horizon")  # how a spell of talks ended


@dataclass
class Episode:
    """One spell of talks: when and why it opened, and how it ended (``closed`` None while open).

    ``opened_by`` is one of ``OPENINGS``: the convening rule (``start``, a set ``round``, the
    conflict turning ``ripe``, a ``mediator`` bringing the sides once one hurts) or ``reconvened``
    after a suspension. ``ripe`` says whether the conflict was ripe for every side when it opened
    (talks can open before ripeness, and stall). ``ended`` is one of ``ENDINGS``; ``left`` is the
    party that suspended the talks and ``why`` its reason, in a line.
    """

    opened: int
    opened_by: str
    ripe: bool
    closed: int | None = None
    ended: str | None = None
    left: str | None = None
    why: str = ""


@dataclass(frozen=True)
class PartialDeal:
    """A separable issue settled on its own, in ``round``, at ``value`` on its scale."""

    round: int
    issue: str
    value: float


class CourseEntry(NamedTuple):
    """One round as the plots and the narrative read it (plain lists, one value per agent)."""

    round: int
    talks: bool  # the conference was in session
    reservations: list[float]  # walk-away values
    aspirations: list[float]  # the utility each demanded
    worth: list[float] | None  # what the text on the table was worth to each, all told; None before talks
    war_cost: list[float]  # the war's cost so far


@dataclass
class Outcome:
    """How the run ended (``outcome`` stays None while it runs)."""

    outcome: str | None = None  # one of OUTCOMES
    settled_round: int | None = None
    settled_issues: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)  # the voters whose no blocked the last text
    walked_out: str | None = None
    ratified: dict[str, bool] = field(default_factory=dict)  # principal -> its veto players ratified

    def finish(self, outcome: str, round_: int, blockers: list[str], issues: list[str]) -> None:
        """The run ends now: ``issues`` are those settled (all of them in an agreement)."""
        self.outcome = outcome
        self.settled_round = round_
        if outcome == "agreement":
            self.settled_issues = list(issues)
        self.blockers = blockers


class Recorded(Protocol):
    """What a recorder reads of the conference."""

    @property
    def round(self) -> int: ...
    @property
    def in_talks(self) -> bool: ...
    @property
    def ids(self) -> list[str]: ...
    @property
    def voter_list(self) -> list[int]: ...
    @property
    def text(self) -> np.ndarray | None: ...
    @property
    def yes(self) -> np.ndarray: ...
    @property
    def reservations(self) -> np.ndarray: ...
    @property
    def aspirations(self) -> np.ndarray: ...
    @property
    def acceptance(self) -> np.ndarray: ...
    @property
    def war(self) -> War: ...


class NullRecorder:
    """Keeps nothing per round (a sweep's result row needs none of it)."""

    def __init__(self) -> None:
        self.history: list[RoundRecord] = []  # one per round of talks
        self.course: list[CourseEntry] = []  # one per round, from round 1

    def talks(self, model: Recorded, proposer: str | None, fired: list[str], paid: dict[str, float]) -> None:
        """A round of talks of the conference ``model``: the text tabled and the votes on it."""

    def classic(self, model: Recorded, fired: list[str]) -> None:
        """A round of a classic model: its forecast."""

    def end_round(self, model: Recorded) -> None:
        """The round as the plots and the narrative read it."""


class Recorder(NullRecorder):
    """Keeps a ``RoundRecord`` per round of talks and a ``CourseEntry`` per round."""

    def talks(self, model: Recorded, proposer: str | None, fired: list[str], paid: dict[str, float]) -> None:
        assert model.text is not None
        yes, ids = model.yes.tolist(), model.ids
        record = RoundRecord(
            round=model.round,
            text=model.text.tolist(),
            proposer=proposer,
            yes=[ids[i] for i in model.voter_list if yes[i]],
            no=[ids[i] for i in model.voter_list if not yes[i]],
            events=fired,
            payments=paid,
        )
        self.history.append(record)

    def classic(self, model: Recorded, fired: list[str]) -> None:
        assert model.text is not None
        self.history.append(RoundRecord(model.round, model.text.tolist(), None, [], [], events=fired))

    def end_round(self, model: Recorded) -> None:
        talks = model.in_talks
        self.course.append(
            CourseEntry(
                round=model.round,
                talks=talks,
                reservations=model.reservations.tolist(),
                aspirations=model.aspirations.tolist(),
                worth=model.acceptance.tolist() if talks else None,
                war_cost=model.war.cumulative.tolist(),
            )
        )


def _values(array: Any) -> list[float]:
    return [round(float(v), 4) for v in array]


def datacollector(collect: bool) -> mesa.DataCollector:
    """Mesa's DataCollector of the conference's rounds and agents (one that keeps nothing if not ``collect``)."""
    cls = mesa.DataCollector if collect else NullCollector
    return cls(
        model_reporters={
            "text": lambda m: _values(m.text),
            "accepted": lambda m: int(m.yes.sum()),
            "outcome": "outcome",
            "territory": lambda m: round(m.war.territory, 4),
            "optimism_gap": lambda m: round(m.war.optimism_gap(), 4),
            "ripe": lambda m: m.ripe_round is not None and m.ripe_round == m.round,
            "talks": "in_talks",
        },
        agent_reporters={
            "offer": lambda a: _values(a.offer),
            "aspiration": "aspiration",
            "utility": "utility",
            "reservation": "reservation",
        },
    )


class NullCollector(mesa.DataCollector):
    """A DataCollector that collects nothing (its tables stay empty)."""

    def collect(self, model: mesa.Model) -> None:
        pass
