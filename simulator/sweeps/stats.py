"""The figures of a sweep's rows: shares with Wilson intervals, percentiles (of rounds, terms and
dates) and the same per value of a varied field (``by_level``). The summary, its text and its
plots read them from here."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np

BINS = 8  # a numeric field with more values than this is cut into this many bins of equal count


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


def share(flags: Any) -> dict[str, float]:
    """The share of true flags, ``{p, low, high, n}`` with its 95% Wilson interval."""
    n, k = int(len(flags)), int(np.sum(flags))
    low, high = wilson(k, n)
    return {"p": round(k / n, 4) if n else 0.0, "low": round(low, 4), "high": round(high, 4), "n": n}


def quantiles(values: Any) -> dict[str, float] | None:
    """min, p10, p25, median, p75, p90 and max of the values that are not missing (None if none)."""
    values = np.asarray([v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))], float)
    if values.size == 0:
        return None
    q = np.percentile(values, [0, 10, 25, 50, 75, 90, 100])
    return {k: round(float(v), 3) for k, v in zip(("min", "p10", "p25", "median", "p75", "p90", "max"), q, strict=True)}


def date_quantiles(values: Any) -> dict[str, str] | None:
    """The percentiles of ISO dates (``quantiles`` of their day numbers), as ISO dates.

    >>> date_quantiles(["2026-03-05", None, "2026-03-19", "2026-03-12"])["median"]
    '2026-03-12'
    """
    days = [dt.date.fromisoformat(v).toordinal() for v in values if isinstance(v, str) and v]
    q = quantiles(days)
    return None if q is None else {k: dt.date.fromordinal(int(round(v))).isoformat() for k, v in q.items()}


def agreements(frame: Any) -> Any:
    """The rows of the runs that ended in an agreement."""
    return frame[frame["outcome"] == "agreement"]


def issues_of(frame: Any) -> list[str]:
    """The issues of the sweep's scenario, in its order (from the ``terms.ISSUE`` columns)."""
    return [c.removeprefix("terms.") for c in frame.columns if c.startswith("terms.")]


def agreed_unripe(frame: Any) -> int:
    """How many agreements came in a run whose talks were not ripe by the round it settled: talks
    can open before ripeness (from the first round, or under a deadline both sides know) and settle."""
    agreed = agreements(frame)
    if "ripe_round" not in agreed or not len(agreed):
        return 0
    ripe = agreed["ripe_round"]
    return int((ripe.isna() | (ripe > agreed["round"])).sum())


def groups(frame: Any, column: str, bins: int = BINS) -> list[tuple[Any, Any]]:
    """``(value, rows)`` per value of a varied field, in order; a numeric field with more than
    ``bins`` values is cut into ``bins`` bins of equal count, each named by its midpoint."""
    values = frame[column]
    numeric = np.issubdtype(values.dtype, np.number)
    if numeric and values.nunique() > bins:
        edges = np.unique(np.quantile(values, np.linspace(0, 1, bins + 1)))
        keys = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
        labels = [round((float(edges[k]) + float(edges[k + 1])) / 2, 6) for k in range(len(edges) - 1)]
        found = [(labels[k], frame[keys == k]) for k in range(len(labels))]
    else:
        order = sorted(values.unique()) if numeric else sorted(values.unique(), key=str)
        found = [(v.item() if hasattr(v, "item") else v, frame[values == v]) for v in order]
    return [(v, g) for v, g in found if len(g)]


def by_level(frame: Any, column: str, bins: int = BINS) -> list[dict[str, Any]]:
    """The figures of ``level`` per value (or bin) of a varied field."""
    issues = issues_of(frame)
    return [level(v, g, issues) for v, g in groups(frame, column, bins)]


def level(value: Any, runs: Any, issues: list[str]) -> dict[str, Any]:
    """At one value of a varied field: P(agreement) with its interval, P(breakdown), the share of
    runs in which talks became an option (ripe), and over the agreements the median round of
    settlement (and its date) and the median terms on each issue."""
    agreed = agreements(runs)
    return {
        "value": value,
        **share(runs["outcome"] == "agreement"),
        "p_breakdown": round(float((runs["outcome"] == "breakdown").mean()), 4),
        "round": float(agreed["round"].median()) if len(agreed) else None,
        "settled_date": (date_quantiles(agreed["settled_date"]) or {}).get("median")
        if "settled_date" in runs
        else None,
        "p_ripe": round(float(runs["ripe_round"].notna().mean()), 4) if "ripe_round" in runs else None,
        "terms": {k: _median(agreed[f"terms.{k}"]) for k in issues},
    }


def _median(values: Any) -> float | None:
    values = values.dropna()
    return round(float(values.median()), 3) if len(values) else None
