"""Forecast accuracy on real decisions: every protocol and the reference solutions, scored.

The data format is DEU III's (Arregui and Perarnaud 2021, "A new dataset on legislative
decision-making in the European Union: the DEU III dataset", doi:10.34810/data53): a
tab-separated table, one row per issue, with columns ``p<actor>`` (position 0..100) and
``s<actor>`` (salience 0..100), ``rp`` (reference point), ``out`` (observed outcome), and a
second row holding the actors' capabilities under the ``p`` columns.

Each issue becomes a one-issue scenario: every actor with a position is a principal with its
capability and its salience (absolute, /100); its walk-away value is the worth of the reference
point where one is given (no agreement leaves the status quo), else 0; the Council's rule gives
the agreement rule (unanimity, or a capability-weighted quota of 0.65 under QMV). Every model
runs with its published defaults: nothing is fitted to these data. A conference that ends
without agreement forecasts the reference point (or, without one, its last text).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from simulator.api import run_conference
from simulator.core.solutions import nash_bargaining, weighted_mean, weighted_median
from simulator.negotiation.protocols import PROTOCOLS
from simulator.report.json import to_json as stable_json
from simulator.report.tables import Column, text_table
from simulator.scenario import load_scenario
from simulator.scenario.spec import ScenarioError

HIT = 10.0  # a forecast within 10 points of the outcome is a hit
QMV_QUOTA = 0.65


class BacktestError(ValueError):
    """The data cannot be read as a table of decisions."""


@dataclass(frozen=True)
class Decision:
    """One issue: who took part, where they stood, how much it mattered, what happened."""

    id: str
    actors: list[str]
    positions: list[float]
    saliences: list[float]
    capabilities: list[float]
    reference: float | None
    outcome: float
    unanimity: bool


def _number(text: str) -> float | None:
    text = text.strip().strip('"')
    if text in ("", "NA", "."):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_deu(path: str | Path) -> list[Decision]:
    """The decisions in a DEU III-style table (issues without an observed outcome are skipped)."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    if len(rows) < 3:
        raise BacktestError(f"{path}: expected a header, a row of capabilities and at least one issue")
    header = [h.strip().strip('"') for h in rows[0]]
    for needed in ("out",):
        if needed not in header:
            raise BacktestError(f"{path}:1: no column {needed!r}; expected p<actor>, s<actor>, rp and out columns")
    actors = [h[1:] for h in header if h.startswith("p") and "s" + h[1:] in header]
    if not actors:
        raise BacktestError(f"{path}:1: no actor columns (p<actor> with a matching s<actor>)")
    column = {h: k for k, h in enumerate(header)}
    capability_row = rows[1]
    capabilities = {a: _number(capability_row[column["p" + a]]) or 0.0 for a in actors}
    decisions = []
    for line, row in enumerate(rows[2:], start=3):
        if not any(cell.strip() for cell in row):
            continue
        outcome = _number(row[column["out"]])
        if outcome is None:
            continue
        cells = []
        for a in actors:
            position, salience = _number(row[column["p" + a]]), _number(row[column["s" + a]])
            if position is not None:
                cells.append((a, position, 50.0 if salience is None else salience))
        if len(cells) < 2:
            continue
        name = row[column["isnr"]].strip('"') if "isnr" in column else f"line {line}"
        vote = row[column["counvte"]].strip('"').lower() if "counvte" in column else ""
        decisions.append(
            Decision(
                id=name,
                actors=[a for a, _, _ in cells],
                positions=[p for _, p, _ in cells],
                saliences=[s for _, _, s in cells],
                capabilities=[capabilities[a] for a, _, _ in cells],
                reference=_number(row[column["rp"]]) if "rp" in column else None,
                outcome=outcome,
                unanimity=vote.startswith("unan"),
            )
        )
    if not decisions:
        raise BacktestError(f"{path}: no issue with an observed outcome and two positions")
    return decisions


def scenario_for(decision: Decision, protocol: str) -> dict[str, Any]:
    """A one-issue scenario for a decision, run under ``protocol``."""
    agents: list[dict[str, Any]] = []
    for a, position, salience, capability in zip(
        decision.actors, decision.positions, decision.saliences, decision.capabilities, strict=True
    ):
        stake = max(min(salience / 100.0, 1.0), 0.0)
        worth = 0.0 if decision.reference is None else max(0.0, 1.0 - stake * abs(decision.reference - position) / 100)
        agents.append(
            {
                "id": a.upper(),
                "role": "principal",
                "capability": max(capability, 0.0),
                "reservation": round(worth, 6),
                "position": {"X": position},
                "salience": {"X": stake},
            }
        )
    if protocol == "single_text":
        agents.append({"id": "CHAIR", "role": "mediator", "capability": 0.0})
    agreement: Any = "unanimity" if decision.unanimity else {"type": "weighted_quota", "quota": QMV_QUOTA}
    return {
        "name": f"{decision.id} ({protocol})",
        "saliences": "absolute",
        "issues": [{"id": "X", "anchors": {0: "one end of the issue", 100: "the other end"}}],
        "agents": agents,
        # an EU decision is taken by a known date: the last round is a deadline every member knows
        "conference": {"protocol": protocol, "agreement": agreement, "max_rounds": 100, "deadline": 100, "walkout": []},
    }


