"""Render a settlement report (see ``outcomes.settlement_report``) as text, Markdown or JSON."""

from __future__ import annotations

import json
from typing import Any

OUTCOME_WORDS = {
    "agreement": "AGREEMENT",
    "partial": "PARTIAL AGREEMENT (some issues settled)",
    "no_agreement": "NO AGREEMENT by the deadline",
    "breakdown": "BREAKDOWN (a party walked out)",
}

DISCLAIMER = "Model result under the scenario's assumptions: not a prediction or a recommendation."


def to_json(report: dict[str, Any]) -> str:
    """Stable JSON: the same run always gives the same bytes."""
    return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _fmt(value: float | None, spec: str = ".3f") -> str:
    return "n/a" if value is None else format(value, spec)


def _rows(report: dict[str, Any]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for actor_id, a in report["actors"].items():
        vote = {True: "yes", False: "no", None: "-"}[a["accepted"]]
        rows.append(
            (actor_id, a["role"], _fmt(a["utility"]), _fmt(a["reservation"]), f"{a['surplus']:+.3f}",
             _fmt(a["distance_from_ideal"], ".1f"), vote)
        )  # fmt: skip
    return rows


def _headline(report: dict[str, Any]) -> str:
    outcome = OUTCOME_WORDS[report["outcome"]]
    line = f"{outcome} in round {report['round']} of {report['max_rounds']}"
    failures = report.get("ratification_failures") or {}
    if failures:
        refusing = "; ".join(f"{a} ({', '.join(players)})" for a, players in failures.items())
        line += f", NOT RATIFIED by {refusing}"
    return line


def _war_lines(report: dict[str, Any]) -> list[str]:
    """When talks became an option, and what the war had cost by the end."""
    ripe = report.get("ripe_round")
    opened = report.get("talks_opened")
    lines = [
        f"talks became an option (ripeness) in round {ripe}" if ripe else "talks never became an option (not ripe)",
    ]
    if opened is None:
        lines.append("the conference never convened")
    elif opened > 1:
        lines.append(f"the conference convened in round {opened}")
    if report.get("war_cost"):
        lines.append("war cost so far: " + ", ".join(f"{a} {c:.3f}" for a, c in report["war_cost"].items()))
    if report.get("territory"):
        lines.append("territory held: " + ", ".join(f"{a} {t:.1%}" for a, t in report["territory"].items()))
    gaps = report.get("optimism_gap") or []
    if gaps:
        lines.append(f"optimism gap: {gaps[0]:+.3f} at the start, {gaps[-1]:+.3f} at the end")
    for agent, payment in (report.get("side_payments") or {}).items():
        lines.append(f"side payment promised to {agent}: {payment:.3f}")
    for agent, e in (report.get("escalation") or {}).items():
        lines.append(
            f"escalation against {agent}: cost effect {e['cost_effect']:.3f}, grievance {e['grievance_effect']:.3f} "
            f"({e['dominant']} dominated)"
        )
    return lines


def _issue_lines(report: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    out = []
    bench = report["benchmarks"]
    for issue, value in report["final_text"].items():
        settled = issue in report["terms"]
        shown = f"{value:6.1f}" if settled else f"({value:.1f})"
        meaning = report["terms_meaning"].get(issue, "not settled")
        nash = bench["nash_bargaining"][issue] if bench["nash_bargaining"] else None
        out.append((issue, shown, _fmt(nash, ".1f"), _fmt(bench["weighted_mean"][issue], ".1f"), meaning))
    return out


def _reference_rows(ref: dict[str, Any]) -> list[tuple[str, str, str, str, str, str, str]]:
    """(issue, simulated, real, error, midpoint, prov, real outcome) of ``report["reference"]``; an issue
    the run left unsettled shows its final text in brackets."""
    rows = []
    for issue, row in ref["issues"].items():
        simulated = _fmt(row["simulated"], ".1f")
        error = "n/a" if row["error"] is None else f"{row['error']:+.1f}"
        rows.append(
            (issue, simulated if row["settled"] else f"({simulated})", _fmt(row["real"], ".1f"), error,
             _fmt(row["midpoint"], ".1f"), row["prov"] or "-", row["real_text"])
        )  # fmt: skip
    return rows


def _reference_summary(ref: dict[str, Any]) -> list[str]:
    outcome = ref["outcome"]
    lines = [
        f"simulated vs real: simulated {outcome['simulated']} (round {ref['round']}), real {outcome['real']}"
        + ("" if outcome["match"] else " (the outcomes differ)")
    ]
    if ref["outcome_type"]:
        lines.append(f"real outcome: {ref['outcome_type']}")
    if ref["implementation"]:
        lines.append(f"implementation: {ref['implementation']}")
    if ref["compared"]:
        lines.append(
            f"mean absolute error: {ref['mean_abs_error']:.1f} points over {ref['compared']} issues "
            f"(midpoint of the opening positions: {ref['mean_midpoint_abs_error']:.1f})"
        )
    else:
        lines.append("no issue has a real value to compare with (no agreed terms in reality)")
    if ref["unsettled"]:
        lines.append("(in brackets: not settled in the run; the final text on the table is compared)")
    return lines


def reference_lines(ref: dict[str, Any]) -> list[str]:
    """The simulated settlement beside the real one (``report["reference"]``, ``simulator.evaluate.history``), as text."""
    summary = _reference_summary(ref)
    wi = max([15, *(len(k) + 1 for k in ref["issues"])])
    lines = [summary[0], f"{'issue':<{wi}}{'simulated':>10}{'real':>7}{'error':>8}{'midpoint':>9}  prov  real outcome"]
    for issue, sim, real, error, mid, prov, text in _reference_rows(ref):
        lines.append(f"{issue:<{wi}}{sim:>10}{real:>7}{error:>8}{mid:>9}  {prov:<4}  {text}".rstrip())
    return lines + summary[1:]


def reference_markdown(ref: dict[str, Any]) -> list[str]:
    """``reference_lines`` as Markdown."""
    summary = _reference_summary(ref)
    lines = [
        f"**{summary[0][0].upper()}{summary[0][1:]}**",
        "",
        "| issue | simulated | real | error | midpoint | prov | real outcome |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for row in _reference_rows(ref):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return lines + ["", *(f"- {line}" for line in summary[1:])]


def to_text(report: dict[str, Any]) -> str:
    lines = [
        f"peacesim: {report['scenario']}  (seed {report['seed']})",
        f"protocol {report['protocol']}; agreement rule {report['agreement_rule']}",
    ]
    if report["overrides"]:
        lines.append("overrides: " + "; ".join(report["overrides"]))
    lines += ["", _headline(report), ""]
    wi = max([15, *(len(k) + 1 for k in report["final_text"])])  # long ids widen their column
    wa = max([7, *(len(k) + 1 for k in report["actors"])])
    lines.append(f"{'issue':<{wi}}{'terms':>8}{'Nash':>7}{'w.mean':>8}  meaning of the terms")
    for issue, shown, nash, mean, meaning in _issue_lines(report):
        lines.append(f"{issue:<{wi}}{shown:>8}{nash:>7}{mean:>8}  {meaning}")
    lines += ["", f"{'actor':<{wa}}{'role':<11}{'utility':>8}{'reserv.':>8}{'surplus':>8}{'dist.':>7}  vote"]
    for row in _rows(report):
        lines.append(f"{row[0]:<{wa}}{row[1]:<11}{row[2]:>8}{row[3]:>8}{row[4]:>8}{row[5]:>7}  {row[6]}")
    if report["blocked"]:
        lines.append("")
        for b in report["blocked"]:
            lines.append(f"blocked by {b['actor']}: {b['reason']}")
    lines += ["", *_war_lines(report)]
    if report.get("reference"):  # a historical case: the simulated settlement beside the real one
        lines += ["", *reference_lines(report["reference"])]
    d = report["distance"]
    lines += [
        "",
        f"mean distance of the final text from the Nash bargaining solution: {_fmt(d['nash_bargaining'], '.1f')} points; "
        f"from the weighted mean: {_fmt(d['weighted_mean'], '.1f')}; from the weighted median: {_fmt(d['weighted_median'], '.1f')}",
        "(utility 0..1 of the final text; reserv. = value of walking away now; dist. = salience-weighted points from ideal)",
        DISCLAIMER,
    ]
    return "\n".join(lines) + "\n"


def to_markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# {report['scenario']}",
        "",
        f"**{_headline(report)}** (seed {report['seed']}; protocol `{report['protocol']}`; "
        f"agreement rule `{report['agreement_rule']}`)",
        "",
        "| issue | terms | Nash | weighted mean | meaning |",
        "|---|---:|---:|---:|---|",
    ]
    for issue, shown, nash, mean, meaning in _issue_lines(report):
        lines.append(f"| {issue} | {shown.strip()} | {nash} | {mean} | {meaning} |")
    lines += [
        "",
        "| actor | role | utility | reservation | surplus | distance | vote |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for row in _rows(report):
        lines.append("| " + " | ".join(row) + " |")
    if report["blocked"]:
        lines.append("")
        lines += [f"- blocked by **{b['actor']}**: {b['reason']}" for b in report["blocked"]]
    if report.get("reference"):
        lines += ["", *reference_markdown(report["reference"])]
    lines += ["", f"_{DISCLAIMER}_"]
    return "\n".join(lines) + "\n"


def to_html(report: dict[str, Any]) -> str:
    """One self-contained HTML page with the figures embedded (see ``simulator.report.html``)."""
    from simulator.report.html import to_html as render  # matplotlib loads only when asked for

    return render(report)


FORMATS = {"text": to_text, "markdown": to_markdown, "json": to_json, "html": to_html}
EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json", "html": "html"}
