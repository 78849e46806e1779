"""Figures of one run, drawn from its settlement report (matplotlib).

Every function takes the report dict of ``settlement_report`` (with its per-round ``history``
and ``course``, which a report made mid-run has too) and returns a ``matplotlib.figure.Figure``
built without pyplot, so that it is safe in a web app and in worker processes.

``write_plots(report, folder)`` writes them all as PNG files (``peacesim run --plots DIR``).

Every actor keeps one colour of a fixed colour-blind-safe palette (``PALETTE``, principals first);
the positions plot says what 0 and 100 mean (from the report's ``scale``, shortened); the war
plot draws territory in percent over the range it moved.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from simulator.core.calendar import label as round_label
from simulator.report.talks import calendar_of
from simulator.report.types import SettlementReport as Report

TEXT_COLOUR = "black"
TALKS_COLOUR = "tab:green"  # the spells of talks, shaded
DEAL_COLOUR = "tab:purple"  # the partial deals


def _last_round(report: Report) -> int:
    """The last round the run reached (the settlement round, or the last round drawn mid-run)."""
    course = report.get("course")
    if report["round"] is not None:
        return report["round"]
    if course and course["round"]:
        return course["round"][-1]
    return max(len(report["history"] or [0]) - 1, 0)


def time_axis(ax: Any, report: Report) -> None:
    """Label a time axis in rounds; with a calendar, a second axis on top gives the rounds' dates.
    Call it once the panel is drawn (its ticks follow the data's range)."""
    ax.set_xlabel("round", fontsize=8)
    calendar = calendar_of(report)
    if calendar is None:
        return
    from matplotlib.ticker import MaxNLocator

    low, high = ax.get_xlim()
    ticks = [t for t in MaxNLocator(nbins=4, integer=True).tick_values(max(low, 0), high) if low <= t <= high]
    top = ax.secondary_xaxis("top")
    top.set_xticks(ticks, labels=[calendar.iso(max(int(t), 0)) for t in ticks], fontsize=7)


def mark_talks(ax: Any, report: Report, issue: str | None = None, values: bool = False) -> None:
    """Shade the spells of talks and mark the partial deals (on ``issue``'s panel at its value, if
    ``values``; elsewhere as a dash-dotted line)."""
    last = _last_round(report)
    for episode in report.get("episodes") or []:
        end = episode["closed"] if episode["closed"] is not None else last
        ax.axvspan(episode["opened"] - 0.5, end + 0.5, color=TALKS_COLOUR, alpha=0.08, lw=0)
    for deal in report.get("partial_deals") or []:
        if values and deal["issue"] == issue:
            ax.scatter(deal["round"], deal["value"], marker="*", s=120, color=DEAL_COLOUR, zorder=4)
        elif not values:
            ax.axvline(deal["round"], color=DEAL_COLOUR, lw=0.8, ls="-.")


# A fixed palette safe for colour-blind readers: Okabe and Ito's (2008) colours without black (the text
# on the table is black), then Paul Tol's "muted" scheme. The principals take the first colours, so
# the two sides of a war are always blue and vermillion.
PALETTE = (  # blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow; then Tol's muted
    *("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"),
    *("#332288", "#CC6677", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77"),
)


def _colours(report: Report) -> dict[str, str]:
    """One stable colour per actor from ``PALETTE``: the principals first, then the others, each in
    the scenario's order (past 16 actors the palette repeats)."""
    actors = report["actors"]
    order = [a for a in actors if actors[a]["role"] == "principal"] + [
        a for a in actors if actors[a]["role"] != "principal"
    ]
    return {a: PALETTE[k % len(PALETTE)] for k, a in enumerate(order)}


def scale_ends(text: str, width: int = 48) -> tuple[str, str] | None:
    """What 0 and 100 mean, shortened, from a scale text ``0 = ..., 100 = ...`` (the report's
    ``scale``): sources in brackets and remarks in parentheses dropped, each end cut to ``width``.

    >>> scale_ends("0 = all to A, 100 = all to B")
    ('all to A', 'all to B')
    >>> scale_ends("0 = Russian forces withdraw to 1991 borders (Peace Formula) [S06], 100 = Ukraine withdraws", 20)
    ('Russian forces…', 'Ukraine withdraws')
    """
    found = re.fullmatch(r"0 = (.+?), 100 = (.+)", text.strip(), flags=re.S)
    if found is None:
        return None
    ends = []
    for end in found.groups():
        end = " ".join(re.sub(r"\[[^]]*\]|\([^)]*\)", "", end).split()).rstrip(" ,;")
        ends.append(end if len(end) <= width else end[:width].rsplit(" ", 1)[0].rstrip(" ,;") + "…")
    return ends[0], ends[1]


def _scale_labels(report: Report, issues: list[str]) -> tuple[str | None, dict[str, str]]:
    """The y-axis labels of the positions plot: one for the figure when every issue has the same
    ends, else one per issue (none without the report's ``scale``)."""
    fields: dict[str, Any] = dict(report)  # ``scale``: issue id -> "0 = ..., 100 = ..." (which end is whose)
    scale: dict[str, str] = fields.get("scale") or {}
    ends = {issue: scale_ends(scale[issue]) for issue in issues if issue in scale}
    shown = {issue: f"100 = {e[1]}\n0 = {e[0]}" for issue, e in ends.items() if e is not None}
    if len(shown) == len(issues) and len(set(ends.values())) == 1:
        (low, high), *_ = [e for e in ends.values() if e is not None]
        return f"position: 0 = {low}; 100 = {high}", {}
    return None, shown


def _issues(report: Report) -> list[str]:
    return list(report["final_text"])


def _grid(n: int, width: float = 4.2, height: float = 2.9) -> tuple[Figure, list[Any]]:
    columns = min(n, 3)
    rows = math.ceil(n / columns)
    figure = Figure(figsize=(width * columns, height * rows + 0.6), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).ravel().tolist()
    for extra in axes[n:]:
        extra.set_visible(False)
    return figure, axes[:n]


def _texts(report: Report) -> tuple[list[int], list[list[float]]]:
    """The rounds with a text on the table and those texts (one value per issue)."""
    rounds = [r for r in report["rounds"] if r["text"]]
    return [r["round"] for r in rounds], [r["text"] for r in rounds]


def positions_figure(report: Report) -> Figure:
    """Every actor's position on each issue over the rounds, with the text on the table in black.

    Only actors that state a position on an issue are drawn on it; mediators are dashed.
    """
    issues = _issues(report)
    colours = _colours(report)
    history = report["history"] or []
    figure, axes = _grid(len(issues))
    text_rounds, texts = _texts(report)
    common, per_issue = _scale_labels(report, issues)
    for k, (issue, ax) in enumerate(zip(issues, axes, strict=True)):
        for actor, figures in report["actors"].items():
            if issue not in figures["ideal"]:
                continue
            values = [rnd[actor][issue] for rnd in history]
            style = "--" if figures["role"] == "mediator" else "-"
            ax.plot(range(len(values)), values, style, color=colours[actor], lw=1.2, label=actor)
        if texts:
            ax.plot(text_rounds, [t[k] for t in texts], color=TEXT_COLOUR, lw=2.4, label="text on the table")
        if report.get("ripe_round"):
            ax.axvline(report["ripe_round"], color="grey", lw=0.8, ls=":")
        mark_talks(ax, report, issue, values=True)
        ax.set_title(issue, fontsize=10)
        ax.set_ylim(-3, 103)
        ax.set_yticks([0, 25, 50, 75, 100])
        ax.set_ylabel(per_issue.get(issue, "position (0-100)"), fontsize=7)
        ax.tick_params(labelsize=8)
        time_axis(ax, report)
    if common:
        for ax in axes:
            ax.set_ylabel("")
        figure.supylabel(common, fontsize=9)
    handles, labels = axes[0].get_legend_handles_labels()
    for ax in axes[1:]:  # actors that state no position on the first issue
        for h, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(h)
                labels.append(label)
    figure.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 8), fontsize=8)
    deals = "; star: partial deal" if report.get("partial_deals") else ""
    figure.suptitle(
        f"{report['scenario']}: positions over the rounds ({_outcome_words(report)}; shaded: in talks{deals})"
    )
    return figure


