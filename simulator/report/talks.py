"""Rounds as dates, and the episodes of talks in words, shared by the report formats and the narrative.

A report carries its calendar as ``{"start": ISO date, "round": "1 week"}`` (null without one);
``calendar_of`` turns it back into a ``Calendar``, so a format that holds only the report labels its
rounds as the narrative does, with ``simulator.core.calendar.label``: "round 3 (2026-03-12)", or
"round 3" without a calendar. The sentences below tell how a spell of talks opened (by what, and
whether the conflict was ripe then) and how it closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.conference.model import PeaceConference
from simulator.core.calendar import Calendar, label, parse_date, parse_duration
from simulator.report.types import CalendarRecord, EpisodeEntry, PartialDealEntry

OPENED_BY = {
    "start": "at the start, as the scenario convenes them",
    "round": "in the round the scenario sets for them",
    "ripe": "because the conflict became ripe for every side",
    "mediator": "because a mediator brought the sides to the table once one side was hurting",
    "reconvened": "after a suspension",
}


def calendar_record(calendar: Calendar | None) -> CalendarRecord | None:
    """The calendar as a report holds it: ``{"start": ISO date, "round": "1 week"}`` (None without one)."""
    return None if calendar is None else {"start": calendar.start.isoformat(), "round": calendar.describe()}


def calendar_of(report: Mapping[str, Any]) -> Calendar | None:
    """The ``Calendar`` of a report (None when it has none)."""
    record = report.get("calendar")
    if not record:
        return None
    length, unit = parse_duration(record["round"])
    return Calendar(parse_date(record["start"]), length, unit)


def iso(calendar: Calendar | None, round_: int | None) -> str | None:
    """The ISO date of ``round_`` (None without a calendar or a round)."""
    return None if calendar is None or round_ is None else calendar.iso(round_)


def episode_entries(model: PeaceConference) -> list[EpisodeEntry]:
    """One entry per spell of talks: opened (round, date, by what, ripe then or not), closed, how, who left, why."""
    return [
        {
            "opened": e.opened,
            "opened_date": iso(model.calendar, e.opened),
            "opened_by": e.opened_by,
            "ripe": e.ripe,
            "closed": e.closed,
            "closed_date": iso(model.calendar, e.closed),
            "ended": e.ended,
            "left": e.left,
            "why": e.why,
        }
        for e in model.episodes
    ]


def partial_deal_entries(model: PeaceConference) -> list[PartialDealEntry]:
    """One entry per separable issue settled on its own: round, date, issue, value and its meaning."""
    issues = {issue.id: issue for issue in model.spec.issues}
    return [
        {
            "round": d.round,
            "date": iso(model.calendar, d.round),
            "issue": d.issue,
            "value": round(float(d.value), 2) + 0.0,
            "meaning": issues[d.issue].meaning(d.value) if d.issue in issues else "",
        }
        for d in model.partial_deals
    ]


def round_dates(model: PeaceConference) -> dict[str, str]:
    """Round (as text: a JSON key) -> ISO date, for rounds 0 to the last round run; empty without a calendar."""
    if model.calendar is None:
        return {}
    return {str(r): day for r, day in model.calendar.dates(model.round).items()}


def round_length(calendar: Calendar | None) -> str | None:
    """'a round is 1 week; round 1 begins 2026-02-26' (None without a calendar)."""
    if calendar is None:
        return None
    return f"a round is {calendar.describe()}; round 1 begins {calendar.iso(1)}"


def ripeness_clause(calendar: Calendar | None, opened: int, ripe: bool, ripe_round: int | None) -> str:
    """Whether the conflict was ripe when talks opened in ``opened``, with the ripe round's date and
    how many rounds lay between."""
    if ripe:
        if ripe_round is None or ripe_round >= opened:
            return "the conflict was ripe then (ripe in this very round)"
        return (
            f"the conflict was ripe then (since {label(calendar, ripe_round)}, {_rounds(opened - ripe_round)} earlier)"
        )
    if ripe_round is None:
        return "the conflict was not ripe then, nor at any time in the run"
    if ripe_round > opened:
        return (
            f"the conflict was not yet ripe: it became ripe in {label(calendar, ripe_round)}, "
            f"{_rounds(ripe_round - opened)} later"
        )
    return f"the conflict was not ripe then (it had been ripe in {label(calendar, ripe_round)})"


def opening(calendar: Calendar | None, episode: Mapping[str, Any], ripe_round: int | None) -> str:
    """'Talks open in round 5 (2026-03-26) because ...; the conflict was not yet ripe: ...'."""
    by = episode["opened_by"]
    verb = "reconvene" if by == "reconvened" else "open"
    what = OPENED_BY.get(by, f"({by})")
    text = f"Talks {verb} in {label(calendar, episode['opened'])} {what}"
    clause = ripeness_clause(calendar, episode["opened"], episode["ripe"], ripe_round)
    if by in ("start", "round") and not episode["ripe"]:
        clause += " (talks before ripeness)"
    return f"{text}; {clause}."


def closing(calendar: Calendar | None, episode: Mapping[str, Any]) -> str | None:
    """'Talks suspended by RUS in round 30 (2026-09-17): why.' (None while the talks are open)."""
    closed = episode["closed"]
    if closed is None:
        return None
    when = label(calendar, closed)
    if episode["ended"] == "suspended":
        who = f" by {episode['left']}" if episode.get("left") else ""
        why = f": {episode['why']}" if episode.get("why") else ""
        return f"Talks suspended{who} in {when}{why}."
    if episode["ended"] == "agreement":
        return f"Talks ended in agreement in {when}."
    return f"Talks still open at the horizon, {when}."


def partial_deal(calendar: Calendar | None, deal: Mapping[str, Any]) -> str:
    """'Partial deal in round 12 (2026-05-14): PRISONERS settled at 50.0 (≈50: half each).'"""
    meaning = f" ({deal['meaning']})" if deal.get("meaning") else ""
    return f"Partial deal in {label(calendar, deal['round'])}: {deal['issue']} settled at {deal['value']:.1f}{meaning}."


def _rounds(n: int) -> str:
    return f"{n} round{'s' if n != 1 else ''}"