def reference_forecasts(decision: Decision) -> dict[str, float]:
    """The weighted mean, weighted median and Nash bargaining solution of a decision."""
    ideals = np.array(decision.positions)[:, None]
    saliences = np.array(decision.saliences)[:, None] / 100.0
    caps = np.array(decision.capabilities)
    out = {
        "weighted_mean": float(weighted_mean(ideals, saliences, caps)[0]),
        "weighted_median": float(weighted_median(ideals, saliences, caps)[0]),
    }
    # the Nash solution between all actors, each weighted by its capability, from the status quo
    reservations = np.zeros(len(caps))
    if decision.reference is not None:
        reservations = np.clip(1.0 - saliences[:, 0] * np.abs(decision.reference - ideals[:, 0]) / 100.0, 0.0, 1.0)
    nash = nash_bargaining(ideals, saliences, reservations - 1e-6, weights=np.maximum(caps, 1e-9))
    out["nash_bargaining"] = float(nash[0]) if nash is not None else out["weighted_mean"]
    return out


def protocol_forecast(decision: Decision, protocol: str, seed: int = 0) -> float:
    report = run_conference(load_scenario(scenario_for(decision, protocol), name=decision.id), seed=seed,
                            collect=False, history=False).report  # fmt: skip
    if "X" in report["terms"]:
        return float(report["terms"]["X"])
    if decision.reference is not None:
        return decision.reference
    last_text = report["final_text"]["X"]
    assert last_text is not None  # a one-issue conference always has a text on its issue
    return float(last_text)


def backtest(path: str | Path, protocols: list[str] | None = None, seed: int = 0) -> dict[str, Any]:
    """Score every model on every decision: mean absolute error, hit rate (error under 10), n."""
    decisions = read_deu(path)
    names = protocols or sorted(PROTOCOLS)
    forecasts: dict[str, list[tuple[str, float, float]]] = {}
    for decision in decisions:
        for model, value in reference_forecasts(decision).items():
            forecasts.setdefault(model, []).append((decision.id, value, decision.outcome))
        for protocol in names:
            try:
                value = protocol_forecast(decision, protocol, seed)
            except ScenarioError:
                continue  # a protocol that cannot run this decision is not scored on it
            forecasts.setdefault(protocol, []).append((decision.id, value, decision.outcome))
    models = {}
    for model, rows in forecasts.items():
        errors = np.array([abs(f - o) for _, f, o in rows])
        models[model] = {
            "mae": round(float(errors.mean()), 3),
            "hit_rate": round(float((errors < HIT).mean()), 3),
            "n": len(rows),
        }
    return {"data": str(path), "decisions": len(decisions), "models": models, "forecasts": forecasts}


def render(result: dict[str, Any]) -> str:
    """The models' scores as a table, best (lowest mean absolute error) first."""
    columns = [Column("model", 20), Column("MAE", 8, ">"), Column("hit rate", 10, ">"), Column("n", 6, ">")]
    ranked = sorted(result["models"].items(), key=lambda item: item[1]["mae"])
    rows = [(model, f"{f['mae']:.2f}", f"{f['hit_rate']:.1%}", str(f["n"])) for model, f in ranked]
    return (
        "\n".join(
            [
                f"backtest on {result['data']}: {result['decisions']} decisions",
                *text_table(columns, rows),
                f"(hit: forecast within {HIT:g} points of the observed outcome; published defaults, nothing fitted)",
            ]
        )
        + "\n"
    )


def to_json(result: dict[str, Any]) -> str:
    """The models' scores as JSON (``peacesim backtest --format json``)."""
    return stable_json({"models": result["models"]})


def plot(result: dict[str, Any], path: str | Path) -> Path:
    """Predicted against observed, one panel per model."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    models = sorted(result["models"])
    cols = min(4, len(models))
    rows = math.ceil(len(models) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 3.2 * rows), squeeze=False)
    for k, model in enumerate(models):
        ax = axes[k // cols][k % cols]
        observed = [o for _, _, o in result["forecasts"][model]]
        predicted = [f for _, f, _ in result["forecasts"][model]]
        ax.scatter(observed, predicted, s=12, alpha=0.6)
        ax.plot([0, 100], [0, 100], color="grey", linewidth=0.8)
        figures = result["models"][model]
        ax.set(
            title=f"{model}\nMAE {figures['mae']:.1f}, hits {figures['hit_rate']:.0%}", xlim=(-5, 105), ylim=(-5, 105)
        )
        ax.set_xlabel("observed")
        ax.set_ylabel("predicted")
    for k in range(len(models), rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