def terms_figure(report: Report) -> Figure:
    """Where the final text lies on each issue against every actor's ideal point."""
    issues = _issues(report)
    colours = _colours(report)
    figure = Figure(figsize=(8.5, 0.55 * len(issues) + 1.6), layout="constrained")
    ax = figure.subplots()
    for row, issue in enumerate(issues):
        ax.hlines(row, 0, 100, color="#dddddd", lw=1, zorder=0)
        for actor, figures in report["actors"].items():
            if issue in figures["ideal"]:
                size = 20 + 260 * figures["salience"].get(issue, 0.0)
                ax.scatter(figures["ideal"][issue], row, s=size, color=colours[actor], alpha=0.8, zorder=2)
        final = report["final_text"][issue]
        if final is not None:
            marker = "D" if issue in report["terms"] else "d"  # filled: settled
            ax.scatter(final, row, marker=marker, s=90, color=TEXT_COLOUR, zorder=3)
        nash = (report["benchmarks"]["nash_bargaining"] or {}).get(issue)
        if nash is not None:
            ax.scatter(nash, row, marker="|", s=200, color="crimson", zorder=3)
    ax.set_yticks(range(len(issues)), issues, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(-3, 103)
    ax.set_xlabel("position (0-100); dot size = salience")
    handles = [
        ax.scatter([], [], marker="D", color=TEXT_COLOUR, label="final text"),
        ax.scatter([], [], marker="|", s=200, color="crimson", label="Nash solution"),
    ] + [ax.scatter([], [], color=c, label=a) for a, c in colours.items()]
    figure.legend(handles=handles, loc="outside right center", fontsize=8)
    figure.suptitle(f"{report['scenario']}: final terms against ideal points")
    return figure


def utilities_figure(report: Report) -> Figure:
    """Each actor's utility of the final text against its walk-away value, and over the rounds."""
    actors = report["actors"]
    colours = _colours(report)
    figure = Figure(figsize=(11, 4.2), layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[1, 1.3])
    names = list(actors)
    utility = [actors[a]["utility"] + actors[a]["side_payment"] for a in names]
    reservation = [actors[a]["reservation"] for a in names]
    positions = range(len(names))
    left.bar(positions, utility, color=[colours[a] for a in names], alpha=0.85, label="utility of the text")
    left.scatter(positions, reservation, marker="_", s=400, color=TEXT_COLOUR, zorder=3, label="walk-away value")
    left.set_xticks(positions, names, rotation=60, fontsize=8)
    left.set_ylim(0, 1.05)
    left.set_ylabel("utility")
    left.set_title("final text vs walk-away value", fontsize=10)
    left.legend(fontsize=8, loc="lower right")
    course = report.get("course")
    for actor in names:
        if actors[actor]["role"] != "principal" or not course:
            continue
        rounds = course["round"]
        worth = course["utility"].get(actor, [])
        drawn = [(r, u) for r, u in zip(rounds, worth, strict=False) if u is not None]
        if drawn:
            right.plot(*zip(*drawn, strict=True), color=colours[actor], lw=1.5, label=f"{actor}: text")
        floor = course["reservation"].get(actor, [])
        if floor:
            right.plot(rounds, floor, color=colours[actor], lw=1, ls=":", label=f"{actor}: walk-away")
    mark_talks(right, report)
    time_axis(right, report)
    right.set_ylabel("utility")
    right.set_title("principals: worth of the text on the table vs walk-away value", fontsize=10)
    if right.lines:
        right.legend(fontsize=7, ncols=2)
    figure.suptitle(f"{report['scenario']}: utilities and surplus")
    return figure


def war_figure(report: Report) -> Figure | None:
    """The war beside the talks: territory held, costs so far, the optimism gap; the rounds when
    talks opened and became ripe are marked. None when the scenario models no war."""
    course = report.get("course")
    if not report.get("territory") or not course:
        return None
    rounds = course["round"]
    figure = Figure(figsize=(11, 3.4), layout="constrained")
    axes = figure.subplots(1, 3)
    sides = list(report["territory"])
    colours = _colours(report)
    held = [100 * share for share in course["territory"]]
    axes[0].plot(rounds, held, color=colours.get(sides[0], PALETTE[0]))
    axes[0].set_ylabel(f"% of the territory held by {sides[0]}")
    axes[0].set_ylim(*territory_range(held or [100 * report["territory"][sides[0]]]))  # none yet: round 0
    axes[0].yaxis.set_major_formatter(PercentFormatter(decimals=1))
    axes[0].set_title("territory (axis: the range it moved)", fontsize=10)
    for actor in report["war_cost"]:
        axes[1].plot(rounds, course["war_cost"][actor], color=colours[actor], label=actor)
    axes[1].set_title("cost of the war so far (utility)", fontsize=10)
    axes[1].legend(fontsize=8)
    gap = report["optimism_gap"]
    axes[2].plot(range(1, len(gap) + 1), gap, color=TEXT_COLOUR)
    axes[2].set_title("optimism gap (sum of beliefs - 1)", fontsize=10)
    for ax in axes:
        if report.get("talks_opened"):
            ax.axvline(report["talks_opened"], color="grey", lw=0.8, ls="--")
        if report.get("ripe_round"):
            ax.axvline(report["ripe_round"], color="green", lw=0.8, ls=":")
        mark_talks(ax, report)
        time_axis(ax, report)
    deals = "; dash-dot: partial deal" if report.get("partial_deals") else ""
    figure.suptitle(f"{report['scenario']}: the war (dashed: talks open; dotted: ripe; shaded: in talks{deals})")
    return figure


def territory_range(held: list[float]) -> tuple[float, float]:
    """The territory axis (in percent): the range the share held moved over, with a margin of a
    quarter of it each side (at least 0.2 points), within 0-100.

    >>> territory_range([81.0, 80.6, 80.2])
    (80.0, 81.2)
    """
    low, high = min(held), max(held)
    margin = max((high - low) / 4, 0.2)
    return round(max(0.0, low - margin), 3), round(min(100.0, high + margin), 3)


def figures(report: Report) -> dict[str, Figure]:
    """All the figures that apply to this report, by file stem."""
    drawn = {
        "positions": positions_figure(report),
        "terms": terms_figure(report),
        "utilities": utilities_figure(report),
    }
    war = war_figure(report)
    if war is not None:
        drawn["war"] = war
    return drawn


def png_bytes(figure: Figure, dpi: int = 110) -> bytes:
    """A figure as PNG bytes (for a web page or an HTML report)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def write_plots(report: Report, folder: str | Path) -> list[Path]:
    """Write every figure as ``folder/<name>.png``; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, figure in figures(report).items():
        path = folder / f"{name}.png"
        figure.savefig(path, dpi=110)
        written.append(path)
    return written


def _outcome_words(report: Report) -> str:
    calendar = calendar_of(report)
    if report["outcome"] is None:  # a report made mid-run (the app draws one every step)
        return f"{round_label(calendar, len(report['history'] or [0]) - 1)}, in progress"
    return f"{report['outcome'].replace('_', ' ')} in {round_label(calendar, _last_round(report))}"
