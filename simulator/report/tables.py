"""The rows every report format shows, as text cells, and one small text-table layout.

A format (``text``, ``markdown``, ``html``, one of yours: docs/adding-a-format.md) lays these rows out
in its own markup; the figures are formatted here once, so every format shows the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from simulator.core.calendar import label
from simulator.report.talks import calendar_of, closing, opening, partial_deal, round_length
from simulator.report.types import Comparison, SettlementReport

OUTCOME_WORDS = {
    "agreement": "AGREEMENT",
    "partial": "PARTIAL AGREEMENT (some issues settled)",
    "no_agreement": "NO AGREEMENT by the horizon",
    "breakdown": "BREAKDOWN (a party walked out)",
}

DISCLAIMER = "Model result under the scenario's assumptions: not a prediction or a recommendation."

IssueRow = tuple[str, str, str, str, str]  # issue, terms, Nash, weighted mean, meaning
ReferenceRow = tuple[str, str, str, str, str, str, str]  # issue, simulated, real, error, midpoint, prov, real outcome


def format_number(value: float | None, spec: str = ".3f") -> str:
    """``value`` formatted with ``spec``; ``n/a`` for None."""
    return "n/a" if value is None else format(value, spec)


# --------------------------------------------------------------------------- a text table


@dataclass(frozen=True)
class Column:
    """One column of a text table: its header, the width its cells are padded to (0: none), which
    side they are aligned to, and the text that separates it from the column before."""

    header: str
    width: int = 0
    align: Literal["<", ">"] = "<"
    gap: str = ""

    def cell(self, text: str) -> str:
        return self.gap + (text.ljust(self.width) if self.align == "<" else text.rjust(self.width))


def text_table(columns: Sequence[Column], rows: Iterable[Sequence[str]], *, rstrip: bool = False) -> list[str]:
    """The header line and one line per row, each cell padded to its column's width.

    >>> text_table([Column("model", 8), Column("MAE", 6, ">")], [("mean", "1.50")])
    ['model      MAE', 'mean      1.50']
    """
    lines = []
    for cells in [[c.header for c in columns], *rows]:
        line = "".join(column.cell(text) for column, text in zip(columns, cells, strict=True))
        lines.append(line.rstrip() if rstrip else line)
    return lines


def fitted_width(minimum: int, names: Iterable[str]) -> int:
    """The width of a first column of ``names``: at least ``minimum``, and one more than the longest."""
    return max([minimum, *(len(name) + 1 for name in names)])


def markdown_row(cells: Iterable[str]) -> str:
    """One row of a Markdown table."""
    return "| " + " | ".join(cells) + " |"


# --------------------------------------------------------------------------- the report's rows


def headline(report: SettlementReport) -> str:
    """'AGREEMENT in round 5 of 10' ('in round 5 (2026-03-26) of 10 (horizon 2026-04-30)' with a
    calendar), with the parties that refused to ratify, if any."""
    assert report["outcome"] is not None, "a report made mid-run has no headline"
    outcome = OUTCOME_WORDS[report["outcome"]]
    line = f"{outcome} in {label(calendar_of(report), report['round'] or 0)} of {horizon(report)}"
    failures = report.get("ratification_failures") or {}
    if failures:
        refusing = "; ".join(f"{a} ({', '.join(players)})" for a, players in failures.items())
        line += f", NOT RATIFIED by {refusing}"
    return line


def horizon(report: SettlementReport) -> str:
    """'100', or '100 (horizon 2028-01-20)' with a calendar: the last round the run looks at."""
    calendar = calendar_of(report)
    rounds = report["max_rounds"]
    return str(rounds) if calendar is None else f"{rounds} (horizon {calendar.iso(rounds)})"


def talks_lines(report: SettlementReport) -> list[str]:
    """The round length, then the spells of talks (how each opened and closed) and the partial deals."""
    calendar = calendar_of(report)
    lines = [f"{length[0].upper()}{length[1:]}." for length in [round_length(calendar)] if length]
    for episode in report.get("episodes") or []:
        lines.append(opening(calendar, episode, report.get("ripe_round")))
        closed = closing(calendar, episode)
        if closed:
            lines.append(closed)
    if not report.get("episodes"):
        lines.append("Talks never opened.")
    lines += [partial_deal(calendar, deal) for deal in report.get("partial_deals") or []]
    return lines


def scale_groups(report: SettlementReport) -> list[tuple[list[str], str]]:
    """The issues grouped by what the ends of their scales stand for, in the order of the issues."""
    groups: dict[str, list[str]] = {}
    for issue, ends in (report.get("scale") or {}).items():
        groups.setdefault(ends, []).append(issue)
    return [(issues, ends) for ends, issues in groups.items()]


def scale_lines(report: SettlementReport) -> list[str]:
    """Which end of each 0-100 scale is whose: one line when every issue shares it, else a heading
    and one line per issue (issues that share their ends on one line)."""
    groups = scale_groups(report)
    if not groups:
        return []
    if len(groups) == 1:
        issues, ends = groups[0]
        return [f"Scale of every issue: {ends}" if len(issues) > 1 else f"Scale: {ends}"]
    return ["Scales (what 0 and 100 stand for on each issue):", *(f"{', '.join(ids)}: {ends}" for ids, ends in groups)]


def issue_rows(report: SettlementReport) -> list[IssueRow]:
    """(issue, terms, Nash, weighted mean, meaning); an unsettled issue shows its final text in brackets."""
    out = []
    bench = report["benchmarks"]
    for issue, value in report["final_text"].items():
        settled = issue in report["terms"]
        shown = f"{value:6.1f}" if settled else f"({value:.1f})"
        meaning = report["terms_meaning"].get(issue, "not settled")
        nash = bench["nash_bargaining"][issue] if bench["nash_bargaining"] else None
        mean = bench["weighted_mean"][issue] if bench["weighted_mean"] else None
        out.append((issue, shown, format_number(nash, ".1f"), format_number(mean, ".1f"), meaning))
    return out


def actor_rows(report: SettlementReport) -> list[tuple[str, ...]]:
    """(actor, role, utility, reservation, surplus, distance from ideal, vote)."""
    rows: list[tuple[str, ...]] = []
    for actor_id, a in report["actors"].items():
        vote = {True: "yes", False: "no", None: "-"}[a["accepted"]]
        rows.append(
            (actor_id, a["role"], format_number(a["utility"]), format_number(a["reservation"]),
             f"{a['surplus']:+.3f}", format_number(a["distance_from_ideal"], ".1f"), vote)
        )  # fmt: skip
    return rows


def war_lines(report: SettlementReport) -> list[str]:
    """When talks became an option, and what the war had cost by the end."""
    ripe = report.get("ripe_round")
    opened = report.get("talks_opened")
    calendar = calendar_of(report)
    lines = [
        f"talks became an option (ripeness) in {label(calendar, ripe)}"
        if ripe
        else "talks never became an option (not ripe)",
    ]
    if opened is None:
        lines.append("the conference never convened")
    elif opened > 1:
        lines.append(f"the conference convened in {label(calendar, opened)}")
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


def reference_rows(ref: Comparison) -> list[ReferenceRow]:
    """(issue, simulated, real, error, midpoint, prov, real outcome) of ``report["reference"]``; an issue
    the run left unsettled shows its final text in brackets."""
    rows = []
    for issue, row in ref["issues"].items():
        simulated = format_number(row["simulated"], ".1f")
        error = "n/a" if row["error"] is None else f"{row['error']:+.1f}"
        rows.append(
            (issue, simulated if row["settled"] else f"({simulated})", format_number(row["real"], ".1f"), error,
             format_number(row["midpoint"], ".1f"), row["prov"] or "-", row["real_text"])
        )  # fmt: skip
    return rows


def closeness(error: float, midpoint_error: float) -> float:
    """How much closer to the real terms the model is than splitting the difference, in points as
    shown (each mean error rounded to 0.1 first, so the difference is that of the printed figures);
    negative: further."""
    return round(round(midpoint_error, 1) - round(error, 1), 1)


def versus_midpoint(error: float, midpoint_error: float) -> str:
    """The model's mean error against the midpoint's, in words.

    >>> versus_midpoint(14.8, 15.0)
    '0.2 points closer to the real terms than splitting the difference'
    >>> versus_midpoint(25.1, 25.0)
    '0.1 points further from the real terms than splitting the difference'
    >>> versus_midpoint(30.0, 30.04)
    'as close to the real terms as splitting the difference'
    """
    gap = closeness(error, midpoint_error)
    if gap > 0:
        return f"{gap:.1f} points closer to the real terms than splitting the difference"
    if gap < 0:
        return f"{-gap:.1f} points further from the real terms than splitting the difference"
    return "as close to the real terms as splitting the difference"


def reference_summary(ref: Comparison) -> list[str]:
    """The comparison's headline (outcomes and round), then the real outcome and the mean errors."""
    outcome = ref["outcome"]
    lines = [
        f"simulated vs real: simulated {outcome['simulated']} (round {ref['round']}"
        + (f", {ref['settled_date']}" if ref.get("settled_date") else "")
        + f"), real {outcome['real']}"
        + ("" if outcome["match"] else " (the outcomes differ)")
    ]
    if ref["outcome_type"]:
        lines.append(f"real outcome: {ref['outcome_type']}")
    if ref["implementation"]:
        lines.append(f"implementation: {ref['implementation']}")
    if ref["compared"]:
        error, midpoint = ref["mean_abs_error"], ref["mean_midpoint_abs_error"]
        line = f"mean absolute error: {format_number(error, '.1f')} points over {ref['compared']} issues"
        if error is not None and midpoint is not None:
            line += f", {versus_midpoint(error, midpoint)} (the midpoint of the opening positions, {midpoint:.1f})"
        lines.append(line)
    else:
        lines.append("no issue has a real value to compare with (no agreed terms in reality)")
    if ref["unsettled"]:
        lines.append("(in brackets: not settled in the run; the final text on the table is compared)")
    return lines
