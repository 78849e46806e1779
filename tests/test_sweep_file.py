"""Sweep files are checked as scenario files are: every problem at once, FILE:LINE: PATH: message,
a suggestion for an unknown key, and a message (never a traceback) for any malformed shape. And the
check against the scenario finds whole-number fields from their declared kind."""

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import load_scenario
from simulator.scenario.spec import ScenarioError
from simulator.scenario.validate.components import registries
from simulator.sweeps.check import checked_spec, is_whole_number_field
from simulator.sweeps.spec import FILE_KEYS, SweepError, SweepSpec, Vary

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "docs" / "examples" / "sweeps").glob("*.yaml"))
TWO_PARTY = str(ROOT / "docs" / "examples" / "two-party.yaml")
MEDIATED = str(ROOT / "docs" / "examples" / "mediated.yaml")  # (it has a mediator for single_text)
LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<path>\S+): (?P<message>.+)$")


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "sweep.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SweepError) as caught:
        SweepSpec.from_file(path)
    return caught.value.errors


def test_the_shipped_examples_read() -> None:
    assert EXAMPLES
    for path in EXAMPLES:
        spec, options = SweepSpec.from_file(path)
        assert Path(spec.scenario).is_file() and set(options) <= set(FILE_KEYS)


def test_the_docs_table_lists_the_declared_keys_and_defaults() -> None:
    page = (ROOT / "docs" / "sweeps.md").read_text(encoding="utf-8")
    table = page.split("| key | default | meaning |\n|---|---|---|\n", 1)[1].split("\n\n", 1)[0]
    rows = [line.split(" | ")[:2] for line in table.splitlines()]
    shown = {key.strip("| `"): default.strip("`") for key, default in rows}

    def written(name: str) -> str:
        default = FILE_KEYS[name].default
        return "required" if name == "scenario" else "none" if default in (None, {}) else str(default)

    assert shown == {name: written(name) for name in FILE_KEYS}
    assert list(shown) == list(FILE_KEYS)


def test_three_errors_give_three_lines_with_file_line_and_path(tmp_path: Path) -> None:
    text = f"scenario: {TWO_PARTY}\nseeds: 0\ndesign: latin\nvary:\n  agents.A.reservation: 0.6:0.2\n"
    errors = errors_of(tmp_path, text)
    assert [LINE.match(e)["line"] for e in errors] == ["2", "3", "5"]  # type: ignore[index]
    assert errors == [
        f"{tmp_path / 'sweep.yaml'}:2: seeds: got 0; allowed: a whole number >= 1",
        f"{tmp_path / 'sweep.yaml'}:3: design: got 'latin'; allowed: grid, lhs, sobol, morris",
        f"{tmp_path / 'sweep.yaml'}:5: vary.agents.A.reservation: got '0.6:0.2'; allowed: "
        '"LOW:HIGH[:N]" with LOW <= HIGH and N >= 1, a list of values, or a mapping {low, high, n}',
    ]
    with pytest.raises(SweepError, match=r"^3 errors in sweep:\n  "):
        SweepSpec.from_file(tmp_path / "sweep.yaml")


