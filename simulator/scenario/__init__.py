"""Scenario files: load, override and validate a YAML conference description.

Every problem found is reported as ``FILE:LINE: PATH: what is wrong; what is allowed``, with
``PATH`` written as ``agents[3].salience.TERR_LINE``. All problems in a file are reported at
once. Unknown keys are refused with the nearest known key as a suggestion. Saliences that do not
sum to one are normalised, with a ``ScenarioWarning`` (see ``docs/scenario-format.md``).

The work is done in the submodules: ``spec`` (the validated records), ``fields`` (every field
declared once), ``load``, ``overrides``, ``validate`` (one module per section) and ``schema``
(the JSON Schema). This module only re-exports their public names.
"""

from __future__ import annotations

from simulator.core.yamlsource import SourcedDict, SourcedList
from simulator.scenario.fields import (
    CONFERENCE_SETTINGS,
    MEDIATION_SETTINGS,
    RED_LINE_SETTINGS,
    RIPENESS_SETTINGS,
    ROLES,
    SALIENCE_TOLERANCE,
    UTILITY_FORMS,
    WAR_SETTINGS,
)
from simulator.scenario.load import load_scenario, read_tree, validate_tree
from simulator.scenario.overrides import apply_override, split_path
from simulator.scenario.spec import (
    AgentSpec,
    Change,
    ComponentSpec,
    ConferenceSpec,
    EventSpec,
    Issue,
    RedLine,
    Reference,
    ReferenceIssue,
    Scenario,
    ScenarioError,
    ScenarioWarning,
    WarSpec,
)
from simulator.scenario.validate.base import node_origin

__all__ = [
    "CONFERENCE_SETTINGS",
    "MEDIATION_SETTINGS",
    "RED_LINE_SETTINGS",
    "RIPENESS_SETTINGS",
    "ROLES",
    "SALIENCE_TOLERANCE",
    "UTILITY_FORMS",
    "WAR_SETTINGS",
    "AgentSpec",
    "Change",
    "ComponentSpec",
    "ConferenceSpec",
    "EventSpec",
    "Issue",
    "RedLine",
    "Reference",
    "ReferenceIssue",
    "Scenario",
    "ScenarioError",
    "ScenarioWarning",
    "SourcedDict",
    "SourcedList",
    "WarSpec",
    "apply_override",
    "load_scenario",
    "node_origin",
    "read_tree",
    "split_path",
    "validate_tree",
]
