"""Reading a sweep: probabilities with confidence intervals, distributions, plots, sensitivity.

``summarize(DIR)`` reads every finished run of a sweep and writes ``summary.json``,
``summary.txt`` (the text of ``render``) and PNG figures under ``DIR/plots`` (``figures``); and,
for a ``sobol`` or ``morris`` design, sensitivity indices from SALib. The figures of the rows are
computed in ``stats``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from simulator.sweeps.design import design_matrix, problem
from simulator.sweeps.spec import SweepError, SweepSpec
from simulator.sweeps.stats import (
    agreed_unripe,
    agreements,
    by_level,
    date_quantiles,
    issues_of,
    quantiles,
    share,
    wilson,
)
from simulator.sweeps.store import MANIFEST, load_results
from simulator.sweeps.text import render

__all__ = ["render", "sensitivity", "summarize", "wilson"]


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
    """Summarise the sweep in ``out``; writes plots/*.png (unless ``plots`` is false), then
    summary.json and summary.txt (which lists the plots written)."""
    out = Path(out)
    if not (out / MANIFEST).is_file():
        raise SweepError(f"{out}: not a sweep folder (no {MANIFEST})")
    spec = SweepSpec.from_json(json.loads((out / MANIFEST).read_text(encoding="utf-8")))
    frame = load_results(out)
    agreed = agreements(frame)
    summary: dict[str, Any] = {
        "scenario": spec.scenario,
        "design": spec.design,
        "runs": len(frame),
        "planned": len(design_matrix(spec)) * spec.seeds,
        "outcomes": {k: int(v) for k, v in frame["outcome"].value_counts().sort_index().items()},
        "p_agreement": share(frame["outcome"] == "agreement"),
        "p_breakdown": share(frame["outcome"] == "breakdown"),
        "round": quantiles(agreed["round"]) if len(agreed) else None,
        "settled_date": date_quantiles(agreed["settled_date"]) if "settled_date" in frame and len(agreed) else None,
        "ripe_round": quantiles(frame["ripe_round"]) if "ripe_round" in frame else None,
        "ripe_date": date_quantiles(frame["ripe_date"]) if "ripe_date" in frame else None,
        "episodes": quantiles(frame["episodes"]) if "episodes" in frame else None,
        "partial_deals": quantiles(frame["partial_deals"]) if "partial_deals" in frame else None,
        "p_ripe": share(frame["ripe_round"].notna()) if "ripe_round" in frame else None,
        "agreed_unripe": agreed_unripe(frame),
        "terms": {k: quantiles(agreed[f"terms.{k}"]) for k in issues_of(frame)} if len(agreed) else {},
        "by_parameter": {v.path: by_level(frame, v.path) for v in spec.vary},
        "sensitivity": sensitivity(spec, frame),
    }
    if plots:
        from simulator.sweeps.figures import write_plots  # matplotlib loads only when plots are drawn

        summary["plots"] = [str(p) for p in write_plots(out, frame, spec)]
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n", encoding="utf-8")
    (out / "summary.txt").write_text(render(summary), encoding="utf-8")
    return summary