def test_an_unknown_key_gets_the_nearest_known_one(tmp_path: Path) -> None:
    [error] = errors_of(tmp_path, f"scenario: {TWO_PARTY}\nmaster-seed: 3\n")
    assert error.startswith(f"{tmp_path / 'sweep.yaml'}:2: master-seed: unknown key 'master-seed'; ")
    assert "did you mean 'master_seed'? Allowed: scenario, vary, seeds," in error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "vary: [agents.A.reservation]",
            "2: vary: expected a mapping from a path to a range or a list of values, got a list",
        ),
        ("set: [conference.max_rounds]", "2: set: expected a mapping from a path to a value, got a list"),
        ("seeds: {n: 3}", "2: seeds: got {'n': 3}; allowed: a whole number >= 1"),
        ("seeds: null", "2: seeds: got None; allowed: a whole number >= 1"),
        ("seeds: 2.5", "2: seeds: got 2.5; allowed: a whole number >= 1"),
        ("seeds: true", "2: seeds: got True; allowed: a whole number >= 1"),
        ("master_seed: -1", "2: master_seed: got -1; allowed: a whole number >= 0"),
        ("workers: two", "2: workers: got 'two'; allowed: a whole number >= 1"),
        ("engine: [local]", "2: engine: got ['local']; "),
        ("engine: dusk", "2: engine: got 'dusk'; did you mean 'dask'? Allowed: local, dask"),
        ("design: lhd", "2: design: got 'lhd'; did you mean 'lhs'? Allowed: grid, lhs, sobol, morris"),
        ("out: {a: 1}", "2: out: got {'a': 1}; allowed: text"),
        ("vary: {agents.A.reservation: null}", "2: vary.agents.A.reservation: got None; allowed: "),
        ("vary: {agents.A.reservation: {low: 0.5}}", "2: vary.agents.A.reservation: got {'low': 0.5}; allowed: "),
        (
            "vary: {agents.A.reservation: {low: 0, high: x}}",
            "2: vary.agents.A.reservation: got {'low': 0, 'high': 'x'}; ",
        ),
        ("vary: {agents.A.reservation: []}", "2: vary.agents.A.reservation: got []; allowed: "),
        ("vary: {agents.A.reservation: '0:1:0'}", "2: vary.agents.A.reservation: got '0:1:0'; allowed: "),
        ("vary: {agents.A.reservation: 'a,['}", "2: vary.agents.A.reservation: got 'a,['; allowed: "),
        ("set: {as_of: 2024-01-01}", "2: set.as_of: got datetime.date(2024, 1, 1); allowed: a value as --set takes"),
        (
            "vary: {agents.A.reservation: [2024-01-01]}",
            "2: vary.agents.A.reservation: got [datetime.date(2024, 1, 1)]; allowed: values that are numbers, ",
        ),
    ],
)
def test_a_malformed_shape_gets_a_message(tmp_path: Path, text: str, expected: str) -> None:
    [error] = errors_of(tmp_path, f"scenario: {TWO_PARTY}\n{text}\n")
    assert error.startswith(f"{tmp_path / 'sweep.yaml'}:{expected}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- scenario: x.yaml\n", ":1: (top level): expected a mapping with keys scenario, vary, seeds,"),
        ("null\n", ":1: (top level): expected a mapping with keys scenario, vary,"),
        ("", ":1: (top level): expected a mapping with keys scenario, vary,"),
        ("scenario: [x\n", ":2: not valid YAML: "),
        ("seeds: 2\n", ":1: scenario: is required"),
        ("scenario: null\n", ":1: scenario: got None; allowed: text"),
    ],
)
def test_a_file_that_is_no_sweep_gets_a_message(tmp_path: Path, text: str, expected: str) -> None:
    [error] = errors_of(tmp_path, text)
    assert error.startswith(f"{tmp_path / 'sweep.yaml'}{expected}")


def test_settings_that_do_not_go_together_are_placed_in_the_file(tmp_path: Path) -> None:
    text = f"scenario: {TWO_PARTY}\ndesign: sobol\nseeds: 3\nvary:\n  agents.A.reservation: '0:1'\n"
    [error] = errors_of(tmp_path, text)
    assert error == (
        f"{tmp_path / 'sweep.yaml'}:3: seeds: design sobol: one fixed seed per point (seeds 1), "
        "or noise inflates the indices"
    )


def test_settings_that_do_not_go_together_are_reported_beside_other_errors(tmp_path: Path) -> None:
    text = f"scenario: {TWO_PARTY}\ndesign: sobol\nseeds: 3\nvary:\n  agents.A.reservation: '1:0'\nnew_key: 1\n"
    errors = errors_of(tmp_path, text)
    # and not "design sobol needs at least one --vary": the refused entry is a varied field
    assert [LINE.match(e)["path"] for e in errors] == ["new_key", "vary.agents.A.reservation", "seeds"]  # type: ignore[index]


