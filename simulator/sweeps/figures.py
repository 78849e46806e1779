"""The plots of a sweep (``DIR/plots/*.png``, docs/sweeps.md#plots).

For each varied field: P(agreement) and P(breakdown) over its values, and the histograms of the
round of settlement and of the terms on each issue with one colour per value (its median marked),
so that the effect of the field shows; over the first two fields a heatmap of P(agreement).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np

from simulator.sweeps.spec import SweepSpec, Vary
from simulator.sweeps.stats import BINS, agreements, by_level, groups, issues_of
from simulator.sweeps.text import value_label


def write_plots(out: Path, frame: Any, spec: SweepSpec) -> list[Path]:
    """Draw every plot of the sweep into ``out/plots``; return the paths written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = out / "plots"
    folder.mkdir(exist_ok=True)
    written: list[Path] = []

    def save(fig: Any, name: str) -> None:
        path = folder / name
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    agreed = agreements(frame)
    issues = issues_of(frame)
    for v in spec.vary:
        save(_p_agreement(plt, frame, v), f"p_agreement_{slug(v.path)}.png")
    if len(spec.vary) >= 2:
        save(_heatmap(plt, frame, spec.vary[0].path, spec.vary[1].path), "heatmap.png")
    if len(agreed):
        split: list[str | None] = [v.path for v in spec.vary] or [None]
        for path in split:
            suffix = "" if path is None else f"_{slug(path)}"
            save(round_histogram(plt, agreed, path), f"round{suffix}.png")
            save(terms_histograms(plt, agreed, issues, path), f"terms{suffix}.png")
    return written


def _p_agreement(plt: Any, frame: Any, v: Vary) -> Any:
    """P(agreement) at each value of a varied field with its 95% band, and P(breakdown)."""
    levels = by_level(frame, v.path)
    fig, ax = plt.subplots(figsize=(6, 4))
    xs = list(range(len(levels))) if not v.numeric else [lv["value"] for lv in levels]
    ax.plot(xs, [lv["p"] for lv in levels], marker="o", label="P(agreement)")
    ax.plot(xs, [lv["p_breakdown"] for lv in levels], marker="s", linestyle="--", label="P(breakdown)")
    ax.fill_between(xs, [lv["low"] for lv in levels], [lv["high"] for lv in levels], alpha=0.25, label="95% CI")
    if not v.numeric:
        ax.set_xticks(xs, [str(lv["value"]) for lv in levels], rotation=20)
    ax.set(xlabel=v.path, ylabel="share of runs", ylim=(-0.02, 1.02), title=f"P(agreement) over {v.path}")
    ax.legend()
    fig.tight_layout()
    return fig


def split_by(agreed: Any, path: str | None) -> list[tuple[str, Any, Any]]:
    """``(legend label, colour, rows)`` per value of ``path`` (all the rows, one colour, without a
    path): an ordered colour map for a numeric field, distinct colours for a list of names."""
    from matplotlib import colormaps

    if path is None:
        return [("all runs", "tab:blue", agreed)]
    found = groups(agreed, path)
    numeric = np.issubdtype(agreed[path].dtype, np.number)
    cmap = colormaps["viridis"] if numeric else colormaps["tab10"]
    shades = np.linspace(0.0, 0.85, len(found)) if numeric else np.arange(len(found))
    return [(f"{path} = {value_label(v)}", cmap(s), g) for (v, g), s in zip(found, shades, strict=True)]


