"""The settlement report of a finished conference, as plain data (JSON-ready).

Keys scripts can rely on: ``outcome``, ``round``, ``terms`` (issue id to value, only the issues
settled), ``actors`` (actor id to its figures), ``blocked``, ``benchmarks`` and ``distance``; every
key is typed in ``simulator.report.types`` and documented in docs/cli.md. For a scenario with a real
outcome (``reference:``), ``run_conference`` adds ``reference``: the simulated settlement beside the
real one (``simulator.report.reference.compare``).
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

from simulator.conference.model import PeaceConference
from simulator.core.solutions import nash_bargaining, weighted_mean, weighted_median
from simulator.core.utility import EXPONENT, utilities
from simulator.report.talks import calendar_record, episode_entries, iso, partial_deal_entries, round_dates
from simulator.report.types import (
    ActorFigures,
    Benchmarks,
    Blocked,
    ByIssue,
    Course,
    Distances,
    PerActorSeries,
    RoundEntry,
    SettlementReport,
    SweepReport,
)


def _r(value: float, digits: int = 4) -> float:
    return round(float(value), digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def _by_issue(model: PeaceConference, values: np.ndarray) -> ByIssue:
    return {k: None if np.isnan(v) else _r(v, 2) for k, v in zip(model.issue_ids, values, strict=True)}


def _history(model: PeaceConference) -> list[dict[str, dict[str, float]]]:
    """history[round][actor][issue]: every actor's position after each round, 0 = the start."""
    rounded = (np.round(np.array(model.positions_history), 4) + 0.0).tolist()  # + 0.0: no -0.0
    # about a thousand rows, all as long as issue_ids (one array): zip them without the length
    # check (a keyword argument costs a quarter of the time here)
    by_issue = repeat(model.issue_ids)
    return [dict(zip(model.ids, map(dict, map(zip, by_issue, rows)), strict=True)) for rows in rounded]


def _course(model: PeaceConference) -> Course:
    """The run round by round, per actor: walk-away value, aspiration, worth of the text on the
    table (None before talks), the war's cost so far; and the territory held by the first side."""
    ids = model.ids

    def series(field: str) -> PerActorSeries:
        rows: list[list[float] | None] = [getattr(c, field) for c in model.course]
        present = [row is not None for row in rows]
        rounded = _rounded([row if row is not None else [0.0] * len(ids) for row in rows], 4) if rows else []
        return {
            a: [row[i] if ok else None for row, ok in zip(rounded, present, strict=True)] for i, a in enumerate(ids)
        }

    return {
        "round": [c.round for c in model.course],
        "talks": [c.talks for c in model.course],
        "reservation": series("reservations"),
        "aspiration": series("aspirations"),
        "utility": series("worth"),
        "war_cost": series("war_cost"),
        "territory": _rounded(model.territory, 4),
        "date": None if model.calendar is None else [model.calendar.iso(c.round) for c in model.course],
    }


def worst_issue(model: PeaceConference, i: int, text: np.ndarray) -> tuple[str, float]:
    """The issue that costs agent i most in this text, and the text's value there."""
    loss = model.saliences[i] * np.abs(text - model.ideals[i]) ** EXPONENT[model.form]
    k = int(np.argmax(loss))
    return model.issue_ids[k], float(text[k])


def block_reason(model: PeaceConference, agent_id: str) -> str:
    i = model.ids.index(agent_id)
    assert model.text is not None
    if model.walked_out == agent_id:
        return (
            f"walked out: fighting on (reservation {model.reservations[i]:.3f}) was worth more than the "
            f"{model.expected_values()[i]:.3f} it could expect from the other side, "
            f"for {model.spec.conference.walkout_patience} rounds"
        )
    issue, value = worst_issue(model, i, model.text)
    k = model.issue_ids.index(issue)
    rule = model.delegations[agent_id].rule.describe()
    return (
        f"the text is worth {model.acceptance[i]:.3f} to it, below the {model.aspirations[i]:.3f} "
        f"it still demands under {rule}; its biggest objection is {issue} "
        f"(text {value:.1f}, its position {model.ideals[i, k]:.0f})"
    )


def _terms(model: PeaceConference, text: np.ndarray, settled: set[str]) -> dict[str, float]:
    """The settled issues' terms, rounded as the report shows them."""
    return {k: _r(v, 2) for k, v in zip(model.issue_ids, text, strict=True) if k in settled}


def _surplus(model: PeaceConference, values: np.ndarray, i: int) -> float:
    """Agent i's utility of the text less its walk-away value, side payments counted."""
    return _r(values[i] + model.payments[i] - model.reservations[i])


def _side_payments(model: PeaceConference) -> dict[str, float]:
    """What a mediator with leverage promised each voter it paid, rounded as the report shows it."""
    return {model.ids[i]: _r(model.payments[i]) for i in np.flatnonzero(model.payments > 0)}


def _optimism_gaps(model: PeaceConference) -> list[float]:
    return _rounded(model.optimism_gaps, 4)


