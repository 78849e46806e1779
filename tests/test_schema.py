"""The JSON Schema of a scenario file (``simulator.scenario.schema``), derived from the field
declarations: it is a valid draft 2020-12 schema, every shipped scenario satisfies it, and it
refuses what the validator refuses for shape or range (an unknown key, a number out of bounds,
an unregistered rule), so an editor flags those mistakes as they are typed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.protocols import PROTOCOLS
from simulator.negotiation.rules import RULES
from simulator.scenario import ScenarioError, load_scenario
from simulator.scenario.fields import TOP_FIELDS
from simulator.scenario.schema import field_table, json_schema

REPO = Path(__file__).resolve().parents[1]
SHIPPED = sorted(
    [*REPO.glob("scenarios/*.yaml"), *REPO.glob("scenarios/history/*.yaml"), *REPO.glob("docs/examples/*.yaml")]
)
VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def as_json(tree: Any) -> Any:
    """A parsed YAML tree as JSON sees it (mapping keys become text, dates become text)."""
    return json.loads(json.dumps(tree, default=str))


def problems(tree: Any) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(as_json(tree))]


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema())
    assert json_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    json.dumps(json_schema())  # plain JSON, ready for `peacesim schema`


def test_the_shipped_scenarios_are_all_found():
    assert len(SHIPPED) >= 20


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_every_shipped_scenario_satisfies_the_schema(path):
    assert problems(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_sections_and_keys_are_the_declared_ones():
    schema = json_schema()
    assert list(schema["properties"]) == list(TOP_FIELDS)
    assert schema["required"] == ["issues", "agents", "conference"]
    agent = schema["properties"]["agents"]["items"]
    assert agent["properties"]["capability"] == {
        "type": "number",
        "minimum": 0.0,
        "description": TOP_FIELDS["agents"].of["capability"].doc,
    }
    assert agent["required"] == ["id", "role", "capability"]
    assert schema["properties"]["conference"]["properties"]["utility"]["enum"] == ["linear", "quadratic"]


def test_registered_components_and_their_parameters_are_in_the_schema():
    defs = json_schema()["$defs"]
    for name, registry in [("rule", RULES), ("protocol", PROTOCOLS), ("agreement", AGREEMENT_RULES)]:
        names, *variants = defs[name]["oneOf"]
        assert names == {"enum": list(registry)}
        assert [v["properties"]["type"]["const"] for v in variants] == list(registry)
        for variant, component in zip(variants, registry.values(), strict=True):
            assert set(variant["properties"]) == {"type", *component.params}
    beta = defs["rule"]["oneOf"][1]["properties"]["beta"]
    assert (beta["minimum"], beta["maximum"]) == (RULES["time_dependent"].params["beta"].low, 100.0)


def minimal() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docs/examples/two-party.yaml").read_text(encoding="utf-8"))


def mutated(change) -> dict[str, Any]:
    tree = copy.deepcopy(minimal())
    change(tree)
    return tree


MUTANTS = {
    "unknown top-level key": lambda t: t.update(wars={}),
    "unknown agent key": lambda t: t["agents"][0].update(capabilty=1),
    "unknown rule parameter": lambda t: t["agents"][0]["rule"].update(bta=1),
    "unregistered rule": lambda t: t["agents"][0].update(rule="time_dependant"),
    "capability below 0": lambda t: t["agents"][0].update(capability=-1),
    "reservation above 1": lambda t: t["agents"][0].update(reservation=1.5),
    "position above 100": lambda t: t["agents"][0]["position"].update(X=101),
    "max_rounds of 0": lambda t: t["conference"].update(max_rounds=0),
    "max_rounds not whole": lambda t: t["conference"].update(max_rounds=5.5),
    "beta of 0": lambda t: t["agents"][0]["rule"].update(beta=0),
    "a bool for a number": lambda t: t["agents"][0].update(capability=True),
    "a list for a rule type": lambda t: t["agents"][0]["rule"].update(type=[]),
    "a mapping in walkout": lambda t: t["conference"].update(walkout=[{}]),
    "a role misspelt": lambda t: t["agents"][0].update(role="principle"),
    "no conference": lambda t: t.pop("conference"),
    "an event setting an unknown field": lambda t: t.update(events=[{"round": 1, "set": {"agents.A.bloc": 1}}]),
    "an event out of range": lambda t: t.update(events=[{"round": 1, "set": {"agents.A.reservation": 2}}]),
}


@pytest.mark.parametrize("name", MUTANTS)
def test_schema_and_validator_both_refuse_a_mutant(name):
    tree = mutated(MUTANTS[name])
    assert problems(tree)
    with pytest.raises(ScenarioError):
        load_scenario(tree)


def test_field_table_lists_every_declared_field():
    table = field_table(TOP_FIELDS["events"].of).splitlines()
    assert table[0] == "| key | type | default | allowed | meaning |"
    assert [row.split(" | ")[0] for row in table[2:]] == ["| `round`", "| `name`", "| `set`", "| `deadline`"]
    assert table[2].startswith("| `round` | whole number | required | in [1, 100000] |")