def _histograms(ax: Any, parts: list[tuple[str, Any, Any]], column: str, bins: Any, filled: bool = False) -> None:
    """One histogram per part in its colour (filled, or as a step line), its median dashed."""
    from matplotlib.ticker import MaxNLocator

    for label, colour, rows in parts:
        values = rows[column].dropna()
        if not len(values):
            continue
        style = {"histtype": "stepfilled", "alpha": 0.6} if filled else {"histtype": "step", "lw": 1.6}
        ax.hist(values, bins=bins, color=colour, label=f"{label} (n={len(values)})", **style)
        ax.axvline(float(values.median()), color=colour, lw=1.2, ls="--")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def round_histogram(plt: Any, agreed: Any, path: str | None) -> Any:
    """The rounds of settlement of the agreements: one panel per value of ``path`` (small
    multiples on a shared axis, each in its colour, its median dashed)."""
    low, high = int(agreed["round"].min()), int(agreed["round"].max())
    step = max(1, math.ceil((high - low + 1) / 40))
    bins = np.arange(low - 0.5, high + step + 0.5, step)
    parts = split_by(agreed, path)
    fig, axes = plt.subplots(len(parts), 1, figsize=(7, 1.3 * len(parts) + 1.6), sharex=True, squeeze=False)
    for ax, part in zip(axes[:, 0], parts, strict=True):
        _histograms(ax, [part], "round", bins, filled=True)
        ax.set_ylabel("runs", fontsize=8)
        ax.legend(fontsize=7, loc="upper right")
    axes[-1][0].set_xlabel("round of settlement (dashed: median)")
    by = "" if path is None else f" by {path}"
    axes[0][0].set_title(f"Round of settlement of the agreements{by}")
    _date_axis(axes[0][0], agreed)
    fig.tight_layout()
    return fig


def terms_histograms(plt: Any, agreed: Any, issues: list[str], path: str | None) -> Any:
    """One panel per issue, three to a row: the agreed terms, one colour per value of ``path``."""
    cols = min(3, len(issues)) or 1
    rows = math.ceil(len(issues) / cols) or 1
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows + 0.8), squeeze=False)
    parts = split_by(agreed, path)
    for k, issue in enumerate(issues):
        ax = axes[k // cols][k % cols]
        _histograms(ax, parts, f"terms.{issue}", np.arange(0, 101, 1.0))
        ax.set(title=issue, xlabel="terms (dashed: median)", xlim=_span(agreed[f"terms.{issue}"]))
    for k in range(len(issues), rows * cols):
        axes[k // cols][k % cols].axis("off")
    handles, labels = axes[0][0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="lower center", ncols=min(len(labels), 4), fontsize=7)
    by = "" if path is None else f" by {path}"
    fig.suptitle(f"Terms of the agreements{by}")
    fig.tight_layout(rect=(0, 0.4 / (3 * rows + 0.8) if handles else 0, 1, 1))
    return fig


def _span(values: Any, margin: float = 5.0) -> tuple[float, float]:
    """The range of the terms drawn: the values' range with a margin, within 0..100."""
    values = values.dropna()
    if not len(values):
        return 0.0, 100.0
    return max(0.0, float(values.min()) - margin), min(100.0, float(values.max()) + margin)


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
        if np.issubdtype(table[col].dtype, np.number) and table[col].nunique() > BINS:
            table[col] = np.round(table[col].rank(pct=True) * BINS - 0.5).clip(0, BINS - 1)
    grid = table.pivot_table(index=b, columns=a, values="agree", aggfunc="mean")
    fig, ax = plt.subplots(figsize=(6, 5))
    image = ax.imshow(grid.to_numpy(), origin="lower", vmin=0, vmax=1, cmap="viridis", aspect="auto")
    ax.set_xticks(
        range(len(grid.columns)), [f"{c:g}" if isinstance(c, float) else str(c) for c in grid.columns], rotation=30
    )
    ax.set_yticks(range(len(grid.index)), [f"{c:g}" if isinstance(c, float) else str(c) for c in grid.index])
    ax.set(xlabel=a, ylabel=b, title="P(agreement)")
    fig.colorbar(image, ax=ax)
    fig.tight_layout()
    return fig


def slug(path: str) -> str:
    """A field's path as part of a file name: ``_`` for every character not a letter or digit."""
    return "".join(c if c.isalnum() else "_" for c in path)
