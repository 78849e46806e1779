"""A sweep's summary as text (what ``peacesim sweep`` and ``peacesim summarize`` print, and
``summary.txt``).

One number format per kind: probabilities with 3 decimals, rounds (and counts per run) as whole
numbers or with one decimal, terms with 1 decimal. The figures per value of a varied field are
tables with a header row.
"""

from __future__ import annotations

import json
import os
from typing import Any

DISCLAIMER = "Model results under the scenario's assumptions: not predictions or recommendations."
UNRIPE = "talks can open before it (e.g. at the start) and settle (e.g. at a known deadline)"


def prob(p: float) -> str:
    """A probability or a share: 3 decimals.

    >>> prob(0.5), prob(1)
    ('0.500', '1.000')
    """
    return f"{p:.3f}"


def rounds(value: float | None) -> str:
    """A round (or a count per run): a whole number, or one decimal; ``-`` for none.

    >>> rounds(7.0), rounds(8.5), rounds(5.63), rounds(None)
    ('7', '8.5', '5.6', '-')
    """
    if value is None:
        return "-"
    value = round(float(value), 1)
    return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"


def terms(value: float | None) -> str:
    """Terms on a 0..100 scale: 1 decimal; ``-`` for none.

    >>> terms(50), terms(63.43), terms(None)
    ('50.0', '63.4', '-')
    """
    return "-" if value is None else f"{value:.1f}"


def table(header: list[str], rows: list[list[str]], left: int = 0) -> list[str]:
    """Lines of a table indented by two spaces: the header row, then the rows; the first ``left``
    columns aligned left, the others right.

    >>> print("\\n".join(table(["issue", "median"], [["X", "50.0"], ["LONGER", "7.5"]], left=1)))
      issue   median
      X         50.0
      LONGER     7.5
    """
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
    return [
        "  " + "  ".join(c.ljust(w) if k < left else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in [header, *rows]
    ]


def value_label(value: Any) -> str:
    """A value of a varied field as the tables and plots show it."""
    return f"{value:g}" if isinstance(value, float) and not value.is_integer() else str(value)


def render(summary: dict[str, Any]) -> str:
    """The summary as text."""
    scenario = summary["scenario"]
    if scenario.startswith(os.getcwd() + os.sep):  # shown as the user would type it
        scenario = os.path.relpath(scenario)
    lines = [f"sweep of {scenario} ({summary['design']}): {summary['runs']} of {summary['planned']} runs"]
    lines += _headline(summary)
    lines += _distributions(summary)
    for path, levels in summary["by_parameter"].items():
        lines += _by_value(path, levels)
        lines += _terms_by_value(path, levels)
    if summary["sensitivity"]:
        lines.append("sensitivity: " + json.dumps(summary["sensitivity"]))
    if summary.get("plots"):
        lines.append("plots:")
        lines += [f"  {path}" for path in summary["plots"]]
    lines.append(DISCLAIMER)
    return "\n".join(lines) + "\n"


def _interval(name: str, share: dict[str, Any]) -> str:
    return f"{name:<12} = {prob(share['p'])}  (95% CI {prob(share['low'])} - {prob(share['high'])})"


def _headline(summary: dict[str, Any]) -> list[str]:
    """P(agreement), P(breakdown), P(ripe), the outcomes, and how agreements can outnumber ripe runs."""
    lines = [_interval("P(agreement)", summary["p_agreement"]), _interval("P(breakdown)", summary["p_breakdown"])]
    ripe = summary.get("p_ripe")
    if ripe:
        count = round(ripe["p"] * ripe["n"])
        lines.append(f"{_interval('P(ripe)', ripe)}: talks became an option (ripe) in {count} of {ripe['n']} runs")
    lines.append("outcomes: " + ", ".join(f"{k} {v}" for k, v in summary["outcomes"].items()))
    unripe, agreed = summary.get("agreed_unripe", 0), summary["outcomes"].get("agreement", 0)
    if unripe:
        lines.append(f"{unripe} of {agreed} agreements came before ripeness: {UNRIPE}")
    return lines


def _distributions(summary: dict[str, Any]) -> list[str]:
    """The round (and date) of settlement, the ripe round, episodes, partial deals, the terms."""
    lines = []
    if summary["round"]:
        r, d = summary["round"], summary.get("settled_date")
        lines.append(
            f"round of settlement: median {rounds(r['median'])} (p10 {rounds(r['p10'])}, p90 {rounds(r['p90'])})"
        )
        if d:
            lines.append(f"date of settlement: median {d['median']} (p10 {d['p10']}, p90 {d['p90']})")
    if summary.get("ripe_round"):
        r, d = summary["ripe_round"], summary.get("ripe_date")
        dates = f"; date: median {d['median']} (p10 {d['p10']}, p90 {d['p90']})" if d else ""
        lines.append(
            f"round it became ripe: median {rounds(r['median'])} (p10 {rounds(r['p10'])}, p90 {rounds(r['p90'])}){dates}"
        )
    for key, name in (("episodes", "episodes of talks per run"), ("partial_deals", "partial deals per run")):
        if summary.get(key):
            q = summary[key]
            lines.append(f"{name}: median {rounds(q['median'])} (min {rounds(q['min'])}, max {rounds(q['max'])})")
    shown = {issue: q for issue, q in summary["terms"].items() if q}
    if shown:
        lines.append("terms of the agreements:")
        rows = [[issue, terms(q["median"]), terms(q["p10"]), terms(q["p90"])] for issue, q in shown.items()]
        lines += table(["issue", "median", "p10", "p90"], rows, left=1)
    return lines


def _by_value(path: str, levels: list[dict[str, Any]]) -> list[str]:
    """One row per value of a varied field: P(agreement) with its interval and the runs, P(breakdown),
    P(ripe) and the median round of settlement of the agreements (with its date under a calendar)."""
    dated = any(level.get("settled_date") for level in levels)
    ripe = any(level.get("p_ripe") is not None for level in levels)
    header = ["value", "P(agreement)", "95% CI", "n", "P(breakdown)", *(["P(ripe)"] if ripe else [])]
    header.append("round (date)" if dated else "round")
    rows = []
    for level in levels:
        settled = rounds(level.get("round"))
        if level.get("settled_date"):
            settled += f" ({level['settled_date']})"
        row = [value_label(level["value"]), prob(level["p"]), f"{prob(level['low'])} - {prob(level['high'])}"]
        row += [str(level["n"]), prob(level["p_breakdown"])]
        if ripe:
            row.append("-" if level.get("p_ripe") is None else prob(level["p_ripe"]))
        rows.append([*row, settled])
    return [f"by {path} (round: median over the agreements):", *table(header, rows)]


def _terms_by_value(path: str, levels: list[dict[str, Any]]) -> list[str]:
    """The median terms of the agreements on each issue (a row) at each value (a column)."""
    issues = list(levels[0].get("terms") or {}) if levels else []
    if not issues or not any(v is not None for level in levels for v in level["terms"].values()):
        return []
    header = ["issue", *(value_label(level["value"]) for level in levels)]
    rows = [[issue, *(terms(level["terms"].get(issue)) for level in levels)] for issue in issues]
    return [f"median terms of the agreements by {path}:", *table(header, rows, left=1)]
