"""The settlement report as plain text (``peacesim run``, the default format)."""

from __future__ import annotations

from simulator.report.tables import (
    DISCLAIMER,
    Column,
    actor_rows,
    fitted_width,
    format_number,
    headline,
    issue_rows,
    reference_rows,
    reference_summary,
    scale_lines,
    talks_lines,
    text_table,
    war_lines,
)
from simulator.report.types import Comparison, SettlementReport

NOTES = (
    "(utility 0..1 of the final text; reserv. = value of walking away now; dist. = salience-weighted points from ideal)"
)


def issue_table(report: SettlementReport) -> list[str]:
    columns = [
        Column("issue", fitted_width(15, report["final_text"])),  # long ids widen their column
        Column("terms", 8, ">"),
        Column("Nash", 7, ">"),
        Column("w.mean", 8, ">"),
        Column("meaning of the terms", gap="  "),
    ]
    scale = scale_lines(report)
    return [*text_table(columns, issue_rows(report)), *scale[:1], *(f"  {line}" for line in scale[1:])]


def actor_table(report: SettlementReport) -> list[str]:
    columns = [
        Column("actor", fitted_width(7, report["actors"])),
        Column("role", 11),
        Column("utility", 8, ">"),
        Column("reserv.", 8, ">"),
        Column("surplus", 8, ">"),
        Column("dist.", 7, ">"),
        Column("vote", gap="  "),
    ]
    return text_table(columns, actor_rows(report))


def reference_lines(ref: Comparison) -> list[str]:
    """The simulated settlement beside the real one (``report["reference"]``), as text."""
    summary = reference_summary(ref)
    columns = [
        Column("issue", fitted_width(15, ref["issues"])),
        Column("simulated", 10, ">"),
        Column("real", 7, ">"),
        Column("error", 8, ">"),
        Column("midpoint", 9, ">"),
        Column("prov", 4, gap="  "),
        Column("real outcome", gap="  "),
    ]
    return [summary[0], *text_table(columns, reference_rows(ref), rstrip=True), *summary[1:]]


def distance_line(report: SettlementReport) -> str:
    d = report["distance"]
    return (
        f"mean distance of the final text from the Nash bargaining solution: {format_number(d['nash_bargaining'], '.1f')} points; "
        f"from the weighted mean: {format_number(d['weighted_mean'], '.1f')}; "
        f"from the weighted median: {format_number(d['weighted_median'], '.1f')}"
    )


def render(report: SettlementReport, *, narrative: str | None = None) -> str:
    """The report as text. (The narrative is not part of it: ``peacesim run --explain`` prints it after.)"""
    lines = [
        f"peacesim: {report['scenario']}  (seed {report['seed']})",
        f"protocol {report['protocol']}; agreement rule {report['agreement_rule']}",
    ]
    if report["overrides"]:
        lines.append("overrides: " + "; ".join(report["overrides"]))
    lines += ["", headline(report), "", *issue_table(report), "", *actor_table(report)]
    if report["blocked"]:
        lines.append("")
        lines += [f"blocked by {b['actor']}: {b['reason']}" for b in report["blocked"]]
    lines += ["", *war_lines(report)]
    lines += ["", "Talks:", *(f"  {line}" for line in talks_lines(report))]
    if report.get("reference"):  # a historical case: the simulated settlement beside the real one
        lines += ["", *reference_lines(report["reference"])]
    lines += ["", distance_line(report), NOTES, DISCLAIMER]
    return "\n".join(lines) + "\n"
