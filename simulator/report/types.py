"""The reports as types: every key a format, a plot or a sweep row reads, checked by mypy.

``SettlementReport`` is what ``settlement_report`` returns (and ``ConferenceResult.report``);
``SweepReport`` the part of it a sweep's result row needs (``sweep_report``); ``Comparison`` the
simulated settlement beside the real one (``report["reference"]``, ``reference.compare``). They are
``TypedDict``s, so a report stays a plain dict: ``to_json`` writes it as it is and its keys keep their
order (the order in which ``settlement.py`` builds them; docs/cli.md lists it). The meaning of every key
is in docs/cli.md (JSON) and docs/history.md (``reference``).
"""

# (no ``from __future__ import annotations``: ``NotRequired`` must be seen at runtime, for ``__optional_keys__``)
from typing import NotRequired, TypedDict

ByIssue = dict[str, float | None]  # issue id -> value (None: no value on that issue)
PerActorSeries = dict[str, list[float | None]]  # actor id -> one value per round (None: not yet)


class ActorFigures(TypedDict):
    """One actor in the settlement report (``report["actors"][id]``)."""

    name: str
    role: str
    capability: float
    ideal: dict[str, float]
    salience: dict[str, float]
    rule: str
    utility: float
    reservation: float
    side_payment: float
    surplus: float
    distance_from_ideal: float
    aspiration: float
    accepted: bool | None


class Blocked(TypedDict):
    actor: str
    reason: str


class Benchmarks(TypedDict):
    nash_bargaining: ByIssue | None
    weighted_mean: ByIssue | None
    weighted_median: ByIssue | None


class Distances(TypedDict):
    nash_bargaining: float | None
    weighted_mean: float | None
    weighted_median: float | None


class Course(TypedDict):
    """The run round by round (``report["course"]``)."""

    round: list[int]
    talks: list[bool]
    reservation: PerActorSeries
    aspiration: PerActorSeries
    utility: PerActorSeries
    war_cost: PerActorSeries
    territory: list[float]
    date: list[str] | None  # each round's date (None without a calendar)


class CalendarRecord(TypedDict):
    """The scenario's calendar (``report["calendar"]``): the date of round 1 and a round's length."""

    start: str
    round: str


class EpisodeEntry(TypedDict):
    """One spell of talks (``report["episodes"][k]``): when and by what it opened, how it ended."""

    opened: int
    opened_date: str | None
    opened_by: str
    ripe: bool
    closed: int | None
    closed_date: str | None
    ended: str | None
    left: str | None
    why: str


class PartialDealEntry(TypedDict):
    """A separable issue settled on its own (``report["partial_deals"][k]``)."""

    round: int
    date: str | None
    issue: str
    value: float
    meaning: str


class RoundEntry(TypedDict):
    """One round of talks (``report["rounds"][k]``)."""

    round: int
    date: str | None  # the round's date (None without a calendar)
    proposer: str | None
    text: list[float]
    yes: list[str]
    no: list[str]
    events: NotRequired[list[str]]


class OutcomeMatch(TypedDict):
    simulated: str | None
    real: str
    match: bool


class IssueComparison(TypedDict):
    """One issue of ``Comparison.issues``."""

    simulated: float | None
    settled: bool
    real: float | None
    error: float | None
    abs_error: float | None
    midpoint: float | None
    midpoint_abs_error: float | None
    real_text: str
    prov: str | None
    sources: list[str]
    implementation: float | None


class Comparison(TypedDict):
    """The simulated settlement beside the real one (``report["reference"]``)."""

    case: str
    source: str
    outcome: OutcomeMatch
    round: int | None
    settled_date: str | None  # the date of ``round`` (None without a calendar)
    outcome_type: str
    outcome_text: str
    dates: dict[str, str]
    implementation: str
    sources: list[str]
    issues: dict[str, IssueComparison]
    compared: int
    unsettled: list[str]
    mean_abs_error: float | None
    mean_midpoint_abs_error: float | None


class SettlementReport(TypedDict):
    """Everything a user reads about a run (``settlement_report``); keys in the order of the JSON."""

    scenario: str
    source: str
    seed: int | None
    overrides: list[str]
    protocol: str
    agreement_rule: str
    outcome: str | None  # None only in a report made mid-run (the app's)
    round: int | None
    settled_date: str | None
    max_rounds: int
    horizon_date: str | None
    calendar: CalendarRecord | None
    terms: dict[str, float]
    terms_meaning: dict[str, str]
    scale: dict[str, str]  # issue id -> which end of its scale is whose
    settled_issues: list[str]
    final_text: ByIssue
    actors: dict[str, ActorFigures]
    blocked: list[Blocked]
    walked_out: str | None
    ripe_round: int | None
    ripe_date: str | None
    talks_opened: int | None
    talks_start_date: str | None
    episodes: list[EpisodeEntry]
    partial_deals: list[PartialDealEntry]
    optimism_gap: list[float]
    war_cost: dict[str, float]
    territory: dict[str, float]
    ratified: dict[str, bool]
    ratification_failures: dict[str, list[str]]
    side_payments: dict[str, float]
    escalation: dict[str, dict[str, float | str]]  # cost_effect, grievance_effect, dominant
    benchmarks: Benchmarks
    distance: Distances
    history: list[dict[str, dict[str, float]]] | None
    course: Course | None
    rounds: list[RoundEntry]
    dates: dict[str, str]  # round (as text, 0 to the last round run) -> ISO date; empty without a calendar
    reference: NotRequired[Comparison]  # only for a scenario with a real outcome (``reference:``)


class SweepActor(TypedDict):
    role: str
    utility: float
    surplus: float


class SweepReport(TypedDict):
    """The keys of ``SettlementReport`` a sweep's result row reads, with the same values (of a finished run)."""

    outcome: str
    round: int
    settled_date: str | None
    ripe_round: int | None
    ripe_date: str | None
    talks_opened: int | None
    talks_start_date: str | None
    episodes: list[EpisodeEntry]
    partial_deals: list[PartialDealEntry]
    walked_out: str | None
    terms: dict[str, float]
    final_text: ByIssue
    actors: dict[str, SweepActor]
    ratified: dict[str, bool]
    side_payments: dict[str, float]
    optimism_gap: list[float]
