"""Reading a sweep: probabilities with confidence intervals, distributions, plots, sensitivity.

``summarize(DIR)`` reads every finished run of a sweep and writes ``summary.json``,
``summary.txt`` and PNG figures under ``DIR/plots``: P(agreement) over each varied field, a
heatmap over the first two, histograms of the settlement round and of the terms on each issue;
and, for a ``sobol`` or ``morris`` design, sensitivity indices from SALib.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from simulator.sweeps.design import design_matrix, problem
from simulator.sweeps.spec import SweepError, SweepSpec
from simulator.sweeps.store import MANIFEST, load_results


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a proportion.

    >>> [round(v, 4) for v in wilson(50, 100)]
    [0.4038, 0.5962]
    >>> wilson(0, 0)
    (0.0, 1.0)
    """
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _share(flags: Any) -> dict[str, float]:
    n, k = int(len(flags)), int(np.sum(flags))
    low, high = wilson(k, n)
    return {"p": round(k / n, 4) if n else 0.0, "low": round(low, 4), "high": round(high, 4), "n": n}


def _quantiles(values: Any) -> dict[str, float] | None:
    values = np.asarray([v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))], float)
    if values.size == 0:
        return None
    q = np.percentile(values, [0, 10, 25, 50, 75, 90, 100])
    return {k: round(float(v), 3) for k, v in zip(("min", "p10", "p25", "median", "p75", "p90", "max"), q, strict=True)}


def _date_quantiles(values: Any) -> dict[str, str] | None:
    """The percentiles of ISO dates (``_quantiles`` of their day numbers), as ISO dates.

    >>> _date_quantiles(["2026-03-05", None, "2026-03-19", "2026-03-12"])["median"]
    '2026-03-12'
    """
    days = [dt.date.fromisoformat(v).toordinal() for v in values if isinstance(v, str) and v]
    q = _quantiles(days)
    return None if q is None else {k: dt.date.fromordinal(int(round(v))).isoformat() for k, v in q.items()}


def _by_level(frame: Any, column: str, bins: int = 8) -> list[dict[str, Any]]:
    """P(agreement) per value of a varied field (numeric fields with many values are binned)."""
    values = frame[column]
    numeric = np.issubdtype(values.dtype, np.number)
    if numeric and values.nunique() > bins:
        edges = np.unique(np.quantile(values, np.linspace(0, 1, bins + 1)))
        keys = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
        labels = [round((float(edges[k]) + float(edges[k + 1])) / 2, 6) for k in range(len(edges) - 1)]
        groups = [(labels[k], frame[keys == k]) for k in range(len(labels))]
    else:
        order = sorted(values.unique()) if numeric else sorted(values.unique(), key=str)
        groups = [(v.item() if hasattr(v, "item") else v, frame[values == v]) for v in order]
    return [_level(v, g) for v, g in groups if len(g)]


def _level(value: Any, runs: Any) -> dict[str, Any]:
    """At one value of a varied field: P(agreement) with its interval, P(breakdown), the median
    round of settlement of the agreements, and the share of runs in which talks became an option."""
    agreed = runs[runs["outcome"] == "agreement"]
    return {
        "value": value,
        **_share(runs["outcome"] == "agreement"),
        "p_breakdown": round(float((runs["outcome"] == "breakdown").mean()), 4),
        "round": float(agreed["round"].median()) if len(agreed) else None,
        "settled_date": (_date_quantiles(agreed["settled_date"]) or {}).get("median")
        if "settled_date" in runs
        else None,
        "p_ripe": round(float(runs["ripe_round"].notna().mean()), 4) if "ripe_round" in runs else None,
    }


