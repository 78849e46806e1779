"""tools/mutate.py, the mutation-testing command: it finds each kind of mutation and applies exactly one.

The source below is mutated in memory; each mutant is executed and must compute something different
from the original on the same input (else the tool would count mutants no test could kill)."""

from __future__ import annotations

import pytest
from conftest import load_tool

SOURCE = """
def f(x, y, flags):
    if x < y and flags[0]:
        return max(x, y) + -y
    return min(x, y) * 2 if any(flags) else x / 2
"""


@pytest.fixture(scope="module")
def mutate():
    return load_tool("mutate")


def run(source: str, *args):
    namespace: dict = {}
    exec(compile(source, "<mutant>", "exec"), namespace)
    return namespace["f"](*args)


def test_every_kind_of_mutation_is_found(mutate):
    found = [m.key.split(":", 2)[2] for m in mutate.mutants_of(SOURCE)]
    assert found == ["<->>=", "and->or", "+->-", "max->min", "-x->x", "*->/", "min->max", "any->all", "/->*"]


def test_each_mutant_is_one_change(mutate):
    """Every mutant parses and differs from the original, and no two mutants are the same program."""
    plain = mutate.ast.unparse(mutate.ast.parse(SOURCE))
    sources = [mutate.mutated_source(SOURCE, m) for m in mutate.mutants_of(SOURCE)]
    assert plain not in sources and len(set(sources)) == len(sources)


def test_no_mutant_is_left_unchanged_on_every_input(mutate):
    inputs = [
        (1.0, 3.0, [True, False]),
        (1.0, 3.0, [False, True]),
        (3.0, 1.0, [False, True]),
        (2.0, 5.0, [True, True]),
        (4.0, 4.0, [False, False]),
    ]
    quiet = [m.key for m in mutate.mutants_of(SOURCE) if all(
        run(mutate.mutated_source(SOURCE, m), *a) == run(SOURCE, *a) for a in inputs)]  # fmt: skip
    assert quiet == []


def test_a_pragma_keeps_a_line_unmutated(mutate):
    source = SOURCE.replace("    if x < y and flags[0]:", "    if x < y and flags[0]:  # pragma: no mutate")
    assert [m.line for m in mutate.mutants_of(source)] == [4, 4, 4, 5, 5, 5, 5]


def test_equivalent_mutants_are_read_per_module(mutate, tmp_path, monkeypatch):
    listed = tmp_path / "equivalent.txt"
    listed.write_text(
        "# comment\nsimulator/a.py 3:7:<->>=  the branch is unreachable\nsimulator/b.py 1:0:+->-  other\n"
    )
    monkeypatch.setattr(mutate, "EQUIVALENT", listed)
    assert mutate.equivalent_keys("simulator/a.py") == {"3:7:<->>=": "the branch is unreachable"}


def test_every_module_named_for_a_score_exists(mutate):
    from conftest import REPO

    assert [m for m in mutate.MODULE_TESTS if not (REPO / m).exists()] == []


def test_every_listed_equivalent_mutant_still_exists(mutate):
    """An edit above a listed line moves its key: the list must then be re-checked, not silently ignored."""
    from conftest import REPO

    stale = []
    for module in mutate.MODULE_TESTS:
        keys = {m.key for m in mutate.mutants_of((REPO / module).read_text(encoding="utf-8"))}
        stale += [f"{module} {key}" for key in mutate.equivalent_keys(module) if key not in keys]
    assert stale == []
