"""Scenario validation: every error names the file, the line, the path and what is allowed.

The scenarios are ``conftest.MINIMAL`` (numbered there) with one line changed, so every expected
message below is exact, origin included: ``FILE:LINE: PATH: what is wrong; what is allowed``.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL, edit, edit_line

from simulator.core.yamlsource import _SourcedLoader
from simulator.scenario import load_scenario
from simulator.scenario.spec import ScenarioError, ScenarioWarning

AGENT_KEYS = "id, name, role, bloc, capability, reservation, rule, position, salience, sources, ratification, red_lines, mediation"
TOP_KEYS = "name, description, as_of, calendar, saliences, issues, agents, conference, war, ripeness, events, reference"


def errors(path: Path, overrides: tuple[str, ...] = ()) -> list[str]:
    """The errors ``load_scenario`` reports for ``path`` (it must refuse the file)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides)
    return info.value.errors


def load_quietly(path: Path):
    """Load a scenario that must produce no ScenarioWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScenarioWarning)
        return load_scenario(path)


# --------------------------------------------------------------------------- the baseline


def test_minimal_scenario_is_valid(write_scenario):
    path = write_scenario()
    scenario = load_quietly(path)
    assert scenario.source == str(path)
    assert scenario.issue_ids == ["TERR_LINE", "SANCTIONS"]
    assert scenario.agent_ids == ["UKR", "RUS", "MED", "OBS"]
    assert scenario.agent("RUS").salience == {"TERR_LINE": 0.5, "SANCTIONS": 0.5}
    assert scenario.agent("UKR").rule.params == {"beta": 0.5, "deadline": 0, "deadline_spread": 0}
    assert scenario.conference.protocol.params["mediator"] == "MED"
    assert scenario.conference.walkout == ["UKR", "RUS"]
    assert scenario.war.cost_per_round == {"UKR": 0.004, "RUS": 0.003}
    assert scenario.warnings == []


@pytest.mark.parametrize("name", ["talks-2026.yaml", "essay-2024.yaml"])
def test_shipped_scenarios_are_valid_without_warnings(repo_root, name):
    scenario = load_quietly(repo_root / "scenarios" / name)
    assert len(scenario.agents) >= 10
    for agent in scenario.agents:
        if agent.salience:
            assert sum(agent.salience.values()) == pytest.approx(1.0, abs=1e-9)


def test_error_text_lists_every_error_under_a_count(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 23, "0.8", "-0.8"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    line = f"{path}:23: agents[1].capability: got -0.8; allowed: a number >= 0.0"
    assert info.value.errors == [line]
    assert str(info.value) == f"1 error in scenario:\n  {line}"
    assert isinstance(info.value, ValueError)


# --------------------------------------------------------------------------- unknown keys


def test_unknown_top_level_key_with_suggestion(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 47, "war:", "wars:"))
    assert errors(path) == [
        f"{path}:48: wars: unknown key 'wars'; did you mean 'war'? Allowed: {TOP_KEYS}",
    ]


def test_unknown_agent_key_with_suggestion(write_scenario):
    # the mediator needs no salience, so the misspelt key is the only problem
    path = write_scenario(edit_line(MINIMAL, 37, "salience:", "salince:"))
    assert errors(path) == [
        f"{path}:38: agents[2].salince: unknown key 'salince'; did you mean 'salience'? Allowed: {AGENT_KEYS}",
    ]


def test_unknown_agent_key_on_a_principal_also_reports_its_missing_salience(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 29, "salience:", "salince:"))
    assert errors(path) == [
        f"{path}:30: agents[1].salince: unknown key 'salince'; did you mean 'salience'? Allowed: {AGENT_KEYS}",
        f"{path}:21: agents[1].salience: a principal or guarantor needs a positive salience on at least one issue",
    ]


def test_unknown_key_without_a_close_match_lists_what_is_allowed(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 41, "capability", "zzz"))
    assert errors(path) == [
        f"{path}:41: agents[3].zzz: unknown key 'zzz'; allowed: {AGENT_KEYS}",
        f"{path}:39: agents[3].capability: is required",
    ]


def test_unknown_issue_in_salience_names_file_line_and_path(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 30, "TERR_LINE", "TERR_LNE"))
    assert errors(path) == [
        f"{path}:30: agents[1].salience.TERR_LNE: unknown issue 'TERR_LNE'; did you mean 'TERR_LINE'? "
        "Allowed: TERR_LINE, SANCTIONS",
    ]


def test_unknown_issue_in_position_also_reports_the_weight_left_without_a_position(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 16, "TERR_LINE", "TERR_LNE"))
    assert errors(path) == [
        f"{path}:16: agents[0].position.TERR_LNE: unknown issue 'TERR_LNE'; did you mean 'TERR_LINE'? "
        "Allowed: TERR_LINE, SANCTIONS",
        f"{path}:19: agents[0].salience.TERR_LINE: has weight 0.75 but position.TERR_LINE is missing; "
        "allowed: give a position or set the salience to 0",
    ]


def test_unknown_issue_in_sources(write_scenario):
    text = edit_line(MINIMAL, 41, "capability: 0.1", "capability: 0.1\n    sources: {SANCTION: [S01]}")
    path = write_scenario(text)
    assert errors(path) == [
        f"{path}:42: agents[3].sources.SANCTION: unknown issue 'SANCTION'; did you mean 'SANCTIONS'? "
        "Allowed: TERR_LINE, SANCTIONS",
    ]


# --------------------------------------------------------------------------- values


def test_out_of_range_position_is_reported_once(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 27, "90", "190"))
    # the position is refused; its salience is not reported as lacking a position as well
    assert errors(path) == [f"{path}:27: agents[1].position.TERR_LINE: got 190; allowed: a number in [0.0, 100.0]"]


@pytest.mark.parametrize(
    ("line", "old", "new", "expected"),
    [
        (23, "0.8", "high", "agents[1].capability: got 'high'; allowed: a number >= 0.0"),
        (23, "0.8", "true", "agents[1].capability: got True; allowed: a number >= 0.0"),
        (24, "0.2", "1.5", "agents[1].reservation: got 1.5; allowed: a number in [0.0, 1.0]"),
        (30, "0.5", "-0.5", "agents[1].salience.TERR_LINE: got -0.5; allowed: a number >= 0.0"),
        (30, "0.5", "[0.5]", "agents[1].salience.TERR_LINE: got [0.5]; allowed: a number >= 0.0"),
        (45, "20", "0", "conference.max_rounds: got 0; allowed: a whole number in [1, 100000]"),
        (45, "20", "5.5", "conference.max_rounds: got 5.5; allowed: a whole number in [1, 100000]"),
        (45, "20", "many", "conference.max_rounds: got 'many'; allowed: a whole number in [1, 100000]"),
        (48, "0.003", "2", "war.cost_per_round.RUS: got 2; allowed: a number in [0.0, 1.0]"),
        (25, "0.3", "0", "agents[1].rule.beta: got 0; allowed: a number in [0.01, 100.0]"),
        (25, "0.3", "fast", "agents[1].rule.beta: got 'fast'; allowed: a number in [0.01, 100.0]"),
    ],
)
def test_wrong_type_or_out_of_range_value(write_scenario, line, old, new, expected):
    path = write_scenario(edit_line(MINIMAL, line, old, new))
    assert errors(path) == [f"{path}:{line}: {expected}"]


def test_salience_mapping_of_wrong_type(write_scenario):
    text = edit(MINIMAL, "    salience:\n      TERR_LINE: 0.5\n      SANCTIONS: 0.5\n", "    salience: high\n")
    path = write_scenario(text)
    assert errors(path) == [
        f"{path}:29: agents[1].salience: expected a mapping from issue id to a number, got 'high'",
        f"{path}:29: agents[1].salience: a principal or guarantor needs a positive salience on at least one issue",
    ]


def test_walkout_patience_and_settle_tolerance_are_checked(write_scenario):
    text = edit_line(MINIMAL, 46, "walkout: [UKR, RUS]", "walkout_patience: 0\n  settle_tolerance: -1")
    path = write_scenario(text)
    assert errors(path) == [
        f"{path}:46: conference.walkout_patience: got 0; allowed: a whole number in [1, 1000]",
        f"{path}:47: conference.settle_tolerance: got -1; allowed: a number in [0.0, 100.0]",
    ]


def test_bad_utility_form_with_suggestion(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 45, "max_rounds: 20", "utility: quadratik"))
    assert errors(path) == [
        f"{path}:45: conference.utility: got 'quadratik'; did you mean 'quadratic'? Allowed: linear, quadratic"
    ]


# --------------------------------------------------------------------------- rules, protocols, agreement rules


def test_unknown_rule_type_with_suggestion(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 25, "time_dependent", "time_dependant"))
    assert errors(path) == [
        f"{path}:25: agents[1].rule.type: unknown rule 'time_dependant'; did you mean 'time_dependent'? "
        "Allowed: time_dependent, reciprocal, hardliner, ripeness_gated, zeuthen",
    ]


def test_unknown_rule_parameter_with_suggestion(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 25, "beta", "bta"))
    assert errors(path) == [
        f"{path}:25: agents[1].rule.bta: unknown parameter 'bta' of rule 'time_dependent'; did you mean 'beta'? "
        "Allowed: beta, deadline, deadline_spread",
    ]


def test_rule_shorthand_and_missing_rule_type(write_scenario):
    ok = load_quietly(write_scenario(edit_line(MINIMAL, 25, "{type: time_dependent, beta: 0.3}", "hardliner")))
    assert ok.agent("RUS").rule.type == "hardliner"
    assert ok.agent("RUS").rule.params == {"aspiration": 1.0}
    path = write_scenario(edit_line(MINIMAL, 25, "type: time_dependent, ", ""))
    assert errors(path) == [
        f"{path}:25: agents[1].rule.type: is required; allowed: time_dependent, reciprocal, hardliner, ripeness_gated, zeuthen",
    ]


def test_parameter_of_a_rule_without_parameters(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 44, "unanimity", "{type: unanimity, quota: 0.5}"))
    assert errors(path) == [
        f"{path}:44: conference.agreement.quota: unknown parameter 'quota' of agreement rule 'unanimity'; allowed: none",
    ]


def test_unknown_protocol_and_missing_protocol(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 43, "single_text", "single_txt"))
    assert errors(path) == [
        f"{path}:43: conference.protocol.type: unknown protocol 'single_txt'; did you mean 'single_text'? "
        "Allowed: single_text, alternating_offers, expected_utility, spatial_pce",
    ]
    path = write_scenario(edit_line(MINIMAL, 43, "  protocol: {type: single_text, mediator: MED}", "  utility: linear"))
    assert errors(path) == [
        f"{path}:43: conference.protocol: is required; allowed protocols: single_text, alternating_offers, expected_utility, spatial_pce",
    ]


def test_mediator_parameter_naming_a_non_mediator(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 43, "mediator: MED", "mediator: RUS"))
    assert errors(path) == [
        f"{path}:43: conference.protocol.mediator: agent 'RUS' has role 'principal'; "
        "the mediator must have role 'mediator'",
    ]


def test_mediator_parameter_naming_no_agent(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 43, "mediator: MED", "mediator: MDE"))
    assert errors(path) == [
        f"{path}:43: conference.protocol.mediator: no agent 'MDE'; did you mean 'MED'? Allowed: UKR, RUS, MED, OBS",
    ]


def test_veto_list_naming_no_agent(write_scenario):
    text = edit_line(MINIMAL, 44, "unanimity", "{type: weighted_quota, veto: [UKR, RSU]}")
    path = write_scenario(text)
    assert errors(path) == [
        f"{path}:44: conference.agreement.veto: no agent 'RSU'; did you mean 'RUS'? Allowed: UKR, RUS, MED, OBS",
    ]


def test_walkout_naming_an_observer_or_a_mediator(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 46, "[UKR, RUS]", "[UKR, OBS, MED]"))
    assert errors(path) == [
        f"{path}:46: conference.walkout[1]: 'OBS' is an observer and has no vote to withdraw; "
        "allowed: principals and guarantors",
        f"{path}:46: conference.walkout[2]: 'MED' is a mediator and has no vote to withdraw; "
        "allowed: principals and guarantors",
    ]


def test_walkout_naming_no_agent_and_walkout_not_a_list(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 46, "[UKR, RUS]", "[UKR, RUSS]"))
    assert errors(path) == [
        f"{path}:46: conference.walkout[1]: no agent 'RUSS'; did you mean 'RUS'? Allowed: UKR, RUS, MED, OBS",
    ]
    path = write_scenario(edit_line(MINIMAL, 46, "[UKR, RUS]", "UKR"))
    assert errors(path) == [f"{path}:46: conference.walkout: got 'UKR'; allowed: a list of agent ids"]


def test_walkout_defaults_to_the_principals(write_scenario):
    scenario = load_quietly(write_scenario(edit(MINIMAL, "  walkout: [UKR, RUS]\n", "")))
    assert scenario.conference.walkout == ["UKR", "RUS"]


# --------------------------------------------------------------------------- roles, ids, required keys


def test_bad_role_with_suggestion(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 40, "observer", "observor"))
    assert errors(path) == [
        f"{path}:40: agents[3].role: got 'observor'; did you mean 'observer'? "
        "Allowed: principal, guarantor, mediator, observer",
    ]


def test_no_principal_at_all(write_scenario):
    text = edit_line(edit_line(MINIMAL, 11, "principal", "guarantor"), 22, "principal", "guarantor")
    path = write_scenario(text)
    assert errors(path) == [f"{path}:10: agents: at least one agent must have role 'principal'"]


def test_duplicate_agent_id_is_reported_once(write_scenario):
    # the first UKR (a principal) counts: the walkout list naming UKR is not refused as well
    path = write_scenario(edit_line(MINIMAL, 39, "OBS", "UKR"))
    assert errors(path) == [f"{path}:39: agents[3].id: duplicate agent id 'UKR'"]


def test_duplicate_issue_id(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 7, "SANCTIONS", "TERR_LINE"))
    found = errors(path)
    assert found[0] == f"{path}:7: issues[1].id: duplicate issue id 'TERR_LINE'"
    # the positions on the issue that no longer exists are refused too, in file order
    assert found[1:] == [
        f"{path}:{line}: agents[{k}].{what}.SANCTIONS: unknown issue 'SANCTIONS'; allowed: TERR_LINE, TERR_LINE"
        for line, k, what in [(17, 0, "position"), (20, 0, "salience"), (28, 1, "position"), (31, 1, "salience")]
    ]


def test_duplicate_yaml_key_is_refused_not_overwritten(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 23, "capability: 0.8", "capability: 0.8\n    capability: 0.7"))
    assert errors(path) == [f"{path}:24: not valid YAML: duplicate key 'capability'"]


def test_missing_required_agent_keys(write_scenario):
    path = write_scenario(edit(MINIMAL, "    capability: 0.8\n", ""))
    assert errors(path) == [f"{path}:21: agents[1].capability: is required"]
    path = write_scenario(edit_line(MINIMAL, 22, "role: principal", "bloc: east"))
    assert errors(path) == [
        f"{path}:21: agents[1].role: is required; allowed: principal, guarantor, mediator, observer",
    ]


def test_missing_agent_id(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 21, "id: RUS", "name: Russia"))
    # RUS is gone, so the conference settings naming it are refused too
    assert errors(path) == [
        f"{path}:21: agents[1].id: is required",
        f"{path}:46: conference.walkout[1]: no agent 'RUS'; allowed: UKR, MED, OBS",
        f"{path}:48: war.cost_per_round.RUS: no agent 'RUS'; allowed: UKR, MED, OBS",
    ]


def test_missing_issue_id(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 7, "id: SANCTIONS", "name: Sanctions"))
    found = errors(path)
    assert found[0] == f"{path}:7: issues[1].id: is required"
    assert found[1] == (f"{path}:17: agents[0].position.SANCTIONS: unknown issue 'SANCTIONS'; allowed: TERR_LINE")


def test_missing_top_level_sections_are_reported_once_each(write_scenario):
    path = write_scenario(MINIMAL.split("agents:\n")[0])
    assert errors(path) == [f"{path}:1: agents: is required", f"{path}:1: conference: is required"]
    path = write_scenario("name: nothing\n")
    assert errors(path) == [
        f"{path}:1: issues: is required",
        f"{path}:1: agents: is required",
        f"{path}:1: conference: is required",
    ]


def test_empty_sections_are_refused(write_scenario):
    text = edit(MINIMAL, MINIMAL[MINIMAL.index("issues:") : MINIMAL.index("agents:")], "issues:\n")
    path = write_scenario(edit(text, "\nwar:\n  cost_per_round: {UKR: 0.004, RUS: 0.003}\n", "\nwar: []\n"))
    found = errors(path)
    assert found[0] == f"{path}:2: issues: expected a non-empty list of issues, got nothing"
    assert found[-1] == (
        f"{path}:41: war: expected a mapping with keys cost_per_round, sides, territory, battle_step, "
        "true_capability, aid, sanctions, reservation, horizon, belief, belief_strength, misperception, "
        "power_shift, shift_gains, shift_preventive, escalation, rearmament, got a list"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "{path}:1: the scenario must be a mapping with keys issues, agents, conference"),
        ("", "{path}:1: the scenario must be a mapping with keys issues, agents, conference"),
    ],
)
def test_scenario_that_is_not_a_mapping(write_scenario, text, expected):
    path = write_scenario(text)
    assert errors(path) == [expected.format(path=path)]


# --------------------------------------------------------------------------- issues and anchors


def test_anchors_missing_an_end_of_the_scale(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 6, "100:", "90:"))
    assert errors(path) == [f"{path}:5: issues[0].anchors: must give the meaning of 100 (both ends of the scale)"]
    path = write_scenario(edit_line(MINIMAL, 8, "{0: kept, 100: lifted}", "{10: kept, 90: lifted}"))
    assert errors(path) == [
        f"{path}:8: issues[1].anchors: must give the meaning of 0 (both ends of the scale)",
        f"{path}:8: issues[1].anchors: must give the meaning of 100 (both ends of the scale)",
    ]


def test_anchor_outside_the_scale_and_anchor_without_text(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 8, "{0: kept, 100: lifted}", "{0: kept, 100: lifted, 150: more}"))
    assert errors(path) == [f"{path}:8: issues[1].anchors.150: allowed: a whole number in [0, 100]"]
    path = write_scenario(edit_line(MINIMAL, 8, "100: lifted", "100: ''"))
    assert errors(path) == [f"{path}:8: issues[1].anchors.100: allowed: text describing that point"]


def test_options_must_be_points_on_the_scale(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 8, "lifted}", "lifted}\n    options: [0, 120]"))
    assert errors(path) == [
        f"{path}:9: issues[1].options: got [0, 120]; allowed: a list of at least two points in [0, 100]"
    ]
    scenario = load_quietly(write_scenario(edit_line(MINIMAL, 8, "lifted}", "lifted}\n    options: [100, 0, 50]")))
    assert scenario.issues[1].options == (0.0, 50.0, 100.0)


# --------------------------------------------------------------------------- positions and saliences


def test_salience_without_position(write_scenario):
    path = write_scenario(edit(MINIMAL, "      SANCTIONS: 100\n", ""))
    # line 31 moved up to 30 with the position line gone
    assert errors(path) == [
        f"{path}:30: agents[1].salience.SANCTIONS: has weight 0.5 but position.SANCTIONS is missing; "
        "allowed: give a position or set the salience to 0",
    ]


def test_zero_salience_needs_no_position(write_scenario):
    text = edit(MINIMAL, "      SANCTIONS: 100\n", "")
    text = edit(text, "      TERR_LINE: 0.5\n      SANCTIONS: 0.5\n", "      TERR_LINE: 1\n      SANCTIONS: 0\n")
    scenario = load_quietly(write_scenario(text))
    assert scenario.agent("RUS").position == {"TERR_LINE": 90.0}
    assert scenario.agent("RUS").salience == {"TERR_LINE": 1.0, "SANCTIONS": 0.0}


def test_principal_with_all_saliences_zero(write_scenario):
    text = edit(MINIMAL, "      TERR_LINE: 0.5\n      SANCTIONS: 0.5\n", "      TERR_LINE: 0\n      SANCTIONS: 0\n")
    path = write_scenario(text)
    assert errors(path) == [
        f"{path}:30: agents[1].salience: a principal or guarantor needs a positive salience on at least one issue"
    ]


def test_saliences_summing_to_two_are_normalised_with_a_warning(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 30, "0.5", "1.5"))
    with pytest.warns(ScenarioWarning) as caught:
        scenario = load_scenario(path)
    message = f"{path}:30: agents[1].salience: saliences sum to 2, normalised to sum to 1"
    assert [str(w.message) for w in caught] == [message]
    assert scenario.warnings == [message]
    assert scenario.agent("RUS").salience == pytest.approx({"TERR_LINE": 0.75, "SANCTIONS": 0.25})
    assert sum(scenario.agent("RUS").salience.values()) == pytest.approx(1.0, abs=1e-12)
    # the others are untouched
    assert scenario.agent("UKR").salience == {"TERR_LINE": 0.75, "SANCTIONS": 0.25}


def test_several_agents_normalised_give_one_warning_each(write_scenario):
    text = edit_line(edit_line(MINIMAL, 19, "0.75", "3"), 38, "1", "4")
    path = write_scenario(text)
    with pytest.warns(ScenarioWarning) as caught:
        scenario = load_scenario(path)
    assert [str(w.message) for w in caught] == [
        f"{path}:19: agents[0].salience: saliences sum to 3.25, normalised to sum to 1",
        f"{path}:38: agents[2].salience: saliences sum to 4, normalised to sum to 1",
    ]
    assert scenario.agent("MED").salience == {"TERR_LINE": 1.0}


def test_saliences_within_the_tolerance_are_normalised_silently(write_scenario):
    scenario = load_quietly(write_scenario(edit_line(MINIMAL, 30, "0.5", "0.5004")))
    assert sum(scenario.agent("RUS").salience.values()) == pytest.approx(1.0, abs=1e-12)
    with pytest.warns(ScenarioWarning, match="saliences sum to 1.002"):
        load_scenario(write_scenario(edit_line(MINIMAL, 30, "0.5", "0.502")))


# --------------------------------------------------------------------------- several errors at once


def test_several_errors_are_reported_together_in_order(write_scenario):
    text = MINIMAL
    text = edit_line(text, 1, "name", "nme")
    text = edit_line(text, 23, "0.8", "-0.8")
    text = edit_line(text, 30, "TERR_LINE", "TERR_LNE")
    text = edit_line(text, 40, "observer", "observor")
    text = edit_line(text, 45, "20", "0")
    path = write_scenario(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    expected = [
        f"{path}:1: nme: unknown key 'nme'; did you mean 'name'? Allowed: {TOP_KEYS}",
        f"{path}:30: agents[1].salience.TERR_LNE: unknown issue 'TERR_LNE'; did you mean 'TERR_LINE'? "
        "Allowed: TERR_LINE, SANCTIONS",
        f"{path}:23: agents[1].capability: got -0.8; allowed: a number >= 0.0",
        f"{path}:40: agents[3].role: got 'observor'; did you mean 'observer'? "
        "Allowed: principal, guarantor, mediator, observer",
        f"{path}:45: conference.max_rounds: got 0; allowed: a whole number in [1, 100000]",
    ]
    assert info.value.errors == expected
    assert str(info.value).splitlines() == ["5 errors in scenario:", *(f"  {e}" for e in expected)]


def test_a_scenario_with_errors_gives_no_normalisation_warning(write_scenario):
    text = edit_line(edit_line(MINIMAL, 30, "0.5", "1.5"), 23, "0.8", "-1")
    path = write_scenario(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScenarioWarning)
        assert errors(path) == [f"{path}:23: agents[1].capability: got -1; allowed: a number >= 0.0"]


# --------------------------------------------------------------------------- YAML syntax, files, safety


def test_invalid_yaml_names_file_and_line(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 33, "role: mediator", "role: [mediator"))
    assert errors(path) == [f"{path}:34: not valid YAML: expected ',' or ']', but got ':'"]
    path = write_scenario(edit_line(MINIMAL, 45, "max_rounds: 20", "max_rounds: 20\n   bad: : x"))
    assert errors(path) == [f"{path}:46: not valid YAML: mapping values are not allowed here"]


def test_tab_indentation_is_invalid_yaml(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 12, "    capability", "\tcapability"))
    found = errors(path)
    assert len(found) == 1
    assert found[0].startswith(f"{path}:12: not valid YAML: ")


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    assert errors(path) == [f"{path}: no such file"]


def test_directory_instead_of_a_file(tmp_path):
    found = errors(tmp_path)
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path}: cannot read: ")


def test_loader_is_a_safe_loader():
    assert issubclass(_SourcedLoader, yaml.SafeLoader)


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ('!!python/object/apply:os.system ["touch {marker}"]', "python/object/apply:os.system"),
        (
            "!!python/object/apply:subprocess.check_call [[touch, {marker}]]",
            "python/object/apply:subprocess.check_call",
        ),
        ("!!python/object/new:subprocess.Popen [[touch, {marker}]]", "python/object/new:subprocess.Popen"),
        ("!!python/name:os.system", "python/name:os.system"),
        ("!!python/module:os", "python/module:os"),
    ],
)
def test_python_tags_are_refused_and_never_run(write_scenario, tmp_path, value, tag):
    marker = tmp_path / "pwned"
    # as the whole document and as a value deep inside a valid scenario (line 23)
    for text, line in [
        (value.format(marker=marker) + "\n", 1),
        (edit_line(MINIMAL, 23, "0.8", value.format(marker=marker)), 23),
    ]:
        path = write_scenario(text)
        assert errors(path) == [
            f"{path}:{line}: not valid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:{tag}'"
        ]
        assert not marker.exists()


def test_yaml_aliases_are_plain_data(write_scenario):
    text = edit_line(
        MINIMAL, 14, "rule: {type: time_dependent, beta: 0.5}", "rule: &slow {type: time_dependent, beta: 0.5}"
    )
    text = edit_line(text, 25, "{type: time_dependent, beta: 0.3}", "*slow")
    scenario = load_quietly(write_scenario(text))
    assert scenario.agent("RUS").rule == scenario.agent("UKR").rule


# --------------------------------------------------------------------------- scenarios given as dicts


def test_dict_scenario_errors_are_labelled():
    tree = yaml.safe_load(edit_line(MINIMAL, 23, "0.8", "-1"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(tree, name="built-in")
    assert info.value.errors == ["built-in: agents[1].capability: got -1; allowed: a number >= 0.0"]
    with pytest.raises(ScenarioError) as info:
        load_scenario(tree)
    assert info.value.errors == ["<scenario>: agents[1].capability: got -1; allowed: a number >= 0.0"]


def test_dict_scenario_loads_like_the_file(write_scenario):
    from_file = load_quietly(write_scenario())
    from_dict = load_scenario(yaml.safe_load(MINIMAL))
    assert from_dict.agents == from_file.agents
    assert from_dict.conference == from_file.conference
    assert from_dict.source == "<scenario>"


def test_veto_naming_an_agent_without_a_vote(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 44, "unanimity", "{type: weighted_quota, veto: [UKR, OBS]}"))
    assert errors(path) == [
        f"{path}:44: conference.agreement.veto: OBS cannot vote, so could never say yes; "
        "allowed: principals and guarantors",
    ]


def test_first_proposer_must_take_turns(write_scenario):
    text = edit_line(MINIMAL, 43, "{type: single_text, mediator: MED}", "{type: alternating_offers, first: MED}")
    path = write_scenario(text)
    assert errors(path) == [
        f"{path}:43: conference.protocol.first: agent 'MED' has role 'mediator'; "
        "allowed: an agent with role 'principal' or 'guarantor'",
    ]


def test_single_text_needs_a_mediator_agent(write_scenario):
    text = edit_line(MINIMAL, 43, "{type: single_text, mediator: MED}", "single_text")
    text = edit_line(text, 33, "role: mediator", "role: observer")
    path = write_scenario(text)
    assert errors(path) == [
        f"{path}:43: conference.protocol.mediator: single_text needs an agent with role 'mediator' to draft the text",
    ]


def test_bad_top_level_text_is_refused(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 1, "name: mini", "name: [1, 2]"))
    assert errors(path) == [f"{path}:1: name: got [1, 2]; allowed: text"]


def test_an_unquoted_date_is_read_as_text(write_scenario):
    path = write_scenario(MINIMAL + "as_of: 2026-02-26\n")
    assert load_scenario(path).as_of == "2026-02-26"


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_not_a_number_and_infinity_are_refused(write_scenario, value):
    path = write_scenario(edit_line(MINIMAL, 12, "capability: 0.5", f"capability: {value}"))
    shown = {".nan": "nan", ".inf": "inf", "-.inf": "-inf"}[value]
    assert errors(path) == [f"{path}:12: agents[0].capability: got {shown}; allowed: a number >= 0.0"]


def test_absolute_saliences_are_kept_as_written(write_scenario):
    path = write_scenario(MINIMAL + "saliences: absolute\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScenarioWarning)
        scenario = load_scenario(path)
    assert scenario.agent("RUS").salience == {"TERR_LINE": 0.5, "SANCTIONS": 0.5}
    path = write_scenario(edit_line(MINIMAL, 19, "TERR_LINE: 0.75", "TERR_LINE: 1.5") + "saliences: absolute\n")
    assert errors(path) == [
        f"{path}:19: agents[0].salience.TERR_LINE: got 1.5; allowed with saliences: absolute: a number in [0, 1]"
    ]


# --------------------------------------------------------------------------- one declaration per field


@pytest.mark.parametrize(
    ("field", "line", "old", "bad", "target"),
    [
        ("capability", 23, "0.8", "-1", "agents.RUS.capability"),
        ("reservation", 24, "0.2", "1.5", "agents.RUS.reservation"),
        ("position", 27, "90", "101", "agents.RUS.position.TERR_LINE"),
        ("salience", 30, "0.5", "-0.5", "agents.RUS.salience.TERR_LINE"),
        ("cost_per_round", 48, "0.003", "2", "war.cost_per_round.RUS"),
    ],
)
def test_an_event_is_refused_with_the_bounds_of_the_field_it_changes(write_scenario, field, line, old, bad, target):
    """The bounds come from one declaration, so the file and an event refuse a value alike."""
    in_file = errors(write_scenario(edit_line(MINIMAL, line, old, bad)))
    event = f"events:\n  - round: 2\n    set: {{{target}: {bad}}}\n"
    by_event = errors(write_scenario(MINIMAL + event))
    assert len(in_file) == len(by_event) == 1
    assert by_event[0].endswith(in_file[0].split(": ", 2)[2]), (in_file, by_event)


def test_field_at_finds_the_declaration_behind_a_set_path():
    from simulator.scenario.fields import AGENT_FIELDS, field_at
    from simulator.scenario.overrides import split_path

    assert field_at(split_path("conference.max_rounds")).describe() == "a whole number in [1, 100000]"
    assert field_at(split_path("agents[1].reservation")) is AGENT_FIELDS["reservation"]
    assert field_at(split_path("war.aid.UKR")).describe() == "a number >= 0.0"
    assert field_at(split_path("agents.RUS.rule.beta")) is None  # depends on the rule's type
    assert field_at(split_path("conference.no_such_key")) is None
