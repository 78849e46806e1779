"""The settlement report as JSON (``peacesim run --format json``), and the one JSON writer of the package."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from simulator.report.types import SettlementReport


def to_json(data: Mapping[str, Any]) -> str:
    """Stable JSON: the same data always gives the same bytes (keys in their order, UTF-8 text, no NaN)."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render(report: SettlementReport, *, narrative: str | None = None) -> str:
    """The report as JSON, every key (docs/cli.md lists them). The narrative is not part of it."""
    return to_json(report)