def _rounded(values: list, digits: int) -> list:
    """``round(v, digits) + 0.0`` for every float in ``values`` (a list, or a list of equal
    lists), bit for bit, in a few array operations instead of one Python ``round`` each (a
    report rounds about a thousand).

    Python rounds the exact binary value to ``digits`` decimals, ties to even, and returns the
    float nearest that decimal: ``rint(v * 10**digits) / 10**digits`` is that float, unless the
    rounding error of the product (below 1e-7 under 2**30) carried it across a tie. Values
    within 1e-6 of a tie, huge ones and non-finite ones are rounded by Python's ``round``.

    >>> _rounded([[2.675, 0.125, -0.001], [1e300, float("nan"), 1.005]], 2)
    [[2.67, 0.12, 0.0], [1e+300, nan, 1.0]]
    """
    array = np.asarray(values, dtype=float)
    scale = 10.0**digits
    with np.errstate(invalid="ignore", over="ignore"):  # (non-finite values fail the tests below)
        scaled = array * scale
        out = np.rint(scaled) / scale + 0.0
        fraction = np.abs(scaled - np.trunc(scaled))
        risky = ~(np.abs(fraction - 0.5) > 1e-6) | ~(np.abs(scaled) < 2.0**30)
    for index in zip(*np.nonzero(risky), strict=True):
        out[index] = round(float(array[index]), digits) + 0.0
    return out.tolist()


def sweep_report(model: PeaceConference) -> SweepReport:
    """The keys of ``settlement_report`` that a sweep's result row reads (``sweeps.result_row``),
    with the same values. A sweep runs thousands of conferences and keeps one row each: it
    skips the benchmarks (Nash solution, weighted mean and median), the reasons for blocking
    and the per-round records, which cost as much as a tenth of a run."""
    assert model.text is not None and model.outcome is not None and model.settled_round is not None  # (finished)
    text = model.text
    values = utilities(text, model.ideals, model.saliences, model.form)
    return {
        "outcome": model.outcome,
        "round": model.settled_round,
        "settled_date": iso(model.calendar, model.settled_round),
        "ripe_round": model.ripe_round,
        "ripe_date": iso(model.calendar, model.ripe_round),
        "talks_opened": model.talks_start,
        "talks_start_date": iso(model.calendar, model.talks_start),
        "episodes": episode_entries(model),
        "partial_deals": partial_deal_entries(model),
        "walked_out": model.walked_out,
        "terms": _terms(model, text, set(model.settled_issues)),
        "final_text": _by_issue(model, text),
        "actors": {
            agent.id: {"role": agent.role, "utility": _r(values[i]), "surplus": _surplus(model, values, i)}
            for i, agent in enumerate(model.spec.agents)
        },
        "ratified": dict(model.ratified),
        "side_payments": _side_payments(model),
        "optimism_gap": _optimism_gaps(model),
    }


def _distance_from_ideal(model: PeaceConference, i: int, text: np.ndarray) -> float:
    """Salience-weighted mean distance of the text from agent i's ideal, over the issues it states."""
    stated = model.has_position[i]
    weights = model.saliences[i][stated]
    if not weights.sum() > 0:
        return 0.0
    return float((model.saliences[i] * np.abs(text - model.ideals[i]))[stated].sum() / weights.sum())


def _actors(model: PeaceConference, text: np.ndarray, values: np.ndarray) -> dict[str, ActorFigures]:
    """Every actor's figures: who it is, what it wanted, what the text is worth to it, its vote."""
    # no vote without a text put to one: a classic model forecasts, a conference that never met never voted
    voted = not model.classic and model.talks_start is not None
    issue_ids = model.issue_ids
    actors: dict[str, ActorFigures] = {}
    for i, agent in enumerate(model.spec.agents):
        stated = model.has_position[i]
        actors[agent.id] = {
            "name": agent.name,
            "role": agent.role,
            "capability": _r(model.capabilities[i]),
            "ideal": {k: _r(v, 2) for k, v, s in zip(issue_ids, model.ideals[i], stated, strict=True) if s},
            "salience": {k: _r(v) for k, v in zip(issue_ids, model.saliences[i], strict=True) if v > 0},
            "rule": model.delegations[agent.id].rule.describe(),
            "utility": _r(values[i]),
            "reservation": _r(model.reservations[i]),
            "side_payment": _r(model.payments[i]),
            "surplus": _surplus(model, values, i),  # side payments count
            "distance_from_ideal": _r(_distance_from_ideal(model, i, text), 2),
            "aspiration": _r(model.aspirations[i]),
            "accepted": bool(model.yes[i]) if model.voters[i] and voted else None,
        }
    return actors


