"""The ``calendar`` section: the date of the first round and the length of a round."""

from __future__ import annotations

from typing import Any

from simulator.core.calendar import Calendar, parse_duration
from simulator.scenario.fields import CALENDAR_FIELDS
from simulator.scenario.validate.base import ScenarioChecker, Steps


def check_calendar(c: ScenarioChecker, node: Any, origin: str) -> Calendar | None:
    """``calendar: {start: 2026-02-26, round: 1 week}`` as a ``Calendar`` (None after an error)."""
    path: Steps = ["calendar"]
    if c.mapping(node, origin, path, tuple(CALENDAR_FIELDS)) is None:
        return None
    start = c.value(node, "start", path, CALENDAR_FIELDS["start"])
    length = c.value(node, "round", path, CALENDAR_FIELDS["round"])
    if start is None or length is None:
        return None
    length, unit = parse_duration(length) if isinstance(length, str) else length  # the default is text
    return Calendar(start, length, unit)
