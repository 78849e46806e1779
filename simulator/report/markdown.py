"""The settlement report as Markdown (``peacesim run --format markdown``): the text report's tables,
without the overrides and the war lines."""

from __future__ import annotations

from simulator.report.tables import (
    DISCLAIMER,
    actor_rows,
    headline,
    issue_rows,
    markdown_row,
    reference_rows,
    reference_summary,
    scale_lines,
    talks_lines,
)
from simulator.report.types import Comparison, SettlementReport


def reference_markdown(ref: Comparison) -> list[str]:
    """The simulated settlement beside the real one (``report["reference"]``), as Markdown."""
    summary = reference_summary(ref)
    lines = [
        f"**{summary[0][0].upper()}{summary[0][1:]}**",
        "",
        "| issue | simulated | real | error | midpoint | prov | real outcome |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    lines += [markdown_row(cell.replace("|", "\\|") for cell in row) for row in reference_rows(ref)]
    return lines + ["", *(f"- {line}" for line in summary[1:])]


def render(report: SettlementReport, *, narrative: str | None = None) -> str:
    """The report as Markdown. (The narrative is not part of it: ``--explain`` prints it after.)"""
    lines = [
        f"# {report['scenario']}",
        "",
        f"**{headline(report)}** (seed {report['seed']}; protocol `{report['protocol']}`; "
        f"agreement rule `{report['agreement_rule']}`)",
        "",
        "| issue | terms | Nash | weighted mean | meaning |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [markdown_row((issue, shown.strip(), *rest)) for issue, shown, *rest in issue_rows(report)]
    scale = scale_lines(report)
    lines += ["", *scale[:1], *(f"- {line}" for line in scale[1:])] if scale else []
    lines += [
        "",
        "| actor | role | utility | reservation | surplus | distance | vote |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    lines += [markdown_row(row) for row in actor_rows(report)]
    if report["blocked"]:
        lines.append("")
        lines += [f"- blocked by **{b['actor']}**: {b['reason']}" for b in report["blocked"]]
    lines += ["", "## Talks", "", *(f"- {line}" for line in talks_lines(report))]
    if report.get("reference"):
        lines += ["", *reference_markdown(report["reference"])]
    lines += ["", f"_{DISCLAIMER}_"]
    return "\n".join(lines) + "\n"
