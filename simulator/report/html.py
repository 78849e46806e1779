"""The settlement report as one self-contained HTML page (``peacesim run --format html``).

The figures of ``simulator.report.plots`` are embedded as base64 PNG images and the style sheet is
inline, so the file opens anywhere, offline, and can be mailed or handed out as it is.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from typing import Any

from simulator.report import plots
from simulator.report.tables import (
    DISCLAIMER,
    actor_rows,
    headline,
    issue_rows,
    reference_rows,
    reference_summary,
    scale_lines,
    talks_lines,
    war_lines,
)
from simulator.report.types import Comparison, SettlementReport

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #ddd; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.headline { font-size: 1.3em; font-weight: bold; }
.disclaimer { font-style: italic; color: #555; }
figure { margin: 1.5em 0; } img { max-width: 100%; }
"""

CAPTIONS = {
    "positions": "Every actor's position on each issue over the rounds; black: the text on the table.",
    "terms": "The final text (diamonds) against each actor's ideal point (dot size: salience); red: Nash solution.",
    "utilities": "Utility of the final text against each actor's walk-away value; the principals over the rounds.",
    "war": "The war beside the talks: territory, costs so far, the optimism gap; shaded: talks in session.",
}


def png_data_uri(figure: Any) -> str:
    """A matplotlib figure as a ``data:image/png;base64,...`` URI."""
    return "data:image/png;base64," + base64.b64encode(plots.png_bytes(figure, dpi=100)).decode("ascii")


def html_table(header: list[str], rows: Sequence[tuple[str, ...]], numeric: set[int]) -> str:
    """A table; the columns numbered in ``numeric`` are right-aligned."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if k in numeric else f"<td>{escape(c)}</td>" for k, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def reference_section(ref: Comparison) -> list[str]:
    """The simulated settlement beside the real one: a summary line, a table, the mean errors."""
    summary = reference_summary(ref)
    header = ["issue", "simulated", "real", "error", "midpoint", "prov", "real outcome"]
    return [
        f"<h2>Simulated vs real</h2><p>{escape(summary[0])}</p>",
        html_table(header, reference_rows(ref), {1, 2, 3, 4}),
        "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in summary[1:]) + "</ul>",
    ]


def figures_section(report: SettlementReport) -> list[str]:
    """Every figure of ``simulator.report.plots`` as an embedded PNG, with its caption."""
    parts = ["<h2>Figures</h2>"]
    for name, figure in plots.figures(report).items():
        caption = escape(CAPTIONS.get(name, name))
        parts.append(f'<figure id="figure-{name}"><img alt="{name}" src="{png_data_uri(figure)}">')
        parts.append(f"<figcaption>{caption}</figcaption></figure>")
    return parts


def scale_html(report: SettlementReport) -> list[str]:
    """Which end of each scale is whose: a paragraph, with a list when the issues differ."""
    lines = scale_lines(report)
    if not lines:
        return []
    items = "".join(f"<li>{escape(line)}</li>" for line in lines[1:])
    return [f'<p class="scale">{escape(lines[0])}</p>' + (f"<ul>{items}</ul>" if items else "")]


def tables_section(report: SettlementReport) -> list[str]:
    """The terms, the actors, and who blocked the last text."""
    issues = [(i, s.strip(), n, m, meaning) for i, s, n, m, meaning in issue_rows(report)]
    actors = ["actor", "role", "utility", "walk-away", "surplus", "distance", "vote"]
    parts = [
        "<h2>Terms</h2>",
        html_table(["issue", "terms", "Nash", "weighted mean", "meaning"], issues, {1, 2, 3}),
        *scale_html(report),
        "<h2>Actors</h2>",
        html_table(actors, actor_rows(report), {2, 3, 4, 5}),
    ]
    if report["blocked"]:
        blocked = [f"<li>blocked by <b>{escape(b['actor'])}</b>: {escape(b['reason'])}</li>" for b in report["blocked"]]
        parts.append("<ul>" + "".join(blocked) + "</ul>")
    return parts


def render(report: SettlementReport, *, narrative: str | None = None) -> str:
    """The report as one HTML page with its figures embedded (and the narrative, if given)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>peacesim: {escape(report['scenario'])}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(report['scenario'])}</h1>",
        f"<p>seed {escape(str(report['seed']))}; protocol <code>{escape(report['protocol'])}</code>; "
        f"agreement rule <code>{escape(report['agreement_rule'])}</code></p>",
    ]
    if report["overrides"]:
        parts.append("<p>overrides: " + escape("; ".join(report["overrides"])) + "</p>")
    parts.append(f'<p class="headline">{escape(headline(report))}</p>')
    parts += tables_section(report)
    if report.get("reference"):  # a historical case: the simulated settlement beside the real one
        parts += reference_section(report["reference"])
    parts.append("<h2>The war and the way to the table</h2><ul>")
    parts += [f"<li>{escape(line)}</li>" for line in war_lines(report)]
    parts.append("</ul><h2>Talks</h2><ul>")
    parts += [f"<li>{escape(line)}</li>" for line in talks_lines(report)]
    parts.append("</ul>")
    if report.get("history"):
        parts += figures_section(report)
    if narrative:
        parts.append("<h2>Round by round</h2><details><summary>the narrative</summary>")
        parts.append(f"<pre>{escape(narrative)}</pre></details>")
    parts.append(f'<p class="disclaimer">{escape(DISCLAIMER)}</p></body></html>')
    return "\n".join(parts) + "\n"
