"""``--set PATH=VALUE`` overrides: any field, by agent id or list index, with the file's validation.

A bad value given with ``--set`` is refused with the same message as in the file, but its origin is
the override (``--set agents.RUS.capability=-1``) instead of ``FILE:LINE``.
"""

from __future__ import annotations

import warnings

import pytest
import yaml
from conftest import MINIMAL, edit_line

from simulator import run_conference
from simulator.scenario import load_scenario, split_path
from simulator.scenario.spec import ScenarioError, ScenarioWarning

AGENT_KEYS = "id, name, role, bloc, capability, reservation, rule, position, salience, sources, ratification, red_lines, mediation"


def load(path, *overrides):
    """Load with overrides; fail on any ScenarioWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScenarioWarning)
        return load_scenario(path, overrides)


def errors(path, *overrides) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides)
    return info.value.errors


# --------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        ("agents.RUS.salience.TERR_LINE", ["agents", "RUS", "salience", "TERR_LINE"]),
        ("agents[1].rule.beta", ["agents", 1, "rule", "beta"]),
        ("issues[0].anchors", ["issues", 0, "anchors"]),
        ("conference.max_rounds", ["conference", "max_rounds"]),
    ],
)
def test_split_path(path, steps):
    assert split_path(path) == steps


@pytest.mark.parametrize(("path", "message"), [("", "empty path"), ("agents[x", "cannot read path 'agents[x' at '[x'")])
def test_split_path_refuses_bad_paths(path, message):
    with pytest.raises(ValueError) as info:
        split_path(path)
    assert str(info.value) == message


# --------------------------------------------------------------------------- overriding values


def test_salience_override_changes_the_value_and_renormalises_with_a_warning(write_scenario):
    path = write_scenario()
    with pytest.warns(ScenarioWarning) as caught:
        scenario = load_scenario(path, ["agents.RUS.salience.TERR_LINE=0.3"])
    # the override makes RUS's saliences sum to 0.8; the warning names the --set, not a line of the file
    assert [str(w.message) for w in caught] == [
        "--set agents.RUS.salience.TERR_LINE=0.3: agents[1].salience: saliences sum to 0.8, normalised to sum to 1 "
        "(TERR_LINE 0.3 -> 0.375)"
    ]
    assert scenario.agent("RUS").salience == pytest.approx({"TERR_LINE": 0.375, "SANCTIONS": 0.625})
    assert scenario.agent("UKR").salience == {"TERR_LINE": 0.75, "SANCTIONS": 0.25}
    assert scenario.overrides == ["agents.RUS.salience.TERR_LINE=0.3"]


def test_salience_override_keeping_the_sum_gives_no_warning(write_scenario):
    scenario = load(write_scenario(), "agents.RUS.salience.TERR_LINE=0.2", "agents.RUS.salience.SANCTIONS=0.8")
    assert scenario.agent("RUS").salience == {"TERR_LINE": 0.2, "SANCTIONS": 0.8}


def test_rule_parameter_by_list_index(write_scenario):
    scenario = load(write_scenario(), "agents[1].rule.beta=0.2")
    assert scenario.agent("RUS").rule.type == "time_dependent"
    assert scenario.agent("RUS").rule.params == {"beta": 0.2, "deadline": 0, "deadline_spread": 0}
    assert scenario.agent("UKR").rule.params == {"beta": 0.5, "deadline": 0, "deadline_spread": 0}


def test_index_and_id_paths_are_the_same_field(write_scenario):
    path = write_scenario()
    by_index = load(path, "agents[1].capability=0.33")
    by_id = load(path, "agents.RUS.capability=0.33")
    assert by_index.agents == by_id.agents
    assert by_id.agent("RUS").capability == 0.33


def test_rule_parameter_when_the_rule_is_written_as_a_bare_name(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 25, "{type: time_dependent, beta: 0.3}", "time_dependent"))
    scenario = load(path, "agents.RUS.rule.beta=0.2")
    assert scenario.agent("RUS").rule.type == "time_dependent"
    assert scenario.agent("RUS").rule.params["beta"] == 0.2


def test_whole_rule_replaced(write_scenario):
    scenario = load(write_scenario(), "agents.RUS.rule=hardliner")
    assert scenario.agent("RUS").rule.type == "hardliner"
    assert scenario.agent("RUS").rule.params == {"aspiration": 1.0}
    scenario = load(write_scenario(), "agents.RUS.rule={type: zeuthen, step: 0.05}")
    assert scenario.agent("RUS").rule.params == {"step": 0.05}


def test_max_rounds(write_scenario):
    path = write_scenario()
    assert load(path).conference.max_rounds == 20
    assert load(path, "conference.max_rounds=5").conference.max_rounds == 5


def test_max_rounds_limits_the_run(write_scenario):
    overrides = ["conference.max_rounds=2", "agents.UKR.rule=hardliner", "agents.RUS.rule=hardliner"]
    result = run_conference(write_scenario(), seed=0, overrides=overrides)
    assert result.report["max_rounds"] == 2
    assert result.report["round"] == 2
    assert len(result.model.history) == 2
    assert result.report["overrides"] == overrides


def test_protocol_type(write_scenario):
    # a protocol without parameters in the file can change its type alone
    path = write_scenario(edit_line(MINIMAL, 43, "{type: single_text, mediator: MED}", "{type: single_text}"))
    scenario = load(path, "conference.protocol.type=alternating_offers")
    assert scenario.conference.protocol.type == "alternating_offers"
    assert scenario.conference.protocol.params == {"first": None, "proposers": "voters"}


def test_protocol_type_keeps_the_other_parameters_in_the_file(write_scenario):
    path = write_scenario()
    # single_text's mediator stays, and alternating_offers has no such parameter
    assert errors(path, "conference.protocol.type=alternating_offers") == [
        f"{path}:43: conference.protocol.mediator: unknown parameter 'mediator' of protocol 'alternating_offers'; "
        "allowed: first, proposers"
    ]
    # replacing the whole protocol drops them
    scenario = load(path, "conference.protocol=alternating_offers")
    assert scenario.conference.protocol.type == "alternating_offers"
    scenario = load(path, "conference.protocol={type: alternating_offers, first: RUS}")
    assert scenario.conference.protocol.params == {"first": "RUS", "proposers": "voters"}


def test_agreement_rule_written_as_a_bare_name(write_scenario):
    scenario = load(write_scenario(), "conference.agreement.type=weighted_quota", "conference.agreement.quota=0.9")
    assert scenario.conference.agreement.type == "weighted_quota"
    assert scenario.conference.agreement.params["quota"] == 0.9


@pytest.mark.parametrize(
    ("override", "check"),
    [
        ("conference.walkout=[UKR]", lambda s: s.conference.walkout == ["UKR"]),
        ("conference.utility=quadratic", lambda s: s.conference.utility == "quadratic"),
        ("war.cost_per_round.RUS=0.05", lambda s: s.war.cost_per_round == {"UKR": 0.004, "RUS": 0.05}),
        ("war.cost_per_round.MED=0.01", lambda s: s.war.cost_per_round.get("MED") == 0.01),
        ("agents.OBS.position.SANCTIONS=40", lambda s: s.agent("OBS").position == {"SANCTIONS": 40.0}),
        ("agents.UKR.reservation=0", lambda s: s.agent("UKR").reservation == 0.0),
        ("agents.UKR.name=Ukraine", lambda s: s.agent("UKR").name == "Ukraine"),
        ("name=other title", lambda s: s.name == "other title"),
        ("issues[1].anchors={0: a, 100: b}", lambda s: s.issues[1].anchors == {0: "a", 100: "b"}),
        ("issues.SANCTIONS.name=Sanctions relief", lambda s: s.issues[1].name == "Sanctions relief"),
    ],
)
def test_any_field_can_be_overridden(write_scenario, override, check):
    path = write_scenario()
    assert not check(load(path))
    assert check(load(path, override))


def test_an_event_can_be_added(write_scenario):
    scenario = load(write_scenario(), "events=[{round: 2, name: aid cut, set: {agents.RUS.capability: 0.1}}]")
    assert [(e.round, e.name, [c.target for c in e.changes]) for e in scenario.events] == [
        (2, "aid cut", [("agent", "RUS", "capability")])
    ]


def test_later_override_wins(write_scenario):
    scenario = load(write_scenario(), "agents.RUS.capability=0.3", "agents.RUS.capability=0.4")
    assert scenario.agent("RUS").capability == 0.4


def test_overrides_do_not_touch_the_file(write_scenario):
    path = write_scenario()
    load(path, "agents.RUS.capability=0.3")
    assert path.read_text(encoding="utf-8") == MINIMAL
    assert load(path).agent("RUS").capability == 0.8


# --------------------------------------------------------------------------- bad overrides


def test_bad_value_gives_the_file_message_with_the_override_as_origin(write_scenario):
    in_file = write_scenario(edit_line(MINIMAL, 23, "0.8", "-1"), name="bad.yaml")
    (file_message,) = errors(in_file)
    assert file_message == f"{in_file}:23: agents[1].capability: got -1; allowed: a number >= 0.0"
    (set_message,) = errors(write_scenario(), "agents.RUS.capability=-1")
    assert set_message == "--set agents.RUS.capability=-1: agents[1].capability: got -1; allowed: a number >= 0.0"
    assert set_message.split(": ", 1)[1] == file_message.split(": ", 1)[1]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("conference.max_rounds=5.5", "conference.max_rounds: got 5.5; allowed: a whole number in [1, 100000]"),
        ("conference.max_rounds=abc", "conference.max_rounds: got 'abc'; allowed: a whole number in [1, 100000]"),
        ("conference.walkout_patience=0", "conference.walkout_patience: got 0; allowed: a whole number in [1, 1000]"),
        ("agents.RUS.reservation=2", "agents[1].reservation: got 2; allowed: a number in [0.0, 1.0]"),
        ("agents.RUS.rule.beta=0", "agents[1].rule.beta: got 0; allowed: a number in [0.01, 100.0]"),
        (
            "agents.RUS.role=observor",
            "agents[1].role: got 'observor'; did you mean 'observer'? Allowed: principal, guarantor, mediator, observer",
        ),
        (
            "agents.RUS.salience.TERR_LNE=0.3",
            "agents[1].salience.TERR_LNE: unknown issue 'TERR_LNE'; did you mean 'TERR_LINE'? Allowed: TERR_LINE, SANCTIONS",
        ),
        (
            "agents.RUS.capabilty=1",
            f"agents[1].capabilty: unknown key 'capabilty'; did you mean 'capability'? Allowed: {AGENT_KEYS}",
        ),
        (
            "agents.RUS.rule.bta=0.2",
            "agents[1].rule.bta: unknown parameter 'bta' of rule 'time_dependent'; did you mean 'beta'? Allowed: beta, deadline, deadline_spread",
        ),
        (
            "conference.protocol.type=alternating_offer",
            "conference.protocol.type: unknown protocol 'alternating_offer'; did you mean 'alternating_offers'? Allowed: single_text, alternating_offers, expected_utility, spatial_pce",
        ),
        (
            "conference.protocol.mediator=UKR",
            "conference.protocol.mediator: agent 'UKR' has role 'principal'; the mediator must have role 'mediator'",
        ),
        ("agents.RUS.position.TERR_LINE=", "agents[1].position.TERR_LINE: got None; allowed: a number in [0.0, 100.0]"),
        ("agents.RUS.capability.value=1", "agents[1].capability: got {'value': 1}; allowed: a number >= 0.0"),
    ],
)
def test_bad_override_value(write_scenario, override, message):
    assert errors(write_scenario(), override) == [f"--set {override}: {message}"]


def test_unknown_agent_id_in_the_path_with_suggestion(write_scenario):
    assert errors(write_scenario(), "agents.RSU.capability=1") == [
        "--set agents.RSU.capability=1: agents has no entry with id 'RSU'; did you mean 'RUS'? Allowed: UKR, RUS, MED, OBS"
    ]


def test_list_index_out_of_range(write_scenario):
    assert errors(write_scenario(), "agents[7].capability=1") == [
        "--set agents[7].capability=1: agents[7] does not exist; agents has 4 entries"
    ]


def test_unknown_top_level_key(write_scenario):
    assert errors(write_scenario(), "wars.cost_per_round.RUS=0.1") == [
        "--set wars.cost_per_round.RUS=0.1: wars: unknown key 'wars'; did you mean 'war'? "
        "Allowed: name, description, as_of, calendar, saliences, issues, agents, conference, war, ripeness, events, reference"
    ]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("agents.RUS.capability", "expected PATH=VALUE, for example agents.RUS.salience.TERR_LINE=0.3"),
        ("", "expected PATH=VALUE, for example agents.RUS.salience.TERR_LINE=0.3"),
        ("=1", "empty path"),
        ("agents[x=1", "cannot read path 'agents[x' at '[x'"),
        ("name=[unclosed", "not valid YAML: expected ',' or ']', but got '<stream end>'"),
    ],
)
def test_malformed_override_is_refused(write_scenario, override, message):
    assert errors(write_scenario(), override) == [f"--set {override}: {message}"]


def test_override_values_are_read_safely(write_scenario, tmp_path):
    marker = tmp_path / "pwned"
    override = f'name=!!python/object/apply:os.system ["touch {marker}"]'
    assert errors(write_scenario(), override) == [
        f"--set {override}: not valid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"
    ]
    assert not marker.exists()


def test_bad_path_errors_from_several_overrides_are_all_reported(write_scenario):
    assert errors(write_scenario(), "agents.RSU.capability=1", "nonsense", "agents[9].role=principal") == [
        "--set agents.RSU.capability=1: agents has no entry with id 'RSU'; did you mean 'RUS'? Allowed: UKR, RUS, MED, OBS",
        "--set nonsense: expected PATH=VALUE, for example agents.RUS.salience.TERR_LINE=0.3",
        "--set agents[9].role=principal: agents[9] does not exist; agents has 4 entries",
    ]


def test_bad_values_from_several_overrides_are_all_reported_with_file_errors(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 45, "20", "0"))
    assert errors(path, "agents.RUS.capability=-1", "agents.UKR.capability=-2") == [
        "--set agents.UKR.capability=-2: agents[0].capability: got -2; allowed: a number >= 0.0",
        "--set agents.RUS.capability=-1: agents[1].capability: got -1; allowed: a number >= 0.0",
        f"{path}:45: conference.max_rounds: got 0; allowed: a whole number in [1, 100000]",
    ]


def test_override_can_fix_a_bad_file_value(write_scenario):
    path = write_scenario(edit_line(MINIMAL, 23, "0.8", "-1"))
    assert load(path, "agents.RUS.capability=0.7").agent("RUS").capability == 0.7


def test_overrides_on_a_dict_scenario():
    tree = yaml.safe_load(MINIMAL)
    scenario = load(tree, "agents.RUS.capability=0.3")
    assert scenario.agent("RUS").capability == 0.3
    assert tree["agents"][1]["capability"] == 0.8  # the caller's dict is not changed
    with pytest.raises(ScenarioError) as info:
        load_scenario(tree, ["agents.RUS.capability=-1"])
    assert info.value.errors == [
        "--set agents.RUS.capability=-1: agents[1].capability: got -1; allowed: a number >= 0.0"
    ]


def test_run_conference_takes_overrides_only_with_a_path(write_scenario):
    path = write_scenario()
    result = run_conference(path, seed=1, overrides=["conference.max_rounds=3"])
    assert result.report["max_rounds"] == 3
    with pytest.raises(ValueError, match="overrides need a scenario path"):
        run_conference(load(path), overrides=["conference.max_rounds=3"])