def test_a_sweep_file_words_a_mistake_as_a_scenario_file_does(tmp_path: Path) -> None:
    doc = yaml.safe_load(Path(TWO_PARTY).read_text(encoding="utf-8"))
    doc["conference"].update(utility="lineer", max_rouns=9, walkout_patience=2.5)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario)
    in_sweep = errors_of(tmp_path, f"scenario: {scenario}\ndesign: lhd\nmaster_sed: 1\nseeds: 2.5\n")
    forms = {
        "keyword": re.compile(r"got '\w+'; did you mean '\w+'\? Allowed: \w+, \w+"),
        "key": re.compile(r"unknown key '\w+'; did you mean '\w+'\? Allowed: \w+, \w+"),
        "whole": re.compile(r"got 2\.5; allowed: a whole number (in \[|>= )\d+"),
    }
    for errors in (caught.value.errors, in_sweep):
        messages = [LINE.match(e)["message"] for e in errors]  # type: ignore[index]
        assert sorted(name for name, form in forms.items() for m in messages if form.match(m)) == sorted(forms)


def test_a_file_that_cannot_be_read_gets_the_scenario_files_message(tmp_path: Path) -> None:
    with pytest.raises(SweepError, match=r"nowhere\.yaml: no such file$"):
        SweepSpec.from_file(tmp_path / "nowhere.yaml")
    (tmp_path / "latin1.yaml").write_bytes(b"scenario: caf\xe9.yaml\n")
    with pytest.raises(SweepError, match=r"latin1\.yaml: cannot read: not UTF-8 text \(invalid continuation byte\)$"):
        SweepSpec.from_file(tmp_path / "latin1.yaml")


def test_vary_forms_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "sweep.yaml"
    path.write_text(
        "scenario: ../two-party.yaml\nvary:\n  agents.A.reservation: {low: 0, high: 0.4, n: 3}\n"
        "  agents.B.reservation: '0.1:0.3:2'\n  conference.protocol: [single_text]\n  conference.max_rounds: 8\n"
        "set:\n  conference.utility: quadratic\n",
        encoding="utf-8",
    )
    spec, options = SweepSpec.from_file(path)
    assert spec.scenario == str(tmp_path.parent / "two-party.yaml") and options == {}
    assert spec.vary == [
        Vary("agents.A.reservation", 0.0, 0.4, 3),
        Vary("agents.B.reservation", 0.1, 0.3, 2),
        Vary("conference.protocol", values=("single_text",)),
        Vary("conference.max_rounds", values=(8,)),
    ]
    assert spec.overrides == ['conference.utility="quadratic"']


# --------------------------------------------------------------------------- mutants of the examples

MUTANT_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["0:1:3", "1:0", "a,b", "0:x", ":", ",", "[", "{a: 1}", "grid", "dask", ""]),
    st.lists(st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=4)), max_size=3),
    st.dictionaries(st.sampled_from(["low", "high", "n", "x"]), st.one_of(st.none(), st.integers(-3, 3)), max_size=3),
)


def places(doc: dict) -> list[tuple[str, ...]]:
    """Where a mutant may change the document: each key, each entry of vary and set, a new key."""
    found: list[tuple[str, ...]] = [(key,) for key in doc] + [("new_key",), ("vary", "agents.A.reservation")]
    for section in ("vary", "set"):
        if isinstance(doc.get(section), dict):
            found += [(section, key) for key in doc[section]]
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutants_of_the_examples_give_a_sweep_or_a_sweep_error(tmp_path: Path, data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(EXAMPLES))
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.sampled_from(places(doc)))
        parent = doc
        for step in place[:-1]:
            if not isinstance(parent.get(step), dict):
                parent[step] = {}
            parent = parent[step]
        if data.draw(st.booleans()) and place[-1] in parent:
            del parent[place[-1]]
        else:
            parent[place[-1]] = data.draw(MUTANT_VALUES)
    path = tmp_path / "mutant.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    try:
        spec, options = SweepSpec.from_file(path)
    except SweepError as exc:
        assert exc.errors and all(line.startswith(str(path)) for line in exc.errors)
    else:
        assert isinstance(spec, SweepSpec) and set(options) <= set(FILE_KEYS)


