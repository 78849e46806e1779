"""No traceback on any input: mutants of the shipped scenarios, made with hypothesis, either load or
are refused with clean ``FILE:LINE: PATH: ...`` lines, and ``peacesim validate``/``run`` exit 0
or 1 without a Python traceback.

A mutant is a shipped scenario (scenarios/, scenarios/history/, docs/examples/) in which one
node, found by walking the parsed tree, is replaced by a value of another shape (null, a bool, a
number, text, a list, a mapping, nested garbage), deleted, or given an unknown key; or the
scenario with a ``--set PATH=VALUE`` override of such a value. The examples are derandomized, so
a run in CI is the same every time, and no example database is written.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.cli import main
from simulator.scenario import ScenarioError, ScenarioWarning, load_scenario

REPO = Path(__file__).resolve().parents[1]
SHIPPED = sorted(
    [*REPO.glob("scenarios/*.yaml"), *REPO.glob("scenarios/history/*.yaml"), *REPO.glob("docs/examples/*.yaml")]
)
TREES = {path: yaml.safe_load(path.read_text(encoding="utf-8")) for path in SHIPPED}
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 150),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["UKR", "RUS", "A", "principal", "hardliner", "single_text", "X", "agents", "0"]),
)
SHAPES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5) | st.integers(0, 100), inner, max_size=3)
    ),
    max_leaves=6,
)


def places(node: Any, path: tuple = ()) -> list[tuple]:
    """The path (a tuple of keys and indices) of every node of a parsed tree, the root excluded."""
    found = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        found.append((*path, key))
        found += places(child, (*path, key))
    return found


MAPS = {
    "position",
    "salience",
    "sources",
    "anchors",
    "ratification",
    "dates",
    "set",
    "cost_per_round",
    "aid",
    "sanctions",
}
MAPS |= {"true_capability", "belief", "power_shift", "rearmament", "issues"}  # (reference.issues is a mapping)


def by_field(paths: list[tuple]) -> dict[str, list[tuple]]:
    """Paths grouped by the field they end in (``rule.type``, ``walkout.[]``, ``position.*``), so
    that a rare field (a rule's type) is picked as often as a common one (a position)."""
    groups: dict[str, list[tuple]] = {}
    for path in paths:
        steps = [
            "[]" if isinstance(s, int) else "*" if k and path[k - 1] in MAPS else str(s) for k, s in enumerate(path)
        ]
        groups.setdefault(".".join(steps[-2:]), []).append(path)
    return groups


def parent_of(tree: Any, path: tuple) -> Any:
    for step in path[:-1]:
        tree = tree[step]
    return tree


@st.composite
def mutants(draw: st.DrawFn) -> tuple[Path, Any]:
    """A shipped scenario with one node replaced, deleted or given an unknown key."""
    source = draw(st.sampled_from(SHIPPED))
    tree = copy.deepcopy(TREES[source])
    groups = by_field(places(tree))
    path = draw(st.sampled_from(groups[draw(st.sampled_from(sorted(groups)))]))
    parent, key = parent_of(tree, path), path[-1]
    action = draw(st.sampled_from(["replace", "delete", "unknown key", "replace root"]))
    if action == "replace":
        parent[key] = draw(SHAPES)
    elif action == "delete":
        del parent[key]
    elif action == "unknown key" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=8))] = draw(SHAPES)
    elif action == "replace root":
        tree = draw(SHAPES)
    return source, tree


def override_text(path: tuple, value: Any) -> str:
    """``--set PATH=VALUE``: the path written with dots and [N], the value as JSON (which YAML reads)."""
    steps = "".join(f"[{s}]" if isinstance(s, int) and not isinstance(s, bool) else f".{s}" for s in path)
    return f"{steps.lstrip('.')}={json.dumps(value)}"


