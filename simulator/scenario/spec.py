"""The validated scenario: plain frozen records that every layer reads (no loading or validation here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.core.calendar import Calendar


class ScenarioError(ValueError):
    """A scenario could not be used; ``errors`` lists every problem found, one line each."""

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        n = len(self.errors)
        head = "1 error in scenario" if n == 1 else f"{n} errors in scenario"
        super().__init__(head + ":\n" + "\n".join(f"  {e}" for e in self.errors))


class ScenarioWarning(UserWarning):
    """A scenario was usable but something in it was adjusted (for example saliences normalised)."""


NEAR = 3.0  # points: within this of an anchor, the terms are read as that anchor (≈)
FAR_TEXT = 60  # characters: the farther anchor's text is cut to this in a meaning between two anchors


def shorten(text: str, width: int = FAR_TEXT) -> str:
    """``text`` cut at a word to at most ``width`` characters, with '…' where it was cut.

    >>> shorten("one two three", 9)
    'one two…'
    """
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


@dataclass(frozen=True)
class Issue:
    """A negotiable issue on a 0..100 scale; ``anchors`` give the meaning of points on it, ``scale``
    (optional) what its two ends stand for in one line."""

    id: str
    name: str
    anchors: dict[int, str]
    options: tuple[float, ...] | None = None
    separable: bool = False  # can be settled on its own (a partial deal)
    scale: str = ""  # what 0 and 100 stand for; empty: the texts of anchors 0 and 100

    def ends(self) -> str:
        """Which end of the scale is whose: ``scale``, or else '0 = <anchor 0>, 100 = <anchor 100>'.

        >>> Issue("X", "x", {0: "A's ideal", 100: "B's ideal"}).ends()
        "0 = A's ideal, 100 = B's ideal"
        """
        if self.scale:
            return self.scale
        return ", ".join(f"{end} = {self.anchors[end]}" for end in (0, 100) if end in self.anchors)

    def meaning(self, value: float) -> str:
        """What ``value`` means on the scale: '≈P: text' within ``NEAR`` points of an anchor P, else
        the two anchors it lies between, the nearer one first with its whole text.

        >>> issue = Issue("X", "x", {0: "none", 50: "half", 100: "all"})
        >>> issue.meaning(52)
        '≈50: half'
        >>> issue.meaning(60)
        'between 50 and 100, nearer 50 (10.0 from it, 40.0 from 100); 50: half; 100: all'
        >>> issue.meaning(25)
        'midway between 0 and 50 (25.0 from each); 0: none; 50: half'
        """
        value = round(value, 1)  # as the reports show it
        points = sorted(self.anchors)
        nearest = min(points, key=lambda a: abs(a - value))  # ties go to the lower anchor
        below = [a for a in points if a <= value]
        above = [a for a in points if a >= value]
        if abs(nearest - value) <= NEAR or not below or not above:
            return f"≈{nearest}: {self.anchors[nearest]}"
        low, high = below[-1], above[0]
        far = high if nearest == low else low
        near_d, far_d = abs(value - nearest), abs(value - far)
        texts = f"{nearest}: {self.anchors[nearest]}; {far}: {shorten(self.anchors[far])}"
        if round(near_d, 1) == round(far_d, 1):
            return f"midway between {low} and {high} ({near_d:.1f} from each); {texts}"
        return f"between {low} and {high}, nearer {nearest} ({near_d:.1f} from it, {far_d:.1f} from {far}); {texts}"


@dataclass(frozen=True)
class ComponentSpec:
    """A chosen rule, protocol or agreement rule: its registered name and its parameters."""

    type: str
    params: dict[str, Any]


@dataclass(frozen=True)
class RedLine:
    """A public red line (Fearon 1994, audience costs): a text beyond ``at`` on ``issue``, away
    from the agent's ideal, costs it ``cost + growth * round`` in utility."""

    issue: str
    at: float
    cost: float
    growth: float


@dataclass(frozen=True)
class AgentSpec:
    id: str
    name: str
    role: str
    bloc: str
    capability: float
    reservation: float
    rule: ComponentSpec
    position: dict[str, float]
    salience: dict[str, float]
    sources: dict[str, list[str]]
    ratification: dict[str, float] = field(default_factory=dict)  # veto player -> utility threshold
    red_lines: list[RedLine] = field(default_factory=list)
    mediation: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ConferenceSpec:
    protocol: ComponentSpec
    agreement: ComponentSpec
    max_rounds: int
    walkout: list[str]
    walkout_patience: int
    utility: str
    settle_tolerance: float
    settings: dict[str, Any] = field(default_factory=dict)  # CONFERENCE_SETTINGS
    deadline: int = 0  # a round every party knows the talks must end by; 0: none


@dataclass(frozen=True)
class WarSpec:
    cost_per_round: dict[str, float]
    settings: dict[str, Any] = field(default_factory=dict)  # WAR_SETTINGS


@dataclass(frozen=True)
class Change:
    """One scheduled change: ``path`` as in ``--set`` (``agents.RUS.salience.TERR_LINE``)."""

    path: str
    value: float
    target: tuple[str, ...]  # resolved: ("agent", id, field[, issue]) or ("war", id)


@dataclass(frozen=True)
class EventSpec:
    round: int
    name: str
    changes: list[Change]
    deadline: int | None = None  # from this round on, every party knows the talks end by this round


@dataclass(frozen=True)
class ReferenceIssue:
    """The real outcome on one issue of a historical case: its value on the issue's scale, what
    was agreed, the provenance of the value (src, mem or est) and its source ids."""

    outcome: float
    outcome_text: str
    prov: str
    sources: list[str]
    implementation: float | None = None  # the value actually implemented, where the data scores it


@dataclass(frozen=True)
class Reference:
    """The real settlement of a historical case (``reference:``), set beside the simulated one
    (``simulator.evaluate.history``; docs/history.md)."""

    outcome: str  # agreement, partial, no_agreement or breakdown, as a run's outcome
    outcome_type: str
    outcome_text: str
    dates: dict[str, str]
    implementation: str
    sources: list[str]
    issues: dict[str, ReferenceIssue]


@dataclass
class Scenario:
    """A validated scenario. Build one with ``load_scenario``."""

    name: str
    description: str
    as_of: str
    issues: list[Issue]
    agents: list[AgentSpec]
    conference: ConferenceSpec
    war: WarSpec
    events: list[EventSpec]
    ripeness: dict[str, Any] = field(default_factory=dict)  # RIPENESS_SETTINGS
    source: str = "<scenario>"
    overrides: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reference: Reference | None = None  # the real outcome of a historical case
    calendar: Calendar | None = None  # the date of each round; None: rounds only

    @property
    def issue_ids(self) -> list[str]:
        return [i.id for i in self.issues]

    @property
    def agent_ids(self) -> list[str]:
        return [a.id for a in self.agents]

    def agent(self, agent_id: str) -> AgentSpec:
        for a in self.agents:
            if a.id == agent_id:
                return a
        raise KeyError(agent_id)