# --------------------------------------------------------------------------- whole-number fields


@pytest.mark.filterwarnings("ignore::simulator.scenario.spec.ScenarioWarning")  # (saliences of 1.5, normalised)
@pytest.mark.parametrize(
    ("scenario", "overrides", "path"),
    [
        (TWO_PARTY, [], "conference.max_rounds"),
        (TWO_PARTY, [], "conference.walkout_patience"),
        (TWO_PARTY, [], "conference.convene_round"),
        (TWO_PARTY, [], "war.horizon"),
        (TWO_PARTY, [], "ripeness.horizon"),
        (TWO_PARTY, ["conference.protocol=expected_utility"], "conference.protocol.rounds"),
        (TWO_PARTY, [], "agents.A.reservation"),
        (TWO_PARTY, [], "agents.A.capability"),
        (TWO_PARTY, [], "agents.A.position.X"),
        (TWO_PARTY, [], "conference.settle_tolerance"),
        (TWO_PARTY, [], "conference.relative_gains"),
        (TWO_PARTY, ["conference.protocol=expected_utility"], "conference.protocol.q"),
        (str(ROOT / "scenarios" / "talks-2026.yaml"), [], "agents.RUS.rule.beta"),
        (str(ROOT / "scenarios" / "talks-2026.yaml"), [], "agents.RUS.salience.TERR_LINE"),
        (str(ROOT / "scenarios" / "talks-2026.yaml"), [], "war.territory"),
    ],
)
def test_a_field_is_whole_exactly_where_the_scenario_refuses_a_fraction(
    scenario: str, overrides: list[str], path: str
) -> None:
    whole = is_whole_number_field(load_scenario(scenario, overrides), path)
    assert whole == refuses_fractions(scenario, overrides, path)


def refuses_fractions(scenario: str, overrides: list[str], path: str) -> bool:
    """The independent check: the validator itself, given a fraction."""
    try:
        load_scenario(scenario, [*overrides, f"{path}=1.5"])
    except ScenarioError as exc:
        return "a whole number" in str(exc)
    return False


COMPONENT_AT = {"rule": "agents[0].rule", "protocol": "conference.protocol", "agreement rule": "conference.agreement"}


@pytest.mark.filterwarnings("ignore::simulator.scenario.spec.ScenarioWarning")
@pytest.mark.parametrize(
    ("chosen", "path"),
    [
        (f"{COMPONENT_AT[kind]}={name}", f"{COMPONENT_AT[kind]}.{param}")
        for kind, found in registries().items()
        for name, component in found.items()
        for param in component.params
    ],
)
def test_every_declared_component_parameter_is_found(chosen: str, path: str) -> None:
    # the component's own parameters, for every registered rule, protocol and agreement rule
    assert is_whole_number_field(load_scenario(MEDIATED, [chosen]), path) == refuses_fractions(MEDIATED, [chosen], path)


def test_the_check_marks_whole_ranges_and_leaves_the_spec_as_it_was() -> None:
    spec = SweepSpec(TWO_PARTY, [Vary.parse("conference.max_rounds=5:15"), Vary.parse("agents.A.reservation=0:0.5")])
    checked = checked_spec(spec)
    assert [v.integer for v in checked.vary] == [True, False]
    assert [v.integer for v in spec.vary] == [False, False]  # a new spec: the one given is not changed
    assert checked.vary[0].levels(4) == [5, 8, 12, 15]


def test_the_check_refuses_an_extreme_the_scenario_refuses() -> None:
    spec = SweepSpec(TWO_PARTY, [Vary.parse("agents.A.reservation=0:1.5")])
    with pytest.raises(ScenarioError, match=r"agents\.A\.reservation=1\.5"):
        checked_spec(spec)


def test_a_malformed_path_is_refused_with_the_scenarios_message() -> None:
    with pytest.raises(ScenarioError, match=r"cannot read path 'agents\[x'"):
        checked_spec(SweepSpec(TWO_PARTY, [Vary.parse("agents[x=0:1")]))
