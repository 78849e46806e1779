"""The ``reference`` section: the real outcome of a historical case (docs/history.md)."""

from __future__ import annotations

from typing import Any

from simulator.core.params import Param
from simulator.scenario.fields import REFERENCE_FIELDS, REFERENCE_ISSUE_FIELDS
from simulator.scenario.spec import Reference, ReferenceIssue
from simulator.scenario.validate.base import ScenarioChecker, Steps, not_known

DATE = Param("text", None, "the date of one event of the case", required=True)


def check_reference(c: ScenarioChecker, node: Any, origin: str) -> Reference | None:
    """``reference:``, the real settlement: per issue a value on the issue's scale (0..100) with
    its text, provenance and sources; for the case its outcome, dates and implementation."""
    path: Steps = ["reference"]
    if c.mapping(node, origin, path, tuple(REFERENCE_FIELDS)) is None:
        return None
    fields = REFERENCE_FIELDS
    outcome = c.value(node, "outcome", path, fields["outcome"])
    outcome_type = c.value(node, "outcome_type", path, fields["outcome_type"])
    outcome_text = c.value(node, "outcome_text", path, fields["outcome_text"])
    dates: dict[str, str] = {}
    dates_node = node.get("dates", {})
    if c.mapping_from(dates_node, c.where(node, "dates"), [*path, "dates"], "event to date (text)"):
        dates = {str(key): c.value(dates_node, key, [*path, "dates"], DATE) for key in dates_node}
    implementation = c.value(node, "implementation", path, fields["implementation"])
    sources = c.value(node, "sources", path, fields["sources"]) or []
    issues_node = node.get("issues", {})
    if not c.mapping_from(issues_node, c.where(node, "issues"), [*path, "issues"], "issue id to its real outcome"):
        issues_node = {}
    issues: dict[str, ReferenceIssue] = {}
    for issue, entry in issues_node.items():
        sub: Steps = [*path, "issues", str(issue)]
        where = c.where(issues_node, issue)
        if issue not in c.issue_ids:
            c.error(where, sub, not_known("unknown issue", issue, c.issue_ids))
        elif c.mapping(entry, where, sub, tuple(REFERENCE_ISSUE_FIELDS)) is not None:
            issues[issue] = check_reference_issue(c, entry, sub)
    return Reference(
        outcome=outcome,
        outcome_type=outcome_type,
        outcome_text=outcome_text,
        dates=dates,
        implementation=implementation,
        sources=sources,
        issues={i: issues[i] for i in c.issue_ids if i in issues},
    )


def check_reference_issue(c: ScenarioChecker, entry: dict, path: Steps) -> ReferenceIssue:
    fields = REFERENCE_ISSUE_FIELDS
    return ReferenceIssue(
        c.value(entry, "outcome", path, fields["outcome"]),
        c.value(entry, "outcome_text", path, fields["outcome_text"]),
        c.value(entry, "prov", path, fields["prov"]),
        c.value(entry, "sources", path, fields["sources"]) or [],
        c.value(entry, "implementation", path, fields["implementation"]),
    )