def sensitivity(spec: SweepSpec, frame: Any) -> dict[str, Any] | None:
    """Sobol (first and total order) or Morris (mu*, sigma) indices, for agreement and the
    first principal's utility, when the design allows them and every run has finished."""
    if spec.design not in ("sobol", "morris"):
        return None
    matrix = design_matrix(spec)
    if len(frame) != len(matrix):
        return {"note": f"{len(frame)} of {len(matrix)} runs finished: indices need them all"}
    frame = frame.sort_values("point")
    outputs = {"agreement": (frame["outcome"] == "agreement").astype(float).to_numpy()}
    utility = [c for c in frame.columns if c.startswith("utility.")]
    if utility:
        outputs[utility[0]] = frame[utility[0]].astype(float).fillna(0.0).to_numpy()
    prob = problem(spec)
    out: dict[str, Any] = {}
    for name, y in outputs.items():
        if spec.design == "sobol":
            from SALib.analyze import sobol

            res = sobol.analyze(prob, y, calc_second_order=False, seed=spec.master_seed)
            out[name] = {
                path: {"S1": round(float(res["S1"][k]), 4), "ST": round(float(res["ST"][k]), 4)}
                for k, path in enumerate(prob["names"])
            }
        else:
            from SALib.analyze import morris

            res = morris.analyze(prob, matrix, y, num_levels=4, seed=spec.master_seed)
            out[name] = {
                path: {"mu_star": round(float(res["mu_star"][k]), 4), "sigma": round(float(res["sigma"][k]), 4)}
                for k, path in enumerate(prob["names"])
            }
    return out