@st.composite
def overrides(draw: st.DrawFn) -> tuple[Path, str]:
    """A shipped scenario and one ``--set``: a real path with an other-shaped value, or garbage."""
    source = draw(st.sampled_from(SHIPPED))
    if draw(st.booleans()):
        return source, draw(st.text(max_size=20))
    groups = by_field(places(TREES[source]))
    path = draw(st.sampled_from(groups[draw(st.sampled_from(sorted(groups)))]))
    return source, override_text(path, draw(SHAPES))


def written(tree: Any, folder: str) -> Path:
    path = Path(folder) / "mutant.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    return path


def assert_loads_or_refuses_cleanly(path: Path, extra: tuple[str, ...] = ()) -> bool:
    """Loading either works or raises ScenarioError whose every line names its origin."""
    n_lines = len(path.read_text(encoding="utf-8").splitlines()) or 1
    file_line = re.compile(rf"{re.escape(str(path))}:(\d+): \S.*: .+|{re.escape(str(path))}:(\d+): .+", re.DOTALL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ScenarioWarning)
            load_scenario(path, extra)
    except ScenarioError as exc:
        assert exc.errors, "a ScenarioError lists at least one problem"
        for line in exc.errors:
            if line.startswith("--set "):
                assert any(line.startswith(f"--set {text}: ") for text in extra), line
                continue
            m = file_line.fullmatch(line)
            assert m, line
            assert 1 <= int(m.group(1) or m.group(2)) <= n_lines, line
        return False
    return True


def run_cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


@FUZZ
@given(mutants())
def test_a_mutant_loads_or_is_refused_with_file_line_messages(mutant):
    _, tree = mutant
    with tempfile.TemporaryDirectory() as folder:
        assert_loads_or_refuses_cleanly(written(tree, folder))


@settings(FUZZ, max_examples=25)
@given(mutants())
def test_validate_and_run_exit_0_or_1_without_a_traceback(mutant):
    _, tree = mutant
    with tempfile.TemporaryDirectory() as folder:
        path = written(tree, folder)
        code, shown = run_cli("validate", str(path))
        assert code in (0, 1) and "Traceback" not in shown
        if code == 0:
            code, shown = run_cli("run", str(path), "--format", "json")
            assert code == 0 and "Traceback" not in shown


@FUZZ
@given(overrides())
def test_an_override_of_any_shape_loads_or_is_refused_cleanly(case):
    source, text = case
    assert_loads_or_refuses_cleanly(source, (text,))
    code, shown = run_cli("validate", str(source), f"--set={text}")
    assert code in (0, 1) and "Traceback" not in shown


def test_the_shapes_named_in_issue_11_are_refused_with_a_message(write_scenario):
    """``rule: {type: []}`` and ``walkout: [{}]`` ended in ``TypeError: unhashable type``."""
    from conftest import MINIMAL, edit_line

    for line, old, new, expected in [
        (25, "{type: time_dependent, beta: 0.3}", "{type: []}", "agents[1].rule.type: unknown rule []; allowed: "),
        (46, "[UKR, RUS]", "[{}]", "conference.walkout[0]: got {}; allowed: an agent id"),
        (43, "mediator: MED", "mediator: [MED]", "conference.protocol.mediator: got ['MED']; allowed: an agent id"),
    ]:
        path = write_scenario(edit_line(MINIMAL, line, old, new))
        code, shown = run_cli("validate", str(path))
        assert code == 1 and "Traceback" not in shown
        assert f"{path}:{line}: {expected}" in shown


@FUZZ
@given(mutants())
def test_what_the_schema_refuses_the_validator_refuses(mutant):
    """The schema checks shapes and bounds only, so it may pass what the validator refuses (an
    agent id that does not exist), never the other way round."""
    from test_schema import problems

    _, tree = mutant
    if problems(tree):
        with tempfile.TemporaryDirectory() as folder:
            assert not assert_loads_or_refuses_cleanly(written(tree, folder)), problems(tree)
