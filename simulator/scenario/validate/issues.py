"""The ``issues`` section: ids, names, anchors (the meaning of points on the 0..100 scale) and
the options of an indivisible issue."""

from __future__ import annotations

from typing import Any

from simulator.scenario.fields import ISSUE_FIELDS
from simulator.scenario.spec import Issue
from simulator.scenario.validate.base import ScenarioChecker, Steps, is_number, kind_of

OPTIONS = ISSUE_FIELDS["options"]


def check_issues(c: ScenarioChecker, node: Any, origin: str) -> list[Issue]:
    if not isinstance(node, list) or not node:
        c.error(origin, ["issues"], f"expected a non-empty list of issues, got {kind_of(node)}")
        return []
    out: list[Issue] = []
    seen: set[str] = set()
    for k, item in enumerate(node):
        path: Steps = ["issues", k]
        if c.mapping(item, c.where(node, k), path, tuple(ISSUE_FIELDS)) is None:
            continue
        issue_id = c.value(item, "id", path, ISSUE_FIELDS["id"])
        if issue_id in seen:
            c.error(c.where(item, "id"), [*path, "id"], f"duplicate issue id {issue_id!r}")
        seen.add(issue_id)
        anchors = check_anchors(c, item.get("anchors"), c.where(item, "anchors"), [*path, "anchors"])
        options = check_options(c, item.get("options"), c.where(item, "options"), [*path, "options"])
        name = c.value(item, "name", path, ISSUE_FIELDS["name"], default=issue_id)
        separable = c.value(item, "separable", path, ISSUE_FIELDS["separable"])
        scale = c.value(item, "scale", path, ISSUE_FIELDS["scale"])
        out.append(Issue(issue_id, name, anchors, options, bool(separable), scale or ""))
    return out


def check_anchors(c: ScenarioChecker, node: Any, origin: str, path: Steps) -> dict[int, str]:
    if not c.mapping_from(node, origin, path, "points 0..100 to their meaning"):
        return {}
    out: dict[int, str] = {}
    for point, meaning in node.items():
        if not isinstance(point, int) or isinstance(point, bool) or not 0 <= point <= 100:
            c.error(c.where(node, point), [*path, str(point)], "allowed: a whole number in [0, 100]")
        elif not isinstance(meaning, str) or not meaning:
            c.error(c.where(node, point), [*path, str(point)], "allowed: text describing that point")
        else:
            out[point] = meaning
    for end in (0, 100):
        if end not in node:
            c.error(origin, path, f"must give the meaning of {end} (both ends of the scale)")
    return dict(sorted(out.items()))


def check_options(c: ScenarioChecker, node: Any, origin: str, path: Steps) -> tuple[float, ...] | None:
    if node is None:
        return None
    low, high = OPTIONS.low or 0.0, OPTIONS.high or 100.0
    if not isinstance(node, list) or len(node) < 2 or not all(is_number(v) and low <= v <= high for v in node):
        c.error(origin, path, f"got {node!r}; allowed: a list of at least two points in [0, 100]")
        return None
    return tuple(sorted(float(v) for v in node))