def _benchmark_texts(model: PeaceConference) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """The texts the final one is measured against: the Nash bargaining solution between the
    principals (None if there is none), the weighted mean and the weighted median of the positions."""
    principals = model.principals
    nash = nash_bargaining(
        model.ideals[principals], model.saliences[principals], model.reservations[principals], form=model.form
    )
    mean = weighted_mean(model.ideals, model.saliences * model.has_position, model.capabilities)
    median = weighted_median(model.ideals, model.saliences * model.has_position, model.capabilities)
    if nash is not None:  # issues no principal weighs have no Nash value
        nash = np.where((model.saliences[principals] > 0).any(axis=0), nash, np.nan)
    return nash, mean, median


def _benchmarks(model: PeaceConference, text: np.ndarray) -> tuple[Benchmarks, Distances]:
    """The benchmark texts by issue, and the mean distance of the final text from each."""
    nash, mean, median = _benchmark_texts(model)

    def distance_to(reference: np.ndarray | None) -> float | None:
        if reference is None:
            return None
        gaps = np.abs(text - reference)
        return _r(gaps[~np.isnan(gaps)].mean(), 2) if (~np.isnan(gaps)).any() else None

    benchmarks: Benchmarks = {
        "nash_bargaining": None if nash is None else _by_issue(model, nash),
        "weighted_mean": _by_issue(model, mean),
        "weighted_median": _by_issue(model, median),
    }
    distances: Distances = {
        "nash_bargaining": distance_to(nash),
        "weighted_mean": distance_to(mean),
        "weighted_median": distance_to(median),
    }
    return benchmarks, distances


def _war_cost(model: PeaceConference) -> dict[str, float]:
    """What the war has cost each principal so far."""
    return {model.ids[i]: _r(model.war.cumulative[i]) for i in np.flatnonzero(model.principals)}


def _territory(model: PeaceConference) -> dict[str, float]:
    """The share of the territory each side holds (empty unless two sides fight)."""
    sides = [model.ids[i] for i in model.war.sides]
    return {sides[0]: _r(model.war.territory), sides[1]: _r(1.0 - model.war.territory)} if len(sides) == 2 else {}


def _rounds(model: PeaceConference) -> list[RoundEntry]:
    """One entry per round of talks: who tabled which text, who voted for and against it, the events."""
    rounds: list[RoundEntry] = []
    for r, text in zip(model.history, _rounded([r.text for r in model.history], 2), strict=True):
        entry: RoundEntry = {
            "round": r.round,
            "date": iso(model.calendar, r.round),
            "proposer": r.proposer,
            "text": text,
            "yes": r.yes,
            "no": r.no,
        }
        if r.events:
            entry["events"] = r.events
        rounds.append(entry)
    return rounds


def settlement_report(model: PeaceConference, seed: int | None = None, history: bool = True) -> SettlementReport:
    """Everything a user reads about a finished run, as JSON-ready data (keys in the JSON's order)."""
    assert model.text is not None
    spec, text = model.spec, model.text
    settled = set(model.settled_issues)
    terms = _terms(model, text, settled)
    actors = _actors(model, text, utilities(text, model.ideals, model.saliences, model.form))
    benchmarks, distances = _benchmarks(model, text)
    blocked: list[Blocked] = [{"actor": a, "reason": block_reason(model, a)} for a in model.blockers]
    agreed = model.outcome == "agreement"
    return {
        "scenario": spec.name,
        "source": spec.source,
        "seed": seed,
        "overrides": list(spec.overrides),
        "protocol": model.protocol.describe(),
        "agreement_rule": model.agreement.describe(),
        "outcome": model.outcome,
        "round": model.settled_round,
        "settled_date": iso(model.calendar, model.settled_round),
        "max_rounds": model.max_rounds,
        "horizon_date": iso(model.calendar, model.max_rounds),
        "calendar": calendar_record(model.calendar),
        "terms": terms,
        "terms_meaning": {issue.id: issue.meaning(terms[issue.id]) for issue in spec.issues if issue.id in terms},
        "scale": {issue.id: issue.ends() for issue in spec.issues},
        "settled_issues": [k for k in model.issue_ids if k in settled],
        "final_text": _by_issue(model, text),
        "actors": actors,
        "blocked": blocked,
        "walked_out": model.walked_out,
        "ripe_round": model.ripe_round,
        "ripe_date": iso(model.calendar, model.ripe_round),
        "talks_opened": model.talks_start,
        "talks_start_date": iso(model.calendar, model.talks_start),
        "episodes": episode_entries(model),
        "partial_deals": partial_deal_entries(model),
        "optimism_gap": _optimism_gaps(model),
        "war_cost": _war_cost(model),
        "territory": _territory(model),
        "ratified": dict(model.ratified),
        "ratification_failures": model.domestic.failed(model.acceptance, model.principals, model.ids) if agreed else {},
        "side_payments": _side_payments(model),
        "escalation": model.war.escalation_report(),
        "benchmarks": benchmarks,
        "distance": distances,
        # history[round][actor][issue]: every actor's position (its offer) after each round, 0 = start
        "history": _history(model) if history else None,
        "course": _course(model) if history else None,
        "rounds": _rounds(model),
        "dates": round_dates(model),
    }