def summarize(out: str | Path, plots: bool = True) -> dict[str, Any]:
    """Summarise the sweep in ``out``; writes summary.json, summary.txt and plots/*.png."""
    out = Path(out)
    if not (out / MANIFEST).is_file():
        raise SweepError(f"{out}: not a sweep folder (no {MANIFEST})")
    spec = SweepSpec.from_json(json.loads((out / MANIFEST).read_text(encoding="utf-8")))
    frame = load_results(out)
    agreed = frame[frame["outcome"] == "agreement"]
    varied = [v.path for v in spec.vary]
    issues = [c.removeprefix("terms.") for c in frame.columns if c.startswith("terms.")]
    summary: dict[str, Any] = {
        "scenario": spec.scenario,
        "design": spec.design,
        "runs": len(frame),
        "planned": len(design_matrix(spec)) * spec.seeds,
        "outcomes": {k: int(v) for k, v in frame["outcome"].value_counts().sort_index().items()},
        "p_agreement": _share(frame["outcome"] == "agreement"),
        "p_breakdown": _share(frame["outcome"] == "breakdown"),
        "round": _quantiles(agreed["round"]) if len(agreed) else None,
        "settled_date": _date_quantiles(agreed["settled_date"]) if "settled_date" in frame and len(agreed) else None,
        "ripe_round": _quantiles(frame["ripe_round"]) if "ripe_round" in frame else None,
        "ripe_date": _date_quantiles(frame["ripe_date"]) if "ripe_date" in frame else None,
        "episodes": _quantiles(frame["episodes"]) if "episodes" in frame else None,
        "partial_deals": _quantiles(frame["partial_deals"]) if "partial_deals" in frame else None,
        "p_ripe": _share(frame["ripe_round"].notna()) if "ripe_round" in frame else None,
        "terms": {k: _quantiles(agreed[f"terms.{k}"]) for k in issues} if len(agreed) else {},
        "by_parameter": {p: _by_level(frame, p) for p in varied},
        "sensitivity": sensitivity(spec, frame),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n", encoding="utf-8")
    (out / "summary.txt").write_text(render(summary), encoding="utf-8")
    if plots:
        summary["plots"] = [str(p) for p in _plots(out, frame, spec, issues)]
    return summary


def render(summary: dict[str, Any]) -> str:
    """The summary as text."""
    pa, pb = summary["p_agreement"], summary["p_breakdown"]
    scenario = summary["scenario"]
    if scenario.startswith(os.getcwd() + os.sep):  # shown as the user would type it
        scenario = os.path.relpath(scenario)
    lines = [
        f"sweep of {scenario} ({summary['design']}): {summary['runs']} of {summary['planned']} runs",
        f"P(agreement) = {pa['p']:.3f}  (95% CI {pa['low']:.3f} - {pa['high']:.3f})",
        f"P(breakdown) = {pb['p']:.3f}  (95% CI {pb['low']:.3f} - {pb['high']:.3f})",
        "outcomes: " + ", ".join(f"{k} {v}" for k, v in summary["outcomes"].items()),
    ]
    if summary["round"]:
        r, d = summary["round"], summary.get("settled_date")
        lines.append(f"round of settlement: median {r['median']:g} (p10 {r['p10']:g}, p90 {r['p90']:g})")
        if d:
            lines.append(f"date of settlement: median {d['median']} (p10 {d['p10']}, p90 {d['p90']})")
    if summary.get("p_ripe"):
        lines.append(f"talks became an option in {summary['p_ripe']['p']:.1%} of runs")
    if summary.get("ripe_round"):
        r, d = summary["ripe_round"], summary.get("ripe_date")
        dates = f"; date: median {d['median']} (p10 {d['p10']}, p90 {d['p90']})" if d else ""
        lines.append(f"round it became ripe: median {r['median']:g} (p10 {r['p10']:g}, p90 {r['p90']:g}){dates}")
    if summary.get("episodes"):
        e = summary["episodes"]
        lines.append(f"episodes of talks per run: median {e['median']:g} (min {e['min']:g}, max {e['max']:g})")
    if summary.get("partial_deals"):
        pd_ = summary["partial_deals"]
        lines.append(f"partial deals per run: median {pd_['median']:g} (min {pd_['min']:g}, max {pd_['max']:g})")
    for issue, q in summary["terms"].items():
        if q:
            lines.append(f"terms {issue}: median {q['median']:g} (p10 {q['p10']:g}, p90 {q['p90']:g})")
    for path, levels in summary["by_parameter"].items():
        lines.append(f"P(agreement) by {path}:")
        for level in levels:
            settled = "-" if level.get("round") is None else f"{level['round']:g}"
            if level.get("settled_date"):
                settled += f" ({level['settled_date']})"
            ripe = "" if level.get("p_ripe") is None else f"  ripe {level['p_ripe']:.3f}"
            lines.append(
                f"  {level['value']!s:>12}  {level['p']:.3f}  ({level['low']:.3f} - {level['high']:.3f}, n={level['n']})"
                f"  breakdown {level['p_breakdown']:.3f}  round {settled}{ripe}"
            )
    if summary["sensitivity"]:
        lines.append("sensitivity: " + json.dumps(summary["sensitivity"]))
    lines.append("Model results under the scenario's assumptions: not predictions or recommendations.")
    return "\n".join(lines) + "\n"


def _plots(out: Path, frame: Any, spec: SweepSpec, issues: list[str]) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = out / "plots"
    folder.mkdir(exist_ok=True)
    written: list[Path] = []

    def save(fig: Any, name: str) -> None:
        path = folder / name
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    for v in spec.vary:
        levels = _by_level(frame, v.path)
        fig, ax = plt.subplots(figsize=(6, 4))
        xs = list(range(len(levels))) if not v.numeric else [lv["value"] for lv in levels]
        ps = [lv["p"] for lv in levels]
        ax.plot(xs, ps, marker="o", label="P(agreement)")
        ax.plot(xs, [lv["p_breakdown"] for lv in levels], marker="s", linestyle="--", label="P(breakdown)")
        ax.fill_between(xs, [lv["low"] for lv in levels], [lv["high"] for lv in levels], alpha=0.25, label="95% CI")
        if not v.numeric:
            ax.set_xticks(xs, [str(lv["value"]) for lv in levels], rotation=20)
        ax.set(xlabel=v.path, ylabel="share of runs", ylim=(-0.02, 1.02), title=f"P(agreement) over {v.path}")
        ax.legend()
        save(fig, f"p_agreement_{_slug(v.path)}.png")

    if len(spec.vary) >= 2:
        save(_heatmap(plt, frame, spec.vary[0].path, spec.vary[1].path), "heatmap.png")

    agreed = frame[frame["outcome"] == "agreement"]
    if len(agreed):
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.hist(agreed["round"], bins=20)
        ax.set(xlabel="round of settlement", ylabel="runs", title="Round of settlement (agreements)")
        _date_axis(ax, agreed)
        save(fig, "round.png")
        save(_terms_histograms(plt, agreed, issues), "terms.png")
    return written


def _date_axis(ax: Any, runs: Any) -> None:
    """With a calendar (the rows carry ``settled_date``), a second axis on top gives the dates of
    the rounds: read from the rows themselves, between the rounds they hold by linear interpolation."""
    if "settled_date" not in runs:
        return
    known = runs[["round", "settled_date"]].dropna().drop_duplicates("round").sort_values("round")
    if len(known) == 0:
        return
    rounds = known["round"].astype(float).to_numpy()
    days = np.array([dt.date.fromisoformat(d).toordinal() for d in known["settled_date"]], float)
    top = ax.secondary_xaxis("top")
    if len(known) == 1:  # every run settled in the same round: its date is the one tick
        top.set_xticks([rounds[0]], labels=[str(known["settled_date"].iloc[0])], fontsize=7)
        return
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    dates = np.interp(ticks, rounds, days)
    slope = (days[-1] - days[0]) / (rounds[-1] - rounds[0])
    # past the rounds held, go on at the mean pace of the rounds held
    dates = np.where(np.array(ticks) < rounds[0], days[0] + (np.array(ticks) - rounds[0]) * slope, dates)
    dates = np.where(np.array(ticks) > rounds[-1], days[-1] + (np.array(ticks) - rounds[-1]) * slope, dates)
    labels = [dt.date.fromordinal(int(round(d))).isoformat() for d in dates]
    top.set_xticks(ticks, labels=labels, fontsize=7)


def _heatmap(plt: Any, frame: Any, a: str, b: str) -> Any:
    """P(agreement) over the first two varied fields (numeric ones with many values in 8 bins)."""
    table = frame.assign(agree=frame["outcome"] == "agreement")
    for col in (a, b):
        if np.issubdtype(table[col].dtype, np.number) and table[col].nunique() > 8:
            table[col] = np.round(table[col].rank(pct=True) * 8 - 0.5).clip(0, 7)
    grid = table.pivot_table(index=b, columns=a, values="agree", aggfunc="mean")
    fig, ax = plt.subplots(figsize=(6, 5))
    image = ax.imshow(grid.to_numpy(), origin="lower", vmin=0, vmax=1, cmap="viridis", aspect="auto")
    ax.set_xticks(
        range(len(grid.columns)), [f"{c:g}" if isinstance(c, float) else str(c) for c in grid.columns], rotation=30
    )
    ax.set_yticks(range(len(grid.index)), [f"{c:g}" if isinstance(c, float) else str(c) for c in grid.index])
    ax.set(xlabel=a, ylabel=b, title="P(agreement)")
    fig.colorbar(image, ax=ax)
    return fig


def _terms_histograms(plt: Any, agreed: Any, issues: list[str]) -> Any:
    """One histogram of the agreed terms per issue, three to a row."""
    cols = min(3, len(issues)) or 1
    rows = math.ceil(len(issues) / cols) or 1
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), squeeze=False)
    for k, issue in enumerate(issues):
        ax = axes[k // cols][k % cols]
        ax.hist(agreed[f"terms.{issue}"].dropna(), bins=20, range=(0, 100))
        ax.set(title=issue, xlabel="terms (0..100)")
    for k in range(len(issues), rows * cols):
        axes[k // cols][k % cols].axis("off")
    return fig


def _slug(path: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in path)
